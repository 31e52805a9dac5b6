import { cleanText, fold } from '../domain/vietnamese.ts';

/**
 * The router: from what a citizen typed (or a button payload) to an intent. Pure code; later features add
 * intents here. Matching is on folded text, so "Gặp cán bộ", "gap can bo" and "GẶP CÁN BỘ" are one.
 */
export type TIntent =
  | { name: 'menu' }
  | { name: 'help' }
  | { name: 'handoff' }
  | { name: 'procedures-prompt' }
  | { name: 'feedback-prompt' }
  | { name: 'dossier-prompt' }
  /** an officer's question; `rest` is the folded text after the keyword ("duong dong thang nay") */
  | { name: 'stats'; rest: string }
  | { name: 'overdue'; rest: string }
  | { name: 'full-report'; rest: string }
  /** "tra cứu hồ sơ <mã>": the code as typed (case kept) */
  | { name: 'dossier-lookup'; code: string }
  | { name: 'procedure'; code: string }
  /** "phản ánh: <nội dung>": files at once */
  | { name: 'feedback-oneline'; content: string }
  | { name: 'feedback-mine' }
  /** officers: their unit's open items */
  | { name: 'feedback-inbox' }
  | { name: 'feedback-view'; code: string }
  | { name: 'feedback-answer'; code: string; text: string }
  | { name: 'feedback-reassign'; code: string; unit: string }
  | { name: 'feedback-reject'; code: string; reason: string }
  | { name: 'feedback-rate'; code: string; rating: 'satisfied' | 'unsatisfied' }
  | { name: 'feedback-follow'; code: string }
  | { name: 'unknown'; text: string };

export type TFeedbackIntent = Extract<TIntent, { name: `feedback-${string}` }>;

export function isFeedbackIntent(intent: TIntent): intent is TFeedbackIntent {
  return intent.name.startsWith('feedback-');
}

export type TOfficerIntent = Extract<TIntent, { name: 'stats' | 'overdue' | 'full-report' }>;

export function isOfficerIntent(intent: TIntent): intent is TOfficerIntent {
  return intent.name === 'stats' || intent.name === 'overdue' || intent.name === 'full-report';
}

const EXACT: Record<string, TIntent['name']> = {
  menu: 'menu', 'bat dau': 'menu', start: 'menu', 'bắt đầu': 'menu', 'xin chao': 'menu', chao: 'menu', hi: 'menu', hello: 'menu',
  help: 'help', 'huong dan': 'help', 'tro giup': 'help', 'giup do': 'help', '?': 'help',
  'tra cuu thu tuc': 'procedures-prompt', 'thu tuc': 'procedures-prompt', 'tim thu tuc': 'procedures-prompt',
  'gui phan anh': 'feedback-prompt', 'phan anh': 'feedback-prompt', 'gop y': 'feedback-prompt', 'kien nghi': 'feedback-prompt',
  'phan anh kien nghi': 'feedback-prompt', 'gui gop y': 'feedback-prompt', 'gui kien nghi': 'feedback-prompt', 'toi muon phan anh': 'feedback-prompt',
  'tra cuu ho so': 'dossier-prompt', 'ho so cua toi': 'dossier-prompt',
};

// Anywhere in the sentence: "cho tôi gặp cán bộ", "em muốn nói chuyện với nhân viên ạ".
const HANDOFF = /(?:^|\s)(?:gap|noi chuyen voi|lien he|ket noi|chat voi|can gap) (?:voi )?(?:can bo|nhan vien|nguoi that|tong dai vien|tu van vien)(?:\s|$|[.,!?])/;

// Officers' questions start with their keyword: "thống kê tháng 6/2024", "tk tháng trước", "hồ sơ quá hạn An Thới".
const STATS = /^(?:xem )?(?:thong ke|tk|so lieu(?: thong ke)?)(?:\s+(.*))?$/;
const OVERDUE = /^(?:xem |danh sach |ds )?(?:ho so |hs )?(?:bi |da )?qua han(?:\s+(.*))?$/;
const FULL_REPORT = /^(?:xem )?bao cao(?:\s+(.*))?$/;

