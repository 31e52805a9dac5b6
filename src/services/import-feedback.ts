/**
 * PAKN from other channels (interchange.md), shared by `cli import feedback` and the officers' HTTP API: the shared
 * import pipeline (import-table.ts) with the feedback columns, row validator and upsert by code. A file with a bad
 * row is rejected whole unless `skipInvalid`. Imported items count in the figures exactly like chat-filed ones.
 */
import {
  FEEDBACK_COLUMNS,
  feedbackColumnLabel,
  validateFeedbackRow,
  type TFeedbackColumn,
  type TFeedbackImportContext,
  type TImportedFeedback,
} from '../domain/feedback/import-row.ts';
import type { TOrg } from '../domain/org.ts';
import type { Db } from '../store/db.ts';
import { citizenFiledCodes, syncFeedbackSequences, upsertImportedFeedback } from '../store/feedback-import.ts';
import { importTable, type TImportReport, type TTableImportOptions } from './import-table.ts';

export { formatImportError, type TImportError } from './import-table.ts';

export type TFeedbackImportReport = TImportReport;

export interface TFeedbackImportOptions extends TTableImportOptions {
  /** units are checked against it (code, name or alias); an empty unit goes to its defaultDesk */
  org: TOrg;
  /** written on each item's timeline ('imported' event), e.g. { file: 'pakn-thang-6.xlsx', by: 'api:admin' } */
  detail?: Record<string, unknown>;
}

/** One row of an API body: keyed by the canonical column names or their aliases, like a file's header. */
export type TFeedbackRowInput = Readonly<Record<string, unknown>>;

/**
 * Imports a file (path or Buffer: CSV, XLSX, JSON Lines) or rows already parsed (an API's JSON array; each row's
 * `line` in errors is then its position, 1-based). Re-importing a code updates that item; items citizens filed in
 * chat are never overwritten (their row is reported); the PA-YYMM-NNNN counters are raised past imported codes.
 */
export async function importFeedback(
  db: Db,
  source: string | Buffer | readonly TFeedbackRowInput[],
  opts: TFeedbackImportOptions,
): Promise<TFeedbackImportReport> {
  const batchSize = opts.batchSize ?? 5000;
  // Rows go through the same reader as JSON Lines: header aliases, cell normalisation and line numbers for free.
  const input = typeof source === 'string' || Buffer.isBuffer(source) ? source : Buffer.from(source.map((r) => JSON.stringify(r)).join('\n'));
  const options = typeof source === 'string' || Buffer.isBuffer(source) ? opts : { ...opts, format: 'jsonl' as const };
  return importTable<TFeedbackColumn, TImportedFeedback, TFeedbackImportContext>(
    db,
    input,
    {
      columns: FEEDBACK_COLUMNS,
      label: feedbackColumnLabel,
      prepare: async (tx) => ({ org: opts.org, protectedCodes: await citizenFiledCodes(tx) }),
      validate: (row, ctx) => {
        const r = validateFeedbackRow(row, ctx);
        return r.ok ? { ok: true, value: r.item } : r;
      },
      keyOf: (item) => item.code,
      duplicate: (code, first, line) => ({ line, column: 'feedback_code', reason: `Mã phản ánh “${code}” trùng với dòng ${first}.` }),
      write: (tx, batch) => upsertImportedFeedback(tx, batch, { batchSize, detail: opts.detail }),
      finish: async (tx) => {
        await syncFeedbackSequences(tx);
      },
    },
    options,
  );
}
