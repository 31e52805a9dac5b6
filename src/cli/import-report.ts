import fs from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { formatNumber } from '../domain/format.ts';
import type { TOrg } from '../domain/org.ts';
import { formatImportError, type TImportReport } from '../services/import-table.ts';
import type { Db } from '../store/db.ts';
import { requireOrg } from './org-config.ts';
import { CliError, EXIT, note, out, withDb } from './shared.ts';

/**
 * The result of a spreadsheet import (dossiers, PAKN) as the officer reads it — or as JSON — and the exit code:
 * 1 when nothing was written (bad rows without --skip-invalid, or a file that cannot be read).
 */
export function printImportReport(r: TImportReport, fileName: string, opts: { json?: boolean; seconds: number }): void {
  if (!r.written) process.exitCode = EXIT.error;
  if (opts.json) {
    out(JSON.stringify(r, null, 2));
    return;
  }
  for (const w of r.warnings) note(`Lưu ý: ${w}`);
  if (r.format === null) {
    // The file itself could not be read as a table (format, encoding, missing columns): no row was looked at.
    out(`Không đọc được tệp ${fileName}:`);
    for (const e of r.errors) out(`  ${e.reason}`);
    return;
  }
  if (r.errors.length > 0) {
    out(r.written ? `Các dòng bị loại (${formatNumber(r.rejected)} dòng):` : `Tệp ${fileName} có ${formatNumber(r.rejected)} dòng lỗi:`);
    for (const e of r.errors) out(`  ${formatImportError(e)}`);
    out('');
  }
  if (!r.written) {
    out(`Không nhập tệp ${fileName}: chưa ghi dòng nào. Sửa các dòng trên rồi nhập lại, hoặc dùng --skip-invalid để chỉ nhập các dòng hợp lệ.`);
    return;
  }
  out(`Đã nhập tệp ${fileName}: ${formatNumber(r.rows)} dòng trong ${formatNumber(opts.seconds, 1)} giây.`);
  out(`  Thêm mới:     ${formatNumber(r.inserted)}`);
  out(`  Cập nhật:     ${formatNumber(r.updated)}`);
  out(`  Không đổi:    ${formatNumber(r.unchanged)}`);
  out(`  Bị loại:      ${formatNumber(r.rejected)}`);
}

/** `import` is shared by every kind of file: the group, created by whichever feature registers first. */
export function importGroup(program: Command): Command {
  return program.commands.find((c) => c.name() === 'import') ?? program.command('import').description('nhập dữ liệu từ tệp JSON Lines, CSV hoặc XLSX');
}

/**
 * `import <name> FILE [--skip-invalid] [--format csv|xlsx] [--json]` for a spreadsheet of rows (dossiers, PAKN):
 * the organisation is required (units are checked), the report printed by printImportReport.
 */
export function addTableImportCommand(
  program: Command,
  o: { name: string; description: string; run: (db: Db, file: string, opts: { org: TOrg; skipInvalid?: boolean; format?: 'csv' | 'xlsx' }) => Promise<TImportReport> },
): void {
  importGroup(program)
    .command(o.name)
    .description(o.description)
    .argument('<tệp>', 'tệp CSV (UTF-8, dấu phẩy hoặc chấm phẩy) hoặc XLSX (trang tính đầu tiên)')
    .option('--skip-invalid', 'nhập các dòng hợp lệ, liệt kê các dòng lỗi (mặc định: có dòng lỗi thì không nhập gì)')
    .addOption(new Option('--format <định_dạng>', 'định dạng tệp, khi phần mở rộng không cho biết').choices(['csv', 'xlsx']))
    .option('--json', 'in kết quả dạng JSON (cho máy đọc)')
    .action(async (file: string, opts: { skipInvalid?: boolean; format?: 'csv' | 'xlsx'; json?: boolean }) => {
      const abs = path.resolve(file);
      if (!fs.existsSync(abs)) throw new CliError(`Không thấy tệp ${abs}.`);
      const org = requireOrg();
      await withDb(async ({ db }) => {
        const started = performance.now();
        const r = await o.run(db, abs, { org, skipInvalid: opts.skipInvalid, format: opts.format });
        printImportReport(r, path.basename(abs), { json: opts.json, seconds: (performance.now() - started) / 1000 });
      });
    });
}
