import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildFieldTable,
  computeCatalogueFigures,
  EMPTY_FIELD_TABLE,
  formatImportIssue,
  mapCatalogueRecord,
  mapHandbookRecord,
  mapProcedureRow,
  mergeProcedureLists,
  normaliseFieldName,
  parseAuthority,
  parseBooleanVi,
  parseChannel,
  parseOnlineLevel,
  parseUrl,
  planCatalogueImport,
  receptionFromLevelText,
  splitListCell,
  summariseByChannel,
  type TFieldTable,
} from '../../src/domain/catalogue/index.ts';
import { findProcedureCode, normaliseProcedureCode, ZProcedure, type TProcedure } from '../../src/domain/procedure.ts';
import { loadFieldTable, readProcedureFiles, readProcedures } from '../../src/import/read-procedures.ts';

const DATA = resolve(import.meta.dirname, '../../../shared/data');
const CATALOGUE = resolve(DATA, 'catalog-vinhbao-2026.jsonl');
const HANDBOOK = resolve(DATA, 'procedures-vinhbao.jsonl');
const FIXTURES = resolve(import.meta.dirname, '../fixtures/catalogue');

let fields: TFieldTable;
beforeAll(async () => {
  fields = await loadFieldTable();
});

describe('procedure codes', () => {
  it.each([
    ['1.001193', '1.001193'],
    ['1.001193.000.00.00.H33', '1.001193'],
    ['#TTHC 1.001193', '1.001193'],
    ['tthc1.001193', '1.001193'],
    ['cho hỏi thủ tục 1.004873 cần gì', '1.004873'],
    ['1,001193', '1.001193'],
    ['3.000722', '3.000722'],
    ['số 0912.345678', null],
    ['1.0011', null],
    ['ngày 12.06.2024', null],
  ])('%s → %s', (text, code) => {
    expect(normaliseProcedureCode(text)).toBe(code);
  });

  it('reports the matched span with its prefix so the rest of a message can be searched', () => {
    expect(findProcedureCode('xem #TTHC 2.000815.000.00.00.H33 giúp em')).toEqual({ code: '2.000815', matched: '#TTHC 2.000815.000.00.00.H33', index: 4 });
  });
});

describe('field → sector table', () => {
  it('gives the configured spelling and sector, case and diacritics ignored', () => {
    expect(fields.resolve('BÁO CHÍ')).toEqual({ field: 'Báo chí', sector: 'Thông tin và Truyền thông' });
    expect(fields.resolve('ĐẤT ĐAI')).toEqual({ field: 'Đất đai', sector: 'Tài nguyên và Môi trường' });
    expect(fields.resolve('Quản lý nhà nước về hội, quỹ')).toEqual({ field: 'Hội', sector: 'Nội vụ' });
    expect(fields.resolve('van hoa')).toEqual({ field: 'Văn hóa', sector: 'Văn hóa, Thể thao và Du lịch' });
    expect(fields.resolve('BẢO TRỢ XÃ HỘI').sector).toBe('Lao động - Thương binh và Xã hội');
  });

  it('re-cases an unknown field and leaves its sector empty', () => {
    expect(fields.resolve('NGHỆ THUẬT BIỂU DIỄN ĐƯỜNG PHỐ')).toEqual({ field: 'Nghệ thuật biểu diễn đường phố', sector: null });
    expect(normaliseFieldName('XUẤT CẢNH, NHẬP CẢNH')).toBe('Xuất cảnh, nhập cảnh');
    expect(normaliseFieldName('KINH DOANH LPG')).toBe('Kinh doanh LPG');
    expect(normaliseFieldName('hộ tịch')).toBe('Hộ tịch');
    expect(normaliseFieldName('Thành lập và hoạt động doanh nghiệp (hộ kinh doanh)')).toBe('Thành lập và hoạt động doanh nghiệp (hộ kinh doanh)');
  });

  it('refuses a malformed table and a field given two sectors', () => {
    expect(() => buildFieldTable({ sectors: [{ fields: [] }] })).toThrow();
    expect(() =>
      buildFieldTable({ sectors: [{ sector: 'A', fields: [{ field: 'Hộ tịch' }] }, { sector: 'B', fields: [{ field: 'HO TICH' }] }] }),
    ).toThrow(/hai dòng/);
  });
});

