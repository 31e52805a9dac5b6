import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDossierHistory } from '../../src/domain/demo/dossier-history.ts';
import { DEMO_REPORT_TEXTS } from '../../src/domain/demo/report-texts.ts';
import { draftReportOnPeriodClose, generateReport, periodReportTexts, ReportPeriodError } from '../../src/report/service.ts';
import { defaultReportTexts } from '../../src/report/texts.ts';
import type { Db } from '../../src/store/db.ts';
import { saveOrg, upsertDossiers } from '../../src/store/dossiers.ts';
import { getReportPeriodState, readReportTexts, writeReportTexts } from '../../src/store/report-texts.ts';
import { ENGINES, openTestDb } from '../helpers/db.ts';
import { docxText, missingInOrder } from '../helpers/report-docx.ts';
import { demoOrg } from '../helpers/golden.ts';

/** Report texts per period (roll-over, concurrency) and the report service, on PGlite and on PostgreSQL. */
const org = demoOrg;
const defaults = defaultReportTexts(org);
const at = (iso: string) => new Date(`${iso}T08:00:00+07:00`);

describe.each(ENGINES)('report texts and service on %s', (engine) => {
  let db: Db;
  beforeAll(async () => {
    db = await openTestDb(engine);
    await db.transaction(async (tx) => {
      await saveOrg(tx, org);
      await upsertDossiers(tx, generateDossierHistory({ org }));
    });
  });
  afterAll(async () => { await db?.close(); });

  it('a first period starts from the defaults; a new period starts from the latest earlier one, placeholders and all', async () => {
    const first = await readReportTexts(db, '2024-03', defaults);
    expect(first.find((t) => t.part === 'IV')).toMatchObject({ text: 'Không có.', updatedBy: 'system:default' });

    await writeReportTexts(db, '2024-06', DEMO_REPORT_TEXTS, 'demo', defaults);
    await writeReportTexts(db, '2024-06', { 'II.1': '- Điểm sáng tháng {thang}.' }, 'cli:an', defaults);
    const july = await periodReportTexts(db, '2024-07', org);
    expect(july['II.1']).toBe('- Điểm sáng tháng {thang}.');
    expect(july['signer.name']).toBe('Huỳnh Quang Hưng');
    const stored = await readReportTexts(db, '2024-07', defaults);
    expect(stored.find((t) => t.part === 'II.1')!.updatedBy).toBe('system:copy-2024-06');
    expect((await getReportPeriodState(db, '2024-07'))!.textsFrom).toBe('2024-06');

    // Editing July does not touch June; once started, July no longer follows June.
    await writeReportTexts(db, '2024-07', { IV: 'Đề nghị tỉnh hỗ trợ máy scan.' }, 'api', defaults);
    await writeReportTexts(db, '2024-06', { 'II.2': 'sửa muộn' }, 'cli:an', defaults);
    expect((await periodReportTexts(db, '2024-06', org)).IV).toBe('Không có.');
    expect((await periodReportTexts(db, '2024-07', org))['II.2']).not.toBe('sửa muộn');

    // The July report speaks of July.
    const r = await generateReport(db, { periodKey: '2024-07', org, format: 'md', now: at('2024-07-20') });
    const md = r.buffer.toString('utf8');
    expect(md).toContain('Điểm sáng tháng 7.');
    expect(md).toContain('cho tháng 8 năm 2024 như sau:');
    expect(md).toContain('Đề nghị tỉnh hỗ trợ máy scan.');
  });

  it('many first reads at once start the period once', async () => {
    await writeReportTexts(db, '2024-08', { 'I.2.5': 'Kết nối xong.' }, 'demo', defaults);
    const reads = await Promise.all(Array.from({ length: 6 }, () => readReportTexts(db, '2024-09', defaults)));
    for (const r of reads) expect(r.find((t) => t.part === 'I.2.5')!.text).toBe('Kết nối xong.');
    const count = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM report_texts WHERE period_key = '2024-09'");
    expect(count.rows[0]!.n).toBe(Object.keys(defaults).length);
  });

  it('generateReport: DOCX with the figures, file names, a period not begun is refused', async () => {
    const r = await generateReport(db, { periodKey: '2024-06', org, now: at('2024-07-01') });
    expect(r.filename).toBe('bao-cao-cchc-2024-06.docx');
    expect(r.displayName).toBe('Báo cáo CCHC tháng 06-2024.docx');
    expect(r.contentType).toContain('wordprocessingml');
    expect(r.failures).toEqual([]);
    expect(r.summary.split('\n')).toHaveLength(3);
    const text = docxText(r.buffer);
    expect(missingInOrder(text, ['BÁO CÁO', 'Tổng hồ sơ 2.070 hồ sơ', 'Tổng hồ sơ 907 hồ sơ', 'Nơi nhận:'])).toBeUndefined();
    await expect(generateReport(db, { periodKey: '2024-08', org, now: at('2024-07-01') })).rejects.toThrow(ReportPeriodError);
    await expect(generateReport(db, { periodKey: '2024-13', org, now: at('2024-07-01') })).rejects.toThrow(/tháng 13/);
  });

  it('a running period is labelled as figures so far', async () => {
    const r = await generateReport(db, { periodKey: 'tháng này', org, format: 'md', now: at('2024-06-20') });
    expect(r.period).toMatchObject({ key: '2024-07', partial: true, end: '2024-06-20' });
    expect(r.buffer.toString('utf8')).toContain('Số liệu tính đến hết ngày 20/06/2024: kỳ báo cáo chưa kết thúc.');
  });

  it('draftReportOnPeriodClose drafts once, whatever the number of callers', async () => {
    const now = at('2024-10-16');
    const results = await Promise.all(Array.from({ length: 4 }, (_v, i) => draftReportOnPeriodClose(db, { org, now, by: `instance-${i}` })));
    const drafted = results.filter((r) => r.drafted);
    expect(drafted).toHaveLength(1);
    expect(results.every((r) => r.periodKey === '2024-10')).toBe(true);
    expect(results.filter((r) => !r.drafted).every((r) => !r.drafted && r.reason === 'already-drafted')).toBe(true);
    const state = await getReportPeriodState(db, '2024-10');
    expect(state!.draftedAt).toBeInstanceOf(Date);
    expect(state!.draftedBy).toMatch(/^instance-\d$/);
    const again = await draftReportOnPeriodClose(db, { org, now });
    expect(again).toEqual({ drafted: false, periodKey: '2024-10', reason: 'already-drafted' });
  });

  it('a failed draft rolls back its claim, so the retry drafts; onDrafted runs in the same transaction', async () => {
    const now = at('2024-11-15');
    await expect(draftReportOnPeriodClose(db, { org, now, onDrafted: async () => { throw new Error('notification failed'); } })).rejects.toThrow('notification failed');
    expect((await getReportPeriodState(db, '2024-11'))?.draftedAt ?? null).toBeNull();
    let seen: string | undefined;
    const retry = await draftReportOnPeriodClose(db, {
      org,
      now,
      onDrafted: async (tx, report) => {
        seen = report.summary;
        await tx.query('SELECT 1');
      },
    });
    expect(retry.drafted).toBe(true);
    expect(seen).toContain('Báo cáo CCHC tháng 11/2024');
  });

  it('a period that has not closed is not drafted', async () => {
    const r = await draftReportOnPeriodClose(db, { org, now: at('2024-06-10'), periodKey: '2024-06' });
    expect(r).toEqual({ drafted: false, periodKey: '2024-06', reason: 'not-closed' });
  });
});
