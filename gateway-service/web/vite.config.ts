/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The build lands where Maven packs it into the gateway's static resources (see ../pom.xml).
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: '../target/web/static',
    emptyOutDir: true,
    sourcemap: false,
    target: 'es2022',
    // the full client, and the chat frame the widget (public/widget.js) opens on a shop's pages
    rollupOptions: { input: { main: 'index.html', widget: 'widget.html' } },
  },
  server: {
    // `npm run dev` against a running ./run: the API stays on the gateway
    proxy: { '/api': 'http://localhost:8080' },
  },
  test: {
    environment: 'jsdom',
    globals: true,
    setupFiles: ['./src/test-setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
  },
});
