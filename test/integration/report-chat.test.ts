import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDossierHistory } from '../../src/domain/demo/dossier-history.ts';
import { runReportDraft } from '../../src/services/report-runtime.ts';
import { upsertOfficer } from '../../src/store/chat.ts';
import { saveOrg, upsertDossiers } from '../../src/store/dossiers.ts';
import { demoOrg } from '../helpers/golden.ts';
import { sleep, startStack, waitUntil, type TStack } from '../helpers/stack.ts';

/** The monthly report in chat and its scheduled draft, through the simulator (file messages: upload, then send). */
let stack: TStack;
let n = 0;
const db = () => stack.running!.rt.db;
const user = (name: string) => stack.sim.createUser({ userId: `66${String(++n).padStart(12, '0')}`, name }).userId;
async function officer(unitCode: string, role: 'officer' | 'leader' | 'admin'): Promise<string> {
  const id = user(role);
  await upsertOfficer(db(), { userId: id, unitCode, role });
  stack.sim.setLastInteraction(id, new Date());
  return id;
}

beforeAll(async () => {
  stack = await startStack({ env: { LOG_LEVEL: 'silent' } });
  await db().transaction(async (tx) => {
    await saveOrg(tx, demoOrg);
    await upsertDossiers(tx, generateDossierHistory({ org: demoOrg }));
  });
}, 60_000);
afterAll(async () => { await stack?.close(); });

describe('the monthly report in chat', () => {
  it('an officer\'s "báo cáo tháng 6/2024" returns the DOCX as a Zalo file with a three-line summary; a citizen gets no report', async () => {
    const clerk = await officer('PQ', 'officer');
    const before = stack.sim.sent({ userId: clerk }).length;
    await stack.sim.sendText(clerk, 'bao cao thang 6/2024');
    const [caption, file] = await waitUntil(() => {
      const got = stack.sim.sent({ userId: clerk }).slice(before);
      return got.length >= 2 ? got : undefined;
    }, 20_000);
    expect(caption!.text!.split('\n')).toHaveLength(3);
    expect(file!.kind).toBe('file');
    expect(file!.file!.name).toBe('Báo cáo CCHC tháng 06-2024.docx');

    const citizen = user('Công dân');
    stack.sim.setLastInteraction(citizen, new Date());
    const c0 = stack.sim.sent({ userId: citizen }).length;
    await stack.sim.sendText(citizen, 'báo cáo tháng 6/2024');
    await waitUntil(() => stack.sim.sent({ userId: citizen }).length > c0);
    await sleep(300);
    expect(stack.sim.sent({ userId: citizen }).slice(c0).every((m) => m.kind !== 'file')).toBe(true);
  }, 30_000);

  it('a period without data: the report says so instead of printing zeros', async () => {
    const clerk = await officer('PQ', 'officer');
    const before = stack.sim.sent({ userId: clerk }).length;
    await stack.sim.sendText(clerk, 'báo cáo tháng 1/2022');
    const [caption] = await waitUntil(() => {
      const got = stack.sim.sent({ userId: clerk }).slice(before);
      return got.length >= 2 ? got : undefined;
    }, 20_000);
    expect(caption!.text).toContain('Chưa có dữ liệu');
  }, 30_000);
});

describe('the scheduled draft', () => {
  it('when June 2024 has closed, four instances racing draft it once and each leader receives it once', async () => {
    const leader = await officer('PQ', 'leader');
    const admin = await officer('PQ', 'admin');
    const clerk = await officer('AN-THOI', 'officer');
    const rt = stack.running!.rt;
    const at = new Date('2024-06-20T01:00:00Z');
    const results = await Promise.all([0, 1, 2, 3].map(() => runReportDraft(rt, at)));
    expect(results.filter((r) => r?.drafted)).toHaveLength(1);
    expect(results.every((r) => r?.periodKey === '2024-06')).toBe(true);
    for (const who of [leader, admin]) {
      const file = await waitUntil(() => stack.sim.sent({ userId: who }).find((m) => m.kind === 'file'), 20_000);
      expect(file.file!.name).toBe('Báo cáo CCHC tháng 06-2024.docx');
    }
    // Again the next day: nothing new.
    expect((await runReportDraft(rt, new Date('2024-06-21T01:00:00Z')))?.drafted).toBe(false);
    await sleep(500);
    for (const who of [leader, admin]) expect(stack.sim.sent({ userId: who }).filter((m) => m.kind === 'file')).toHaveLength(1);
    expect(stack.sim.sent({ userId: clerk }).filter((m) => m.kind === 'file')).toHaveLength(0);
    // On 14/06 June is still running: the period that last closed is May.
    expect(await runReportDraft(rt, new Date('2024-06-14T01:00:00Z'))).toMatchObject({ periodKey: '2024-05' });
  }, 60_000);
});
