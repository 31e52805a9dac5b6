import { describe, expect, it } from 'vitest';
import {
  DOSSIER_COLUMNS,
  dossierStatus,
  normaliseProcedureCode,
  parseAuthority,
  parseBoolean,
  parseChannel,
  validateDossierRow,
  validateDossierRows,
  ZDossier,
  type TImportRow,
} from '../../src/domain/dossier.ts';
import { demoOrg } from '../helpers/golden.ts';

const org = demoOrg;
const ctx = { org };

const good: Record<string, string> = {
  dossier_code: '000.00.38.H33-240601-0001',
  procedure_code: '1.001193.000.00.00.H33',
  authority: 'xã/phường',
  reception_point: 'DUONG-DONG',
  received_date: '01/06/2024',
  due_date: '2024-06-03',
  finished_date: '2024-06-03 15:20:00',
  withdrawn_date: '',
  channel: 'Trực tuyến',
  fully_online: 'x',
  paid_online: '',
  digitised_at_receipt: 'có',
  result_digitised: '',
  apology_sent: '',
};

const row = (values: Record<string, string>, line = 2): TImportRow => ({ line, values });
const errorsOf = (values: Record<string, string>) => {
  const r = validateDossierRow(row(values), ctx);
  return r.ok ? [] : r.errors;
};

describe('the column specification', () => {
  it('lists every canonical column and alias of interchange.md', () => {
    const byName = Object.fromEntries(DOSSIER_COLUMNS.map((c) => [c.canonical, c.aliases]));
    expect(byName).toEqual({
      dossier_code: ['mã hồ sơ', 'số hồ sơ'],
      procedure_code: ['mã thủ tục', 'mã TTHC'],
      authority: ['cấp thẩm quyền'],
      reception_point: ['nơi tiếp nhận'],
      received_date: ['ngày tiếp nhận'],
      due_date: ['ngày hẹn trả', 'hạn xử lý'],
      finished_date: ['ngày có kết quả', 'ngày trả kết quả'],
      withdrawn_date: ['ngày dừng xử lý', 'ngày rút'],
      channel: ['hình thức nộp'],
      fully_online: ['toàn trình'],
      paid_online: ['thanh toán trực tuyến'],
      digitised_at_receipt: ['số hóa khi tiếp nhận'],
      result_digitised: ['số hóa kết quả'],
      apology_sent: ['đã xin lỗi'],
    });
    expect(DOSSIER_COLUMNS.filter((c) => c.required).map((c) => c.canonical)).toEqual([
      'dossier_code',
      'procedure_code',
      'authority',
      'reception_point',
      'received_date',
      'due_date',
      'channel',
    ]);
  });
});

describe('a good row', () => {
  it('becomes a normalised dossier', () => {
    const r = validateDossierRow(row(good), ctx);
    expect(r).toEqual({
      ok: true,
      dossier: {
        code: '000.00.38.H33-240601-0001',
        procedureCode: '1.001193',
        authority: 'commune',
        receptionPoint: 'DUONG-DONG',
        receivedDate: '2024-06-01',
        dueDate: '2024-06-03',
        finishedDate: '2024-06-03',
        channel: 'online',
        fullyOnline: true,
        paidOnline: false,
        digitisedAtReceipt: true,
        resultDigitised: null,
      },
    });
    if (r.ok) expect(ZDossier.safeParse(r.dossier).success).toBe(true);
  });

  it('treats absent optional columns as empty', () => {
    const { fully_online: _a, paid_online: _b, digitised_at_receipt: _c, result_digitised: _d, apology_sent: _e, finished_date: _f, withdrawn_date: _g, ...minimal } = good;
    const r = validateDossierRow(row(minimal), ctx);
    expect(r.ok && r.dossier).toMatchObject({ fullyOnline: false, paidOnline: false, digitisedAtReceipt: false, resultDigitised: null });
    expect(r.ok && 'finishedDate' in r.dossier).toBe(false);
  });

  it('finds the unit by code in any case, by name or alias, without diacritics', () => {
    for (const text of ['duong-dong', 'Dương Đông', 'phường Dương Đông', 'PHUONG DUONG DONG', 'Bộ phận Tiếp nhận và Trả kết quả UBND phường Dương Đông']) {
      const r = validateDossierRow(row({ ...good, reception_point: text }), ctx);
      expect(r.ok && r.dossier.receptionPoint).toBe('DUONG-DONG');
    }
  });
});

