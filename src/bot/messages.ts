import { z } from 'zod';

/** What the bot asks to send. Pure data: the outbound worker turns it into Zalo requests. */
export const ZButton = z.discriminatedUnion('type', [
  z.object({ type: z.enum(['oa.query.hide', 'oa.query.show']), title: z.string().min(1).max(100), payload: z.string().min(1).max(1000) }),
  z.object({ type: z.literal('oa.open.url'), title: z.string().min(1).max(100), url: z.url() }),
  z.object({ type: z.literal('oa.open.phone'), title: z.string().min(1).max(100), phone: z.string().min(3) }),
]);
export type TButton = z.infer<typeof ZButton>;

export const ZOutMessage = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), text: z.string().min(1).max(2000) }),
  z.object({ kind: z.literal('buttons'), text: z.string().min(1).max(2000), buttons: z.array(ZButton).min(1).max(5) }),
  z.object({ kind: z.literal('image'), url: z.url(), caption: z.string().max(2000).optional() }),
  z.object({ kind: z.literal('file'), path: z.string().min(1), name: z.string().min(1), caption: z.string().max(2000).optional() }),
  /** A Zalo template message (outside the 7-day window); `text` is what the citizen is told, for logs and the mini-app. */
  z.object({ kind: z.literal('template'), templateId: z.string().min(1), data: z.record(z.string(), z.string()), text: z.string().min(1).max(2000) }),
]);
export type TOutMessage = z.infer<typeof ZOutMessage>;

export const ZALO_TEXT_LIMIT = 2000;

/**
 * Splits a long text into Zalo-sized parts, at paragraph, then line, then sentence, then word boundaries,
 * so that no part exceeds the limit and no word is cut.
 */
export function splitText(text: string, limit = ZALO_TEXT_LIMIT): string[] {
  const clean = text.normalize('NFC').trim();
  if (clean.length <= limit) return clean ? [clean] : [];
  const parts: string[] = [];
  let rest = clean;
  while (rest.length > limit) {
    const window = rest.slice(0, limit + 1);
    let cut = -1;
    // Prefer a paragraph, line or sentence end in the last 70 % of the window; else any space; else a hard cut.
    for (const sep of ['\n\n', '\n', '. ', ' ']) {
      const at = window.lastIndexOf(sep);
      if (at > limit * 0.3) { cut = at + (sep === '. ' ? 1 : 0); break; }
    }
    if (cut <= 0) cut = window.lastIndexOf(' ');
    if (cut <= 0) cut = limit;
    parts.push(rest.slice(0, cut).trim());
    rest = rest.slice(cut).trim();
  }
  if (rest) parts.push(rest);
  return parts;
}

/** The plain-text fallback of a button message: options listed with what to type. */
export function buttonsAsText(text: string, buttons: TButton[]): string {
  const lines = buttons.map((b, i) => {
    if (b.type === 'oa.open.url') return `${i + 1}. ${b.title}: ${b.url}`;
    if (b.type === 'oa.open.phone') return `${i + 1}. ${b.title}: ${b.phone}`;
    return `${i + 1}. ${b.title} — gõ: ${b.payload}`;
  });
  return `${text}\n\n${lines.join('\n')}`.slice(0, ZALO_TEXT_LIMIT);
}
