import fs from 'node:fs';
import path from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { compression, defineAlgorithm } from 'vite-plugin-compression2';
import { VitePWA } from 'vite-plugin-pwa';
import { buildSchema, introspectionFromSchema } from 'graphql';

// The API serves /graphql, /reports, /files and /export; in dev the admin proxies them so it stays same-origin.
const apiUrl = process.env.API_URL ?? 'http://localhost:4000';
const proxied = ['/graphql', '/reports', '/files', '/export', '/forms', '/import', '/metrics'];

const ROOT = path.resolve(__dirname, '../..');

/** Served by the API, never by the service worker's cache (the admin's own routes are the rest). */
const API_ROUTES = /^\/(graphql|graphiql|healthz|readyz|metrics|files|export|reports|forms|archive|import)(\/|$)/;

/**
 * The admin installs as an app (添加到主屏幕) and opens without a network: the shell and its code
 * are kept by a service worker (Workbox, precached at build, replaced as a whole when a new build
 * is served). API answers are never cached: children's records stay on the server.
 */
const installable = () =>
    VitePWA({
        registerType: 'autoUpdate',
        // Registered from the app's own (hashed, cached) code, not a separate registerSW.js.
        injectRegister: false,
        includeAssets: ['icon.svg'],
        manifest: {
            name: '家访 Jiafang',
            short_name: '家访',
            description: '家访 · 结对帮扶 · 资助 · 控辍保学',
            lang: 'zh-CN',
            start_url: '/',
            scope: '/',
            display: 'standalone',
            background_color: '#ffffff',
            theme_color: '#1565c0',
            icons: [{ src: '/icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' }],
        },
        workbox: {
            globPatterns: ['**/*.{js,css,html,svg,woff2}'],
            // The GraphQL explorer (Monaco, Prettier, workers: 6 MB) is an office tool, not for the
            // road: kept out of a phone's first download, cached only once opened (runtimeCaching).
            globIgnores: [
                'graphiql.html',
                ...['graphiql', 'standalone', 'Explorer', 'ExplorerPage', 'monaco-editor', 'editorBaseApi', 'mouseTarget', 'babel', 'estree', 'jsonMode', 'graphqlMode', 'lite', 'codicon'].map(
                    chunk => `assets/${chunk}-*`,
                ),
                'assets/*.worker-*',
            ],
            maximumFileSizeToCacheInBytes: 3 * 1024 * 1024,
            // Hashed files never change under their name.
            runtimeCaching: [{ urlPattern: /\/assets\//, handler: 'CacheFirst', options: { cacheName: 'assets', expiration: { maxEntries: 200 } } }],
            navigateFallback: '/index.html',
            navigateFallbackDenylist: [API_ROUTES],
            cleanupOutdatedCaches: true,
        },
    });
const SCHEMA_FILE = path.join(ROOT, 'schema.graphql');
const SCHEMA_MODULE = 'virtual:jiafang-introspection';
const EXAMPLES_MODULE = 'virtual:jiafang-examples';

/**
 * The API's introspection, built from the checked-in schema.graphql (the same build of the API
 * serves it, and a test keeps the file current). Imported lazily after login: a hashed chunk the
 * browser caches for good, instead of an 838 KB introspection query before every first screen.
 */
const bundledIntrospection = (): Plugin => ({
    name: 'jiafang-introspection',
    resolveId: id => (id === SCHEMA_MODULE ? `\0${SCHEMA_MODULE}` : undefined),
    load(id) {
        if (id !== `\0${SCHEMA_MODULE}`) return undefined;
        this.addWatchFile(SCHEMA_FILE);
        const { __schema } = introspectionFromSchema(buildSchema(fs.readFileSync(SCHEMA_FILE, 'utf8')));
        return `export default JSON.parse(${JSON.stringify(JSON.stringify(__schema))});`;
    },
});

/** The ```graphql blocks of the README and docs/, each under the heading it follows. */
const graphqlExamples = (): { title: string; query: string }[] => {
    const files = ['README.md', ...fs.readdirSync(path.join(ROOT, 'docs')).filter(f => f.endsWith('.md')).map(f => `docs/${f}`)];
    return files.flatMap(file => {
        const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
        const found: { title: string; query: string }[] = [];
        let heading = file;
        for (const m of text.matchAll(/^(#{1,4}) (.+)$|^```graphql\n([\s\S]*?)^```/gm)) {
            if (m[2]) heading = m[2].trim();
            else if (m[3]) found.push({ title: `${file} · ${heading}`, query: m[3].trimEnd() });
        }
        return found;
    });
};

/** The docs' example queries, as the explorer's saved tabs: written once, in the docs. */
const docExamples = (): Plugin => ({
    name: 'jiafang-examples',
    resolveId: id => (id === EXAMPLES_MODULE ? `\0${EXAMPLES_MODULE}` : undefined),
    load(id) {
        if (id !== `\0${EXAMPLES_MODULE}`) return undefined;
        return `export default ${JSON.stringify(graphqlExamples())};`;
    },
});

export default defineConfig({
    base: '/',
    plugins: [
        react(),
        installable(),
        bundledIntrospection(),
        docExamples(),
        // .br and .gz beside every file over 1 KB; the server sends them as they are.
        compression({ threshold: 1024, algorithms: [defineAlgorithm('gzip', { level: 9 }), defineAlgorithm('brotliCompress')] }),
    ],
    build: {
        outDir: 'dist',
        emptyOutDir: true,
        // react-admin + MUI are one large vendor chunk; the warning at 500 kB is expected.
        chunkSizeWarningLimit: 2500,
        // The admin, and the GraphQL explorer on a page of its own (/graphiql).
        rollupOptions: { input: { main: path.resolve(__dirname, 'index.html'), graphiql: path.resolve(__dirname, 'graphiql.html') } },
    },
    server: {
        proxy: Object.fromEntries(proxied.map(path => [path, { target: apiUrl, changeOrigin: true }])),
    },
});
