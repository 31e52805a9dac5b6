import { createHash, randomBytes, randomInt } from 'node:crypto';

/**
 * A Zalo-style id: 19 decimal digits, always above 2^53 (so any code that parses it as a number loses
 * precision and shows up in tests) and below 2^63 like Zalo's signed 64-bit ids.
 */
export function newNumericId(): string {
  let s = String(randomInt(1, 9));
  while (s.length < 19) s += String(randomInt(0, 10));
  return s;
}

/** Message ids in webhook events are opaque hex strings. */
export function newMsgId(): string {
  return randomBytes(16).toString('hex');
}

/** Opaque bearer-like token; Zalo's are long url-safe strings. */
export function newToken(prefix: string): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương'];
const MIDDLE = ['Văn', 'Thị', 'Minh', 'Ngọc', 'Đức', 'Thu', 'Quốc', 'Thanh', 'Hữu', 'Kim'];
const GIVEN = ['An', 'Bình', 'Chi', 'Dũng', 'Giang', 'Hà', 'Hải', 'Hạnh', 'Hùng', 'Khánh', 'Lan', 'Long', 'Mai', 'Nam', 'Nga', 'Phúc', 'Quang', 'Sơn', 'Tâm', 'Thảo', 'Trang', 'Tuấn', 'Uyên', 'Việt', 'Yến'];

/** A plausible Vietnamese display name, stable for a given id (so a restarted simulator names people alike). */
export function vietnameseNameFor(id: string): string {
  const h = createHash('sha256').update(id).digest();
  const pick = (list: string[], byte: number) => list[byte % list.length]!;
  return `${pick(FAMILY, h[0]!)} ${pick(MIDDLE, h[1]!)} ${pick(GIVEN, h[2]!)}`;
}
