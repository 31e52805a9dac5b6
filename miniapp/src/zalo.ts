/**
 * The one place that calls Zalo-only APIs (zmp-sdk). Inside Zalo it loads the SDK (a separate chunk, so a
 * browser never downloads it); in a browser it uses a development fallback that exists ONLY when the server says
 * it runs against the Zalo simulator (/miniapp/config.json {simulator: true}): a "dev login" obtains a real
 * simulator mini-app token for a chosen simulator user, which the server checks with graph /me like any other.
 * Outside Zalo and without the simulator there is no token: the pages that need one say "open it in Zalo".
 */

export interface TServerConfig {
  simulator: boolean;
  oaId: string | null;
  miniAppId: string | null;
}


const DEV_TOKEN = 'motcua.dev.token';
const DEV_USER = 'motcua.dev.user';

/** True when running inside the Zalo app (its runtime defines APP_ID and the user agent names Zalo). */
export function inZalo(): boolean {
  const id = (window as { APP_ID?: unknown }).APP_ID;
  return (typeof id === 'string' && id !== '') || /\bZalo\b/i.test(navigator.userAgent);
}

type TSdk = typeof import('zmp-sdk/apis');
let sdk: Promise<TSdk> | undefined;
const loadSdk = (): Promise<TSdk> => (sdk ??= import('zmp-sdk/apis'));

let config: TServerConfig = { simulator: false, oaId: null, miniAppId: null };
export function serverConfig(): TServerConfig { return config; }

export async function loadServerConfig(base: string): Promise<TServerConfig> {
  try {
    const r = await fetch(`${base}config.json`, { cache: 'no-store' });
    if (r.ok) config = (await r.json()) as TServerConfig;
  } catch {
    // No server config (Zalo's CDN serves the app): Zalo mode only.
  }
  return config;
}

/** The browser fallback is on only in simulator mode, and never inside Zalo. */
export function devFallback(): boolean {
  return !inZalo() && config.simulator;
}

export async function getAccessToken(): Promise<string | undefined> {
  if (inZalo()) {
    const s = await loadSdk();
    const t = await s.getAccessToken();
    return t || undefined;
  }
  if (!devFallback()) return undefined;
  return localStorage.getItem(DEV_TOKEN) ?? undefined;
}

export interface TZaloUser { id: string; name: string; avatar?: string; idByOA?: string }

/** Name and avatar for display (the server's /me decides who the user is; idByOA is never trusted). */
export async function getUserInfo(): Promise<TZaloUser | undefined> {
  if (inZalo()) {
    const s = await loadSdk();
    const { userInfo } = await s.getUserInfo({});
    return { id: userInfo.id, name: userInfo.name, avatar: userInfo.avatar, ...(userInfo.idByOA ? { idByOA: userInfo.idByOA } : {}) };
  }
  const raw = devFallback() ? localStorage.getItem(DEV_USER) : null;
  if (!raw) return undefined;
  const u = JSON.parse(raw) as { userId: string; name: string | null };
  return { id: u.userId, name: u.name ?? '' };
}

/** Dev login (simulator only): a simulator mini-app token for `userId`, or for a new simulator citizen. */
export async function devLogin(base: string, userId?: string): Promise<void> {
  if (!devFallback()) throw new Error('Chỉ dùng được khi máy chủ chạy với trình mô phỏng Zalo.');
  const r = await fetch(`${base}dev/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(userId ? { userId } : {}) });
  const body = (await r.json()) as { access_token?: string; user?: { userId: string; name: string | null }; error?: string };
  if (!r.ok || !body.access_token) throw new Error(body.error ?? 'Không đăng nhập được.');
  localStorage.setItem(DEV_TOKEN, body.access_token);
  localStorage.setItem(DEV_USER, JSON.stringify(body.user));
}

export function devLogout(): void {
  localStorage.removeItem(DEV_TOKEN);
  localStorage.removeItem(DEV_USER);
}

/**
 * Opens the OA chat with a prefilled message ("#TTHC 1.001193"). In the simulator fallback the simulator user
 * sends that text to the OA (it reaches the webhook like a real message) and the simulator's chat page opens.
 */
export async function openChat(message: string, base: string): Promise<'opened' | 'sent' | 'unavailable'> {
  if (inZalo()) {
    if (!config.oaId) return 'unavailable';
    const s = await loadSdk();
    await s.openChat({ type: 'oa', id: config.oaId, message });
    return 'opened';
  }
  if (!devFallback()) return 'unavailable';
  const raw = localStorage.getItem(DEV_USER);
  const user = raw ? (JSON.parse(raw) as { userId: string }) : undefined;
  if (!user) return 'unavailable';
  const r = await fetch(`${base}dev/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: user.userId, text: message }) });
  if (!r.ok) return 'unavailable';
  const { chatUrl } = (await r.json()) as { chatUrl?: string };
  if (chatUrl) window.open(chatUrl, '_blank', 'noopener');
  return 'sent';
}

/**
 * Photos from the album or camera (Zalo's chooseImage), as Files ready to upload. In a browser the form uses a
 * plain <input type="file">, so this is only called inside Zalo.
 */
export async function chooseImages(max: number): Promise<File[]> {
  const s = await loadSdk();
  const { tempFiles, filePaths } = await s.chooseImage({ count: max, sourceType: ['album', 'camera'] });
  const paths = tempFiles?.length ? tempFiles.map((f) => f.path) : filePaths;
  return Promise.all(paths.slice(0, max).map(async (p, i) => {
    const blob = await (await fetch(p)).blob();
    return new File([blob], `anh-${i + 1}.${blob.type === 'image/png' ? 'png' : 'jpg'}`, { type: blob.type || 'image/jpeg' });
  }));
}

/** The device's position, when the citizen allows it (browser geolocation, which the Zalo webview also offers). */
export function getPosition(): Promise<{ lat: number; lng: number }> {
  return new Promise((resolve, reject) => {
    if (!navigator.geolocation) return reject(new Error('Thiết bị không hỗ trợ định vị.'));
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ lat: p.coords.latitude, lng: p.coords.longitude }),
      () => reject(new Error('Không lấy được vị trí (bạn chưa cho phép hoặc thiết bị không định vị được).')),
      { timeout: 10_000, maximumAge: 60_000 },
    );
  });
}
