/**
 * Vietnamese text primitives shared by the router, search and importers.
 * Pure: no I/O.
 */

/** Unicode NFC, the form every stored and sent text uses. */
export function nfc(text: string): string {
  return text.normalize('NFC');
}

// Lone UTF-16 surrogates (from a JSON "\ud800" escape): not text; U+FFFD like any invalid UTF-8 byte.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// Control characters except tab and line breaks (NUL cannot even be stored by PostgreSQL; ESC moves terminals),
// and the invisible format characters (zero-width space, BOM, soft hyphen, bidirectional overrides that make
// "cccd\u202Efdp.exe" read "cccdexe.pdf"). ZWNJ and ZWJ stay: emoji sequences need them.
// eslint-disable-next-line no-control-regex -- control characters are what this removes
const UNSTORABLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]|(?![\u200C\u200D])\p{Cf}/gu;

/**
 * Text as the product stores it, whatever came in (a webhook, an import cell, an API body): NFC, well-formed, no
 * control characters but tab and line breaks, no invisible format characters. Never throws.
 */
export function cleanText(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD').replace(UNSTORABLE, '').normalize('NFC');
}

/**
 * Cyrillic and Greek letters drawn like Latin ones ("Рhản аnh" typed on a foreign layout, or on purpose). Vietnamese
 * never uses these scripts, so for matching they are read as the Latin letter they look like (UTS #39 skeletons,
 * restricted to the letters of the Latin alphabet). Stored text is never rewritten with it.
 */
const CONFUSABLES: Record<string, string> = {
  а: 'a', в: 'b', е: 'e', ё: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x', і: 'i', ї: 'i',
  ј: 'j', ѕ: 's', ԁ: 'd', һ: 'h', ԛ: 'q', ԝ: 'w', ӏ: 'l', ɡ: 'g',
  А: 'A', В: 'B', Е: 'E', Ё: 'E', К: 'K', М: 'M', Н: 'H', О: 'O', Р: 'P', С: 'C', Т: 'T', У: 'Y', Х: 'X', І: 'I',
  Ї: 'I', Ј: 'J', Ѕ: 'S', Ԁ: 'D', Һ: 'H', Ԛ: 'Q', Ԝ: 'W', Ӏ: 'I',
  // Icelandic eth, which old font conversions put for the Vietnamese đ.
  Ð: 'Đ', ð: 'đ',
  α: 'a', β: 'b', ε: 'e', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x', γ: 'y',
  Α: 'A', Β: 'B', Ε: 'E', Ζ: 'Z', Η: 'H', Ι: 'I', Κ: 'K', Μ: 'M', Ν: 'N', Ο: 'O', Ρ: 'P', Τ: 'T', Υ: 'Y', Χ: 'X',
};
const CONFUSABLE = new RegExp(`[${Object.keys(CONFUSABLES).join('')}]`, 'gu');
const INVISIBLE = /\p{Cf}/gu;

/**
 * Text for matching (search, commands, headers): cleanText, compatibility forms unified (full-width "ＰＡ" is "PA"),
 * every invisible character removed, Cyrillic and Greek look-alikes read as Latin. NFC; never throws.
 */
export function matchText(text: string): string {
  return cleanText(text).normalize('NFKC').replace(INVISIBLE, '').replace(CONFUSABLE, (c) => CONFUSABLES[c] ?? c).normalize('NFC');
}

/**
 * Lower-cases, strips tone marks and vowel diacritics, maps đ→d, and collapses white space,
 * so that "Phản Ánh", "phan anh" and "PHẢN  ÁNH" compare equal (and "Рhản аnh" with Cyrillic letters too).
 */
export function fold(text: string): string {
  return matchText(text)
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    // Again once the marks are gone: "ἀ" is a look-alike only without its breathing mark.
    .replace(CONFUSABLE, (c) => CONFUSABLES[c] ?? c)
    .replace(/[đĐ]/g, 'd')
    .replace(/\s+/g, ' ')
    .trim()
    .normalize('NFC');
}

/** NFC lower case with white space collapsed: keeps diacritics, drops only case. */
export function lowerVi(text: string): string {
  return nfc(text).toLocaleLowerCase('vi').replace(/\s+/g, ' ').trim();
}

