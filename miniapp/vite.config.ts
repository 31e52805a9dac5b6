import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import zaloMiniApp from 'zmp-vite-plugin';

/**
 * zmp-vite-plugin is the Zalo build path: relative asset URLs ("./"), hashed "*.module.js" names and an
 * app-config.json in the output listing the CSS and JS for Zalo's loader. The same output is what the server
 * serves at /miniapp/ (it adds <base href="/miniapp/"> to index.html).
 */
export default defineConfig({
  plugins: [react(), zaloMiniApp()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2019',
    cssTarget: ['es2019', 'safari13.1'],
    chunkSizeWarningLimit: 600,
    reportCompressedSize: true,
  },
});
