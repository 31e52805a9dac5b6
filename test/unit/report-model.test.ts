import { describe, expect, it } from 'vitest';
import { generateDossierHistory } from '../../src/domain/demo/dossier-history.ts';
import { computeFiguresReference, type TFigures } from '../../src/domain/figures/index.ts';
import { parseOrg, type TOrg } from '../../src/domain/org.ts';
import { periodForMonth } from '../../src/domain/periods.ts';
import type { TProcedure } from '../../src/domain/procedure.ts';
import { computeCatalogueCounts, type TCatalogueCounts } from '../../src/report/catalogue.ts';
import { renderReportMarkdown } from '../../src/report/markdown.ts';
import {
  buildReportModel,
  dateWords,
  dossierSentence,
  feedbackSentence,
  formatCount,
  NO_DOSSIER_DATA,
  type TReportModel,
  type TReportSection,
} from '../../src/report/model.ts';
import {
  completeTexts,
  defaultReportTexts,
  expandPlaceholders,
  issuerKind,
  issuerLines,
  REPORT_PART_IDS,
  unknownPlaceholders,
} from '../../src/report/texts.ts';
import { DEMO_REPORT_TEXTS } from '../../src/domain/demo/report-texts.ts';
import { demoOrg, golden } from '../helpers/golden.ts';
import { missingInOrder } from '../helpers/report-docx.ts';
import { GOLDEN_FEEDBACK, SEED_I22_TO_I3 } from '../helpers/report-seed.ts';

const JUNE = periodForMonth(2024, 6);
const history = generateDossierHistory({ org: demoOrg });

/** The June 2024 figures of the demo history (the golden ones), with the golden feedback figures. */
function juneFigures(): TFigures {
  const f = computeFiguresReference(history, JUNE, { org: demoOrg });
  return { ...f, feedback: structuredClone(GOLDEN_FEEDBACK) as TFigures['feedback'] };
}

const NO_CATALOGUE: TCatalogueCounts = { total: 0, levels: [] };
const texts = completeTexts(DEMO_REPORT_TEXTS, defaultReportTexts(demoOrg));

function allText(m: TReportModel): string {
  const lines: string[] = [];
  const walk = (s: TReportSection) => {
    lines.push(s.heading);
    for (const p of s.paragraphs) lines.push(p.text);
    s.sections.forEach(walk);
  };
  m.sections.forEach(walk);
  return lines.join('\n');
}

function findSection(m: TReportModel, id: string): TReportSection {
  let found: TReportSection | undefined;
  const walk = (s: TReportSection) => {
    if (s.id === id) found = s;
    s.sections.forEach(walk);
  };
  m.sections.forEach(walk);
  if (!found) throw new Error(`no section ${id}`);
  return found;
}

