import { fold } from '../domain/vietnamese.ts';

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
  | { name: 'unknown'; text: string };

const EXACT: Record<string, TIntent['name']> = {
  menu: 'menu', 'bat dau': 'menu', start: 'menu', 'bắt đầu': 'menu', 'xin chao': 'menu', chao: 'menu', hi: 'menu', hello: 'menu',
  help: 'help', 'huong dan': 'help', 'tro giup': 'help', 'giup do': 'help', '?': 'help',
  'tra cuu thu tuc': 'procedures-prompt', 'thu tuc': 'procedures-prompt', 'tim thu tuc': 'procedures-prompt',
  'gui phan anh': 'feedback-prompt', 'phan anh': 'feedback-prompt', 'gop y': 'feedback-prompt', 'kien nghi': 'feedback-prompt',
  'tra cuu ho so': 'dossier-prompt', 'ho so cua toi': 'dossier-prompt',
};

// Anywhere in the sentence: "cho tôi gặp cán bộ", "em muốn nói chuyện với nhân viên ạ".
const HANDOFF = /(?:^|\s)(?:gap|noi chuyen voi|lien he|ket noi|chat voi|can gap) (?:voi )?(?:can bo|nhan vien|nguoi that|tong dai vien|tu van vien)(?:\s|$|[.,!?])/;

export function routeText(raw: string): TIntent {
  const folded = fold(raw);
  const text = folded.replace(/[.!?,;:]+$/g, '').trim() || folded;
  if (!text) return { name: 'unknown', text: raw };
  const exact = EXACT[text];
  if (exact) return { name: exact } as TIntent;
  if (HANDOFF.test(text) || text === 'can bo' || text === 'gap can bo') return { name: 'handoff' };
  return { name: 'unknown', text: raw };
}
