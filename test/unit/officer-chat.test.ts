import { describe, expect, it } from 'vitest';
import { dataRequest, decide, type TConversationContext } from '../../src/bot/engine.ts';
import { ZOutMessage } from '../../src/bot/messages.ts';
import { parseOfficerQuery, type TOfficerInfo } from '../../src/bot/officer-query.ts';
import { routeText, type TOfficerIntent } from '../../src/bot/router.ts';
import { buildDossierMessage, buildFullReportMessages, buildOverdueMessages, buildStatsMessages } from '../../src/bot/stats-messages.ts';
import { generateDossierHistory } from '../../src/domain/demo/dossier-history.ts';
import type { TDossier } from '../../src/domain/dossier.ts';
import { computeFiguresReference } from '../../src/domain/figures/index.ts';
import { periodForMonth, periodToDate } from '../../src/domain/periods.ts';
import type { TInboundEvent } from '../../src/zalo/events.ts';
import { demoOrg } from '../helpers/golden.ts';

const org = demoOrg;
/** 20/06/2024, 10:00 in Viet Nam: "tháng này" is 07/2024 (15/06–14/07), "tháng trước" 06/2024. */
const NOW = new Date('2024-06-20T03:00:00Z');
const CITY_OFFICER: TOfficerInfo = { unitCode: 'PQ', role: 'officer' };
const WARD_OFFICER: TOfficerInfo = { unitCode: 'AN-THOI', role: 'officer' };
const LEADER: TOfficerInfo = { unitCode: 'PQ', role: 'leader' };

const intentOf = (text: string) => routeText(text) as TOfficerIntent;
const query = (text: string, officer = CITY_OFFICER) => parseOfficerQuery(intentOf(text), { now: NOW, rule: 'decree-09-2019', org, officer });

describe('router: officers and dossier look-up', () => {
  it.each([
    ['thống kê', 'stats'], ['Thống kê tháng 6/2024', 'stats'], ['tk tháng trước', 'stats'], ['thong ke thang 6 2024', 'stats'],
    ['thống kê Dương Đông tháng này', 'stats'], ['TK', 'stats'], ['số liệu tháng 5/2024', 'stats'],
    ['hồ sơ quá hạn', 'overdue'], ['ho so qua han', 'overdue'], ['Hồ sơ quá hạn An Thới', 'overdue'], ['quá hạn', 'overdue'],
    ['báo cáo tháng 06/2024', 'full-report'], ['báo cáo PQ tháng 06/2024', 'full-report'],
  ] as const)('"%s" → %s', (text, name) => {
    expect(routeText(text).name).toBe(name);
  });

  it.each([
    ['tra cứu hồ sơ 000.00.38.H33-240612-0001', '000.00.38.H33-240612-0001'],
    ['tra cuu ho so 000.00.38.H33-240612-0001', '000.00.38.H33-240612-0001'],
    ['Tra cứu hồ sơ: 000.00.38.H33-240612-0001.', '000.00.38.H33-240612-0001'],
    ['tra cứu mã hồ sơ "AB-2024-77"', 'AB-2024-77'],
    ['tra cứu 000.01.38.H33-240612-0002', '000.01.38.H33-240612-0002'],
    ['tra cứu hs h33-240612-0003', 'h33-240612-0003'],
  ])('"%s" → look up %s', (text, code) => {
    expect(routeText(text)).toEqual({ name: 'dossier-lookup', code });
  });

  it('"tra cứu hồ sơ" alone keeps the prompt; a procedure code or words are not a dossier', () => {
    expect(routeText('tra cứu hồ sơ').name).toBe('dossier-prompt');
    expect(routeText('tra cứu 1.001193').name).toBe('unknown');
    expect(routeText('tra cứu khai sinh').name).toBe('unknown');
    expect(routeText('tra cứu hồ sơ của tôi').name).toBe('unknown');
  });
});

