import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { joinShortMessages, procedureCardMessages, searchResultsMessages, shortenTitle } from '../../src/bot/procedure-messages.ts';
import { ZOutMessage, type TOutMessage } from '../../src/bot/messages.ts';
import type { TProcedure } from '../../src/domain/procedure.ts';
import { buildSearchIndex, search, type TSearchIndex } from '../../src/domain/search/index.ts';
import { loadColloquial, loadFieldTable, readProcedureFiles } from '../../src/import/read-procedures.ts';

const DATA = resolve(import.meta.dirname, '../../../shared/data');
const CATALOGUE = resolve(DATA, 'catalog-vinhbao-2026.jsonl');
const HANDBOOK = resolve(DATA, 'procedures-vinhbao.jsonl');

let procedures: TProcedure[];
let index: TSearchIndex;
beforeAll(async () => {
  if (!existsSync(CATALOGUE) || !existsSync(HANDBOOK)) throw new Error(`Real catalogue data missing in ${DATA}`);
  procedures = (await readProcedureFiles([CATALOGUE, HANDBOOK], { fields: await loadFieldTable() })).procedures;
  index = buildSearchIndex(procedures, { colloquial: await loadColloquial() });
});

const textOf = (m: TOutMessage) => (m.kind === 'text' || m.kind === 'buttons' ? m.text : '');
const byCode = (code: string) => procedures.find((p) => p.code === code) as TProcedure;

/** Every message is a valid Zalo message: ≤ 2,000 characters, NFC, button titles ≤ 100. */
function expectSendable(messages: TOutMessage[]): void {
  expect(messages.length).toBeGreaterThan(0);
  for (const m of messages) {
    expect(ZOutMessage.parse(m)).toEqual(m);
    const text = textOf(m);
    expect(text.length).toBeLessThanOrEqual(2000);
    expect(text).toBe(text.normalize('NFC'));
    expect(text.trim()).toBe(text);
    if (m.kind === 'buttons') for (const b of m.buttons) expect(b.title.normalize('NFC')).toBe(b.title);
  }
}

function synthetic(over: Partial<TProcedure> = {}): TProcedure {
  return {
    code: '1.000001', name: 'Thủ tục cấp giấy thử nghiệm', aliases: [], field: 'Thử nghiệm', sector: null, authority: 'commune',
    channels: [], documents: [], steps: [], legalBasis: [], interconnected: false, boundaryFree: false, status: 'active',
    keywords: [], sources: [{ kind: 'table' }], ...over,
  };
}

describe('shortenTitle', () => {
  it('drops the "Thủ tục" prefix and keeps short names whole', () => {
    expect(shortenTitle('Thủ tục đăng ký khai sinh')).toBe('Đăng ký khai sinh');
    expect(shortenTitle('Cấp giấy phép xuất bản bản tin (địa phương)')).toBe('Cấp giấy phép xuất bản bản tin (địa phương)');
  });

  it('shortens every real name to ≤ 100 characters at a word boundary, never ending on a dangling word', () => {
    const words = new Set(procedures.flatMap((p) => p.name.normalize('NFC').split(/\s+/)));
    for (const p of procedures) {
      const t = shortenTitle(p.name);
      expect(t.length).toBeLessThanOrEqual(100);
      expect(t.length).toBeGreaterThan(10);
      if (t.endsWith('…')) {
        const last = t.slice(0, -1).split(' ').at(-1) as string;
        expect(words.has(last) || words.has(`${last},`) || /^[\p{L}\d]+$/u.test(last)).toBe(true);
        expect(['và', 'của', 'cho', 'với', 'đối', 'theo', 'tại']).not.toContain(last.toLowerCase());
      }
    }
    const longest = [...procedures].sort((a, b) => b.name.length - a.name.length)[0] as TProcedure;
    expect(longest.name.length).toBeGreaterThan(500);
    expect(shortenTitle(longest.name)).toMatch(/^Giao đất ở có thu tiền sử dụng đất.*…$/);
  });

  it('falls back to removing parenthetical remarks before cutting', () => {
    const name = `Cấp giấy phép hoạt động dịch vụ ${'rất '.repeat(14)}dài (trường hợp đặc biệt theo quy định)`;
    expect(shortenTitle(name)).toBe(`Cấp giấy phép hoạt động dịch vụ ${'rất '.repeat(14)}dài`);
  });
});

