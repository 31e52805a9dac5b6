import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Zalo webhook signature (spec/zalo-platform.md): a plain SHA-256 (not an HMAC) of
 * app_id + rawBody + timestamp + OA secret key, sent as `X-ZEvent-Signature: mac=<hex>`.
 */
export function computeEventMac(appId: string, rawBody: Buffer | string, timestamp: string, oaSecretKey: string): string {
  return createHash('sha256')
    .update(appId)
    .update(rawBody)
    .update(timestamp)
    .update(oaSecretKey)
    .digest('hex');
}

export function signatureHeader(appId: string, rawBody: Buffer | string, timestamp: string, oaSecretKey: string): string {
  return `mac=${computeEventMac(appId, rawBody, timestamp, oaSecretKey)}`;
}

export type TSignatureCheck =
  | { ok: true }
  | { ok: false; reason: 'missing-signature' | 'missing-timestamp' | 'malformed-signature' | 'mismatch' };

/** Accepts the header with or without `mac=`; compares in constant time. */
export function verifyEventSignature(input: {
  header: string | undefined;
  rawBody: Buffer;
  timestamp: string | undefined;
  appId: string;
  oaSecretKey: string;
}): TSignatureCheck {
  const header = input.header?.trim();
  if (!header) return { ok: false, reason: 'missing-signature' };
  if (!input.timestamp) return { ok: false, reason: 'missing-timestamp' };
  const given = header.replace(/^mac\s*=\s*/i, '').toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(given)) return { ok: false, reason: 'malformed-signature' };
  const expected = computeEventMac(input.appId, input.rawBody, input.timestamp, input.oaSecretKey);
  const equal = timingSafeEqual(Buffer.from(given, 'hex'), Buffer.from(expected, 'hex'));
  return equal ? { ok: true } : { ok: false, reason: 'mismatch' };
}
