import { inflateRawSync } from 'node:zlib';

/**
 * Reading a DOCX in tests without a dependency: one entry of the ZIP (central directory, stored or deflated), and
 * the text of word/document.xml one paragraph per line.
 */
export function zipEntry(zip: Buffer, name: string): Buffer | undefined {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error('not a ZIP file');
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error('bad central directory');
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extra = zip.readUInt16LE(at + 30);
    const comment = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const entryName = zip.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    if (entryName === name) {
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(start, start + size);
      return method === 0 ? Buffer.from(data) : inflateRawSync(data);
    }
    at += 46 + nameLength + extra + comment;
  }
  return undefined;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** The text of word/document.xml: each <w:p> on its own line, runs concatenated, tabs as spaces. */
export function docxText(docx: Buffer): string {
  const xml = zipEntry(docx, 'word/document.xml')?.toString('utf8');
  if (xml === undefined) throw new Error('no word/document.xml');
  return xml
    .split(/<\/w:p>/)
    .map((p) => [...p.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:tab\/>/g)].map((m) => m[1] ?? ' ').join(''))
    .map((line) => line.replace(/&(amp|lt|gt|quot|apos);/g, (_m, e: string) => ENTITIES[e] ?? ''))
    .filter((line) => line !== '')
    .join('\n');
}

/** Each expected piece found after the previous one; the first missing piece is reported with what follows. */
export function missingInOrder(text: string, pieces: readonly string[]): string | undefined {
  let at = 0;
  for (const piece of pieces) {
    const i = text.indexOf(piece, at);
    if (i < 0) {
      const anywhere = text.indexOf(piece);
      return anywhere < 0 ? `missing: ${piece}` : `out of order: ${piece}`;
    }
    at = i + piece.length;
  }
  return undefined;
}