/** A national procedure code (1.001193): "tra cứu 1.001193" is about a procedure, not a dossier. */
const PROCEDURE_CODE = /^\d{1,2}\.\d{6}(?:\.000\.00\.00\.h\d{2})?$/i;
/** Dossier codes as dossier systems print them: letters, digits, dots, dashes, slashes; at least one digit. */
const DOSSIER_CODE = /^(?=.*\d)[\p{L}\d][\p{L}\d._/-]{3,79}$/u;

/**
 * "tra cứu hồ sơ 000.00.38.H33-240612-0001", "tra cuu ho so: ABC-123", "tra cứu mã hồ sơ …", and "tra cứu <mã>"
 * when what follows looks like a dossier code. The code is taken from the raw text: folding would lower its case.
 */
function dossierLookup(raw: string): TIntent | undefined {
  const tokens = raw.normalize('NFC').trim().split(/\s+/);
  const key = (i: number) => fold(tokens[i] ?? '').replace(/:$/, '');
  if (key(0) !== 'tra' || key(1) !== 'cuu') return undefined;
  let i = 2;
  if (key(i) === 'tinh' && key(i + 1) === 'trang') i += 2;
  let explicit = false;
  if (key(i) === 'ho' && key(i + 1) === 'so') { i += 2; explicit = true; } else if (key(i) === 'hs') { i += 1; explicit = true; }
  if (key(i) === 'ma' && key(i + 1) === 'ho' && key(i + 2) === 'so') { i += 3; explicit = true; }
  if (key(i) === 'ma' && key(i + 1) === 'so') i += 2;
  else if (key(i) === 'ma' || key(i) === 'so') i += 1;
  const code = tokens.slice(i).join(' ').replace(/^[:\s"“'‘«]+|[\s"”'’».,;!?]+$/gu, '');
  if (code === '' || code.includes(' ')) return undefined;
  if (!DOSSIER_CODE.test(code)) return undefined;
  if (!explicit && PROCEDURE_CODE.test(code)) return undefined;
  return { name: 'dossier-lookup', code };
}

/**
 * Consumes the keyword words (compared folded) at the start of the raw text; returns the raw rest (line breaks
 * kept) or undefined when the text does not start with them.
 */
function afterWords(raw: string, words: readonly string[]): string | undefined {
  let rest = raw.normalize('NFC');
  for (const w of words) {
    const m = /^[\s:,-]*([^\s:,]+)/u.exec(rest);
    if (!m || fold(m[1]!) !== w) return undefined;
    rest = rest.slice(m[0].length);
  }
  return rest;
}

const CODE_AT_START = /^[\s:,-]*pa[\s-]*(\d{2})(\d{2})[\s-]*(\d{1,6})(?!\d)/iu;
const trimRest = (s: string) => s.replace(/^[\s:,.–-]+/u, '').trim();

/** "<keyword words> PA-2406-0007 <rest>" → code and raw rest. */
function codeCommand(raw: string, ...keywords: string[][]): { code: string; rest: string } | undefined {
  for (const words of keywords) {
    const after = afterWords(raw, words);
    if (after === undefined) continue;
    const m = CODE_AT_START.exec(after);
    if (!m) continue;
    return { code: `PA-${m[1]}${m[2]}-${m[3]!.padStart(4, '0')}`, rest: trimRest(after.slice(m[0].length)) };
  }
  return undefined;
}

// "phản ánh: …" — the keyword compared folded, so "PHAN ANH:" and look-alike letters ("Рhản аnh:") are one.
const ONE_LINE = /^\s*([^\s:][^:]{0,15}?)\s*:\s*/u;
const ONE_LINE_KEYWORDS = new Set(['phan anh', 'gop y', 'kien nghi', 'pakn']);
const MINE = new Set(['phan anh cua toi', 'pakn cua toi', 'gop y cua toi', 'kien nghi cua toi', 'theo doi phan anh', 'xem phan anh cua toi']);
const INBOX = new Set(['pakn', 'phan anh cho xu ly', 'pakn cho xu ly', 'ds phan anh', 'danh sach phan anh', 'phan anh can xu ly', 'hop thu phan anh', 'pakn chua xu ly']);

function feedbackIntent(raw: string, text: string): TIntent | undefined {
  const oneLine = ONE_LINE.exec(raw.normalize('NFC'));
  if (oneLine && ONE_LINE_KEYWORDS.has(fold(oneLine[1] ?? ''))) {
    const content = raw.normalize('NFC').slice(oneLine[0].length).trim();
    return content ? { name: 'feedback-oneline', content } : { name: 'feedback-prompt' };
  }
  if (MINE.has(text)) return { name: 'feedback-mine' };
  if (INBOX.has(text)) return { name: 'feedback-inbox' };
  let c = codeCommand(raw, ['tra', 'loi'], ['tl']);
  if (c) return { name: 'feedback-answer', code: c.code, text: c.rest };
  c = codeCommand(raw, ['chuyen'], ['chuyen', 'xu', 'ly']);
  if (c) return { name: 'feedback-reassign', code: c.code, unit: c.rest };
  c = codeCommand(raw, ['tu', 'choi']);
  if (c) return { name: 'feedback-reject', code: c.code, reason: c.rest };
  c = codeCommand(raw, ['danh', 'gia']);
  if (c) {
    const r = fold(c.rest);
    if (/^(chua|khong) hai long/.test(r)) return { name: 'feedback-rate', code: c.code, rating: 'unsatisfied' };
    if (/^hai long/.test(r)) return { name: 'feedback-rate', code: c.code, rating: 'satisfied' };
  }
  c = codeCommand(raw, ['theo', 'doi']);
  if (c) return { name: 'feedback-follow', code: c.code };
  c = codeCommand(raw, ['xem']) ?? codeCommand(raw, ['tra', 'cuu']) ?? codeCommand(raw, []);
  if (c && c.rest === '') return { name: 'feedback-view', code: c.code };
  return undefined;
}

export function routeText(input: string): TIntent {
  // Codes and contents are read from the raw text: without control or invisible characters ("PA\u200B-2406-1").
  const raw = cleanText(input);
  const folded = fold(raw);
  const text = folded.replace(/[.!?,;:]+$/g, '').trim() || folded;
  if (!text) return { name: 'unknown', text: raw };
  const exact = EXACT[text];
  if (exact) return { name: exact } as TIntent;
  const feedback = feedbackIntent(raw, text);
  if (feedback) return feedback;
  if (HANDOFF.test(text) || text === 'can bo' || text === 'gap can bo') return { name: 'handoff' };
  // "#TTHC 1.001193" (menu buttons, the QR and mini-app flow) or a bare national code copied from a poster.
  const tthc = /^#?\s*tthc\s*[:#-]?\s*(\S+)\s*$/i.exec(raw.trim()) ?? /^(\d\.\d{6}(?:\.000\.00\.00\.[a-z]\d{2})?)$/i.exec(text);
  if (tthc?.[1]) return { name: 'procedure', code: tthc[1] };
  const lookup = dossierLookup(raw);
  if (lookup) return lookup;
  let m = STATS.exec(text);
  if (m) return { name: 'stats', rest: m[1] ?? '' };
  m = OVERDUE.exec(text);
  if (m) return { name: 'overdue', rest: m[1] ?? '' };
  m = FULL_REPORT.exec(text);
  if (m) return { name: 'full-report', rest: m[1] ?? '' };
  return { name: 'unknown', text: raw };
}