describe('officer questions: period and unit', () => {
  it('no period: the running period, cut at today; no unit: the whole organisation for a city officer', () => {
    const q = query('thống kê');
    expect(q.ok && q.query).toMatchObject({ kind: 'stats', unit: null, period: { label: '07/2024', start: '2024-06-15', end: '2024-06-20', partial: true } });
  });

  it('"tk tháng trước" is the last closed period; "thong ke thang 6 2024" is June', () => {
    const a = query('tk tháng trước');
    expect(a.ok && a.query.period).toMatchObject({ label: '06/2024', start: '2024-05-15', end: '2024-06-14', partial: false });
    const b = query('thong ke thang 6 2024');
    expect(b.ok && b.query.period.label).toBe('06/2024');
  });

  it('a unit by name, with or without diacritics, anywhere in the question', () => {
    for (const text of ['thống kê Dương Đông tháng này', 'thong ke duong dong thang nay', 'thống kê tháng này phường Dương Đông', 'tk DUONG-DONG tháng này']) {
      const q = query(text);
      expect(q.ok && q.query.unit?.code, text).toBe('DUONG-DONG');
      expect(q.ok && q.query.period.label, text).toBe('07/2024');
    }
    const c = query('thống kê xã Cửa Cạn tháng 6/2024');
    expect(c.ok && c.query.unit?.code).toBe('CUA-CAN');
  });

  it('a ward officer sees their ward by default, the whole organisation on request; a city leader the whole', () => {
    expect((query('thống kê', WARD_OFFICER) as { query: { unit: { code: string } } }).query.unit.code).toBe('AN-THOI');
    const whole = query('thống kê toàn bộ tháng 06/2024', WARD_OFFICER);
    expect(whole.ok && whole.query.unit).toBeNull();
    const other = query('thống kê Dương Đông', WARD_OFFICER);
    expect(other.ok && other.query.unit?.code).toBe('DUONG-DONG');
    expect((query('hồ sơ quá hạn', LEADER) as { query: { unit: null } }).query.unit).toBeNull();
  });

  it('a bad month, a future period or an unknown unit is answered with a Vietnamese explanation', () => {
    const bad = query('thống kê tháng 13/2024');
    expect(!bad.ok && bad.error).toContain('tháng phải từ 1 đến 12');
    const future = query('thống kê tháng 9/2024');
    expect(!future.ok && future.error).toContain('chưa bắt đầu');
    const unit = query('thống kê Hà Nội');
    expect(!unit.ok && unit.error).toContain('Dương Đông');
  });
});

describe('message builders', () => {
  const history = generateDossierHistory({ org });
  const june = periodToDate(periodForMonth(2024, 6), '2024-06-20');
  const figures = computeFiguresReference(history, june, { org });
  const q = { kind: 'stats' as const, period: june, unit: null };

  it('the compact answer: per authority, online and digitisation, Vietnamese numbers, two buttons, under 2,000 characters', () => {
    const [m, ...more] = buildStatsMessages(q, figures);
    expect(more).toEqual([]);
    expect(ZOutMessage.parse(m)).toBeTruthy();
    const text = m!.kind === 'buttons' ? m!.text : '';
    expect(text.length).toBeLessThan(2000);
    expect(text).toContain('tháng 06/2024 (15/05/2024–14/06/2024)');
    expect(text).toContain('Cấp huyện');
    expect(text).toContain('- Tiếp nhận: 2.070 (mới 999 + kỳ trước chuyển sang 1.071)');
    expect(text).toContain('- Đang giải quyết: 967 (quá hạn 395)');
    expect(text).toContain('- Tỷ lệ đúng hẹn: 75%');
    expect(text).toContain('- Tỷ lệ đúng hẹn: 95%');
    expect(text).toContain('- Tỷ lệ đúng hẹn: 93%');
    expect(text).toContain('Toàn trình: 62,55%');
    expect(text).toContain('Số hóa khi tiếp nhận: 95,12%; số hóa kết quả: 82,36%');
    expect(text).toBe(text.normalize('NFC'));
    expect(m!.kind === 'buttons' && m!.buttons.map((b) => [b.title, 'payload' in b ? b.payload : ''])).toEqual([
      ['Báo cáo đầy đủ', 'báo cáo toàn bộ tháng 06/2024'],
      ['Hồ sơ quá hạn', 'hồ sơ quá hạn toàn bộ tháng 06/2024'],
    ]);
    // The payloads come back as typed text: they must ask the same question again.
    const again = query('báo cáo toàn bộ tháng 06/2024', WARD_OFFICER);
    expect(again.ok && again.query).toMatchObject({ kind: 'full-report', unit: null, period: { label: '06/2024' } });
  });

  it('the full report lists every reception point; long texts are split, the buttons stay on the last part', () => {
    const ms = buildFullReportMessages({ ...q, kind: 'full-report' }, figures, org);
    for (const m of ms) expect(ZOutMessage.parse(m)).toBeTruthy();
    const all = ms.map((m) => (m.kind === 'text' || m.kind === 'buttons' ? m.text : '')).join('\n');
    for (const name of ['Thành phố Phú Quốc (PQ)', 'Dương Đông (DUONG-DONG)', 'An Thới (AN-THOI)', 'Thổ Châu (THO-CHAU)']) expect(all).toContain(name);
    expect(ms.at(-1)!.kind).toBe('buttons');
  });

  it('overdue: counts per unit for an officer, and the oldest dossiers (codes and dates only) for a leader', () => {
    const officer = buildOverdueMessages({ ...q, kind: 'overdue' }, figures, org, undefined);
    const text = officer.map((m) => ('text' in m ? m.text : '')).join('\n');
    expect(text).toContain('Hồ sơ quá hạn tính đến ngày 14/06/2024 (kỳ tháng 06/2024): 417 hồ sơ');
    expect(text).toContain('- Thành phố Phú Quốc: ');
    const leader = buildOverdueMessages({ ...q, kind: 'overdue' }, figures, org, [
      { code: '000.00.38.H33-240102-0001', procedureCode: '1.013978', dueDate: '2024-02-14', procedureName: 'Đăng ký đất đai, tài sản gắn liền với đất, cấp Giấy chứng nhận quyền sử dụng đất lần đầu' },
    ]);
    const lt = leader.map((m) => ('text' in m ? m.text : '')).join('\n');
    expect(lt).toContain('1. 000.00.38.H33-240102-0001 — thủ tục 1.013978 (Đăng ký đất đai');
    expect(lt).toContain('hẹn trả 14/02/2024, quá 121 ngày');
  });

  it('the dossier card: each status, dates as 14/06/2024', () => {
    const d: TDossier = {
      code: 'X-1', procedureCode: '1.001193', authority: 'commune', receptionPoint: 'DUONG-DONG', receivedDate: '2024-06-10', dueDate: '2024-06-14',
      channel: 'online', fullyOnline: true, paidOnline: false, digitisedAtReceipt: true, resultDigitised: null,
    };
    const text = (x: TDossier, today = '2024-06-20') => (buildDossierMessage(x, { today, org, procedureName: 'Thủ tục đăng ký khai sinh' }) as { text: string }).text;
    expect(text(d)).toContain('- Thủ tục: 1.001193 — Thủ tục đăng ký khai sinh');
    expect(text(d)).toContain('- Nơi tiếp nhận: Bộ phận Tiếp nhận và Trả kết quả UBND phường Dương Đông');
    expect(text(d)).toContain('- Ngày tiếp nhận: 10/06/2024');
    expect(text(d)).toContain('- Ngày hẹn trả kết quả: 14/06/2024');
    expect(text(d)).toContain('quá hạn 6 ngày');
    expect(text(d, '2024-06-12')).toContain('đang xử lý, chưa đến hạn');
    expect(text({ ...d, finishedDate: '2024-06-12' })).toContain('đã có kết quả trước hạn (ngày 12/06/2024)');
    expect(text({ ...d, finishedDate: '2024-06-14' })).toContain('đã có kết quả đúng hạn');
    expect(text({ ...d, finishedDate: '2024-06-17' })).toContain('trễ hạn (ngày 17/06/2024)');
    expect(text({ ...d, withdrawnDate: '2024-06-11' })).toContain('đã dừng xử lý (ngày 11/06/2024)');
  });
});

