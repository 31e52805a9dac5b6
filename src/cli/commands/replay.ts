import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { signatureHeader } from '../../zalo/signature.ts';
import { CliError, cliConfig, EXIT, note, out, PROJECT_ROOT, UsageError } from '../shared.ts';

export const WEBHOOKS_DIR = path.join(PROJECT_ROOT, 'webhooks');

interface TSpan { start: number; end: number }

/**
 * Where the value at `keys` (object keys from the root) sits in a JSON text already known to be valid; the last
 * occurrence wins, as with JSON.parse. Editing the text in place — instead of JSON.parse + JSON.stringify — keeps
 * every other byte as it was: numeric ids above 2^53 would otherwise lose digits.
 */
export function findJsonValue(raw: string, keys: readonly string[]): TSpan | undefined {
  let i = 0;
  let found: TSpan | undefined;
  const skipWs = () => { while (i < raw.length && ' \t\n\r'.includes(raw[i]!)) i++; };
  const readString = (): string => {
    const start = i++;
    while (raw[i] !== '"') i += raw[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(raw.slice(start, i)) as string;
  };
  const readValue = (depth: number, onPath: boolean): void => {
    skipWs();
    const c = raw[i];
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      skipWs();
      if (raw[i] === close) { i++; return; }
      for (;;) {
        let match = false;
        if (c === '{') {
          skipWs();
          const key = readString();
          skipWs();
          i++; // ':'
          match = onPath && keys[depth] === key;
          skipWs();
        }
        const start = i;
        readValue(depth + 1, match);
        if (match && depth === keys.length - 1) found = { start, end: i };
        skipWs();
        if (raw[i++] !== ',') return; // the closing bracket
      }
    }
    if (c === '"') { readString(); return; }
    while (i < raw.length && !' \t\n\r,]}'.includes(raw[i]!)) i++; // number, true, false, null
  };
  readValue(0, true);
  return found;
}

export interface TReplayBody {
  body: string;
  eventName: string | undefined;
  /** the message id sent (fresh unless kept), when the event has one */
  msgId: string | undefined;
  /** false when the event carries no `timestamp` field: the X-ZEvent-Timestamp header stands in */
  timestampInBody: boolean;
}

/**
 * A sample made sendable again: its timestamp set to `timestamp` (the server drops events older than 24 h) and,
 * unless `keepId`, a fresh message id (the server de-duplicates by it). The field types are kept as they were.
 */
