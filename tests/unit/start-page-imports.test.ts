// The start page's JavaScript has a budget (bench scenario 10: ≤ 150 KB gzip, the worker's
// included). A constant imported from the wrong module once pulled the JSON mapping of MLflow
// runs, the provenance rules and a YAML parser into it (181 KB). This walks the static imports
// the start page and its layout reach and names the packages: parsers belong to the worker or
// to the page that needs them, loaded when needed.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');
const IMPORT = /^\s*import\s+(?!type\b)(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;

function resolveLocal(from: string, spec: string): string | null {
  const base = spec.startsWith('$lib/')
    ? join(ROOT, 'src/lib', spec.slice(5))
    : resolve(dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, `${base}.js`, join(base, 'index.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

/** Packages reached by static imports from `entries`, each with the chain that reaches it. */
function packagesReached(entries: string[]): Map<string, string[]> {
  const from = new Map<string, string | null>();
  const packages = new Map<string, string[]>();
  const queue = entries.map((e) => join(ROOT, e));
  for (const e of queue) from.set(e, null);
  const chain = (file: string) => {
    const out: string[] = [];
    for (let f: string | null | undefined = file; f; f = from.get(f))
      out.unshift(f.slice(ROOT.length + 1));
    return out;
  };
  while (queue.length > 0) {
    const file = queue.shift()!;
    for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const spec = match[1]!;
      if (!spec.startsWith('.') && !spec.startsWith('$lib/')) {
        if (!packages.has(spec)) packages.set(spec, chain(file));
        continue;
      }
      const target = resolveLocal(file, spec);
      if (target === null || from.has(target)) continue;
      from.set(target, file);
      queue.push(target);
    }
  }
  return packages;
}

describe("the start page's JavaScript", () => {
  it('reaches no package but Svelte, SvelteKit and comlink (parsers stay in the worker)', () => {
    const reached = packagesReached(['src/routes/+layout.svelte', 'src/routes/+page.svelte']);
    const allowed = (name: string) =>
      name === 'svelte' ||
      name.startsWith('svelte/') ||
      name.startsWith('$app/') ||
      name === 'comlink';
    const extra = [...reached].filter(([name]) => !allowed(name));
    expect(extra.map(([name, via]) => `${name} via ${via.join(' → ')}`)).toEqual([]);
    // The walk itself works: it finds what the page does import.
    expect(reached.has('comlink')).toBe(true);
  });
});
