/**
 * What to do with each Zalo error code (spec/zalo-platform.md): the client turns every answer into one of these.
 */
export type TZaloErrorClass = 'token' | 'rate' | 'quota' | 'undeliverable' | 'refused';

export function classifyZaloError(code: number): TZaloErrorClass {
  if (code === -216 || code === -220 || code === -124) return 'token';
  if (code === -32) return 'rate';
  if (code === -211) return 'quota';
  if (code === -213 || code === -230 || code === -232 || code === -227) return 'undeliverable';
  return 'refused';
}

const REASONS: Record<number, string> = {
  [-213]: 'người dùng chưa quan tâm OA',
  [-230]: 'người dùng không tương tác với OA trong 7 ngày',
  [-232]: 'hết hạn tương tác',
  [-227]: 'người dùng không còn hoạt động',
  [-211]: 'hết hạn mức gửi tin',
  [-32]: 'vượt giới hạn tốc độ',
};

/** Zalo answered with error != 0. */
export class ZaloApiError extends Error {
  readonly cls: TZaloErrorClass;
  constructor(readonly code: number, readonly zaloMessage: string, readonly endpoint: string) {
    super(`Zalo ${endpoint} error ${code}: ${zaloMessage}`);
    this.name = 'ZaloApiError';
    this.cls = classifyZaloError(code);
  }
  get reason(): string {
    return REASONS[this.code] ?? this.zaloMessage;
  }
}

/**
 * The request did not get a Zalo answer (network, timeout, 5xx, not JSON): safe to retry later. `timedOut`: the
 * client gave up waiting, so Zalo may still be handling the request (and may yet deliver the message).
 */
export class ZaloHttpError extends Error {
  constructor(message: string, readonly endpoint: string, readonly status?: number, readonly timedOut = false) {
    super(message);
    this.name = 'ZaloHttpError';
  }
}

/** The refresh token was refused: the OA stays offline until an administrator re-authorises. */
export class ZaloAuthError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZaloAuthError';
  }
}
