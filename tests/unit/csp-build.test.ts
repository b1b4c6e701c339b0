/**
 * The content security policy asked of SvelteKit in svelte.config.js (issue 18, item 6). The
 * built pages themselves are checked by tests/e2e/csp-build.spec.ts, after npm test builds.
 */
import { describe, expect, it } from 'vitest';
import config from '../../svelte.config.js';
import { policyProblems } from '../shared/csp-policy';

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
    expect(policyProblems(directives)).toEqual([]);
  });

  it('a policy allowing inline script or a foreign host is caught', () => {
    const bad = new Map(
      Object.entries({ 'script-src': ["'self'", "'unsafe-inline'", 'https://cdn.example'] })
    );
    expect(policyProblems(bad)).toEqual(
      expect.arrayContaining([
        "script-src has 'unsafe-inline'",
        'script-src allows https://cdn.example',
        "object-src is missing, not 'none'"
      ])
    );
  });
});
