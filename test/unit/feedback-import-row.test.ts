import { describe, expect, it } from 'vitest';
import {
  FEEDBACK_COLUMNS,
  feedbackChannelLabel,
  parseFeedbackChannel,
  parseFeedbackSource,
  validateFeedbackRow,
} from '../../src/domain/feedback/import-row.ts';
import type { TImportRow } from '../../src/domain/import-row.ts';
import { matchHeaders } from '../../src/import/read-table.ts';
import { demoOrg } from '../helpers/golden.ts';

const org = demoOrg;
const row = (values: Record<string, string>, line = 2): TImportRow => ({ line, values });
const good = { feedback_code: 'X-1', source: 'city', channel: 'zalo', received_date: '2024-06-03', content: 'Đèn đường hư nhiều ngày.', unit: 'PQ' };

describe('PAKN import row', () => {
  it.each([
    ['national_portal', 'national_portal'], ['Cổng DVC quốc gia', 'national_portal'], ['cong dvc quoc gia', 'national_portal'],
    ['Cổng Dịch vụ công quốc gia', 'national_portal'], ['Cổng Chính phủ', 'national_portal'], ['DVCQG', 'national_portal'],
    ['province', 'province'], ['tỉnh', 'province'], ['Tinh', 'province'], ['cơ quan cấp tỉnh', 'province'], ['UBND tỉnh', 'province'],
    ['city', 'city'], ['thành phố', 'city'], ['THANH PHO', 'city'], ['huyện', 'city'], ['xã/phường', 'city'], ['các cơ quan thành phố', 'city'],
  ])('source “%s” is %s', (text, source) => {
    expect(parseFeedbackSource(text)).toBe(source);
  });

  it('an unknown source is undefined', () => {
    expect(parseFeedbackSource('báo chí')).toBeUndefined();
    expect(parseFeedbackSource('')).toBeUndefined();
  });

  it('channels: known spellings to their key, anything else kept as written', () => {
    expect(parseFeedbackChannel('Zalo')).toBe('zalo');
    expect(parseFeedbackChannel('đường dây nóng')).toBe('hotline');
    expect(parseFeedbackChannel('Trực tiếp')).toBe('counter');
    expect(parseFeedbackChannel('Cổng DVC quốc gia')).toBe('national_portal');
    expect(parseFeedbackChannel('thư điện tử')).toBe('email');
    expect(parseFeedbackChannel('Hội nghị đối thoại doanh nghiệp')).toBe('Hội nghị đối thoại doanh nghiệp');
    expect(feedbackChannelLabel('hotline')).toBe('đường dây nóng');
    expect(feedbackChannelLabel('Hội nghị')).toBe('Hội nghị');
  });

  it('headers: canonical names and Vietnamese aliases, case and diacritics ignored', () => {
    const h = matchHeaders(['Mã PAKN', 'NGUON', 'kênh', 'ngày nhận', 'Ngày trả lời', 'nội dung phản ánh', 'Đơn vị xử lý', 'ghi chú'], FEEDBACK_COLUMNS);
    expect(h.columns.map((c) => c.canonical)).toEqual(['feedback_code', 'source', 'channel', 'received_date', 'closed_date', 'content', 'unit', null]);
    expect(h.missing).toEqual([]);
    expect(h.unknown).toEqual(['ghi chú']);
  });

  it('a good row: unit by name, default channel by source, subject from the content, dates in any format', () => {
    const r = validateFeedbackRow(row({ ...good, source: 'tỉnh', channel: '', unit: 'phường An Thới', received_date: '03/06/2024', closed_date: '2024-06-12 15:30' }), { org });
    expect(r).toEqual({
      ok: true,
      item: { code: 'X-1', source: 'province', channel: 'province', subject: 'Đèn đường hư nhiều ngày.', content: 'Đèn đường hư nhiều ngày.', unitCode: 'AN-THOI', receivedDate: '2024-06-03', dueDate: null, closedDate: '2024-06-12', answer: null },
    });
    // no unit: the organisation's default desk
    expect(validateFeedbackRow(row({ ...good, unit: '' }), { org })).toMatchObject({ ok: true, item: { unitCode: 'PQ' } });
  });

  it('every problem of a row is reported, in Vietnamese, with its column', () => {
    const r = validateFeedbackRow(row({ feedback_code: 'X-2', source: 'city', channel: '', received_date: '2024-06-10', closed_date: '2024-06-01', due_date: '2024-06-09', content: '', unit: 'Hà Tiên' }, 7), { org });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => [e.line, e.column])).toEqual([[7, 'channel'], [7, 'closed_date'], [7, 'due_date'], [7, 'content'], [7, 'unit']]);
    expect(r.errors.map((e) => e.reason)).toEqual([
      'Thiếu kênh tiếp nhận: phản ánh của thành phố cần ghi kênh (Zalo, đường dây nóng, trực tiếp, thư điện tử…).',
      'Ngày trả lời trước ngày tiếp nhận.',
      'Hạn trả lời trước ngày tiếp nhận.',
      'Thiếu nội dung.',
      expect.stringMatching(/^Đơn vị “Hà Tiên” không có trong cấu hình đơn vị \(PQ, DUONG-DONG, AN-THOI, /),
    ]);
  });

  it('limits and codes of items filed in chat', () => {
    const long = validateFeedbackRow(row({ ...good, content: 'x'.repeat(10_001), feedback_code: 'C'.repeat(101) }), { org });
    expect(long.ok ? [] : long.errors.map((e) => e.reason)).toEqual(['Mã phản ánh dài quá 100 ký tự.', 'Nội dung dài quá 10.000 ký tự.']);
    const chat = validateFeedbackRow(row({ ...good, feedback_code: 'PA-2406-0007' }), { org, protectedCodes: new Set(['PA-2406-0007']) });
    expect(chat.ok ? [] : chat.errors.map((e) => [e.column, e.reason])).toEqual([['feedback_code', 'Mã “PA-2406-0007” là phản ánh người dân gửi qua Zalo hoặc ứng dụng: tệp nhập không được ghi đè.']]);
  });
});
