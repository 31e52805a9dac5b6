import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TIntent } from '../../src/bot/router.ts';
import { FEEDBACK_TEXTS, STATS_TEXTS, TEXTS } from '../../src/bot/texts.ts';
import type { TDossier } from '../../src/domain/dossier.ts';
import { createApp } from '../../src/http/app.ts';
import { createLogger } from '../../src/log.ts';
import type { TRuntime } from '../../src/runtime.ts';
import { handleInboundEvent, type TConversationDeps } from '../../src/services/conversation.ts';
import { answerFeedbackAs, fileFeedback, type TFeedbackEnv } from '../../src/services/feedback.ts';
import { upsertOfficer } from '../../src/store/chat.ts';
import type { Db } from '../../src/store/db.ts';
import { saveOrg, upsertDossiers } from '../../src/store/dossiers.ts';
import { getFeedback } from '../../src/store/feedback.ts';
import { openTestDb } from '../helpers/db.ts';
import { demoOrg } from '../helpers/golden.ts';
import { importTestCatalogue } from '../helpers/hostile.ts';
import { startStack, waitUntil, type TStack } from '../helpers/stack.ts';

/**
 * The authorisation matrix: every chat command (router intent) and every HTTP route of createApp against each kind
 * of caller. A new intent without a row fails the type check (the tables are Records over the intent names); a new
 * HTTP route without a row fails the first HTTP test (the routes are read from the express router stacks).
 */

// =================================================================================================================
// Chat commands
// =================================================================================================================

/**
 * Who writes to the bot. Items of the matrix belong to `citizen` and are routed to DUONG-DONG (Dương Đông).
 *   citizen  — the citizen who filed the item        stranger — another citizen
 *   other    — an officer of another unit (AN-THOI)  officer  — an officer of DUONG-DONG
 *   leader   — a leader (PQ, the city)               admin    — an admin (PQ)
 */
const CHAT_ROLES = ['citizen', 'stranger', 'other', 'officer', 'leader', 'admin'] as const;
type TChatRole = (typeof CHAT_ROLES)[number];
type TChatRow = readonly [citizen: string, stranger: string, other: string, officer: string, leader: string, admin: string];

/**
 * Expected outcome of each command for each caller. "no" means refused with a polite message and nothing changed;
 * other words name what the caller got (own = their own items only; unit = their unit's inbox; all = every unit's;
 * counts = overdue counts per unit; list = counts and the oldest overdue dossiers; fallback = "tôi chưa hiểu ý bạn").
 */
const CHAT_EXPECTED: Record<TIntent['name'], TChatRow> = {
  //                    citizen     stranger    other       officer     leader      admin
  'menu':              ['menu',     'menu',     'menu',     'menu',     'menu',     'menu'],
  'help':              ['help',     'help',     'help',     'help',     'help',     'help'],
  'handoff':           ['handoff',  'handoff',  'handoff',  'handoff',  'handoff',  'handoff'],
  'procedures-prompt': ['prompt',   'prompt',   'prompt',   'prompt',   'prompt',   'prompt'],
  'feedback-prompt':   ['dialog',   'dialog',   'dialog',   'dialog',   'dialog',   'dialog'],
  'dossier-prompt':    ['prompt',   'prompt',   'prompt',   'prompt',   'prompt',   'prompt'],
  'stats':             ['no',       'no',       'figures',  'figures',  'figures',  'figures'],
  'overdue':           ['no',       'no',       'counts',   'counts',   'list',     'list'],
  'full-report':       ['fallback', 'fallback', 'report',   'report',   'report',   'report'],
  'dossier-lookup':    ['dossier',  'dossier',  'dossier',  'dossier',  'dossier',  'dossier'],
  'procedure':         ['card',     'card',     'card',     'card',     'card',     'card'],
  'feedback-oneline':  ['filed',    'filed',    'filed',    'filed',    'filed',    'filed'],
  'feedback-mine':     ['own',      'own',      'own',      'own',      'own',      'own'],
  'feedback-inbox':    ['own',      'own',      'unit',     'unit',     'all',      'all'],
  'feedback-view':     ['yes',      'no',       'no',       'yes',      'yes',      'yes'],
  'feedback-answer':   ['no',       'no',       'no',       'yes',      'yes',      'yes'],
  'feedback-reject':   ['no',       'no',       'no',       'yes',      'yes',      'yes'],
  'feedback-reassign': ['no',       'no',       'no',       'no',       'yes',      'yes'],
  'feedback-rate':     ['yes',      'no',       'no',       'no',       'no',       'no'],
  'feedback-follow':   ['no',       'no',       'no',       'no',       'no',       'no'],
  'unknown':           ['fallback', 'fallback', 'fallback', 'fallback', 'fallback', 'fallback'],
};

