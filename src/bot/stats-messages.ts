/**
 * Message builders for officers' figures and the citizen's dossier look-up. Pure: they receive what the
 * conversation service loaded (figures of the SQL engine, a dossier) and return messages; texts come from texts.ts.
 * Numbers as Vietnamese write them: 2.070, 75%, 62,55%; dates 14/06/2024.
 */
import { AUTHORITIES, AUTHORITY_LABELS, type TAuthority, type TOrg } from '../domain/org.ts';
import type { TDossier } from '../domain/dossier.ts';
import type { TDossierFigures, TFigures } from '../domain/figures/index.ts';
import { daysBetween, formatDate, formatNumber, formatPercent, type TIsoDate } from '../domain/format.ts';
import type { TButton, TOutMessage } from './messages.ts';
import { ZALO_TEXT_LIMIT, splitText } from './messages.ts';
import type { TOfficerQuery } from './officer-query.ts';
import { DOSSIER_TEXTS, STATS_TEXTS as T } from './texts.ts';

const n = (v: number) => formatNumber(v);

/** An overdue dossier as the leader's list shows it: codes and dates only. */
export interface TOverdueItem {
  code: string;
  procedureCode: string;
  dueDate: TIsoDate;
  procedureName?: string;
}

export function periodText(p: TOfficerQuery['period']): string {
  return T.period(p.label, formatDate(p.start), formatDate(p.end), p.partial);
}

function unitName(org: TOrg | undefined, code: string): string {
  const u = org?.units.find((x) => x.code === code);
  return u ? (u.shortName ?? u.name) : code;
}

function scopeLine(q: TOfficerQuery): string {
  return q.unit ? T.scopeUnit(q.unit.shortName ?? q.unit.name) : T.scopeAll;
}

/** The token a button payload names the scope by: a unit code, or "toàn bộ" (so a ward officer's default is not applied). */
function scopeToken(q: TOfficerQuery): string {
  return q.unit ? q.unit.code : T.wholeOrgToken;
}

function buttonsFor(q: TOfficerQuery, which: ('full' | 'overdue')[]): TButton[] {
  const label = q.period.label;
  return which.map((w) =>
    w === 'full'
      ? { type: 'oa.query.hide' as const, title: T.fullReportButton, payload: T.fullReportPayload(scopeToken(q), label) }
      : { type: 'oa.query.hide' as const, title: T.overdueButton, payload: T.overduePayload(scopeToken(q), label) },
  );
}

/** A long text as text messages, the last one carrying the buttons (a button message is never split). */
function withButtons(text: string, buttons: TButton[]): TOutMessage[] {
  if (buttons.length === 0) return splitText(text).map((t) => ({ kind: 'text', text: t }));
  const parts = splitText(text, ZALO_TEXT_LIMIT);
  const last = parts.pop() ?? text;
  return [...parts.map((t): TOutMessage => ({ kind: 'text', text: t })), { kind: 'buttons', text: last, buttons }];
}

function authorityBlock(a: TAuthority, f: TDossierFigures): string[] {
  return [
    T.authority(AUTHORITY_LABELS[a]),
    T.received(n(f.total), n(f.new), n(f.carried_over)),
    T.resolved(n(f.resolved), n(f.early), n(f.on_time), n(f.late)),
    ...(f.withdrawn > 0 ? [T.withdrawn(n(f.withdrawn))] : []),
    T.pending(n(f.pending), n(f.pending_overdue)),
    T.onTimeRate(formatPercent(f.on_time_rate_percent)),
  ];
}

/** The compact answer to "thống kê …": per authority, then online service and digitisation, and two buttons. */
export function buildStatsMessages(q: TOfficerQuery, f: TFigures): TOutMessage[] {
  const period = periodText(q.period);
  const authorities = AUTHORITIES.filter((a) => f.dossiers[a].total > 0);
  if (authorities.length === 0) return [{ kind: 'text', text: `${scopeLine(q)}.\n${T.noDossiers(period)}` }];
  const lines = [T.statsTitle(period), scopeLine(q)];
  for (const a of authorities) lines.push('', ...authorityBlock(a, f.dossiers[a]));
  const o = f.online_and_digitisation;
  if (o.in_scope_total > 0) {
    lines.push(
      '',
      T.onlineTitle(o.scope.map((a) => AUTHORITY_LABELS[a]).join(' + ')),
      T.receivedOnline(n(o.received_online), n(o.new_total), formatPercent(o.received_online_rate_percent, 2)),
      T.fullyOnline(formatPercent(o.fully_online_rate_percent, 2), n(o.paid_online)),
      T.digitised(formatPercent(o.digitised_at_receipt_rate_percent, 2), formatPercent(o.result_digitised_rate_percent, 2)),
    );
  }
  return withButtons(lines.join('\n'), buttonsFor(q, ['full', 'overdue']));
}

