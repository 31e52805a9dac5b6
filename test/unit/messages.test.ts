import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buttonsAsText, splitText, ZALO_TEXT_LIMIT, type TButton } from '../../src/bot/messages.ts';

/** Long answers become several Zalo messages: none over the limit, no word cut, nothing lost. */

const words = (s: string) => s.split(/\s+/).filter(Boolean);

// Vietnamese-looking words, some with punctuation, of realistic length.
const SYLLABLES = ['thủ', 'tục', 'đăng', 'ký', 'khai', 'sinh', 'hồ', 'sơ', 'cấp', 'lại', 'căn', 'cước', 'công', 'dân', 'UBND', 'phường', 'Dương', 'Đông', 'giấy', 'tờ', '1.001193', '14/06/2024', 'https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=1.001193'];
const word = fc.tuple(fc.constantFrom(...SYLLABLES), fc.constantFrom('', '', '', '.', ',', ':', '?')).map(([w, p]) => w + p);
const sep = fc.constantFrom(' ', ' ', ' ', ' ', '\n', '\n\n', '  ');
const textArb = (maxWords: number) => fc.array(fc.tuple(word, sep), { minLength: 1, maxLength: maxWords }).map((xs) => xs.map(([w, s]) => w + s).join(''));

describe('splitText', () => {
  it('a short text stays one message; an empty one is none', () => {
    expect(splitText('Xin chào')).toEqual(['Xin chào']);
    expect(splitText('  Xin chào \n')).toEqual(['Xin chào']);
    expect(splitText('   \n ')).toEqual([]);
    const exact = 'a'.repeat(ZALO_TEXT_LIMIT);
    expect(splitText(exact)).toEqual([exact]);
  });

  it('never exceeds 2000 characters and never cuts a word (property)', () => {
    fc.assert(
      fc.property(textArb(900), (text) => {
        const parts = splitText(text);
        for (const p of parts) {
          expect(p.length).toBeLessThanOrEqual(ZALO_TEXT_LIMIT);
          expect(p.length).toBeGreaterThan(0);
        }
        expect(parts.flatMap(words)).toEqual(words(text));
      }),
      { numRuns: 150 },
    );
  });

  it('the same with a small limit, where every boundary case is close (property)', () => {
    fc.assert(
      fc.property(textArb(60), fc.integer({ min: 200, max: 400 }), (text, limit) => {
        const parts = splitText(text, limit);
        for (const p of parts) expect(p.length).toBeLessThanOrEqual(limit);
        expect(parts.flatMap(words)).toEqual(words(text));
      }),
      { numRuns: 500 },
    );
  });

  it('prefers paragraph, then line, then sentence boundaries', () => {
    const para = `${'Câu một. '.repeat(120).trim()}\n\n${'Câu hai. '.repeat(120).trim()}`;
    const parts = splitText(para);
    expect(parts).toHaveLength(2);
    expect(parts[0]!.endsWith('Câu một.')).toBe(true);
    expect(parts[1]!.startsWith('Câu hai.')).toBe(true);

    const sentences = Array.from({ length: 60 }, (_, i) => `Đây là câu số ${i + 1} của hướng dẫn thủ tục.`).join(' ');
    for (const p of splitText(sentences, 500)) expect(p.endsWith('.')).toBe(true);
  });

  it('returns NFC text even from decomposed input', () => {
    const nfd = 'Đăng ký khai sinh cho trẻ em. '.repeat(100).normalize('NFD');
    const parts = splitText(nfd);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) {
      expect(p).toBe(p.normalize('NFC'));
      expect(p.length).toBeLessThanOrEqual(ZALO_TEXT_LIMIT);
    }
    expect(parts.join(' ')).toBe('Đăng ký khai sinh cho trẻ em. '.repeat(100).trim());
  });

  it('a long URL that fits a message of its own is not cut', () => {
    const url = `https://dichvucong.gov.vn/${'a'.repeat(1970)}`;
    expect(splitText(`Xem: ${url}`)).toEqual(['Xem:', url]);
  });

  it('a single "word" longer than the limit is cut (nothing else can be done), still within the limit', () => {
    const parts = splitText('x'.repeat(4500));
    expect(parts.map((p) => p.length)).toEqual([2000, 2000, 500]);
  });
});

describe('buttonsAsText', () => {
  const buttons: TButton[] = [
    { type: 'oa.query.hide', title: 'Tra cứu thủ tục', payload: 'Tra cứu thủ tục' },
    { type: 'oa.open.url', title: 'Cổng dịch vụ công', url: 'https://dichvucong.gov.vn' },
    { type: 'oa.open.phone', title: 'Gọi đường dây nóng', phone: '02973846xxx' },
  ];

  it('lists each option with what to type, the link or the number', () => {
    expect(buttonsAsText('Bạn cần hỗ trợ gì?', buttons)).toBe(
      'Bạn cần hỗ trợ gì?\n\n' +
        '1. Tra cứu thủ tục — gõ: Tra cứu thủ tục\n' +
        '2. Cổng dịch vụ công: https://dichvucong.gov.vn\n' +
        '3. Gọi đường dây nóng: 02973846xxx',
    );
  });

  it('stays within one Zalo message', () => {
    expect(buttonsAsText('a'.repeat(2500), buttons).length).toBeLessThanOrEqual(ZALO_TEXT_LIMIT);
  });
});
