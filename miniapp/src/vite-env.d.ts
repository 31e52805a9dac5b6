/// <reference types="vite/client" />
interface ImportMetaEnv {
  /** Where the API lives when the app is served from Zalo's CDN (e.g. https://motcua.example.vn); empty: same origin. */
  readonly VITE_API_ORIGIN?: string;
}
