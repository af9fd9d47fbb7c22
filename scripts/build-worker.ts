// Compiles the background thread (lib/mail/worker/thread.ts) into an ES module that plain Node runs: `npm start`
// does it beside `next build`, so the server never needs tsx. Packages stay in node_modules (but their JSON); `server-only` (which
// throws outside React's server bundles) is replaced by an empty module, as in the unit tests. What the thread
// imports dynamically (the code of a job, loaded when it has work) becomes a chunk of its own in a folder beside the
// entry, so it is loaded, with the packages it imports, only when that import runs.
// For the release bundle (scripts/release.ts) the packages are compiled in too (`selfContained`), since the
// standalone server's node_modules holds only what Next's own bundles need; and so is the bundle's program
// (scripts/release-main.ts: start and the CLI). The native better-sqlite3 and Next itself stay outside.
import fs from 'node:fs';
import path from 'node:path';
import { build, type BuildOptions, type Plugin } from 'esbuild';

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

// Packages stay in node_modules, except their JSON files (a data list such as email-providers'): Node's ES modules
// load JSON only with an import attribute, so those are compiled in. (esbuild's `packages: 'external'` keeps them
// outside too, and the thread then failed to load the code that imports one.)
const packagesOutsideButJson: Plugin = {
  name: 'packages-outside-but-json',
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind === 'entry-point' || /^[./]|^@\//.test(args.path) || args.path.endsWith('.json') || args.path === 'server-only') return undefined;
      return { path: args.path, external: true };
    });
  },
};

function nodeModuleOptions(selfContained: boolean): BuildOptions {
  return {
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    tsconfig: path.join(root, 'tsconfig.json'),
    plugins: selfContained ? [serverOnlyStub] : [serverOnlyStub, packagesOutsideButJson],
    logLevel: 'warning',
    ...(selfContained
      ? {
          external: ['better-sqlite3', 'next'],
          // CommonJS packages inside an ES module still call require() for Node's built-ins.
          banner: { js: "import { createRequire as parleyCreateRequire } from 'node:module'; const require = parleyCreateRequire(import.meta.url);" },
        }
      : {}),
  };
}

/** The release bundle's program (start and the CLI) as one ES module. */
export async function buildReleaseMain(outfile: string): Promise<void> {
  await build({ ...nodeModuleOptions(true), entryPoints: [path.join(root, 'scripts/release-main.ts')], outfile });
}

export async function buildWorker(outfile: string, { selfContained = false } = {}): Promise<void> {
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
    ...nodeModuleOptions(selfContained),
  });
}
