import { defineConfig, type Plugin } from 'vite';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

/** The API's own HTTP routes (everything else is the console): the dev server proxies them. */
const API_ROUTES = ['/graphql', '/health', '/exports'];

/** A .gz beside each JS/CSS file of the build: the API sends it to clients that accept gzip. */
function precompress(): Plugin {
  return {
    name: 'sn-precompress',
    apply: 'build',
    writeBundle(options, bundle) {
      for (const file of Object.keys(bundle)) {
        if (!/\.(js|css)$/.test(file)) continue;
        const path = join(options.dir!, file);
        writeFileSync(`${path}.gz`, gzipSync(readFileSync(path), { level: 9 }));
      }
    },
  };
}

const GENERATED = fileURLToPath(new URL('./src/gql/graphql.ts', import.meta.url));

/**
 * `graphql(\`query X …\`)` → the generated document of X (from src/gql/graphql.ts) inlined in
 * the page's own module, as the client preset's Babel plugin does: each lazy chunk carries only
 * its own documents, instead of every page pulling the preset's lookup table of all documents
 * (or graphql.ts, one module holding them all) into the first load. A document codegen has not
 * generated yet keeps the runtime lookup.
 */
function graphqlDocuments(): Plugin {
  const pascal = (name: string) => name.split(/_+/).filter(Boolean).map((p) => p[0].toUpperCase() + p.slice(1)).join('');
  const generatedDocuments = () =>
    new Map([...readFileSync(GENERATED, 'utf8').matchAll(/^export const (\w+) = (\{.*\}) as unknown as DocumentNode<.*>;$/gm)].map((m) => [m[1], m[2]]));
  return {
    name: 'sn-graphql-documents',
    enforce: 'pre',
    transform(code, id) {
      if (!/\.tsx$/.test(id) || !code.includes('graphql(')) return null;
      const documents = generatedDocuments();
      let replaced = false;
      const out = code.replace(/\bgraphql\(\s*`([^`]*)`\s*\)/g, (call, doc: string) => {
        const def = /^\s*(query|mutation|subscription|fragment)\s+(\w+)/.exec(doc);
        const json = def && documents.get(`${pascal(def[2])}${def[1] === 'fragment' ? 'FragmentDoc' : 'Document'}`);
        if (!json) return call;
        replaced = true;
        return `(${json})`;
      });
      return replaced ? { code: out, map: null } : null;
    },
  };
}

const root = fileURLToPath(new URL('.', import.meta.url));
const api = process.env.CONSOLE_API_URL ?? 'http://127.0.0.1:3000';

// @vitejs/plugin-react is not used: Vite 8's built-in Oxc transform compiles the JSX
// (automatic runtime); no Fast Refresh, a full reload on change is fine for this console.
export default defineConfig({
  root,
  base: '/',
  oxc: { jsx: { runtime: 'automatic' } },
  plugins: [graphqlDocuments(), precompress()],
  build: {
    outDir: fileURLToPath(new URL('../../dist/console', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: false,
    rolldownOptions: {
      output: {
        // The libraries every page needs in one long-cached chunk; anything else a page imports
        // (e.g. echarts) stays in that page's lazy chunk, off the first load.
        codeSplitting: {
          groups: [{ name: 'vendor', test: /[\\/]node_modules[\\/](react|react-dom|scheduler|react-router|urql|@urql|@0no-co|wonka|cookie|set-cookie-parser)[\\/]/ }],
        },
      },
    },
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: Object.fromEntries(API_ROUTES.map((p) => [p, { target: api, changeOrigin: false }])),
  },
  preview: { host: '127.0.0.1', port: 4173, proxy: Object.fromEntries(API_ROUTES.map((p) => [p, { target: api }])) },
});
