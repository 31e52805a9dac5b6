import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { accentSignature, repairTokens, tokenize } from '../../src/domain/search/analyse.ts';
import { buildSearchIndex, compileColloquial, search, type TSearchIndex, type TSearchable } from '../../src/domain/search/index.ts';
import { editCandidates, buildDeleteIndex, editDistance, phoneticVariants, segment, telexCandidates } from '../../src/domain/search/typo.ts';
import { loadColloquial } from '../../src/import/read-procedures.ts';

const CATALOGUE: TSearchable[] = [
  { code: '1.001193', name: 'Thủ tục đăng ký khai sinh', field: 'Hộ tịch' },
  { code: '1.000894', name: 'Thủ tục đăng ký kết hôn', field: 'Hộ tịch' },
  { code: '1.000656', name: 'Thủ tục đăng ký khai tử', field: 'Hộ tịch' },
  { code: '2.000635', name: 'Cấp bản sao Trích lục hộ tịch, bản sao Giấy khai sinh', field: 'Hộ tịch' },
  { code: '1.012786', name: 'Cấp lại Giấy chứng nhận do bị mất', field: 'Đất đai' },
  { code: '1.012783', name: 'Cấp đổi Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất', field: 'Đất đai' },
  { code: '1.012784', name: 'Tách thửa hoặc hợp thửa đất', field: 'Đất đai' },
  { code: '1.011441', name: 'Đăng ký biện pháp bảo đảm bằng quyền sử dụng đất, tài sản gắn liền với đất', field: 'Đất đai' },
  { code: '1.013978', name: 'Đăng ký đất đai, tài sản gắn liền với đất, cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất lần đầu', field: 'Đất đai' },
  { code: '2.000815', name: 'Chứng thực bản sao từ bản chính giấy tờ, văn bản', field: 'Chứng thực' },
  { code: '1.001612', name: 'Đăng ký thành lập hộ kinh doanh', field: 'Đăng ký hộ kinh doanh' },
  { code: '1.001266', name: 'Chấm dứt hoạt động hộ kinh doanh', field: 'Đăng ký hộ kinh doanh' },
  { code: '1.014027', name: 'Thực hiện, điều chỉnh, thôi hưởng trợ cấp hưu trí xã hội', field: 'Bảo trợ xã hội' },
  { code: '1.013778', name: 'Thủ tục gia hạn thời gian quá cảnh đối với hàng hóa quá cảnh', field: 'Xuất nhập khẩu' },
  { code: '1.013703', name: 'Thành lập hội', field: 'Hội' },
  { code: '2.002039', name: 'Nhập quốc tịch Việt Namở trong nước', field: 'Tư pháp' },
  { code: '1.007916', name: 'Nộp ti ền tr ồng rừng thay thế', field: 'Nông nghiệp và Môi trường' },
  { code: '1.000479', name: 'Cấp Giấy phép hoạt động cho thuê lại lao động', field: 'Nội vụ', keywords: ['Lao động, tiền lương'] },
  { code: '9.000001', name: 'Đăng ký tạm trú', field: 'Cư trú', status: 'withdrawn' },
];

let index: TSearchIndex;
beforeAll(async () => {
  index = buildSearchIndex(CATALOGUE, { colloquial: await loadColloquial() });
});

const codes = (q: string, limit = 3) => search(index, q, { limit }).results.map((r) => r.code);
const top = (q: string) => codes(q, 1)[0];

describe('tokenisation', () => {
  it('splits syllables, folds them, and marks punctuation breaks', () => {
    const t = tokenize('Cấp, cấp lại Giấy phép (địa phương)');
    expect(t.map((x) => x.folded)).toEqual(['cap', 'cap', 'lai', 'giay', 'phep', 'dia', 'phuong']);
    expect(t.map((x) => x.breakBefore)).toEqual([false, true, false, false, false, true, false]);
  });

  it('treats decomposed input, tone placement and ký/kí alike, but keeps vowel marks apart', () => {
    expect(tokenize('Đăng Ký'.normalize('NFD')).map((x) => x.surface)).toEqual(['đăng', 'kí']);
    expect(accentSignature('hòa')).toBe(accentSignature('hoà'));
    expect(accentSignature('thời')).not.toBe(accentSignature('thôi'));
    expect(accentSignature('thời')).toBe('thơi2');
  });

  it('repairs the source glitches of PDF names before indexing', () => {
    expect(repairTokens(tokenize('Nhập quốc tịch Việt Namở trong nước')).map((x) => x.folded)).toEqual(['nhap', 'quoc', 'tich', 'viet', 'nam', 'o', 'trong', 'nuoc']);
    expect(repairTokens(tokenize('Nộp ti ền tr ồng rừng')).map((x) => x.written)).toEqual(['nộp', 'ti', 'ền', 'trồng', 'rừng']);
    expect(repairTokens(tokenize('Giấy phép liên vận ASEAN')).map((x) => x.folded)).toEqual(['giay', 'phep', 'lien', 'van', 'asean']);
  });
});

