import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findJsonValue, prepareReplayBody } from '../../src/cli/commands/replay.ts';
import { verifyEventSignature } from '../../src/zalo/signature.ts';

// Each CLI run is a fresh process (tsx start-up, PGlite opening): generous timeouts for a loaded 2-core machine.

/**
 * The officer CLI as an officer runs it: a separate process (`node --import tsx src/cli/main.ts …`) with its own
 * environment, on a PGlite folder of its own, without Redis.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const WEBHOOKS = path.join(ROOT, 'webhooks');
const SAMPLES = fs.readdirSync(WEBHOOKS).filter((f) => f.endsWith('.json')).sort();
const OFFICER_A = '7429516038125749871';
const OFFICER_B = '8157302946617283054';
const HOLDER_OFFICER = '1111111111111111111';
const CITIZEN = '6034718295530174422';
const CREDS = { appId: '1234567890123456789', appSecret: 'cli-test-app-secret', oaSecretKey: 'cli-test-oa-secret-key' };

interface TRun { code: number | null; stdout: string; stderr: string }

/** The parent's environment without anything that would change what the CLI does. */
function baseEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(ZALO_|DATABASE_URL$|REDIS_URL$|PORT$|HOST$|DATA_DIR$|ORG_CONFIG_FILE$|DEFAULT_DESK_UNIT$|LOG_LEVEL$|NODE_OPTIONS$|DEBUG$)/.test(k)) continue;
    env[k] = v;
  }
  return { ...env, NODE_ENV: 'test', ...extra };
}

function runCli(args: string[], env: Record<string, string>): Promise<TRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: ROOT, env: baseEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
    child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`cli ${args.join(' ')} timed out\n${stdout}\n${stderr}`)); }, 45_000);
    child.on('error', reject);
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
  });
}

const tempDirs: string[] = [];
function tempDataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-cli-'));
  tempDirs.push(dir);
  return dir;
}
afterAll(() => { for (const d of tempDirs) fs.rmSync(d, { recursive: true, force: true }); });

