/**
 * The report model as a Word document in the layout of Decree 30/2020/NĐ-CP (Appendix I): A4, margins top/bottom
 * 20 mm, left 30 mm, right 15 mm; Times New Roman; a borderless two-column header (issuing body and number on the
 * left, national motto and place-and-date on the right), centred bold "BÁO CÁO" and subject, "Kính gửi", a
 * justified 14 pt body with first-line indent, then "Nơi nhận" bottom left and the signer bottom right; page
 * numbers centred at the top from page 2.
 */
import {
  AlignmentType,
  BorderStyle,
  convertMillimetersToTwip,
  Document,
  Header,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableBorders,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
  type IRunOptions,
} from 'docx';
import { AUTHORITY_LABELS } from '../domain/org.ts';
import { formatNumber, formatPercent } from '../domain/format.ts';
import type { TReportModel, TReportParagraph, TReportSection } from './model.ts';

const FONT = 'Times New Roman';
/** Half-points. */
const BODY = 28; // 14 pt
const HEADER = 26; // 13 pt
const MOTTO_TOP = 24; // 12 pt: the motto's first line must fit its column on one line
const LIST = 22; // 11 pt ("Nơi nhận" items)
const TABLE = 20; // 10 pt (annex table)

const PAGE = { width: 11906, height: 16838 }; // A4 in twips
const MARGIN = { top: convertMillimetersToTwip(20), bottom: convertMillimetersToTwip(20), left: convertMillimetersToTwip(30), right: convertMillimetersToTwip(15) };
const TEXT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
const LEFT_COL = Math.round(TEXT_WIDTH * 0.4);
const RIGHT_COL = TEXT_WIDTH - LEFT_COL;
const FIRST_LINE = convertMillimetersToTwip(12.7);
/** Single line spacing, 6 pt after each paragraph (Decree 30: at least single, at least 6 pt between paragraphs). */
const BODY_SPACING = { before: 0, after: 120, line: 240, lineRule: LineRuleType.AUTO };
const TIGHT = { before: 0, after: 0, line: 240, lineRule: LineRuleType.AUTO };

const run = (text: string, o: Omit<IRunOptions, 'text'> = {}) => new TextRun({ text, font: FONT, size: BODY, ...o });

function centred(text: string, o: Omit<IRunOptions, 'text'> = {}, spacing = TIGHT): Paragraph {
  return new Paragraph({ alignment: AlignmentType.CENTER, spacing, children: [run(text, o)] });
}

/** A solid line under a centred heading, `width` twips long: an empty paragraph with a bottom border, indented. */
function rule(columnWidth: number, width: number): Paragraph {
  const side = Math.max(0, Math.round((columnWidth - width) / 2));
  return new Paragraph({
    spacing: { before: 0, after: 60, line: 120, lineRule: LineRuleType.EXACT },
    indent: { left: side, right: side },
    border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 1 } },
    run: { size: 4 },
    children: [],
  });
}

function cell(width: number, children: Paragraph[]): TableCell {
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    margins: { left: 0, right: 0, top: 0, bottom: 0 },
    verticalAlign: VerticalAlignTable.TOP,
    children,
  });
}

function twoColumns(left: Paragraph[], right: Paragraph[]): Table {
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: [LEFT_COL, RIGHT_COL],
    layout: TableLayoutType.FIXED,
    borders: TableBorders.NONE,
    rows: [new TableRow({ cantSplit: true, children: [cell(LEFT_COL, left), cell(RIGHT_COL, right)] })],
  });
}

/** Rough text width in twips for centring the rules (Times bold capitals ≈ 0.72 em, lower case ≈ 0.5 em). */
function textWidth(text: string, halfPoints: number): number {
  const em = halfPoints * 10; // twips per em
  let w = 0;
  for (const ch of text) w += ch === ' ' ? 0.25 : ch === ch.toLocaleUpperCase('vi') && ch !== ch.toLocaleLowerCase('vi') ? 0.72 : 0.5;
  return Math.round(w * em);
}

