/**
 * The monthly report as data: header fields, sections I–IV with machine paragraphs (every figure, worded as the
 * June 2024 report of Phú Quốc words it) and officer paragraphs (texts kept per period), the consistency annex and
 * a three-line summary for the chat. Pure: the renderers (docx.ts, markdown.ts) only lay it out.
 *
 * The figures come from the one figures engine (or an imported summary), so the report and the chat cannot
 * disagree; an inconsistent input is printed as it is, flagged next to the figures and listed in an annex.
 */
import {
  checkInvariants,
  FEEDBACK_SOURCES,
  onTimeRatePercent,
  type TDossierFigures,
  type TFeedbackFigures,
  type TFeedbackSource,
  type TFigures,
  type TInvariantFailure,
} from '../domain/figures/index.ts';
import { addDays, formatDate, formatNumber, formatPercent, isIsoDate, parseDateInput } from '../domain/format.ts';
import { AUTHORITIES, AUTHORITY_LABELS, type TAuthority, type TOrg } from '../domain/org.ts';
import type { TCatalogueCounts } from './catalogue.ts';
import { expandPlaceholders, issuerKind, type TReportTexts } from './texts.ts';

export interface TReportParagraph {
  source: 'machine' | 'officer';
  text: string;
  /** body: justified, first line indented; heading-like lines: "a) …", "* Tại …"; note: italic remark. */
  style?: 'body' | 'subheading' | 'note';
}

export interface TReportSection {
  /** "I", "I.2", "I.2.2"… */
  id: string;
  /** "I. KẾT QUẢ THỰC HIỆN", "2.2. Kết quả giải quyết TTHC" */
  heading: string;
  level: 1 | 2 | 3;
  /** The first paragraph follows the heading on the same line ("1.1. …: không có."). */
  inline?: boolean;
  paragraphs: TReportParagraph[];
  sections: TReportSection[];
}

export interface TUnitRow {
  unit: string;
  unitName: string;
  authority: TAuthority;
  figures: TDossierFigures;
}

export interface TReportModel {
  period: { key: string; label: string; start: string; end: string; partial: boolean };
  header: {
    /** Issuing body, one line each (upper case). */
    issuer: string[];
    /** What follows "Số: ", e.g. "   /BC-UBND". */
    number: string;
    /** "Phú Quốc, ngày 20 tháng 6 năm 2024" (blank day when the date is not set). */
    placeAndDate: string;
    title: string;
    subject: string[];
    recipient: string;
  };
  intro: TReportParagraph[];
  sections: TReportSection[];
  closing: TReportParagraph[];
  signer: { title: string[]; name: string };
  recipients: string[];
  /** Dossier figures per reception point (annex table), in the configuration's unit order. */
  units: TUnitRow[];
  /** Every invariant the input figures break (empty for computed figures). */
  failures: TInvariantFailure[];
  /** False when no dossier at all is in the period's scope: the report says so instead of printing zeros. */
  hasDossierData: boolean;
  /** Three lines of Vietnamese for the chat message that carries the file. */
  summary: [string, string, string];
}

export interface TReportModelOptions {
  /** The period is still running: figures are as of its (cut) end date. */
  partial?: boolean;
}

export const NO_DOSSIER_DATA = 'Chưa có dữ liệu hồ sơ của kỳ báo cáo này';
export const NO_CATALOGUE_DATA = 'Chưa có dữ liệu danh mục thủ tục hành chính (chưa nhập danh mục)';
export const NO_FEEDBACK_DATA = 'Chưa có dữ liệu phản ánh, kiến nghị của kỳ báo cáo này';
const INCONSISTENT_NOTE = '(Số liệu trên không nhất quán: xem Phụ lục kiểm tra số liệu ở cuối báo cáo.)';

/**
 * A count as administrative documents write it: 2.070; 1–9 with a leading zero (05 hồ sơ, 03 PAKN) as the seed and
 * Vietnamese administrative practice do.
 */
export function formatCount(n: number): string {
  return n >= 1 && n <= 9 ? `0${n}` : formatNumber(n);
}

