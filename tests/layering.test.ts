import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The domain modules must not import each other in a circle (tickets → events → notifications → tickets was one):
// a circle makes load order decide what is defined, and hides which module depends on which. Type-only imports are
// erased at build time and do not count.

const root = path.resolve(__dirname, '..');

function sourceFiles(folder: string): string[] {
  return fs.readdirSync(path.join(root, folder), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(relative);
    return /\.tsx?$/.test(entry.name) ? [relative] : [];
  });
}

function resolveImport(specifier: string): string | undefined {
  const base = specifier.replace(/^@\//, '');
  return [`${base}.ts`, `${base}.tsx`, `${base}/index.ts`].find((candidate) => fs.existsSync(path.join(root, candidate)));
}

/** Each lib/ module and the lib/ modules it imports values from. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles('lib')) {
    const source = fs.readFileSync(path.join(root, file), 'utf8');
    const imports = [...source.matchAll(/^import (?!type )[^;]*?from '(@\/lib\/[^']+)'/gms)]
      .map((match) => resolveImport(match[1]))
      .filter((target): target is string => target !== undefined);
    graph.set(file, imports);
  }
  return graph;
}

/** One import circle, as the list of modules around it, or null when there is none. */
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

describe('lib/ imports', () => {
  it('form no circle', () => {
    const graph = importGraph();
    expect(graph.size).toBeGreaterThan(20);
    expect(findCycle(graph)?.join(' → ') ?? null).toBeNull();
  });

  it('would report a circle', () => {
    const graph = new Map([
      ['lib/a.ts', ['lib/b.ts']],
      ['lib/b.ts', ['lib/c.ts']],
      ['lib/c.ts', ['lib/a.ts']],
      ['lib/d.ts', ['lib/a.ts']],
    ]);
    expect(findCycle(graph)).toEqual(['lib/a.ts', 'lib/b.ts', 'lib/c.ts', 'lib/a.ts']);
    expect(findCycle(new Map([['lib/a.ts', ['lib/b.ts']], ['lib/b.ts', []]]))).toBeNull();
  });
});
