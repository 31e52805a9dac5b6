/**
 * Dossier import (interchange.md "Dossiers"), shared by `cli import dossiers` and POST /api/v1/dossiers/import:
 * the shared import pipeline (import-table.ts) with the dossier's columns, row validator and bulk upsert by code.
 * A file with a bad row is rejected whole (every bad row reported with line, column and reason) unless
 * `skipInvalid`, which imports the good rows and lists the others.
 */
import { columnLabel, DOSSIER_COLUMNS, validateDossierRow, type TDossier, type TDossierColumn } from '../domain/dossier.ts';
import type { TOrg } from '../domain/org.ts';
import type { Db } from '../store/db.ts';
import { saveOrg, upsertDossiers } from '../store/dossiers.ts';
import { importTable, type TImportReport, type TTableImportOptions } from './import-table.ts';

export { formatImportError, type TImportError } from './import-table.ts';

export type TDossierImportReport = TImportReport;

export interface TDossierImportOptions extends TTableImportOptions {
  org: TOrg;
}

export async function importDossiers(db: Db, source: string | Buffer, opts: TDossierImportOptions): Promise<TDossierImportReport> {
  const batchSize = opts.batchSize ?? 5000;
  return importTable<TDossierColumn, TDossier, { org: TOrg }>(
    db,
    source,
    {
      columns: DOSSIER_COLUMNS,
      label: columnLabel,
      prepare: async (tx) => {
        await saveOrg(tx, opts.org);
        return { org: opts.org };
      },
      validate: (row, ctx) => {
        const r = validateDossierRow(row, ctx);
        return r.ok ? { ok: true, value: r.dossier } : r;
      },
      keyOf: (d) => d.code,
      duplicate: (code, first, line) => ({ line, column: 'dossier_code', reason: `Mã hồ sơ “${code}” trùng với dòng ${first}.` }),
      write: (tx, batch) => upsertDossiers(tx, batch, { batchSize }),
    },
    opts,
  );
}
