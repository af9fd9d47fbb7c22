// Compiles the background thread (lib/mail/worker/thread.ts) into an ES module that plain Node runs: `npm start`
// does it beside `next build`, so the server never needs tsx. Packages stay in node_modules; `server-only` (which
// throws outside React's server bundles) is replaced by an empty module, as in the unit tests. What the thread
// imports dynamically (the code of a job, loaded when it has work) becomes a chunk of its own in a folder beside the
// entry, so it is loaded, with the packages it imports, only when that import runs.
import fs from 'node:fs';
import path from 'node:path';
import { build, type Plugin } from 'esbuild';

const root = path.resolve(__dirname, '..');

const serverOnlyStub: Plugin = {
  name: 'server-only-stub',
  setup(b) {
    b.onResolve({ filter: /^server-only$/ }, () => ({ path: 'server-only', namespace: 'stub' }));
    b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({ contents: '', loader: 'js' }));
  },
};

/** Where the compiled thread lives for a given Next build folder. */
export const workerFileFor = (distDir: string) => path.join(distDir, 'parley-worker.mjs');

export async function buildWorker(outfile: string): Promise<void> {
  const name = path.basename(outfile, '.mjs');
  const chunks = `${name}-chunks`;
  // Chunk names carry a content hash: the previous build's would otherwise pile up.
  fs.rmSync(path.join(path.dirname(outfile), chunks), { recursive: true, force: true });
  await build({
    entryPoints: { [name]: path.join(root, 'lib/mail/worker/thread.ts') },
    outdir: path.dirname(outfile),
    outExtension: { '.js': '.mjs' },
    splitting: true,
    chunkNames: `${chunks}/[name]-[hash]`,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    tsconfig: path.join(root, 'tsconfig.json'),
    plugins: [serverOnlyStub],
    logLevel: 'warning',
  });
}
