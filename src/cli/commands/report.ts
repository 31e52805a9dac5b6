import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { formatNumber } from '../../domain/format.ts';
import type { TOrg } from '../../domain/org.ts';
import { periodFromKey, resolvePeriod, type TPeriod, type TPeriodRule } from '../../domain/periods.ts';
import { generateReport, ReportPeriodError, type TReportFormat } from '../../report/service.ts';
import { defaultReportTexts, isReportPart, PLACEHOLDERS, REPORT_PARTS, unknownPlaceholders } from '../../report/texts.ts';
import { readReportTexts, writeReportTexts } from '../../store/report-texts.ts';
import { loadOrgConfig } from '../org-config.ts';
import { cliConfig, CliError, EXIT, formatDateTime, note, out, UsageError, withDb } from '../shared.ts';

/**
 * The monthly report: `report --period 2024-06 --out bao-cao.docx [--format md]`, and the officer-written parts of
 * a period: `report text get|set --period 2024-06 --part II.1 [--file F | --text T]`.
 */

interface TReportOpts {
  period?: string;
  out?: string;
  format?: TReportFormat;
}

function requireOrg(): TOrg {
  const source = loadOrgConfig();
  if (!source.found) throw new CliError(`Không thấy tệp cấu hình tổ chức ${source.file} (ORG_CONFIG_FILE): báo cáo lấy các cấp, đơn vị từ tệp này.`);
  return source.org;
}

function requirePeriodText(period: string | undefined): string {
  if (period === undefined || period.trim() === '') throw new UsageError('thiếu --period <kỳ>, ví dụ --period 2024-06');
  return period;
}

/** Texts may be prepared for a period not begun yet ("2024-07" on 10/06): a key is taken as is. */
function textPeriod(text: string, rule: TPeriodRule): TPeriod {
  const byKey = periodFromKey(text.trim(), rule);
  if (byKey) return byKey;
  const r = resolvePeriod(text, { now: new Date(), rule });
  if (!r.ok) throw new CliError(r.error, EXIT.usage);
  return r.period;
}

function partsHelp(): string {
  return [
    '',
    'Các phần (--part):',
    ...REPORT_PARTS.map((p) => `  ${p.part.padEnd(14)} ${p.label}`),
    '',
    'Có thể viết trong nội dung (tự thay theo kỳ báo cáo):',
    ...Object.entries(PLACEHOLDERS).map(([k, v]) => `  ${k.padEnd(14)} ${v}`),
    '',
    'Mỗi dòng là một đoạn văn. Số liệu do máy điền, không nhập tay.',
    'Kỳ mới lấy nội dung của kỳ trước làm bản nháp (lần đầu mở).',
  ].join('\n');
}

