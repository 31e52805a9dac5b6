/**
 * The report model as Markdown: the same text as the DOCX, for a quick look, a diff between months or a wiki.
 */
import { formatDate, formatNumber, formatPercent } from '../domain/format.ts';
import { AUTHORITY_LABELS } from '../domain/org.ts';
import type { TReportModel, TReportParagraph, TReportSection } from './model.ts';

/**
 * Markdown would read "1." at a line start as a list and "*" as emphasis: escape what would change the text.
 * The report's own "- " items stay list items.
 */
function escapeLine(text: string): string {
  return text
    .replace(/([\\`*_[\]<>])/g, '\\$1')
    .replace(/^(\d+)\. /, '$1\\. ')
    .replace(/^([+#])/, '\\$1');
}

function paragraph(p: TReportParagraph): string {
  const text = escapeLine(p.text);
  return p.style === 'note' || p.style === 'subheading' ? `*${text}*` : text;
}

function sectionLines(s: TReportSection): string[] {
  const out: string[] = [];
  let rest = s.paragraphs;
  if (s.inline && s.paragraphs[0]) {
    out.push(`*${escapeLine(s.heading)}:* ${escapeLine(s.paragraphs[0].text)}`, '');
    rest = s.paragraphs.slice(1);
  } else {
    out.push(`${'#'.repeat(s.level + 1)} ${s.heading}`, '');
  }
  for (const p of rest) out.push(paragraph(p), '');
  for (const sub of s.sections) out.push(...sectionLines(sub));
  return out;
}

const cellText = (s: string) => s.replace(/\|/g, '\\|');

export function renderReportMarkdown(m: TReportModel): string {
  const lines: string[] = [];
  lines.push(`**${m.header.issuer.join(' ')}**  `);
  // A number left blank for the clerk ("      /BC-UBND") shows as "…/BC-UBND".
  lines.push(`Số: ${escapeLine(m.header.number.replace(/^\s+/, '…'))}  `);
  lines.push('**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**  ');
  lines.push('**Độc lập - Tự do - Hạnh phúc**  ');
  lines.push(`*${m.header.placeAndDate.replace(/\s{2,}/g, ' … ')}*`, '');
  lines.push(`# ${m.header.title}`, '');
  lines.push(`**${m.header.subject.join('  \n')}**`, '');
  if (m.header.recipient !== '') lines.push(`Kính gửi: ${m.header.recipient}`, '');
  for (const p of m.intro) lines.push(paragraph(p), '');
  for (const s of m.sections) lines.push(...sectionLines(s));
  for (const p of m.closing) lines.push(paragraph(p), '');
  lines.push('**Nơi nhận:**', '');
  for (const r of m.recipients) lines.push(`- ${r}`);
  lines.push('');
  // The signer: title, then (room for the signature) the name, both bold as in the DOCX.
  lines.push(`**${m.signer.title.join('  \n')}**`, '');
  if (m.signer.name !== '') lines.push(`**${m.signer.name}**`, '');

  if (m.units.length > 0) {
    lines.push('---', '', '## PHỤ LỤC: KẾT QUẢ GIẢI QUYẾT HỒ SƠ THEO NƠI TIẾP NHẬN', '');
    lines.push(`*Kỳ ${formatDate(m.period.start)} – ${formatDate(m.period.end)}*`, '');
    lines.push('| Nơi tiếp nhận | Thẩm quyền | Tổng | Mới | Giải quyết | Trễ hạn | Dừng, rút | Tồn | Quá hạn | Đúng hẹn |');
    lines.push('|---|---|--:|--:|--:|--:|--:|--:|--:|--:|');
    for (const u of m.units) {
      const f = u.figures;
      lines.push(`| ${cellText(u.unitName)} | ${AUTHORITY_LABELS[u.authority]} | ${[f.total, f.new, f.resolved, f.late, f.withdrawn, f.pending, f.pending_overdue].map((n) => formatNumber(n)).join(' | ')} | ${formatPercent(f.on_time_rate_percent)} |`);
    }
    lines.push('');
  }
  if (m.failures.length > 0) {
    lines.push('---', '', '## PHỤ LỤC: KIỂM TRA TÍNH NHẤT QUÁN CỦA SỐ LIỆU', '');
    lines.push(`Số liệu đầu vào của kỳ ${m.period.label} không nhất quán ở ${m.failures.length} điểm dưới đây; cần kiểm tra, sửa số liệu nguồn trước khi trình ký.`, '');
    m.failures.forEach((f, i) => lines.push(`${i + 1}. ${escapeLine(f.description)} (\`${f.invariant}\`, ${f.scope})`));
    lines.push('');
  }
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}
