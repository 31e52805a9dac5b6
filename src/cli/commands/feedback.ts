import fs from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { parseHolidays } from '../../domain/calendar.ts';
import { DEMO_FEEDBACK, generateFeedbackHistory } from '../../domain/demo/feedback-history.ts';
import { computeFeedbackFiguresReference } from '../../domain/feedback/figures.ts';
import { feedbackChannelLabel, parseFeedbackSource, SOURCE_SPELLINGS } from '../../domain/feedback/import-row.ts';
import { FEEDBACK_SOURCES, FEEDBACK_STATUSES, isOpen, STATUS_LABELS, type TFeedbackItem, type TFeedbackSource, type TFeedbackStatus } from '../../domain/feedback/model.ts';
import { formatDate, formatNumber, todayInVietnam, type TIsoDate } from '../../domain/format.ts';
import type { TOrg } from '../../domain/org.ts';
import { maskPersonalData } from '../../domain/privacy.ts';
import { resolveReportPeriod, type TReportPeriod } from '../../services/figures.ts';
import { importFeedback } from '../../services/import-feedback.ts';
import type { Db } from '../../store/db.ts';
import { listFeedback, type TFeedbackFilter } from '../../store/feedback.ts';
import { syncFeedbackSequences, upsertSeededFeedback } from '../../store/feedback-import.ts';
import { addTableImportCommand } from '../import-report.ts';
import { loadOrgConfig, resolveUnit } from '../org-config.ts';
import { cliConfig, note, out, PROJECT_ROOT, table, UsageError, withDb } from '../shared.ts';

/**
 * Officer commands on feedback and petitions (PAKN): `import feedback FILE` (other channels' spreadsheets) and
 * `feedback list` (filters by status, source, unit and period). `demo seed` adds the PAKN history through
 * seedDemoFeedback().
 */

/** Short source names for the table (the report's rows). */
export const SOURCE_SHORT: Record<TFeedbackSource, string> = {
  national_portal: 'Cổng DVC QG',
  province: 'Tỉnh chuyển',
  city: 'Thành phố',
};


const LIST_LIMIT = 10_000;

export function registerFeedbackCommands(program: Command): void {
  addTableImportCommand(program, {
    name: 'feedback',
    description: 'nhập phản ánh, kiến nghị từ kênh khác (Cổng DVC quốc gia, tỉnh chuyển, thành phố): CSV hoặc XLSX, cập nhật theo mã',
    run: (db, file, opts) => importFeedback(db, file, { ...opts, detail: { file: path.basename(file), by: 'cli' } }),
  });

  const feedback = program.command('feedback').description('phản ánh, kiến nghị (PAKN)');
  feedback
    .command('list')
    .description('danh sách phản ánh, kiến nghị (nội dung che số điện thoại, số CCCD; --json giữ nguyên cho công cụ của cán bộ)')
    .addOption(new Option('--status <trạng_thái>', 'open = đang xử lý hoặc đang xử lý lại').choices([...FEEDBACK_STATUSES, 'open']))
    .option('--source <nguồn>', 'national_portal, province, city (hoặc "Cổng DVC quốc gia", "tỉnh", "thành phố")')
    .option('--unit <đơn_vị>', 'đơn vị phải trả lời (mã hoặc tên, ví dụ DUONG-DONG, "Dương Đông")')
    .option('--period <kỳ>', 'các mục được tính vào số liệu của kỳ: nhận đến ngày cuối kỳ, chưa đóng trước ngày đầu kỳ (2024-06, "tháng trước"…)')
    .option('--limit <số>', `số mục tối đa (mặc định và tối đa ${formatNumber(LIST_LIMIT)})`)
    .option('--json', 'in dạng JSON (nội dung không che: dành cho công cụ của cán bộ)')
    .action(async (opts: { status?: TFeedbackStatus | 'open'; source?: string; unit?: string; period?: string; limit?: string; json?: boolean }) => {
      const config = cliConfig();
      let source: TFeedbackSource | undefined;
      if (opts.source !== undefined) {
        source = parseFeedbackSource(opts.source);
        if (source === undefined) throw new UsageError(`nguồn "${opts.source}" không hợp lệ: dùng ${SOURCE_SPELLINGS}.`);
      }
      const limit = opts.limit === undefined ? LIST_LIMIT : Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > LIST_LIMIT) throw new UsageError(`--limit phải là số nguyên từ 1 đến ${formatNumber(LIST_LIMIT)}.`);
      let period: TReportPeriod | undefined;
      if (opts.period !== undefined) {
        const r = resolveReportPeriod(opts.period, { now: new Date(), rule: config.periodRule });
        if (!r.ok) throw new UsageError(r.error);
        period = r.period;
      }
      const orgSource = loadOrgConfig();
      const unit = opts.unit === undefined ? undefined : resolveUnit(orgSource, opts.unit);
      const org = orgSource.found ? orgSource.org : undefined;
      await withDb(async ({ db }) => {
        const r = await listForOfficers(db, { status: opts.status, source, unitCode: unit?.code, period, limit });
        if (r.truncated) note(`Lưu ý: chỉ hiện ${formatNumber(r.items.length)} mục đầu tiên; thu hẹp bộ lọc để xem hết.`);
        if (opts.json) {
          out(JSON.stringify({
            ...(period ? { period: { start: period.start, end: period.end, label: period.label, partial: period.partial } } : {}),
            count: r.items.length,
            truncated: r.truncated,
            items: r.items.map(toJson),
          }, null, 2));
          return;
        }
        out(renderFeedbackList(r.items, { org, period, today: todayInVietnam(new Date()) }));
      });
    });
}

