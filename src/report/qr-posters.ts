/**
 * Printable A4 PDFs for the counter: one poster per procedure (name, code, a large QR code, how to scan) and a
 * sheet per field for the display board (a grid of QR codes with names). A TrueType font with Vietnamese
 * diacritics is embedded: PDF's built-in fonts cannot draw "ủ", "ộ" or "đ".
 */
import fs from 'node:fs';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { qrMatrix } from './qr.ts';

export interface TPdfFonts {
  regular: string;
  bold: string;
}

const FONT_CANDIDATES: { dir: string; regular: string; bold: string }[] = [
  { dir: '/usr/share/fonts/truetype/dejavu', regular: 'DejaVuSans.ttf', bold: 'DejaVuSans-Bold.ttf' },
  { dir: '/usr/share/fonts/truetype/liberation', regular: 'LiberationSans-Regular.ttf', bold: 'LiberationSans-Bold.ttf' },
];

export class PdfFontMissingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PdfFontMissingError';
  }
}

/**
 * The fonts to embed: PDF_FONT_DIR (DejaVuSans.ttf and DejaVuSans-Bold.ttf, or the Liberation Sans pair) when set,
 * else the Debian fonts-dejavu-core (or fonts-liberation) files.
 */
export function findPdfFonts(env: NodeJS.ProcessEnv = process.env): TPdfFonts {
  const explicit = env.PDF_FONT_DIR?.trim();
  const candidates = explicit ? FONT_CANDIDATES.map((c) => ({ ...c, dir: explicit })) : FONT_CANDIDATES;
  for (const c of candidates) {
    const regular = path.join(c.dir, c.regular);
    const bold = path.join(c.dir, c.bold);
    if (fs.existsSync(regular) && fs.existsSync(bold)) return { regular, bold };
  }
  throw new PdfFontMissingError(
    explicit
      ? `Không thấy phông chữ DejaVuSans.ttf và DejaVuSans-Bold.ttf trong PDF_FONT_DIR=${explicit}.`
      : 'Không thấy phông chữ có dấu tiếng Việt để in PDF: cài gói fonts-dejavu-core (apt-get install -y fonts-dejavu-core) hoặc đặt PDF_FONT_DIR tới thư mục chứa DejaVuSans.ttf và DejaVuSans-Bold.ttf.',
  );
}

export interface TPosterProcedure {
  code: string;
  name: string;
  field: string;
  processingTime?: string;
  fee?: string;
}

export interface TPosterOptions {
  fonts: TPdfFonts;
  /** the link each procedure's QR code encodes */
  link: (code: string) => string;
  /** heading line above the title, e.g. the organisation's name */
  orgName?: string;
}

// A4 in PostScript points.
const PAGE_W = 595.28;
const PAGE_H = 841.89;
const BLUE = '#0b4f8a';
const INK = '#1a1a1a';
const GREY = '#555555';

function newDocument(fonts: TPdfFonts, title: string): PDFKit.PDFDocument {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 0,
    autoFirstPage: false,
    font: fonts.regular,
    info: { Title: title, Author: 'motcua', Subject: 'Mã QR tra cứu thủ tục hành chính' },
  });
  doc.registerFont('vn', fonts.regular);
  doc.registerFont('vn-bold', fonts.bold);
  return doc;
}

