import net from 'node:net';
import type { PGlite } from '@electric-sql/pglite';

/**
 * A PostgreSQL-protocol server in front of one PGlite instance, for many concurrent clients.
 *
 * Why not PGLiteSocketServer's multiplexer: it interleaves clients message by message, so one client's Bind can
 * land between another's Parse and Execute ("portal does not exist") under concurrency. Here a client's messages
 * run as one unit up to each Sync / Query / Flush, and while a client has a transaction open only that client's
 * units run, so every client sees the database as if it were alone.
 */
const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const UNIT_END = new Set(['S', 'Q', 'H']);

interface TUnit {
  conn: Conn;
  messages: Uint8Array[];
}

class Conn {
  started = false;
  closed = false;
  buffer: Buffer = Buffer.alloc(0);
  pending: Uint8Array[] = [];
  constructor(readonly id: number, readonly socket: net.Socket) {}
}

export class PgliteServer {
  private server: net.Server | undefined;
  private readonly queue: TUnit[] = [];
  private running = false;
  private owner: Conn | undefined;
  private current: Conn | undefined;
  /** a dead client's transaction is being rolled back: nobody else may run until it is */
  private rollbackPending = false;
  private nextId = 1;
  private readonly conns = new Set<Conn>();

  constructor(private readonly db: PGlite) {}

  listen(socketPath: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const server = net.createServer((socket) => this.accept(socket));
      server.once('error', reject);
      server.listen(socketPath, () => {
        server.off('error', reject);
        this.server = server;
        resolve();
      });
    });
  }

  async close(): Promise<void> {
    for (const c of this.conns) c.socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private accept(socket: net.Socket): void {
    const conn = new Conn(this.nextId++, socket);
    this.conns.add(conn);
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      conn.buffer = conn.buffer.length ? Buffer.concat([conn.buffer, chunk]) : chunk;
      this.parse(conn);
    });
    const gone = () => this.drop(conn);
    socket.on('close', gone);
    socket.on('error', gone);
  }

  private parse(conn: Conn): void {
    for (;;) {
      const b = conn.buffer;
      if (!conn.started) {
        if (b.length < 8) return;
        const len = b.readInt32BE(0);
        if (b.length < len) return;
        const code = b.readInt32BE(4);
        conn.buffer = b.subarray(len);
        if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
          conn.socket.write('N');
          continue;
        }
        if (code === CANCEL_REQUEST) {
          conn.socket.end();
          return;
        }
        conn.started = true;
        this.enqueue({ conn, messages: [new Uint8Array(b.subarray(0, len))] });
        continue;
      }
      if (b.length < 5) return;
      const len = b.readInt32BE(1) + 1;
      if (b.length < len) return;
      const type = String.fromCharCode(b[0]!);
      const msg = new Uint8Array(b.subarray(0, len));
      conn.buffer = b.subarray(len);
      if (type === 'X') {
        conn.socket.end();
        return;
      }
      conn.pending.push(msg);
      if (UNIT_END.has(type)) {
        this.enqueue({ conn, messages: conn.pending });
        conn.pending = [];
      }
    }
  }

  private enqueue(unit: TUnit): void {
    this.queue.push(unit);
    void this.pump();
  }

  private next(): TUnit | undefined {
    if (this.rollbackPending) return undefined;
    if (this.owner && this.db.isInTransaction()) {
      const i = this.queue.findIndex((u) => u.conn === this.owner);
      return i === -1 ? undefined : this.queue.splice(i, 1)[0];
    }
    this.owner = undefined;
    return this.queue.shift();
  }

  private async pump(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (let unit = this.next(); unit; unit = this.next()) {
        const { conn } = unit;
        if (conn.closed) continue;
        this.current = conn;
        // One syscall per unit instead of one per chunk.
        conn.socket.cork();
        await this.db.runExclusive(async () => {
          for (const m of unit.messages) {
            await this.db.execProtocolRawStream(m, {
              // Copy: the view points into PGlite's WASM memory, which the next chunk overwrites before a queued write is flushed.
              onRawData: (data: Uint8Array) => { if (!conn.closed && data.length) conn.socket.write(Buffer.from(data)); },
            });
          }
        }).catch(() => conn.socket.destroy());
        conn.socket.uncork();
        this.current = undefined;
        if (this.db.isInTransaction()) this.owner = conn;
      }
    } finally {
      this.running = false;
    }
  }

  private drop(conn: Conn): void {
    if (conn.closed) return;
    conn.closed = true;
    this.conns.delete(conn);
    for (let i = this.queue.length - 1; i >= 0; i--) if (this.queue[i]!.conn === conn) this.queue.splice(i, 1);
    if (this.owner === conn || this.current === conn) {
      // A client that died inside a transaction must not leave it open for everybody else. Nobody runs until it
      // is rolled back. exec() takes PGlite's query mutex itself, so it must not run inside runExclusive.
      this.rollbackPending = true;
      void (async () => {
        while (this.current === conn) await new Promise((r) => setImmediate(r));
        if (this.owner === conn && this.db.isInTransaction()) await this.db.exec('ROLLBACK').catch(() => {});
        if (this.owner === conn) this.owner = undefined;
      })().finally(() => {
        this.rollbackPending = false;
        void this.pump();
      });
    }
  }
}
