/**
 * What every Runlens page's content security policy must say (issue 18, item 6), shared by the
 * unit test of svelte.config.js and the browser-suite check of the built pages. Returns the
 * problems found rather than asserting, so vitest and Playwright can both report them.
 */

/** Directive name → its sources, from a policy string. */
export function parsePolicy(policy: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) out.set(name.toLowerCase(), sources);
  }
  return out;
}

const UNSAFE_SCRIPT = [
  "'unsafe-inline'",
  "'unsafe-eval'",
  "'unsafe-hashes'",
  'data:',
  'blob:',
  '*'
];

function same(a: string[] | undefined, b: string[]): boolean {
  return a !== undefined && a.length === b.length && a.every((s, i) => s === b[i]);
}

/** Each way the policy falls short, in words; empty when it holds. */
export function policyProblems(policy: Map<string, string[]>): string[] {
  const problems: string[] = [];
  const script = policy.get('script-src') ?? policy.get('default-src') ?? [];
  if (!script.includes("'self'")) problems.push("script-src lacks 'self'");
  for (const bad of UNSAFE_SCRIPT) if (script.includes(bad)) problems.push(`script-src has ${bad}`);
  // Hosts other than our own would let a compromised CDN run code with the person's data.
  for (const s of script)
    if (!/^'(self|sha256-[A-Za-z0-9+/=]+)'$/.test(s)) problems.push(`script-src allows ${s}`);
  for (const [name, want] of [
    ['object-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'none'"]],
    ['default-src', ["'self'"]],
    // Untrusted HTML artifacts are shown in a blob: frame; never in a frame of another origin.
    ['frame-src', ["'self'", 'blob:']]
  ] as const)
    if (!same(policy.get(name), [...want]))
      problems.push(
        `${name} is ${policy.get(name)?.join(' ') ?? 'missing'}, not ${want.join(' ')}`
      );
  return problems;
}