export function registerReportCommands(program: Command): void {
  const report = program
    .command('report')
    .description('báo cáo tháng về cải cách TTHC (DOCX theo thể thức Nghị định 30/2020/NĐ-CP, hoặc Markdown); nội dung nhận định: "report text"')
    .option('--period <kỳ>', 'kỳ báo cáo: 2024-06, 06/2024, "tháng 6/2024", "tháng trước"…')
    .option('--out <tệp>', 'tệp ghi ra (mặc định bao-cao-cchc-<kỳ>.docx; với --format md và không có --out: in ra màn hình)')
    .addOption(new Option('--format <định_dạng>', 'định dạng (mặc định: theo đuôi tệp --out, không có thì docx)').choices(['docx', 'md']))
    .action(async (opts: TReportOpts) => {
      const periodText = requirePeriodText(opts.period);
      const format: TReportFormat = opts.format ?? (opts.out?.toLowerCase().endsWith('.md') ? 'md' : 'docx');
      const org = requireOrg();
      const config = cliConfig();
      await withDb(async ({ db }) => {
        let r;
        try {
          r = await generateReport(db, { periodKey: periodText, org, format, periodRule: config.periodRule });
        } catch (err) {
          if (err instanceof ReportPeriodError) throw new CliError(err.message, EXIT.usage);
          throw err;
        }
        if (format === 'md' && opts.out === undefined) {
          process.stdout.write(r.buffer.toString('utf8'));
        } else {
          const file = path.resolve(opts.out ?? r.filename);
          fs.mkdirSync(path.dirname(file), { recursive: true });
          fs.writeFileSync(file, r.buffer);
          out(`Đã ghi báo cáo tháng ${r.period.label}: ${file} (${formatNumber(r.buffer.length / 1024, 1)} KB).`);
          for (const line of r.summary.split('\n')) out(`  ${line}`);
        }
        if (r.failures.length > 0) {
          note(`Cảnh báo: số liệu không nhất quán ở ${r.failures.length} điểm (đã ghi trong Phụ lục của báo cáo):`);
          for (const f of r.failures) note(`  - ${f.description}`);
        }
      });
    });

  const text = report
    .command('text')
    .description('nội dung do cán bộ soạn của từng kỳ (phần nhận định, nơi nhận, người ký…)')
    .addHelpText('after', partsHelp());

  text
    .command('get')
    .description('xem nội dung một phần (hoặc mọi phần) của kỳ báo cáo; dùng chung --period của "report"')
    .option('--part <phần>', 'chỉ một phần (in nguyên văn, để sửa rồi "set --file")')
    .option('--json', 'dạng JSON')
    .addHelpText('after', partsHelp())
    .action(async function (this: Command) {
      const opts = this.optsWithGlobals<TReportOpts & { part?: string; json?: boolean }>();
      const config = cliConfig();
      const period = textPeriod(requirePeriodText(opts.period), config.periodRule);
      if (opts.part !== undefined && !isReportPart(opts.part)) throw new UsageError(`không có phần "${opts.part}".${partsHelp()}`);
      const org = requireOrg();
      await withDb(async ({ db }) => {
        const stored = await readReportTexts(db, period.key, defaultReportTexts(org));
        const byPart = new Map(stored.map((s) => [s.part, s]));
        const parts = REPORT_PARTS.filter((p) => opts.part === undefined || p.part === opts.part);
        if (opts.json) {
          out(JSON.stringify(parts.map((p) => {
            const s = byPart.get(p.part);
            return { part: p.part, label: p.label, text: s?.text ?? '', updated_by: s?.updatedBy ?? null, updated_at: s?.updatedAt.toISOString() ?? null };
          }), null, 2));
          return;
        }
        if (opts.part !== undefined) {
          process.stdout.write(`${byPart.get(opts.part)?.text ?? ''}\n`);
          return;
        }
        out(`Nội dung báo cáo kỳ ${period.label}:`);
        for (const p of parts) {
          const s = byPart.get(p.part);
          out('');
          out(`== ${p.part} — ${p.label}${s ? ` (${s.updatedBy}, ${formatDateTime(s.updatedAt)})` : ''}`);
          out(s?.text.trim() ? s.text : '(để trống)');
        }
      });
    });

  text
    .command('set')
    .description('ghi nội dung một phần của kỳ báo cáo (từ tệp hoặc từ dòng lệnh); dùng chung --period của "report"')
    .requiredOption('--part <phần>', 'phần cần ghi, ví dụ II.1, signer.name, recipients')
    .option('--file <tệp>', 'đọc nội dung từ tệp văn bản UTF-8 ("-": từ đầu vào chuẩn)')
    .option('--text <nội_dung>', 'nội dung (mỗi dòng một đoạn)')
    .option('--by <tên>', 'người sửa, ghi kèm nội dung (mặc định: tên người dùng máy)')
    .addHelpText('after', partsHelp())
    .action(async function (this: Command) {
      const opts = this.optsWithGlobals<TReportOpts & { part: string; file?: string; text?: string; by?: string }>();
      const config = cliConfig();
      const period = textPeriod(requirePeriodText(opts.period), config.periodRule);
      if (!isReportPart(opts.part)) throw new UsageError(`không có phần "${opts.part}".${partsHelp()}`);
      if ((opts.file === undefined) === (opts.text === undefined)) throw new UsageError('cần đúng một trong hai: --file <tệp> hoặc --text <nội dung>');
      let value: string;
      if (opts.file !== undefined) {
        const source = opts.file === '-' ? 0 : path.resolve(opts.file);
        try {
          value = fs.readFileSync(source, 'utf8');
        } catch (err) {
          throw new CliError(`Không đọc được tệp ${opts.file}: ${(err as Error).message}`);
        }
      } else {
        value = opts.text ?? '';
      }
      value = value.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').normalize('NFC').trimEnd();
      for (const p of unknownPlaceholders(value)) note(`Lưu ý: "${p}" không phải chỗ thay tự động, sẽ được in nguyên văn.`);
      const org = requireOrg();
      const by = opts.by?.trim() || `cli:${safeUser()}`;
      await withDb(async ({ db }) => {
        await writeReportTexts(db, period.key, { [opts.part]: value }, by, defaultReportTexts(org));
      });
      out(`Đã lưu phần ${opts.part} của báo cáo kỳ ${period.label} (${value === '' ? 'để trống' : `${formatNumber(value.split('\n').filter((l) => l.trim() !== '').length)} đoạn`}).`);
    });
}

function safeUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return 'unknown';
  }
}
