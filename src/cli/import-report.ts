import { formatNumber } from '../domain/format.ts';
import { formatImportError, type TImportReport } from '../services/import-table.ts';
import { EXIT, note, out } from './shared.ts';

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
