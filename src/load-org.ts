import fs from 'node:fs';
import { parseOrg, type TOrg } from './domain/org.ts';

/**
 * Reads the organisation configuration file (ORG_CONFIG_FILE) for the server and workers. A missing file gives
 * undefined (the product runs, unit names are then unknown to the chat and the API); a file that exists but is
 * not a valid configuration is an error at boot, never silently ignored.
 */
export function loadOrgFile(file: string): TOrg | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`Không đọc được tệp cấu hình tổ chức ${file}: ${(err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`Tệp cấu hình tổ chức ${file} không phải JSON hợp lệ: ${(err as Error).message}`);
  }
  try {
    return parseOrg(json);
  } catch (err) {
    throw new Error(`${(err as Error).message}\n(tệp ${file})`);
  }
}
