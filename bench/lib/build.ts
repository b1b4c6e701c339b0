/** Builds the app when build/ is missing or older than its sources (or when asked to). */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const SOURCES = ['src', 'static', 'svelte.config.js', 'vite.config.ts', 'package.json'];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

export interface BuildReport {
  built: boolean;
  /** Set when a build was needed but failed, and the existing build/ was used. */
  warning: string | null;
  ms: number;
}

export function ensureBuild(root: string, force: boolean): BuildReport {
  const marker = join(root, 'build', 'index.html');
  const builtAt = existsSync(marker) ? statSync(marker).mtimeMs : 0;
  const sourcesAt = Math.max(...SOURCES.map((s) => newestMtime(join(root, s))));
  if (!force && builtAt > 0 && builtAt >= sourcesAt) return { built: false, warning: null, ms: 0 };
  const t0 = performance.now();
  console.log(builtAt === 0 ? 'Building the app…' : 'Rebuilding the app (sources changed)…');
  const result = spawnSync('npx', ['vite', 'build'], { cwd: root, encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (result.status === 0) return { built: true, warning: null, ms };
  const output = `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-15).join('\n');
  if (builtAt === 0) throw new Error(`vite build failed and there is no build/ to use:\n${output}`);
  const warning = 'vite build failed; the previous build/ was measured';
  console.warn(`${warning}:\n${output}`);
  return { built: false, warning, ms };
}