describe('searchResultsMessages', () => {
  it('high confidence: the best 3–5 procedures as #TTHC buttons', () => {
    const messages = searchResultsMessages(search(index, 'cho hỏi làm giấy khai sinh cho con cần gì'));
    expectSendable(messages);
    expect(messages).toHaveLength(1);
    const m = messages[0] as Extract<TOutMessage, { kind: 'buttons' }>;
    expect(m.kind).toBe('buttons');
    expect(m.buttons.length).toBeGreaterThanOrEqual(3);
    expect(m.buttons.length).toBeLessThanOrEqual(5);
    expect(m.buttons[0]).toEqual({ type: 'oa.query.hide', title: 'Đăng ký khai sinh', payload: '#TTHC 1.001193' });
    for (const b of m.buttons) expect(b.type === 'oa.query.hide' && /^#TTHC \d\.\d{6}$/.test(b.payload)).toBe(true);
    expect(m.text).toContain('Bạn bấm vào thủ tục cần xem');
  });

  it('weak confidence asks "Có phải bạn muốn tìm…"', () => {
    const r = search(index, 'giấy phép');
    expect(r.confidence).toBe('weak');
    const messages = searchResultsMessages(r);
    expectSendable(messages);
    expect(textOf(messages[0] as TOutMessage)).toMatch(/^Có phải bạn muốn tìm/);
    expect((messages[0] as Extract<TOutMessage, { kind: 'buttons' }>).buttons.length).toBeGreaterThanOrEqual(3);
  });

  it('nothing found: the citizen\'s words quoted back, hints, and a button to reach an officer', () => {
    const r = search(index, 'thời tiết hôm nay');
    expect(r.confidence).toBe('none');
    const messages = searchResultsMessages(r, { query: 'thời tiết hôm nay' });
    expectSendable(messages);
    const m = messages[0] as Extract<TOutMessage, { kind: 'buttons' }>;
    expect(m.text).toContain('chưa tìm thấy thủ tục phù hợp với “thời tiết hôm nay”');
    expect(m.text).toContain('1.001193');
    expect(m.buttons).toEqual([{ type: 'oa.query.hide', title: 'Gặp cán bộ', payload: 'Gặp cán bộ' }]);
  });

  it('an unknown code says the catalogue lacks it', () => {
    const messages = searchResultsMessages(search(index, '#TTHC 1.999999'));
    expectSendable(messages);
    expect(textOf(messages[0] as TOutMessage)).toContain('không có thủ tục mã 1.999999');
  });

  it('shows a correction only in the catalogue\'s spelling', () => {
    const r = search(index, 'dang ki khai sinhh');
    const text = textOf(searchResultsMessages(r)[0] as TOutMessage);
    if (r.didYouMean && /[à-ỹđ]/i.test(r.didYouMean)) expect(text).toContain(r.didYouMean);
    else expect(text).not.toContain('Tôi hiểu bạn muốn tìm');
  });

  it('an exact code gives that procedure', () => {
    const messages = searchResultsMessages(search(index, '1.001193.000.00.00.H33'));
    expectSendable(messages);
    expect((messages[0] as Extract<TOutMessage, { kind: 'buttons' }>).buttons).toEqual([{ type: 'oa.query.hide', title: 'Đăng ký khai sinh', payload: '#TTHC 1.001193' }]);
  });
});

describe('procedureCardMessages', () => {
  it('the real birth registration card: who decides, where, time, fee, documents, online button', () => {
    const messages = procedureCardMessages(byCode('1.001193'));
    expectSendable(messages);
    const first = textOf(messages[0] as TOutMessage);
    expect(first).toContain('Thủ tục đăng ký khai sinh');
    expect(first).toContain('Mã thủ tục: 1.001193');
    expect(first).toContain('Cơ quan giải quyết: Ủy ban nhân dân cấp xã');
    expect(first).toContain('Nơi nộp hồ sơ: Điểm tiếp nhận cấp xã');
    expect(first).toContain('Thời hạn giải quyết: 1 ngày');
    expect(first).toContain('Phí, lệ phí: Miễn phí');
    const all = messages.map(textOf).join('\n');
    expect(all).toMatch(/Hồ sơ cần chuẩn bị \(\d+ loại giấy tờ\):/);
    expect(all).toMatch(/^1\. .*\(1 bản chính\)$/m);
    expect(all).toContain('Lưu ý khi chuẩn bị hồ sơ:');
    const last = messages.at(-1) as Extract<TOutMessage, { kind: 'buttons' }>;
    expect(last.kind).toBe('buttons');
    expect(last.buttons[0]).toMatchObject({ type: 'oa.open.url', title: 'Nộp hồ sơ trực tuyến' });
    expect((last.buttons[0] as { url: string }).url).toMatch(/^https:\/\/dichvucong\.gov\.vn\//);
  });

  it('every real procedure gives sendable messages', () => {
    for (const p of procedures) expectSendable(procedureCardMessages(p));
  });

  it('short parts travel together: most real cards are one message, and nothing is lost in joining', () => {
    const mean = procedures.reduce((s, p) => s + procedureCardMessages(p).length, 0) / procedures.length;
    expect(mean).toBeLessThan(1.5);
    const parts: TOutMessage[] = [{ kind: 'text', text: 'a' }, { kind: 'text', text: 'b' }, { kind: 'text', text: 'x'.repeat(1999) }, { kind: 'buttons', text: 'c', buttons: [{ type: 'oa.query.hide', title: 'Gặp cán bộ', payload: 'Gặp cán bộ' }] }];
    expect(joinShortMessages(parts).map((m) => ('text' in m ? m.text : ''))).toEqual(['a\n\nb', 'x'.repeat(1999), 'c']);
  });

  it('30 long documents: several messages, each ≤ 2,000 characters and NFC, every document once and in order', () => {
    // Written decomposed (NFD) on purpose: what goes out must be NFC whatever came in.
    const documents = Array.from({ length: 30 }, (_, i) => ({
      name: `- Bản sao giấy tờ chứng minh quyền sở hữu số ${i + 1} của người đề nghị cấp giấy chứng nhận, có xác nhận của Ủy ban nhân dân cấp xã nơi cư trú, kèm theo bản đồ hiện trạng thửa đất và các giấy tờ liên quan đến việc chuyển nhượng, thừa kế, tặng cho quyền sử dụng đất`.normalize('NFD'),
      quantity: i % 2 ? '1 bản chính' : '1 bản chính, 1 bản sao',
    }));
    const messages = procedureCardMessages(synthetic({ name: 'Thủ tục cấp giấy chứng nhận thử nghiệm'.normalize('NFD'), documents, processingTime: '15 ngày làm việc', fee: '100.000 đồng' }));
    expectSendable(messages);
    const docMessages = messages.filter((m) => textOf(m).startsWith('Hồ sơ cần chuẩn bị'));
    expect(docMessages.length).toBeGreaterThanOrEqual(3);
    expect(textOf(docMessages[0] as TOutMessage)).toMatch(/^Hồ sơ cần chuẩn bị \(30 loại giấy tờ\):/);
    expect(textOf(docMessages[1] as TOutMessage)).toMatch(/^Hồ sơ cần chuẩn bị \(tiếp theo\):/);
    const numbers = docMessages.flatMap((m) => [...textOf(m).matchAll(/^(\d+)\. Bản sao giấy tờ chứng minh quyền sở hữu số (\d+) .*\((1 bản chính(?:, 1 bản sao)?)\)$/gm)]);
    expect(numbers.map((m) => Number(m[1]))).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(numbers.every((m) => m[1] === m[2])).toBe(true);
  });

  it('a missing field says whom to ask, never a blank', () => {
    const messages = procedureCardMessages(synthetic());
    expectSendable(messages);
    const text = messages.map(textOf).join('\n');
    expect(text).toContain('Thời hạn giải quyết: chưa có thông tin — vui lòng hỏi cán bộ tại Bộ phận một cửa');
    expect(text).toContain('Phí, lệ phí: chưa có thông tin — vui lòng hỏi cán bộ tại Bộ phận một cửa');
    expect(text).toContain('Nơi nộp hồ sơ: chưa có thông tin — vui lòng hỏi cán bộ tại Bộ phận một cửa');
    expect(text).toContain('Hồ sơ cần chuẩn bị: chưa có thông tin — vui lòng hỏi cán bộ tại Bộ phận một cửa');
    expect(text).not.toMatch(/:\s*$/m);
    expect(text).not.toMatch(/undefined|null/);
    const last = messages.at(-1) as Extract<TOutMessage, { kind: 'buttons' }>;
    expect(last.buttons).toEqual([{ type: 'oa.query.hide', title: 'Gặp cán bộ', payload: 'Gặp cán bộ' }]);
    expect(last.text).toContain('chưa có đường dẫn nộp trực tuyến');
    expect(procedureCardMessages(synthetic(), { askWhom: 'cán bộ UBND phường Dương Đông' }).map(textOf).join('\n')).toContain('vui lòng hỏi cán bộ UBND phường Dương Đông');
  });

  it('time and fee per channel when the channels differ', () => {
    const text = procedureCardMessages(synthetic({
      channels: [{ channel: 'counter', time: '5 ngày làm việc', fee: '50.000 đồng' }, { channel: 'online', time: '5 ngày làm việc', fee: '25.000 đồng' }],
    })).map(textOf).join('\n');
    expect(text).toContain('• Nộp trực tiếp: 5 ngày làm việc; phí, lệ phí: 50.000 đồng');
    expect(text).toContain('• Nộp trực tuyến: 5 ngày làm việc; phí, lệ phí: 25.000 đồng');
  });

  it('a withdrawn procedure says so and offers no online filing', () => {
    const messages = procedureCardMessages({ ...byCode('1.001193'), status: 'withdrawn' });
    expectSendable(messages);
    expect(textOf(messages[0] as TOutMessage)).toContain('đã bị bãi bỏ');
    expect(messages.flatMap((m) => (m.kind === 'buttons' ? m.buttons : [])).some((b) => b.type === 'oa.open.url')).toBe(false);
  });
});

describe('search buttons of look-alike names', () => {
  it('two names that shorten alike are told apart by their codes', () => {
    const twins = procedures.filter((p) => p.name.startsWith('Giải quyết chế độ, chính sách cho người tham gia lực lượng tham gia bảo vệ an ninh'));
    expect(twins.length).toBeGreaterThanOrEqual(2);
    const messages = searchResultsMessages({
      results: twins.map((p, i) => ({ code: p.code, name: p.name, field: p.field, score: 10 - i })),
      confidence: 'high',
      understood: 'bảo vệ an ninh trật tự',
    });
    expectSendable(messages);
    const titles = (messages[0] as Extract<TOutMessage, { kind: 'buttons' }>).buttons.map((b) => b.title);
    expect(new Set(titles).size).toBe(titles.length);
    twins.forEach((p, i) => expect(titles[i]).toContain(`(${p.code})`));
  });
});
