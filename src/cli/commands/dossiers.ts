import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { demoProceduresFromCatalogue } from '../../domain/demo/catalogue-procedures.ts';
import { DEMO_HISTORY, generateDossierHistory } from '../../domain/demo/dossier-history.ts';
import { DEMO_REPORT_PERIOD, DEMO_REPORT_TEXTS } from '../../domain/demo/report-texts.ts';
import type { TDemoProcedure } from '../../domain/demo/procedures.ts';
import { CHANNEL_LABELS } from '../../domain/dossier.ts';
import type { TDossierFigures, TOnlineFigures } from '../../domain/figures/index.ts';
import { formatDate, formatNumber, formatPercent } from '../../domain/format.ts';
import { AUTHORITIES, AUTHORITY_LABELS, parseOrg } from '../../domain/org.ts';
import { periodForMonth, RULE_DESCRIPTIONS } from '../../domain/periods.ts';
import { loadFieldTable, readProcedureFiles } from '../../import/read-procedures.ts';
import type { TProcedure } from '../../domain/procedure.ts';
import { catalogueServiceFor } from '../../services/catalogue.ts';
import { figuresOfPeriod, resolveReportPeriod, type TFiguresOutput } from '../../services/figures.ts';
import { importDossiers } from '../../services/import-dossiers.ts';
import { countDossiers, saveOrg, upsertDossiers } from '../../store/dossiers.ts';
import { countFeedback } from '../../store/feedback-import.ts';
import { writeReportTexts } from '../../store/report-texts.ts';
import { defaultReportTexts } from '../../report/texts.ts';
import { addTableImportCommand } from '../import-report.ts';
import { seedDemoFeedback } from './feedback.ts';
import { DEFAULT_ORG_CONFIG_FILE, loadOrgConfig, resolveUnit } from '../org-config.ts';
import { cliConfig, CliError, EXIT, out, PROJECT_ROOT, table, withDb } from '../shared.ts';

/** Officer commands on dossiers: import, figures of a period, demo data. */

