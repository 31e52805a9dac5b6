/**
 * The invariants of domain.md, checked on any set of figures — computed ones (they hold by construction, and the
 * property tests prove it) and hand-typed summaries, which must be flagged rather than printed (the June 2024 report
 * says "Tổng 1.342 (tiếp nhận mới 580, kỳ trước 162)").
 */
import { formatNumber } from '../format.ts';
import { AUTHORITIES, AUTHORITY_LABELS, type TAuthority } from '../org.ts';
import type { TDossierFigures, TOnlineFigures } from './contract.ts';
import { onTimeRatePercent, rate2 } from './rates.ts';

export interface TInvariantFailure {
  /** Stable identifier, e.g. "total=carried_over+new". */
  invariant: string;
  /** Where: "dossiers.province", "units.PQ.district", "online_and_digitisation". */
  scope: string;
  /** Vietnamese, for an officer. */
  description: string;
}

/** Figures as computed, or as typed by hand: keys may be missing (the golden district row has no early/on_time). */
export interface TFiguresLike {
  dossiers: Partial<Record<string, Partial<TDossierFigures>>>;
  online_and_digitisation?: Partial<TOnlineFigures>;
  units?: Record<string, Partial<Record<string, Partial<TDossierFigures>>>>;
}

const COUNT_KEYS = [
  'carried_over',
  'new',
  'total',
  'resolved',
  'early',
  'on_time',
  'early_plus_on_time',
  'late',
  'withdrawn',
  'pending',
  'pending_not_yet_due',
  'pending_overdue',
] as const;

const LABELS: Record<(typeof COUNT_KEYS)[number], string> = {
  carried_over: 'kỳ trước chuyển sang',
  new: 'tiếp nhận mới',
  total: 'tổng',
  resolved: 'giải quyết',
  early: 'trước hạn',
  on_time: 'đúng hạn',
  early_plus_on_time: 'trước và đúng hạn',
  late: 'trễ hạn',
  withdrawn: 'dừng xử lý, rút',
  pending: 'tồn',
  pending_not_yet_due: 'chưa đến hạn',
  pending_overdue: 'quá hạn',
};

const n = formatNumber;

function authorityName(key: string): string {
  return key in AUTHORITY_LABELS ? `Hồ sơ ${AUTHORITY_LABELS[key as TAuthority]}` : `Hồ sơ “${key}”`;
}

function checkRow(row: Partial<TDossierFigures>, scope: string, who: string, out: TInvariantFailure[]): void {
  const fail = (invariant: string, description: string) => out.push({ invariant, scope, description: `${who}: ${description}` });
  for (const k of COUNT_KEYS) {
    const v = row[k];
    if (v !== undefined && (!Number.isInteger(v) || v < 0)) fail('counts-are-natural', `${LABELS[k]} = ${v} không phải số hồ sơ hợp lệ.`);
  }
  const sum = (parts: readonly (typeof COUNT_KEYS)[number][], whole: (typeof COUNT_KEYS)[number], invariant: string) => {
    const w = row[whole];
    const values = parts.map((p) => row[p]);
    if (w === undefined || values.some((v) => v === undefined)) return;
    const s = (values as number[]).reduce((a, b) => a + b, 0);
    if (s !== w) {
      const terms = parts.map((p, i) => `${LABELS[p]} ${n(values[i] as number)}`).join(' + ');
      fail(invariant, `${LABELS[whole]} ${n(w)} ≠ ${terms} (= ${n(s)}).`);
    }
  };
  sum(['carried_over', 'new'], 'total', 'total=carried_over+new');
  sum(['resolved', 'withdrawn', 'pending'], 'total', 'total=resolved+withdrawn+pending');
  sum(['early_plus_on_time', 'late'], 'resolved', 'resolved=early_plus_on_time+late');
  sum(['early', 'on_time'], 'early_plus_on_time', 'early_plus_on_time=early+on_time');
  sum(['pending_not_yet_due', 'pending_overdue'], 'pending', 'pending=not_yet_due+overdue');
  const { early_plus_on_time, pending_not_yet_due, resolved, pending, on_time_rate_percent } = row;
  if (
    on_time_rate_percent !== undefined &&
    early_plus_on_time !== undefined &&
    pending_not_yet_due !== undefined &&
    resolved !== undefined &&
    pending !== undefined
  ) {
    const expected = onTimeRatePercent({ early_plus_on_time, pending_not_yet_due, resolved, pending });
    if (expected !== on_time_rate_percent) {
      fail(
        'on_time_rate',
        `tỷ lệ đúng hẹn ghi ${on_time_rate_percent ?? '—'}% nhưng (trước và đúng hạn ${n(early_plus_on_time)} + chưa đến hạn ${n(pending_not_yet_due)}) / (giải quyết ${n(resolved)} + tồn ${n(pending)}) = ${expected ?? '—'}%.`,
      );
    }
  }
}

