import { describe, expect, it } from 'vitest';
import { routeText, type TIntent } from '../../src/bot/router.ts';
import { MENU_PAYLOAD } from '../../src/bot/texts.ts';

/** What a citizen types (or a menu button sends) → the intent the bot acts on. */
const name = (text: string): TIntent['name'] => routeText(text).name;

describe('router: menu and help', () => {
  it.each([
    'menu', 'Menu', 'MENU', 'menu!', 'menu.', '  menu  ',
    'bắt đầu', 'bat dau', 'Bắt Đầu', 'BẮT ĐẦU!!', 'start',
    'xin chào', 'Xin chao', 'chào', 'hi', 'Hello!',
  ])('"%s" → menu', (text) => {
    expect(name(text)).toBe('menu');
  });

  it.each(['help', 'HELP', 'Help?', 'hướng dẫn', 'huong dan', 'Hướng Dẫn.', 'trợ giúp', 'tro giup', 'giúp đỡ'])('"%s" → help', (text) => {
    expect(name(text)).toBe('help');
  });

  it('decomposed (NFD) input is the same as composed', () => {
    expect(name('hướng dẫn'.normalize('NFD'))).toBe('help');
    expect(name('bắt đầu'.normalize('NFD'))).toBe('menu');
  });

  it('"?" alone → help', () => {
    expect(name('?')).toBe('help');
  });
});

describe('router: prompts', () => {
  it.each([
    ['tra cứu thủ tục', 'procedures-prompt'], ['Tra cuu thu tuc', 'procedures-prompt'], ['THỦ TỤC', 'procedures-prompt'], ['tìm thủ tục?', 'procedures-prompt'],
    ['gửi phản ánh', 'feedback-prompt'], ['phan anh', 'feedback-prompt'], ['Góp ý', 'feedback-prompt'], ['kiến nghị!', 'feedback-prompt'],
    ['tra cứu hồ sơ', 'dossier-prompt'], ['Tra Cuu Ho So', 'dossier-prompt'], ['hồ sơ của tôi', 'dossier-prompt'],
  ] as const)('"%s" → %s', (text, intent) => {
    expect(name(text)).toBe(intent);
  });

  it('every menu button payload routes to its own intent', () => {
    expect(name(MENU_PAYLOAD.procedures)).toBe('procedures-prompt');
    expect(name(MENU_PAYLOAD.feedback)).toBe('feedback-prompt');
    expect(name(MENU_PAYLOAD.dossier)).toBe('dossier-prompt');
    expect(name(MENU_PAYLOAD.help)).toBe('help');
    expect(name(MENU_PAYLOAD.menu)).toBe('menu');
    expect(name(MENU_PAYLOAD.handoff)).toBe('handoff');
  });
});

describe('router: handoff to a person', () => {
  it.each([
    'gặp cán bộ', 'Gặp cán bộ', 'GẶP CÁN BỘ', 'gap can bo', 'gặp cán bộ!', 'cán bộ',
    'cho tôi gặp cán bộ', 'Cho tôi gặp cán bộ ạ', 'cho toi gap can bo voi', 'tôi muốn gặp cán bộ.',
    'em muốn nói chuyện với nhân viên ạ', 'cho mình liên hệ với cán bộ', 'kết nối tổng đài viên', 'tôi cần gặp người thật',
  ])('"%s" → handoff', (text) => {
    expect(name(text)).toBe('handoff');
  });

  it.each(['cán bộ tiếp dân làm việc mấy giờ', 'gặp gỡ', 'bộ phận một cửa ở đâu'])('"%s" is not a handoff', (text) => {
    expect(name(text)).not.toBe('handoff');
  });
});

describe('router: anything else', () => {
  it.each(['đăng ký khai sinh cần giấy tờ gì', 'thời tiết hôm nay', 'menu đi', 'asdfgh', '   ', '!!!'])('"%s" → unknown, with the text as typed', (text) => {
    expect(routeText(text)).toEqual({ name: 'unknown', text });
  });
});
