/**
 * Puts a run's provenance together from several rules: the first source to state a field wins
 * (importers call the most direct source first: a metadata file before a model's copy of it),
 * packages are kept once per name, models once per id or artifact path.
 */
import type {
  CodeProvenance,
  DatasetInput,
  EnvironmentProvenance,
  LoggedModel,
  PackageRequirement,
  Provenance
} from '../model';

/** PEP 503 normalised name: `Scikit_Learn` and `scikit-learn` are one package. */
export function packageKey(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

type EnvironmentFacts = Partial<Omit<EnvironmentProvenance, 'from' | 'packages'>>;

export class ProvenanceBuilder {
  #code: CodeProvenance | null = null;
  readonly #data: DatasetInput[] = [];
  #environment: EnvironmentProvenance | null = null;
  readonly #models: LoggedModel[] = [];

  /** Code facts; fields already known keep their value. */
  code(code: CodeProvenance | null): this {
    if (!code) return this;
    if (!this.#code) {
      this.#code = { ...code, from: [...code.from] };
      return this;
    }
    const into = this.#code;
    let used = false;
    for (const key of [
      'repository',
      'commit',
      'branch',
      'dirty',
      'entryPoint',
      'command',
      'sourceType'
    ] as const) {
      if (into[key] === null && code[key] !== null) {
        (into as unknown as Record<string, unknown>)[key] = code[key];
        used = true;
      }
    }
    if (!into.patches && code.patches) {
      into.patches = code.patches;
      used = true;
    }
    if (used) for (const f of code.from) if (!into.from.includes(f)) into.from.push(f);
    return this;
  }

  data(inputs: readonly DatasetInput[]): this {
    this.#data.push(...inputs);
    return this;
  }

  /** Environment facts and packages from one source (`from`: a file path or tag). */
  environment(
    facts: EnvironmentFacts,
    packages: readonly PackageRequirement[],
    from: string
  ): this {
    const env = (this.#environment ??= {
      python: null,
      packages: [],
      os: null,
      host: null,
      hardware: null,
      from: []
    });
    let used = false;
    for (const key of ['python', 'os', 'host', 'hardware'] as const) {
      const value = facts[key];
      if (env[key] === null && value !== undefined && value !== null && value !== '') {
        env[key] = value;
        used = true;
      }
    }
    const known = new Set(env.packages.map((p) => packageKey(p.name)));
    for (const p of packages) {
      if (known.has(packageKey(p.name))) continue;
      known.add(packageKey(p.name));
      env.packages.push(p);
      used = true;
    }
    if (used && !env.from.includes(from)) env.from.push(from);
    return this;
  }

  /** Models; one already known by id or artifact path gains the fields it lacked. */
  models(models: readonly LoggedModel[]): this {
    for (const m of models) {
      const same = this.#models.find(
        (k) =>
          (m.id !== null && k.id === m.id) ||
          (m.artifactPath !== null &&
            k.artifactPath === m.artifactPath &&
            (k.id === null || m.id === null))
      );
      if (!same) {
        this.#models.push({ ...m, flavors: [...m.flavors] });
        continue;
      }
      for (const key of [
        'id',
        'name',
        'artifactPath',
        'step',
        'mlflowVersion',
        'created'
      ] as const) {
        if (same[key] === null && m[key] !== null)
          (same as unknown as Record<string, unknown>)[key] = m[key];
      }
      if (same.flavors.length === 0) same.flavors = [...m.flavors];
    }
    return this;
  }

  /** The provenance, or undefined when no rule found anything. */
  build(): Provenance | undefined {
    const env = this.#environment;
    const environment = env && (env.from.length > 0 ? env : null);
    if (!this.#code && this.#data.length === 0 && !environment && this.#models.length === 0)
      return undefined;
    return { code: this.#code, data: this.#data, environment, models: this.#models };
  }
}