describe('typo helpers', () => {
  it('decodes telex and VNI typed with the Vietnamese keyboard off', () => {
    expect(telexCandidates('ddawng')).toContain('dang');
    expect(telexCandidates('kys')).toContain('ki');
    expect(telexCandidates('hoonf')).toContain('hon');
    expect(telexCandidates('nguwowif')).toContain('nguoi');
    expect(telexCandidates('d9a8ng')).toContain('dang');
    expect(telexCandidates('khai')).toEqual([]);
  });

  it('finds words one edit away and splits words typed together', () => {
    const vocab = new Set(['sinh', 'khai', 'dang', 'ki', 'ket', 'hon', 'tach', 'thua']);
    const deletes = buildDeleteIndex(vocab);
    const has = (w: string) => vocab.has(w);
    expect(editCandidates('sinhh', has, deletes)).toEqual(['sinh']);
    expect(editCandidates('snih', has, deletes)).toEqual(['sinh']);
    expect(editCandidates('sin', has, deletes, true)).toEqual(['sinh']);
    expect(editCandidates('tac', has, deletes, true)).toEqual(['tach']);
    expect(editDistance('khia', 'khai')).toBe(1);
    expect(editDistance('abc', 'xyz')).toBe(2);
    expect(segment('khaisinh', has)).toEqual(['khai', 'sinh']);
    expect(segment('dangkyket', has)).toEqual(['dang', 'ki', 'ket']);
    expect(segment('xyzabc', has)).toBeNull();
    expect(phoneticVariants('xao')).toContain('sao');
    expect(phoneticVariants('chuong')).toEqual(expect.arrayContaining(['truong', 'chuon']));
  });
});

describe('code look-up', () => {
  it.each(['1.001193', '#TTHC 1.001193', 'tthc1.001193', 'TTHC: 1.001193', '1.001193.000.00.00.H33', 'cho hỏi thủ tục 1.001193 cần gì ạ', '1,001193', 'mã 001193'])(
    '%s is exactly 1.001193',
    (q) => {
      const r = search(index, q);
      expect(r.confidence).toBe('exact');
      expect(r.results.map((x) => x.code)).toEqual(['1.001193']);
      expect(r.code).toEqual({ code: '1.001193', found: true, status: 'active' });
    },
  );

  it('still finds a withdrawn procedure by code, and says it is withdrawn', () => {
    expect(search(index, '#TTHC 9.000001')).toMatchObject({ confidence: 'exact', code: { code: '9.000001', found: true, status: 'withdrawn' } });
  });

  it('searches the words when the code is unknown, and says so', () => {
    const r = search(index, '1.999999 đăng ký kết hôn');
    expect(r.code).toEqual({ code: '1.999999', found: false });
    expect(r.results[0]?.code).toBe('1.000894');
    expect(search(index, '#TTHC 1.999999')).toMatchObject({ confidence: 'none', results: [], code: { found: false } });
  });
});

