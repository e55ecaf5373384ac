import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The layout is a promise (docs/architecture.md): these checks keep it.
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SRC = join(ROOT, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'generated' ? [] : sourceFiles(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

const files = sourceFiles(SRC);
const rel = (path: string) => relative(SRC, path);
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+'(\.{1,2}\/[^']+)'/g;

/** Every file's relative imports, resolved to files under src/ (type-only imports included). */
const graph = new Map(
  files.map((file) => {
    const targets = [...readFileSync(file, 'utf8').matchAll(IMPORT)].flatMap(([, spec]) => {
      const base = resolve(dirname(file), spec!);
      const hit = [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts')].find((p) => files.includes(p));
      return hit ? [rel(hit)] : [];
    });
    return [rel(file), targets];
  }),
);

/** Strongly connected components with more than one member, or a member importing itself (Tarjan). */
function cycles(edges: Map<string, string[]>): string[][] {
  let index = 0;
  const stack: string[] = [];
  const meta = new Map<string, { index: number; low: number; onStack: boolean }>();
  const found: string[][] = [];
  const visit = (v: string) => {
    meta.set(v, { index, low: index, onStack: true });
    index++;
    stack.push(v);
    for (const w of edges.get(v) ?? []) {
      if (!meta.has(w)) {
        visit(w);
        meta.get(v)!.low = Math.min(meta.get(v)!.low, meta.get(w)!.low);
      } else if (meta.get(w)!.onStack) meta.get(v)!.low = Math.min(meta.get(v)!.low, meta.get(w)!.index);
    }
    if (meta.get(v)!.low === meta.get(v)!.index) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        meta.get(w)!.onStack = false;
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (edges.get(v) ?? []).includes(v)) found.push(component.sort());
    }
  };
  for (const v of edges.keys()) if (!meta.has(v)) visit(v);
  return found;
}

const folderOf = (file: string) => dirname(file);
const folderGraph = new Map<string, string[]>();
for (const [file, targets] of graph) {
  const from = folderOf(file);
  const to = targets.map(folderOf).filter((f) => f !== from);
  folderGraph.set(from, [...new Set([...(folderGraph.get(from) ?? []), ...to])]);
}

/** Which top-level layers each layer may import (besides itself). */
const ALLOWED: Record<string, string[]> = {
  platform: [],
  engine: ['platform'],
  adapters: ['engine', 'platform'],
  work: ['adapters', 'platform'],
  flows: ['work', 'adapters', 'engine', 'platform'],
  http: ['flows', 'work', 'adapters', 'engine', 'platform'],
  runtime: ['http', 'flows', 'work', 'adapters', 'engine', 'platform'],
};
const layerOf = (file: string) => file.split('/')[0]!;

describe('architecture', () => {
  it('has no import cycle between files', () => {
    expect(graph.size).toBeGreaterThan(100);
    expect(
      cycles(
        new Map([
          ['a', ['b']],
          ['b', ['c']],
          ['c', ['a']],
          ['d', ['a']],
        ]),
      ),
    ).toEqual([['a', 'b', 'c']]); // the check itself
    expect(cycles(graph)).toEqual([]);
  });

  it('has no import cycle between folders', () => {
    expect(cycles(folderGraph)).toEqual([]);
  });

  it('imports only downwards: runtime → http → flows → work → adapters → engine → platform', () => {
    const upward = [...graph].flatMap(([file, targets]) =>
      targets
        .filter((t) => layerOf(t) !== layerOf(file) && !ALLOWED[layerOf(file)]?.includes(layerOf(t)))
        .map((t) => `${file} -> ${t}`),
    );
    expect(Object.keys(ALLOWED).sort()).toEqual([...new Set([...graph.keys()].map(layerOf))].sort());
    expect(upward).toEqual([]);
  });

  it('names the tracker only in its adapter and the composition root', () => {
    const outside = files
      .map(rel)
      .filter((file) => !file.startsWith('adapters/tracker/asana/') && !file.startsWith('runtime/'))
      .filter((file) => /asana/i.test(readFileSync(join(SRC, file), 'utf8')));
    expect(outside).toEqual([]);
  });
});