/** The "Báo cáo đầy đủ" answer: every reception point with its authority rows, in the configuration's order. */
export function buildFullReportMessages(q: TOfficerQuery, f: TFigures, org: TOrg | undefined): TOutMessage[] {
  const period = periodText(q.period);
  const order = new Map((org?.units ?? []).map((u, i) => [u.code, i]));
  const codes = Object.keys(f.units).sort((x, y) => (order.get(x) ?? 1e9) - (order.get(y) ?? 1e9) || (x < y ? -1 : 1));
  if (codes.length === 0) return [{ kind: 'text', text: `${scopeLine(q)}.\n${T.noDossiers(period)}` }];
  const lines = [T.fullTitle(period), scopeLine(q)];
  for (const code of codes) {
    lines.push('', T.fullUnit(unitName(org, code), code));
    for (const a of AUTHORITIES) {
      const r = f.units[code]?.[a];
      if (!r) continue;
      lines.push(T.fullRow(T.authority(AUTHORITY_LABELS[a]), n(r.total), n(r.new), n(r.resolved), n(r.early), n(r.on_time), n(r.late), n(r.withdrawn), n(r.pending), n(r.pending_overdue), formatPercent(r.on_time_rate_percent)));
    }
  }
  lines.push('', T.fullFooter);
  return withButtons(lines.join('\n'), buttonsFor(q, ['overdue']));
}

/** "hồ sơ quá hạn": the overdue pending count per unit at the period's end; for a leader, the oldest ones too. */
export function buildOverdueMessages(q: TOfficerQuery, f: TFigures, org: TOrg | undefined, oldest: readonly TOverdueItem[] | undefined): TOutMessage[] {
  const period = `tháng ${q.period.label}`;
  const asOf = formatDate(q.period.end);
  const perUnit = Object.entries(f.units)
    .map(([code, row]) => ({ code, overdue: AUTHORITIES.reduce((s, a) => s + (row[a]?.pending_overdue ?? 0), 0) }))
    .filter((x) => x.overdue > 0)
    .sort((x, y) => y.overdue - x.overdue || (x.code < y.code ? -1 : 1));
  const total = perUnit.reduce((s, x) => s + x.overdue, 0);
  if (total === 0) return [{ kind: 'text', text: `${scopeLine(q)}.\n${T.overdueNone(asOf, period)}` }];
  const lines = [T.overdueTitle(asOf, period, n(total)), scopeLine(q), ...perUnit.map((x) => T.overdueUnit(unitName(org, x.code), n(x.overdue)))];
  if (oldest && oldest.length > 0) {
    lines.push('', T.overdueOldestTitle(oldest.length));
    oldest.forEach((d, i) => {
      const proc = d.procedureName ? `${d.procedureCode} (${shorten(d.procedureName, 60)})` : d.procedureCode;
      lines.push(T.overdueItem(i + 1, d.code, proc, formatDate(d.dueDate), n(daysBetween(d.dueDate, q.period.end))));
    });
  }
  return withButtons(lines.join('\n'), buttonsFor(q, ['full']));
}

function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,;:–-]+$/u, '')}…`;
}

/** The citizen's dossier card: procedure, reception point, dates and status at `today`. */
export function buildDossierMessage(
  d: TDossier,
  opts: { today: TIsoDate; procedureName?: string; org?: TOrg },
): TOutMessage {
  const t = DOSSIER_TEXTS;
  const lines = [t.title(d.code), t.procedure(d.procedureCode, opts.procedureName)];
  const unit = opts.org?.units.find((u) => u.code === d.receptionPoint);
  if (unit) lines.push(t.receptionPoint(unit.name));
  lines.push(t.received(formatDate(d.receivedDate)), t.due(formatDate(d.dueDate)));
  let overdue = false;
  if (d.finishedDate !== undefined && d.finishedDate <= opts.today) {
    const date = formatDate(d.finishedDate);
    lines.push(t.status(d.finishedDate < d.dueDate ? t.statusEarly(date) : d.finishedDate === d.dueDate ? t.statusOnTime(date) : t.statusLate(date)));
  } else if (d.withdrawnDate !== undefined && d.withdrawnDate <= opts.today) {
    lines.push(t.status(t.statusWithdrawn(formatDate(d.withdrawnDate))));
  } else if (d.dueDate < opts.today) {
    overdue = true;
    lines.push(t.status(t.statusOverdue(n(daysBetween(d.dueDate, opts.today)))));
  } else {
    lines.push(t.status(t.statusPending));
  }
  if (overdue) lines.push('', t.overdueHint);
  return { kind: 'text', text: lines.join('\n') };
}

export function buildDossierNotFound(code: string): TOutMessage {
  return { kind: 'text', text: DOSSIER_TEXTS.notFound(code.length > 60 ? `${code.slice(0, 60)}…` : code) };
}
