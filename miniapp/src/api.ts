/** The server's /api/v1, with the Zalo access token; errors carry the server's Vietnamese message. */
import { getAccessToken } from './zalo.ts';

/** Same origin by default; a Zalo build sets VITE_API_ORIGIN to the server's address. */
export const API_ORIGIN = (import.meta.env.VITE_API_ORIGIN ?? '').replace(/\/+$/, '');
export const API_BASE = `${API_ORIGIN}/api/v1/`;
/** /miniapp/ on the server (config.json, dev login). */
export const APP_BASE = `${API_ORIGIN}/miniapp/`;

export class ApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = 'ApiError';
  }
}

async function headers(extra: Record<string, string> = {}): Promise<Record<string, string>> {
  const token = await getAccessToken().catch(() => undefined);
  return { ...(token ? { authorization: `Bearer ${token}` } : {}), ...extra };
}

async function read<T>(r: Response): Promise<T> {
  if (r.ok) return (await r.json()) as T;
  let message = `Lỗi ${r.status}`;
  try {
    const body = (await r.json()) as { error?: string };
    if (body.error) message = body.error;
  } catch {
    if (r.status >= 500) message = 'Máy chủ đang bận, xin thử lại sau.';
  }
  throw new ApiError(r.status, message);
}

export async function apiGet<T>(path: string, init: { signal?: AbortSignal } = {}): Promise<T> {
  let r: Response;
  try {
    r = await fetch(`${API_BASE}${path}`, { headers: await headers(), signal: init.signal });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, 'Không kết nối được máy chủ. Kiểm tra mạng rồi thử lại.');
  }
  return read<T>(r);
}

export async function apiSend<T>(method: 'POST' | 'PUT', path: string, body: unknown, extra: Record<string, string> = {}): Promise<T> {
  const isForm = body instanceof FormData;
  let r: Response;
  try {
    r = await fetch(`${API_BASE}${path}`, {
      method,
      headers: await headers(isForm ? extra : { 'content-type': 'application/json', ...extra }),
      body: isForm ? body : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'Không kết nối được máy chủ. Kiểm tra mạng rồi thử lại.');
  }
  return read<T>(r);
}

export async function apiDownload(path: string): Promise<{ blob: Blob; fileName: string }> {
  const r = await fetch(`${API_BASE}${path}`, { headers: await headers() });
  if (!r.ok) await read(r);
  const cd = r.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(cd)?.[1];
  const plain = /filename="([^"]+)"/i.exec(cd)?.[1];
  return { blob: await r.blob(), fileName: star ? decodeURIComponent(star) : plain ?? 'bao-cao.docx' };
}

// ---- shapes the pages read ----
export interface TMe {
  name: string;
  role: 'citizen' | 'officer' | 'leader' | 'admin';
  roleLabel: string;
  unit: { code: string; name: string } | null;
  linked: boolean;
  can: { officerPages: boolean; reassign: boolean; writeReport: boolean };
  limits: { photos: number; photoBytes: number };
}

export interface TProcedureSummary { code: string; name: string; field: string; score?: number }
export interface TSearchAnswer { confidence: string; understood: string; didYouMean?: string; results: TProcedureSummary[] }
export interface TProcedure {
  code: string; name: string; field: string; sector: string | null; authority: string; receptionPoint?: string;
  onlineLevel?: 'full' | 'partial' | 'none'; processingTime?: string; fee?: string;
  channels: { channel: 'counter' | 'online' | 'postal'; time?: string; fee?: string }[];
  documents: { name: string; quantity?: string; form?: string; case?: string }[];
  steps: string[]; legalBasis: string[]; onlineUrl?: string; status: 'active' | 'withdrawn';
}
export interface TFeedbackView {
  code: string; status: string; statusLabel: string; open: boolean; subject: string | null; content: string;
  unit: { code: string; name: string }; procedureCode: string | null; receivedAt: string; receivedDate: string;
  dueDate: string | null; closedDate: string | null; answer: string | null; answeredAt: string | null;
  rejectReason: string | null; rating: 'satisfied' | 'unsatisfied' | null; canRate: boolean;
  timeline: { at: string; action: string; unit?: string; rating?: string }[];
  photos: { seq: number; status: string; reason: string | null; url?: string }[];
}
export interface TUnit { code: string; name: string; shortName: string; level: string }
