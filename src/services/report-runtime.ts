/**
 * The monthly report's scheduled draft: when a reporting period has closed, one instance drafts its report and
 * sends it to the leaders as a Word file — once, however many instances run the daily job (the draft is claimed in
 * the database, src/report/service.ts draftReportOnPeriodClose, and the notices are written in that transaction).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Queue } from 'bullmq';
import type { TConfig } from '../config.ts';
import type { TOrg } from '../domain/org.ts';
import type { Logger } from '../log.ts';
import { draftReportOnPeriodClose, type TDraftResult } from '../report/service.ts';
import type { Db } from '../store/db.ts';
import { leadersAndAdmins } from '../store/chat.ts';
import { queueNotices, writeNotices } from './notify.ts';

export interface TReportRuntime {
  config: TConfig;
  db: Db;
  log: Logger;
  org: TOrg | undefined;
  queues: { outbound: Queue };
}

/** Report files kept for upload; older ones are removed by the daily run. */
export const REPORT_FILE_DAYS = 30;

export function reportsDir(config: TConfig): string {
  return path.join(config.dataDir, 'reports');
}

export const draftNoticeText = (label: string, summary: string) =>
  `Dự thảo báo cáo cải cách hành chính tháng ${label} đã được lập từ số liệu của hệ thống.\n${summary}\n` +
  'Phần nhận xét, nhiệm vụ, kiến nghị lấy từ kỳ trước: xin rà soát trước khi ký ("cli report text" hoặc mini app).';

export async function runReportDraft(rt: TReportRuntime, now: Date): Promise<TDraftResult | undefined> {
  if (!rt.org) {
    rt.log.warn('no organisation configuration: the monthly report is not drafted');
    return undefined;
  }
  const dir = reportsDir(rt.config);
  let keyBase = '';
  const result = await draftReportOnPeriodClose(rt.db, {
    org: rt.org,
    now,
    periodRule: rt.config.periodRule,
    by: `${os.hostname()}:${process.pid}`,
    onDrafted: async (tx, report) => {
      fs.mkdirSync(dir, { recursive: true });
      const file = path.join(dir, `${report.filename.replace(/\.docx$/, '')}-draft.docx`);
      fs.writeFileSync(file, report.buffer);
      keyBase = `report-draft:${report.period.key}`;
      const leaders = await leadersAndAdmins(tx);
      await writeNotices(tx, keyBase, leaders.map((userId) => ({
        userId,
        message: { kind: 'file', path: file, name: report.displayName, caption: draftNoticeText(report.period.label, report.summary).slice(0, 2000) },
      })));
    },
  });
  if (result.drafted) {
    await queueNotices(rt, keyBase);
    rt.log.info({ period: result.periodKey }, 'monthly report drafted and sent to the leaders');
  }
  pruneOldReports(dir, now);
  return result;
}

function pruneOldReports(dir: string, now: Date): void {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  const limit = now.getTime() - REPORT_FILE_DAYS * 86_400_000;
  for (const n of names) {
    const f = path.join(dir, n);
    try {
      if (fs.statSync(f).mtimeMs < limit) fs.rmSync(f, { force: true });
    } catch {
      // Another instance removed it first.
    }
  }
}