describe('cell values', () => {
  it('reads booleans as officers type them', () => {
    for (const v of ['x', 'X', 'có', 'Co', '1', 'true', 'TRUE', true, 1]) expect(parseBooleanVi(v)).toEqual({ ok: true, value: true });
    for (const v of ['', ' ', 'không', 'khong', '0', 'false', false, 0, null, undefined]) expect(parseBooleanVi(v)).toEqual({ ok: true, value: false });
    expect(parseBooleanVi('maybe')).toMatchObject({ ok: false, reason: expect.stringContaining('không phải giá trị có/không') });
  });

  it.each([
    ['province', 'province'],
    ['tỉnh', 'province'],
    ['Cấp tỉnh - tiếp nhận tại Trung tâm PVHCC cấp xã', 'province'],
    ['huyện/thành phố', 'district'],
    ['Thành phố', 'district'],
    ['thị xã', 'district'],
    ['Xã / điểm tiếp nhận cấp xã', 'commune'],
    ['Xã', 'commune'],
    ['xã/phường', 'commune'],
    ['Đặc khu', 'commune'],
    ['ngành dọc', 'vertical'],
    ['Thành phố trực thuộc trung ương', 'province'],
  ])('authority %s → %s', (text, authority) => {
    expect(parseAuthority(text)).toEqual({ ok: true, value: authority });
  });

  it('explains an authority it cannot read', () => {
    expect(parseAuthority('')).toEqual({ ok: false, reason: 'thiếu cấp thẩm quyền' });
    expect(parseAuthority('Bộ phận một cửa')).toMatchObject({ ok: false });
  });

  it('finds where a procedure is received', () => {
    expect(receptionFromLevelText('Cấp tỉnh - tiếp nhận tại Trung tâm PVHCC cấp xã')).toBe('Trung tâm Phục vụ hành chính công cấp xã');
    expect(receptionFromLevelText('Xã / điểm tiếp nhận cấp xã')).toBe('Điểm tiếp nhận cấp xã');
    expect(receptionFromLevelText('Xã')).toBeUndefined();
  });

  it('reads online levels and channels', () => {
    expect(parseOnlineLevel('Toàn trình')).toEqual({ ok: true, value: 'full' });
    expect(parseOnlineLevel('MỘT PHẦN')).toEqual({ ok: true, value: 'partial' });
    expect(parseOnlineLevel('không')).toEqual({ ok: true, value: 'none' });
    expect(parseOnlineLevel('')).toEqual({ ok: true, value: undefined });
    expect(parseOnlineLevel('mức 9')).toMatchObject({ ok: false });
    expect(parseChannel('Trực tiếp')).toEqual({ ok: true, value: 'counter' });
    expect(parseChannel('Trực tuyến')).toEqual({ ok: true, value: 'online' });
    expect(parseChannel('Qua bưu điện')).toEqual({ ok: true, value: 'postal' });
    expect(parseChannel('bưu chính công ích')).toEqual({ ok: true, value: 'postal' });
  });

  it('summarises per-channel values for the card', () => {
    const same = [
      { channel: 'online' as const, time: '1 ngày', fee: 'Miễn phí' },
      { channel: 'counter' as const, time: '1 ngày', fee: 'Miễn phí' },
    ];
    expect(summariseByChannel(same, (c) => c.time)).toBe('1 ngày');
    const differ = [
      { channel: 'counter' as const, time: '5 ngày' },
      { channel: 'online' as const, time: '3 ngày' },
      { channel: 'postal' as const, time: 'Không xác định' },
    ];
    expect(summariseByChannel(differ, (c) => c.time)).toBe('Trực tiếp: 5 ngày; Trực tuyến: 3 ngày');
    expect(summariseByChannel([{ channel: 'counter', time: 'Không xác định' }], (c) => c.time)).toBeUndefined();
  });

  it('splits list cells and encodes links', () => {
    expect(splitListCell('Tờ khai | Giấy chứng sinh |  | Bản sao CCCD')).toEqual(['Tờ khai', 'Giấy chứng sinh', 'Bản sao CCCD']);
    expect(splitListCell('Phí, lệ phí|không tách')).toEqual(['Phí, lệ phí|không tách']);
    expect(parseUrl('https://dichvucong.gov.vn/p?keyword=Thủ%20tục khai sinh')).toEqual({
      ok: true,
      value: 'https://dichvucong.gov.vn/p?keyword=Th%E1%BB%A7%20t%E1%BB%A5c%20khai%20sinh',
    });
    expect(parseUrl('dichvucong.gov.vn')).toMatchObject({ ok: false });
    expect(parseUrl('javascript:alert(1)')).toMatchObject({ ok: false });
  });
});

