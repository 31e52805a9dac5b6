/**
 * A procedure's QR code: it encodes the mini-app link of spec/zalo-platform.md ("QR at the counter"), built from
 * a template in configuration. The mini-app page shows the procedure and offers "ask in chat" with "#TTHC <code>".
 */
import QRCode from 'qrcode';
import { ZMiniAppLinkEnv } from '../config.ts';
import { ZProcedureCode } from '../domain/procedure.ts';

export { DEFAULT_MINIAPP_LINK_TEMPLATE, ZMiniAppLinkEnv } from '../config.ts';

export interface TMiniAppLinkConfig {
  template: string;
  miniAppId: string | undefined;
}

export class MiniAppLinkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MiniAppLinkError';
  }
}

/** Reads MINIAPP_LINK_TEMPLATE and ZALO_MINI_APP_ID; a bad value is an error naming the variable. */
export function loadMiniAppLinkConfig(env: NodeJS.ProcessEnv = process.env): TMiniAppLinkConfig {
  const parsed = ZMiniAppLinkEnv.safeParse(env);
  if (!parsed.success) {
    throw new MiniAppLinkError(`Cấu hình đường dẫn mini app không hợp lệ: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return { template: parsed.data.MINIAPP_LINK_TEMPLATE, miniAppId: parsed.data.ZALO_MINI_APP_ID };
}

/** The link a procedure's QR encodes. Throws MiniAppLinkError when the template needs a mini-app id that is not set. */
export function miniAppLink(config: TMiniAppLinkConfig, code: string): string {
  // The code comes from the database or a URL: only a well-formed national code may enter a printed link.
  if (!ZProcedureCode.safeParse(code).success) throw new MiniAppLinkError(`Mã thủ tục không hợp lệ: ${code}`);
  if (config.template.includes('{MINI_APP_ID}') && !config.miniAppId) {
    throw new MiniAppLinkError('Chưa cấu hình ZALO_MINI_APP_ID (mã mini app Zalo): không tạo được mã QR dẫn tới mini app.');
  }
  const link = config.template.replaceAll('{MINI_APP_ID}', encodeURIComponent(config.miniAppId ?? '')).replaceAll('{code}', encodeURIComponent(code));
  try {
    return new URL(link).href;
  } catch {
    throw new MiniAppLinkError(`Đường dẫn mini app không hợp lệ: ${link}`);
  }
}

// Level M (15 % recovery) survives a scratched or partly covered printout without making the code too dense.
const QR_OPTIONS = { errorCorrectionLevel: 'M' as const, margin: 4 };

export function qrPng(text: string, opts: { scale?: number } = {}): Promise<Buffer> {
  return QRCode.toBuffer(text, { ...QR_OPTIONS, type: 'png', scale: opts.scale ?? 8 });
}

export function qrSvg(text: string): Promise<string> {
  return QRCode.toString(text, { ...QR_OPTIONS, type: 'svg' });
}

/** The module matrix (true = dark), for drawing the code as vectors in a PDF: crisp at any print size. */
export function qrMatrix(text: string): boolean[][] {
  const qr = QRCode.create(text, { errorCorrectionLevel: QR_OPTIONS.errorCorrectionLevel });
  const size = qr.modules.size;
  return Array.from({ length: size }, (_, r) => Array.from({ length: size }, (_, c) => qr.modules.get(r, c) === 1));
}
