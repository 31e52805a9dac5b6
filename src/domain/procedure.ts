import { z } from 'zod';

/**
 * The product's administrative procedure (thủ tục hành chính) record: one per national code, whatever file
 * shape it was imported from (spec/interchange.md, "Procedure catalogue").
 */

/** National code as published, province suffix removed: "1.001193". Some ranges start with 2 or 3. */
export const ZProcedureCode = z.string().regex(/^\d{1,2}\.\d{6}$/, 'mã thủ tục phải có dạng 1.001193');
export type TProcedureCode = z.infer<typeof ZProcedureCode>;

export const ZAuthority = z.enum(['province', 'district', 'commune', 'vertical']);
export type TAuthority = z.infer<typeof ZAuthority>;

export const ZOnlineLevel = z.enum(['full', 'partial', 'none']);
export type TOnlineLevel = z.infer<typeof ZOnlineLevel>;

export const ZProcedureStatus = z.enum(['active', 'withdrawn']);
export type TProcedureStatus = z.infer<typeof ZProcedureStatus>;

export const ZProcedureDocument = z.object({
  name: z.string().min(1),
  /** "1 bản chính", "1 bản chính, 1 bản sao", "Không có" */
  quantity: z.string().optional(),
  /** template file name ("Mus07.docx") */
  form: z.string().optional(),
  /** the case heading above the document ("Trường hợp 1: * Giấy tờ phải nộp:") */
  case: z.string().optional(),
});
export type TProcedureDocument = z.infer<typeof ZProcedureDocument>;

/** One way to file, with its own time limit and fee (the handbook's per-channel table). */
export const ZProcedureChannel = z.object({
  channel: z.enum(['counter', 'online', 'postal']),
  time: z.string().optional(),
  fee: z.string().optional(),
});
export type TProcedureChannel = z.infer<typeof ZProcedureChannel>;

/** Where a record's data came from, so an officer can trace a value back to a file line. */
export const ZProcedureSource = z.object({
  kind: z.enum(['catalogue', 'handbook', 'table']),
  file: z.string().optional(),
  line: z.number().int().positive().optional(),
  /** sequence number in the source list (stt) */
  seq: z.number().int().optional(),
  /** publishing decision(s), e.g. "3523/QĐ-UBND" */
  decision: z.string().optional(),
});
export type TProcedureSource = z.infer<typeof ZProcedureSource>;

export const ZProcedure = z.object({
  code: ZProcedureCode,
  name: z.string().min(1),
  /** Other names the procedure is published under (another source's wording); searched like the name. */
  aliases: z.array(z.string()).default([]),
  field: z.string().min(1),
  /** From the field→sector table in configuration; null when the field is not in the table. */
  sector: z.string().nullable(),
  /** The handbook's group ("Tư pháp - Hộ tịch"), when known. */
  group: z.string().optional(),
  authority: ZAuthority,
  /** Free text ("Trung tâm Phục vụ hành chính công cấp xã") or a unit code from the organisation config. */
  receptionPoint: z.string().optional(),
  /** Absent when the source does not say: the card then tells the citizen whom to ask. */
  onlineLevel: ZOnlineLevel.optional(),
  processingTime: z.string().optional(),
  fee: z.string().optional(),
  channels: z.array(ZProcedureChannel).default([]),
  documents: z.array(ZProcedureDocument).default([]),
  steps: z.array(z.string()).default([]),
  legalBasis: z.array(z.string()).default([]),
  onlineUrl: z.url().optional(),
  interconnected: z.boolean(),
  boundaryFree: z.boolean(),
  status: ZProcedureStatus,
  /** Extra search words (handbook field, group…); the search derives the rest from name and field. */
  keywords: z.array(z.string()).default([]),
  sources: z.array(ZProcedureSource).min(1),
});
export type TProcedure = z.infer<typeof ZProcedure>;

// A code inside free text: "1.001193", "1.001193.000.00.00.H33", "#TTHC 1.001193", "tthc1.001193".
const CODE_IN_TEXT = /(?<![\d.,])(\d{1,2})\s?[.,]\s?(\d{6})((?:\.\d{3}\.\d{2}\.\d{2}\.[A-Za-z]\d{2,3})?)(?![\d])/;

/**
 * The normalised national code of a cell or a chat message, or null. Accepts the province suffix
 * (".000.00.00.H33"), a "#TTHC"/"tthc" prefix, surrounding words, and a comma typed for the dot.
 */
export function normaliseProcedureCode(text: string): string | null {
  return findProcedureCode(text)?.code ?? null;
}

export interface TCodeMatch {
  code: string;
  /** the characters that matched, including any prefix and suffix */
  matched: string;
  index: number;
}

export function findProcedureCode(text: string): TCodeMatch | null {
  const m = CODE_IN_TEXT.exec(text);
  if (!m) return null;
  let index = m.index;
  let matched = m[0];
  // Swallow a "#TTHC" / "TTHC:" prefix right before the code so the rest of the text can be searched as words.
  const before = text.slice(0, index);
  const prefix = /#?\s*tthc\s*[:#]?\s*$/i.exec(before);
  if (prefix) {
    index = prefix.index;
    matched = prefix[0] + matched;
  }
  return { code: `${m[1]}.${m[2]}`, matched, index };
}
