import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDossierHistory } from '../../src/domain/demo/dossier-history.ts';
import { DEMO_REPORT_TEXTS } from '../../src/domain/demo/report-texts.ts';
import { startWorkers, type TWorkers } from '../../src/queue/workers.ts';
import { miniAppLink, qrSvg } from '../../src/report/qr.ts';
import { defaultReportTexts } from '../../src/report/texts.ts';
import { catalogueServiceFor } from '../../src/services/catalogue.ts';
import { importProcedureFiles } from '../../src/services/catalogue-import.ts';
import { upsertOfficer } from '../../src/store/chat.ts';
import { saveOrg, upsertDossiers } from '../../src/store/dossiers.ts';
import { writeReportTexts } from '../../src/store/report-texts.ts';
import { demoOrg, SHARED_DIR } from '../helpers/golden.ts';
import { startStack, waitUntil, type TStack } from '../helpers/stack.ts';

/**
 * The mini-app in headless Debian Chromium (playwright-core, 360×740), served by the product at /miniapp/ in
 * simulator mode, whose browser fallback signs users in with real simulator mini-app tokens. Screenshots of every
 * page go to artifacts/miniapp/.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const MINIAPP = path.join(ROOT, 'miniapp');
const DIST = path.join(MINIAPP, 'dist');
const SHOTS = path.join(ROOT, 'artifacts/miniapp');
const MINI_APP_ID = '1234567890123456789';
const CITIZEN = '8400000000000000101';
const OFFICER = '8400000000000000202';

/** Builds the mini-app when its build is missing or older than its sources (CI builds it before the tests). */
function ensureBuilt(): void {
  const newest = (p: string): number => {
    const st = fs.statSync(p);
    if (!st.isDirectory()) return st.mtimeMs;
    return Math.max(0, ...fs.readdirSync(p).map((n) => newest(path.join(p, n))));
  };
  const sources = ['src', 'index.html', 'app-config.json', 'vite.config.ts', 'package-lock.json'].map((p) => path.join(MINIAPP, p));
  const index = path.join(DIST, 'index.html');
  if (fs.existsSync(index) && fs.statSync(index).mtimeMs >= Math.max(...sources.map(newest))) return;
  if (!fs.existsSync(path.join(MINIAPP, 'node_modules'))) execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: MINIAPP, stdio: 'inherit', timeout: 300_000 });
  execFileSync('npm', ['run', 'build'], { cwd: MINIAPP, stdio: 'inherit', timeout: 300_000 });
}

let stack: TStack;
let workers: TWorkers;
let browser: Browser;
let base = '';
let dossierCode = '';

async function shot(page: Page, name: string): Promise<void> {
  await page.waitForLoadState('networkidle').catch(() => {});
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: false });
}

async function newContext(): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
}

/** The simulator fallback's dev login, through its page. */
async function devLogin(page: Page, userId: string): Promise<void> {
  await page.goto(`${base}/miniapp/dev-login`);
  await page.locator(`button[data-user-id="${userId}"]`).click();
  // A function, not a string: the page's CSP forbids eval.
  await page.waitForFunction(() => (globalThis as unknown as { localStorage: { getItem(k: string): string | null } }).localStorage.getItem('motcua.dev.token') !== null);
}

beforeAll(async () => {
  ensureBuilt();
  fs.mkdirSync(SHOTS, { recursive: true });
  stack = await startStack({
    role: 'server',
    env: { ZALO_MODE: 'simulator', ZALO_MINI_APP_ID: MINI_APP_ID, ADMIN_API_TOKEN: 'miniapp-e2e-admin-token-0123' },
  });
  workers = startWorkers(stack.running!.rt);
  base = stack.running!.url!;
  const db = stack.running!.rt.db;
  const history = generateDossierHistory({ org: demoOrg });
  dossierCode = history.find((d) => d.receivedDate >= '2024-06-01' && d.receivedDate <= '2024-06-14')!.code;
  await db.transaction(async (tx) => {
    await saveOrg(tx, demoOrg);
    await upsertDossiers(tx, history);
  });
  await writeReportTexts(db, '2024-06', DEMO_REPORT_TEXTS, 'demo', defaultReportTexts(demoOrg));
  const outcome = await importProcedureFiles(catalogueServiceFor(db), [
    { source: path.join(SHARED_DIR, 'data/catalog-vinhbao-2026.jsonl') },
    { source: path.join(SHARED_DIR, 'data/procedures-vinhbao.jsonl') },
  ], { full: true, skipInvalid: false });
  expect(outcome.status).toBe('imported');
  stack.sim.createUser({ userId: CITIZEN, name: 'Nguyễn Thị Hoa' });
  stack.sim.createUser({ userId: OFFICER, name: 'Trần Văn Bình' });
  await upsertOfficer(db, { userId: OFFICER, unitCode: 'PQ', role: 'officer', name: 'Trần Văn Bình' });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await workers?.close();
  await stack?.close();
});

