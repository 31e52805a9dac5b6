import type { TAuthority, TProcedure, TProcedureChannel, TProcedureDocument } from '../domain/procedure.ts';
import type { TSearchHit, TSearchResult } from '../domain/search/index.ts';
import { hasDiacritics } from '../domain/vietnamese.ts';
import { ZALO_TEXT_LIMIT, ZButton, splitText, type TButton, type TOutMessage } from './messages.ts';
import { MENU_PAYLOAD } from './texts.ts';

/**
 * Chat answers about procedures: search results as buttons, and the procedure card. Pure builders; the router
 * decides when to use them. Every text is NFC and every message fits Zalo's 2,000 characters.
 */

/** The payload a procedure button sends back (also what the mini-app and the QR flow send): "#TTHC 1.001193". */
export const procedurePayload = (code: string) => `#TTHC ${code}`;

const TITLE_LIMIT = 100;
const MAX_CHOICES = 5;
const MIN_CHOICES = 3;
/** A result scoring under this share of the best one is noise next to it (kept only to reach MIN_CHOICES). */
const RELATIVE_FLOOR = 0.3;
/** Button messages keep room for the plain-text fallback, which lists every title and payload after the text. */
const BUTTON_TEXT_LIMIT = 1000;

export interface TProcedureMessageOptions {
  /** who answers when the catalogue lacks something; default "cán bộ tại Bộ phận một cửa" */
  askWhom?: string;
}

const DEFAULT_ASK = 'cán bộ tại Bộ phận một cửa';
const handoffButton = (): TButton => ({ type: 'oa.query.hide', title: MENU_PAYLOAD.handoff, payload: MENU_PAYLOAD.handoff });

const nfc = (s: string) => s.normalize('NFC');
const clean = (s: string) => nfc(s).replace(/\s+/g, ' ').trim();

// Words that open a qualifying phrase: a good place to cut a long name.
const PHRASE_START = new Set(['đối', 'của', 'cho', 'tại', 'theo', 'do', 'ở', 'trong', 'thuộc', 'khi', 'để', 'từ', 'và', 'hoặc', 'mà', 'trên', 'với', 'có']);
// Words a shortened title must not end on: "Cấp giấy phép … đối với" reads as cut off mid-thought.
const DANGLING = new Set(['và', 'của', 'cho', 'với', 'đối', 'theo', 'tại', 'trong', 'khi', 'để', 'từ', 'đến', 'về', 'hoặc', 'các', 'những', 'có', 'được', 'do', 'thuộc', 'trên', 'người', 'là']);

/**
 * A procedure name as a button title (≤ 100 characters): without the "Thủ tục" prefix, then without
 * parenthetical remarks, then cut at a word boundary with "…" — never mid-word, never on a dangling "và", "của".
 */
