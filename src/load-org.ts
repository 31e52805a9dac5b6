import fs from 'node:fs';
import { parseHolidays, type THolidays } from './domain/calendar.ts';
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

/** Reads HOLIDAYS_FILE; a missing file means weekends only (logged by the caller), a broken one stops boot. */
export function loadHolidaysFile(file: string): THolidays | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`Không đọc được tệp ngày nghỉ lễ ${file}: ${(err as Error).message}`);
  }
  try {
    return parseHolidays(JSON.parse(text));
  } catch (err) {
    throw new Error(`Tệp ngày nghỉ lễ ${file} không hợp lệ (cần danh sách ngày YYYY-MM-DD): ${(err as Error).message.slice(0, 300)}`);
  }
}
