import { describe, expect, it } from 'vitest';
import { maskPersonalData, shortId } from '../../src/domain/privacy.ts';

/** Phone and ID numbers keep only their last two digits; dates, procedure codes and amounts stay as they are. */

describe('maskPersonalData: phone numbers', () => {
  it.each([
    ['0912345678', '********78'],
    ['0912 345 678', '********78'],
    ['0912.345.678', '********78'],
    ['091-234-5678', '********78'],
    ['+84912345678', '*********78'],
    ['+84 912 345 678', '*********78'],
    ['84912345678', '*********78'],
  ])('%s → %s', (phone, masked) => {
    expect(maskPersonalData(phone)).toBe(masked);
    expect(maskPersonalData(`Số điện thoại của tôi là ${phone}, gọi giúp tôi.`)).toBe(`Số điện thoại của tôi là ${masked}, gọi giúp tôi.`);
  });

  it('masks every number in a text, not just the first', () => {
    expect(maskPersonalData('0912345678 hoặc 0987654321')).toBe('********78 hoặc ********21');
  });
});

describe('maskPersonalData: ID numbers', () => {
  it('a 12-digit CCCD and a 9-digit CMND', () => {
    expect(maskPersonalData('CCCD 079203001234')).toBe('CCCD **********34');
    expect(maskPersonalData('CMND số 123456789 cấp năm 2010')).toBe('CMND số *******89 cấp năm 2010');
  });
});

describe('maskPersonalData: what is not personal', () => {
  it.each([
    'hẹn trả ngày 14/06/2024',
    'ngày 14.06.2024 lúc 08:30',
    'thủ tục 1.001193',
    'mã thủ tục 1.001193.000.00.00.H33',
    'hồ sơ 000.00.30.H33-240601-0001',
    'lệ phí 1.000.000 đồng',
    'năm 2024, quý 2, 15 ngày làm việc',
    'số 12 đường Nguyễn Huệ',
    'Mã bưu chính 92000',
  ])('"%s" is left alone', (text) => {
    expect(maskPersonalData(text)).toBe(text);
  });

  it('digits embedded in longer numbers are not taken for a phone or an ID', () => {
    expect(maskPersonalData('12345678901234567890')).toBe('12345678901234567890');
    expect(maskPersonalData('1234567890')).toBe('1234567890'); // 10 digits, not starting with 0: neither
  });
});

describe('shortId', () => {
  it('keeps only the last six characters of a long id', () => {
    expect(shortId('7429516038125749871')).toBe('…749871');
    expect(shortId('123456')).toBe('123456');
  });
});
