import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TProcedure } from '../../src/domain/procedure.ts';
import { loadFieldTable, readProcedureFiles } from '../../src/import/read-procedures.ts';
import { CatalogueService } from '../../src/services/catalogue.ts';
import { importProcedureFiles } from '../../src/services/catalogue-import.ts';
import type { Db } from '../../src/store/db.ts';
import { catalogueVersion, getProcedure, listProcedures, listSearchGaps } from '../../src/store/procedures.ts';
import { ENGINES, openTestDb } from '../helpers/db.ts';

const DATA = path.resolve(import.meta.dirname, '../../../shared/data');
const CATALOGUE = path.join(DATA, 'catalog-vinhbao-2026.jsonl');
const HANDBOOK = path.join(DATA, 'procedures-vinhbao.jsonl');

/** The catalogue file with one line changed: what an officer's corrected export looks like. */
function editedCatalogue(edit: (record: Record<string, unknown>) => void, code: string): Buffer {
  const lines = fs.readFileSync(CATALOGUE, 'utf8').split('\n').filter(Boolean).map((l) => {
    const r = JSON.parse(l) as Record<string, unknown>;
    if (r.ma === code) edit(r);
    return JSON.stringify(r);
  });
  return Buffer.from(`${lines.join('\n')}\n`);
}

