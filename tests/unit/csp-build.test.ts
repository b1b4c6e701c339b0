/**
 * The content security policy of every built page (issue 18, item 6). SvelteKit writes it as a
 * <meta> into each prerendered page (kit.csp, mode 'hash'); this reads build/ as a static host
 * serves it and checks that scripts can only come from our origin or match a listed hash, that
 * plugins, <base> and form posts are off, and that nothing in the HTML runs outside the policy.
 * The policy in svelte.config.js is checked always; the built pages when `npx vite build` has
 * run (npm test builds after the unit tests, and tests/e2e/hostile.spec.ts checks the served
 * pages again there).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import config from '../../svelte.config.js';

const BUILD = 'build';

/** Directive name → its sources, from a policy string. */
function parsePolicy(policy: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) out.set(name.toLowerCase(), sources);
  }
  return out;
}

/** Every .html file under build/, relative. */
function builtPages(dir = BUILD, prefix = ''): string[] {
  const pages: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix + entry.name;
    if (entry.isDirectory()) pages.push(...builtPages(join(dir, entry.name), `${rel}/`));
    else if (entry.name.endsWith('.html')) pages.push(rel);
  }
  return pages;
}

const UNSAFE_SCRIPT = [
  "'unsafe-inline'",
  "'unsafe-eval'",
  "'unsafe-hashes'",
  'data:',
  'blob:',
  '*'
];

/** What must hold of a page's policy, whatever the page. */
function checkPolicy(policy: Map<string, string[]>): void {
  const script = policy.get('script-src') ?? policy.get('default-src') ?? [];
  expect(script).toContain("'self'");
  for (const bad of UNSAFE_SCRIPT) expect(script, `script-src has ${bad}`).not.toContain(bad);
  // Hosts other than our own would let a compromised CDN run code with the person's data.
  for (const s of script) expect(s).toMatch(/^'(self|sha256-[A-Za-z0-9+/=]+)'$/);
  expect(policy.get('object-src')).toEqual(["'none'"]);
  expect(policy.get('base-uri')).toEqual(["'none'"]);
  expect(policy.get('form-action')).toEqual(["'none'"]);
  expect(policy.get('default-src')).toEqual(["'self'"]);
  // Untrusted HTML artifacts are shown in a blob: frame; never in a frame of another origin.
  expect(policy.get('frame-src')).toEqual(["'self'", 'blob:']);
}

describe('content security policy', () => {
  it('svelte.config.js asks for hashes and no inline or eval script', () => {
    const csp = config.kit?.csp;
    expect(csp?.mode).toBe('hash');
    const directives = new Map(
      Object.entries(csp?.directives ?? {}).map(([k, v]) => [
        k,
        (v as string[]).map((s) => (/^[a-z-]+$/.test(s) && s !== 'data' ? `'${s}'` : s))
      ])
    );
    // kit adds the hashes of its bootstrap at build time; the configured sources are 'self' alone.
    expect(directives.get('script-src')).toEqual(["'self'"]);
    checkPolicy(directives);
  });

  describe.skipIf(!existsSync(join(BUILD, 'index.html')))('every built page', () => {
    const pages = existsSync(BUILD) ? builtPages() : [];

    it('the build has the app shell, the SPA fallback and every route', () => {
      for (const page of ['index.html', '200.html', 'run.html', 'compare.html', 'diff.html'])
        expect(pages).toContain(page);
      expect(pages).toContain('settings.html');
    });

    it.each(pages)(
      '%s carries the policy before any script, and its inline scripts are hashed',
      (page) => {
        const html = readFileSync(join(BUILD, page), 'utf8');
        const metas = [
          ...html.matchAll(/<meta http-equiv="content-security-policy" content="([^"]*)"/gi)
        ];
        expect(metas, 'one CSP meta').toHaveLength(1);
        const meta = metas[0]!;
        const firstScript = html.search(/<script/i);
        expect(firstScript === -1 || meta.index < firstScript, 'meta before the first script').toBe(
          true
        );
        const policy = parsePolicy(meta[1]!.replaceAll('&#39;', "'"));
        checkPolicy(policy);

        const allowed = new Set(policy.get('script-src'));
        for (const m of html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/gi)) {
          const [, attrs, body] = m;
          const src = /\bsrc="([^"]*)"/.exec(attrs!)?.[1];
          if (src !== undefined) {
            expect(src, 'scripts load from our origin').toMatch(/^\/(?!\/)/);
            continue;
          }
          const hash = createHash('sha256').update(body!, 'utf8').digest('base64');
          expect(allowed, 'inline script hash listed').toContain(`'sha256-${hash}'`);
        }
        // Inline handlers would need 'unsafe-hashes'; the policy refuses them, so none may exist.
        expect(html).not.toMatch(/<[^>]+\son[a-z]+\s*=/i);
        expect(html).not.toMatch(/javascript:/i);
      }
    );
  });
});