describe('engine: who gets figures', () => {
  const event = (text: string): TInboundEvent => ({ kind: 'message', eventId: 'msg:1', eventName: 'user_send_text', userId: '123', timestamp: '1', text, attachments: [] } as unknown as TInboundEvent);
  const base: TConversationContext = { handoffActive: false, deskOfficers: [], org, now: NOW, periodRule: 'decree-09-2019' };

  it('a citizen asking for figures gets a polite refusal and nothing is loaded', () => {
    for (const text of ['thống kê', 'thong ke thang 6/2024', 'hồ sơ quá hạn']) {
      expect(dataRequest(event(text), base)).toBeUndefined();
      const d = decide(event(text), base);
      expect(d.replies).toHaveLength(1);
      expect((d.replies[0] as { text: string }).text).toContain('chỉ dành cho cán bộ');
    }
    // "báo cáo …" from a citizen is not a figures question at all
    expect((decide(event('báo cáo vi phạm xây dựng'), base).replies[0] as { text: string }).text).toContain('tôi chưa hiểu');
  });

  it('an officer asking asks for the figures first; a bad question is answered without loading', () => {
    const ctx = { ...base, officer: CITY_OFFICER };
    expect(dataRequest(event('thong ke thang 6/2024'), ctx)).toMatchObject({ kind: 'figures', oldestOverdue: false, query: { period: { label: '06/2024' } } });
    expect(dataRequest(event('hồ sơ quá hạn'), { ...base, officer: LEADER })).toMatchObject({ kind: 'figures', oldestOverdue: true });
    expect(dataRequest(event('thống kê tháng 13/2024'), ctx)).toBeUndefined();
    expect((decide(event('thống kê tháng 13/2024'), ctx).replies[0] as { text: string }).text).toContain('tháng phải từ 1 đến 12');
  });

  it('a dossier look-up asks for the dossier; an unknown code gets "không tìm thấy" with a hint', () => {
    expect(dataRequest(event('tra cứu hồ sơ ABC-123'), base)).toEqual({ kind: 'dossier', code: 'ABC-123' });
    const d = decide(event('tra cứu hồ sơ ABC-123'), { ...base, loaded: { kind: 'dossier', code: 'ABC-123' } });
    expect((d.replies[0] as { text: string }).text).toContain('Không tìm thấy hồ sơ có mã "ABC-123"');
  });
});