function headerBlock(m: TReportModel): Table {
  const issuer = m.header.issuer.length > 0 ? m.header.issuer : [''];
  const issuerWidth = Math.min(LEFT_COL, Math.max(...issuer.map((l) => textWidth(l, HEADER))));
  const left = [
    ...issuer.map((line) => centred(line, { bold: true, size: HEADER })),
    rule(LEFT_COL, Math.round(issuerWidth / 3)),
    centred(`Số: ${m.header.number}`, { size: HEADER }, { ...TIGHT, before: 60 }),
  ];
  const motto = 'Độc lập - Tự do - Hạnh phúc';
  const right = [
    centred('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { bold: true, size: MOTTO_TOP }),
    centred(motto, { bold: true, size: BODY }),
    rule(RIGHT_COL, textWidth(motto, BODY)),
    centred(m.header.placeAndDate, { italics: true, size: BODY }, { ...TIGHT, before: 60 }),
  ];
  return twoColumns(left, right);
}

function bodyParagraph(p: TReportParagraph, lead?: { text: string; italics?: boolean; bold?: boolean }, keepNext = false): Paragraph {
  const children = [];
  if (lead) children.push(run(lead.text, { italics: lead.italics, bold: lead.bold }));
  children.push(run(p.text, { italics: p.style === 'note' || p.style === 'subheading' ? true : undefined }));
  return new Paragraph({
    alignment: AlignmentType.JUSTIFIED,
    spacing: BODY_SPACING,
    indent: { firstLine: FIRST_LINE },
    ...(keepNext ? { keepNext: true, keepLines: true } : {}),
    children,
  });
}

function headingParagraph(s: TReportSection): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.JUSTIFIED,
    spacing: BODY_SPACING,
    indent: { firstLine: FIRST_LINE },
    keepNext: true,
    children: [run(s.heading, { bold: s.level <= 2, italics: s.level === 3 ? true : undefined })],
  });
}

function sectionParagraphs(s: TReportSection): Paragraph[] {
  const out: Paragraph[] = [];
  let rest = s.paragraphs;
  if (s.inline && s.paragraphs[0]) {
    out.push(bodyParagraph(s.paragraphs[0], { text: `${s.heading}: `, italics: true }));
    rest = s.paragraphs.slice(1);
  } else {
    out.push(headingParagraph(s));
  }
  for (const p of rest) out.push(bodyParagraph(p));
  for (const sub of s.sections) out.push(...sectionParagraphs(sub));
  return out;
}

function closingBlock(m: TReportModel): Table {
  const left = [
    new Paragraph({ spacing: TIGHT, children: [run('Nơi nhận:', { bold: true, italics: true, size: 24 })] }),
    ...m.recipients.map((r) => new Paragraph({ spacing: TIGHT, children: [run(`- ${r}`, { size: LIST })] })),
  ];
  const title = m.signer.title.length > 0 ? m.signer.title : [''];
  const right = [
    ...title.map((t) => centred(t, { bold: true, size: BODY })),
    // Room for the signature and the seal.
    ...Array.from({ length: 4 }, () => centred('', { size: BODY }, { ...TIGHT, line: 360 })),
    centred(m.signer.name, { bold: true, size: BODY }),
  ];
  return twoColumns(left, right);
}

function tableCell(text: string, width: number, o: { bold?: boolean; align?: 'left' | 'right' | 'center' } = {}): TableCell {
  const alignment = o.align === 'right' ? AlignmentType.RIGHT : o.align === 'center' ? AlignmentType.CENTER : AlignmentType.LEFT;
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    margins: { left: 60, right: 60, top: 20, bottom: 20 },
    verticalAlign: VerticalAlignTable.CENTER,
    children: [new Paragraph({ alignment, spacing: TIGHT, children: [run(text, { size: TABLE, bold: o.bold })] })],
  });
}

const UNIT_COLUMNS: { title: string; width: number }[] = [
  { title: 'Nơi tiếp nhận', width: 2300 },
  { title: 'Thẩm quyền', width: 1050 },
  { title: 'Tổng', width: 760 },
  { title: 'Mới', width: 720 },
  { title: 'Giải quyết', width: 860 },
  { title: 'Trễ hạn', width: 700 },
  { title: 'Dừng, rút', width: 720 },
  { title: 'Tồn', width: 700 },
  { title: 'Quá hạn', width: 720 },
];