const CATALOGUE_LINE = {
  stt: 1,
  ma: '1.009374',
  ten: 'Cấp giấy phép xuất bản bản tin (địa phương)',
  linhVuc: 'BÁO CHÍ',
  cap: 'Cấp tỉnh - tiếp nhận tại Trung tâm PVHCC cấp xã',
  nhanh: false,
  mienPhiTrucTuyen: false,
  phiDiaGioi: true,
  lienThong: false,
  phi: '',
  phiOnline: '',
  thoiHan: '15 ngày làm việc',
  dvctt: '',
  coQuan: '',
  quyetDinh: '3523/QĐ-UBND',
  status: 'active',
  nopHoSoUrl: 'https://dichvucong.gov.vn/tim-kiem-thu-tuc-hanh-chinh?keyword=1.009374',
};

describe('catalogue record (catalog-vinhbao-2026.jsonl shape)', () => {
  it('maps every key it knows', () => {
    const r = mapCatalogueRecord(CATALOGUE_LINE, { line: 1, file: 'c.jsonl', fields: EMPTY_FIELD_TABLE });
    expect(r).toEqual({
      ok: true,
      procedure: {
        code: '1.009374',
        name: 'Cấp giấy phép xuất bản bản tin (địa phương)',
        aliases: [],
        field: 'Báo chí',
        sector: null,
        authority: 'province',
        receptionPoint: 'Trung tâm Phục vụ hành chính công cấp xã',
        processingTime: '15 ngày làm việc',
        channels: [],
        documents: [],
        steps: [],
        legalBasis: [],
        onlineUrl: 'https://dichvucong.gov.vn/tim-kiem-thu-tuc-hanh-chinh?keyword=1.009374',
        interconnected: false,
        boundaryFree: true,
        status: 'active',
        keywords: [],
        sources: [{ kind: 'catalogue', file: 'c.jsonl', line: 1, seq: 1, decision: '3523/QĐ-UBND' }],
      },
    });
  });

  it('reports each bad cell with line, column and a Vietnamese reason', () => {
    const r = mapCatalogueRecord({ ...CATALOGUE_LINE, ma: '', cap: 'Bộ', lienThong: 'có lẽ', status: 'draft' }, { line: 12, fields });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map(formatImportIssue)).toEqual([
      'Dòng 12, cột mã thủ tục: thiếu mã thủ tục',
      'Dòng 12, cột cấp thẩm quyền: "Bộ" không phải cấp thẩm quyền (tỉnh, huyện, xã, ngành dọc)',
      'Dòng 12, cột liên thông: "có lẽ" không phải giá trị có/không (dùng có/không, x/để trống, 1/0, true/false)',
      'Dòng 12, cột trạng thái: "draft" không phải trạng thái (active, withdrawn)',
    ]);
    const bad = mapCatalogueRecord({ ...CATALOGUE_LINE, ma: '1.0093' }, { line: 3, fields });
    expect(bad.ok ? [] : bad.issues.map(formatImportIssue)).toEqual(['Dòng 3, cột mã thủ tục: "1.0093" không phải mã thủ tục (dạng 1.001193)']);
  });

  it('keeps a withdrawn procedure as withdrawn', () => {
    const r = mapCatalogueRecord({ ...CATALOGUE_LINE, status: 'withdrawn' }, { line: 1, fields });
    expect(r.ok && r.procedure.status).toBe('withdrawn');
  });
});

