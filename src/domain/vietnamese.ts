/**
 * Vietnamese text primitives shared by the router, search and importers.
 * Pure: no I/O.
 */

/** Unicode NFC, the form every stored and sent text uses. */
export function nfc(text: string): string {
  return text.normalize('NFC');
}

/**
 * Lower-cases, strips tone marks and vowel diacritics, maps đ→d, and collapses white space,
 * so that "Phản Ánh", "phan anh" and "PHẢN  ÁNH" compare equal.
 */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}
