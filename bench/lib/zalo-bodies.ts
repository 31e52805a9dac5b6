import { randomBytes } from 'node:crypto';
import { SIMULATOR_CREDENTIALS } from '../../src/config.ts';
import { signatureHeader } from '../../src/zalo/signature.ts';

/**
 * Pre-signed user_send_text webhook bodies, shaped like the simulator's (src/zalo/simulator/event-builders.ts) and
 * signed with the product's scheme (src/zalo/signature.ts): every body has its own msg_id (so de-duplication never
 * short-circuits) and its own timestamp. Signing happens here, before the load, not in the load generator's loop.
 */
export interface TSignedBody {
  body: string;
  signature: string;
  msgId: string;
}

export const CREDENTIALS = SIMULATOR_CREDENTIALS;

const TEXTS = [
  'menu', 'hướng dẫn', 'Tra cứu thủ tục', 'bat dau', 'tôi muốn hỏi về đăng ký khai sinh cho con',
  'cấp lại căn cước công dân mất bao lâu?', 'xin chào', 'thủ tục chứng thực bản sao cần giấy tờ gì',
];

export interface TBodyPool {
  readonly bodies: TSignedBody[];
  /** signs more bodies until there are at least n */
  ensure(n: number): void;
}

/** A growing pool of distinct signed bodies (one run id, increasing msg ids and timestamps). */
export function bodyPool(opts: { users?: number; appId?: string; oaId?: string; oaSecretKey?: string } = {}): TBodyPool {
  const appId = opts.appId ?? CREDENTIALS.appId;
  const oaId = opts.oaId ?? CREDENTIALS.oaId;
  const key = opts.oaSecretKey ?? CREDENTIALS.oaSecretKey;
  const users = opts.users ?? 1000;
  const run = randomBytes(4).toString('hex');
  // Timestamps are distinct, strictly increasing and in the past for the first 10 million bodies (the webhook
  // drops events older than 24 h, which these never are).
  const base = Date.now() - 10_000_000 - 60_000;
  const bodies: TSignedBody[] = [];
  return {
    bodies,
    ensure(n: number) {
      for (let i = bodies.length; i < n; i++) {
        const u = i % users;
        const msgId = `${run}${i.toString(16).padStart(24, '0')}`;
        const timestamp = String(base + i);
        const body = JSON.stringify({
          app_id: appId,
          sender: { id: `8447${String(1_000_000_000_000_000 + u).slice(1)}` },
          user_id_by_app: `5123${String(1_000_000_000_000_000 + u).slice(1)}`,
          recipient: { id: oaId },
          event_name: 'user_send_text',
          message: { msg_id: msgId, text: TEXTS[i % TEXTS.length] },
          timestamp,
        });
        bodies.push({ body, signature: signatureHeader(appId, body, timestamp, key), msgId });
      }
    },
  };
}