interface TCell {
  /** the item of the cell (filed by the cell's citizen, routed to DUONG-DONG) */
  code: string;
  content: string;
  replies: string[];
  kinds: string[];
}
type TJudge = (c: TCell, after: Awaited<ReturnType<typeof getFeedback>>, db: Db) => string | Promise<string>;

const has = (c: TCell, s: string) => c.replies.some((r) => r.includes(s));
const yesIf = (ok: boolean) => (ok ? 'yes' : 'no');
const mineOrNone = (c: TCell) => has(c, 'Phản ánh của bạn (') || has(c, FEEDBACK_TEXTS.mineNone);

/** What each command is, and how to tell what the caller got. `needs`: an item to act on (answered: for rating). */
const CHAT_COMMANDS: Record<TIntent['name'], { text: (code: string) => string; needs?: 'item' | 'answered'; judge: TJudge }> = {
  'menu': { text: () => 'menu', judge: (c) => (has(c, TEXTS.menu) ? 'menu' : '?') },
  'help': { text: () => 'hướng dẫn', judge: (c) => (has(c, 'Hướng dẫn sử dụng') ? 'help' : '?') },
  'handoff': { text: () => 'cho tôi gặp cán bộ', judge: (c) => (has(c, TEXTS.handoffAck) ? 'handoff' : '?') },
  'procedures-prompt': { text: () => 'tra cứu thủ tục', judge: (c) => (has(c, TEXTS.proceduresPrompt) ? 'prompt' : '?') },
  'feedback-prompt': { text: () => 'phản ánh', judge: (c) => (has(c, 'Mời bạn nhập nội dung phản ánh') ? 'dialog' : '?') },
  'dossier-prompt': { text: () => 'tra cứu hồ sơ', judge: (c) => (has(c, TEXTS.dossierPrompt) ? 'prompt' : '?') },
  'stats': { text: () => 'thống kê tháng 6/2024', judge: (c) => (has(c, STATS_TEXTS.notForCitizens) ? 'no' : has(c, 'Thống kê hồ sơ tháng 06/2024') ? 'figures' : '?') },
  'overdue': {
    text: () => 'hồ sơ quá hạn tháng 6/2024',
    judge: (c) => (has(c, STATS_TEXTS.notForCitizens) ? 'no' : has(c, 'hồ sơ quá hạn lâu nhất') ? 'list' : has(c, 'Hồ sơ quá hạn tính đến ngày') ? 'counts' : '?'),
  },
  'full-report': { text: () => 'báo cáo tháng 6/2024', judge: (c) => (c.kinds.includes('file') ? 'report' : has(c, 'tôi chưa hiểu ý bạn') ? 'fallback' : '?') },
  'dossier-lookup': { text: () => 'tra cứu hồ sơ AUTHZ-0001', judge: (c) => (has(c, 'Hồ sơ AUTHZ-0001') ? 'dossier' : '?') },
  'procedure': { text: () => '#TTHC 1.001193', judge: (c) => (has(c, 'Đăng ký khai sinh') ? 'card' : '?') },
  'feedback-oneline': { text: () => 'phản ánh: đèn chiếu sáng trước nhà văn hóa khu phố 3 bị hỏng', judge: (c) => (has(c, 'Đã tiếp nhận phản ánh của bạn') ? 'filed' : '?') },
  'feedback-mine': { text: () => 'phản ánh của tôi', judge: (c) => (mineOrNone(c) ? 'own' : '?') },
  'feedback-inbox': {
    text: () => 'pakn',
    needs: 'item',
    judge: (c) => (mineOrNone(c) ? 'own' : has(c, 'tất cả đơn vị') ? 'all' : has(c, 'Phản ánh chờ xử lý (') || has(c, 'Không có phản ánh nào chờ xử lý (') ? 'unit' : '?'),
  },
  'feedback-view': { text: (code) => `xem ${code}`, needs: 'item', judge: (c) => yesIf(has(c, `- Nội dung: ${c.content}`)) },
  'feedback-answer': { text: (code) => `trả lời ${code} Đã sửa đèn, cảm ơn bạn đã báo.`, needs: 'item', judge: (_c, a) => yesIf(a?.status === 'answered') },
  'feedback-reject': { text: (code) => `từ chối ${code} không thuộc thẩm quyền của thành phố`, needs: 'item', judge: (_c, a) => yesIf(a?.status === 'rejected') },
  'feedback-reassign': { text: (code) => `chuyển ${code} An Thới`, needs: 'item', judge: (_c, a) => yesIf(a?.unitCode === 'AN-THOI') },
  'feedback-rate': { text: (code) => `đánh giá ${code} hài lòng`, needs: 'answered', judge: (_c, a) => yesIf(a?.rating === 'satisfied') },
  'feedback-follow': {
    text: (code) => `theo dõi ${code}`,
    needs: 'item',
    judge: async (c, _a, db) => yesIf(((await db.query('SELECT 1 FROM feedback_followers WHERE feedback_code = $1', [c.code])).rowCount ?? 0) > 0),
  },
  'unknown': { text: () => 'con mèo nhà tôi bị lạc từ hôm qua', judge: (c) => (has(c, 'tôi chưa hiểu ý bạn') ? 'fallback' : '?') },
};