export interface TListQuery {
  status?: TFeedbackStatus | 'open';
  source?: TFeedbackSource;
  unitCode?: string;
  /** the items the period's figures count: received by its end, not closed before its start */
  period?: { start: TIsoDate; end: TIsoDate };
  limit?: number;
}

/** Oldest first. With a period, listFeedback reads everything received by its end and the closed ones are dropped. */
export async function listForOfficers(db: Db, q: TListQuery): Promise<{ items: TFeedbackItem[]; truncated: boolean }> {
  const limit = Math.min(q.limit ?? LIST_LIMIT, LIST_LIMIT);
  const filter: TFeedbackFilter = {
    ...(q.status === undefined ? {} : { status: q.status === 'open' ? 'open' : [q.status] }),
    ...(q.source ? { source: q.source } : {}),
    ...(q.unitCode ? { unitCode: q.unitCode } : {}),
    ...(q.period ? { receivedTo: q.period.end } : {}),
    order: 'oldest',
  };
  const items: TFeedbackItem[] = [];
  // Pages of the store's maximum until `limit` items in scope are found.
  for (let offset = 0; ; offset += LIST_LIMIT) {
    const page = await listFeedback(db, { ...filter, limit: LIST_LIMIT, offset });
    for (const it of page) {
      if (q.period && it.closedDate !== null && it.closedDate < q.period.start) continue;
      if (items.length === limit) return { items, truncated: true };
      items.push(it);
    }
    if (page.length < LIST_LIMIT) return { items, truncated: false };
  }
}

/** The JSON of one item: the import's column names (a list can be edited and imported back), plus the workflow's. */
export function toJson(it: TFeedbackItem): Record<string, unknown> {
  return {
    feedback_code: it.code,
    status: it.status,
    source: it.source,
    channel: it.channel,
    unit: it.unitCode,
    received_date: it.receivedDate,
    due_date: it.dueDate,
    closed_date: it.closedDate,
    subject: it.subject,
    content: it.content,
    answer: it.answer,
    reject_reason: it.rejectReason,
    routed_by: it.routedBy,
    procedure_code: it.procedureCode,
    reopen_count: it.reopenCount,
    rating: it.rating,
    received_at: it.receivedAt,
  };
}

const oneLine = (text: string, max: number) => {
  // Control and invisible characters never reach the officer's terminal (ESC sequences could rewrite the screen).
  const t = text.replace(/\s+/g, ' ').replace(/[\p{Cc}\p{Cf}]/gu, '').trim();
  return [...t].length <= max ? t : `${[...t].slice(0, max - 1).join('')}…`;
};

