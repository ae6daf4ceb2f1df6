import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

// `npm run dev`: Vite serves the app with hot reload and forwards the API and both sockets to the
// Concord server started beside it (CONCORD_DEV_API, default http://127.0.0.1:8787).
const api = process.env.CONCORD_DEV_API ?? 'http://127.0.0.1:8787';

export default defineConfig({
  plugins: [sveltekit()],
  server: {
    port: 5173,
    strictPort: true,
    proxy: {
      '/api': api,
      '/healthz': api,
      '/yjs': { target: api.replace(/^http/, 'ws'), ws: true },
      '/socket.io': { target: api, ws: true },
    },
  },
});
