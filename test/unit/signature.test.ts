import type * as NodeCrypto from 'node:crypto';
import { beforeEach, describe, expect, it, vi } from 'vitest';

// Spy on the comparison while keeping it real: the check must go through crypto's constant-time compare.
vi.mock('node:crypto', async (importOriginal) => {
  const mod = await importOriginal<typeof NodeCrypto>();
  return { ...mod, default: mod, timingSafeEqual: vi.fn(mod.timingSafeEqual) };
});
const { createHash, createHmac, timingSafeEqual } = await import('node:crypto');
const { computeEventMac, signatureHeader, verifyEventSignature } = await import('../../src/zalo/signature.ts');

/** Zalo's webhook signature: sha256(app_id + raw body + timestamp + OA secret key), sent as `mac=<hex>`. */

const APP_ID = '4318009912345678901';
const KEY = 'oa-secret-key';
const TS = '1732680000000';
const RAW = Buffer.from('{"event_name":"user_send_text","timestamp":"1732680000000","message":{"text":"Xin chào"}}');
const MAC = createHash('sha256').update(`${APP_ID}${RAW.toString('utf8')}${TS}${KEY}`).digest('hex');

const verify = (header: string | undefined, o: { rawBody?: Buffer; timestamp?: string | undefined; appId?: string; oaSecretKey?: string } = {}) =>
  verifyEventSignature({ header, rawBody: o.rawBody ?? RAW, timestamp: 'timestamp' in o ? o.timestamp : TS, appId: o.appId ?? APP_ID, oaSecretKey: o.oaSecretKey ?? KEY });

beforeEach(() => { vi.mocked(timingSafeEqual).mockClear(); });

describe('computeEventMac', () => {
  it('is the plain SHA-256 of app id + raw body + timestamp + OA secret key (not an HMAC)', () => {
    expect(computeEventMac(APP_ID, RAW, TS, KEY)).toBe(MAC);
    expect(computeEventMac(APP_ID, RAW.toString('utf8'), TS, KEY)).toBe(MAC); // string or bytes alike
    expect(signatureHeader(APP_ID, RAW, TS, KEY)).toBe(`mac=${MAC}`);
  });
});

describe('verifyEventSignature', () => {
  it.each([
    ['with mac=', `mac=${MAC}`],
    ['without mac=', MAC],
    ['upper-case hex and MAC=', `MAC=${MAC.toUpperCase()}`],
    ['spaces around', `  mac = ${MAC} `],
  ])('accepts the header %s', (_label, header) => {
    expect(verify(header)).toEqual({ ok: true });
  });

  it('refuses a signature made with another key, app id, timestamp or body', () => {
    expect(verify(`mac=${MAC}`, { oaSecretKey: 'app-secret-by-mistake' })).toEqual({ ok: false, reason: 'mismatch' });
    expect(verify(`mac=${MAC}`, { appId: '1' })).toEqual({ ok: false, reason: 'mismatch' });
    expect(verify(`mac=${MAC}`, { timestamp: '1732680000001' })).toEqual({ ok: false, reason: 'mismatch' });
    expect(verify(`mac=${MAC}`, { rawBody: Buffer.from(RAW.toString('utf8').replace('Xin chào', 'Xin chao')) })).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('an HMAC with the OA secret key (a common mistake) does not pass', () => {
    const hmac = createHmac('sha256', KEY).update(`${APP_ID}${RAW.toString('utf8')}${TS}`).digest('hex');
    expect(verify(`mac=${hmac}`)).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('tells a missing header, a missing timestamp and a malformed value apart', () => {
    expect(verify(undefined)).toEqual({ ok: false, reason: 'missing-signature' });
    expect(verify('   ')).toEqual({ ok: false, reason: 'missing-signature' });
    expect(verify(`mac=${MAC}`, { timestamp: undefined })).toEqual({ ok: false, reason: 'missing-timestamp' });
    for (const bad of ['mac=', 'mac=abc', `mac=${MAC.slice(0, 63)}`, `mac=${MAC}0`, `mac=${MAC.slice(0, 63)}g`, `sha256=${MAC}`, `mac=${Buffer.from(MAC, 'hex').toString('base64')}`]) {
      expect(verify(bad), bad).toEqual({ ok: false, reason: 'malformed-signature' });
    }
    expect(timingSafeEqual).not.toHaveBeenCalled(); // malformed input never reaches the comparison (nor throws in it)
  });

  it('compares well-formed signatures in constant time, wherever they differ', () => {
    const flip = (hex: string, at: number) => hex.slice(0, at) + (hex[at] === '0' ? '1' : '0') + hex.slice(at + 1);
    expect(verify(`mac=${flip(MAC, 0)}`)).toEqual({ ok: false, reason: 'mismatch' });
    expect(verify(`mac=${flip(MAC, 63)}`)).toEqual({ ok: false, reason: 'mismatch' });
    expect(verify(`mac=${MAC}`)).toEqual({ ok: true });
    // every verdict above came from crypto.timingSafeEqual over two 32-byte digests, not from a string compare
    expect(timingSafeEqual).toHaveBeenCalledTimes(3);
    for (const [a, b] of vi.mocked(timingSafeEqual).mock.calls) {
      expect((a as Buffer).length).toBe(32);
      expect((b as Buffer).length).toBe(32);
    }
  });
});
