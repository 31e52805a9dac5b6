/** Vietnamese formats, as the server's src/domain/format.ts writes them: 2.070, 62,55%, 14/06/2024. */

export function formatNumber(value: number, decimals = 0): string {
  const f = 10 ** decimals;
  const rounded = Math.sign(value) * Math.floor(Math.abs(value) * f + 0.5 + 1e-9) / f;
  const [intPart = '0', frac] = Math.abs(rounded).toFixed(decimals).split('.');
  return `${rounded < 0 ? '-' : ''}${intPart.replace(/\B(?=(\d{3})+(?!\d))/g, '.')}${frac ? `,${frac}` : ''}`;
}

export function formatPercent(value: number | null | undefined, decimals = 0): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '—' : `${formatNumber(value, decimals)}%`;
}

/** '2024-06-14' → '14/06/2024'; an ISO timestamp → its date in Vietnam (UTC+7). */
export function formatDate(text: string | null | undefined): string {
  if (!text) return '—';
  let iso = text;
  if (text.length > 10) iso = new Date(Date.parse(text) + 7 * 3_600_000).toISOString().slice(0, 10);
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : text;
}

/** '14/06/2024 lúc 09:30' in Vietnam time. */
export function formatDateTime(text: string): string {
  const d = new Date(Date.parse(text) + 7 * 3_600_000);
  if (Number.isNaN(d.getTime())) return text;
  return `${formatDate(d.toISOString().slice(0, 10))} lúc ${d.toISOString().slice(11, 16)}`;
}

/** Signed change: "+12", "−3", "0". */
export function formatChange(delta: number, decimals = 0): string {
  if (delta === 0) return '0';
  return `${delta > 0 ? '+' : '−'}${formatNumber(Math.abs(delta), decimals)}`;
}

export function todayKey(now = new Date()): string {
  return new Date(now.getTime() + 7 * 3_600_000).toISOString().slice(0, 7);
}