describe.each(ENGINES)('procedure catalogue on %s', (engine) => {
  let db: Db;
  let catalogue: CatalogueService;
  let merged: TProcedure[];
  beforeAll(async () => {
    db = await openTestDb(engine);
    catalogue = new CatalogueService(db, { versionCheckMs: 0 });
    merged = (await readProcedureFiles([CATALOGUE, HANDBOOK], { fields: await loadFieldTable() })).procedures;
  });
  afterAll(async () => { await db?.close(); });

  it('imports both real catalogues: 254 listed + the handbook merged = 255 procedures, stored as read', async () => {
    expect(await catalogueVersion(db)).toBe(0);
    const outcome = await importProcedureFiles(catalogue, [{ source: CATALOGUE }, { source: HANDBOOK }], { full: false, skipInvalid: false });
    expect(outcome.status).toBe('imported');
    expect(outcome.errors).toEqual([]);
    expect(outcome.files.map((f) => [f.file, f.procedures])).toEqual([['catalog-vinhbao-2026.jsonl', 254], ['procedures-vinhbao.jsonl', 51]]);
    expect(outcome.summary).toMatchObject({ updated: [], unchanged: [], withdrawn: [], version: 1 });
    expect(outcome.summary?.added).toHaveLength(255);

    // Every record comes back exactly as imported: documents, channels, sources and all (large rows included).
    const stored = await listProcedures(db);
    expect(stored).toHaveLength(255);
    const byCode = new Map(merged.map((p) => [p.code, p]));
    for (const p of stored) expect(p).toEqual(byCode.get(p.code));
    expect(stored.filter((p) => p.authority === 'province')).toHaveLength(62);
    expect(stored.filter((p) => p.authority === 'commune')).toHaveLength(193);
    expect(stored.filter((p) => p.sources.length === 2)).toHaveLength(50);
  });

  it('re-importing the same files changes nothing and keeps the catalogue version', async () => {
    const again = await importProcedureFiles(catalogue, [{ source: CATALOGUE }, { source: HANDBOOK }], { full: false, skipInvalid: false });
    expect(again.summary).toMatchObject({ added: [], updated: [], withdrawn: [], version: 1 });
    expect(again.summary?.unchanged).toHaveLength(255);
    // One file alone completes what is stored instead of overwriting it: the handbook keeps the catalogue's flags.
    const handbookOnly = await importProcedureFiles(catalogue, [{ source: HANDBOOK }], { full: false, skipInvalid: false });
    expect(handbookOnly.summary).toMatchObject({ added: [], updated: [], version: 1 });
    const catalogueOnly = await importProcedureFiles(catalogue, [{ source: CATALOGUE }], { full: false, skipInvalid: false });
    expect(catalogueOnly.summary).toMatchObject({ added: [], updated: [], version: 1 });
    expect((await getProcedure(db, '1.001193'))?.documents.length).toBeGreaterThan(5);
  });

  it('re-import updates by code and bumps the version the search follows', async () => {
    expect((await catalogue.searchProcedures('khai sinh')).results[0]?.code).toBe('1.001193');
    const edited = editedCatalogue((r) => { r.ten = 'Thủ tục đăng ký khai sinh cho trẻ em'; r.lienThong = true; }, '1.001193');
    const outcome = await importProcedureFiles(catalogue, [{ source: edited, fileName: 'danh-muc-sua.jsonl' }], { full: false, skipInvalid: false });
    expect(outcome.summary).toMatchObject({ added: [], updated: ['1.001193'], withdrawn: [], version: 2 });
    const p = await catalogue.getProcedure('#TTHC 1.001193.000.00.00.H33');
    expect(p).toMatchObject({ name: 'Thủ tục đăng ký khai sinh cho trẻ em', interconnected: true, status: 'active' });
    expect(p?.documents.length).toBeGreaterThan(5); // the handbook's detail survived the catalogue's correction
    expect((await catalogue.searchProcedures('khai sinh trẻ em')).results[0]).toMatchObject({ code: '1.001193', name: 'Thủ tục đăng ký khai sinh cho trẻ em' });
  });

  it('another process\'s import reaches this process\'s search through the catalogue version', async () => {
    const other = new CatalogueService(db, { versionCheckMs: 0 });
    const lazy = new CatalogueService(db, { versionCheckMs: 60_000 });
    expect((await lazy.searchProcedures('#TTHC 2.001009')).code).toMatchObject({ found: true, status: 'active' });
    await other.importProcedures([{ ...(await getProcedure(db, '2.001009'))!, name: 'Chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản' }], { full: false });
    expect(await catalogueVersion(db)).toBe(3);
    // This process's service asks the database for the version on every call (versionCheckMs 0): it sees the change.
    expect((await catalogue.searchProcedures('chứng thực hợp đồng tài sản động sản')).results[0]?.code).toBe('2.001009');
    expect(catalogue.version).toBe(3);
    // One that trusts its index for a minute keeps it until then, or until told.
    expect(lazy.version).toBe(2);
    lazy.invalidate();
    await lazy.index();
    expect(lazy.version).toBe(3);
  });

  it('a full re-import marks what it no longer lists withdrawn, never deletes, and brings it back later', async () => {
    const outcome = await importProcedureFiles(catalogue, [{ source: CATALOGUE }], { full: true, skipInvalid: false });
    expect(outcome.summary?.withdrawn).toEqual(['2.001009']);
    const withdrawn = await getProcedure(db, '2.001009');
    expect(withdrawn?.status).toBe('withdrawn');
    const row = await db.query<{ withdrawn_at: Date | null }>("SELECT withdrawn_at FROM procedures WHERE code = '2.001009'");
    expect(row.rows[0]?.withdrawn_at).toBeInstanceOf(Date);
    expect(await listProcedures(db)).toHaveLength(255);
    expect(await listProcedures(db, { status: 'active' })).toHaveLength(254);
    // Found by its code (an old dossier names it), never offered for free text.
    expect((await catalogue.searchProcedures('2.001009')).code).toEqual({ code: '2.001009', found: true, status: 'withdrawn' });
    expect((await catalogue.searchProcedures('chứng thực hợp đồng tài sản động sản')).results.map((r) => r.code)).not.toContain('2.001009');

    const back = await importProcedureFiles(catalogue, [{ source: CATALOGUE }, { source: HANDBOOK }], { full: true, skipInvalid: false });
    expect(back.summary?.withdrawn).toEqual([]);
    expect(back.summary?.updated).toContain('2.001009');
    expect((await getProcedure(db, '2.001009'))?.status).toBe('active');
    const again = await db.query<{ withdrawn_at: Date | null }>("SELECT withdrawn_at FROM procedures WHERE code = '2.001009'");
    expect(again.rows[0]?.withdrawn_at).toBeNull();
  });

  it('a file with a bad row is rejected whole unless told to skip it; --full then withdraws nothing', async () => {
    const version = await catalogueVersion(db);
    const csv = Buffer.from([
      'code,name,field,authority,online_level,interconnected,boundary_free',
      '1.001193,Thủ tục đăng ký khai sinh,Hộ tịch,commune,full,false,false',
      '1.00119x,Thủ tục lỗi mã,Hộ tịch,commune,full,false,false',
      '1.000894,Thủ tục đăng ký kết hôn,Hộ tịch,liên bang,full,false,false',
    ].join('\n'));
    const rejected = await importProcedureFiles(catalogue, [{ source: csv, fileName: 'sua.csv' }], { full: true, skipInvalid: false });
    expect(rejected.status).toBe('rejected');
    expect(rejected.reason).toContain('sua.csv');
    expect(rejected.errors.map((e) => e.line)).toEqual([3, 4]);
    expect(rejected.errors.every((e) => e.file === 'sua.csv' && e.column && e.reason)).toBe(true);
    expect(await catalogueVersion(db)).toBe(version);

    const skipped = await importProcedureFiles(catalogue, [{ source: csv, fileName: 'sua.csv' }], { full: true, skipInvalid: true });
    expect(skipped.status).toBe('imported');
    expect(skipped.summary?.withdrawn).toEqual([]);
    expect(skipped.warnings.join(' ')).toContain('không đánh dấu bãi bỏ');
    expect(await listProcedures(db, { status: 'active' })).toHaveLength(255);
  });

  it('rebuilds the index from the database in well under a second', async () => {
    const fresh = new CatalogueService(db, { versionCheckMs: 0 });
    const started = performance.now();
    const index = await fresh.index();
    expect(performance.now() - started).toBeLessThan(1000);
    expect(index.docs).toHaveLength(255);
    expect(index.searchable).toBe(255);
  });

  it('logs unanswered queries without personal data, by frequency', async () => {
    // Grouped by the folded query: typed with or without marks, in any case, it is one line.
    await catalogue.searchProcedures('thời tiết hôm nay thế nào', { recordGap: true });
    await catalogue.searchProcedures('THOI TIET hom nay the nao', { recordGap: true });
    await catalogue.searchProcedures('số điện thoại đổi sim 0912 345 678 cccd 079123456789', { recordGap: true });
    await catalogue.searchProcedures('giá vàng hôm nay', { recordGap: true });
    await catalogue.searchProcedures('giấy phép', { recordGap: true }); // weak: logged too
    await catalogue.searchProcedures('#TTHC 1.999999', { recordGap: true }); // unknown code
    await catalogue.searchProcedures('đăng ký khai sinh', { recordGap: true }); // answered: not logged
    await catalogue.searchProcedures('xin chào 012345678901'); // not asked to record
    const gaps = await listSearchGaps(db);
    expect(gaps[0]).toMatchObject({ count: 2, confidence: 'none' });
    expect(gaps[0]?.query).toMatch(/thời tiết/i);
    expect(gaps.map((g) => g.count)).toEqual([...gaps.map((g) => g.count)].sort((a, b) => b - a));
    expect(gaps.some((g) => g.query.includes('1.999999'))).toBe(true);
    expect(gaps.some((g) => g.confidence === 'weak')).toBe(true);
    expect(gaps.some((g) => /khai sinh|chào/.test(g.query))).toBe(false);
    const everything = JSON.stringify(gaps);
    expect(everything).toContain('********78');
    expect(everything).not.toContain('345 678');
    expect(everything).not.toContain('0912');
    expect(everything).not.toContain('079123456789');
    const columns = (await db.query<{ column_name: string }>("SELECT column_name FROM information_schema.columns WHERE table_name = 'search_queries'")).rows.map((r) => r.column_name);
    expect(columns.some((c) => /user|zalo|phone/.test(c))).toBe(false);
  });
});
