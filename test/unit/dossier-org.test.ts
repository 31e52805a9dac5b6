import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findUnit, nearestUnit, parseOrg, receptionLayout, unitsOfLevel, unitsReceiving, type TOrgInput } from '../../src/domain/org.ts';

const raw = JSON.parse(fs.readFileSync(new URL('../../config/org-phu-quoc-2024.json', import.meta.url), 'utf8')) as TOrgInput;
const org = parseOrg(raw);

describe('the Phú Quốc 2024 organisation file', () => {
  it('has the units of domain.md and the report layout of the golden file', () => {
    expect(org.units.map((u) => u.code)).toEqual(['PQ', 'DUONG-DONG', 'AN-THOI', 'CUA-CAN', 'CUA-DUONG', 'BAI-THOM', 'GANH-DAU', 'HAM-NINH', 'DUONG-TO', 'THO-CHAU']);
    expect(receptionLayout(org.levels, org.units)).toEqual({ district: ['district', 'province', 'vertical'], commune: ['commune'] });
    expect(org.periodRule).toBe('decree-09-2019');
    expect(org.defaultDesk).toBe('PQ');
    expect(unitsOfLevel(org, 'commune')).toHaveLength(9);
    expect(unitsReceiving(org, 'province').map((u) => u.code)).toEqual(['PQ']);
    for (const u of org.units) {
      // Every unit lies on Phú Quốc or its islands (Thổ Châu is ~100 km south-west).
      expect(u.location?.lat).toBeGreaterThan(9.1);
      expect(u.location?.lat).toBeLessThan(10.5);
      expect(u.location?.lng).toBeGreaterThan(103.4);
      expect(u.location?.lng).toBeLessThan(104.1);
      expect(u.name.normalize('NFC')).toBe(u.name);
    }
  });

  it('finds units the way officers name them', () => {
    expect(findUnit(org, 'an-thoi')?.code).toBe('AN-THOI');
    expect(findUnit(org, 'An Thới')?.code).toBe('AN-THOI');
    expect(findUnit(org, 'phuong an thoi')?.code).toBe('AN-THOI');
    expect(findUnit(org, 'Thổ Châu')?.code).toBe('THO-CHAU');
    expect(findUnit(org, 'thành phố')?.code).toBe('PQ');
    expect(findUnit(org, 'Hà Nội')).toBeUndefined();
    expect(findUnit(org, '')).toBeUndefined();
  });

  it('routes a located point to the nearest unit', () => {
    expect(nearestUnit(org, { lat: 10.01, lng: 104.02 })?.code).toBe('AN-THOI');
    expect(nearestUnit(org, { lat: 9.3, lng: 103.5 })?.code).toBe('THO-CHAU');
    expect(nearestUnit(org, { lat: 10.01, lng: 104.02 }, 'province')?.code).toBe('PQ');
  });
});

describe('other structures', () => {
  it('a two-level government (since 07/2025): communes receive provincial dossiers too', () => {
    const twoLevel = parseOrg({
      name: 'Đặc khu Phú Quốc',
      levels: [{ code: 'commune', name: 'Đặc khu, xã' }],
      units: [
        { code: 'PQ', name: 'Trung tâm Phục vụ hành chính công đặc khu Phú Quốc', level: 'commune', receives: ['commune', 'province', 'vertical'] },
        { code: 'THO-CHAU', name: 'xã Thổ Châu', level: 'commune', receives: ['commune'] },
      ],
      defaultDesk: 'PQ',
    });
    expect(receptionLayout(twoLevel.levels, twoLevel.units)).toEqual({ commune: ['commune', 'province', 'vertical'] });
    expect(twoLevel.onlineScope).toEqual(['district', 'commune']);
  });

  it('lists every problem of a bad file in Vietnamese', () => {
    expect(() =>
      parseOrg({
        ...raw,
        units: [...(raw.units ?? []), { code: 'PQ', name: 'trùng', level: 'province', receives: ['province'] }],
        defaultDesk: 'NOWHERE',
      }),
    ).toThrow(/Mã đơn vị “PQ” bị trùng[\s\S]*chưa khai báo trong levels[\s\S]*Đơn vị mặc định “NOWHERE” không có/);
    expect(() => parseOrg({ ...raw, units: [{ code: 'pq', name: 'x', level: 'district', receives: [] }] })).toThrow(/chữ in hoa/);
  });
});
