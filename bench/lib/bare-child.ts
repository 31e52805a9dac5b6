/**
 * The baseline: a bare express 5 handler on the same route, reading the body the same way (express.raw) and
 * answering 200 with a small JSON — no signature, no parsing, no Redis. Same server timeouts as src/main.ts.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';

const app = express();
app.disable('x-powered-by');
app.post('/webhooks/zalo', express.raw({ type: () => true, limit: '512kb' }), (_req, res) => {
  res.status(200).json({ ok: true });
});
const server = http.createServer(app);
server.requestTimeout = 15_000;
server.headersTimeout = 10_000;
server.keepAliveTimeout = 5_000;
await new Promise<void>((resolve, reject) => {
  server.once('error', reject);
  server.listen(0, '127.0.0.1', () => resolve());
});
const { port } = server.address() as AddressInfo;

let stopping = false;
function stop(): void {
  if (stopping) return;
  stopping = true;
  server.close(() => process.exit(0));
  server.closeAllConnections();
}
process.on('message', (m: unknown) => {
  if (m && typeof m === 'object' && (m as { type?: unknown }).type === 'stop') stop();
});
process.on('disconnect', stop);
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, stop);

process.send?.({ type: 'ready', url: `http://127.0.0.1:${port}` });
