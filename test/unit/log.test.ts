import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.ts';

/** What reaches a log line: no token, no secret, no phone or ID number — wherever they hide. */

function memoryLogger(level = 'info') {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      cb();
    },
  });
  const log = createLogger(level, 'test', stream);
  const records = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  return { log, lines, records };
}

const PHONE = '0912 345 678';
const CCCD = '079203001234';

describe('createLogger', () => {
  it('writes JSON records with name and message', () => {
    const { log, records } = memoryLogger();
    log.info({ event: 'follow' }, 'webhook accepted');
    expect(records()).toEqual([expect.objectContaining({ name: 'test', msg: 'webhook accepted', event: 'follow', level: 30 })]);
  });

  it('redacts tokens and secrets under their keys, at any depth and in any spelling', () => {
    const { log, lines, records } = memoryLogger();
    log.info({
      access_token: 'AT-secret-1',
      refreshToken: 'RT-secret-2',
      nested: { headers: { authorization: 'Bearer AT-secret-3', 'x-zevent-signature': 'mac=abc-secret-4' }, oaSecretKey: 'OSK-secret-5' },
      list: [{ token: 'T-secret-6' }, { app_secret: 'AS-secret-7' }],
      userCount: 3,
    }, 'token refreshed');
    const line = lines.join('\n');
    for (let i = 1; i <= 7; i++) expect(line).not.toContain(`secret-${i}`);
    const r = records()[0]!;
    expect(r.access_token).toBe('[redacted]');
    expect(r.refreshToken).toBe('[redacted]');
    expect(r.nested).toEqual({ headers: { authorization: '[redacted]', 'x-zevent-signature': '[redacted]' }, oaSecretKey: '[redacted]' });
    expect(r.list).toEqual([{ token: '[redacted]' }, { app_secret: '[redacted]' }]);
    expect(r.userCount).toBe(3); // everything else as it was
  });

  it('masks phone and ID numbers in the message string, format arguments and nested fields', () => {
    const { log, lines, records } = memoryLogger();
    log.info(`công dân gửi số ${PHONE} và CCCD ${CCCD}`);
    log.info('tin nhắn: %s', `gọi ${PHONE}`);
    log.info({ text: `SĐT ${PHONE}`, deep: { info: { phone: '84912345678', id: CCCD } }, items: [`+84 912 345 678`] }, 'submit_info');
    const all = lines.join('\n');
    for (const raw of [PHONE, '0912345678', CCCD, '84912345678', '912 345 678']) expect(all).not.toContain(raw);
    const [first, second, third] = records();
    expect(first!.msg).toBe('công dân gửi số ********78 và CCCD **********34');
    expect(second!.msg).toBe('tin nhắn: gọi ********78');
    expect(third).toMatchObject({ text: 'SĐT ********78', deep: { info: { phone: '*********78', id: '**********34' } }, items: ['*********78'] });
  });

  it('masks personal data in errors, keeps their type and code', () => {
    const { log, lines, records } = memoryLogger();
    const err = Object.assign(new Error(`không gửi được tới ${PHONE}`), { code: 'E_SEND' });
    log.error({ err }, 'send failed');
    expect(lines.join('\n')).not.toContain(PHONE);
    expect(records()[0]!.err).toMatchObject({ type: 'Error', message: 'không gửi được tới ********78', code: 'E_SEND' });
  });

  it('leaves dates and procedure codes readable', () => {
    const { log, records } = memoryLogger();
    log.info({ due: '14/06/2024', procedure: '1.001193' }, 'hẹn trả 14/06/2024 thủ tục 1.001193');
    expect(records()[0]).toMatchObject({ due: '14/06/2024', procedure: '1.001193', msg: 'hẹn trả 14/06/2024 thủ tục 1.001193' });
  });

  it('respects the level', () => {
    const { log, lines } = memoryLogger('warn');
    log.info('not shown');
    log.warn('shown');
    expect(lines).toHaveLength(1);
  });
});
