import fs from 'node:fs';
import path from 'node:path';
import express, { type Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createApp } from '../../src/http/app.ts';
import { catalogueRouter } from '../../src/http/catalogue-routes.ts';
import { createLogger } from '../../src/log.ts';
import type { TRuntime } from '../../src/runtime.ts';
import { CatalogueService } from '../../src/services/catalogue.ts';
import type { Db } from '../../src/store/db.ts';
import { listSearchGaps } from '../../src/store/procedures.ts';
import { openTestDb } from '../helpers/db.ts';

const DATA = path.resolve(import.meta.dirname, '../../../shared/data');
const CATALOGUE = fs.readFileSync(path.join(DATA, 'catalog-vinhbao-2026.jsonl'));
const HANDBOOK = fs.readFileSync(path.join(DATA, 'procedures-vinhbao.jsonl'));
const TOKEN = 'officer-token-0123456789abcdef';
const MINI_APP = { template: 'https://zalo.me/s/{MINI_APP_ID}/procedure/{code}?src=qr', miniAppId: '1234567890123456789' };
const log = createLogger('silent');

let db: Db;
let app: Express;
let closed: Express;
beforeAll(async () => {
  db = await openTestDb();
  const catalogue = new CatalogueService(db, { versionCheckMs: 0 });
  app = express().use(catalogueRouter({ db, adminApiToken: TOKEN, log, catalogue, miniAppLink: MINI_APP }));
  closed = express().use(catalogueRouter({ db, adminApiToken: undefined, log, catalogue, miniAppLink: { ...MINI_APP, miniAppId: undefined } }));
});
afterAll(async () => { await db?.close(); });

const upload = (target: Express, body: Buffer, query = '') =>
  request(target).post(`/api/v1/procedures/import${query}`).set('Content-Type', 'application/octet-stream').send(body);

describe('POST /api/v1/procedures/import (officers)', () => {
  it('503 with a Vietnamese message while ADMIN_API_TOKEN is unset', async () => {
    const r = await upload(closed, CATALOGUE).set('Authorization', `Bearer ${TOKEN}`);
    expect(r.status).toBe(503);
    expect(r.body.error).toContain('ADMIN_API_TOKEN');
  });

  it('401 without the token or with a wrong one', async () => {
    expect((await upload(app, CATALOGUE)).status).toBe(401);
    const wrong = await upload(app, CATALOGUE).set('Authorization', `Bearer ${TOKEN}x`);
    expect(wrong.status).toBe(401);
    expect(wrong.headers['www-authenticate']).toBe('Bearer');
    expect((await upload(app, CATALOGUE).set('Authorization', TOKEN)).status).toBe(401);
  });

  it('imports both real files with the token', async () => {
    const first = await upload(app, CATALOGUE, '?filename=thu-tuc.jsonl').set('Authorization', `Bearer ${TOKEN}`);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: 'imported', added: 254, updated: 0, withdrawn: [], errors: [] });
    const second = await upload(app, HANDBOOK, '?filename=procedures.jsonl').set('Authorization', `Bearer ${TOKEN}`);
    expect(second.body).toMatchObject({ status: 'imported', added: 1, updated: 50 });
  });

  it('422 for a file with bad rows (line, column, reason); ?skipInvalid=1 imports the rest', async () => {
    const csv = Buffer.from('code;name;field;authority\n1.001193;Thủ tục đăng ký khai sinh;Hộ tịch;commune\nabc;Thủ tục lỗi;Hộ tịch;commune\n');
    const rejected = await upload(app, csv, '?filename=sua.csv').set('Authorization', `Bearer ${TOKEN}`);
    expect(rejected.status).toBe(422);
    expect(rejected.body.status).toBe('rejected');
    expect(rejected.body.errors).toEqual([{ line: 3, column: expect.any(String), reason: expect.stringContaining('mã') }]);
    const partial = await upload(app, csv, '?filename=sua.csv&skipInvalid=1').set('Authorization', `Bearer ${TOKEN}`);
    expect(partial.status).toBe(200);
    expect(partial.body.errors).toHaveLength(1);
    expect(partial.body.unchanged + partial.body.updated).toBe(1);
  });

  it('400 for an empty body', async () => {
    expect((await upload(app, Buffer.alloc(0)).set('Authorization', `Bearer ${TOKEN}`)).status).toBe(400);
  });
});

