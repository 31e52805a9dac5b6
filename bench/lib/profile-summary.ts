/**
 * Summarises a V8 .cpuprofile (node --cpu-prof): `npx tsx bench/lib/profile-summary.ts <file> [--top 25]`.
 * Prints self time by area (package / node internals / product source), the top functions by self time, and the
 * inclusive time of the webhook's steps (express body read, signature, JSON/zod parse, BullMQ add, answer).
 * `bench/webhook.ts --profile` writes bench/results/webhook-product.cpuprofile (the product's main thread from
 * ready to stop). Shares are of busy (non-idle) time; nested steps (indented) are part of the one above.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';

interface TNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
interface TProfile { nodes: TNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

export interface TProfileSummary {
  totalMs: number;
  busyMs: number;
  areas: { area: string; ms: number; share: number }[];
  top: { fn: string; ms: number; share: number }[];
  steps: { step: string; ms: number; share: number }[];
  components: { component: string; ms: number; share: number }[];
}

function areaOf(f: TNode['callFrame']): string {
  const { url, functionName } = f;
  if (!url) {
    if (functionName === '(idle)') return '(idle)';
    if (functionName === '(garbage collector)') return 'GC';
    if (functionName === '(program)') return '(program: native, unattributed)';
    return `native ${functionName || '(anonymous)'}`;
  }
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1]!;
  if (url.startsWith('node:')) {
    const m = /^node:internal\/(?:(?:streams|http|net|crypto|timers|util|process|event_target|perf)\b)?/.exec(url);
    return m ? `node ${url.replace(/^node:(internal\/)?/, '').split('/')[0]}` : `node ${url.slice(5).split('/')[0]}`;
  }
  const src = /\/(src|bench)\/(.*)$/.exec(url);
  if (src) return `${src[1]}/${src[2]!.split('/').slice(0, -1).join('/') || '.'}`;
  return url;
}

/** Steps of POST /webhooks/zalo, matched by function name (inclusive time, outermost frame only). */
const STEPS: [string, (f: TNode['callFrame']) => boolean][] = [
  ['webhook handler, synchronous part (JSON.parse, signature, zod, Queue.add up to its first await)', (f) => f.functionName === '' && /src\/http\/webhook\.ts$/.test(f.url)],
  ['  signature: verifyEventSignature', (f) => f.functionName === 'verifyEventSignature'],
  ['  zod + mapping: parseZaloEvent', (f) => f.functionName === 'parseZaloEvent'],
  ['BullMQ Job.create (job JSON, msgpack opts, EVALSHA args, ioredis send incl. the write syscall)', (f) => f.functionName === 'create' && /bullmq\/dist\/(esm|cjs)\/classes\/job\.js/.test(f.url)],
  ['  single-buffer socket writes (writeBuffer: Redis commands; pglite-server replies)', (f) => f.functionName === 'writeBuffer'],
  ['ioredis reply handling (DataHandler, redis-parser)', (f) => /node_modules\/(ioredis\/built\/DataHandler|redis-parser)/.test(f.url)],
  ['express.raw body read (body-parser, raw-body)', (f) => /node_modules\/(body-parser|raw-body)\//.test(f.url)],
  ['res.json answer (incl. socket write)', (f) => f.functionName === 'json' && /express\/lib\/response\.js/.test(f.url)],
  ['prom-client timers/counters', (f) => /node_modules\/prom-client\//.test(f.url)],
  ['pino logging', (f) => /node_modules\/pino/.test(f.url)],
  ['GC', (f) => f.functionName === '(garbage collector)'],
];

/**
 * Components: each sample goes to the nearest frame (leaf upwards) that belongs to one of them, so native work
 * (socket writes, file I/O, wasm) is charged to whoever asked for it. Not matched: "other".
 */
const COMPONENTS: [string, (f: TNode['callFrame']) => boolean][] = [
  ['GC', (f) => f.functionName === '(garbage collector)'],
  ['PGlite (wasm, its file I/O, the socket server in src/store/pglite-server.ts)', (f) => /^wasm:|@electric-sql\/pglite|src\/store\/pglite-/.test(f.url)],
  ['pg client + src/store SQL', (f) => /node_modules\/(pg|pg-protocol|pg-pool|pg-types)\/|src\/store\//.test(f.url)],
  ['BullMQ + ioredis (Redis commands, job (de)serialisation)', (f) => /node_modules\/(bullmq|ioredis|redis-parser|msgpackr|cluster-key-slot|denque|standard-as-callback)\//.test(f.url)],
  ['Zalo HTTP client (axios, follow-redirects, src/zalo/client.ts)', (f) => /node_modules\/(axios|follow-redirects|form-data|proxy-from-env|combined-stream)\/|src\/zalo\/(client|token-manager)\.ts/.test(f.url)],
  ['webhook HTTP server (express, body-parser, src/http)', (f) => /node_modules\/(express|router|body-parser|raw-body|finalhandler|on-finished|parseurl|content-type|type-is|send|iconv-lite)\/|src\/http\//.test(f.url) || /^node:_http_(server|incoming|outgoing|common)/.test(f.url)],
  ['bot + services (src/bot, src/services, src/domain, src/zalo/events)', (f) => /src\/(bot|services|domain|queue)\/|src\/zalo\/(events|signature)\.ts/.test(f.url)],
  ['zod', (f) => /node_modules\/zod\//.test(f.url)],
  ['prom-client, pino', (f) => /node_modules\/(prom-client|pino[^/]*)\//.test(f.url)],
];

export function summarise(file: string, top = 25): TProfileSummary {
  const prof = JSON.parse(fs.readFileSync(file, 'utf8')) as TProfile;
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  for (let i = 0; i < prof.samples.length; i++) {
    const id = prof.samples[i]!;
    self.set(id, (self.get(id) ?? 0) + (prof.timeDeltas[i] ?? 0) / 1000);
  }
  const totalMs = [...self.values()].reduce((a, b) => a + b, 0);
  const idleMs = prof.nodes.filter((n) => n.callFrame.functionName === '(idle)').reduce((a, n) => a + (self.get(n.id) ?? 0), 0);
  const busyMs = totalMs - idleMs;

  const areas = new Map<string, number>();
  const fns = new Map<string, number>();
  for (const n of prof.nodes) {
    const ms = self.get(n.id) ?? 0;
    if (!ms) continue;
    const a = areaOf(n.callFrame);
    areas.set(a, (areas.get(a) ?? 0) + ms);
    const short = n.callFrame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/(src|bench)\//, '$1/');
    const key = `${n.callFrame.functionName || '(anonymous)'} ${short}${short ? `:${n.callFrame.lineNumber + 1}` : ''}`;
    fns.set(key, (fns.get(key) ?? 0) + ms);
  }

  // Inclusive time of each step: walk the tree, count a subtree once under the outermost matching frame.
  const parent = new Map<number, number>();
  for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const total = new Map<number, number>();
  const order: number[] = [];
  const root = prof.nodes.find((n) => !parent.has(n.id))!;
  const stack = [root.id];
  while (stack.length) {
    const id = stack.pop()!;
    order.push(id);
    for (const c of byId.get(id)!.children ?? []) stack.push(c);
  }
  for (const id of order.reverse()) {
    const n = byId.get(id)!;
    total.set(id, (self.get(id) ?? 0) + (n.children ?? []).reduce((a, c) => a + (total.get(c) ?? 0), 0));
  }
  const steps = STEPS.map(([step, match]) => {
    let ms = 0;
    for (const n of prof.nodes) {
      if (!match(n.callFrame)) continue;
      let p = parent.get(n.id);
      let nested = false;
      while (p !== undefined) {
        if (match(byId.get(p)!.callFrame)) { nested = true; break; }
        p = parent.get(p);
      }
      if (!nested) ms += total.get(n.id) ?? 0;
    }
    return { step, ms, share: ms / busyMs };
  });

  const owner = new Map<number, string>();
  for (const id of [...order].reverse()) {
    // order is children-first after the reverse above; walk parents before children here
    const n = byId.get(id)!;
    const mine = COMPONENTS.find(([, match]) => match(n.callFrame))?.[0];
    const p = parent.get(id);
    owner.set(id, mine ?? (p === undefined ? 'other' : owner.get(p) ?? 'other'));
  }
  const comp = new Map<string, number>();
  for (const n of prof.nodes) {
    const ms = self.get(n.id) ?? 0;
    if (!ms || n.callFrame.functionName === '(idle)') continue;
    const c = owner.get(n.id) ?? 'other';
    comp.set(c, (comp.get(c) ?? 0) + ms);
  }

  const sorted = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]);
  return {
    totalMs, busyMs,
    areas: sorted(areas).filter(([a]) => a !== '(idle)').map(([area, ms]) => ({ area, ms, share: ms / busyMs })),
    top: sorted(fns).filter(([f]) => !f.startsWith('(idle)')).slice(0, top).map(([fn, ms]) => ({ fn, ms, share: ms / busyMs })),
    steps,
    components: sorted(comp).map(([component, ms]) => ({ component, ms, share: ms / busyMs })),
  };
}

const isEntry = process.argv[1] !== undefined && import.meta.filename === fs.realpathSync(process.argv[1]);
if (isEntry) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '25' } } });
  const file = positionals[0];
  if (!file) {
    console.error('usage: npx tsx bench/lib/profile-summary.ts <file.cpuprofile> [--top 25]');
    process.exit(2);
  }
  const s = summarise(file, Number(values.top));
  const pct = (x: number) => `${(x * 100).toFixed(1).padStart(5)} %`;
  console.log(`profile ${file}: ${Math.round(s.totalMs)} ms sampled, ${Math.round(s.busyMs)} ms busy (not idle)\n`);
  console.log('self time by area (share of busy time):');
  for (const a of s.areas.slice(0, 30)) console.log(`  ${pct(a.share)}  ${Math.round(a.ms).toString().padStart(6)} ms  ${a.area}`);
  console.log('\ntop functions by self time:');
  for (const f of s.top) console.log(`  ${pct(f.share)}  ${Math.round(f.ms).toString().padStart(6)} ms  ${f.fn}`);
  console.log('\nby component (each sample charged to the nearest owning frame):');
  for (const c of s.components) console.log(`  ${pct(c.share)}  ${Math.round(c.ms).toString().padStart(6)} ms  ${c.component}`);
  console.log('\nwebhook steps (inclusive time):');
  for (const st of s.steps) console.log(`  ${pct(st.share)}  ${Math.round(st.ms).toString().padStart(6)} ms  ${st.step}`);
}
