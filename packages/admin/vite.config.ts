import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The API serves /graphql, /reports, /files and /export; in dev the admin proxies them so it stays same-origin.
const apiUrl = process.env.API_URL ?? 'http://localhost:4000';
const proxied = ['/graphql', '/reports', '/files', '/export', '/forms', '/import'];

export default defineConfig({
    base: '/',
    plugins: [react()],
    build: {
        outDir: 'dist',
        emptyOutDir: true,
        // react-admin + MUI are one large vendor chunk; the warning at 500 kB is expected.
        chunkSizeWarningLimit: 2500,
    },
    server: {
        proxy: Object.fromEntries(proxied.map(path => [path, { target: apiUrl, changeOrigin: true }])),
    },
});
