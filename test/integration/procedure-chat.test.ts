import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogueServiceFor } from '../../src/services/catalogue.ts';
import { importProcedureFiles } from '../../src/services/catalogue-import.ts';
import { SHARED_DIR } from '../helpers/golden.ts';
import { startStack, waitUntil, type TStack } from '../helpers/stack.ts';

const DATA = path.join(SHARED_DIR, 'data');

let stack: TStack;
let n = 0;
const newUser = () => stack.sim.createUser({ userId: `84471133${String(++n).padStart(8, '0')}` }).userId;

/** Sends a text and waits for the bot's answer to it (all the messages it sends for that text). */
async function ask(u: string, text: string) {
  const before = stack.sim.sent({ userId: u }).length;
  await stack.sim.sendText(u, text);
  await waitUntil(() => stack.sim.sent({ userId: u }).length > before, 10_000);
  await new Promise((r) => setTimeout(r, 300));
  return stack.sim.sent({ userId: u }).slice(before);
}

beforeAll(async () => {
  stack = await startStack();
  const catalogue = catalogueServiceFor(stack.running!.rt.db);
  const outcome = await importProcedureFiles(catalogue, [
    { source: path.join(DATA, 'catalog-vinhbao-2026.jsonl') },
    { source: path.join(DATA, 'procedures-vinhbao.jsonl') },
  ], { full: true, skipInvalid: false });
  expect(outcome.status).toBe('imported');
});
afterAll(async () => { await stack?.close(); });

describe('citizens find procedures in the chat', () => {
  it('a sentence as citizens type it → the best procedures as #TTHC buttons', async () => {
    const u = newUser();
    const [m] = await ask(u, 'cho hoi lam giay khai sinh cho con can gi');
    expect(m!.buttons.length).toBeGreaterThanOrEqual(1);
    expect(m!.buttons.length).toBeLessThanOrEqual(5);
    expect(m!.buttons.map((b) => b.payload)).toContain('#TTHC 1.001193');
    expect(m!.buttons.every((b) => b.type === 'oa.query.hide' && String(b.payload).startsWith('#TTHC '))).toBe(true);
  });

  it('pressing a result (#TTHC <code>) → the procedure card, every part within 2,000 characters', async () => {
    const u = newUser();
    const card = await ask(u, '#TTHC 1.001193');
    const text = card.map((m) => m.text ?? '').join('\n');
    expect(text).toContain('khai sinh');
    expect(text).toMatch(/Thành phần hồ sơ|Hồ sơ cần/i);
    expect(card.every((m) => (m.text ?? '').length <= 2000)).toBe(true);
    expect(text).toBe(text.normalize('NFC'));
  });

  it('a code with the province suffix, copied from a poster, also opens the card', async () => {
    const u = newUser();
    const card = await ask(u, '1.001193.000.00.00.H33');
    expect(card.map((m) => m.text ?? '').join('\n')).toContain('khai sinh');
  });

  it('nonsense gets the general help, never a confident wrong procedure', async () => {
    const u = newUser();
    const [m] = await ask(u, 'thời tiết hôm nay thế nào');
    expect(m!.text).toContain('Xin lỗi, tôi chưa hiểu ý bạn');
    expect(m!.buttons.some((b) => String(b.payload).startsWith('#TTHC'))).toBe(false);
  });

  it('an unknown code says so', async () => {
    const u = newUser();
    const [m] = await ask(u, '#TTHC 1.999999');
    expect(m!.text).toContain('Không tìm thấy thủ tục mã 1.999999');
  });
});