const HANDBOOK_LINE = {
  code: '1.001193',
  name: 'Thủ tục đăng ký khai sinh',
  field: 'Hộ tịch',
  group: 'Tư pháp - Hộ tịch',
  online_level: 'Toàn trình',
  online_url: 'https://dichvucong.gov.vn/p/home/dvc-tim-kiem-thu-tuc-hanh-chinh.html?keyword=Thủ%20tục%20đăng%20ký%20khai%20sinh',
  channels: [
    { channel: 'Trực tuyến', time: '1 ngày', fee: 'Miễn phí' },
    { channel: 'Trực tiếp', time: '1 ngày', fee: 'Miễn phí' },
  ],
  documents: [{ name: 'Tờ khai đăng ký khai sinh', quantity: '1 bản chính', form: 'Mus07.docx', case: 'Trường hợp 1: * Giấy tờ phải nộp:' }],
  steps: ['- Bước 1: nộp hồ sơ', '- Bước 2: nhận kết quả'],
  legal: ['Luật Hộ tịch (60/2014/QH13)'],
};

describe('handbook record (procedures-vinhbao.jsonl shape)', () => {
  it('maps detail: channels, documents, steps, legal basis, summary time and fee', () => {
    const r = mapHandbookRecord(HANDBOOK_LINE, { line: 29, fields });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.procedure).toMatchObject({
      code: '1.001193',
      field: 'Hộ tịch',
      sector: 'Tư pháp',
      group: 'Tư pháp - Hộ tịch',
      authority: 'commune',
      onlineLevel: 'full',
      processingTime: '1 ngày',
      fee: 'Miễn phí',
      channels: [
        { channel: 'online', time: '1 ngày', fee: 'Miễn phí' },
        { channel: 'counter', time: '1 ngày', fee: 'Miễn phí' },
      ],
      documents: [HANDBOOK_LINE.documents[0]],
      steps: HANDBOOK_LINE.steps,
      legalBasis: HANDBOOK_LINE.legal,
      sources: [{ kind: 'handbook', line: 29 }],
    });
    expect(r.procedure.onlineUrl).toMatch(/^https:\/\/dichvucong\.gov\.vn\/.*keyword=Th%E1%BB%A7/);
  });

  it('reports malformed lists', () => {
    const r = mapHandbookRecord({ ...HANDBOOK_LINE, channels: [{ channel: 'Fax' }], documents: [{ quantity: '1' }], steps: 'một bước' }, { line: 4, fields });
    expect(r.ok ? [] : r.issues.map(formatImportIssue)).toEqual([
      'Dòng 4, cột hình thức nộp: mục 1: "Fax" không phải hình thức nộp (trực tiếp, trực tuyến, bưu chính)',
      'Dòng 4, cột thành phần hồ sơ: mục 1 thiếu tên giấy tờ',
      'Dòng 4, cột trình tự: giá trị phải là danh sách',
    ]);
  });
});

describe('spreadsheet row (interchange columns)', () => {
  it('maps a row and reports every bad cell', () => {
    const ok = mapProcedureRow(
      { code: '1.001612.000.00.00.H33', name: 'Đăng ký thành lập hộ kinh doanh', field: 'ĐĂNG KÝ HỘ KINH DOANH', authority: 'xã', online_level: 'một phần', documents: 'Giấy đề nghị | Bản sao CCCD', interconnected: 'x', boundary_free: '' },
      { line: 2, fields },
    );
    expect(ok.ok && ok.procedure).toMatchObject({
      code: '1.001612',
      field: 'Đăng ký hộ kinh doanh',
      sector: 'Kế hoạch và Đầu tư',
      authority: 'commune',
      onlineLevel: 'partial',
      documents: [{ name: 'Giấy đề nghị' }, { name: 'Bản sao CCCD' }],
      interconnected: true,
      boundaryFree: false,
    });
    const bad = mapProcedureRow({ code: '', name: '', field: 'Hộ tịch', authority: 'huyện', online_url: 'www.x' }, { line: 9, fields });
    expect(bad.ok ? [] : bad.issues.map(formatImportIssue)).toEqual([
      'Dòng 9, cột mã thủ tục: thiếu mã thủ tục',
      'Dòng 9, cột tên thủ tục: thiếu tên thủ tục',
      'Dòng 9, cột đường dẫn trực tuyến: "www.x" không phải đường dẫn hợp lệ',
    ]);
  });
});

