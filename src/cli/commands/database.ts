import type { Command } from 'commander';
import type { TConfig } from '../../config.ts';
import { maskPersonalData, shortId } from '../../domain/privacy.ts';
import type { TOutboundRow } from '../../store/chat.ts';
import { listMigrations } from '../../store/migrate.ts';
import { readTokenPair } from '../../zalo/token-store.ts';
import { appliedMigrations, outboundCountsByStatus, recentUndeliverable } from '../../store/status.ts';
import { formatDateTime, out, table, withDb } from '../shared.ts';

const STATUS_LABELS: Record<TOutboundRow['status'], string> = {
  queued: 'chờ gửi (queued)',
  sending: 'đang gửi (sending)',
  sent: 'đã gửi (sent)',
  undeliverable: 'không gửi được (undeliverable)',
  failed: 'lỗi tạm thời, hết lượt thử (failed)',
};

const UNDELIVERABLE_DAYS = 7;
const UNDELIVERABLE_SHOWN = 20;

/** Where the data is, without the password of a DATABASE_URL. */
function describeDatabase(config: TConfig, where: string): string {
  if (!config.databaseUrl) return where;
  try {
    const u = new URL(config.databaseUrl);
    return `PostgreSQL ${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname} (DATABASE_URL)`;
  } catch {
    return where;
  }
}

export function registerDatabaseCommands(program: Command): void {
  program
    .command('migrate')
    .description('áp dụng các migration cơ sở dữ liệu còn thiếu')
    .action(async () => {
      await withDb(async ({ config, db, applied }) => {
        out(`Cơ sở dữ liệu: ${describeDatabase(config, db.where)}`);
        if (applied.length === 0) out(`Không có migration mới: cả ${listMigrations().length} migration đã được áp dụng từ trước.`);
        else out(`Đã áp dụng ${applied.length} migration:\n${applied.map((v) => `  ${v}`).join('\n')}`);
      });
    });

  program
    .command('status')
    .description('tình trạng hệ thống: cơ sở dữ liệu, migration, token Zalo, tin nhắn gửi đi')
    .action(async () => {
      await withDb(async ({ config, db, applied }) => {
        out(`Cơ sở dữ liệu: ${describeDatabase(config, db.where)}`);
        out(`Chế độ Zalo: ${config.zalo.mode === 'simulator' ? 'mô phỏng (simulator), không gửi tới Zalo thật' : 'Zalo thật (live)'}`);

        const known = new Set(listMigrations().map((m) => m.version));
        const done = await appliedMigrations(db);
        out(`\nMigration đã áp dụng (${done.length}):`);
        for (const m of done) {
          const flags = [applied.includes(m.version) ? 'vừa áp dụng' : '', known.has(m.version) ? '' : 'không có trong mã nguồn này'].filter(Boolean);
          out(`  ${m.version.padEnd(24)} ${formatDateTime(m.appliedAt)}${flags.length ? `  (${flags.join(', ')})` : ''}`);
        }

        // Never the token values: only whether a pair is stored and how fresh it is.
        const pair = await readTokenPair(db);
        if (!pair) {
          out('\nCặp token Zalo: chưa lưu — lần khởi động tới máy chủ dùng ZALO_ACCESS_TOKEN / ZALO_REFRESH_TOKEN.');
        } else {
          const expired = pair.accessExpiresAt.getTime() <= Date.now();
          out(
            `\nCặp token Zalo: đã lưu (đã làm mới ${pair.generation} lần); access token ` +
              `${expired ? 'đã hết hạn lúc' : 'hết hạn lúc'} ${formatDateTime(pair.accessExpiresAt)}` +
              `${expired ? ' — sẽ được làm mới ở lần gửi tới' : ''}.`,
          );
        }

        const counts = await outboundCountsByStatus(db);
        out('\nTin nhắn gửi đi theo trạng thái:');
        for (const status of Object.keys(STATUS_LABELS) as TOutboundRow['status'][]) {
          out(`  ${STATUS_LABELS[status].padEnd(38)} ${String(counts[status]).padStart(8)}`);
        }

        const { total, items } = await recentUndeliverable(db, UNDELIVERABLE_DAYS, UNDELIVERABLE_SHOWN);
        out(`\nKhông gửi được trong ${UNDELIVERABLE_DAYS} ngày qua: ${total}`);
        if (items.length > 0) {
          out(table(
            ['Thời điểm', 'Người nhận', 'Mã lỗi', 'Lý do'],
            items.map((i) => [formatDateTime(i.at), shortId(i.userId), i.errorCode === null ? '' : String(i.errorCode), maskPersonalData(i.reason ?? '').slice(0, 120)]),
          ));
          if (total > items.length) out(`(chỉ hiện ${items.length} tin gần nhất)`);
        }
      });
    });
}
