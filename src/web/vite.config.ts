// Build of the officers' web application: sources in src/web, output in dist/web (served by the Koa server, see
// src/api/web-app.ts). `npm run build:web` builds; `npx vite -c src/web/vite.config.ts` serves it for development,
// passing /api to the server on port 8080. WEB_BUILD_DIR builds elsewhere than dist/web (the browser tests read the same
// variable).
import react from '@vitejs/plugin-react';
import bpmnlint from 'rollup-plugin-bpmnlint';
import { defineConfig } from 'vite';
import { precompress } from './precompress';

const here = new URL('.', import.meta.url);

export default defineConfig({
  root: decodeURIComponent(here.pathname),
  base: '/',
  // bpmnlint: `import config from '…/bpmn/.bpmnlintrc'` (the modeler) is the server's lint configuration compiled at
  // build time into a module that imports each rule, so the browser lints with exactly the server's rules
  plugins: [react(), bpmnlint({ include: /\/\.bpmnlintrc$/ }), precompress()],
  build: {
    outDir: process.env['WEB_BUILD_DIR'] ?? decodeURIComponent(new URL('../../dist/web', here).pathname),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      output: {
        manualChunks: { react: ['react', 'react-dom', 'react-router'], antd: ['antd'], i18n: ['i18next', 'react-i18next'] },
      },
    },
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
});