describe('the mini-app in a browser (360×740)', () => {
  it('main bundle within 250 KB gzip', () => {
    const main = fs.readdirSync(path.join(DIST, 'assets')).filter((f) => /^index\..+\.module\.js$/.test(f));
    expect(main).toHaveLength(1);
    const gz = zlib.gzipSync(fs.readFileSync(path.join(DIST, 'assets', main[0]!))).length;
    console.log(`[miniapp] main bundle ${main[0]}: ${(gz / 1024).toFixed(1)} KB gzip`);
    expect(gz).toBeLessThanOrEqual(250 * 1024);
  });

  let citizen: BrowserContext;
  let officer: BrowserContext;
  let code = '';

  it('the QR link of 1.001193 opens its page with its documents; "khai sinh" finds it', async () => {
    const link = miniAppLink({ template: stack.config.miniAppLink.template, miniAppId: MINI_APP_ID }, '1.001193');
    expect(link).toBe(`https://zalo.me/s/${MINI_APP_ID}/procedure/1.001193?src=qr`);
    // The QR image the server prints encodes exactly this link.
    expect(await (await fetch(`${base}/qr/1.001193.svg`)).text()).toBe(await qrSvg(link));
    // In Zalo the path after the app id is the app's route; in a browser the app lives under /miniapp/.
    const inBrowser = link.replace(`https://zalo.me/s/${MINI_APP_ID}/`, `${base}/miniapp/`);
    citizen = await newContext();
    const page = await citizen.newPage();
    await page.goto(inBrowser);
    await expect.poll(() => page.locator('h2.title').textContent(), { timeout: 15_000 }).toMatch(/khai sinh/i);
    const docs = page.locator('section[aria-label="Thành phần hồ sơ"] li');
    expect(await docs.count()).toBeGreaterThan(0);
    expect((await docs.allTextContents()).join(' ')).toMatch(/Tờ khai|Giấy chứng sinh/);
    await shot(page, '02-procedure');

    await page.goto(`${base}/miniapp/`);
    await page.locator('.chips .chip').first().waitFor();
    await shot(page, '01-home');
    await page.getByLabel('Tìm thủ tục').fill('khai sinh');
    // In the search results, not in "Xem gần đây" (the QR visit above put it there).
    const hit = page.locator('section[aria-label^="Kết quả cho"] a[href$="/procedure/1.001193"]');
    await hit.waitFor({ timeout: 10_000 });
    await shot(page, '01b-search');
    await hit.click();
    await page.waitForURL(/\/miniapp\/procedure\/1\.001193$/);
    await expect.poll(() => page.locator('h2.title').textContent()).toMatch(/khai sinh/i);
    await page.close();
  }, 60_000);

  it('a citizen asks in chat, files feedback with a photo; the officer answers in the inbox; the citizen reads and rates it', async () => {
    const page = await citizen.newPage();
    await devLogin(page, CITIZEN);
    await page.goto(`${base}/miniapp/procedure/1.001193`);
    await page.getByRole('button', { name: 'Hỏi trong chat' }).click();
    // openChat's fallback: "#TTHC 1.001193" reaches the webhook as the citizen's text; the bot answers with the card.
    await waitUntil(() => stack.sim.sent({ userId: CITIZEN }).some((m) => /khai sinh/i.test(m.text ?? '')), 15_000);
    await page.getByRole('status').filter({ hasText: '#TTHC 1.001193' }).waitFor();

    await page.goto(`${base}/miniapp/feedback/new?procedure=1.001193`);
    await page.getByLabel('Nội dung phản ánh').fill('Máy lấy số thứ tự ở bộ phận một cửa thành phố bị hỏng từ sáng, người dân phải chờ lâu.');
    const png = Buffer.from(await (await fetch(`${stack.sim.url}/_sim/files/sample.png`)).arrayBuffer());
    await page.locator('input[type="file"]').setInputFiles({ name: 'may-lay-so.png', mimeType: 'image/png', buffer: png });
    await page.locator('.photos img').first().waitFor();
    await shot(page, '03-feedback-form');
    await page.getByRole('button', { name: 'Gửi phản ánh' }).click();
    const done = page.locator('.card.success');
    await done.waitFor({ timeout: 15_000 });
    code = (await done.locator('.code').textContent())!.trim();
    expect(code).toMatch(/^PA-\d{4}-\d{4}$/);
    expect(await done.textContent()).toMatch(/Hạn trả lời: \d{2}\/\d{2}\/\d{4}/);
    await shot(page, '04-feedback-filed');
    await page.goto(`${base}/miniapp/feedback`);
    await page.locator(`a[href$="/feedback/${code}"]`).waitFor();
    await shot(page, '05-my-feedback');

    officer = await newContext();
    const desk = await officer.newPage();
    await devLogin(desk, OFFICER);
    await desk.goto(`${base}/miniapp/officer`);
    await desk.getByLabel('Kỳ báo cáo').selectOption('2024-06');
    await desk.locator('figure.chart svg').waitFor({ timeout: 15_000 });
    expect(await desk.locator('table.figures').textContent()).toMatch(/Cấp huyện/);
    await shot(desk, '07-officer-figures');
    await desk.goto(`${base}/miniapp/officer/inbox`);
    const row = desk.locator(`a[href$="/officer/inbox/${code}"]`);
    await row.waitFor({ timeout: 10_000 });
    await shot(desk, '08-officer-inbox');
    await row.click();
    await desk.locator('.photos img').first().waitFor();
    const answer = 'Bộ phận một cửa đã thay máy lấy số mới lúc 10 giờ; xin lỗi ông/bà vì sự bất tiện.';
    await desk.getByLabel('Nội dung trả lời hoặc lý do từ chối').fill(answer);
    await shot(desk, '09-officer-answer');
    await desk.getByRole('button', { name: 'Gửi trả lời' }).click();
    await desk.locator('.pre.answer').filter({ hasText: 'máy lấy số mới' }).waitFor({ timeout: 10_000 });
    await desk.goto(`${base}/miniapp/officer/report`);
    await desk.getByLabel('Kỳ báo cáo').selectOption('2024-06');
    await desk.locator('.part textarea').first().waitFor({ timeout: 15_000 });
    await shot(desk, '10-officer-report');
    const download = desk.waitForEvent('download', { timeout: 60_000 });
    await desk.getByRole('button', { name: 'Tải báo cáo (DOCX)' }).click();
    expect((await download).suggestedFilename()).toBe('Báo cáo CCHC tháng 06-2024.docx');

    await page.goto(`${base}/miniapp/feedback/${code}`);
    await page.locator('.pre.answer').filter({ hasText: 'máy lấy số mới' }).waitFor({ timeout: 10_000 });
    expect(await page.locator('.timeline').textContent()).toMatch(/Đã tiếp nhận.*Đã trả lời/s);
    await shot(page, '06-feedback-answered');
    await page.getByRole('button', { name: 'Hài lòng', exact: true }).click();
    await page.getByText('Bạn đã đánh giá: hài lòng.').waitFor({ timeout: 10_000 });
    await shot(page, '06b-feedback-rated');
    await page.close();
    await desk.close();
  }, 120_000);

  it('a citizen cannot open officer pages nor call officer API routes (403); dossier look-up works', async () => {
    const page = await citizen.newPage();
    await page.goto(`${base}/miniapp/officer`);
    await page.getByText('Không có quyền truy cập (403).').waitFor({ timeout: 10_000 });
    expect(await page.locator('a[href$="/officer"]').count()).toBe(0); // no officer tab for citizens
    await shot(page, '11-officer-forbidden-citizen');
    const statuses = await page.evaluate(async () => {
      const store = (globalThis as unknown as { localStorage: { getItem(k: string): string | null } }).localStorage;
      const h = { authorization: `Bearer ${store.getItem('motcua.dev.token')}` };
      return Promise.all(['/api/v1/app/officer/feedback', '/api/v1/app/officer/figures?period=2024-06', '/api/v1/app/officer/reports/2024-06/texts'].map(async (u) => (await fetch(u, { headers: h })).status));
    });
    expect(statuses).toEqual([403, 403, 403]);

    await page.goto(`${base}/miniapp/dossier`);
    await page.getByLabel(/Mã hồ sơ/).fill(dossierCode);
    await page.getByRole('button', { name: 'Tra cứu' }).click();
    await page.locator('dl.facts').waitFor({ timeout: 10_000 });
    expect(await page.locator('dl.facts').textContent()).toMatch(/Tình trạng/);
    await shot(page, '12-dossier');
    await page.close();
    await citizen?.close();
    await officer?.close();
  }, 60_000);
});
