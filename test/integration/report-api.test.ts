import express from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDossierHistory } from '../../src/domain/demo/dossier-history.ts';
import { DEMO_REPORT_TEXTS } from '../../src/domain/demo/report-texts.ts';
import { reportRouter } from '../../src/http/report-routes.ts';
import { defaultReportTexts } from '../../src/report/texts.ts';
import type { Db } from '../../src/store/db.ts';
import { saveOrg, upsertDossiers } from '../../src/store/dossiers.ts';
import { writeReportTexts } from '../../src/store/report-texts.ts';
import { openTestDb } from '../helpers/db.ts';
import { demoOrg } from '../helpers/golden.ts';
import { docxText, missingInOrder } from '../helpers/report-docx.ts';

/** The report router as the lead mounts it under /api/v1 (behind the officer token, tested with the API). */
const org = demoOrg;
let db: Db;
let app: express.Express;

/** supertest parser that keeps a binary body as a Buffer (its `res` is node's IncomingMessage). */
function binary(res: unknown, cb: (err: Error | null, body: unknown) => void) {
  const stream = res as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => cb(null, Buffer.concat(chunks)));
}

beforeAll(async () => {
  db = await openTestDb();
  await db.transaction(async (tx) => {
    await saveOrg(tx, org);
    await upsertDossiers(tx, generateDossierHistory({ org }));
  });
  await writeReportTexts(db, '2024-06', DEMO_REPORT_TEXTS, 'demo', defaultReportTexts(org));
  app = express();
  app.use('/api/v1', reportRouter({ db, org, periodRule: 'decree-09-2019', now: () => new Date('2024-07-01T01:00:00Z') }));
});
afterAll(async () => { await db?.close(); });

describe('GET /api/v1/reports/<kỳ>.docx|.md', () => {
  it('the DOCX, with a Vietnamese-safe file name', async () => {
    const r = await request(app).get('/api/v1/reports/2024-06.docx').buffer(true).parse(binary);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(r.headers['content-disposition']).toBe(
      `attachment; filename="bao-cao-cchc-2024-06.docx"; filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20CCHC%20th%C3%A1ng%2006-2024.docx`,
    );
    expect(r.headers['x-report-failures']).toBe('0');
    const text = docxText(r.body as Buffer);
    expect(missingInOrder(text, ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'BÁO CÁO', 'Kính gửi: Ủy ban nhân dân tỉnh Kiên Giang.', 'Tỷ lệ đúng hẹn đạt: 75%.', 'Huỳnh Quang Hưng'])).toBeUndefined();
  });

  it('the Markdown; the JSON summary; "06-2024" and "tháng trước" name periods too', async () => {
    const md = await request(app).get('/api/v1/reports/2024-06.md');
    expect(md.status).toBe(200);
    expect(md.headers['content-type']).toBe('text/markdown; charset=utf-8');
    expect(md.text).toContain('Số hồ sơ thực hiện DVC toàn trình là: 1.862/2.977 hồ sơ, đạt tỷ lệ 62,55%.');
    const json = await request(app).get('/api/v1/reports/2024-06');
    expect(json.status).toBe(200);
    expect(json.body.summary).toHaveLength(3);
    expect(json.body.failures).toEqual([]);
    expect(json.body.has_dossier_data).toBe(true);
    const last = await request(app).get(`/api/v1/reports/${encodeURIComponent('tháng trước')}`);
    expect(last.body.period.key).toBe('2024-06');
  });

  it('a period without data says so; bad or future periods are 400 with a Vietnamese reason', async () => {
    const empty = await request(app).get('/api/v1/reports/2023-06.md');
    expect(empty.status).toBe(200);
    expect(empty.text).toContain('Chưa có dữ liệu hồ sơ của kỳ báo cáo này');
    expect(empty.text).not.toContain('Tỷ lệ đúng hẹn đạt');
    const future = await request(app).get('/api/v1/reports/2024-09.docx');
    expect(future.status).toBe(400);
    expect(future.body.error).toBe('Kỳ báo cáo tháng 09/2024 chưa bắt đầu.');
    const bad = await request(app).get('/api/v1/reports/hom-qua.docx');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toContain('Không hiểu kỳ báo cáo');
  });

  it('without an organisation configuration: 503', async () => {
    const bare = express();
    bare.use('/api/v1', reportRouter({ db, org: undefined, periodRule: 'decree-09-2019' }));
    const r = await request(bare).get('/api/v1/reports/2024-06.docx');
    expect(r.status).toBe(503);
    expect(r.body.error).toContain('ORG_CONFIG_FILE');
  });
});

describe('GET/PUT /api/v1/reports/<kỳ>/texts', () => {
  it('a new period shows last period\'s texts; PUT saves parts and reports placeholder typos', async () => {
    const get = await request(app).get('/api/v1/reports/2024-07/texts');
    expect(get.status).toBe(200);
    const parts = get.body.parts as { part: string; text: string; updated_by: string }[];
    expect(parts.find((p) => p.part === 'signer.name')).toMatchObject({ text: 'Huỳnh Quang Hưng', updated_by: 'system:copy-2024-06' });
    expect(get.body.placeholders['{thang}']).toBeDefined();

    const put = await request(app).put('/api/v1/reports/2024-07/texts').send({ texts: { 'II.1': '- Tháng {thang}: tốt.\r\n- Tháng {thangsau}: tốt hơn.', IV: 'Không có.' }, updated_by: 'Nguyễn Văn An' });
    expect(put.status).toBe(200);
    expect(put.body.saved).toEqual(['II.1', 'IV']);
    expect(put.body.warnings).toEqual(['Phần II.1: “{thangsau}” không phải chỗ thay tự động, sẽ được in nguyên văn.']);
    expect((put.body.parts as { part: string; text: string; updated_by: string }[]).find((p) => p.part === 'II.1')).toMatchObject({
      text: '- Tháng {thang}: tốt.\n- Tháng {thangsau}: tốt hơn.',
      updated_by: 'api:Nguyễn Văn An',
    });
    const one = await request(app).put('/api/v1/reports/2024-07/texts').send({ part: 'signer.name', text: 'Trần Thị Bình' });
    expect(one.status).toBe(200);
    const md = await request(app).get('/api/v1/reports/2024-07.md');
    expect(md.text).toContain('- Tháng 7: tốt.');
    expect(md.text).toContain('Trần Thị Bình');
  });

  it('bad bodies are 400', async () => {
    const unknown = await request(app).put('/api/v1/reports/2024-07/texts').send({ texts: { 'V.9': 'x' } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toBe('Không có phần “V.9”.');
    expect(unknown.body.parts).toContain('II.1');
    expect((await request(app).put('/api/v1/reports/2024-07/texts').send({ texts: { IV: 5 } })).status).toBe(400);
    expect((await request(app).put('/api/v1/reports/2024-07/texts').send({})).status).toBe(400);
    expect((await request(app).put('/api/v1/reports/2024-13/texts').send({ part: 'IV', text: 'x' })).status).toBe(400);
  });
});