describe('merging the catalogue and the handbook', () => {
  it('takes flags and field from the catalogue and detail from the handbook', () => {
    const listing = mapCatalogueRecord({ ...CATALOGUE_LINE, ma: '1.001193', ten: 'Thủ tục đăng ký khai sinh.', linhVuc: 'HỘ TỊCH', cap: 'Xã / điểm tiếp nhận cấp xã' }, { line: 30, fields });
    const detail = mapHandbookRecord({ ...HANDBOOK_LINE, name: 'Đăng ký khai sinh cho trẻ em', field: 'Hộ tịch - Tư pháp' }, { line: 29, fields });
    if (!listing.ok || !detail.ok) throw new Error('fixtures must map');
    const [merged] = mergeProcedureLists([detail.procedure], [listing.procedure]);
    expect(merged).toMatchObject({
      code: '1.001193',
      name: 'Thủ tục đăng ký khai sinh.',
      aliases: ['Đăng ký khai sinh cho trẻ em'],
      field: 'Hộ tịch',
      authority: 'commune',
      receptionPoint: 'Điểm tiếp nhận cấp xã',
      boundaryFree: true,
      onlineLevel: 'full',
      processingTime: '1 ngày',
      onlineUrl: CATALOGUE_LINE.nopHoSoUrl,
      keywords: ['Hộ tịch - Tư pháp'],
      sources: [
        { kind: 'catalogue', line: 30 },
        { kind: 'handbook', line: 29 },
      ],
    });
    expect(merged?.documents).toHaveLength(1);
  });

  it('lets a later listing replace an earlier one while keeping handbook detail', () => {
    const a = mapCatalogueRecord({ ...CATALOGUE_LINE, ma: '1.001193', linhVuc: 'HỘ TỊCH', cap: 'Xã' }, { line: 1, fields });
    const d = mapHandbookRecord(HANDBOOK_LINE, { line: 1, fields });
    const b = mapCatalogueRecord({ ...CATALOGUE_LINE, ma: '1.001193', linhVuc: 'HỘ TỊCH', cap: 'Xã', status: 'withdrawn' }, { line: 2, fields });
    if (!a.ok || !d.ok || !b.ok) throw new Error('fixtures must map');
    const [merged] = mergeProcedureLists([a.procedure], [d.procedure], [b.procedure]);
    expect(merged?.status).toBe('withdrawn');
    expect(merged?.steps).toEqual(HANDBOOK_LINE.steps);
    expect(merged?.sources.map((s) => `${s.kind}:${s.line}`)).toEqual(['catalogue:2', 'handbook:1']);
  });
});

describe('re-importing a catalogue', () => {
  const make = (code: string, name: string): TProcedure => {
    const r = mapProcedureRow({ code, name, field: 'Hộ tịch', authority: 'xã', sector: 'Tư pháp' }, { line: 2, fields: EMPTY_FIELD_TABLE });
    if (!r.ok) throw new Error('fixture must map');
    return r.procedure;
  };
  const a = make('1.001193', 'Đăng ký khai sinh');
  const b = make('1.000894', 'Đăng ký kết hôn');
  const c = make('1.000656', 'Đăng ký khai tử');

  it('updates by code and, for a full file, withdraws what the file no longer lists', () => {
    const again = { ...a, sources: [{ kind: 'table' as const, line: 40 }] };
    const renamed = { ...b, name: 'Thủ tục đăng ký kết hôn' };
    const d = make('2.000528', 'Đăng ký khai sinh có yếu tố nước ngoài');
    const plan = planCatalogueImport([a, b, c], [again, renamed, d], { full: true });
    expect(plan.unchanged).toEqual(['1.001193']);
    expect(plan.updated.map((p) => p.name)).toEqual(['Thủ tục đăng ký kết hôn']);
    expect(plan.added.map((p) => p.code)).toEqual(['2.000528']);
    expect(plan.withdrawn.map((p) => [p.code, p.status])).toEqual([['1.000656', 'withdrawn']]);
    expect(planCatalogueImport([a, b, c], [again], { full: false }).withdrawn).toEqual([]);
    expect(planCatalogueImport([{ ...c, status: 'withdrawn' }], [c], { full: true }).updated.map((p) => p.status)).toEqual(['active']);
  });

  it('counts section 2.1 figures per authority', () => {
    const land = { ...make('1.012786', 'Cấp lại Giấy chứng nhận do bị mất'), field: 'Đất đai', sector: 'Tài nguyên và Môi trường', authority: 'province' as const, boundaryFree: true };
    const figures = computeCatalogueFigures([a, b, { ...c, status: 'withdrawn' }, land, { ...land, code: '1.012783', interconnected: true }]);
    expect(figures.commune).toEqual({ procedures: 2, fields: 1, sectors: 1, interconnected: 0, boundaryFree: 0 });
    expect(figures.province).toEqual({ procedures: 2, fields: 1, sectors: 1, interconnected: 1, boundaryFree: 2 });
    expect(figures.district.procedures).toBe(0);
    expect(computeCatalogueFigures([a, b], (p) => p.code === a.code).commune.procedures).toBe(1);
  });
});