export function registerDossierCommands(program: Command): void {
  addTableImportCommand(program, {
    name: 'dossiers',
    description: 'nhập hồ sơ (CSV hoặc XLSX theo mẫu interchange.md), cập nhật theo mã hồ sơ',
    run: (db, file, opts) => importDossiers(db, file, opts),
  });

  program
    .command('stats')
    .description('số liệu hồ sơ của một kỳ báo cáo (theo từng cấp thẩm quyền; dịch vụ công trực tuyến, số hóa)')
    .requiredOption('--period <kỳ>', 'kỳ báo cáo: 2024-06, 06/2024, "tháng 6/2024", "tháng trước"…')
    .option('--unit <mã>', 'chỉ tính hồ sơ tiếp nhận tại một đơn vị (mã hoặc tên, ví dụ DUONG-DONG, "Dương Đông")')
    .option('--json', 'in theo khuôn số liệu của interchange.md (cho máy đọc)')
    .action(async (opts: { period: string; unit?: string; json?: boolean }) => {
      const config = cliConfig();
      const resolved = resolveReportPeriod(opts.period, { now: new Date(), rule: config.periodRule });
      if (!resolved.ok) throw new CliError(resolved.error, EXIT.usage);
      const source = loadOrgConfig();
      const unit = opts.unit === undefined ? undefined : resolveUnit(source, opts.unit);
      await withDb(async ({ db }) => {
        const f = await figuresOfPeriod(db, resolved.period, { org: source.found ? source.org : undefined, unit: unit?.code });
        if (opts.json) out(JSON.stringify(f, null, 2));
        else out(renderFigures(f, unit ? `${unit.code}${unit.unit ? ` — ${unit.unit.shortName ?? unit.unit.name}` : ''}` : undefined));
      });
    });

  const demo = program.command('demo').description('dữ liệu mẫu để trình diễn (Phú Quốc 2024)');
  demo
    .command('seed')
    .description('nạp tổ chức Phú Quốc 2024, lịch sử hồ sơ mẫu 04–08/2024 và phản ánh, kiến nghị mẫu 01–08/2024 (chạy lại không thay đổi gì)')
    .option('--if-empty', 'chỉ nạp khi cơ sở dữ liệu chưa có hồ sơ và phản ánh, kiến nghị nào')
    .option('--data <thư_mục>', 'thư mục danh mục thủ tục (JSON Lines); mặc định ../shared/data nếu có')
    .action(async (opts: { ifEmpty?: boolean; data?: string }) => {
      const orgFile = path.join(PROJECT_ROOT, DEFAULT_ORG_CONFIG_FILE);
      const org = parseOrg(JSON.parse(fs.readFileSync(orgFile, 'utf8')));
      await withDb(async ({ db }) => {
        if (opts.ifEmpty) {
          // Nothing is added to a database that holds dossiers or feedback (real data must never get demo items).
          const n = await countDossiers(db);
          const f = await countFeedback(db);
          if (n > 0 || f > 0) {
            out(n > 0
              ? `Đã có ${formatNumber(n)} hồ sơ trong cơ sở dữ liệu: không nạp dữ liệu mẫu.`
              : `Đã có ${formatNumber(f)} phản ánh, kiến nghị trong cơ sở dữ liệu: không nạp dữ liệu mẫu.`);
            return;
          }
        }
        const catalogue = await readDemoCatalogue(opts.data);
        const dossiers = generateDossierHistory({ org, ...(catalogue ? { procedures: catalogue.procedures } : {}) });
        const r = await db.transaction(async (tx) => {
          await saveOrg(tx, org);
          return upsertDossiers(tx, dossiers);
        });
        // The catalogue itself, so that citizens can search it in the demo chat (re-import updates by code).
        const stored = catalogue ? await catalogueServiceFor(db).importProcedures(catalogue.catalogue, { full: false }) : undefined;
        out(`Tổ chức: ${org.name} — ${org.units.length} đơn vị (${path.relative(PROJECT_ROOT, orgFile)}).`);
        out(catalogue
          ? `Thủ tục: ${formatNumber(catalogue.procedures.length)} mã (danh sách có sẵn và danh mục ${catalogue.folder}); danh mục tra cứu: ${formatNumber(catalogue.catalogue.length)} thủ tục${stored ? ` (mới ${formatNumber(stored.added.length)}, cập nhật ${formatNumber(stored.updated.length)})` : ''}.`
          : 'Thủ tục: danh sách có sẵn (không thấy danh mục ../shared/data).');
        out(`Hồ sơ mẫu tiếp nhận ${formatDate(DEMO_HISTORY.from)}–${formatDate(DEMO_HISTORY.to)} (và hồ sơ tồn từ trước): ${formatNumber(dossiers.length)} hồ sơ.`);
        const byAuthority = AUTHORITIES.map((a) => `${AUTHORITY_LABELS[a]} ${formatNumber(dossiers.filter((d) => d.authority === a).length)}`);
        out(`  Theo cấp thẩm quyền: ${byAuthority.join(', ')}.`);
        const online = dossiers.filter((d) => d.channel === 'online').length;
        out(`  Nộp ${CHANNEL_LABELS.online}: ${formatNumber(online)} (${formatPercent((online / dossiers.length) * 100, 2)}).`);
        out(`  Thêm mới ${formatNumber(r.inserted)}, cập nhật ${formatNumber(r.updated)}, không đổi ${formatNumber(r.unchanged)}.`);
        // The PAKN history, whose 06/2024 figures are the golden file's `feedback`.
        await seedDemoFeedback(db, org);
        // The officer-written parts of the June 2024 report (the seed's narrative); later months start from them.
        await writeReportTexts(db, DEMO_REPORT_PERIOD, DEMO_REPORT_TEXTS, 'demo', defaultReportTexts(org));
        const june = periodForMonth(2024, 6, 'decree-09-2019');
        out(`Xem số liệu tháng 06/2024: npm run -s cli -- stats --period 2024-06 (kỳ ${formatDate(june.start)}–${formatDate(june.end)}).`);
        out('Báo cáo tháng 06/2024 (nội dung mẫu theo báo cáo thật): npm run -s cli -- report --period 2024-06 --out bao-cao-06-2024.docx');
      });
    });
}