function unitsAnnex(m: TReportModel): (Paragraph | Table)[] {
  if (m.units.length === 0) return [];
  const widths = [...UNIT_COLUMNS.map((c) => c.width)];
  widths.push(TEXT_WIDTH - widths.reduce((a, b) => a + b, 0));
  const titles = [...UNIT_COLUMNS.map((c) => c.title), 'Đúng hẹn'];
  const header = new TableRow({ tableHeader: true, cantSplit: true, children: titles.map((t, i) => tableCell(t, widths[i]!, { bold: true, align: 'center' })) });
  const rows = m.units.map((u) => new TableRow({
    cantSplit: true,
    children: [
      u.unitName,
      AUTHORITY_LABELS[u.authority],
      formatNumber(u.figures.total),
      formatNumber(u.figures.new),
      formatNumber(u.figures.resolved),
      formatNumber(u.figures.late),
      formatNumber(u.figures.withdrawn),
      formatNumber(u.figures.pending),
      formatNumber(u.figures.pending_overdue),
      formatPercent(u.figures.on_time_rate_percent),
    ].map((t, i) => tableCell(t, widths[i]!, { align: i < 2 ? 'left' : 'right' })),
  }));
  const line = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
  return [
    new Paragraph({ pageBreakBefore: true, alignment: AlignmentType.CENTER, spacing: TIGHT, children: [run('PHỤ LỤC', { bold: true })] }),
    centred('KẾT QUẢ GIẢI QUYẾT HỒ SƠ THEO NƠI TIẾP NHẬN', { bold: true }),
    centred(`(Kèm theo Báo cáo tháng ${m.period.label}; số liệu kỳ ${m.period.start.split('-').reverse().join('/')} – ${m.period.end.split('-').reverse().join('/')})`, { italics: true }, { ...TIGHT, after: 200 }),
    new Table({
      width: { size: TEXT_WIDTH, type: WidthType.DXA },
      columnWidths: widths,
      layout: TableLayoutType.FIXED,
      borders: { top: line, bottom: line, left: line, right: line, insideHorizontal: line, insideVertical: line },
      rows: [header, ...rows],
    }),
  ];
}

function failuresAnnex(m: TReportModel): Paragraph[] {
  if (m.failures.length === 0) return [];
  return [
    new Paragraph({ pageBreakBefore: true, alignment: AlignmentType.CENTER, spacing: TIGHT, children: [run('PHỤ LỤC', { bold: true })] }),
    centred('KIỂM TRA TÍNH NHẤT QUÁN CỦA SỐ LIỆU', { bold: true }, { ...TIGHT, after: 200 }),
    bodyParagraph({ source: 'machine', text: `Số liệu đầu vào của kỳ ${m.period.label} không nhất quán ở ${m.failures.length} điểm dưới đây. Số liệu được in đúng như đầu vào và được đánh dấu trong báo cáo; cần kiểm tra, sửa số liệu nguồn trước khi trình ký.` }),
    ...m.failures.map((f, i) => bodyParagraph({ source: 'machine', text: `${i + 1}. ${f.description} (kiểm tra ${f.invariant}, ${f.scope})` })),
  ];
}

export function buildReportDocument(m: TReportModel): Document {
  const body: (Paragraph | Table)[] = [
    headerBlock(m),
    centred(m.header.title, { bold: true }, { ...TIGHT, before: 360 }),
    ...m.header.subject.map((s, i, all) => centred(s, { bold: true }, i === all.length - 1 ? { ...TIGHT, after: 60 } : TIGHT)),
    rule(TEXT_WIDTH, convertMillimetersToTwip(30)),
  ];
  if (m.header.recipient !== '') {
    body.push(new Paragraph({ alignment: AlignmentType.CENTER, spacing: { ...TIGHT, before: 120, after: 240 }, children: [run(`Kính gửi: ${m.header.recipient}.`.replace(/\.\.$/, '.'))] }));
  }
  for (const p of m.intro) body.push(bodyParagraph(p));
  for (const s of m.sections) body.push(...sectionParagraphs(s));
  // The closing paragraph stays on the page of the signature.
  for (const p of m.closing) body.push(bodyParagraph(p, undefined, true));
  body.push(new Paragraph({ spacing: TIGHT, keepNext: true, children: [] }));
  body.push(closingBlock(m));
  body.push(...unitsAnnex(m));
  body.push(...failuresAnnex(m));

  return new Document({
    creator: 'motcua',
    title: `Báo cáo tháng ${m.period.label}`,
    description: m.header.subject.join(' '),
    styles: {
      default: {
        document: {
          run: { font: FONT, size: BODY },
          paragraph: { spacing: BODY_SPACING },
        },
      },
    },
    sections: [{
      properties: {
        page: { size: PAGE, margin: { ...MARGIN, header: convertMillimetersToTwip(10), footer: convertMillimetersToTwip(10) } },
        titlePage: true,
      },
      headers: {
        // Decree 30: page numbers centred in the top margin, from page 2; the first page has none.
        default: new Header({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: [PageNumber.CURRENT], font: FONT, size: BODY })] })] }),
        first: new Header({ children: [new Paragraph({ children: [] })] }),
      },
      children: body,
    }],
  });
}

export async function renderReportDocx(m: TReportModel): Promise<Buffer> {
  return Packer.toBuffer(buildReportDocument(m));
}