describe('spellings of interchange.md', () => {
  it.each([
    ['province', 'province'], ['tỉnh', 'province'], ['Cấp tỉnh', 'province'], ['tinh', 'province'],
    ['district', 'district'], ['huyện', 'district'], ['thành phố', 'district'], ['huyện/thành phố', 'district'], ['Cấp huyện', 'district'],
    ['commune', 'commune'], ['xã', 'commune'], ['phường', 'commune'], ['xã/phường', 'commune'], ['XA', 'commune'],
    ['vertical', 'vertical'], ['ngành dọc', 'vertical'], ['Nganh doc', 'vertical'],
  ])('authority %j → %s', (text, expected) => {
    expect(parseAuthority(text)).toBe(expected);
  });

  it.each([
    ['online', 'online'], ['trực tuyến', 'online'], ['Truc tuyen', 'online'],
    ['counter', 'counter'], ['trực tiếp', 'counter'], ['TRỰC TIẾP', 'counter'],
    ['postal', 'postal'], ['bưu chính', 'postal'], ['buu chinh', 'postal'], ['bưu điện', 'postal'],
  ])('channel %j → %s', (text, expected) => {
    expect(parseChannel(text)).toBe(expected);
  });

  it.each([
    ['true', true], ['TRUE', true], ['1', true], ['x', true], ['X', true], ['có', true], ['co', true], ['Có', true],
    ['false', false], ['0', false], ['không', false], ['khong', false], ['KHÔNG', false],
    ['', undefined], ['  ', undefined],
    ['maybe', 'invalid'], ['2', 'invalid'],
  ])('boolean %j → %s', (text, expected) => {
    expect(parseBoolean(text)).toBe(expected);
  });

  it('empty result_digitised means nothing to digitise; a value is a boolean', () => {
    const on = validateDossierRow(row({ ...good, result_digitised: 'có' }), ctx);
    const off = validateDossierRow(row({ ...good, result_digitised: '0' }), ctx);
    expect(on.ok && on.dossier.resultDigitised).toBe(true);
    expect(off.ok && off.dossier.resultDigitised).toBe(false);
  });

  it('keeps apology_sent only when given', () => {
    const r = validateDossierRow(row({ ...good, apology_sent: 'có' }), ctx);
    expect(r.ok && r.dossier.apologySent).toBe(true);
  });

  it.each([
    ['1.001193', '1.001193'],
    ['1.001193.000.00.00.H33', '1.001193'],
    ['2.000815.000.00.00.h56', '2.000815'],
    [' 1.000656 ', '1.000656'],
    ['1001193', undefined],
    ['1.0011', undefined],
    ['14/06/2024', undefined],
  ])('procedure code %j → %s', (text, expected) => {
    expect(normaliseProcedureCode(text)).toBe(expected);
  });
});