describe('chat commands × callers', () => {
  let db: Db;
  let deps: TConversationDeps;
  let reportsDir: string;
  let n = 0;
  const env = (): TFeedbackEnv => ({ org: demoOrg, deskUnit: 'PQ', holidays: new Set(), answerWorkingDays: 10, messageWindowMs: 7 * 86_400_000, now: new Date() });

  beforeAll(async () => {
    db = await openTestDb();
    reportsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-authz-'));
    await saveOrg(db, demoOrg);
    await importTestCatalogue(db);
    const dossier = (code: string, unit: string, finished?: string): TDossier => ({
      code, procedureCode: '1.001193', authority: 'commune', receptionPoint: unit, receivedDate: '2024-05-20', dueDate: '2024-05-25',
      ...(finished ? { finishedDate: finished } : {}), channel: 'online', fullyOnline: true, paidOnline: false, digitisedAtReceipt: true, resultDigitised: null,
    });
    await upsertDossiers(db, [dossier('AUTHZ-0001', 'DUONG-DONG', '2024-05-24'), dossier('AUTHZ-0002', 'DUONG-DONG'), dossier('AUTHZ-0003', 'AN-THOI')]);
    // The desk has an officer, so that "gặp cán bộ" has someone to notify.
    await upsertOfficer(db, { userId: '9000000000000000000', unitCode: 'PQ', role: 'officer' });
    deps = {
      db, log: createLogger('silent'), handoffQuietMs: 30 * 60_000, deskUnit: 'PQ', org: demoOrg, periodRule: 'decree-09-2019', reportsDir,
      feedback: { env: { holidays: new Set(), answerWorkingDays: 10, messageWindowMs: 7 * 86_400_000 }, dialogMs: 30 * 60_000, maxAttachments: 5 },
    };
  });
  afterAll(async () => {
    await db?.close();
    fs.rmSync(reportsDir, { recursive: true, force: true });
  });

  /** Fresh people for each cell: a handoff or a dialog started by one cell never colours another. */
  async function person(role: TChatRole, owner: string): Promise<string> {
    if (role === 'citizen') return owner;
    const id = `9${String(++n).padStart(18, '0')}`;
    const officer = { other: ['AN-THOI', 'officer'], officer: ['DUONG-DONG', 'officer'], leader: ['PQ', 'leader'], admin: ['PQ', 'admin'] } as const;
    if (role !== 'stranger') await upsertOfficer(db, { userId: id, unitCode: officer[role][0], role: officer[role][1] });
    return id;
  }

  async function runCell(intent: TIntent['name'], role: TChatRole): Promise<{ outcome: string; cell: TCell }> {
    const cmd = CHAT_COMMANDS[intent];
    const owner = `8${String(++n).padStart(18, '0')}`;
    const content = `Cột đèn số ${n} trước chợ Dương Đông bị nghiêng, có nguy cơ đổ.`;
    const code = await db.transaction(async (tx) => {
      const r = await fileFeedback(tx, env(), { content, attachments: [], unitCode: 'DUONG-DONG', placeBy: 'chosen', channel: 'zalo', citizenUserId: owner, filedEventId: `authz:${n}` });
      if (cmd.needs === 'answered') await answerFeedbackAs(tx, env(), { kind: 'admin', name: 'test' }, r.item.code, 'Đã dựng lại cột đèn, cảm ơn bạn.');
      return r.item.code;
    });
    const userId = await person(role, owner);
    const eventId = `msg:authz-${n}`;
    await handleInboundEvent(deps, { eventId, eventName: 'user_send_text', kind: 'message', userId, timestamp: String(Date.now()), text: cmd.text(code), attachments: [] });
    const rows = await db.query<{ body: { kind: string; text?: string; caption?: string } }>(
      "SELECT body FROM outbound_messages WHERE idempotency_key LIKE $1 AND user_id = $2 ORDER BY idempotency_key", [`${eventId}|r%`, userId]);
    const cell: TCell = { code, content, replies: rows.rows.map((r) => r.body.text ?? r.body.caption ?? ''), kinds: rows.rows.map((r) => r.body.kind) };
    return { outcome: await cmd.judge(cell, await getFeedback(db, code), db), cell };
  }

  for (const [intent, row] of Object.entries(CHAT_EXPECTED) as [TIntent['name'], TChatRow][]) {
    it(`${intent}: ${CHAT_ROLES.map((r, i) => `${r} ${row[i]}`).join(', ')}`, async () => {
      const got: Record<string, string> = {};
      for (const role of CHAT_ROLES) {
        const { outcome, cell } = await runCell(intent, role);
        got[role] = outcome;
        // Whatever the command, a stranger or an officer of another unit never reads the item's content.
        if (role === 'stranger' || role === 'other') expect(cell.replies.join('\n'), `${intent} as ${role}`).not.toContain(cell.content);
      }
      expect(got).toEqual(Object.fromEntries(CHAT_ROLES.map((r, i) => [r, row[i]])));
    }, 30_000);
  }
});

