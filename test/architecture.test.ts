import { existsSync, readdirSync, readFileSync } from 'fs';
import { dirname, join, relative, resolve } from 'path';
import * as ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * Keeps the floor plan of lib/README.md true: a file imports only its own folder or a folder
 * on a lower floor, and no file imports itself back through a chain of imports. The plan is
 * read from lib/README.md, so a new folder is placed there, not here.
 */

const LIB = resolve(__dirname, '..', 'lib');

/** The floors of lib/README.md's "Floors" block, lowest first; each floor lists its folders (and `index.ts`). */
export function readFloorPlan(readme: string): string[][] {
  const section = readme.split(/^## /m).find((s) => s.startsWith('Floors'));
  const block = section?.match(/```text\n([\s\S]*?)```/)?.[1];
  if (!block) throw new Error('lib/README.md has no ```text block under "## Floors"');
  const floors = block.split('\n')
    .map((line) => line.split(/\s{2,}/)[0].trim())
    .filter((names) => names.length > 0)
    .map((names) => names.split(/\s+/).map((n) => n.replace(/\/$/, '')));
  return floors.reverse();
}

/** Every `.ts` file under `dir`, as paths relative to lib/. */
function sourceFiles(dir: string = LIB): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...sourceFiles(p));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) out.push(relative(LIB, p));
  }
  return out.sort();
}

/** The relative imports of each file (imports, re-exports, `import type`, dynamic imports), resolved to files relative to lib/. */
export function importGraph(files: readonly string[], read: (f: string) => string = (f) => readFileSync(join(LIB, f), 'utf8')): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const targets: string[] = [];
    for (const imp of ts.preProcessFile(read(file), true, true).importedFiles) {
      if (!imp.fileName.startsWith('.')) continue;
      const base = resolve(LIB, dirname(file), imp.fileName);
      const hit = [`${base}.ts`, join(base, 'index.ts'), base].find((p) => p.endsWith('.ts') && existsSync(p));
      targets.push(hit ? relative(LIB, hit) : relative(LIB, base));
    }
    graph.set(file, targets);
  }
  return graph;
}

/** The folder of a file relative to lib/ (`index.ts` for the top file). */
function folderOf(file: string): string {
  return file.includes('/') ? file.split('/')[0] : file;
}

/**
 * Imports that go up the plan, to a folder that is not in the plan, or outside lib/. Folders on
 * one floor may import each other, one way only (see {@link folderGraph}).
 */
export function floorViolations(graph: Map<string, string[]>, floors: string[][]): string[] {
  const floorOf = new Map<string, number>();
  floors.forEach((names, i) => names.forEach((n) => floorOf.set(n, i)));
  const out: string[] = [];
  for (const [file, targets] of graph) {
    const from = floorOf.get(folderOf(file));
    if (from === undefined) {
      out.push(`${file}: lib/${folderOf(file)} is on no floor; place it in lib/README.md`);
      continue;
    }
    for (const t of targets) {
      if (t.startsWith('..')) {
        out.push(`${file} imports ${t}, outside lib/`);
        continue;
      }
      const to = floorOf.get(folderOf(t));
      if (to === undefined) out.push(`${file} imports ${t}: lib/${folderOf(t)} is on no floor; place it in lib/README.md`);
      else if (to > from) out.push(`${file} imports ${t}: lib/${folderOf(t)} is on a higher floor than lib/${folderOf(file)}`);
    }
  }
  return out;
}

/** The import cycles (strongly connected components of more than one file, or a file importing itself). */
export function importCycles(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return cycles;
}

/** The imports between folders (`pod` -> `check`), to find folders that import each other. */
export function folderGraph(graph: Map<string, string[]>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [file, targets] of graph) {
    const from = folderOf(file);
    const list = out.get(from) ?? [];
    for (const t of targets) if (folderOf(t) !== from && !list.includes(folderOf(t))) list.push(folderOf(t));
    out.set(from, list);
  }
  return out;
}

/** A cycle written as the files and the imports that close it: `a.ts -> b.ts, b.ts -> a.ts`. */
function describeCycle(graph: Map<string, string[]>, cycle: string[]): string {
  const edges = cycle.flatMap((f) => (graph.get(f) ?? []).filter((t) => cycle.includes(t)).map((t) => `${f} -> ${t}`));
  return edges.join(', ');
}

describe('architecture', () => {
  const floors = readFloorPlan(readFileSync(join(LIB, 'README.md'), 'utf8'));
  const graph = importGraph(sourceFiles());

  it('reads a floor plan with base at the bottom and index.ts at the top', () => {
    expect(floors[0]).toEqual(['base']);
    expect(floors[floors.length - 1]).toEqual(['index.ts']);
    expect(graph.size).toBeGreaterThan(50);
  });

  it('every file imports only its own folder or a lower floor', () => {
    expect(floorViolations(graph, floors)).toEqual([]);
  });

  it('no file imports itself back through other files', () => {
    expect(importCycles(graph).map((c) => describeCycle(graph, c))).toEqual([]);
  });

  it('no two folders import each other', () => {
    const folders = folderGraph(graph);
    expect(importCycles(folders).map((c) => describeCycle(folders, c))).toEqual([]);
  });

  it('fails when a lower floor imports a higher one, or a folder is on no floor', () => {
    const g = new Map([
      ['base/errors.ts', ['check/registry.ts']],
      ['check/registry.ts', ['base/errors.ts']],
      ['pod/a.ts', ['flowcontrol/b.ts']],
      ['attic/c.ts', []],
    ]);
    expect(floorViolations(g, [['base'], ['check'], ['pod', 'flowcontrol']])).toEqual([
      'base/errors.ts imports check/registry.ts: lib/check is on a higher floor than lib/base',
      'attic/c.ts: lib/attic is on no floor; place it in lib/README.md',
    ]);
  });

  it('fails when files import each other, naming the imports of the cycle', () => {
    const g = new Map([
      ['cel/a.ts', ['cel/b.ts']],
      ['cel/b.ts', ['cel/c.ts']],
      ['cel/c.ts', ['cel/a.ts']],
      ['cel/d.ts', ['cel/a.ts']],
    ]);
    expect(importCycles(g).map((c) => describeCycle(g, c))).toEqual(['cel/a.ts -> cel/b.ts, cel/b.ts -> cel/c.ts, cel/c.ts -> cel/a.ts']);
  });

  it('fails when two folders of one floor import each other', () => {
    const g = folderGraph(new Map([['pod/a.ts', ['authz/b.ts']], ['authz/b.ts', []], ['authz/c.ts', ['pod/d.ts']], ['pod/d.ts', []]]));
    expect(importCycles(g).map((c) => describeCycle(g, c))).toEqual(['authz -> pod, pod -> authz']);
  });
});