function toBuffer(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

/** The QR code as filled squares, one rectangle per horizontal run of dark modules. */
function drawQr(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number): void {
  const m = qrMatrix(text);
  const quiet = 2; // modules of white border inside `size` (the frame around adds the rest of the quiet zone)
  const cell = size / (m.length + 2 * quiet);
  doc.save().rect(x, y, size, size).fill('#ffffff');
  doc.fillColor('#000000');
  m.forEach((row, r) => {
    let c = 0;
    while (c < row.length) {
      if (!row[c]) { c += 1; continue; }
      const start = c;
      while (c < row.length && row[c]) c += 1;
      // A hair of overlap so that no white seam appears between modules in some viewers.
      doc.rect(x + (quiet + start) * cell, y + (quiet + r) * cell, (c - start) * cell + 0.2, cell + 0.2);
    }
  });
  doc.fill('#000000').restore();
}

/** Largest font size (down to `min`) at which the text fits the box; at `min` the text is cut with "…". */
function fitText(doc: PDFKit.PDFDocument, text: string, font: string, box: { x: number; y: number; w: number; h: number }, sizes: { max: number; min: number }, align: 'center' | 'left' = 'center'): void {
  doc.font(font);
  let size = sizes.max;
  for (; size > sizes.min; size -= 0.5) {
    doc.fontSize(size);
    if (doc.heightOfString(text, { width: box.w, align, lineGap: size * 0.15 }) <= box.h) break;
  }
  doc.fontSize(size);
  const used = Math.min(box.h, doc.heightOfString(text, { width: box.w, align, lineGap: size * 0.15 }));
  // Vertically centred in its box, so short names do not leave a gap under them.
  doc.text(text, box.x, box.y + (box.h - used) / 2, { width: box.w, height: box.h, align, lineGap: size * 0.15, ellipsis: '…' });
}

const nfc = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ').trim();

/** On the board every entry is a procedure: the "Thủ tục" prefix only takes room. */
function boardName(name: string): string {
  const t = nfc(name).replace(/^thủ tục\s+/iu, '');
  return t.charAt(0).toLocaleUpperCase('vi') + t.slice(1);
}

export const POSTER_INSTRUCTION = 'Quét mã bằng Zalo để xem hồ sơ cần chuẩn bị, thời hạn, lệ phí và nộp trực tuyến';

function drawPoster(doc: PDFKit.PDFDocument, p: TPosterProcedure, opts: TPosterOptions): void {
  doc.addPage({ size: 'A4', margin: 0 });
  const margin = 42;
  const width = PAGE_W - 2 * margin;

  // Header band.
  doc.rect(0, 0, PAGE_W, 104).fill(BLUE);
  doc.fillColor('#ffffff').font('vn').fontSize(12)
    .text(nfc(opts.orgName ?? 'Bộ phận Tiếp nhận và Trả kết quả').toLocaleUpperCase('vi'), margin, 26, { width, align: 'center', height: 18, ellipsis: '…' });
  fitText(doc, 'TRA CỨU THỦ TỤC HÀNH CHÍNH QUA ZALO', 'vn-bold', { x: margin, y: 48, w: width, h: 32 }, { max: 22, min: 14 });

  // Procedure name, as large as its length allows.
  doc.fillColor(INK);
  fitText(doc, nfc(p.name), 'vn-bold', { x: margin, y: 128, w: width, h: 128 }, { max: 26, min: 11 });
  doc.fillColor(GREY).font('vn').fontSize(12.5)
    .text(`Mã thủ tục: ${p.code}   ·   Lĩnh vực: ${nfc(p.field)}`, margin, 262, { width, align: 'center', height: 18, ellipsis: '…' });

  // The QR code in a rounded frame.
  const qrSize = 290;
  const qrX = (PAGE_W - qrSize) / 2;
  const qrY = 302;
  doc.roundedRect(qrX - 14, qrY - 14, qrSize + 28, qrSize + 28, 14).lineWidth(2.5).strokeColor(BLUE).stroke();
  drawQr(doc, opts.link(p.code), qrX, qrY, qrSize);

  // What to do with it.
  doc.fillColor(BLUE).font('vn-bold').fontSize(15.5)
    .text(POSTER_INSTRUCTION, margin + 10, qrY + qrSize + 32, { width: width - 20, align: 'center', lineGap: 2 });
  const steps = [
    '1. Mở ứng dụng Zalo, bấm biểu tượng quét mã QR.',
    '2. Đưa camera về phía mã QR ở trên.',
    '3. Xem hướng dẫn, hoặc bấm “Hỏi trong chat” để được hỗ trợ.',
  ];
  doc.fillColor(INK).font('vn').fontSize(11.5);
  const stepsY = doc.y + 12;
  const stepsX = margin + 70;
  steps.forEach((s, i) => doc.text(s, stepsX, stepsY + i * 19, { width: width - 140, lineBreak: false }));

  const facts = [
    p.processingTime ? `Thời hạn giải quyết: ${nfc(p.processingTime)}` : '',
    p.fee ? `Phí, lệ phí: ${nfc(p.fee)}` : '',
  ].filter(Boolean).join('   ·   ');
  if (facts) {
    doc.fillColor(GREY).fontSize(10.5).text(facts, margin, stepsY + steps.length * 19 + 10, { width, align: 'center', height: 28, ellipsis: '…' });
  }

  // Footer: the chat route for those who prefer typing.
  doc.rect(0, PAGE_H - 48, PAGE_W, 48).fill('#eef3f8');
  doc.fillColor(INK).font('vn').fontSize(10.5)
    .text(`Hoặc nhắn tin tới Zalo OA của Bộ phận một cửa với nội dung:  #TTHC ${p.code}`, margin, PAGE_H - 31, { width, align: 'center', lineBreak: false });
}

/** One A4 poster per procedure, in one PDF (one page each). */
export function renderProcedurePosters(procedures: readonly TPosterProcedure[], opts: TPosterOptions): Promise<Buffer> {
  const doc = newDocument(opts.fonts, procedures.length === 1 ? `${procedures[0]?.code} — ${procedures[0]?.name}` : 'Mã QR thủ tục hành chính');
  for (const p of procedures) drawPoster(doc, p, opts);
  return toBuffer(doc);
}

const SHEET_COLS = 3;
const SHEET_ROWS = 4;

/**
 * The display-board sheet of one field: a 3 × 4 grid per page of QR codes with the procedure's name and code,
 * as many pages as needed, numbered.
 */
export function renderFieldSheet(field: string, procedures: readonly TPosterProcedure[], opts: TPosterOptions): Promise<Buffer> {
  const doc = newDocument(opts.fonts, `Lĩnh vực ${field}`);
  const perPage = SHEET_COLS * SHEET_ROWS;
  const pages = Math.max(1, Math.ceil(procedures.length / perPage));
  const margin = 28;
  const headerH = 78;
  const footerH = 30;
  const cellW = (PAGE_W - 2 * margin) / SHEET_COLS;
  const cellH = (PAGE_H - headerH - footerH - 2 * 12) / SHEET_ROWS;
  const qrSize = Math.min(cellW - 40, cellH - 78);

  for (let page = 0; page < pages; page++) {
    doc.addPage({ size: 'A4', margin: 0 });
    doc.rect(0, 0, PAGE_W, headerH).fill(BLUE);
    doc.fillColor('#ffffff').font('vn-bold');
    fitText(doc, `Lĩnh vực: ${nfc(field)}`, 'vn-bold', { x: margin, y: 12, w: PAGE_W - 2 * margin, h: 34 }, { max: 20, min: 12 });
    doc.font('vn').fontSize(10.5).text(POSTER_INSTRUCTION, margin, 52, { width: PAGE_W - 2 * margin, align: 'center', lineBreak: false });

    const items = procedures.slice(page * perPage, (page + 1) * perPage);
    items.forEach((p, i) => {
      const col = i % SHEET_COLS;
      const row = Math.floor(i / SHEET_COLS);
      const x = margin + col * cellW;
      const y = headerH + 12 + row * cellH;
      doc.roundedRect(x + 4, y + 4, cellW - 8, cellH - 8, 6).lineWidth(0.6).strokeColor('#b8c6d6').stroke();
      drawQr(doc, opts.link(p.code), x + (cellW - qrSize) / 2, y + 10, qrSize);
      // One size for every name on the board (a long one is cut with "…"), so the grid reads evenly.
      doc.fillColor(INK).font('vn').fontSize(8.5)
        .text(boardName(p.name), x + 12, y + 16 + qrSize, { width: cellW - 24, height: cellH - qrSize - 44, align: 'center', lineGap: 1, ellipsis: '…' });
      doc.fillColor(BLUE).font('vn-bold').fontSize(9).text(`Mã ${p.code}`, x + 12, y + cellH - 24, { width: cellW - 24, align: 'center', lineBreak: false });
    });

    doc.fillColor(GREY).font('vn').fontSize(9)
      .text(`Trang ${page + 1}/${pages}`, margin, PAGE_H - footerH + 8, { width: PAGE_W - 2 * margin, align: 'right', lineBreak: false });
  }
  return toBuffer(doc);
}

/** A file-system-safe name for a field: "Hộ tịch" → "ho-tich". */
export function fieldFileName(field: string): string {
  const slug = field
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return slug || 'linh-vuc';
}
