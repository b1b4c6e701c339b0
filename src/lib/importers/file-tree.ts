/**
 * Everything dropped in one import, indexed by path, so folder importers can find their
 * folders (`mlruns/1/<run>/meta.yaml`) without touching the bytes of files they do not need.
 */
import type { ImportSource } from './source';

export class FileTree {
  readonly #byPath = new Map<string, ImportSource>();
  /** Folder path → names of the files and folders directly in it. */
  readonly #children = new Map<string, { files: string[]; dirs: Set<string> }>();

  constructor(sources: readonly ImportSource[]) {
    for (const source of sources) {
      this.#byPath.set(source.path, source);
      const parts = source.path.split('/');
      let dir = '';
      for (let i = 0; i < parts.length; i++) {
        const entry = this.#entry(dir);
        const name = parts[i]!;
        if (i === parts.length - 1) entry.files.push(name);
        else {
          entry.dirs.add(name);
          dir = dir === '' ? name : `${dir}/${name}`;
        }
      }
    }
  }

  #entry(dir: string) {
    let entry = this.#children.get(dir);
    if (!entry) {
      entry = { files: [], dirs: new Set() };
      this.#children.set(dir, entry);
    }
    return entry;
  }

  /** The file at `path`, if it was dropped. */
  get(path: string): ImportSource | undefined {
    return this.#byPath.get(path);
  }

  /** Names of the files directly in `dir` ('' is the top level). */
  files(dir: string): readonly string[] {
    return this.#children.get(dir)?.files ?? [];
  }

  /** Names of the folders directly in `dir`. */
  dirs(dir: string): readonly string[] {
    return [...(this.#children.get(dir)?.dirs ?? [])];
  }

  /** Every folder path that directly holds a file called `name`. */
  foldersWithFile(name: string): string[] {
    const out: string[] = [];
    for (const [dir, entry] of this.#children) if (entry.files.includes(name)) out.push(dir);
    return out.sort();
  }

  /** Every file below `dir`, at any depth, with paths relative to `dir`. */
  under(dir: string): { relative: string; source: ImportSource }[] {
    const out: { relative: string; source: ImportSource }[] = [];
    const walk = (at: string, prefix: string) => {
      const entry = this.#children.get(at);
      if (!entry) return;
      for (const f of entry.files) {
        const path = at === '' ? f : `${at}/${f}`;
        out.push({ relative: prefix + f, source: this.#byPath.get(path)! });
      }
      for (const d of entry.dirs) walk(at === '' ? d : `${at}/${d}`, `${prefix}${d}/`);
    };
    walk(dir, '');
    return out;
  }
}

/** The folder part of a path ('' at the top level). */
export function parentOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

/** The last part of a path. */
export function nameOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Joins folder and name ('' folder means the top level). */
export function joinPath(dir: string, name: string): string {
  return dir === '' ? name : `${dir}/${name}`;
}