/** True when the text carries any Vietnamese diacritic (tone, vowel mark or đ). */
export function hasDiacritics(text: string): boolean {
  return /[\u0300-\u036fđĐ]/.test(text.normalize('NFD'));
}

/**
 * "BÁO CHÍ" → "Báo chí", "XUẤT CẢNH, NHẬP CẢNH" → "Xuất cảnh, nhập cảnh": Vietnamese administrative names are
 * written in sentence case. Vowel-less upper-case tokens (LPG, CFS) are acronyms and kept as they are.
 */
export function sentenceCaseVi(text: string): string {
  const words = nfc(text).replace(/\s+/g, ' ').trim().split(' ');
  const out = words.map((w) => (isAcronym(w) ? w : w.toLocaleLowerCase('vi')));
  const first = out[0];
  if (first !== undefined && first.length > 0) {
    out[0] = first.charAt(0).toLocaleUpperCase('vi') + first.slice(1);
  }
  return out.join(' ');
}

function isAcronym(word: string): boolean {
  const letters = word.replace(/[^\p{L}]/gu, '');
  return letters.length >= 2 && letters === letters.toUpperCase() && !/[aeiouy]/.test(fold(letters));
}

const ONSETS = '(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|g|h|k|l|m|n|p|r|s|t|v|x)?';
// Rhymes of Vietnamese written syllables, tone and vowel marks removed (so "ương" is "uong").
const RHYMES = [
  'a', 'ac', 'ach', 'ai', 'am', 'an', 'ang', 'anh', 'ao', 'ap', 'at', 'au', 'ay',
  'e', 'ec', 'em', 'en', 'eng', 'eo', 'ep', 'et', 'eu',
  'i', 'ia', 'ich', 'iec', 'iem', 'ien', 'ieng', 'iep', 'iet', 'ieu', 'im', 'in', 'inh', 'ip', 'it', 'iu',
  'o', 'oa', 'oac', 'oach', 'oai', 'oam', 'oan', 'oang', 'oanh', 'oao', 'oap', 'oat', 'oay', 'oc', 'oe', 'oen',
  'oeo', 'oet', 'oi', 'om', 'on', 'ong', 'ooc', 'oong', 'op', 'ot',
  'u', 'ua', 'uan', 'uang', 'uat', 'uay', 'uc', 'ue', 'uech', 'uen', 'uenh', 'uet', 'ui', 'um', 'un', 'ung', 'uo',
  'uoc', 'uoi', 'uom', 'uon', 'uong', 'uop', 'uot', 'uou', 'up', 'ut', 'uu', 'uy', 'uya', 'uych', 'uyen', 'uyet',
  'uynh', 'uyt', 'uyu',
  'y', 'yen', 'yet', 'yeu',
];
const SYLLABLE_RE = new RegExp(`^${ONSETS}(?:${RHYMES.sort((a, b) => b.length - a.length).join('|')})$`);

/**
 * Whether a folded token (see `fold`) has the shape of a Vietnamese syllable: onset + rhyme. "sinh", "chao" and
 * "sin" pass; "sinhh", "ddawng", "asdfgh", "khaisinh" do not. Used to tell real words from typing mistakes.
 */
export function isFoldedSyllable(token: string): boolean {
  return token.length > 0 && token.length <= 7 && SYLLABLE_RE.test(token);
}

/**
 * Spelling variants of the same syllable: "ký/kí", "lý/lí", "mỹ/mĩ", "kỳ/kì" — final y after a consonant is
 * written either way. Maps the y-form to the i-form, keeping the tone mark. Works on lower-case NFC words.
 */
export function unifyIY(word: string): string {
  const m = /^(b|d|đ|h|k|l|m|n|s|t|v)([yýỳỷỹỵ])$/.exec(word);
  if (!m) return word;
  const iForm: Record<string, string> = { y: 'i', ý: 'í', ỳ: 'ì', ỷ: 'ỉ', ỹ: 'ĩ', ỵ: 'ị' };
  return `${m[1]}${iForm[m[2] as string] ?? 'i'}`;
}