describe('bad rows: line, column and a Vietnamese reason', () => {
  it.each([
    ['dossier_code', { dossier_code: '' }, 'Thiếu mã hồ sơ'],
    ['procedure_code', { procedure_code: 'ABC' }, 'không đúng dạng mã quốc gia'],
    ['authority', { authority: 'trung ương' }, 'Cấp thẩm quyền “trung ương” không hợp lệ'],
    ['reception_point', { reception_point: 'HA-NOI' }, 'Nơi tiếp nhận “HA-NOI” không có trong cấu hình đơn vị'],
    ['received_date', { received_date: '' }, 'Thiếu ngày tiếp nhận'],
    ['received_date', { received_date: '31/02/2024' }, 'Ngày tiếp nhận “31/02/2024” không phải ngày hợp lệ'],
    ['due_date', { due_date: 'mai' }, 'Ngày hẹn trả “mai” không phải ngày hợp lệ'],
    ['finished_date', { finished_date: '2024-13-01' }, 'không phải ngày hợp lệ'],
    ['channel', { channel: 'fax' }, 'Hình thức nộp “fax” không hợp lệ'],
    ['channel', { channel: '' }, 'Thiếu hình thức nộp'],
    ['fully_online', { fully_online: 'hmm' }, 'ở cột toàn trình không hợp lệ'],
    ['due_date', { due_date: '2024-05-31' }, 'Ngày hẹn trả trước ngày tiếp nhận'],
    ['finished_date', { finished_date: '2024-05-31' }, 'Ngày có kết quả trước ngày tiếp nhận'],
    ['withdrawn_date', { finished_date: '', withdrawn_date: '2024-05-30' }, 'Ngày dừng xử lý/rút trước ngày tiếp nhận'],
    ['withdrawn_date', { withdrawn_date: '2024-06-02' }, 'vừa có kết quả vừa dừng xử lý'],
  ] as const)('%s: %j', (column, patch, reason) => {
    const errors = errorsOf({ ...good, ...patch });
    expect(errors).toContainEqual({ line: 2, column, reason: expect.stringContaining(reason) });
    for (const e of errors) expect(e.reason.normalize('NFC')).toBe(e.reason);
  });

  it('reports every problem of a row, not only the first', () => {
    const errors = errorsOf({ ...good, dossier_code: '', authority: '?', channel: '?', due_date: 'x' });
    expect(errors.map((e) => e.column).sort()).toEqual(['authority', 'channel', 'dossier_code', 'due_date']);
  });

  it('accepts a finish on the receipt day and a due date on the receipt day', () => {
    expect(errorsOf({ ...good, received_date: '2024-06-03', due_date: '03/06/2024', finished_date: '3/6/2024' })).toEqual([]);
  });
});

describe('a whole file', () => {
  it('flags a code repeated in the file and keeps the good rows apart', () => {
    const rows = [row(good, 2), row({ ...good, dossier_code: 'B' }, 3), row({ ...good }, 4), row({ ...good, dossier_code: 'C', channel: '' }, 5)];
    const r = validateDossierRows(rows, ctx);
    expect(r.dossiers.map((d) => d.code)).toEqual(['000.00.38.H33-240601-0001', 'B']);
    expect(r.errors).toEqual([
      { line: 4, column: 'dossier_code', reason: 'Mã hồ sơ “000.00.38.H33-240601-0001” trùng với dòng 2.' },
      { line: 5, column: 'channel', reason: 'Thiếu hình thức nộp.' },
    ]);
  });
});

describe('the dossier schema and status', () => {
  it('enforces the cross-field rules', () => {
    const base = validateDossierRow(row(good), ctx);
    if (!base.ok) throw new Error('good row rejected');
    const r = ZDossier.safeParse({ ...base.dossier, dueDate: '2024-05-01' });
    expect(r.success).toBe(false);
    if (!r.success) expect(r.error.issues[0]?.message).toBe('Ngày hẹn trả trước ngày tiếp nhận.');
  });

  it('tells a citizen where the dossier stands on a date', () => {
    const base = validateDossierRow(row({ ...good, finished_date: '' }), ctx);
    if (!base.ok) throw new Error('good row rejected');
    const d = base.dossier;
    expect(dossierStatus(d, '2024-06-02')).toBe('pending');
    expect(dossierStatus(d, '2024-06-03')).toBe('pending');
    expect(dossierStatus(d, '2024-06-04')).toBe('overdue');
    expect(dossierStatus({ ...d, finishedDate: '2024-06-03' }, '2024-06-04')).toBe('finished');
    expect(dossierStatus({ ...d, withdrawnDate: '2024-06-02' }, '2024-06-04')).toBe('withdrawn');
  });
});
