import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { computeCatalogueFigures, type TCatalogueFigures } from '../../domain/catalogue/index.ts';
import { AUTHORITIES, AUTHORITY_LABELS } from '../../domain/org.ts';
import { normaliseProcedureCode, type TAuthority, type TProcedure } from '../../domain/procedure.ts';
import { fold } from '../../domain/vietnamese.ts';
import { fieldFileName, findPdfFonts, PdfFontMissingError, renderFieldSheet, renderProcedurePosters } from '../../report/qr-posters.ts';
import { loadMiniAppLinkConfig, MiniAppLinkError, miniAppLink } from '../../report/qr.ts';
import { CatalogueService } from '../../services/catalogue.ts';
import { formatFileIssue, importProcedureFiles } from '../../services/catalogue-import.ts';
import { listSearchGaps } from '../../store/procedures.ts';
import { loadOrgConfig } from '../org-config.ts';
import { CliError, formatDateTime, note, out, table, UsageError, withDb } from '../shared.ts';
import { importGroup } from '../import-report.ts';

const CONFIDENCE_LABELS = {
  exact: 'đúng mã thủ tục',
  high: 'cao',
  weak: 'thấp — chatbot sẽ hỏi lại "Có phải bạn muốn tìm…"',
  none: 'không tìm thấy thủ tục phù hợp',
} as const;

/** The CLI reads the database directly, so it always looks at the current catalogue version. */
const cliCatalogue = (db: ConstructorParameters<typeof CatalogueService>[0]) => new CatalogueService(db, { versionCheckMs: 0 });

function positiveInt(raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new UsageError(`"${raw}" không phải số nguyên dương hợp lệ`);
  return n;
}