export function prepareReplayBody(raw: string, opts: { timestamp: string; keepId?: boolean; newMsgId?: () => string }): TReplayBody {
  const text = raw.replace(/^\uFEFF/, '');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new CliError(`Tệp không phải JSON hợp lệ: ${(err as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new CliError('Tệp phải chứa một sự kiện JSON (một đối tượng { … }).');
  const event = parsed as { event_name?: unknown; timestamp?: unknown; message?: { msg_id?: unknown } };

  const edits: { span: TSpan; literal: string }[] = [];
  const tsSpan = findJsonValue(text, ['timestamp']);
  if (tsSpan) edits.push({ span: tsSpan, literal: typeof event.timestamp === 'number' ? opts.timestamp : JSON.stringify(opts.timestamp) });

  let msgId: string | undefined;
  const hasMsgId = typeof event.message === 'object' && event.message !== null && event.message.msg_id !== undefined && event.message.msg_id !== null;
  if (hasMsgId) {
    const span = findJsonValue(text, ['message', 'msg_id']);
    if (!opts.keepId && span) {
      msgId = (opts.newMsgId ?? (() => randomBytes(16).toString('hex')))();
      edits.push({ span, literal: JSON.stringify(msgId) });
    } else {
      msgId = String(event.message!.msg_id);
    }
  }
  let body = text;
  for (const e of edits.sort((a, b) => b.span.start - a.span.start)) body = body.slice(0, e.span.start) + e.literal + body.slice(e.span.end);
  return { body, eventName: typeof event.event_name === 'string' ? event.event_name : undefined, msgId, timestampInBody: Boolean(tsSpan) };
}

export function sampleNames(): string[] {
  try {
    return fs.readdirSync(WEBHOOKS_DIR).filter((f) => f.endsWith('.json')).sort();
  } catch {
    return [];
  }
}

/** A path, or the name of a webhooks/ sample with or without `.json` ("follow", "user_send_text.json"). */
export function resolveEventFile(arg: string): string {
  const candidates = [path.resolve(arg), path.join(WEBHOOKS_DIR, arg), path.join(WEBHOOKS_DIR, `${arg}.json`)];
  const file = candidates.find((f) => fs.existsSync(f) && fs.statSync(f).isFile());
  if (file) return file;
  const names = sampleNames().map((f) => f.replace(/\.json$/, ''));
  throw new CliError(`Không tìm thấy tệp sự kiện "${arg}".${names.length ? `\nCác mẫu có sẵn trong webhooks/: ${names.join(', ')}` : ''}`);
}

interface TReplayTarget { url: string; appId: string; oaSecretKey: string; keepId: boolean }

/** Signs and posts one event; true when the server answered 2xx. */
async function replayFile(file: string, target: TReplayTarget): Promise<boolean> {
  const label = path.relative(process.cwd(), file) || file;
  const timestamp = String(Date.now());
  const prepared = prepareReplayBody(fs.readFileSync(file, 'utf8'), { timestamp, keepId: target.keepId });
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-zevent-signature': signatureHeader(target.appId, prepared.body, timestamp, target.oaSecretKey),
    'x-zevent-timestamp': timestamp,
  };
  let res: Response;
  try {
    res = await fetch(target.url, { method: 'POST', headers, body: prepared.body, signal: AbortSignal.timeout(10_000) });
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    const why = cause?.code ?? cause?.message ?? (err as Error).message;
    throw new CliError(`Không gửi được ${label} tới ${target.url}: ${why}.\nMáy chủ đã chạy chưa (npm start)? Hoặc chỉ địa chỉ khác bằng --url.`);
  }
  const text = (await res.text()).trim();
  const id = prepared.msgId ? `, msg_id ${prepared.msgId}${target.keepId ? ' (giữ nguyên)' : ''}` : '';
  out(`${label} (${prepared.eventName ?? 'không rõ sự kiện'}${id}) → HTTP ${res.status} ${res.statusText}`);
  if (text) out(`  ${text.length > 500 ? `${text.slice(0, 500)}…` : text}`);
  return res.ok;
}

export function registerReplayCommand(program: Command): void {
  program
    .command('replay')
    .description('ký và gửi lại một sự kiện webhook mẫu (webhooks/*.json) tới máy chủ đang chạy')
    .argument('[file]', 'tệp JSON của sự kiện, hoặc tên mẫu trong webhooks/ (ví dụ: follow, user_send_text)')
    .option('--all', 'gửi lần lượt mọi mẫu trong webhooks/')
    .option('--url <url>', 'địa chỉ webhook (mặc định: http://127.0.0.1:$PORT/webhooks/zalo)')
    .option('--keep-id', 'giữ nguyên msg_id của mẫu (máy chủ sẽ coi là tin trùng và bỏ qua)')
    .addHelpText('after', '\nTimestamp luôn được đặt lại thành thời điểm hiện tại; chữ ký dùng ZALO_APP_ID và ZALO_OA_SECRET_KEY của cấu hình.')
    .action(async (file: string | undefined, opts: { all?: boolean; url?: string; keepId?: boolean }) => {
      if (file && opts.all) throw new UsageError('Chọn một tệp hoặc --all, không dùng cả hai.');
      if (!file && !opts.all) throw new UsageError('Thiếu tệp sự kiện: replay <file> hoặc replay --all.');
      if (opts.url !== undefined) {
        let ok = false;
        try { ok = /^https?:$/.test(new URL(opts.url).protocol); } catch { ok = false; }
        if (!ok) throw new UsageError(`Địa chỉ --url không hợp lệ: "${opts.url}" (cần http://… hoặc https://…).`);
      }
      const config = cliConfig();
      const target: TReplayTarget = {
        url: opts.url ?? `http://127.0.0.1:${config.port}/webhooks/zalo`,
        appId: config.zalo.appId,
        oaSecretKey: config.zalo.oaSecretKey,
        keepId: Boolean(opts.keepId),
      };
      const files = opts.all ? sampleNames().map((f) => path.join(WEBHOOKS_DIR, f)) : [resolveEventFile(file!)];
      if (files.length === 0) throw new CliError(`Không có mẫu nào trong ${WEBHOOKS_DIR}.`);
      let failed = 0;
      for (const f of files) if (!(await replayFile(f, target))) failed++;
      if (files.length > 1) out(`\nĐã gửi ${files.length} sự kiện: ${files.length - failed} thành công, ${failed} bị từ chối.`);
      if (config.zalo.mode === 'simulator' && failed < files.length) {
        // Replayed events bypass the simulator, which then refuses replies to users it never saw interact.
        note('Lưu ý (chế độ mô phỏng): trình mô phỏng Zalo chỉ nhận tin trả lời cho người dùng đã tương tác qua nó, nên câu trả lời ' +
          'cho người dùng trong mẫu có thể bị ghi "không gửi được" (-230). Muốn thử trọn vòng hội thoại, dùng trang chat của trình mô phỏng.');
      }
      if (failed > 0) process.exitCode = EXIT.error;
    });
}