export function shortenTitle(name: string, limit = TITLE_LIMIT): string {
  let t = clean(name).replace(/[\s.;,:]+$/u, '');
  const withoutPrefix = t.replace(/^thủ tục\s+/iu, '');
  if (withoutPrefix !== t && withoutPrefix.length > 0) t = withoutPrefix.charAt(0).toLocaleUpperCase('vi') + withoutPrefix.slice(1);
  if (t.length <= limit) return t;
  const withoutParens = clean(t.replace(/\s*\([^()]*\)/gu, ''));
  if (withoutParens.length > 0 && withoutParens.length <= limit) return withoutParens;
  const words = withoutParens.split(' ');
  // Best cut: before a word that opens a qualifying phrase ("đối với…", "của…", "tại…") or after a comma, so the
  // title keeps whole phrases; cutting at the last word that fits could split a compound ("cơ | quan").
  const lengthBefore = (i: number) => words.slice(0, i).join(' ').length;
  let cut = -1;
  for (let i = 1; i < words.length && lengthBefore(i) + 1 <= limit; i++) {
    const opensPhrase = PHRASE_START.has((words[i] ?? '').toLocaleLowerCase('vi')) || /[,;:]$/u.test(words[i - 1] ?? '');
    if (opensPhrase && lengthBefore(i) >= limit * 0.5) cut = i;
  }
  const kept = cut > 0 ? words.slice(0, cut) : [];
  if (cut <= 0) {
    for (const w of words) {
      if ([...kept, w].join(' ').length + 1 > limit) break;
      kept.push(w);
    }
  }
  while (kept.length > 1 && (DANGLING.has((kept.at(-1) ?? '').toLocaleLowerCase('vi')) || /^[-–,;:(]$/u.test(kept.at(-1) ?? ''))) kept.pop();
  const head = kept.join(' ').replace(/[\s,;:–-]+$/u, '');
  // A first word longer than the limit (no spaces at all): a hard cut is all that is left.
  return head.length > 0 ? `${head}…` : `${withoutParens.slice(0, limit - 1)}…`;
}

/** Buttons for the hits; two names that shorten to one title get their codes, so the choice stays a choice. */
function procedureButtons(hits: readonly Pick<TSearchHit, 'code' | 'name'>[]): TButton[] {
  const titles = hits.map((h) => shortenTitle(h.name));
  return hits.map((h, i) => {
    const clash = titles.some((t, j) => j !== i && t === titles[i]);
    const title = clash ? `${shortenTitle(h.name, TITLE_LIMIT - h.code.length - 3)} (${h.code})` : (titles[i] as string);
    return { type: 'oa.query.hide', title, payload: procedurePayload(h.code) };
  });
}

/** The best 3–5 results: up to five, dropping those far behind the best one unless fewer than three would remain. */
function choices(results: readonly TSearchHit[]): TSearchHit[] {
  const top = results[0]?.score ?? 0;
  const picked: TSearchHit[] = [];
  for (const r of results.slice(0, MAX_CHOICES)) {
    if (picked.length >= MIN_CHOICES && r.score < top * RELATIVE_FLOOR) break;
    picked.push(r);
  }
  return picked;
}

const quote = (s: string) => `“${clean(s).slice(0, 120)}”`;

function notFoundText(result: TSearchResult, query: string | undefined): string {
  const lines: string[] = [];
  if (result.code && !result.code.found) {
    lines.push(`Xin lỗi, danh mục thủ tục của đơn vị không có thủ tục mã ${result.code.code}. Bạn kiểm tra lại mã trên bảng niêm yết, hoặc gõ tên thủ tục cần tìm.`);
  } else {
    lines.push(`Xin lỗi, tôi chưa tìm thấy thủ tục phù hợp${query?.trim() ? ` với ${quote(query)}` : ''}.`);
  }
  lines.push(
    '',
    'Bạn có thể thử:',
    '• Gõ tên thủ tục ngắn gọn, có dấu hoặc không dấu, ví dụ: "đăng ký khai sinh", "chứng thực bản sao".',
    '• Gõ mã thủ tục in trên bảng niêm yết hoặc dưới mã QR, ví dụ: 1.001193.',
    '• Bấm "Gặp cán bộ" để được cán bộ Bộ phận một cửa hỗ trợ trực tiếp.',
  );
  return lines.join('\n');
}

/**
 * The chat answer to a free-text search. `exact` (a known code) gives one button, though the caller would
 * normally show the card at once; `high` lists the best 3–5 procedures; `weak` asks "Có phải bạn muốn tìm…";
 * `none` explains what to try, with a button to reach an officer. `query`, the citizen's own words, is quoted back
 * when nothing was found.
 */
export function searchResultsMessages(result: TSearchResult, opts: { query?: string } = {}): TOutMessage[] {
  const picked = choices(result.results);
  if (result.confidence === 'none' || picked.length === 0) {
    return [{ kind: 'buttons', text: nfc(notFoundText(result, opts.query)), buttons: [handoffButton()] }];
  }
  // A correction is worth showing only in the catalogue's own spelling ("đăng ký khai sinh", not "dang ki khai sinh").
  const understood = result.didYouMean && hasDiacritics(result.didYouMean) ? `Tôi hiểu bạn muốn tìm: ${quote(result.didYouMean)}.\n` : '';
  let text: string;
  if (result.confidence === 'exact') {
    const first = picked[0] as TSearchHit;
    text = result.code?.status === 'withdrawn'
      ? `Thủ tục mã ${first.code} đã bị bãi bỏ, không còn tiếp nhận hồ sơ mới. Bấm vào thủ tục để xem thông tin cũ:`
      : `Thủ tục mã ${first.code}: bấm vào để xem hồ sơ cần chuẩn bị, thời hạn và lệ phí.`;
  } else if (result.confidence === 'high') {
    text = `${understood}Tôi tìm thấy ${picked.length === 1 ? 'thủ tục sau' : `${picked.length} thủ tục phù hợp`}. Bạn bấm vào thủ tục cần xem để biết hồ sơ cần chuẩn bị, thời hạn và lệ phí:`;
  } else {
    text = `${understood}Có phải bạn muốn tìm một trong các thủ tục sau? Bấm vào thủ tục đúng để xem chi tiết. ` +
      'Nếu không có thủ tục bạn cần, hãy gõ tên thủ tục cụ thể hơn hoặc gõ "gặp cán bộ".';
  }
  return [{ kind: 'buttons', text: nfc(text).slice(0, BUTTON_TEXT_LIMIT), buttons: procedureButtons(picked) }];
}

// ---------------------------------------------------------------------------------------------------------------
// Procedure card

const AUTHORITY_TEXT: Record<TAuthority, string> = {
  province: 'cơ quan cấp tỉnh',
  district: 'cơ quan cấp huyện',
  commune: 'Ủy ban nhân dân cấp xã',
  vertical: 'cơ quan ngành dọc',
};

const CHANNEL_TEXT: Record<TProcedureChannel['channel'], string> = {
  counter: 'Nộp trực tiếp',
  online: 'Nộp trực tuyến',
  postal: 'Nộp qua bưu chính',
};

const ONLINE_LEVEL_TEXT = {
  full: 'toàn trình (nộp hồ sơ, theo dõi và nhận kết quả qua mạng)',
  partial: 'một phần (nộp hồ sơ qua mạng, có bước phải thực hiện trực tiếp)',
  none: 'chưa hỗ trợ, vui lòng nộp hồ sơ trực tiếp',
} as const;

const capitalise = (s: string) => s.charAt(0).toLocaleUpperCase('vi') + s.slice(1);

function missing(askWhom: string): string {
  return `chưa có thông tin — vui lòng hỏi ${askWhom}`;
}

/** Time and fee: one line each when every channel agrees, otherwise one line per channel. */
function timeAndFeeLines(p: TProcedure, askWhom: string): string[] {
  const channels = p.channels.filter((c) => c.time || c.fee);
  const distinct = new Set(channels.map((c) => `${clean(c.time ?? '')}|${clean(c.fee ?? '')}`));
  if (distinct.size > 1) {
    return [
      'Thời hạn giải quyết và phí, lệ phí theo cách nộp:',
      ...channels.map((c) => `• ${CHANNEL_TEXT[c.channel]}: ${c.time ? clean(c.time) : 'thời hạn chưa có thông tin'}; phí, lệ phí: ${c.fee ? clean(c.fee) : 'chưa có thông tin'}`),
      ...(channels.some((c) => !c.time || !c.fee) ? [`(Thông tin còn thiếu: vui lòng hỏi ${askWhom}.)`] : []),
    ];
  }
  const time = p.processingTime ?? channels[0]?.time;
  const fee = p.fee ?? channels[0]?.fee;
  return [
    `Thời hạn giải quyết: ${time ? clean(time) : missing(askWhom)}`,
    `Phí, lệ phí: ${fee ? clean(fee) : missing(askWhom)}`,
  ];
}

function summaryText(p: TProcedure, askWhom: string): string {
  const lines = [
    clean(p.name),
    `Mã thủ tục: ${p.code} · Lĩnh vực: ${clean(p.field)}`,
  ];
  if (p.status === 'withdrawn') {
    lines.push('', `LƯU Ý: thủ tục này đã bị bãi bỏ, không còn tiếp nhận hồ sơ mới. Vui lòng hỏi ${askWhom} về thủ tục thay thế.`);
  }
  lines.push(
    '',
    `Cơ quan giải quyết: ${capitalise(AUTHORITY_TEXT[p.authority])}`,
    `Nơi nộp hồ sơ: ${p.receptionPoint ? clean(p.receptionPoint) : missing(askWhom)}`,
    ...timeAndFeeLines(p, askWhom),
    `Nộp trực tuyến: ${p.onlineLevel ? ONLINE_LEVEL_TEXT[p.onlineLevel] : missing(askWhom)}`,
  );
  if (p.status === 'active' && p.documents.length === 0) {
    lines.push('', `Hồ sơ cần chuẩn bị: ${missing(askWhom)}, hoặc bấm "Gặp cán bộ" để được hướng dẫn.`);
  }
  return lines.join('\n');
}

/** "- Tờ khai…" → "Tờ khai…"; "Trường hợp 1: * Giấy tờ phải nộp:" → "Trường hợp 1: Giấy tờ phải nộp:". */
const stripBullet = (s: string) => clean(s).replace(/^[-–+•*]\s*/u, '');
const cleanCase = (s: string) => clean(s).replace(/\s*\*\s*/gu, ' ').replace(/\s+/g, ' ').trim();
/** The handbook lists notes ("Lưu ý") as rows whose quantity is "Không có": shown, not numbered as a document. */
const isNote = (d: TProcedureDocument) => /^không( có)?$/iu.test(clean(d.quantity ?? ''));

/**
 * Numbered documents grouped under their case heading ("Trường hợp 1: Giấy tờ phải nộp:"), and apart from them
 * the notes. A heading whose rows are all notes is left out: it would announce documents that do not follow.
 */
function documentSections(p: TProcedure): { lines: string[]; count: number; notes: string[] } {
  const groups = new Map<string, TProcedureDocument[]>();
  for (const d of p.documents) {
    const key = d.case ? cleanCase(d.case) : '';
    groups.set(key, [...(groups.get(key) ?? []), d]);
  }
  const lines: string[] = [];
  const notes: string[] = [];
  let n = 0;
  for (const [heading, docs] of groups) {
    const real = docs.filter((d) => !isNote(d));
    notes.push(...docs.filter(isNote).map((d) => stripBullet(d.name)).filter((t) => t.length > 0));
    if (real.length === 0) continue;
    if (heading) lines.push(heading);
    for (const d of real) lines.push(`${++n}. ${stripBullet(d.name)}${d.quantity ? ` (${clean(d.quantity)})` : ''}`);
  }
  return { lines, count: n, notes };
}

/** Notes fill at most one message: the handbook has dozens per procedure, and the chat is not the place for all. */
function notesMessage(notes: readonly string[], askWhom: string, budget = 1500): string {
  const head = 'Lưu ý khi chuẩn bị hồ sơ:';
  let text = head;
  let shown = 0;
  for (const note of notes) {
    const line = `\n• ${note}`;
    if (text.length + line.length > budget) break;
    text += line;
    shown += 1;
  }
  const rest = notes.length - shown;
  if (shown === 0) return `${head}\nCó ${notes.length} lưu ý về hồ sơ của thủ tục này — vui lòng hỏi ${askWhom}.`;
  return rest > 0 ? `${text}\n(Còn ${rest} lưu ý khác — vui lòng hỏi ${askWhom}.)` : text;
}

/**
 * Lines into messages of at most `limit` characters, each continuation starting with `continued`. A single
 * line longer than a message is split at sentence or word boundaries.
 */
function pack(first: string, continued: string, lines: readonly string[], limit = ZALO_TEXT_LIMIT): string[] {
  const out: string[] = [];
  let current = first;
  for (const line of lines) {
    const candidate = `${current}\n${line}`;
    if (candidate.length <= limit) {
      current = candidate;
      continue;
    }
    out.push(current);
    const room = limit - continued.length - 1;
    const pieces = line.length <= room ? [line] : splitText(line, room);
    for (const [i, piece] of pieces.entries()) {
      if (i < pieces.length - 1) out.push(`${continued}\n${piece}`);
      else current = `${continued}\n${piece}`;
    }
  }
  out.push(current);
  return out;
}

function validUrlButton(title: string, url: string | undefined): TButton | undefined {
  if (!url) return undefined;
  const b = { type: 'oa.open.url' as const, title, url };
  return ZButton.safeParse(b).success ? b : undefined;
}

/**
 * The procedure card: name, code, who decides and where to file, time limit and fees, online level, then the
 * documents (numbered, with quantities) over as many messages as Zalo's limit needs, and last the online filing
 * button. A missing field says whom to ask instead of printing a blank.
 */
export function procedureCardMessages(p: TProcedure, opts: TProcedureMessageOptions = {}): TOutMessage[] {
  const askWhom = opts.askWhom ?? DEFAULT_ASK;
  const messages: TOutMessage[] = splitText(summaryText(p, askWhom)).map((text) => ({ kind: 'text', text }));

  if (p.status === 'active' && p.documents.length > 0) {
    const { lines, count, notes } = documentSections(p);
    if (count > 0) {
      for (const text of pack(`Hồ sơ cần chuẩn bị (${count} loại giấy tờ):`, 'Hồ sơ cần chuẩn bị (tiếp theo):', lines)) messages.push({ kind: 'text', text });
    }
    if (notes.length > 0) messages.push({ kind: 'text', text: notesMessage(notes, askWhom) });
  }

  const online = p.status === 'active' && p.onlineLevel !== 'none' ? validUrlButton('Nộp hồ sơ trực tuyến', p.onlineUrl) : undefined;
  if (online) {
    messages.push({
      kind: 'buttons',
      text: 'Bạn có thể nộp hồ sơ trực tuyến trên Cổng Dịch vụ công (đăng nhập bằng tài khoản định danh điện tử VNeID). Cần hỗ trợ, bạn bấm "Gặp cán bộ".',
      buttons: [online, handoffButton()],
    });
  } else {
    const where = p.receptionPoint ? ` tại ${clean(p.receptionPoint)}` : ' tại Bộ phận một cửa';
    messages.push({
      kind: 'buttons',
      text: p.status === 'withdrawn'
        ? `Cần hỗ trợ về thủ tục thay thế, bạn bấm "Gặp cán bộ".`
        : `Thủ tục này chưa có đường dẫn nộp trực tuyến: vui lòng nộp hồ sơ trực tiếp${where}, hoặc bấm "Gặp cán bộ" để được hướng dẫn.`,
      buttons: [handoffButton()],
    });
  }
  return joinShortMessages(messages).map((m) => (m.kind === 'text' || m.kind === 'buttons' ? { ...m, text: nfc(m.text) } : m));
}

/**
 * Consecutive texts that fit together in one Zalo message are sent as one (a blank line between), and the last text
 * joins the closing button message when it fits: a short card arrives as one or two messages instead of four —
 * fewer notifications on the citizen's phone, fewer requests against the OA's rate.
 */
export function joinShortMessages(messages: readonly TOutMessage[], limit = ZALO_TEXT_LIMIT): TOutMessage[] {
  const out: TOutMessage[] = [];
  for (const m of messages) {
    const prev = out.at(-1);
    if (prev?.kind === 'text' && (m.kind === 'text' || m.kind === 'buttons')) {
      const text = `${prev.text}\n\n${m.text}`;
      if (text.length <= limit) {
        out[out.length - 1] = { ...m, text };
        continue;
      }
    }
    out.push(m);
  }
  return out;
}