describe('reading catalogue files', () => {
  it('reads a semicolon CSV with BOM: good rows imported, bad rows listed, unknown columns warned', async () => {
    const r = await readProcedures(resolve(FIXTURES, 'procedures-semicolon.csv'), { fields });
    expect(r.format).toBe('csv');
    expect(r.procedures.map((p) => [p.code, p.field, p.authority])).toEqual([
      ['1.001193', 'Hộ tịch', 'commune'],
      ['1.000894', 'Hộ tịch', 'commune'],
      ['1.012786', 'Đất đai', 'province'],
    ]);
    expect(r.procedures[0]).toMatchObject({ receptionPoint: 'DUONG-DONG', onlineLevel: 'full', interconnected: true, boundaryFree: true, legalBasis: ['Luật Hộ tịch 2014'] });
    expect(r.procedures[1]?.processingTime).toBe('05 ngày làm việc');
    expect(r.errors.map(formatImportIssue)).toEqual([
      'Dòng 5, cột mã thủ tục: thiếu mã thủ tục',
      'Dòng 6, cột liên thông: "maybe" không phải giá trị có/không (dùng có/không, x/để trống, 1/0, true/false)',
    ]);
    expect(r.warnings).toEqual(['Cột không dùng đến (bỏ qua): Ghi chú nội bộ']);
  });

  it('reads a comma CSV with canonical headers; a sector typed in the file wins', async () => {
    const r = await readProcedures(resolve(FIXTURES, 'procedures-comma.csv'), { fields });
    expect(r.errors).toEqual([]);
    expect(r.procedures.map((p) => [p.code, p.name, p.sector, p.interconnected])).toEqual([
      ['1.001612', 'Đăng ký thành lập hộ kinh doanh, hộ gia đình', 'Kế hoạch và Đầu tư', false],
      ['3.000722', 'Liên thông điện tử: đăng ký khai sinh, đăng ký thường trú', 'Tư pháp - Công an', true],
    ]);
  });

  it('reads an XLSX sheet with Vietnamese headers', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('TTHC');
    ws.addRow(['Mã thủ tục', 'Tên thủ tục', 'Lĩnh vực', 'Cấp thẩm quyền', 'Phí, lệ phí']);
    ws.addRow(['2.000815', 'Chứng thực bản sao từ bản chính', 'CHỨNG THỰC', 'Xã', '2.000 đồng/trang']);
    ws.addRow(['2.000815', 'trùng mã', 'Chứng thực', 'Xã', '']);
    const r = await readProcedures(Buffer.from(await wb.xlsx.writeBuffer()), { fields, fileName: 'tthc.xlsx' });
    expect(r.procedures.map((p) => [p.code, p.field, p.fee])).toEqual([['2.000815', 'Chứng thực', '2.000 đồng/trang']]);
    expect(r.errors.map(formatImportIssue)).toEqual(['Dòng 3, cột mã thủ tục: mã thủ tục 2.000815 đã có ở dòng 2; dòng này bị bỏ qua']);
  });

  it('stops at a header without the required columns', async () => {
    const r = await readProcedures(Buffer.from('mã;tên\n1.001193;Khai sinh\n'), { fields, fileName: 'x.csv' });
    expect(r.procedures).toEqual([]);
    expect(r.errors.map(formatImportIssue)).toEqual([
      'Dòng 1, cột lĩnh vực: thiếu cột bắt buộc trong dòng tiêu đề',
      'Dòng 1, cột cấp thẩm quyền: thiếu cột bắt buộc trong dòng tiêu đề',
    ]);
  });

  it('merges both shapes mixed in one JSON Lines file and reports unreadable lines', async () => {
    const text = [JSON.stringify(HANDBOOK_LINE), '{oops', JSON.stringify({ ...CATALOGUE_LINE, ma: '1.001193', linhVuc: 'HỘ TỊCH', cap: 'Xã' })].join('\n');
    const r = await readProcedures(Buffer.from(text), { fields });
    expect(r.shapes).toEqual({ catalogue: 1, handbook: 1, table: 0 });
    expect(r.procedures).toHaveLength(1);
    expect(r.procedures[0]?.sources.map((s) => s.kind)).toEqual(['catalogue', 'handbook']);
    expect(r.errors).toEqual([{ line: 2, column: '', reason: expect.stringContaining('không phải JSON hợp lệ') }]);
  });
});