export function registerCatalogueCommands(program: Command): void {
  importGroup(program)
    .command('procedures')
    .description('nhập danh mục thủ tục hành chính (JSON Lines của danh mục hoặc sổ tay, CSV, XLSX); cập nhật theo mã thủ tục')
    .argument('<tệp...>', 'một hoặc nhiều tệp; danh mục và sổ tay của cùng mã được ghép lại')
    .option('--full', 'nhập toàn bộ: thủ tục đang có mà các tệp không liệt kê được đánh dấu bãi bỏ (không xoá)')
    .option('--skip-invalid', 'nhập các dòng hợp lệ của tệp có dòng lỗi (mặc định: tệp có lỗi không được nhập)')
    .option('--json', 'kết quả dạng JSON')
    .action(async (files: string[], opts: { full?: boolean; skipInvalid?: boolean; json?: boolean }) => {
      for (const f of files) {
        if (!fs.existsSync(f)) throw new CliError(`Không thấy tệp ${f}`);
      }
      await withDb(async ({ db }) => {
        const outcome = await importProcedureFiles(cliCatalogue(db), files.map((f) => ({ source: path.resolve(f), fileName: f })), {
          full: Boolean(opts.full),
          skipInvalid: Boolean(opts.skipInvalid),
        });
        if (opts.json) {
          out(JSON.stringify({
            status: outcome.status,
            reason: outcome.reason,
            files: outcome.files.map((f) => ({ file: f.file, procedures: f.procedures, errors: f.errors.length, shapes: f.shapes })),
            errors: outcome.errors,
            warnings: outcome.warnings,
            ...(outcome.summary ? {
              added: outcome.summary.added.length,
              updated: outcome.summary.updated.length,
              unchanged: outcome.summary.unchanged.length,
              withdrawn: outcome.summary.withdrawn,
              version: outcome.summary.version,
            } : {}),
          }, null, 2));
        } else {
          for (const f of outcome.files) {
            const shapes = [
              f.shapes.catalogue ? `${f.shapes.catalogue} dòng danh mục` : '',
              f.shapes.handbook ? `${f.shapes.handbook} dòng sổ tay` : '',
              f.shapes.table ? `${f.shapes.table} dòng bảng` : '',
            ].filter(Boolean).join(', ');
            out(`${f.file}: ${f.procedures} thủ tục${shapes ? ` (${shapes})` : ''}${f.errors.length ? `, ${f.errors.length} dòng lỗi` : ''}`);
          }
          if (outcome.errors.length) {
            out(`\nDòng lỗi (${outcome.errors.length}):`);
            for (const e of outcome.errors.slice(0, 200)) out(`  ${formatFileIssue(e)}`);
            if (outcome.errors.length > 200) out(`  … và ${outcome.errors.length - 200} dòng lỗi khác`);
          }
          for (const w of outcome.warnings) note(`Lưu ý: ${w}`);
          const s = outcome.summary;
          if (s) {
            out(`\nĐã nhập: ${s.added.length} thủ tục mới, ${s.updated.length} cập nhật, ${s.unchanged.length} không đổi, ${s.withdrawn.length} đánh dấu bãi bỏ.`);
            if (s.withdrawn.length) out(`Bãi bỏ: ${s.withdrawn.join(', ')}`);
          }
        }
        if (outcome.status === 'rejected') {
          throw new CliError(`${outcome.reason ?? 'Không nhập được danh mục.'}${outcome.errors.length ? ' (tuỳ chọn --skip-invalid)' : ''}`);
        }
      });
    });

  program
    .command('search')
    .description('tìm thủ tục như chatbot tìm cho công dân (dùng danh mục trong cơ sở dữ liệu)')
    .argument('<câu_hỏi>', 'câu công dân gõ, ví dụ "lam giay khai sinh cho con"')
    .option('--json', 'kết quả dạng mảng JSON [{code, name, field, score}]')
    .option('--limit <số>', 'số kết quả tối đa', positiveInt, 5)
    .action(async (text: string, opts: { json?: boolean; limit: number }) => {
      await withDb(async ({ db }) => {
        const catalogue = cliCatalogue(db);
        const index = await catalogue.index();
        if (index.docs.length === 0) note('Danh mục thủ tục trống: nhập danh mục bằng lệnh "import procedures <tệp>".');
        const r = await catalogue.searchProcedures(text, { limit: opts.limit });
        const rows = r.results.map(({ code, name, field, score }) => ({ code, name, field, score }));
        if (opts.json) {
          out(JSON.stringify(rows, null, 2));
          note(`Độ tin cậy: ${r.confidence}${r.didYouMean ? `; hiểu là "${r.didYouMean}"` : ''}`);
          return;
        }
        out(`Độ tin cậy: ${CONFIDENCE_LABELS[r.confidence]}`);
        if (r.didYouMean) out(`Hiểu là: "${r.didYouMean}"`);
        if (r.code && !r.code.found) out(`Mã ${r.code.code} không có trong danh mục.`);
        if (rows.length) out(`\n${table(['#', 'Mã', 'Tên thủ tục', 'Lĩnh vực', 'Điểm'], rows.map((x, i) => [String(i + 1), x.code, x.name.length > 90 ? `${x.name.slice(0, 89)}…` : x.name, x.field, x.score.toFixed(3)]))}`);
      });
    });

  program
    .command('search-gaps')
    .description('những câu công dân tìm mà chưa có câu trả lời tốt, nhiều lần nhất trước')
    .option('--json', 'kết quả dạng JSON')
    .option('--limit <số>', 'số dòng tối đa', positiveInt, 50)
    .action(async (opts: { json?: boolean; limit: number }) => {
      await withDb(async ({ db }) => {
        const gaps = await listSearchGaps(db, { limit: opts.limit });
        if (opts.json) {
          out(JSON.stringify(gaps.map((g) => ({ ...g, firstSeen: g.firstSeen.toISOString(), lastSeen: g.lastSeen.toISOString() })), null, 2));
          return;
        }
        if (gaps.length === 0) {
          out('Chưa có câu tìm kiếm nào không được trả lời.');
          return;
        }
        out(table(
          ['Số lần', 'Công dân tìm', 'Kết quả', 'Ví dụ gần nhất', 'Lần cuối'],
          gaps.map((g) => [String(g.count), g.query, g.confidence === 'none' ? 'không thấy' : 'chưa chắc', g.example.length > 60 ? `${g.example.slice(0, 59)}…` : g.example, formatDateTime(g.lastSeen)]),
        ));
      });
    });

  const procedures = program.command('procedures').description('danh mục thủ tục hành chính: số liệu');

  procedures
    .command('figures')
    .description('số liệu danh mục (mục 2.1 báo cáo): số thủ tục, lĩnh vực, ngành, liên thông, phi địa giới theo nơi tiếp nhận và cấp thẩm quyền')
    .option('--json', 'kết quả dạng JSON')
    .action(async (opts: { json?: boolean }) => {
      await withDb(async ({ db }) => {
        const all = await cliCatalogue(db).listProcedures({ status: 'active' });
        const points = [...new Set(all.map((p) => p.receptionPoint ?? null))].sort((a, b) => (a ?? '\uffff').localeCompare(b ?? '\uffff', 'vi'));
        const total = computeCatalogueFigures(all);
        const byPoint = points.map((rp) => ({ receptionPoint: rp, figures: computeCatalogueFigures(all, (p) => (p.receptionPoint ?? null) === rp) }));
        if (opts.json) {
          out(JSON.stringify({ total, receptionPoints: byPoint }, null, 2));
          return;
        }
        if (all.length === 0) {
          out('Danh mục thủ tục trống: nhập danh mục bằng lệnh "import procedures <tệp>".');
          return;
        }
        const rows: string[][] = [];
        const addRows = (label: string, f: Record<TAuthority, TCatalogueFigures>) => {
          for (const a of AUTHORITIES) {
            const x = f[a];
            if (x.procedures === 0) continue;
            rows.push([label, AUTHORITY_LABELS[a], String(x.procedures), String(x.fields), String(x.sectors), String(x.interconnected), String(x.boundaryFree)]);
          }
        };
        for (const { receptionPoint, figures } of byPoint) addRows(receptionPoint ?? '(chưa ghi nơi tiếp nhận)', figures);
        addRows('Tổng cộng', total);
        out(table(['Nơi tiếp nhận', 'Cấp thẩm quyền', 'Số TTHC', 'Lĩnh vực', 'Ngành', 'Liên thông', 'Phi địa giới'], rows));
      });
    });

  program
    .command('qr')
    .description('in mã QR: áp phích A4 cho từng thủ tục và bảng mã QR theo lĩnh vực (PDF)')
    .option('--out <thư_mục>', 'thư mục ghi tệp PDF', 'qr')
    .option('--field <lĩnh_vực>', 'chỉ các thủ tục của một lĩnh vực, ví dụ "Hộ tịch"')
    .option('--codes <mã_thủ_tục...>', 'chỉ các mã thủ tục này (cách nhau bởi dấu cách hoặc dấu phẩy)')
    .action(async (opts: { out: string; field?: string; codes?: string[] | string }) => {
      let fonts;
      let linkConfig;
      try {
        fonts = findPdfFonts();
        linkConfig = loadMiniAppLinkConfig();
        miniAppLink(linkConfig, '1.001193'); // fails early when the mini-app id is missing
      } catch (err) {
        if (err instanceof PdfFontMissingError || err instanceof MiniAppLinkError) throw new CliError(err.message);
        throw err;
      }
      const codes = opts.codes === undefined ? undefined : [opts.codes].flat().flatMap((c) => c.split(',')).map((c) => c.trim()).filter(Boolean).map((c) => {
        const code = normaliseProcedureCode(c);
        if (!code) throw new UsageError(`"${c}" không phải mã thủ tục (ví dụ đúng: 1.001193)`);
        return code;
      });
      const org = loadOrgConfig();
      const selected = await withDb(async ({ db }) => {
        let list = await cliCatalogue(db).listProcedures({ status: 'active', ...(codes ? { codes } : {}) });
        if (codes) {
          const found = new Set(list.map((p) => p.code));
          const unknown = codes.filter((c) => !found.has(c));
          if (unknown.length) throw new CliError(`Không có thủ tục đang hiệu lực mã: ${unknown.join(', ')}`);
        }
        if (opts.field) {
          const want = fold(opts.field);
          list = list.filter((p) => fold(p.field) === want);
          if (list.length === 0) throw new CliError(`Không có thủ tục đang hiệu lực thuộc lĩnh vực "${opts.field}".`);
        }
        return list;
      });
      if (selected.length === 0) throw new CliError('Danh mục thủ tục trống: nhập danh mục bằng lệnh "import procedures <tệp>" trước.');

      const link = (code: string) => miniAppLink(linkConfig, code);
      const posterOpts = { fonts, link, orgName: org.found ? org.org.name : undefined };
      const posterDir = path.resolve(opts.out, 'ap-phich');
      const sheetDir = path.resolve(opts.out, 'bang-linh-vuc');
      fs.mkdirSync(posterDir, { recursive: true });
      fs.mkdirSync(sheetDir, { recursive: true });
      for (const p of selected) {
        fs.writeFileSync(path.join(posterDir, `${p.code}.pdf`), await renderProcedurePosters([posterOf(p)], posterOpts));
      }
      const byField = new Map<string, TProcedure[]>();
      for (const p of selected) byField.set(p.field, [...(byField.get(p.field) ?? []), p]);
      const sheets: string[] = [];
      for (const [field, list] of [...byField].sort(([a], [b]) => a.localeCompare(b, 'vi'))) {
        list.sort((a, b) => a.name.localeCompare(b.name, 'vi'));
        let file = path.join(sheetDir, `${fieldFileName(field)}.pdf`);
        // Two fields that fold to one file name keep both sheets.
        if (sheets.includes(file)) file = file.replace(/\.pdf$/, `-${sheets.length}.pdf`);
        fs.writeFileSync(file, await renderFieldSheet(field, list.map(posterOf), posterOpts));
        sheets.push(file);
      }
      out(`Đã ghi ${selected.length} áp phích vào ${posterDir}`);
      out(`Đã ghi ${sheets.length} bảng mã QR theo lĩnh vực vào ${sheetDir}`);
      out(`Mã QR dẫn tới: ${link(selected[0]!.code)}`);
    });
}

function posterOf(p: TProcedure) {
  return { code: p.code, name: p.name, field: p.field, processingTime: p.processingTime, fee: p.fee };
}
