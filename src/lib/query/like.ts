/**
 * SQL LIKE without regular expressions. MLflow's FileStore turns the pattern into a Python regex
 * without escaping it, so `a.b` also matches `axb` there; here every character except the
 * wildcards is literal. `%` is any run of characters, `_` exactly one character (one code point,
 * so an emoji counts once), and a backslash makes the next `%`, `_` or `\` literal, as PostgreSQL
 * does by default. Matching is the classic wildcard walk: O(text × pattern) at worst, no
 * backtracking blow-up, so `%a%a%a%a%b` over a long value stays fast.
 */

type Element = { kind: 'char'; code: number } | { kind: 'one' } | { kind: 'many' };

function parseLike(pattern: string): Element[] {
  const out: Element[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\' && i + 1 < pattern.length && '%_\\'.includes(pattern[i + 1]!)) {
      out.push({ kind: 'char', code: pattern.charCodeAt(++i) });
    } else if (c === '%') {
      // Consecutive % are one wildcard.
      if (out[out.length - 1]?.kind !== 'many') out.push({ kind: 'many' });
    } else if (c === '_') {
      out.push({ kind: 'one' });
    } else {
      out.push({ kind: 'char', code: pattern.charCodeAt(i) });
    }
  }
  return out;
}

/** Width in UTF-16 units of the code point at i. */
function width(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
    const d = s.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return 2;
  }
  return 1;
}

function wildcardMatch(p: readonly Element[], s: string): boolean {
  let si = 0;
  let pi = 0;
  let starP = -1;
  let starS = 0;
  while (si < s.length) {
    const e = p[pi];
    if (e && e.kind === 'char' && e.code === s.charCodeAt(si)) {
      si++;
      pi++;
    } else if (e && e.kind === 'one') {
      si += width(s, si);
      pi++;
    } else if (e && e.kind === 'many') {
      starP = pi++;
      starS = si;
    } else if (starP >= 0) {
      // Let the last % swallow one more code point and retry from just after it.
      pi = starP + 1;
      starS += width(s, starS);
      si = starS;
    } else {
      return false;
    }
  }
  while (pi < p.length && p[pi]!.kind === 'many') pi++;
  return pi === p.length;
}

function literalText(elements: readonly Element[]): string {
  return String.fromCharCode(...elements.map((e) => (e.kind === 'char' ? e.code : 0)));
}

/** Compiles a LIKE / ILIKE pattern into a predicate over one value. */
export function compileLike(pattern: string, caseInsensitive: boolean): (value: string) => boolean {
  // Lower-casing leaves %, _ and \ alone, so the pattern can be folded before it is parsed.
  const source = caseInsensitive ? pattern.toLowerCase() : pattern;
  const elements = parseLike(source);
  const fold = caseInsensitive ? (s: string) => s.toLowerCase() : (s: string) => s;
  const wild = elements.filter((e) => e.kind !== 'char');
  // Fast paths for the shapes people type: exact, prefix%, %suffix, %infix%.
  if (wild.length === 0) {
    const lit = literalText(elements);
    return (v) => fold(v) === lit;
  }
  const inner = elements.slice(1, -1);
  const first = elements[0]!;
  const last = elements[elements.length - 1]!;
  if (wild.length === 1 && last.kind === 'many') {
    const lit = literalText(elements.slice(0, -1));
    return (v) => fold(v).startsWith(lit);
  }
  if (wild.length === 1 && first.kind === 'many') {
    const lit = literalText(elements.slice(1));
    return (v) => fold(v).endsWith(lit);
  }
  if (wild.length === 2 && first.kind === 'many' && last.kind === 'many' && elements.length > 2) {
    if (inner.every((e) => e.kind === 'char')) {
      const lit = literalText(inner);
      return (v) => fold(v).includes(lit);
    }
  }
  return (v) => wildcardMatch(elements, fold(v));
}