// =================================================================================================================
// HTTP routes
// =================================================================================================================

/**
 * Who calls. none: no credentials. citizen … admin: a Zalo mini-app token of a user who follows the OA (citizen: no
 * officer role; other: officer of AN-THOI; officer: officer of DUONG-DONG; leader and admin: of PQ). token: the
 * officers' API token (ADMIN_API_TOKEN). Items are filed by `citizen` and routed to DUONG-DONG.
 */
const HTTP_ROLES = ['none', 'citizen', 'other', 'officer', 'leader', 'admin', 'token'] as const;
type THttpRole = (typeof HTTP_ROLES)[number];
type THttpRow = readonly [none: number, citizen: number, other: number, officer: number, leader: number, admin: number, token: number];

const ALL = (s: number): THttpRow => [s, s, s, s, s, s, s];
const SIGNED_IN = (s: number): THttpRow => [401, s, s, s, s, s, 401];
const TOKEN_ONLY = (s: number): THttpRow => [401, 401, 401, 401, 401, 401, s];
const SPA = fs.existsSync(path.resolve(import.meta.dirname, '../../miniapp/dist/index.html')) ? 200 : 503;

/** Expected status of every route of createApp (live mode) for every caller. STATIC: a folder served by express.static. */
const HTTP_EXPECTED: Record<string, THttpRow> = {
  //                                                  none citizen other officer leader admin token
  'POST /webhooks/zalo':                              ALL(401), // the Zalo signature is the credential: none here
  'GET /healthz':                                     ALL(200),
  'GET /readyz':                                      ALL(200),
  'GET /metrics':                                     ALL(200), // counters only (no ids, no text): restrict at the proxy
  'GET /':                                            ALL(200),
  'GET /files/:code/:seq':                            ALL(403), // the signed link is the credential (tested in api-hostile)
  'GET /^\\/miniapp$/':                               ALL(301),
  'GET /miniapp/config.json':                         ALL(200),
  'STATIC /miniapp/assets':                           ALL(404),
  'STATIC /miniapp':                                  ALL(SPA),
  'GET /^\\/miniapp\\/.*/':                           ALL(SPA),
  'GET /api/v1/openapi.json':                         ALL(200),
  'GET /api/v1/me':                                   SIGNED_IN(200),
  'GET /api/v1/app/units':                            SIGNED_IN(200),
  'GET /api/v1/app/dossiers/:code':                   SIGNED_IN(200),
  'POST /api/v1/app/feedback':                        SIGNED_IN(201),
  'GET /api/v1/app/feedback':                         SIGNED_IN(200),
  'GET /api/v1/app/feedback/:code':                   [401, 200, 403, 403, 403, 403, 401],
  'POST /api/v1/app/feedback/:code/rate':             [401, 200, 403, 403, 403, 403, 401],
  'GET /api/v1/app/officer/figures':                  [401, 403, 200, 200, 200, 200, 401],
  'GET /api/v1/app/officer/feedback':                 [401, 403, 200, 200, 200, 200, 401],
  'GET /api/v1/app/officer/feedback/:code':           [401, 403, 403, 200, 200, 200, 401],
  'POST /api/v1/app/officer/feedback/:code/answer':   [401, 403, 403, 200, 200, 200, 401],
  'POST /api/v1/app/officer/feedback/:code/reject':   [401, 403, 403, 200, 200, 200, 401],
  'POST /api/v1/app/officer/feedback/:code/reassign': [401, 403, 403, 403, 200, 200, 401],
  'GET /api/v1/app/officer/reports/:file':            [401, 403, 200, 200, 200, 200, 401],
  'GET /api/v1/app/officer/reports/:period/texts':    [401, 403, 200, 200, 200, 200, 401],
  'PUT /api/v1/app/officer/reports/:period/texts':    [401, 403, 403, 403, 200, 200, 401], // leaders, admins, the desk's officers
  'POST /api/v1/procedures/import':                   TOKEN_ONLY(200),
  'GET /api/v1/procedures':                           ALL(200),
  'GET /api/v1/procedures/:code':                     ALL(200),
  'GET /qr/:file':                                    ALL(200),
  'GET /api/v1/feedback':                             TOKEN_ONLY(200),
  'GET /api/v1/feedback/:code':                       TOKEN_ONLY(200),
  'POST /api/v1/feedback/:code/answer':               TOKEN_ONLY(200),
  'POST /api/v1/feedback/:code/reject':               TOKEN_ONLY(200),
  'POST /api/v1/feedback/:code/reassign':             TOKEN_ONLY(200),
  'GET /api/v1/stats':                                TOKEN_ONLY(200),
  'POST /api/v1/dossiers/import':                     TOKEN_ONLY(200),
  'POST /api/v1/feedback/import':                     TOKEN_ONLY(200),
  'GET /api/v1/reports/:file':                        TOKEN_ONLY(200),
  'GET /api/v1/reports/:period/texts':                TOKEN_ONLY(200),
  'PUT /api/v1/reports/:period/texts':                TOKEN_ONLY(200),
};

