import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { addWorkingDays, parseHolidays } from '../../src/domain/calendar.ts';
import { DEMO_FEEDBACK, FEEDBACK_PLAN, generateFeedbackHistory, plannedFeedbackFigures } from '../../src/domain/demo/feedback-history.ts';
import { computeFeedbackFiguresReference } from '../../src/domain/feedback/figures.ts';
import { FEEDBACK_CODE, FEEDBACK_SOURCES, isOpen } from '../../src/domain/feedback/model.ts';
import { periodForMonth } from '../../src/domain/periods.ts';
import { maskPersonalData } from '../../src/domain/privacy.ts';
import { demoOrg, golden } from '../helpers/golden.ts';

const holidays = parseHolidays(JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../../config/holidays-vi.json'), 'utf8')));
const org = demoOrg;
const history = generateFeedbackHistory({ org, holidays });

describe('the demo PAKN history', () => {
  it('gives the golden feedback figures of 06/2024; the plan sums to them', () => {
    expect(computeFeedbackFiguresReference(history, periodForMonth(2024, 6))).toEqual(golden.feedback);
    expect(plannedFeedbackFigures()).toEqual(golden.feedback);
    for (const s of FEEDBACK_SOURCES) {
      const p = FEEDBACK_PLAN[s];
      expect(p.carried[0] + p.carried[1] + p.new[0] + p.new[1]).toBe(golden.feedback[s].resolved + golden.feedback[s].processing);
    }
  });

  it('is deterministic, and reaches the golden figures from any seed', () => {
    expect(generateFeedbackHistory({ org, holidays })).toEqual(history);
    const other = generateFeedbackHistory({ org, holidays, seed: 7 });
    expect(other).not.toEqual(history);
    expect(computeFeedbackFiguresReference(other, periodForMonth(2024, 6))).toEqual(golden.feedback);
  });

  it('has history before and after the period: items closed before it, items received after it', () => {
    const june = periodForMonth(2024, 6);
    expect(history.filter((i) => i.closedDate !== null && i.closedDate < june.start).length).toBeGreaterThan(5);
    expect(history.filter((i) => i.receivedDate > june.end).length).toBeGreaterThan(10);
    expect(history.every((i) => i.receivedDate >= DEMO_FEEDBACK.from && i.receivedDate <= DEMO_FEEDBACK.to)).toBe(true);
    expect(new Set(history.map((i) => i.status))).toEqual(new Set(['received', 'answered', 'rejected', 'reopened']));
    expect(new Set(history.map((i) => i.channel))).toEqual(new Set(['zalo', 'hotline', 'counter', 'national_portal', 'province']));
  });

  it('is made of consistent items: unique codes, PA-YYMM-NNNN numbered in order of receipt, configured units, 10 working days', () => {
    const units = new Set(org.units.map((u) => u.code));
    expect(new Set(history.map((i) => i.code)).size).toBe(history.length);
    const seqByMonth = new Map<string, number[]>();
    for (const i of history) {
      expect(units.has(i.unitCode), i.code).toBe(true);
      // reopened: 10 working days from the day it was reopened
      if (i.status === 'reopened') expect(i.dueDate! > addWorkingDays(i.receivedDate, 10, holidays)).toBe(true);
      else expect(i.dueDate).toBe(addWorkingDays(i.receivedDate, 10, holidays));
      expect(i.closedDate === null || i.closedDate >= i.receivedDate, i.code).toBe(true);
      expect(isOpen(i.status)).toBe(i.closedDate === null);
      expect(i.status === 'answered' ? i.answer !== null : true, i.code).toBe(true);
      expect(i.status === 'rejected' ? i.rejectReason !== null : true, i.code).toBe(true);
      // the instant of receipt is on the receipt date in Viet Nam
      expect(new Date(Date.parse(i.receivedAt) + 7 * 3_600_000).toISOString().slice(0, 10)).toBe(i.receivedDate);
      if (i.source === 'city') {
        expect(i.code).toMatch(FEEDBACK_CODE);
        expect(i.code.slice(3, 7)).toBe(`${i.receivedDate.slice(2, 4)}${i.receivedDate.slice(5, 7)}`);
        const month = i.code.slice(3, 7);
        seqByMonth.set(month, [...(seqByMonth.get(month) ?? []), Number(i.code.slice(8))]);
      } else {
        expect(i.routedBy).toBe('import');
        expect(i.code).not.toMatch(FEEDBACK_CODE);
      }
    }
    for (const [month, seqs] of seqByMonth) expect(seqs, month).toEqual(seqs.map((_, k) => k + 1));
  });

  it('texts: Vietnamese in NFC, varied, without phone or ID numbers', () => {
    for (const i of history) {
      for (const t of [i.content, i.subject ?? '', i.answer ?? '', i.rejectReason ?? '']) {
        expect(t).toBe(t.normalize('NFC'));
        expect(maskPersonalData(t)).toBe(t);
        expect(t).not.toMatch(/[{}]/);
      }
    }
    expect(new Set(history.map((i) => i.content)).size).toBeGreaterThan(history.length * 0.8);
    expect(new Set(history.map((i) => i.subject)).size).toBeGreaterThan(15);
  });

  it('open items have had their reminder and overdue alert, so the daily job does not send years-old alerts', () => {
    for (const i of history.filter((x) => isOpen(x.status))) {
      expect(i.remindedAt, i.code).not.toBeNull();
      expect(i.overdueAlertedAt, i.code).not.toBeNull();
    }
  });
});
