import fs from 'node:fs';
import path from 'node:path';
import { findUnit, parseOrg, type TOrg, type TUnit } from '../domain/org.ts';
import { CliError, PROJECT_ROOT } from './shared.ts';

export const DEFAULT_ORG_CONFIG_FILE = 'config/org-phu-quoc-2024.json';

export type TOrgSource =
  | { found: true; file: string; org: TOrg }
  | { found: false; file: string };

/**
 * The organisation configuration (ORG_CONFIG_FILE, default config/org-phu-quoc-2024.json of this repository).
 * An explicitly named file must exist; the default one may be missing (then unit codes are not checked).
 * A file that exists but is not valid is always an error: silently accepting any unit would be worse.
 */
export function loadOrgConfig(env: NodeJS.ProcessEnv = process.env): TOrgSource {
  const explicit = env.ORG_CONFIG_FILE?.trim();
  const file = explicit ? path.resolve(explicit) : path.join(PROJECT_ROOT, DEFAULT_ORG_CONFIG_FILE);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' && !explicit) return { found: false, file };
    throw new CliError(`Không đọc được tệp cấu hình tổ chức ${file} (ORG_CONFIG_FILE): ${(err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new CliError(`Tệp cấu hình tổ chức ${file} không phải JSON hợp lệ: ${(err as Error).message}`);
  }
  try {
    return { found: true, file, org: parseOrg(json) };
  } catch (err) {
    throw new CliError(`${(err as Error).message}\n(tệp ${file})`);
  }
}

/** The organisation configuration, which an import needs to check unit codes: its absence is an error. */
export function requireOrg(): TOrg {
  const source = loadOrgConfig();
  if (!source.found) {
    throw new CliError(`Không thấy tệp cấu hình tổ chức ${source.file} (ORG_CONFIG_FILE): cần nó để kiểm tra mã đơn vị.`);
  }
  return source.org;
}

export function describeUnits(org: TOrg): string {
  return org.units.map((u) => `  ${u.code.padEnd(12)} ${u.shortName ?? u.name}`).join('\n');
}

/**
 * The unit an officer typed: its code in any case, or its name, short name or alias ("Dương Đông").
 * Throws with the list of valid codes when nothing matches.
 */
export function resolveUnit(source: TOrgSource, text: string): { code: string; unit?: TUnit } {
  const input = text.trim();
  if (source.found) {
    const unit = findUnit(source.org, input);
    if (unit) return { code: unit.code, unit };
    throw new CliError(
      `Mã đơn vị "${input}" không có trong cấu hình tổ chức (${path.relative(process.cwd(), source.file) || source.file}).\n` +
        `Các mã đơn vị hợp lệ:\n${describeUnits(source.org)}`,
    );
  }
  const code = input.toUpperCase();
  if (!/^[A-Z0-9][A-Z0-9-]*$/.test(code)) {
    throw new CliError(`Mã đơn vị "${input}" không hợp lệ: chỉ gồm chữ in hoa, số và dấu gạch ngang (ví dụ: PQ, DUONG-DONG).`);
  }
  return { code };
}