describe('report model: the June 2024 figures in the seed\'s wording', () => {
  const figures = juneFigures();
  const model = buildReportModel(figures, NO_CATALOGUE, texts, demoOrg);

  it('the figures are the golden ones (the model prints what the engine computes)', () => {
    expect(figures.dossiers.district.total).toBe(golden.dossiers.district!.total);
    expect(figures.dossiers.province.new).toBe(1180);
  });

  it('sections I.2.2–I.3 contain every figure of the seed, in its order and wording, with the corrected provincial row', () => {
    const text = allText(model);
    expect(missingInOrder(text, SEED_I22_TO_I3)).toBeUndefined();
    expect(text).not.toContain('580');
  });

  it('machine and officer paragraphs are told apart; no inconsistency for computed figures', () => {
    const i22 = findSection(model, 'I.2.2');
    expect(i22.paragraphs.filter((p) => p.source === 'machine').length).toBeGreaterThanOrEqual(6);
    expect(i22.paragraphs.some((p) => p.source === 'officer' && p.text.includes('Hệ thống thông tin giải quyết TTHC tỉnh Kiên Giang'))).toBe(true);
    expect(model.failures).toEqual([]);
    expect(model.hasDossierData).toBe(true);
  });

  it('header fields, placeholders and the signer come from the period\'s texts', () => {
    expect(model.header.issuer).toEqual(['ỦY BAN NHÂN DÂN', 'THÀNH PHỐ PHÚ QUỐC']);
    expect(model.header.placeAndDate).toBe('Phú Quốc, ngày      tháng 6 năm 2024');
    expect(model.header.subject).toEqual(['Tình hình, kết quả thực hiện công tác cải cách thủ tục hành chính', 'Tháng 6 năm 2024']);
    expect(model.intro[0]!.text).toContain('tháng 6/2024, như sau:');
    expect(findSection(model, 'III').paragraphs[0]!.text).toContain('cho tháng 7 năm 2024 như sau:');
    expect(model.closing[0]!.text).toContain('tháng 06 năm 2024 của Ủy ban nhân dân thành phố Phú Quốc./.');
    expect(model.signer).toEqual({ title: ['CHỦ TỊCH'], name: 'Huỳnh Quang Hưng' });
    expect(model.recipients[0]).toBe('Như trên;');
    expect(model.recipients.at(-1)).toBe('Lưu: VT.');
  });

  it('the three-line summary for the chat', () => {
    expect(model.summary).toHaveLength(3);
    expect(model.summary[0]).toBe('Báo cáo CCHC tháng 06/2024 (15/05/2024–14/06/2024).');
    expect(model.summary[1]).toBe('Hồ sơ: tổng 4.950, đã giải quyết 2.919 (trễ hạn 217), tồn 1.883 (quá hạn 417); đúng hẹn 87%.');
    expect(model.summary[2]).toContain('Số liệu khớp');
    for (const line of model.summary) expect(line).toBe(line.normalize('NFC'));
  });

  it('the per-unit annex follows the configuration\'s unit order and sums to the authority rows', () => {
    expect(model.units[0]!.unit).toBe('PQ');
    expect(model.units.map((u) => u.unit).at(-1)).toBe('THO-CHAU');
    const commune = model.units.filter((u) => u.authority === 'commune').reduce((s, u) => s + u.figures.total, 0);
    expect(commune).toBe(907);
  });

  it('Markdown carries the same text', () => {
    const md = renderReportMarkdown(model).replace(/\\([*_[\]\\<>`#+.])/g, '$1');
    expect(missingInOrder(md, SEED_I22_TO_I3.map((s) => s.replace(/^- /, '')))).toBeUndefined();
    expect(md).toContain('# BÁO CÁO');
    expect(md).toContain('Số: …/BC-UBND');
    expect(md).toContain('| Dương Đông | cấp xã |');
    expect(md).not.toContain('KIỂM TRA TÍNH NHẤT QUÁN');
  });
});

describe('report model: a period without data says so', () => {
  const empty = computeFiguresReference([], periodForMonth(2030, 1), { org: demoOrg });
  const model = buildReportModel(empty, NO_CATALOGUE, completeTexts({}, defaultReportTexts(demoOrg)), demoOrg);
  const text = allText(model);

  it('no zeros that look like real figures', () => {
    expect(model.hasDossierData).toBe(false);
    expect(text).toContain(`${NO_DOSSIER_DATA} (15/12/2029 – 14/01/2030)`);
    expect(findSection(model, 'I.2.3').paragraphs[0]!.text).toBe(`${NO_DOSSIER_DATA}.`);
    expect(findSection(model, 'I.2.4').paragraphs[0]!.text).toBe(`${NO_DOSSIER_DATA}.`);
    expect(text).not.toMatch(/Tổng hồ sơ 0|0\/0|Tỷ lệ đúng hẹn đạt/);
    expect(text).toContain('Chưa có dữ liệu danh mục thủ tục hành chính');
    expect(model.summary[1]).toContain(NO_DOSSIER_DATA);
  });

  it('a fresh install\'s defaults name the organisation and the right months', () => {
    expect(model.header.issuer).toEqual(['ỦY BAN NHÂN DÂN', 'THÀNH PHỐ PHÚ QUỐC']);
    expect(model.header.placeAndDate).toBe('Ngày      tháng 01 năm 2030');
    expect(findSection(model, 'III').paragraphs[0]!.text).toBe(
      'Trên cơ sở kết quả thực hiện nhiệm vụ cải cách TTHC tháng 1 năm 2030, Ủy ban nhân dân thành phố đề ra một số nhiệm vụ trọng tâm cho tháng 2 năm 2030 như sau:',
    );
  });
});

describe('report model: an inconsistent imported summary is flagged, never silently printed', () => {
  // The seed as typed: province "Tổng 1.342 (tiếp nhận mới 580, kỳ trước 162)"; feedback that does not add up.
  const f = juneFigures();
  f.dossiers.province = { ...f.dossiers.province, new: 580 };
  f.feedback.city = { new: 4, carried_over: 16, resolved: 3, processing: 12 };
  const model = buildReportModel(f, NO_CATALOGUE, texts, demoOrg);

  it('lists each failing invariant with a Vietnamese description', () => {
    const ids = model.failures.map((x) => `${x.scope}:${x.invariant}`);
    expect(ids).toContain('dossiers.province:total=carried_over+new');
    expect(ids).toContain('feedback.city:new+carried_over=resolved+processing');
    const province = model.failures.find((x) => x.invariant === 'total=carried_over+new')!;
    expect(province.description).toContain('tổng 1.342 ≠ kỳ trước chuyển sang 162 + tiếp nhận mới 580 (= 742)');
    expect(model.summary[2]).toMatch(/^Cảnh báo: \d+ phép kiểm tra số liệu không đạt/);
  });

  it('prints the input as it is, with a note right after the affected row, and an annex', () => {
    const i22 = findSection(model, 'I.2.2').paragraphs;
    const row = i22.findIndex((p) => p.text.startsWith('- Hồ sơ cấp tỉnh:'));
    expect(i22[row]!.text).toContain('tiếp nhận mới là 580 hồ sơ');
    expect(i22[row + 1]!.text).toContain('không nhất quán');
    const feedback = findSection(model, 'I.3').paragraphs;
    expect(feedback.findIndex((p) => p.text.includes('không nhất quán'))).toBe(feedback.findIndex((p) => p.text.startsWith('- Từ các cơ quan thành phố')) + 1);
    const md = renderReportMarkdown(model);
    expect(md).toContain('## PHỤ LỤC: KIỂM TRA TÍNH NHẤT QUÁN CỦA SỐ LIỆU');
    expect(md).toContain('PAKN từ các cơ quan thành phố: tiếp nhận mới 4 + kỳ trước chuyển qua 16 (= 20) ≠ đã giải quyết 3 + đang giải quyết 12 (= 15).');
  });
});

describe('report sentences', () => {
  const row = { carried_over: 10, new: 5, total: 15, resolved: 9, early: 3, on_time: 4, early_plus_on_time: 7, late: 2, withdrawn: 1, pending: 5, pending_not_yet_due: 4, pending_overdue: 1, on_time_rate_percent: 79 };

  it('counts: 2.070, and 1–9 with a leading zero as administrative documents write them', () => {
    expect([0, 5, 9, 10, 2070, 1234567].map(formatCount)).toEqual(['0', '05', '09', '10', '2.070', '1.234.567']);
  });

  it('three shapes of dossier rows', () => {
    expect(dossierSentence(row, 'in-time')).toBe(
      'Tổng hồ sơ 15 hồ sơ (tiếp nhận mới là 05 hồ sơ, số kỳ trước chuyển sang là 10 hồ sơ). Giải quyết 09 hồ sơ (đúng hạn 07 hồ sơ, trễ hạn 02 hồ sơ), 01 hồ sơ dừng xử lý và người dân rút. Tồn 05 hồ sơ (chưa đến hạn 04 hồ sơ, quá hạn 01 hồ sơ). Tỷ lệ đúng hẹn đạt: 79%.',
    );
    expect(dossierSentence(row, 'split')).toBe(
      'Tổng hồ sơ 15 hồ sơ (tiếp nhận mới là 05 hồ sơ, kỳ trước chuyển sang là 10 hồ sơ). Giải quyết 09 hồ sơ (trước hạn 03 hồ sơ, đúng hạn 04 hồ sơ, trễ hạn 02 hồ sơ), tồn 05 hồ sơ (trong hạn 04 hồ sơ, quá hạn 01 hồ sơ), 01 hồ sơ dừng xử lý và người dân rút. Tỷ lệ đúng hẹn đạt: 79%.',
    );
    expect(dossierSentence({ ...row, withdrawn: 0, pending: 0, pending_not_yet_due: 0, pending_overdue: 0, total: 9, carried_over: 4 }, 'in-time')).toContain(
      'không có hồ sơ dừng xử lý hoặc người dân rút. Không còn hồ sơ tồn.',
    );
    expect(dossierSentence({ ...row, total: 0, new: 0, carried_over: 0 }, 'split')).toBe('Trong kỳ không có hồ sơ.');
    const allWithdrawn = { ...row, total: 2, new: 2, carried_over: 0, resolved: 0, early: 0, on_time: 0, early_plus_on_time: 0, late: 0, withdrawn: 2, pending: 0, pending_not_yet_due: 0, pending_overdue: 0, on_time_rate_percent: null };
    expect(dossierSentence(allWithdrawn, 'in-time')).toContain('Tỷ lệ đúng hẹn: không tính');
  });

  it('feedback sentences', () => {
    expect(feedbackSentence({ new: 0, carried_over: 0, resolved: 0, processing: 0 })).toBe('Trong tháng không có phản ánh, kiến nghị.');
    expect(feedbackSentence({ new: 3, carried_over: 0, resolved: 3, processing: 0 })).toBe(
      'Trong tháng tiếp nhận mới 03 PAKN, kỳ trước không có PAKN chuyển qua. Đã giải quyết 03 PAKN. Không còn PAKN đang giải quyết.',
    );
  });

  it('the date line of Decree 30: leading zeros for days below 10 and for January and February', () => {
    expect(dateWords('2024-06-20', '2024-06-15')).toBe('ngày 20 tháng 6 năm 2024');
    expect(dateWords('2024-02-05', '2024-02-15')).toBe('ngày 05 tháng 02 năm 2024');
    expect(dateWords(undefined, '2024-06-15')).toBe('ngày      tháng 6 năm 2024');
  });
});

describe('report texts', () => {
  it('placeholders follow the period, December rolls into January', () => {
    expect(expandPlaceholders('tháng {thang} ({thang2}/{nam}, kỳ {ky}) → tháng {thang_sau}/{nam_sau}', { key: '2024-12' })).toBe(
      'tháng 12 (12/2024, kỳ 12/2024) → tháng 1/2025',
    );
    expect(expandPlaceholders('{khong_co} {thang}', { key: '2024-06' })).toBe('{khong_co} 6');
    expect(unknownPlaceholders('{thang} {thangsau} {nam}')).toEqual(['{thangsau}']);
  });

  it('issuing body from the organisation name', () => {
    expect(issuerKind('Ủy ban nhân dân thành phố Phú Quốc')).toBe('thành phố');
    expect(issuerKind('UBND đặc khu Phú Quốc')).toBe('đặc khu');
    expect(issuerKind('Sở Nội vụ')).toBeUndefined();
    expect(issuerLines('Ủy ban nhân dân đặc khu Phú Quốc')).toEqual(['ỦY BAN NHÂN DÂN', 'ĐẶC KHU PHÚ QUỐC']);
  });

  it('every part has a default; stored texts win; the demo texts cover every part', () => {
    const d = defaultReportTexts(demoOrg);
    expect(Object.keys(d).sort()).toEqual([...REPORT_PART_IDS].sort());
    expect(Object.keys(DEMO_REPORT_TEXTS).sort()).toEqual([...REPORT_PART_IDS].sort());
    expect(completeTexts({ IV: 'Đề nghị…', unknown: 'x' }, d).IV).toBe('Đề nghị…');
    expect(completeTexts({}, d).unknown).toBeUndefined();
    for (const v of Object.values(DEMO_REPORT_TEXTS)) expect(v).toBe(v.normalize('NFC'));
  });
});

describe('the report follows the organisation configuration, not three hard-coded levels', () => {
  // Since 07/2025: a special zone with communes only; province procedures received at the commune counters.
  const twoLevel: TOrg = parseOrg({
    name: 'Ủy ban nhân dân đặc khu Phú Quốc',
    levels: [{ code: 'commune', name: 'Đặc khu Phú Quốc', reportHeading: 'Tại Trung tâm Phục vụ hành chính công đặc khu' }],
    units: [
      { code: 'PQ', name: 'Trung tâm Phục vụ hành chính công đặc khu Phú Quốc', level: 'commune', receives: ['commune', 'province'] },
      { code: 'THO-CHAU', name: 'Điểm tiếp nhận Thổ Châu', level: 'commune', receives: ['commune'] },
    ],
    defaultDesk: 'PQ',
  });
  const june = juneFigures();
  const f: TFigures = {
    ...june,
    reception_points: { commune: ['commune', 'province'] },
    units: { PQ: { commune: june.dossiers.commune, province: june.dossiers.province } },
    dossiers: { ...june.dossiers, district: { ...june.dossiers.district, ...zero() }, vertical: { ...june.dossiers.vertical, ...zero() } },
  };
  function zero() {
    return { carried_over: 0, new: 0, total: 0, resolved: 0, early: 0, on_time: 0, early_plus_on_time: 0, late: 0, withdrawn: 0, pending: 0, pending_not_yet_due: 0, pending_overdue: 0, on_time_rate_percent: null };
  }
  const model = buildReportModel(f, NO_CATALOGUE, completeTexts({}, defaultReportTexts(twoLevel)), twoLevel);

  it('one level section with its configured heading and rows', () => {
    const p = findSection(model, 'I.2.2').paragraphs.map((x) => x.text);
    expect(p).toContain('* Tại Trung tâm Phục vụ hành chính công đặc khu:');
    expect(p.some((x) => x.startsWith('- Hồ sơ thuộc thẩm quyền UBND đặc khu: Tổng hồ sơ 907 hồ sơ'))).toBe(true);
    expect(p.some((x) => x.startsWith('- Hồ sơ cấp tỉnh: Tổng hồ sơ 1.342 hồ sơ'))).toBe(true);
    expect(p.join('\n')).not.toMatch(/thành phố|ngành dọc|cấp huyện/);
    expect(findSection(model, 'I.3').paragraphs.map((x) => x.text)).toContain('- Từ các cơ quan đặc khu: Trong tháng tiếp nhận mới 04 PAKN, kỳ trước chuyển qua 16 PAKN. Đã giải quyết 03 PAKN. Đang giải quyết 17 PAKN.');
    expect(model.units.map((u) => `${u.unit}/${u.authority}`)).toEqual(['PQ/province', 'PQ/commune']);
  });

  it('catalogue counts per configured level (I.2.1)', () => {
    const proc = (code: string, authority: TProcedure['authority'], field: string, extra: Partial<TProcedure> = {}): TProcedure => ({
      code, name: `Thủ tục ${code}`, aliases: [], field, sector: field === 'Hộ tịch' ? 'Tư pháp' : 'Tài nguyên', authority,
      channels: [], documents: [], steps: [], legalBasis: [], interconnected: false, boundaryFree: false, status: 'active',
      keywords: [], sources: [{ kind: 'catalogue' }], ...extra,
    });
    const procedures = [
      proc('1.000001', 'commune', 'Hộ tịch', { interconnected: true }),
      proc('1.000002', 'commune', 'Hộ tịch', { boundaryFree: true }),
      proc('1.000003', 'province', 'Đất đai'),
      proc('1.000004', 'province', 'Đất đai', { status: 'withdrawn' }),
    ];
    const counts = computeCatalogueCounts(procedures, twoLevel);
    expect(counts.total).toBe(3);
    expect(counts.levels).toHaveLength(1);
    expect(counts.levels[0]!.rows.map((r) => [r.authority, r.primary, r.figures.procedures])).toEqual([['commune', true, 2], ['province', false, 1]]);
    const m = buildReportModel(f, counts, completeTexts({}, defaultReportTexts(twoLevel)), twoLevel);
    const p = findSection(m, 'I.2.1').paragraphs.map((x) => x.text);
    expect(p).toEqual([
      'a) Công khai, niêm yết TTHC được tiếp nhận tại Trung tâm Phục vụ hành chính công đặc khu',
      '- Tổng số TTHC thuộc thẩm quyền giải quyết của UBND đặc khu: 02 thủ tục/01 lĩnh vực/01 ngành (trong đó có 01 TTHC tiếp nhận và trả kết quả không phụ thuộc vào địa giới hành chính).',
      '- Tổng số TTHC cấp tỉnh tiếp nhận tại cấp xã: 01 TTHC/01 lĩnh vực/01 ngành.',
      '- Tổng số TTHC liên thông: 01 TTHC.',
    ]);
  });

  it('Phú Quốc 2024: the city counter and the commune counters, in the seed\'s row order', () => {
    const proc = (code: string, authority: TProcedure['authority'], receptionPoint?: string): TProcedure => ({
      code, name: code, aliases: [], field: 'F', sector: null, authority, channels: [], documents: [], steps: [], legalBasis: [],
      interconnected: false, boundaryFree: false, status: 'active', keywords: [], sources: [{ kind: 'catalogue' }], ...(receptionPoint ? { receptionPoint } : {}),
    });
    const counts = computeCatalogueCounts([
      proc('1.000001', 'district'),
      proc('1.000002', 'province'),
      proc('1.000003', 'vertical'),
      proc('1.000004', 'commune'),
      proc('1.000005', 'district', 'Dương Đông'),
      proc('1.000006', 'vertical', 'Điểm tiếp nhận cấp xã'),
    ], demoOrg);
    const rows = counts.levels.map((l) => `${l.level}: ${l.rows.map((r) => `${r.authority}=${r.figures.procedures}`).join(' ')}`);
    expect(rows).toEqual(['district: district=1 vertical=2 province=1', 'commune: commune=1 district=1']);
  });
});