describe('words as citizens type them', () => {
  it('finds names with or without diacritics', () => {
    expect(top('đăng ký khai sinh')).toBe('1.001193');
    expect(top('dang ky khai sinh')).toBe('1.001193');
    expect(top('DANG KY KET HON')).toBe('1.000894');
    expect(top('tach thua')).toBe('1.012784');
  });

  it('uses the marks a citizen did type', () => {
    expect(top('thôi hưởng trợ cấp')).toBe('1.014027');
    expect(['none', 'weak']).toContain(search(index, 'thời tiết hôm nay').confidence);
  });

  it('forgives typing mistakes and says what it understood', () => {
    for (const q of ['khai sinhh', 'dang ki khai sin', 'khaisinh', 'dangky khai sinh']) expect(top(q), q).toBe('1.001193');
    for (const q of ['ddawng kys keets hoon', 'd9a8ng ky1 ke6t1 ho6n', 'dang ky ket hom']) expect(top(q), q).toBe('1.000894');
    expect(top('chung thuc ban xao')).toBe('2.000815');
    expect(top('tac thua')).toBe('1.012784');
    const r = search(index, 'dang ki khai sin');
    expect(r.didYouMean).toBe('dang ki khai sinh');
    expect(search(index, 'dang ky khai sinh').didYouMean).toBeUndefined();
  });

  it('drops chat filler but keeps words that belong to a catalogue pair', () => {
    expect(search(index, 'cho hỏi làm sao đăng ký kết hôn ạ').understood).toBe('đăng ký kết hôn');
    expect(search(index, 'cho em hỏi thủ tục thành lập hội cần gì').understood).toBe('thành lập hội');
    expect(search(index, 'giấy phép cho thuê lại lao động').understood).toBe('giấy phép cho thuê lại lao động');
    expect(search(index, 'xin chào').confidence).toBe('none');
  });

  it('understands colloquial names through the dictionary', () => {
    expect(top('mất sổ đỏ')).toBe('1.012786');
    expect(top('so hong bi mat')).toBe('1.012786');
    expect(top('đổi sổ đỏ')).toBe('1.012783');
    expect(top('thế chấp sổ đỏ')).toBe('1.011441');
    expect(top('bố tôi mất rồi')).toBe('1.000656');
    expect(top('cho hỏi làm giấy khai sinh cho con cần gì')).toBe('1.001193');
    expect(search(index, 'mất sổ đỏ').understood).toBe('cấp lại giấy chứng nhận do bị mất');
    expect(top('mở quán ăn')).toBe('1.001612');
  });

  it('expands acronyms derived from the catalogue itself', () => {
    expect(index.acronyms.get('gcn')).toEqual(['giay', 'chung', 'nhan']);
    expect(index.acronyms.get('qsdd')).toEqual(['quyen', 'su', 'dung', 'dat']);
    expect(top('cap doi gcn qsdd')).toBe('1.012783');
    expect(top('cấp đổi gcnqsdđ')).toBe('1.012783');
    expect(top('cham dut hkd')).toBe('1.001266');
  });

  it('indexes glitched names so their words are found', () => {
    expect(top('nhap quoc tich viet nam')).toBe('2.002039');
    expect(top('trồng rừng thay thế')).toBe('1.007916');
  });

  it('does not offer withdrawn procedures for free text', () => {
    expect(codes('đăng ký tạm trú', 10)).not.toContain('9.000001');
  });

  it('tells which query words each result matched', () => {
    const r = search(index, 'dang ky ket hon');
    expect(r.results[0]?.matched).toEqual(['dang', 'ky', 'ket', 'hon']);
  });
});

describe('confidence', () => {
  it('is high for a clear answer', () => {
    expect(search(index, 'đăng ký kết hôn').confidence).toBe('high');
    expect(search(index, 'tách thửa đất').confidence).toBe('high');
  });

  it('is weak for a vague or partial match, so the bot asks "Có phải bạn muốn tìm…"', () => {
    expect(search(index, 'đất đai').confidence).toBe('weak');
    // "giấy phép lái xe" is a known thing this catalogue lacks: similar words, but the pair "lái xe" is missing
    expect(search(index, 'giấy phép lái xe').confidence).not.toBe('high');
  });

  it('is none for what has nothing to do with procedures', () => {
    for (const q of ['asdfgh', 'xin chào', 'giá vàng hôm nay', '', '   ', '???', 'ok']) expect(search(index, q).confidence, q).toBe('none');
  });

  it('never throws and never exceeds the limit, whatever is typed', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), fc.integer({ min: 1, max: 8 }), (q, limit) => {
        const r = search(index, q, { limit });
        expect(['exact', 'high', 'weak', 'none']).toContain(r.confidence);
        expect(r.results.length).toBeLessThanOrEqual(limit);
      }),
      { numRuns: 300 },
    );
  });
});

describe('colloquial dictionary file', () => {
  it('compiles, and refuses a malformed file', async () => {
    const c = await loadColloquial();
    expect(c.size).toBeGreaterThan(100);
    expect(() => compileColloquial({ entries: [{ mean: 'x', say: [] }] })).toThrow();
    expect(() => compileColloquial({ entries: [{ say: ['a'] }] })).toThrow();
  });
});
