import express, { type Router } from 'express';
import { formatNumber } from '../domain/format.ts';
import { cleanText } from '../domain/vietnamese.ts';
import type { TOrg } from '../domain/org.ts';
import { periodFromKey, resolvePeriod, type TPeriod, type TPeriodRule } from '../domain/periods.ts';
import type { Logger } from '../log.ts';
import { buildPeriodReport, contentDisposition, generateReport, ReportPeriodError, type TReportFormat } from '../report/service.ts';
import { defaultReportTexts, isReportPart, PLACEHOLDERS, REPORT_PARTS, unknownPlaceholders } from '../report/texts.ts';
import type { Db } from '../store/db.ts';
import { readReportTexts, writeReportTexts } from '../store/report-texts.ts';

/**
 * The monthly report for officers, mounted under /api/v1 behind the officer token (see api.ts):
 *   GET /reports/2024-06.docx | .md      the report as a file (Content-Disposition with the Vietnamese name)
 *   GET /reports/2024-06                 its three-line summary and the failed consistency checks, as JSON
 *   GET /reports/2024-06/texts           the officer-written parts of the period (started from last month's)
 *   PUT /reports/2024-06/texts           {"texts": {"II.1": "…"}, "updated_by": "Nguyễn Văn An"} or {"part", "text"}
 */
export interface TReportRouteDeps {
  db: Db;
  org: TOrg | undefined;
  periodRule: TPeriodRule;
  now?: () => Date;
  log?: Logger;
}

const MAX_TEXT = 20_000;

export function reportRouter(deps: TReportRouteDeps): Router {
  const router = express.Router();
  const now = deps.now ?? (() => new Date());
  const noOrg = { error: 'Chưa có tệp cấu hình tổ chức (ORG_CONFIG_FILE): báo cáo lấy các cấp, đơn vị từ tệp này.' };

  /** Texts may be prepared ahead: any YYYY-MM key is accepted; otherwise an officer's words ("tháng trước"). */
  const textPeriod = (text: string): { ok: true; period: TPeriod } | { ok: false; error: string } => {
    const byKey = periodFromKey(text, deps.periodRule);
    if (byKey) return { ok: true, period: byKey };
    return resolvePeriod(text, { now: now(), rule: deps.periodRule });
  };

  router.get('/reports/:file', async (req, res) => {
    const org = deps.org;
    if (!org) return void res.status(503).json(noOrg);
    const m = /^(.+?)(?:\.(docx|md))?$/i.exec(req.params.file);
    const periodKey = m?.[1] ?? req.params.file;
    const format = m?.[2]?.toLowerCase() as TReportFormat | undefined;
    try {
      if (!format) {
        const model = await buildPeriodReport(deps.db, { periodKey, org, now: now(), periodRule: deps.periodRule });
        return void res.json({
          period: model.period,
          has_dossier_data: model.hasDossierData,
          summary: model.summary,
          failures: model.failures,
          files: { docx: `reports/${model.period.key}.docx`, md: `reports/${model.period.key}.md` },
        });
      }
      const r = await generateReport(deps.db, { periodKey, org, format, now: now(), periodRule: deps.periodRule });
      deps.log?.info({ period: r.period.key, format, bytes: r.buffer.length, failures: r.failures.length }, 'report generated');
      res.set('Content-Type', r.contentType);
      res.set('Content-Disposition', contentDisposition(r.filename, r.displayName));
      res.set('Cache-Control', 'no-store');
      // How many consistency checks failed (listed in the document's annex and in GET /reports/<kỳ>).
      res.set('X-Report-Failures', String(r.failures.length));
      res.send(r.buffer);
    } catch (err) {
      if (err instanceof ReportPeriodError) return void res.status(400).json({ error: err.message });
      throw err;
    }
  });

  router.get('/reports/:period/texts', async (req, res) => {
    const org = deps.org;
    if (!org) return void res.status(503).json(noOrg);
    const p = textPeriod(req.params.period);
    if (!p.ok) return void res.status(400).json({ error: p.error });
    res.json(await textsAnswer(deps.db, p.period, org));
  });

  router.put('/reports/:period/texts', express.json({ limit: '1mb' }), async (req, res) => {
    const org = deps.org;
    if (!org) return void res.status(503).json(noOrg);
    const p = textPeriod(req.params.period);
    if (!p.ok) return void res.status(400).json({ error: p.error });
    const body = (req.body ?? {}) as { texts?: unknown; part?: unknown; text?: unknown; updated_by?: unknown };
    let texts: Record<string, unknown>;
    if (body.texts !== undefined) {
      if (typeof body.texts !== 'object' || body.texts === null || Array.isArray(body.texts)) {
        return void res.status(400).json({ error: 'Trường texts phải là một đối tượng {"phần": "nội dung"}.' });
      }
      texts = body.texts as Record<string, unknown>;
    } else if (typeof body.part === 'string') {
      texts = { [body.part]: body.text };
    } else {
      return void res.status(400).json({ error: 'Gửi {"texts": {"II.1": "…"}} hoặc {"part": "II.1", "text": "…"}.' });
    }
    const clean: Record<string, string> = {};
    const errors: string[] = [];
    for (const [part, value] of Object.entries(texts)) {
      if (!isReportPart(part)) errors.push(`Không có phần “${part}”.`);
      else if (typeof value !== 'string') errors.push(`Nội dung phần ${part} phải là chuỗi ký tự.`);
      else if (value.length > MAX_TEXT) errors.push(`Nội dung phần ${part} dài quá ${formatNumber(MAX_TEXT)} ký tự.`);
      else clean[part] = cleanText(value.replace(/\r\n?/g, '\n')).trimEnd();
    }
    if (errors.length > 0) return void res.status(400).json({ error: errors.join(' '), parts: REPORT_PARTS.map((x) => x.part) });
    if (Object.keys(clean).length === 0) return void res.status(400).json({ error: 'Không có nội dung nào để lưu.' });
    const who = typeof body.updated_by === 'string' && body.updated_by.trim() !== '' ? `api:${cleanText(body.updated_by).trim().slice(0, 100)}` : 'api';
    await writeReportTexts(deps.db, p.period.key, clean, who, defaultReportTexts(org));
    const warnings = Object.entries(clean).flatMap(([part, v]) => unknownPlaceholders(v).map((x) => `Phần ${part}: “${x}” không phải chỗ thay tự động, sẽ được in nguyên văn.`));
    res.json({ ...(await textsAnswer(deps.db, p.period, org)), saved: Object.keys(clean), warnings });
  });

  return router;
}

async function textsAnswer(db: Db, period: TPeriod, org: TOrg) {
  const stored = new Map((await readReportTexts(db, period.key, defaultReportTexts(org))).map((s) => [s.part, s]));
  return {
    period: { key: period.key, label: period.label, start: period.start, end: period.end },
    parts: REPORT_PARTS.map((p) => {
      const s = stored.get(p.part);
      return { part: p.part, label: p.label, text: s?.text ?? '', updated_by: s?.updatedBy ?? null, updated_at: s?.updatedAt.toISOString() ?? null };
    }),
    placeholders: PLACEHOLDERS,
  };
}
