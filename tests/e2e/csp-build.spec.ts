/**
 * The content security policy of every built page (issue 18, item 6), read from build/ as a
 * static host serves it: SvelteKit writes the policy as a <meta> into each prerendered page
 * (kit.csp, mode 'hash'). Scripts may only come from our origin or match a listed hash; plugins,
 * <base> and form posts are off; nothing in the HTML runs outside the policy. It lives in the
 * browser suite because build/ exists only once npm test has built the app.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { parsePolicy, policyProblems } from '../shared/csp-policy';

const BUILD = 'build';

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

test('every built page carries the policy before any script, and its inline scripts are hashed', () => {
  const pages = builtPages();
  for (const page of ['index.html', '200.html', 'run.html', 'compare.html', 'diff.html'])
    expect(pages).toContain(page);
  expect(pages).toContain('settings.html');

  for (const page of pages) {
    const html = readFileSync(join(BUILD, page), 'utf8');
    const metas = [
      ...html.matchAll(/<meta http-equiv="content-security-policy" content="([^"]*)"/gi)
    ];
    expect(metas, `${page}: one CSP meta`).toHaveLength(1);
    const meta = metas[0]!;
    const firstScript = html.search(/<script/i);
    expect(
      firstScript === -1 || meta.index < firstScript,
      `${page}: meta before the first script`
    ).toBe(true);
    const policy = parsePolicy(meta[1]!.replaceAll('&#39;', "'"));
    expect(policyProblems(policy), page).toEqual([]);

    const allowed = new Set(policy.get('script-src'));
    for (const m of html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/gi)) {
      const [, attrs, body] = m;
      const src = /\bsrc="([^"]*)"/.exec(attrs!)?.[1];
      if (src !== undefined) {
        expect(src, `${page}: scripts load from our origin`).toMatch(/^\/(?!\/)/);
        continue;
      }
      const hash = createHash('sha256').update(body!, 'utf8').digest('base64');
      expect(allowed.has(`'sha256-${hash}'`), `${page}: inline script hash listed`).toBe(true);
    }
    // Inline handlers would need 'unsafe-hashes'; the policy refuses them, so none may exist.
    expect(html, page).not.toMatch(/<[^>]+\son[a-z]+\s*=/i);
    expect(html, page).not.toMatch(/javascript:/i);
  }
});