function checkOnline(f: TFiguresLike, out: TInvariantFailure[]): void {
  const o = f.online_and_digitisation;
  if (!o) return;
  const scope = 'online_and_digitisation';
  const fail = (invariant: string, description: string) => out.push({ invariant, scope, description: `Dịch vụ công trực tuyến, số hóa: ${description}` });
  const rows = (o.scope ?? []).map((a) => f.dossiers[a]);
  const total = (k: 'new' | 'total' | 'resolved') =>
    rows.every((r) => r?.[k] !== undefined) ? rows.reduce((s, r) => s + (r?.[k] ?? 0), 0) : undefined;
  const scopeNames = (o.scope ?? []).map((a) => AUTHORITY_LABELS[a]).join(' + ');

  const newSum = total('new');
  if (o.new_total !== undefined && newSum !== undefined && o.new_total !== newSum) {
    fail('new_total=sum(new)', `tổng hồ sơ tiếp nhận mới ${n(o.new_total)} ≠ tiếp nhận mới ${scopeNames} (${n(newSum)}).`);
  }
  const totalSum = total('total');
  if (o.in_scope_total !== undefined && totalSum !== undefined && o.in_scope_total !== totalSum) {
    fail('in_scope_total=sum(total)', `tổng hồ sơ trong kỳ ${n(o.in_scope_total)} ≠ tổng hồ sơ ${scopeNames} (${n(totalSum)}).`);
  }
  const atMost = (part: number | undefined, whole: number | undefined, invariant: string, what: string, of: string) => {
    if (part !== undefined && whole !== undefined && part > whole) fail(invariant, `${what} ${n(part)} lớn hơn ${of} ${n(whole)}.`);
  };
  atMost(o.received_online, o.new_total, 'received_online<=new_total', 'hồ sơ tiếp nhận trực tuyến', 'hồ sơ tiếp nhận mới');
  atMost(o.paid_online, o.new_total, 'paid_online<=new_total', 'hồ sơ thanh toán trực tuyến', 'hồ sơ tiếp nhận mới');
  atMost(o.digitised_at_receipt, o.new_total, 'digitised_at_receipt<=new_total', 'hồ sơ số hóa khi tiếp nhận', 'hồ sơ tiếp nhận mới');
  atMost(o.fully_online, o.in_scope_total, 'fully_online<=in_scope_total', 'hồ sơ toàn trình', 'tổng hồ sơ');
  atMost(o.result_digitised, o.result_digitisable, 'result_digitised<=result_digitisable', 'kết quả được số hóa', 'kết quả cần số hóa');
  atMost(o.result_digitisable, total('resolved'), 'result_digitisable<=resolved', 'kết quả cần số hóa', 'hồ sơ đã giải quyết');

  const rate = (num: number | undefined, den: number | undefined, shown: number | null | undefined, invariant: string, what: string) => {
    if (num === undefined || den === undefined || shown === undefined) return;
    const expected = rate2(num, den);
    if (expected !== shown) fail(invariant, `tỷ lệ ${what} ghi ${shown ?? '—'}% nhưng ${n(num)}/${n(den)} = ${expected ?? '—'}%.`);
  };
  rate(o.received_online, o.new_total, o.received_online_rate_percent, 'received_online_rate', 'tiếp nhận trực tuyến');
  rate(o.fully_online, o.in_scope_total, o.fully_online_rate_percent, 'fully_online_rate', 'toàn trình');
  rate(o.digitised_at_receipt, o.new_total, o.digitised_at_receipt_rate_percent, 'digitised_at_receipt_rate', 'số hóa khi tiếp nhận');
  rate(o.result_digitised, o.result_digitisable, o.result_digitised_rate_percent, 'result_digitised_rate', 'số hóa kết quả');
}

function checkUnits(f: TFiguresLike, out: TInvariantFailure[]): void {
  if (!f.units) return;
  for (const a of AUTHORITIES) {
    const whole = f.dossiers[a];
    if (!whole) continue;
    for (const k of COUNT_KEYS) {
      const w = whole[k];
      if (w === undefined) continue;
      let s = 0;
      for (const unit of Object.values(f.units)) s += unit[a]?.[k] ?? 0;
      if (s !== w) {
        out.push({
          invariant: 'sum(units)=authority',
          scope: `units.*.${a}`,
          description: `${authorityName(a)}: ${LABELS[k]} ${n(w)} ≠ tổng các nơi tiếp nhận (${n(s)}).`,
        });
      }
    }
  }
}

/** Every invariant that fails, with a Vietnamese description; [] when the figures agree with themselves. */
export function checkInvariants(figures: TFiguresLike): TInvariantFailure[] {
  const out: TInvariantFailure[] = [];
  for (const [a, row] of Object.entries(figures.dossiers)) {
    if (row) checkRow(row, `dossiers.${a}`, authorityName(a), out);
  }
  for (const [code, unit] of Object.entries(figures.units ?? {})) {
    for (const [a, row] of Object.entries(unit)) {
      if (row) checkRow(row, `units.${code}.${a}`, `${authorityName(a)} tại ${code}`, out);
    }
  }
  checkOnline(figures, out);
  checkUnits(figures, out);
  return out;
}