describe('cli: help and usage', { timeout: 120_000 }, () => {
  it('--help lists the commands in Vietnamese and exits 0', async () => {
    const r = await runCli(['--help'], { DATA_DIR: tempDataDir() });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Cách dùng:');
    for (const cmd of ['replay', 'officers', 'migrate', 'status']) expect(r.stdout).toMatch(new RegExp(`^\\s+${cmd}\\b`, 'm'));
    const sub = await runCli(['officers', '--help'], { DATA_DIR: tempDataDir() });
    expect(sub.code).toBe(0);
    for (const cmd of ['add', 'remove', 'list']) expect(sub.stdout).toMatch(new RegExp(`^\\s+${cmd}\\b`, 'm'));
  });

  it('exits 2 on wrong usage, with the message in Vietnamese', async () => {
    const unknown = await runCli(['officer'], { DATA_DIR: tempDataDir() });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("không có lệnh 'officer'");
    expect(unknown.stderr).toContain('officers'); // the suggestion

    const noRole = await runCli(['officers', 'add', OFFICER_A, '--unit', 'PQ'], { DATA_DIR: tempDataDir() });
    expect(noRole.code).toBe(2);
    expect(noRole.stderr).toContain("thiếu tuỳ chọn bắt buộc '--role");

    const badRole = await runCli(['officers', 'add', OFFICER_A, '--unit', 'PQ', '--role', 'boss'], { DATA_DIR: tempDataDir() });
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toContain('officer, leader, admin');

    const replayNothing = await runCli(['replay'], { DATA_DIR: tempDataDir() });
    expect(replayNothing.code).toBe(2);
  });

  it('a bad environment exits 1 naming every bad variable', async () => {
    const r = await runCli(['officers', 'list'], { DATA_DIR: tempDataDir(), PORT: 'abc', LOG_LEVEL: 'loud' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Cấu hình không hợp lệ');
    expect(r.stderr).toMatch(/PORT:/);
    expect(r.stderr).toMatch(/LOG_LEVEL:/);
    expect(r.stdout).toBe('');
  });
});

describe('cli: officers', { timeout: 120_000 }, () => {
  let dataDir: string;
  const env = () => ({ DATA_DIR: dataDir });
  const list = async () => {
    const r = await runCli(['officers', 'list', '--json'], env());
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as { userId: string; unitCode: string; role: string; name: string | null }[];
  };

  beforeAll(() => { dataDir = tempDataDir(); });

  it('add, list, update, remove: a round trip', async () => {
    expect(await list()).toEqual([]);

    // a unit by its name (any case, without diacritics) is stored under its code
    const a = await runCli(['officers', 'add', OFFICER_A, '--unit', 'duong dong', '--role', 'officer', '--name', 'Nguyễn Văn An'], env());
    expect(a.code, a.stderr).toBe(0);
    expect(a.stdout).toContain('Đã thêm');
    expect(a.stdout).toContain('DUONG-DONG');
    const b = await runCli(['officers', 'add', OFFICER_B, '--unit', 'pq', '--role', 'leader'], env());
    expect(b.code, b.stderr).toBe(0);

    expect(await list()).toEqual([
      { userId: OFFICER_A, unitCode: 'DUONG-DONG', role: 'officer', name: 'Nguyễn Văn An' },
      { userId: OFFICER_B, unitCode: 'PQ', role: 'leader', name: null },
    ]);

    // adding again updates (and keeps the name when none is given)
    const again = await runCli(['officers', 'add', OFFICER_A, '--unit', 'PQ', '--role', 'admin'], env());
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('Đã cập nhật');
    expect((await list()).find((o) => o.userId === OFFICER_A)).toEqual({ userId: OFFICER_A, unitCode: 'PQ', role: 'admin', name: 'Nguyễn Văn An' });

    const human = await runCli(['officers', 'list'], env());
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('Nguyễn Văn An');
    expect(human.stdout).toContain('lãnh đạo');

    const rm = await runCli(['officers', 'remove', OFFICER_A], env());
    expect(rm.code, rm.stderr).toBe(0);
    expect(rm.stdout).toContain(`Đã xoá cán bộ ${OFFICER_A}`);
    expect((await list()).map((o) => o.userId)).toEqual([OFFICER_B]);

    const rmAgain = await runCli(['officers', 'remove', OFFICER_A], env());
    expect(rmAgain.code).toBe(1);
    expect(rmAgain.stderr).toContain('Không có cán bộ nào');
  });

  it('a unit code not in the organisation file exits 1, listing the valid codes; nothing is stored', async () => {
    const r = await runCli(['officers', 'add', OFFICER_A, '--unit', 'XYZ', '--role', 'officer'], env());
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Mã đơn vị "XYZ" không có trong cấu hình tổ chức');
    for (const code of ['PQ', 'DUONG-DONG', 'AN-THOI', 'THO-CHAU']) expect(r.stderr).toContain(code);
    expect((await list()).map((o) => o.userId)).not.toContain(OFFICER_A);
  });

  it('checks units against the file named by ORG_CONFIG_FILE, and fails clearly when it is missing', async () => {
    const dir = tempDataDir();
    const org = {
      name: 'Đặc khu Phú Quốc', levels: [{ code: 'commune', name: 'Đặc khu' }],
      units: [{ code: 'DK-PQ', name: 'Bộ phận một cửa đặc khu Phú Quốc', level: 'commune', receives: ['commune'] }], defaultDesk: 'DK-PQ',
    };
    fs.writeFileSync(path.join(dir, 'org.json'), JSON.stringify(org));
    const ok = await runCli(['officers', 'add', OFFICER_A, '--unit', 'dk-pq', '--role', 'officer'], { DATA_DIR: dir, ORG_CONFIG_FILE: path.join(dir, 'org.json') });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('DK-PQ');
    const old = await runCli(['officers', 'add', OFFICER_A, '--unit', 'PQ', '--role', 'officer'], { DATA_DIR: dir, ORG_CONFIG_FILE: path.join(dir, 'org.json') });
    expect(old.code).toBe(1);
    expect(old.stderr).toContain('DK-PQ');
    const missing = await runCli(['officers', 'add', OFFICER_A, '--unit', 'PQ', '--role', 'officer'], { DATA_DIR: dir, ORG_CONFIG_FILE: path.join(dir, 'nope.json') });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('ORG_CONFIG_FILE');
  });

  it('a user id that is not a Zalo id exits 1', async () => {
    const r = await runCli(['officers', 'add', 'nguyen.van.an', '--unit', 'PQ', '--role', 'officer'], env());
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Mã người dùng Zalo');
  });

  it('migrate and status report on the database without printing secrets', async () => {
    const m = await runCli(['migrate'], env());
    expect(m.code, m.stderr).toBe(0);
    expect(m.stdout).toContain('Không có migration mới');

    const fresh = tempDataDir();
    const first = await runCli(['migrate'], { DATA_DIR: fresh });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/Đã áp dụng \d+ migration/);
    expect(first.stdout).toContain('001-core');

    const s = await runCli(['status'], { ...env(), ZALO_ACCESS_TOKEN: 'secret-access-token-value', ZALO_REFRESH_TOKEN: 'secret-refresh-token-value' });
    expect(s.code, s.stderr).toBe(0);
    expect(s.stdout).toContain(`PGlite ${dataDir}`);
    expect(s.stdout).toContain('001-core');
    expect(s.stdout).toContain('Cặp token Zalo: chưa lưu');
    expect(s.stdout).toContain('đã gửi (sent)');
    expect(s.stdout).toContain('Không gửi được trong 7 ngày qua: 0');
    expect(s.stdout + s.stderr).not.toContain('secret-');
  });
});

describe('cli: while another process holds the PGlite folder', { timeout: 120_000 }, () => {
  let holder: ChildProcess | undefined;
  let dataDir: string;

  afterAll(async () => {
    if (holder && holder.exitCode === null) holder.kill('SIGKILL');
  });

  it('reaches the data through the holder\'s socket, and opens the folder itself once the holder is gone', async () => {
    dataDir = tempDataDir();
    const openUrl = pathToFileURL(path.join(ROOT, 'src/store/open.ts')).href;
    const chatUrl = pathToFileURL(path.join(ROOT, 'src/store/chat.ts')).href;
    const tokensUrl = pathToFileURL(path.join(ROOT, 'src/zalo/token-store.ts')).href;
    // The holder also leaves what `status` reports on: a stored token pair, one sent and one undeliverable message.
    const script = `
      import { openDatabase } from ${JSON.stringify(openUrl)};
      import { insertOutbound, markOutbound, upsertOfficer } from ${JSON.stringify(chatUrl)};
      import { replaceTokenPair } from ${JSON.stringify(tokensUrl)};
      const db = await openDatabase({ databaseUrl: undefined, dataDir: process.env.DATA_DIR, max: 2, migrate: true });
      await upsertOfficer(db, { userId: '${HOLDER_OFFICER}', unitCode: 'PQ', role: 'admin', name: 'Người giữ' });
      await replaceTokenPair(db, 'stored-access-token-value', 'stored-refresh-token-value', 3600);
      await insertOutbound(db, { key: 'e1|r0', userId: '${CITIZEN}', message: { kind: 'text', text: 'Xin chào' } });
      await markOutbound(db, 'e1|r0', { status: 'sent', zaloMessageId: 'z1' });
      await insertOutbound(db, { key: 'e2|r0', userId: '${CITIZEN}', message: { kind: 'text', text: 'Xin chào' } });
      await markOutbound(db, 'e2|r0', { status: 'undeliverable', errorCode: -230, reason: 'người dùng 0912 345 678 không tương tác trong 7 ngày' });
      process.on('SIGTERM', async () => { await db.close(); process.exit(0); });
      setInterval(() => {}, 60_000);
      console.log('ready ' + db.where);
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: ROOT, env: baseEnv({ DATA_DIR: dataDir }), stdio: ['ignore', 'pipe', 'pipe'],
    });
    holder = child;
    let holderErr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => { holderErr += d; });
    const where = await new Promise<string>((resolve, reject) => {
      let buf = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => {
        buf += d;
        const m = /ready (.*)\n/.exec(buf);
        if (m) resolve(m[1]!);
      });
      child.on('exit', (code) => reject(new Error(`holder exited with ${code}: ${holderErr}`)));
      setTimeout(() => reject(new Error(`holder not ready: ${holderErr}`)), 30_000);
    });
    expect(where).toBe(`PGlite ${dataDir}`); // the holder opened the folder itself
    expect(fs.existsSync(path.join(dataDir, 'pglite.lock'))).toBe(true);

    const listed = await runCli(['officers', 'list', '--json'], { DATA_DIR: dataDir });
    expect(listed.code, listed.stderr).toBe(0);
    expect((JSON.parse(listed.stdout) as { userId: string }[]).map((o) => o.userId)).toEqual([HOLDER_OFFICER]);

    const added = await runCli(['officers', 'add', OFFICER_A, '--unit', 'PQ', '--role', 'officer'], { DATA_DIR: dataDir });
    expect(added.code, added.stderr).toBe(0);

    const status = await runCli(['status'], { DATA_DIR: dataDir });
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toContain(`qua tiến trình ${child.pid}`);
    expect(status.stdout).toContain('Cặp token Zalo: đã lưu');
    expect(status.stdout).toMatch(/đã gửi \(sent\)\s+1$/m);
    expect(status.stdout).toMatch(/không gửi được \(undeliverable\)\s+1$/m);
    expect(status.stdout).toContain('Không gửi được trong 7 ngày qua: 1');
    expect(status.stdout).toContain('-230');
    expect(status.stdout).toContain(`…${CITIZEN.slice(-6)}`);
    expect(status.stdout).toContain('********78'); // the phone number in the reason is masked
    for (const secret of [CITIZEN, '0912 345 678', 'stored-access-token-value', 'stored-refresh-token-value']) expect(status.stdout).not.toContain(secret);

    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    holder = undefined;
    expect(fs.existsSync(path.join(dataDir, 'pglite.lock'))).toBe(false);

    // what the CLI wrote through the socket is in the folder
    const after = await runCli(['officers', 'list', '--json'], { DATA_DIR: dataDir });
    expect(after.code, after.stderr).toBe(0);
    expect((JSON.parse(after.stdout) as { userId: string }[]).map((o) => o.userId).sort()).toEqual([HOLDER_OFFICER, OFFICER_A].sort());
  });
});

describe('cli: replay', { timeout: 120_000 }, () => {
  interface TReceived { path: string; raw: string; signature: string | undefined; verified: boolean; body: Record<string, unknown> }
  let server: http.Server;
  let port: number;
  const received: TReceived[] = [];
  const env = (extra: Record<string, string> = {}) => ({
    DATA_DIR: tempDataDir(), ZALO_APP_ID: CREDS.appId, ZALO_APP_SECRET: CREDS.appSecret, ZALO_OA_SECRET_KEY: CREDS.oaSecretKey, ...extra,
  });
  const url = () => `http://127.0.0.1:${port}/webhooks/zalo`;
  const sample = (name: string) => JSON.parse(fs.readFileSync(path.join(WEBHOOKS, name), 'utf8')) as Record<string, unknown>;

  beforeAll(async () => {
    const app = express();
    // Verifies exactly as the product's webhook does: the raw bytes, the body's timestamp, the OA secret key.
    app.post('/webhooks/zalo', express.raw({ type: () => true }), (req, res) => {
      const raw = req.body as Buffer;
      const body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
      const check = verifyEventSignature({
        header: req.get('x-zevent-signature'), rawBody: raw, timestamp: String(body.timestamp), appId: CREDS.appId, oaSecretKey: CREDS.oaSecretKey,
      });
      received.push({ path: req.path, raw: raw.toString('utf8'), signature: req.get('x-zevent-signature'), verified: check.ok, body });
      if (check.ok) res.json({ ok: true });
      else res.status(401).json({ error: 'Chữ ký không hợp lệ' });
    });
    await new Promise<void>((resolve) => { server = app.listen(0, '127.0.0.1', () => resolve()); });
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => { await new Promise((r) => server.close(r)); });

  it('signs a sample with a fresh timestamp and msg_id, and prints the answer', async () => {
    received.length = 0;
    const before = Date.now();
    const r = await runCli(['replay', 'webhooks/user_send_text.json', '--url', url()], env());
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('HTTP 200');
    expect(r.stdout).toContain('{"ok":true}');
    expect(received).toHaveLength(1);
    const got = received[0]!;
    expect(got.verified).toBe(true);
    expect(got.signature).toMatch(/^mac=[0-9a-f]{64}$/);

    const original = sample('user_send_text.json');
    expect(typeof got.body.timestamp).toBe('string');
    const ts = Number(got.body.timestamp);
    expect(ts).toBeGreaterThanOrEqual(before);
    expect(ts).toBeLessThanOrEqual(Date.now());
    const msgId = (got.body.message as { msg_id: string }).msg_id;
    expect(msgId).toMatch(/^[0-9a-f]{32}$/);
    expect(msgId).not.toBe((original.message as { msg_id: string }).msg_id);
    // everything else as in the sample
    const strip = (b: Record<string, unknown>) => ({ ...b, timestamp: 'x', message: { ...(b.message as object), msg_id: 'x' } });
    expect(strip(got.body)).toEqual(strip(original));
  });

  it('--keep-id keeps the msg_id; a sample name and the default URL (PORT) work too', async () => {
    received.length = 0;
    const r = await runCli(['replay', 'user_send_image', '--keep-id'], env({ PORT: String(port) }));
    expect(r.code, r.stderr).toBe(0);
    expect(received).toHaveLength(1);
    expect(received[0]!.path).toBe('/webhooks/zalo');
    expect(received[0]!.verified).toBe(true);
    expect((received[0]!.body.message as { msg_id: string }).msg_id).toBe((sample('user_send_image.json').message as { msg_id: string }).msg_id);
  });

  it('--all replays every sample in webhooks/, each signed and fresh', async () => {
    received.length = 0;
    const before = Date.now();
    const r = await runCli(['replay', '--all', '--url', url()], env());
    expect(r.code, r.stderr).toBe(0);
    expect(received.map((x) => x.body.event_name).sort()).toEqual(SAMPLES.map((f) => sample(f).event_name).sort());
    for (const x of received) {
      expect(x.verified, String(x.body.event_name)).toBe(true);
      expect(Number(x.body.timestamp)).toBeGreaterThanOrEqual(before);
    }
    expect(r.stdout).toContain(`Đã gửi ${SAMPLES.length} sự kiện: ${SAMPLES.length} thành công, 0 bị từ chối`);
  });

  it('a refused event (wrong OA secret key) exits 1 and shows the status', async () => {
    received.length = 0;
    const r = await runCli(['replay', 'follow', '--url', url()], env({ ZALO_OA_SECRET_KEY: 'not-the-right-key' }));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('HTTP 401');
    expect(received[0]!.verified).toBe(false);
  });

  it('no server listening, or no such file: exit 1 with what to do', async () => {
    const down = await runCli(['replay', 'follow', '--url', 'http://127.0.0.1:9/webhooks/zalo'], env());
    expect(down.code).toBe(1);
    expect(down.stderr).toContain('Không gửi được');
    const missing = await runCli(['replay', 'no_such_event', '--url', url()], env());
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('user_send_text'); // lists the samples
  });
});

describe('cli: replay body (in process)', () => {
  const fresh = { timestamp: '1780000000000', newMsgId: () => 'f'.repeat(32) };

  it('edits only the top-level timestamp and message.msg_id, byte for byte elsewhere', () => {
    const raw = '{ "app_id": 4318009912345678901, "timestamp" : "1732680000000",\n "message": {"msg_id":"abc","text":"timestamp \\"msg_id\\" ạ","meta":{"timestamp":"1"}},\n "sender":{"id":"1"} }';
    const r = prepareReplayBody(raw, fresh);
    expect(r.body).toBe(raw.replace('"1732680000000"', '"1780000000000"').replace('"abc"', `"${'f'.repeat(32)}"`));
    expect(r.msgId).toBe('f'.repeat(32));
    expect(r.timestampInBody).toBe(true);
    expect(r.body).toContain('4318009912345678901'); // a numeric id above 2^53 keeps every digit
  });

  it('keeps the type of the timestamp, keeps the id on request, tolerates events without either', () => {
    expect(prepareReplayBody('{"timestamp":1732680000000,"event_name":"follow"}', fresh).body).toBe('{"timestamp":1780000000000,"event_name":"follow"}');
    const kept = prepareReplayBody('{"timestamp":"1","message":{"msg_id":"abc"}}', { ...fresh, keepId: true });
    expect(kept.body).toBe('{"timestamp":"1780000000000","message":{"msg_id":"abc"}}');
    expect(kept.msgId).toBe('abc');
    const bare = prepareReplayBody('{"event_name":"x","list":[{"timestamp":"1"}]}', fresh);
    expect(bare).toEqual({ body: '{"event_name":"x","list":[{"timestamp":"1"}]}', eventName: 'x', msgId: undefined, timestampInBody: false });
  });

  it('refuses what is not one JSON event', () => {
    expect(() => prepareReplayBody('not json', fresh)).toThrow(/JSON/);
    expect(() => prepareReplayBody('[1,2]', fresh)).toThrow(/một sự kiện JSON/);
  });

  it('findJsonValue: the last duplicate wins, like JSON.parse', () => {
    const raw = '{"a":1,"b":{"c":[1,{"c":2}],"c":"x"},"a":"last"}';
    const span = findJsonValue(raw, ['a'])!;
    expect(raw.slice(span.start, span.end)).toBe('"last"');
    const nested = findJsonValue(raw, ['b', 'c'])!;
    expect(raw.slice(nested.start, nested.end)).toBe('"x"');
    expect(findJsonValue(raw, ['z'])).toBeUndefined();
  });
});