/** The officer's table: phone and ID numbers in the content masked; due dates of open items past today flagged. */
export function renderFeedbackList(items: readonly TFeedbackItem[], ctx: { org?: TOrg; period?: TReportPeriod; today: TIsoDate }): string {
  const lines: string[] = [];
  if (ctx.period) {
    const p = ctx.period;
    lines.push(`Phản ánh, kiến nghị tính vào số liệu tháng ${p.label} (${formatDate(p.start)}–${formatDate(p.end)}${p.partial ? ', đến hôm nay' : ''}):`);
  }
  if (items.length === 0) {
    lines.push('Không có phản ánh, kiến nghị nào khớp bộ lọc.');
    return lines.join('\n');
  }
  const unitName = (code: string) => ctx.org?.units.find((u) => u.code === code)?.shortName ?? code;
  const headers = ['Mã', 'Trạng thái', 'Nguồn', 'Kênh', 'Đơn vị', 'Ngày nhận', 'Hạn trả lời', 'Ngày đóng', 'Nội dung'];
  const rows = items.map((it) => [
    it.code,
    STATUS_LABELS[it.status],
    SOURCE_SHORT[it.source],
    feedbackChannelLabel(it.channel),
    unitName(it.unitCode),
    formatDate(it.receivedDate),
    it.dueDate === null ? '—' : `${formatDate(it.dueDate)}${isOpen(it.status) && it.dueDate < ctx.today ? ' (quá hạn)' : ''}`,
    it.closedDate === null ? '—' : formatDate(it.closedDate),
    oneLine(maskPersonalData(it.content), 70),
  ]);
  lines.push(table(headers, rows));
  lines.push('');
  const byStatus = FEEDBACK_STATUSES.map((s) => [s, items.filter((i) => i.status === s).length] as const).filter(([, n]) => n > 0);
  lines.push(`Tổng: ${formatNumber(items.length)} (${byStatus.map(([s, n]) => `${STATUS_LABELS[s].toLowerCase()} ${formatNumber(n)}`).join(', ')}).`);
  if (ctx.period) {
    const f = computeFeedbackFiguresReference(items, ctx.period);
    for (const s of FEEDBACK_SOURCES) {
      const x = f[s];
      if (x.new + x.carried_over === 0) continue;
      lines.push(`  ${SOURCE_SHORT[s]}: mới ${formatNumber(x.new)}, kỳ trước chuyển qua ${formatNumber(x.carried_over)}, đã giải quyết ${formatNumber(x.resolved)}, đang giải quyết ${formatNumber(x.processing)}.`);
    }
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------------------------
// Demo data

/** The demo's working-day calendar: the repository's holidays file, whatever HOLIDAYS_FILE says (deterministic). */
export function demoHolidays(): ReturnType<typeof parseHolidays> {
  return parseHolidays(JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'config/holidays-vi.json'), 'utf8')));
}

/**
 * The PAKN history of the demo (src/domain/demo/feedback-history.ts) in one transaction, then the PA-YYMM-NNNN
 * counters raised past the seeded codes. Prints what it did; running it again changes nothing.
 */
export async function seedDemoFeedback(db: Db, org: TOrg): Promise<void> {
  const items = generateFeedbackHistory({ org, holidays: demoHolidays() });
  const r = await db.transaction(async (tx) => {
    const written = await upsertSeededFeedback(tx, items);
    await syncFeedbackSequences(tx);
    return written;
  });
  const names: Record<TFeedbackSource, string> = { national_portal: 'Cổng DVC quốc gia', province: 'tỉnh chuyển đến', city: 'thành phố' };
  const bySource = FEEDBACK_SOURCES.map((s) => `${names[s]} ${formatNumber(items.filter((i) => i.source === s).length)}`);
  out(`Phản ánh, kiến nghị mẫu tiếp nhận ${formatDate(DEMO_FEEDBACK.from)}–${formatDate(DEMO_FEEDBACK.to)}: ${formatNumber(items.length)} mục (${bySource.join(', ')}).`);
  out(`  Thêm mới ${formatNumber(r.inserted)}, cập nhật ${formatNumber(r.updated)}, không đổi ${formatNumber(r.unchanged)}.`);
}