/** Routes that exist only in some configurations: the simulator's dev sign-in (never in live mode), the verifier. */
const CONDITIONAL: Record<string, string> = {
  'GET /miniapp/dev/users': 'ZALO_MODE=simulator only',
  'POST /miniapp/dev/token': 'ZALO_MODE=simulator only',
  'POST /miniapp/dev/chat': 'ZALO_MODE=simulator only',
  'GET /zalo_verifier<code>.html': 'with ZALO_SITE_VERIFICATION',
};

type TLayer = { route?: { path: unknown; methods: Record<string, boolean> }; handle: { stack?: TLayer[]; name?: string }; rawPath?: unknown; name?: string };

/** Every endpoint of an express app: routes (method + full path) and static folders, through mounted routers. */
function endpointsOf(app: Express): string[] {
  const out = new Set<string>();
  const show = (p: unknown) => (p instanceof RegExp ? String(p) : String(p));
  const walk = (stack: TLayer[], prefix: string) => {
    for (const l of stack) {
      if (l.route) {
        for (const p of [l.route.path].flat()) {
          for (const [m, on] of Object.entries(l.route.methods)) if (on && m !== '_all') out.add(`${m.toUpperCase()} ${p instanceof RegExp ? show(p) : `${prefix}${show(p)}`}`);
        }
      } else if (l.handle.stack) {
        for (const mp of [l.rawPath].flat()) walk(l.handle.stack, `${prefix}${mp === '/' || mp === undefined ? '' : show(mp)}`);
      } else if (l.name === 'serveStatic') {
        for (const mp of [l.rawPath].flat()) out.add(`STATIC ${prefix}${show(mp)}`);
      }
    }
  };
  walk((app as unknown as { router: { stack: TLayer[] } }).router.stack, '');
  return [...out];
}