describe('public catalogue routes (mini-app)', () => {
  it('GET /api/v1/procedures?q= searches like the chat and needs no token', async () => {
    const r = await request(app).get('/api/v1/procedures').query({ q: 'cho hỏi làm giấy khai sinh cho con cần gì' });
    expect(r.status).toBe(200);
    expect(r.body.confidence).toBe('high');
    expect(r.body.results[0]).toMatchObject({ code: '1.001193', name: 'Thủ tục đăng ký khai sinh', field: 'Hộ tịch' });
    expect(r.body.results[0].score).toBeGreaterThan(0);
    const none = await request(app).get('/api/v1/procedures').query({ q: 'giá vàng hôm nay' });
    expect(none.body).toMatchObject({ confidence: 'none', results: [] });
    expect((await listSearchGaps(db)).map((g) => g.query)).toContain('giá vàng hôm');
  });

  it('GET /api/v1/procedures lists the active catalogue, optionally by field', async () => {
    const all = await request(app).get('/api/v1/procedures');
    expect(all.status).toBe(200);
    expect(all.body.count).toBe(255);
    const civil = await request(app).get('/api/v1/procedures').query({ field: 'ho tich' });
    expect(civil.body.count).toBeGreaterThan(10);
    expect(civil.body.procedures.every((p: { field: string }) => p.field === 'Hộ tịch')).toBe(true);
  });

  it('GET /api/v1/procedures/:code: 200 (with or without the province suffix), 404 unknown, 400 malformed', async () => {
    const r = await request(app).get('/api/v1/procedures/1.001193');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ code: '1.001193', name: 'Thủ tục đăng ký khai sinh', authority: 'commune', status: 'active' });
    expect(r.body.documents.length).toBeGreaterThan(5);
    expect(r.body.sources).toBeUndefined(); // server file paths stay internal
    expect((await request(app).get('/api/v1/procedures/1.001193.000.00.00.H33')).body.code).toBe('1.001193');
    const unknown = await request(app).get('/api/v1/procedures/1.999999');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toContain('1.999999');
    expect((await request(app).get('/api/v1/procedures/abc')).status).toBe(400);
  });
});

describe('GET /qr/<code>.png|.svg', () => {
  it('PNG and SVG of a known procedure', async () => {
    const png = await request(app).get('/qr/1.001193.png').buffer(true);
    expect(png.status).toBe(200);
    expect(png.headers['content-type']).toBe('image/png');
    expect((png.body as Buffer).subarray(1, 4).toString()).toBe('PNG');
    const svg = await request(app).get('/qr/1.001193.svg');
    expect(svg.status).toBe(200);
    expect(svg.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(String(svg.text ?? svg.body)).toContain('<svg');
  });

  it('404 for an unknown code, another extension or anything that is not a code', async () => {
    for (const url of ['/qr/1.999999.png', '/qr/1.001193.gif', '/qr/1.001193', '/qr/..%2F..%2Fetc%2Fpasswd.png', '/qr/%2e%2e%2fpackage.json', '/qr/1.001193.png.svg']) {
      const r = await request(app).get(url);
      expect(r.status, url).toBe(404);
    }
  });

  it('503 while the mini-app id is not configured', async () => {
    const r = await request(closed).get('/qr/1.001193.png');
    expect(r.status).toBe(503);
    expect(r.body.error).toContain('ZALO_MINI_APP_ID');
  });
});

describe('mounted in the product app', () => {
  it('the public routes are reached before the token-guarded /api/v1 router', async () => {
    const config = loadConfig({ ADMIN_API_TOKEN: TOKEN, LOG_LEVEL: 'silent', DATA_DIR: '/nonexistent' });
    const rt = { config, db, log, queues: { inbound: {}, outbound: {} }, producer: {}, redis: {}, org: undefined } as unknown as TRuntime;
    const product = createApp(rt);
    const search = await request(product).get('/api/v1/procedures').query({ q: 'khai sinh' });
    expect(search.status).toBe(200);
    expect(search.body.results[0].code).toBe('1.001193');
    expect((await request(product).get('/api/v1/procedures/1.001193')).status).toBe(200);
    expect((await upload(product, CATALOGUE)).status).toBe(401);
  });
});