/** The catalogue files of the demo folder, mapped for the generator; undefined when there are none. */
async function readDemoCatalogue(folder: string | undefined): Promise<{ folder: string; procedures: TDemoProcedure[]; catalogue: TProcedure[] } | undefined> {
  const dir = path.resolve(folder ?? path.join(PROJECT_ROOT, '..', 'shared', 'data'));
  if (!fs.existsSync(dir)) {
    if (folder) throw new CliError(`Không thấy thư mục danh mục ${dir}.`);
    return undefined;
  }
  const files = fs.readdirSync(dir).filter((f) => /^(catalog|procedures).*\.jsonl$/i.test(f)).sort().map((f) => path.join(dir, f));
  if (files.length === 0) return undefined;
  // With the field→sector table, as `import procedures` reads them: the stored catalogue feeds the report's counts.
  const r = await readProcedureFiles(files, { fields: await loadFieldTable() });
  if (r.procedures.length === 0) return undefined;
  return { folder: dir, procedures: demoProceduresFromCatalogue(r.procedures), catalogue: r.procedures };
}

const ROW_KEYS: { key: keyof TDossierFigures; title: string }[] = [
  { key: 'carried_over', title: 'Kỳ trước' },
  { key: 'new', title: 'Mới' },
  { key: 'total', title: 'Tổng' },
  { key: 'resolved', title: 'Giải quyết' },
  { key: 'early', title: 'Trước hạn' },
  { key: 'on_time', title: 'Đúng hạn' },
  { key: 'late', title: 'Trễ hạn' },
  { key: 'withdrawn', title: 'Dừng/rút' },
  { key: 'pending', title: 'Tồn' },
  { key: 'pending_not_yet_due', title: 'Chưa đến hạn' },
  { key: 'pending_overdue', title: 'Quá hạn' },
];

/** The figures as a readable Vietnamese table (numbers right-aligned, 2.070 and 62,55%). */
export function renderFigures(f: TFiguresOutput, unitLabel?: string): string {
  const p = f.period;
  const lines: string[] = [];
  lines.push(`Số liệu hồ sơ tháng ${p.label} (${formatDate(p.start)}–${formatDate(p.end)}${p.partial ? ', đến hôm nay' : ''})`);
  lines.push(`Kỳ báo cáo: ${RULE_DESCRIPTIONS[p.rule]}.`);
  lines.push(`Phạm vi: ${unitLabel ? `hồ sơ tiếp nhận tại ${unitLabel}` : 'toàn bộ các nơi tiếp nhận'}.`);
  lines.push('');
  const headers = ['Cấp thẩm quyền', ...ROW_KEYS.map((k) => k.title), 'Đúng hẹn'];
  const rows = AUTHORITIES.map((a) => {
    const row = f.dossiers[a];
    return [AUTHORITY_LABELS[a], ...ROW_KEYS.map((k) => formatNumber(row[k.key] as number)), formatPercent(row.on_time_rate_percent)];
  });
  lines.push(table(headers, rightAlign(headers, rows)));
  lines.push('');
  const o: TOnlineFigures = f.online_and_digitisation;
  lines.push(`Dịch vụ công trực tuyến và số hóa (${o.scope.map((a) => AUTHORITY_LABELS[a]).join(' + ')}):`);
  const ratio = (num: number, den: number, rate: number | null) => [`${formatNumber(num)} / ${formatNumber(den)}`, formatPercent(rate, 2)];
  const onlineRows = [
    ['Tiếp nhận trực tuyến', ...ratio(o.received_online, o.new_total, o.received_online_rate_percent)],
    ['Toàn trình', ...ratio(o.fully_online, o.in_scope_total, o.fully_online_rate_percent)],
    ['Thanh toán trực tuyến', formatNumber(o.paid_online), ''],
    ['Số hóa khi tiếp nhận', ...ratio(o.digitised_at_receipt, o.new_total, o.digitised_at_receipt_rate_percent)],
    ['Số hóa kết quả', ...ratio(o.result_digitised, o.result_digitisable, o.result_digitised_rate_percent)],
  ];
  const onlineHeaders = ['Chỉ tiêu', 'Số hồ sơ', 'Tỷ lệ'];
  lines.push(table(onlineHeaders, rightAlign(onlineHeaders, onlineRows, 1)));
  return lines.join('\n');
}

/** Pads every column but the first `textColumns` on the left, so that table() shows numbers right-aligned. */
function rightAlign(headers: string[], rows: string[][], textColumns = 1): string[][] {
  const width = (s: string) => [...s].length;
  return rows.map((r) =>
    r.map((c, i) => {
      if (i < textColumns) return c;
      const w = Math.max(width(headers[i] ?? ''), ...rows.map((x) => width(x[i] ?? '')));
      return ' '.repeat(w - width(c)) + c;
    }),
  );
}