describe('the real catalogues in ../shared/data', () => {
  let merged: TProcedure[];
  beforeAll(async () => {
    if (!existsSync(CATALOGUE) || !existsSync(HANDBOOK)) {
      throw new Error(`Real catalogue data missing: expected ${CATALOGUE} and ${HANDBOOK} (CI has ../shared beside the repo)`);
    }
    const r = await readProcedureFiles([CATALOGUE, HANDBOOK], { fields });
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.shapes).toEqual({ catalogue: 254, handbook: 51, table: 0 });
    merged = r.procedures;
  });

  it('imports both as they are: 254 listed + 1 handbook-only procedure, every one valid', () => {
    expect(merged).toHaveLength(255);
    for (const p of merged) expect(ZProcedure.parse(p)).toEqual(p);
    expect(new Set(merged.map((p) => p.code)).size).toBe(255);
    expect(merged.every((p) => p.name === p.name.normalize('NFC'))).toBe(true);
  });

  it('gives every field a sector and the catalogue counts the report needs', () => {
    expect(merged.filter((p) => p.sector === null)).toEqual([]);
    const byAuthority = (a: string) => merged.filter((p) => p.authority === a);
    expect(byAuthority('province')).toHaveLength(62);
    expect(byAuthority('commune')).toHaveLength(193);
    expect(merged.filter((p) => p.boundaryFree)).toHaveLength(59);
    expect(new Set(merged.map((p) => p.field)).size).toBe(37);
    expect(merged.find((p) => p.code === '1.009374')).toMatchObject({ field: 'Báo chí', sector: 'Thông tin và Truyền thông', receptionPoint: 'Trung tâm Phục vụ hành chính công cấp xã' });
  });

  it('merges the 50 shared codes: detail from the handbook, flags from the catalogue', () => {
    const both = merged.filter((p) => p.sources.length === 2);
    expect(both).toHaveLength(50);
    const birth = merged.find((p) => p.code === '1.001193');
    expect(birth).toMatchObject({ name: 'Thủ tục đăng ký khai sinh', field: 'Hộ tịch', authority: 'commune', onlineLevel: 'full', processingTime: '1 ngày', fee: 'Miễn phí' });
    expect(birth?.documents.length).toBeGreaterThan(5);
    expect(birth?.onlineUrl).toContain('tim-kiem-thu-tuc-hanh-chinh?province=');
    const onlyHandbook = merged.find((p) => p.code === '2.001009');
    expect(onlyHandbook).toMatchObject({ field: 'Chứng thực', authority: 'commune', sources: [{ kind: 'handbook' }] });
    // the handbook's finer field wording stays searchable without changing the catalogue's field
    expect(merged.find((p) => p.code === '1.001612')).toMatchObject({ field: 'Đăng ký hộ kinh doanh', keywords: ['Thành lập và hoạt động doanh nghiệp (hộ kinh doanh)'] });
  });
});
