import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The code map (README, "Code map") as a test. lib/ is a stack of domain folders: a folder may import the folders
// below it and its own, never one above it, so a newcomer reads the house from the ground up and a change to a
// high floor cannot break a low one. And no two files import values from each other in a circle, in lib/ or app/:
// a circle makes load order decide what is defined. Type-only imports are erased at build time, so they do not
// count for circles; for floors they do (a type from a higher floor is a dependency on it all the same).

/** lib/'s folders from the ground up; the same order as the README's code map. */
const floors = ['core', 'auth', 'people', 'files', 'tickets', 'participants', 'attachments', 'mail', 'web'] as const;

const root = path.resolve(__dirname, '..');

type Import = { target: string; typeOnly: boolean; dynamic: boolean };

function sourceFiles(folder: string): string[] {
  return fs.readdirSync(path.join(root, folder), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.posix.join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(relative);
    return /\.tsx?$/.test(entry.name) ? [relative] : [];
  });
}

function resolveImport(specifier: string, from: string): string | undefined {
  let base: string;
  if (specifier.startsWith('@/')) base = specifier.slice(2);
  else if (specifier.startsWith('.')) base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
  else return undefined;
  return [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`].find((candidate) => /\.tsx?$/.test(candidate) && fs.existsSync(path.join(root, candidate)));
}

/** `import … from`, `export … from` and `import()` of project files, each with whether only types come through. */
function importsOf(source: string, from: string): Import[] {
  const found: Import[] = [];
  for (const match of source.matchAll(/^(import|export)\s+(type\s+)?([^;]*?)\s+from\s+'([^']+)'/gms)) {
    const [, , typeKeyword, clause, specifier] = match;
    const names = /^\{([^}]*)\}$/.exec(clause.trim())?.[1].split(',').map((n) => n.trim()).filter(Boolean);
    const typeOnly = Boolean(typeKeyword) || (names !== undefined && names.length > 0 && names.every((n) => n.startsWith('type ')));
    const target = resolveImport(specifier, from);
    if (target) found.push({ target, typeOnly, dynamic: false });
  }
  for (const match of source.matchAll(/^import\s+'([^']+)'/gm)) {
    const target = resolveImport(match[1], from);
    if (target) found.push({ target, typeOnly: false, dynamic: false });
  }
  for (const match of source.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g)) {
    const target = resolveImport(match[1], from);
    if (target) found.push({ target, typeOnly: false, dynamic: true });
  }
  return found;
}

function importsByFile(folders: string[]): Map<string, Import[]> {
  const graph = new Map<string, Import[]>();
  for (const file of folders.flatMap(sourceFiles)) graph.set(file, importsOf(fs.readFileSync(path.join(root, file), 'utf8'), file));
  return graph;
}

/** One circle of static value imports, as the files around it, or null when there is none. */
function findCycle(graph: Map<string, string[]>): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string): string[] | null => {
    state.set(file, 'open');
    stack.push(file);
    for (const target of graph.get(file) ?? []) {
      if (state.get(target) === 'open') return [...stack.slice(stack.indexOf(target)), target];
      if (!state.has(target)) {
        const cycle = visit(target);
        if (cycle) return cycle;
      }
    }
    stack.pop();
    state.set(file, 'done');
    return null;
  };
  for (const file of graph.keys()) {
    if (state.has(file)) continue;
    const cycle = visit(file);
    if (cycle) return cycle;
  }
  return null;
}

const valueGraph = (imports: Map<string, Import[]>) =>
  new Map([...imports].map(([file, list]) => [file, list.filter((i) => !i.typeOnly && !i.dynamic).map((i) => i.target)]));

/** lib/<floor>/… → the floor's name; undefined for a file outside lib/ or at its root. */
const floorOf = (file: string) => /^lib\/([^/]+)\//.exec(file)?.[1];

/** Every import that points from a floor to one above it, as "from → to" lines. */
function upwardImports(imports: Map<string, Import[]>, order: readonly string[] = floors): string[] {
  const rank = (file: string) => order.indexOf(floorOf(file) ?? '');
  const found: string[] = [];
  for (const [file, list] of imports) {
    for (const { target } of list) {
      if (floorOf(target) && rank(target) > rank(file)) found.push(`${file} → ${target}`);
    }
  }
  return [...new Set(found)];
}

describe('lib/ layering', () => {
  const imports = importsByFile(['lib']);

  it('holds every module in one of the floors, none at lib/ root', () => {
    expect(imports.size).toBeGreaterThan(60);
    const misplaced = [...imports.keys()].filter((file) => !(floors as readonly string[]).includes(floorOf(file) ?? ''));
    expect(misplaced).toEqual([]);
  });

  it('imports only from its own floor or the floors below', () => {
    expect(upwardImports(imports)).toEqual([]);
  });

  it('has no circle of value imports between files in lib/ or app/', () => {
    expect(findCycle(valueGraph(importsByFile(['lib', 'app'])))?.join(' → ') ?? null).toBeNull();
  });
});

describe('the layering checks', () => {
  it('report a circle', () => {
    const graph = new Map([
      ['lib/a.ts', ['lib/b.ts']],
      ['lib/b.ts', ['lib/c.ts']],
      ['lib/c.ts', ['lib/a.ts']],
      ['lib/d.ts', ['lib/a.ts']],
    ]);
    expect(findCycle(graph)).toEqual(['lib/a.ts', 'lib/b.ts', 'lib/c.ts', 'lib/a.ts']);
    expect(findCycle(new Map([['lib/a.ts', ['lib/b.ts']], ['lib/b.ts', []]]))).toBeNull();
  });

  it('report an import from a lower floor to a higher one, types and import() included', () => {
    const graph = new Map<string, Import[]>([
      ['lib/core/db.ts', [{ target: 'lib/tickets/tickets.ts', typeOnly: true, dynamic: false }]],
      ['lib/tickets/tickets.ts', [{ target: 'lib/core/db.ts', typeOnly: false, dynamic: false }]],
      ['lib/auth/session.ts', [{ target: 'lib/web/api.ts', typeOnly: false, dynamic: true }]],
      ['lib/web/api.ts', [{ target: 'lib/tickets/tickets.ts', typeOnly: false, dynamic: false }]],
    ]);
    expect(upwardImports(graph)).toEqual(['lib/core/db.ts → lib/tickets/tickets.ts', 'lib/auth/session.ts → lib/web/api.ts']);
  });

  it('read type-only, dynamic and relative imports', () => {
    const source = [
      "import type { A } from '@/lib/core/db';",
      "import { type B, type C } from '@/lib/core/errors';",
      "import { type D, e } from '@/lib/core/env';",
      "export { f } from './settings';",
      "const g = await import('@/lib/core/audit');",
    ].join('\n');
    expect(importsOf(source, 'lib/core/health.ts')).toEqual([
      { target: 'lib/core/db.ts', typeOnly: true, dynamic: false },
      { target: 'lib/core/errors.ts', typeOnly: true, dynamic: false },
      { target: 'lib/core/env.ts', typeOnly: false, dynamic: false },
      { target: 'lib/core/settings.ts', typeOnly: false, dynamic: false },
      { target: 'lib/core/audit.ts', typeOnly: false, dynamic: true },
    ]);
  });
});