describe('HTTP routes × callers', () => {
  const TOKEN = 'authz-admin-token-0123456789abcdef';
  let stack: TStack;
  let base = '';
  const tokens: Partial<Record<THttpRole, string>> = {};
  const ids: Partial<Record<THttpRole, string>> = {};

  const headers = (role: THttpRole, extra: Record<string, string> = {}) => {
    const t = role === 'token' ? TOKEN : tokens[role];
    return { ...(t ? { authorization: `Bearer ${t}` } : {}), ...extra };
  };
  const call = (role: THttpRole, method: string, url: string, body?: unknown, type = 'application/json') => fetch(`${stack.running!.url}${url}`, {
    method, redirect: 'manual',
    headers: headers(role, body === undefined ? {} : { 'content-type': type }),
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  /** An open item of the citizen, routed to DUONG-DONG; answered for rating. */
  const item = async (answered = false) => {
    const rt = stack.running!.rt;
    const e: TFeedbackEnv = { org: rt.org, deskUnit: rt.deskUnit, holidays: new Set(), answerWorkingDays: 10, messageWindowMs: 7 * 86_400_000, now: new Date() };
    return rt.db.transaction(async (tx) => {
      const r = await fileFeedback(tx, e, { content: 'Biển chỉ dẫn vào bộ phận một cửa bị che khuất.', attachments: [], unitCode: 'DUONG-DONG', placeBy: 'chosen', channel: 'zalo', citizenUserId: ids.citizen!, filedEventId: `authz-http:${Math.random()}` });
      if (answered) await answerFeedbackAs(tx, e, { kind: 'admin', name: 'test' }, r.item.code, 'Đã dời biển chỉ dẫn ra vị trí dễ thấy.');
      return r.item.code;
    });
  };
  const csv = (lines: string[]) => lines.join('\n');
  let procedureSeq = 0;

  const RUN: Record<string, (r: THttpRole) => Promise<Response>> = {
    'POST /webhooks/zalo': (r) => call(r, 'POST', '/webhooks/zalo', { event_name: 'user_send_text', timestamp: String(Date.now()), sender: { id: '1' }, message: { msg_id: 'x', text: 'menu' } }),
    'GET /healthz': (r) => call(r, 'GET', '/healthz'),
    'GET /readyz': (r) => call(r, 'GET', '/readyz'),
    'GET /metrics': (r) => call(r, 'GET', '/metrics'),
    'GET /': (r) => call(r, 'GET', '/'),
    'GET /files/:code/:seq': async (r) => call(r, 'GET', `/files/${await item()}/1`),
    'GET /^\\/miniapp$/': (r) => call(r, 'GET', '/miniapp'),
    'GET /miniapp/config.json': (r) => call(r, 'GET', '/miniapp/config.json'),
    'STATIC /miniapp/assets': (r) => call(r, 'GET', '/miniapp/assets/khong-co.js'),
    'STATIC /miniapp': (r) => call(r, 'GET', '/miniapp/index.html'),
    'GET /^\\/miniapp\\/.*/': (r) => call(r, 'GET', '/miniapp/procedure/1.001193'),
    'GET /api/v1/openapi.json': (r) => call(r, 'GET', '/api/v1/openapi.json'),
    'GET /api/v1/me': (r) => call(r, 'GET', '/api/v1/me'),
    'GET /api/v1/app/units': (r) => call(r, 'GET', '/api/v1/app/units'),
    'GET /api/v1/app/dossiers/:code': (r) => call(r, 'GET', '/api/v1/app/dossiers/AUTHZ-0001'),
    'POST /api/v1/app/feedback': (r) => call(r, 'POST', '/api/v1/app/feedback', { content: 'Đề nghị bố trí thêm chỗ để xe cho người dân.' }),
    'GET /api/v1/app/feedback': (r) => call(r, 'GET', '/api/v1/app/feedback'),
    'GET /api/v1/app/feedback/:code': async (r) => call(r, 'GET', `/api/v1/app/feedback/${await item()}`),
    'POST /api/v1/app/feedback/:code/rate': async (r) => call(r, 'POST', `/api/v1/app/feedback/${await item(true)}/rate`, { rating: 'satisfied' }),
    'GET /api/v1/app/officer/figures': (r) => call(r, 'GET', '/api/v1/app/officer/figures?period=2024-06'),
    'GET /api/v1/app/officer/feedback': (r) => call(r, 'GET', '/api/v1/app/officer/feedback?status=open'),
    'GET /api/v1/app/officer/feedback/:code': async (r) => call(r, 'GET', `/api/v1/app/officer/feedback/${await item()}`),
    'POST /api/v1/app/officer/feedback/:code/answer': async (r) => call(r, 'POST', `/api/v1/app/officer/feedback/${await item()}/answer`, { text: 'Đã xử lý xong, cảm ơn bạn.' }),
    'POST /api/v1/app/officer/feedback/:code/reject': async (r) => call(r, 'POST', `/api/v1/app/officer/feedback/${await item()}/reject`, { reason: 'Không thuộc thẩm quyền của thành phố.' }),
    'POST /api/v1/app/officer/feedback/:code/reassign': async (r) => call(r, 'POST', `/api/v1/app/officer/feedback/${await item()}/reassign`, { unit: 'AN-THOI' }),
    'GET /api/v1/app/officer/reports/:file': (r) => call(r, 'GET', '/api/v1/app/officer/reports/2024-06'),
    'GET /api/v1/app/officer/reports/:period/texts': (r) => call(r, 'GET', '/api/v1/app/officer/reports/2024-06/texts'),
    'PUT /api/v1/app/officer/reports/:period/texts': (r) => call(r, 'PUT', '/api/v1/app/officer/reports/2024-06/texts', { part: 'II.1', text: 'Công tác cải cách hành chính được triển khai đồng bộ.' }),
    'POST /api/v1/procedures/import': (r) => call(r, 'POST', '/api/v1/procedures/import?filename=p.csv', csv(['Mã TTHC;Tên thủ tục;Lĩnh vực;Cấp thẩm quyền', `9.${String(++procedureSeq).padStart(6, '0')};Thủ tục thử quyền truy cập;Hộ tịch;xã`]), 'text/csv'),
    'GET /api/v1/procedures': (r) => call(r, 'GET', '/api/v1/procedures?q=khai%20sinh'),
    'GET /api/v1/procedures/:code': (r) => call(r, 'GET', '/api/v1/procedures/1.001193'),
    'GET /qr/:file': (r) => call(r, 'GET', '/qr/1.001193.svg'),
    'GET /api/v1/feedback': (r) => call(r, 'GET', '/api/v1/feedback?status=open'),
    'GET /api/v1/feedback/:code': async (r) => call(r, 'GET', `/api/v1/feedback/${await item()}`),
    'POST /api/v1/feedback/:code/answer': async (r) => call(r, 'POST', `/api/v1/feedback/${await item()}/answer`, { text: 'Đã xử lý xong, cảm ơn bạn.' }),
    'POST /api/v1/feedback/:code/reject': async (r) => call(r, 'POST', `/api/v1/feedback/${await item()}/reject`, { reason: 'Không thuộc thẩm quyền của thành phố.' }),
    'POST /api/v1/feedback/:code/reassign': async (r) => call(r, 'POST', `/api/v1/feedback/${await item()}/reassign`, { unit: 'AN-THOI' }),
    'GET /api/v1/stats': (r) => call(r, 'GET', '/api/v1/stats?period=2024-06'),
    'POST /api/v1/dossiers/import': (r) => call(r, 'POST', '/api/v1/dossiers/import', csv(['dossier_code,procedure_code,authority,reception_point,received_date,due_date,channel', `AUTHZ-IMP-${Math.random().toString(36).slice(2, 8)},1.001193,commune,DUONG-DONG,2024-06-03,2024-06-05,online`]), 'text/csv'),
    'POST /api/v1/feedback/import': (r) => call(r, 'POST', '/api/v1/feedback/import', csv(['feedback_code,source,channel,received_date,content,unit', `AUTHZ-FB-${Math.random().toString(36).slice(2, 8)},city,hotline,2024-06-03,Nội dung phản ánh qua đường dây nóng.,PQ`]), 'text/csv'),
    'GET /api/v1/reports/:file': (r) => call(r, 'GET', '/api/v1/reports/2024-06'),
    'GET /api/v1/reports/:period/texts': (r) => call(r, 'GET', '/api/v1/reports/2024-06/texts'),
    'PUT /api/v1/reports/:period/texts': (r) => call(r, 'PUT', '/api/v1/reports/2024-06/texts', { part: 'II.1', text: 'Công tác cải cách hành chính được triển khai đồng bộ.' }),
  };

  /** A Zalo user who follows the OA (the product links their mini-app id) and their mini-app token. */
  async function zaloUser(role: THttpRole, userId: string, officer?: { unitCode: string; role: 'officer' | 'leader' | 'admin' }) {
    stack.sim.createUser({ userId, name: `Người dùng ${role}` });
    await stack.sim.follow(userId);
    const db = stack.running!.rt.db;
    await waitUntil(async () => (await db.query('SELECT 1 FROM zalo_users WHERE user_id = $1 AND app_user_id IS NOT NULL', [userId])).rowCount === 1, 15_000);
    if (officer) await upsertOfficer(db, { userId, ...officer });
    ids[role] = userId;
    tokens[role] = stack.sim.issueMiniAppToken(userId).accessToken;
  }

  beforeAll(async () => {
    stack = await startStack({ env: { LOG_LEVEL: 'silent', ADMIN_API_TOKEN: TOKEN, ZALO_MINI_APP_ID: '1234567890123456789' } });
    const db = stack.running!.rt.db;
    await saveOrg(db, demoOrg);
    await importTestCatalogue(db);
    await upsertDossiers(db, [{
      code: 'AUTHZ-0001', procedureCode: '1.001193', authority: 'commune', receptionPoint: 'DUONG-DONG', receivedDate: '2024-06-03', dueDate: '2024-06-05',
      finishedDate: '2024-06-04', channel: 'online', fullyOnline: true, paidOnline: false, digitisedAtReceipt: true, resultDigitised: true,
    }]);
    await Promise.all([
      zaloUser('citizen', '7300000000000000001'),
      zaloUser('other', '7300000000000000002', { unitCode: 'AN-THOI', role: 'officer' }),
      zaloUser('officer', '7300000000000000003', { unitCode: 'DUONG-DONG', role: 'officer' }),
      zaloUser('leader', '7300000000000000004', { unitCode: 'PQ', role: 'leader' }),
      zaloUser('admin', '7300000000000000005', { unitCode: 'PQ', role: 'admin' }),
    ]);
    base = `${stack.running!.url}/api/v1`;
  }, 90_000);
  afterAll(async () => { await stack?.close(); });

  it('every route of createApp has a row and a way to call it (a new route without one fails here)', () => {
    const served = endpointsOf(createApp(stack.running!.rt)).sort();
    expect(served).toEqual(Object.keys(HTTP_EXPECTED).sort());
    expect(Object.keys(RUN).sort()).toEqual(Object.keys(HTTP_EXPECTED).sort());
  });

  it('configuration-only routes: the simulator\'s dev sign-in never exists in live mode; the verifier only when configured', () => {
    const rt = stack.running!.rt;
    const live = new Set(endpointsOf(createApp(rt)));
    const sim = endpointsOf(createApp({ ...rt, config: { ...rt.config, zalo: { ...rt.config.zalo, mode: 'simulator', siteVerification: 'abc123' } } } as TRuntime));
    const extra = sim.filter((e) => !live.has(e)).map((e) => e.replace('zalo_verifierabc123', 'zalo_verifier<code>'));
    expect(extra.sort()).toEqual(Object.keys(CONDITIONAL).sort());
    for (const e of Object.keys(CONDITIONAL)) expect(live.has(e)).toBe(false);
  });

  for (const [route, row] of Object.entries(HTTP_EXPECTED)) {
    it(`${route}: ${HTTP_ROLES.map((r, i) => `${r} ${row[i]}`).join(', ')}`, async () => {
      const got: Record<string, number> = {};
      for (const role of HTTP_ROLES) got[role] = (await RUN[route]!(role)).status;
      expect(got).toEqual(Object.fromEntries(HTTP_ROLES.map((r, i) => [r, row[i]])));
    }, 30_000);
  }

  it('an officer of another unit sees neither the content nor the photos of an item in lists or by code', async () => {
    const code = await item();
    const list = await (await call('other', 'GET', '/api/v1/app/officer/feedback?status=open&limit=500')).json() as { items: { code: string; unitCode: string; content: string }[] };
    expect(list.items.map((i) => i.code)).not.toContain(code);
    expect(list.items.every((i) => i.unitCode === 'AN-THOI')).toBe(true);
    const mine = await (await call('officer', 'GET', '/api/v1/app/officer/feedback?status=open&limit=500')).json() as { items: { code: string; unitCode: string }[] };
    expect(mine.items.map((i) => i.code)).toContain(code);
    expect(mine.items.every((i) => i.unitCode === 'DUONG-DONG')).toBe(true);
    // Nor does a citizen's list of their own items show another citizen's.
    const theirs = await (await fetch(`${base}/app/feedback`, { headers: headers('other') })).json() as { items: { code: string; mine: boolean }[] };
    expect(theirs.items.map((i) => i.code)).not.toContain(code);
  });
});
