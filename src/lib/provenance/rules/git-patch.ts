/**
 * The files a git patch changes, with the counts `git diff --numstat` gives: W&B saves
 * `files/diff.patch` (`git diff HEAD --submodule=diff`, the uncommitted changes; written only when
 * there are some) and `diff_<commit>.patch` (`upstream_diff_<commit>.patch` before the Go core:
 * against the upstream branch's commit). The text is only read line by line for its headers and
 * hunk counts: never applied, never shown as anything but text. Lines that are not part of a file's
 * diff (git's warnings, which W&B writes into the same file, `Submodule …` lines) are passed over.
 */
import type { ChangedFile } from '../../model';

/** git's C-style quoted path (`"t\303\251st.py"`): escapes and octal bytes, decoded as UTF-8. */
function unquote(text: string): string {
  if (!text.startsWith('"') || !text.endsWith('"') || text.length < 2) return text;
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  const escapes: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13 };
  const body = text.slice(1, -1);
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch !== '\\') {
      bytes.push(...encoder.encode(ch));
      continue;
    }
    const next = body[i + 1] ?? '';
    const octal = /^[0-7]{3}/.exec(body.slice(i + 1, i + 4));
    if (octal) {
      bytes.push(parseInt(octal[0], 8));
      i += 3;
    } else {
      bytes.push(escapes[next] ?? next.charCodeAt(0));
      i += 1;
    }
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

/** A path of a `---`/`+++` line: quoted, or bare with git's trailing tab when it has a space. */
function linePath(rest: string): string | null {
  const text = rest.startsWith('"') ? rest : rest.replace(/\t$/, '');
  if (text === '/dev/null') return null;
  return unquote(text);
}

/** `a/x` → `x` (git's `a/`, `b/` and mnemonic `c/`, `i/`, `w/`, `o/` prefixes). */
function unprefixed(path: string, prefixed: boolean): string {
  return prefixed && /^[a-z]\//.test(path) ? path.slice(2) : path;
}

/**
 * The two paths of `diff --git A B`. Unquoted paths may hold spaces, so the split is the one where
 * both halves name the same file (a rename's header is ambiguous; its `rename` lines say).
 */
function headerPaths(rest: string): { old: string; new: string; prefixed: boolean } | null {
  const quoted = /^("(?:[^"\\]|\\.)*"|\S+) ("(?:[^"\\]|\\.)*"|\S+)$/.exec(rest);
  if (quoted && (quoted[1]!.startsWith('"') || quoted[2]!.startsWith('"'))) {
    const [a, b] = [unquote(quoted[1]!), unquote(quoted[2]!)];
    const prefixed = /^[a-z]\//.test(a) && /^[a-z]\//.test(b);
    return { old: unprefixed(a, prefixed), new: unprefixed(b, prefixed), prefixed };
  }
  if ((rest.length - 1) % 2 === 0) {
    const half = (rest.length - 1) / 2;
    const [a, b] = [rest.slice(0, half), rest.slice(half + 1)];
    if (rest[half] === ' ') {
      if (/^[a-z]\//.test(a) && /^[a-z]\//.test(b) && a.slice(2) === b.slice(2))
        return { old: a.slice(2), new: b.slice(2), prefixed: true };
      if (a === b) return { old: a, new: b, prefixed: false };
    }
  }
  const space = rest.indexOf(' ');
  if (space < 0) return null;
  const [a, b] = [rest.slice(0, space), rest.slice(space + 1)];
  const prefixed = /^[a-z]\//.test(a) && /^[a-z]\//.test(b);
  return { old: unprefixed(a, prefixed), new: unprefixed(b, prefixed), prefixed };
}

interface FileDiff {
  header: { old: string; new: string; prefixed: boolean } | null;
  minus: string | null;
  plus: string | null;
  renamedFrom: string | null;
  renamedTo: string | null;
  deleted: boolean;
  binary: boolean;
  added: number;
  removed: number;
}

function toChangedFile(f: FileDiff): ChangedFile | null {
  const prefixed = f.header?.prefixed ?? true;
  const plus = f.plus === null ? null : unprefixed(f.plus, prefixed);
  const minus = f.minus === null ? null : unprefixed(f.minus, prefixed);
  const path = f.deleted
    ? (minus ?? f.header?.old ?? null)
    : (f.renamedTo ?? plus ?? f.header?.new ?? minus ?? null);
  if (path === null) return null;
  return {
    path,
    previous: f.renamedFrom,
    added: f.binary ? null : f.added,
    removed: f.binary ? null : f.removed
  };
}

/** Every file the patch changes, in the patch's order (git's: by path). */
export function parseGitPatch(text: string): ChangedFile[] {
  const out: ChangedFile[] = [];
  let file: FileDiff | null = null;
  let oldLeft = 0;
  let newLeft = 0;
  const finish = () => {
    const changed = file ? toChangedFile(file) : null;
    if (changed) out.push(changed);
    file = null;
  };
  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') && oldLeft + newLeft === 0 ? raw.slice(0, -1) : raw;
    if (file !== null && (oldLeft > 0 || newLeft > 0)) {
      const f: FileDiff = file;
      const mark = line[0];
      if (mark === '+') {
        f.added++;
        newLeft--;
        continue;
      }
      if (mark === '-') {
        f.removed++;
        oldLeft--;
        continue;
      }
      if (mark === ' ' || line === '') {
        oldLeft--;
        newLeft--;
        continue;
      }
      if (mark === '\\') continue; // "\ No newline at end of file"
      oldLeft = newLeft = 0; // a cut-short hunk: read on as headers
    }
    if (line.startsWith('diff --git ')) {
      finish();
      file = {
        header: headerPaths(line.slice('diff --git '.length)),
        minus: null,
        plus: null,
        renamedFrom: null,
        renamedTo: null,
        deleted: false,
        binary: false,
        added: 0,
        removed: 0
      };
      continue;
    }
    if (file === null) continue;
    const f: FileDiff = file;
    const hunk = /^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@/.exec(line);
    if (hunk) {
      oldLeft = hunk[1] === undefined ? 1 : Number(hunk[1]);
      newLeft = hunk[2] === undefined ? 1 : Number(hunk[2]);
    } else if (line.startsWith('--- ')) f.minus = linePath(line.slice(4));
    else if (line.startsWith('+++ ')) f.plus = linePath(line.slice(4));
    else if (/^(rename|copy) from /.test(line))
      f.renamedFrom = unquote(line.replace(/^\S+ from /, ''));
    else if (/^(rename|copy) to /.test(line)) f.renamedTo = unquote(line.replace(/^\S+ to /, ''));
    else if (line.startsWith('deleted file mode ')) f.deleted = true;
    else if (line.startsWith('Binary files ') || line === 'GIT binary patch') f.binary = true;
  }
  finish();
  return out;
}

/** W&B's patch files: `diff.patch`, and the upstream one named after its commit. */
export function gitPatchBase(path: string): { base: string | null } | null {
  if (path === 'diff.patch') return { base: null };
  const upstream = /^(?:upstream_)?diff_([0-9a-f]{7,64})\.patch$/.exec(path);
  return upstream ? { base: upstream[1]! } : null;
}

/** `+12 −3`, `binary`, or `renamed from x, +1 −0`: a file's change in a few characters. */
export function describeChange(f: ChangedFile): string {
  const counts = f.added === null ? 'binary' : `+${f.added} −${f.removed}`;
  return f.previous !== null ? `renamed from ${f.previous}, ${counts}` : counts;
}
