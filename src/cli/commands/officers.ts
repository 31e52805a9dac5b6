import { Option, type Command } from 'commander';
import { listOfficers, removeOfficer, upsertOfficer, type TRole } from '../../store/chat.ts';
import { loadOrgConfig, resolveUnit } from '../org-config.ts';
import { CliError, note, out, table, withDb } from '../shared.ts';

export const ROLES = ['officer', 'leader', 'admin'] as const satisfies readonly TRole[];

export const ROLE_LABELS: Record<TRole, string> = {
  officer: 'cán bộ',
  leader: 'lãnh đạo',
  admin: 'quản trị',
};

/** Zalo OA-scoped user ids are decimal strings (19 digits today); never parsed as numbers. */
function checkUserId(raw: string): string {
  const id = raw.trim();
  if (!/^\d{1,32}$/.test(id)) {
    throw new CliError(`Mã người dùng Zalo "${raw}" không hợp lệ: chỉ gồm chữ số (ví dụ: 7429516038125749871).`);
  }
  return id;
}

export function registerOfficerCommands(program: Command): void {
  const officers = program
    .command('officers')
    .description('quản lý cán bộ nhận thông báo qua Zalo (thêm, xoá, liệt kê)');

  officers
    .command('add')
    .description('thêm hoặc cập nhật một cán bộ')
    .argument('<zalo_user_id>', 'mã người dùng Zalo của cán bộ (user_id theo OA)')
    .requiredOption('--unit <mã>', 'mã đơn vị (xem config/org-phu-quoc-2024.json), ví dụ PQ, DUONG-DONG')
    .addOption(new Option('--role <vai_trò>', 'vai trò: officer (cán bộ), leader (lãnh đạo), admin (quản trị)').choices(ROLES).makeOptionMandatory())
    .option('--name <tên>', 'họ tên hiển thị của cán bộ')
    .action(async (rawId: string, opts: { unit: string; role: TRole; name?: string }) => {
      const userId = checkUserId(rawId);
      const org = loadOrgConfig();
      const { code, unit } = resolveUnit(org, opts.unit);
      if (!org.found) note(`Lưu ý: không thấy tệp cấu hình tổ chức ${org.file}, mã đơn vị ${code} không được kiểm tra.`);
      const name = opts.name?.trim().normalize('NFC') || undefined;
      const desk = await withDb(async ({ db, config }) => {
        const existed = (await listOfficers(db)).some((o) => o.zalo_user_id === userId);
        await upsertOfficer(db, { userId, unitCode: code, role: opts.role, name });
        const who = name ? `${name} (${userId})` : userId;
        const where = unit ? `${code} — ${unit.shortName ?? unit.name}` : code;
        out(`${existed ? 'Đã cập nhật' : 'Đã thêm'} ${ROLE_LABELS[opts.role]} ${who}, đơn vị ${where}.`);
        return config.deskUnit;
      });
      if (code !== desk) {
        note(`Lưu ý: khi công dân yêu cầu "gặp cán bộ", chỉ cán bộ của đơn vị trực ${desk} được báo (biến DEFAULT_DESK_UNIT).`);
      }
    });

  officers
    .command('remove')
    .description('xoá một cán bộ')
    .argument('<zalo_user_id>', 'mã người dùng Zalo của cán bộ')
    .action(async (rawId: string) => {
      const userId = checkUserId(rawId);
      await withDb(async ({ db }) => {
        if (!(await removeOfficer(db, userId))) throw new CliError(`Không có cán bộ nào với mã Zalo ${userId}.`);
        out(`Đã xoá cán bộ ${userId}.`);
      });
    });

  officers
    .command('list')
    .description('liệt kê cán bộ theo đơn vị')
    .option('--json', 'in ra JSON (cho máy đọc)')
    .action(async (opts: { json?: boolean }) => {
      await withDb(async ({ db }) => {
        const rows = await listOfficers(db);
        if (opts.json) {
          out(JSON.stringify(rows.map((r) => ({ userId: r.zalo_user_id, unitCode: r.unit_code, role: r.role, name: r.display_name })), null, 2));
          return;
        }
        if (rows.length === 0) {
          out('Chưa có cán bộ nào. Thêm bằng: npm run -s cli -- officers add <zalo_user_id> --unit PQ --role officer --name "Họ tên"');
          return;
        }
        out(table(['Mã Zalo', 'Đơn vị', 'Vai trò', 'Họ tên'], rows.map((r) => [r.zalo_user_id, r.unit_code, ROLE_LABELS[r.role] ?? r.role, r.display_name ?? ''])));
        out(`\nTổng cộng: ${rows.length} cán bộ.`);
      });
    });
}