const c = formatCount;
const pct0 = (v: number | null) => formatPercent(v, 0);
const pct2 = (v: number | null) => formatPercent(v, 2);

/** Lines of an officer text: one paragraph per non-empty line, placeholders expanded. */
function officerLines(text: string | undefined, period: { key: string }): string[] {
  return expandPlaceholders(text ?? '', period)
    .normalize('NFC')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

function officer(text: string | undefined, period: { key: string }, style: TReportParagraph['style'] = 'body'): TReportParagraph[] {
  return officerLines(text, period).map((t) => ({ source: 'officer', text: t, style }));
}

const machine = (text: string, style: TReportParagraph['style'] = 'body'): TReportParagraph => ({ source: 'machine', text, style });

function lcFirst(s: string): string {
  return s.charAt(0).toLocaleLowerCase('vi') + s.slice(1);
}

/** How the report names who decides: "UBND thành phố", "UBND các xã, phường", "cấp tỉnh". */
class Names {
  private readonly kind: string | undefined;
  private readonly topLevel: string | undefined;

  constructor(private readonly org: TOrg) {
    this.kind = issuerKind(org.name);
    this.topLevel = org.levels[0]?.code;
  }

  /** "UBND thành phố" (from the organisation's name), or undefined when the name does not say what it is. */
  get issuerBody(): string | undefined {
    return this.kind ? `UBND ${this.kind}` : undefined;
  }

  /** "Hồ sơ thuộc thẩm quyền UBND thành phố", "Hồ sơ cấp tỉnh". */
  dossierRow(a: TAuthority): string {
    if (a === this.topLevel && this.issuerBody) return `Hồ sơ thuộc thẩm quyền ${this.issuerBody}`;
    return `Hồ sơ ${AUTHORITY_LABELS[a]}`;
  }

  /** "UBND thành phố", "UBND các xã, phường" (a lower level by its configured name), "cơ quan ngành dọc". */
  body(a: TAuthority): string {
    if (a === this.topLevel && this.issuerBody) return this.issuerBody;
    const level = this.org.levels.find((l) => l.code === a);
    if (level) return `UBND ${lcFirst(level.name)}`;
    return a === 'vertical' ? 'cơ quan ngành dọc' : `UBND ${AUTHORITY_LABELS[a]}`;
  }

  /** "UBND thành phố" as the primary authority of a level in I.2.1, else "cấp xã". */
  catalogueOwner(a: TAuthority): string {
    if (a === this.topLevel && this.issuerBody) return this.issuerBody;
    return AUTHORITY_LABELS[a];
  }

  /** "cấp huyện" for the district level; a level that is not an authority by its name. */
  levelWord(code: string): string {
    if ((AUTHORITIES as readonly string[]).includes(code)) return AUTHORITY_LABELS[code as TAuthority];
    const level = this.org.levels.find((l) => l.code === code);
    return level ? lcFirst(level.name) : code;
  }

  /** "Tại Bộ phận Tiếp nhận và Trả kết quả thành phố" */
  levelHeading(code: string): string {
    const level = this.org.levels.find((l) => l.code === code);
    return level?.reportHeading ?? `Tại ${level ? lcFirst(level.name) : code}`;
  }

  feedbackSource(s: TFeedbackSource): string {
    if (s === 'national_portal') return 'Từ Cổng Chính phủ';
    if (s === 'province') return 'Từ các cơ quan cấp tỉnh';
    return `Từ các cơ quan ${this.kind ?? 'địa phương'}`;
  }

  unitName(code: string): string {
    const u = this.org.units.find((x) => x.code === code);
    return u?.shortName ?? u?.name ?? code;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Dossiers (I.2.2)

function onTimeRateText(f: TDossierFigures): string {
  return f.on_time_rate_percent === null ? 'Tỷ lệ đúng hẹn: không tính (không có hồ sơ giải quyết hoặc tồn).' : `Tỷ lệ đúng hẹn đạt: ${pct0(f.on_time_rate_percent)}.`;
}

function withdrawnText(f: TDossierFigures): string {
  return f.withdrawn > 0 ? `${c(f.withdrawn)} hồ sơ dừng xử lý và người dân rút` : 'không có hồ sơ dừng xử lý hoặc người dân rút';
}

/**
 * One authority row. Three shapes, each the seed's own:
 * - nothing carried over, late, withdrawn or pending: "Tổng hồ sơ tiếp nhận mới 631 hồ sơ. Giải quyết 631 hồ sơ
 *   đúng hạn. Tỷ lệ đúng hẹn đạt: 100%." (the vertical row);
 * - the top level's rows, with early and on time together as "đúng hạn" (the city rows);
 * - lower levels, with early and on time apart and pending before withdrawn (the communes' row).
 */
export function dossierSentence(f: TDossierFigures, style: 'in-time' | 'split'): string {
  if (f.total === 0) return 'Trong kỳ không có hồ sơ.';
  if (f.carried_over === 0 && f.late === 0 && f.withdrawn === 0 && f.pending === 0) {
    return `Tổng hồ sơ tiếp nhận mới ${c(f.new)} hồ sơ. Giải quyết ${c(f.resolved)} hồ sơ đúng hạn. ${onTimeRateText(f)}`;
  }
  if (style === 'in-time') {
    const pending = f.pending > 0
      ? `Tồn ${c(f.pending)} hồ sơ (chưa đến hạn ${c(f.pending_not_yet_due)} hồ sơ, quá hạn ${c(f.pending_overdue)} hồ sơ).`
      : 'Không còn hồ sơ tồn.';
    return `Tổng hồ sơ ${c(f.total)} hồ sơ (tiếp nhận mới là ${c(f.new)} hồ sơ, số kỳ trước chuyển sang là ${c(f.carried_over)} hồ sơ). ` +
      `Giải quyết ${c(f.resolved)} hồ sơ (đúng hạn ${c(f.early_plus_on_time)} hồ sơ, trễ hạn ${c(f.late)} hồ sơ), ${withdrawnText(f)}. ` +
      `${pending} ${onTimeRateText(f)}`;
  }
  const pending = f.pending > 0 ? `tồn ${c(f.pending)} hồ sơ (trong hạn ${c(f.pending_not_yet_due)} hồ sơ, quá hạn ${c(f.pending_overdue)} hồ sơ)` : 'không còn hồ sơ tồn';
  return `Tổng hồ sơ ${c(f.total)} hồ sơ (tiếp nhận mới là ${c(f.new)} hồ sơ, kỳ trước chuyển sang là ${c(f.carried_over)} hồ sơ). ` +
    `Giải quyết ${c(f.resolved)} hồ sơ (trước hạn ${c(f.early)} hồ sơ, đúng hạn ${c(f.on_time)} hồ sơ, trễ hạn ${c(f.late)} hồ sơ), ` +
    `${pending}, ${withdrawnText(f)}. ${onTimeRateText(f)}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Feedback (I.3)

/** "Trong tháng tiếp nhận mới 02 PAKN, kỳ trước chuyển qua 05 PAKN. Đang giải quyết 07 PAKN." */
export function feedbackSentence(f: TFeedbackFigures): string {
  if (f.new === 0 && f.carried_over === 0 && f.resolved === 0 && f.processing === 0) return 'Trong tháng không có phản ánh, kiến nghị.';
  const received = f.new > 0 ? `Trong tháng tiếp nhận mới ${c(f.new)} PAKN` : 'Trong tháng không có tiếp nhận mới';
  const carried = f.carried_over > 0 ? `kỳ trước chuyển qua ${c(f.carried_over)} PAKN` : 'kỳ trước không có PAKN chuyển qua';
  const parts = [`${received}, ${carried}.`];
  if (f.resolved > 0) parts.push(`Đã giải quyết ${c(f.resolved)} PAKN.`);
  parts.push(f.processing > 0 ? `Đang giải quyết ${c(f.processing)} PAKN.` : 'Không còn PAKN đang giải quyết.');
  return parts.join(' ');
}

/** new + carried_over = resolved + processing, per source. */
export function checkFeedbackInvariants(feedback: Partial<Record<TFeedbackSource, TFeedbackFigures>> | undefined, names?: (s: TFeedbackSource) => string): TInvariantFailure[] {
  const out: TInvariantFailure[] = [];
  for (const s of FEEDBACK_SOURCES) {
    const f = feedback?.[s];
    if (!f) continue;
    const label = names ? names(s) : s;
    for (const [k, v] of Object.entries(f)) {
      if (!Number.isInteger(v) || v < 0) {
        out.push({ invariant: 'counts-are-natural', scope: `feedback.${s}`, description: `PAKN ${lcFirst(label)}: ${k} = ${String(v)} không phải số hợp lệ.` });
      }
    }
    const left = f.new + f.carried_over;
    const right = f.resolved + f.processing;
    if (left !== right) {
      out.push({
        invariant: 'new+carried_over=resolved+processing',
        scope: `feedback.${s}`,
        description: `PAKN ${lcFirst(label)}: tiếp nhận mới ${formatNumber(f.new)} + kỳ trước chuyển qua ${formatNumber(f.carried_over)} (= ${formatNumber(left)}) ≠ đã giải quyết ${formatNumber(f.resolved)} + đang giải quyết ${formatNumber(f.processing)} (= ${formatNumber(right)}).`,
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------

/** "ngày 20 tháng 6 năm 2024" (Decree 30: a leading zero for days below 10 and for months 1 and 2). */
export function dateWords(iso: string | undefined, fallbackMonthOf: string): string {
  if (iso && isIsoDate(iso)) {
    const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
    return `ngày ${String(d).padStart(2, '0')} tháng ${m <= 2 ? String(m).padStart(2, '0') : m} năm ${y}`;
  }
  const [y, m] = fallbackMonthOf.split('-').map(Number) as [number, number];
  // A blank for the day, filled in by hand when the report is signed.
  return `ngày      tháng ${m <= 2 ? String(m).padStart(2, '0') : m} năm ${y}`;
}

function ratio(num: number, den: number, rate: number | null): string {
  if (den === 0) return 'không có hồ sơ';
  return `${formatNumber(num)}/${formatNumber(den)} hồ sơ${rate === null ? '' : `, đạt tỷ lệ ${pct2(rate)}`}`;
}

function section(id: string, heading: string, level: 1 | 2 | 3, paragraphs: TReportParagraph[] = [], sections: TReportSection[] = [], inline = false): TReportSection {
  return { id, heading, level, paragraphs, sections, ...(inline ? { inline } : {}) };
}

function sumRows(rows: readonly TDossierFigures[]): Pick<TDossierFigures, 'total' | 'resolved' | 'late' | 'pending' | 'pending_overdue' | 'early_plus_on_time' | 'pending_not_yet_due'> {
  const s = { total: 0, resolved: 0, late: 0, pending: 0, pending_overdue: 0, early_plus_on_time: 0, pending_not_yet_due: 0 };
  for (const r of rows) for (const k of Object.keys(s) as (keyof typeof s)[]) s[k] += r[k];
  return s;
}

/**
 * The report model of one period. `figures` may be computed (consistent by construction) or an imported summary
 * (checked: every failing invariant is flagged beside its figures and listed in an annex). `catalogue` gives the
 * I.2.1 counts; `texts` the officer parts (complete: see completeTexts).
 */
export function buildReportModel(
  figures: TFigures,
  catalogue: TCatalogueCounts,
  texts: TReportTexts,
  org: TOrg,
  opts: TReportModelOptions = {},
): TReportModel {
  const names = new Names(org);
  const period = { key: figures.period.key, label: figures.period.label, start: figures.period.start, end: figures.period.end, partial: Boolean(opts.partial) };
  const [year, month] = period.key.split('-').map(Number) as [number, number];
  const t = (part: string) => texts[part] ?? '';
  const feedback = (figures as Partial<TFigures>).feedback;

  const failures = [...checkInvariants(figures), ...checkFeedbackInvariants(feedback, (s) => names.feedbackSource(s).replace(/^Từ /, 'từ '))];
  const failing = (scope: string) => failures.some((f) => f.scope === scope);
  const flag = (paragraphs: TReportParagraph[], scope: string) => (failing(scope) ? [...paragraphs, machine(INCONSISTENT_NOTE, 'note')] : paragraphs);

  const allRows = AUTHORITIES.map((a) => figures.dossiers[a]);
  const hasDossierData = allRows.some((r) => r.total > 0 || r.carried_over > 0 || r.new > 0);

  // --- I.1
  const i1 = section('I.1', '1. Về cải cách việc quy định TTHC', 2, [], [
    section('I.1.1', '1.1. Kết quả đánh giá tác động và thẩm định TTHC trong dự án, dự thảo văn bản quy phạm pháp luật (QPPL) có quy định TTHC', 3, officer(t('I.1.1'), period), [], true),
    section('I.1.2', '1.2. Kết quả cắt giảm, đơn giản hóa quy định, TTHC', 3, officer(t('I.1.2'), period), [], true),
    section('I.1.3', '1.3. Tổng hợp TTHC được ban hành mới, sửa đổi, bổ sung hoặc bãi bỏ', 3, officer(t('I.1.3'), period), [], true),
  ]);

  // --- I.2.1 catalogue counts per level
  const p21: TReportParagraph[] = [...officer(t('I.2.1'), period)];
  if (catalogue.total === 0) {
    p21.push(machine(`${NO_CATALOGUE_DATA}.`));
  } else {
    catalogue.levels.forEach((lv, i) => {
      const letter = String.fromCharCode(97 + i);
      p21.push(machine(`${letter}) Công khai, niêm yết TTHC được tiếp nhận ${lcFirst(names.levelHeading(lv.level))}`, 'subheading'));
      const where = names.levelWord(lv.level);
      for (const row of lv.rows) {
        const f = row.figures;
        if (f.procedures === 0 && !row.primary) continue;
        if (f.procedures === 0) {
          p21.push(machine(`- Tổng số TTHC thuộc thẩm quyền giải quyết của ${names.catalogueOwner(row.authority)}: không có thủ tục nào trong danh mục đã nhập.`));
          continue;
        }
        const sectors = f.sectors > 0 ? `/${c(f.sectors)} ngành` : '';
        const boundaryFree = f.boundaryFree > 0 ? ` (trong đó có ${c(f.boundaryFree)} TTHC tiếp nhận và trả kết quả không phụ thuộc vào địa giới hành chính)` : '';
        p21.push(machine(row.primary
          ? `- Tổng số TTHC thuộc thẩm quyền giải quyết của ${names.catalogueOwner(row.authority)}: ${c(f.procedures)} thủ tục/${c(f.fields)} lĩnh vực${sectors}${boundaryFree}.`
          : `- Tổng số TTHC ${AUTHORITY_LABELS[row.authority]} tiếp nhận tại ${where}: ${c(f.procedures)} TTHC/${c(f.fields)} lĩnh vực${sectors}${boundaryFree}.`));
      }
      p21.push(machine(`- Tổng số TTHC liên thông: ${c(lv.interconnected)} TTHC.`));
    });
  }

  // --- I.2.2 dossiers per level and authority (layout of the configuration)
  const p22: TReportParagraph[] = [];
  if (period.partial) p22.push(machine(`(Số liệu tính đến hết ngày ${formatDate(period.end)}: kỳ báo cáo chưa kết thúc.)`, 'note'));
  p22.push(...officer(t('I.2.2'), period));
  if (!hasDossierData) {
    p22.push(machine(`${NO_DOSSIER_DATA} (${formatDate(period.start)} – ${formatDate(period.end)}): không có hồ sơ nào tiếp nhận, giải quyết hoặc còn tồn trong kỳ trên hệ thống.`));
  } else {
    const levels = [...org.levels.map((l) => l.code).filter((l) => l in figures.reception_points), ...Object.keys(figures.reception_points).filter((l) => !org.levels.some((x) => x.code === l))];
    levels.forEach((level, index) => {
      const rows = figures.reception_points[level] ?? [];
      if (rows.length === 0) return;
      p22.push(machine(`* ${names.levelHeading(level)}:`, 'subheading'));
      const style = index === 0 ? 'in-time' : 'split';
      for (const a of rows) {
        const sentence = dossierSentence(figures.dossiers[a], style);
        p22.push(...flag([machine(rows.length > 1 ? `- ${names.dossierRow(a)}: ${sentence}` : sentence)], `dossiers.${a}`));
      }
    });
    const s = sumRows(allRows);
    const apology = s.late + s.pending_overdue;
    p22.push(machine(
      `* Thực hiện việc xin lỗi người dân, tổ chức khi để xảy ra trễ hẹn trong giải quyết hồ sơ: ` +
        (apology > 0
          ? `trong kỳ có ${c(apology)} hồ sơ trễ hẹn phải xin lỗi (giải quyết trễ hạn ${c(s.late)} hồ sơ, quá hạn chưa giải quyết ${c(s.pending_overdue)} hồ sơ).`
          : 'trong kỳ không có hồ sơ trễ hẹn.'),
    ));
  }
  p22.push(...officer(t('I.2.2.xin-loi'), period));

  // --- I.2.3 and I.2.4 online services and digitisation
  const o = figures.online_and_digitisation;
  const scopeBodies = o.scope.map((a) => names.body(a)).join(' và ');
  const p23: TReportParagraph[] = hasDossierData
    ? flag([
      machine(`Số hồ sơ được tiếp nhận trực tuyến và giải quyết trong kỳ thuộc thẩm quyền của ${scopeBodies} là: ${ratio(o.received_online, o.new_total, o.received_online_rate_percent)}.`),
      machine(`Số hồ sơ thực hiện DVC toàn trình là: ${ratio(o.fully_online, o.in_scope_total, o.fully_online_rate_percent)}.`),
      machine(`Số hồ sơ thanh toán trực tuyến: ${c(o.paid_online)} hồ sơ.`),
    ], 'online_and_digitisation')
    : [machine(`${NO_DOSSIER_DATA}.`)];
  p23.push(...officer(t('I.2.3'), period));
  const p24: TReportParagraph[] = hasDossierData
    ? flag([
      machine(`Kết quả số hóa hồ sơ khi tiếp nhận: ${ratio(o.digitised_at_receipt, o.new_total, o.digitised_at_receipt_rate_percent)}, kết quả số hóa hồ sơ kết quả giải quyết: ${ratio(o.result_digitised, o.result_digitisable, o.result_digitised_rate_percent)}.`),
    ], 'online_and_digitisation')
    : [machine(`${NO_DOSSIER_DATA}.`)];
  p24.push(...officer(t('I.2.4'), period));

  const i2 = section('I.2', '2. Về cải cách thực hiện TTHC', 2, [], [
    section('I.2.1', '2.1. Kết quả công khai, minh bạch trong thực hiện TTHC', 3, p21),
    section('I.2.2', '2.2. Kết quả giải quyết TTHC', 3, p22),
    section('I.2.3', '2.3. Kết quả thực hiện dịch vụ công trực tuyến (DVCTT)', 3, p23),
    section('I.2.4', '2.4. Kết quả số hóa hồ sơ, kết quả giải quyết TTHC', 3, p24),
    section('I.2.5', '2.5. Kết quả hợp nhất, kết nối các hệ thống thông tin phục vụ giải quyết TTHC', 3, officer(t('I.2.5'), period)),
  ]);

  // --- I.3 feedback by source
  const p3: TReportParagraph[] = [];
  if (!feedback) p3.push(machine(`${NO_FEEDBACK_DATA}.`));
  else {
    for (const s of FEEDBACK_SOURCES) {
      const f = feedback[s];
      if (f) p3.push(...flag([machine(`- ${names.feedbackSource(s)}: ${feedbackSentence(f)}`)], `feedback.${s}`));
    }
  }
  p3.push(...officer(t('I.3'), period));
  const i3 = section('I.3', '3. Kết quả tiếp nhận và xử lý phản ánh, kiến nghị', 2, p3);

  const sections: TReportSection[] = [
    section('I', 'I. KẾT QUẢ THỰC HIỆN', 1, [], [i1, i2, i3]),
    section('II', 'II. ĐÁNH GIÁ CHUNG', 1, [], [
      section('II.1', '1. Mặt tích cực', 2, officer(t('II.1'), period)),
      section('II.2', '2. Khó khăn, vướng mắc', 2, officer(t('II.2'), period)),
    ]),
    section('III', 'III. NHIỆM VỤ TRỌNG TÂM CỦA THÁNG TIẾP THEO', 1, officer(t('III'), period)),
    section('IV', 'IV. KIẾN NGHỊ VÀ ĐỀ XUẤT', 1, officer(t('IV'), period)),
  ];

  // Header fields.
  const dateText = t('date').trim();
  const signDate = dateText === '' ? undefined : parseDateInput(dateText);
  const place = expandPlaceholders(t('place'), period).trim();
  const words = dateWords(signDate, addDays(period.end, 1));
  const header = {
    issuer: officerLines(t('issuer'), period).map((l) => l.toLocaleUpperCase('vi')),
    number: expandPlaceholders(t('number'), period).replace(/^\s*Số\s*:\s*/i, ''),
    placeAndDate: place === '' ? words.charAt(0).toLocaleUpperCase('vi') + words.slice(1) : `${place}, ${words}`,
    title: 'BÁO CÁO',
    subject: [...officerLines(t('subject'), period), `Tháng ${month} năm ${year}`],
    recipient: expandPlaceholders(t('recipient'), period).trim(),
  };

  const units: TUnitRow[] = [];
  const unitOrder = [...org.units.map((u) => u.code), ...Object.keys(figures.units).filter((code) => !org.units.some((u) => u.code === code))];
  for (const code of unitOrder) {
    const row = figures.units[code];
    if (!row) continue;
    for (const a of AUTHORITIES) {
      const f = row[a];
      if (f && f.total > 0) units.push({ unit: code, unitName: names.unitName(code), authority: a, figures: f });
    }
  }

  return {
    period,
    header,
    intro: officer(t('intro'), period),
    sections,
    closing: officer(t('closing'), period),
    signer: { title: officerLines(t('signer.title'), period).map((l) => l.toLocaleUpperCase('vi')), name: expandPlaceholders(t('signer.name'), period).trim() },
    recipients: officerLines(t('recipients'), period).map((l) => l.replace(/^[-–•]\s*/, '')),
    units,
    failures,
    hasDossierData,
    summary: summaryLines(figures, { hasDossierData, failures, partial: period.partial }),
  };
}

/** The chat message's three lines: which report, the headline figures, whether the figures check out. */
function summaryLines(figures: TFigures, s: { hasDossierData: boolean; failures: TInvariantFailure[]; partial: boolean }): [string, string, string] {
  const p = figures.period;
  const first = `Báo cáo CCHC tháng ${p.label} (${formatDate(p.start)}–${formatDate(p.end)}${s.partial ? ', số liệu đến hôm nay' : ''}).`;
  let second: string;
  if (!s.hasDossierData) second = `${NO_DOSSIER_DATA}: báo cáo ghi rõ điều đó thay cho số liệu.`;
  else {
    const sum = sumRows(AUTHORITIES.map((a) => figures.dossiers[a]));
    const rate = onTimeRatePercent(sum);
    second = `Hồ sơ: tổng ${formatNumber(sum.total)}, đã giải quyết ${formatNumber(sum.resolved)} (trễ hạn ${formatNumber(sum.late)}), tồn ${formatNumber(sum.pending)} (quá hạn ${formatNumber(sum.pending_overdue)}); đúng hẹn ${pct0(rate)}.`;
  }
  const third = s.failures.length === 0
    ? 'Số liệu khớp ở mọi phép kiểm tra; phần nhận định do cán bộ soạn, cần xem lại trước khi trình ký.'
    : `Cảnh báo: ${s.failures.length} phép kiểm tra số liệu không đạt, xem Phụ lục cuối báo cáo trước khi trình ký.`;
  return [first, second, third];
}
