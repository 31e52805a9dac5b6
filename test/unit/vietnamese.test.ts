import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fold, hasDiacritics, isFoldedSyllable, lowerVi, nfc, sentenceCaseVi, unifyIY } from '../../src/domain/vietnamese.ts';

describe('fold', () => {
  it('compares Vietnamese text without case, tone marks or đ', () => {
    expect(fold('Phản Ánh')).toBe('phan anh');
    expect(fold('PHẢN  ÁNH')).toBe('phan anh');
    expect(fold('Đăng ký khai sinh')).toBe('dang ky khai sinh');
    expect(fold('Giấy chứng nhận quyền sử dụng đất')).toBe('giay chung nhan quyen su dung dat');
  });

  it('gives the same result for composed and decomposed input, and is idempotent', () => {
    const vietnamese = fc.stringMatching(/^[a-zA-ZàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđĐ ]{0,30}$/);
    fc.assert(
      fc.property(vietnamese, (s) => {
        expect(fold(s.normalize('NFD'))).toBe(fold(s.normalize('NFC')));
        expect(fold(fold(s))).toBe(fold(s));
        expect(fold(s)).toMatch(/^[a-z ]*$/);
      }),
    );
  });
});

describe('other primitives', () => {
  it('normalises to NFC and lower case', () => {
    expect(nfc('Hòa'.normalize('NFD'))).toBe('Hòa');
    expect(lowerVi('  ĐĂNG   KÝ ')).toBe('đăng ký');
    expect(hasDiacritics('dang ky')).toBe(false);
    expect(hasDiacritics('đang ky')).toBe(true);
    expect(hasDiacritics('dang kỳ')).toBe(true);
  });

  it('sentence-cases upper-case field names, keeping acronyms', () => {
    expect(sentenceCaseVi('BÁO CHÍ')).toBe('Báo chí');
    expect(sentenceCaseVi('NÔNG NGHIỆP VÀ MÔI TRƯỜNG')).toBe('Nông nghiệp và môi trường');
    expect(sentenceCaseVi('KINH DOANH KHÍ LPG')).toBe('Kinh doanh khí LPG');
    expect(sentenceCaseVi('ĐẤT ĐAI')).toBe('Đất đai');
  });

  it('tells syllables from typing mistakes', () => {
    for (const s of ['sinh', 'chao', 'sin', 'nguoi', 'khuyen', 'quyet', 'gi', 'o', 'nghieng', 'truong', 'xoong']) expect(isFoldedSyllable(s), s).toBe(true);
    for (const s of ['sinhh', 'ddawng', 'asdfgh', 'khaisinh', 'tr', 'lpg', 'qwerty', 'namo', 'kys']) expect(isFoldedSyllable(s), s).toBe(false);
  });

  it('unifies the two spellings of final i/y', () => {
    expect(unifyIY('ký')).toBe('kí');
    expect(unifyIY('kỳ')).toBe('kì');
    expect(unifyIY('lý')).toBe('lí');
    expect(unifyIY('mỹ')).toBe('mĩ');
    expect(unifyIY('ky')).toBe('ki');
    expect(unifyIY('quy')).toBe('quy');
    expect(unifyIY('tuy')).toBe('tuy');
    expect(unifyIY('yêu')).toBe('yêu');
  });
});
