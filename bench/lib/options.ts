/**
 * Command-line options of
 * `npm run bench -- [--quick] [--seed N] [--build] [--only 1,10] [--scale [quick|tenth|full]]
 * [--scale-part curves|csv]`.
 */
export interface BenchOptions {
  quick: boolean;
  seed: number;
  /** Always rebuild the app, even when build/ looks current. */
  build: boolean;
  /** Scenario ids to run (others are listed as skipped in the console only); all when empty. */
  only: number[];
  /** `--scale [quick|tenth|full]`: scenario 17 alone (opt-in, never in the default run). */
  scale: 'quick' | 'tenth' | 'full' | null;
  /** `--scale-part curves|csv`: only that half of scenario 17 (both when null). */
  scalePart: 'curves' | 'csv' | null;
}

export function parseOptions(argv: readonly string[]): BenchOptions {
  const options: BenchOptions = {
    quick: false,
    seed: 1,
    build: false,
    only: [],
    scale: null,
    scalePart: null
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') options.quick = true;
    else if (arg === '--build') options.build = true;
    else if (arg === '--seed') {
      const seed = Number(argv[++i]);
      if (!Number.isInteger(seed)) throw new Error('--seed needs a whole number');
      options.seed = seed;
    } else if (arg === '--only') {
      options.only = (argv[++i] ?? '').split(',').map(Number).filter(Number.isInteger);
    } else if (arg === '--scale') {
      const size = argv[i + 1];
      if (size === 'quick' || size === 'tenth' || size === 'full') {
        options.scale = size;
        i++;
      } else options.scale = 'full';
    } else if (arg === '--scale-part') {
      const part = argv[++i];
      if (part !== 'curves' && part !== 'csv') throw new Error('--scale-part needs curves or csv');
      options.scalePart = part;
    } else if (arg === '--help' || arg === '-h') {
      console.log(
        'npm run bench -- [--quick] [--seed N] [--build] [--only 1,2,10] [--scale [quick|tenth|full]] [--scale-part curves|csv]'
      );
      process.exit(0);
    } else throw new Error(`unknown option ${arg} (try --help)`);
  }
  return options;
}

/** Input sizes and repetitions: the full run is what the issue specifies; quick is a smoke run. */
export interface Sizes {
  mlruns: { runs: number; metrics: number; steps: number };
  /** Scenario 20's mlruns/ of many small files (10 files a run: meta, metric, 5 params, 3 tags). */
  manyFiles: { runs: number; metrics: number; steps: number };
  exportJsonBytes: number;
  /** Runs in the library of scenario 6 (the runs explorer: filter and sort). */
  explorerRuns: number;
  /** The comparison chart of scenarios 4, 5, 7 and 11: runs × steps of one metric. */
  curves: { runs: number; steps: number };
  /** Panels of scenarios 18 and 19 (4 and 5 with a grid of that many metrics, issue 16). */
  panels: number;
  /** Runs of the parallel coordinates of scenario 8 (20 axes each). */
  hyperRuns: number;
  /** The TensorBoard logdir of scenario 12: runs × tags × steps of scalar events. */
  tfevents: { runs: number; tags: number; steps: number };
  /** The MLflow SQLite store of scenario 13: runs × metrics × steps rows of `metrics`. */
  mlflowSqlite: { runs: number; metrics: number; steps: number };
  /** History rows of scenario 14's `.wandb` log (one run). */
  wandbRows: number;
  /** Runs (× 20 metrics × 10 steps) of scenario 16's MLflow server experiment. */
  serverRuns: number;
  /** Measured pairs after the warm-up pair. */
  pairs: number;
}

export function sizesFor(options: BenchOptions): Sizes {
  return options.quick
    ? {
        mlruns: { runs: 20, metrics: 10, steps: 5_000 },
        // The same as the full run: it is small, and the issue names 4,000 files.
        manyFiles: { runs: 400, metrics: 1, steps: 10 },
        exportJsonBytes: 20e6,
        explorerRuns: 20_000,
        curves: { runs: 100, steps: 2_000 },
        panels: 30,
        hyperRuns: 10_000,
        tfevents: { runs: 10, tags: 10, steps: 2_000 },
        mlflowSqlite: { runs: 20, metrics: 10, steps: 250 },
        wandbRows: 50_000,
        serverRuns: 1_000,
        pairs: 2
      }
    : {
        mlruns: { runs: 100, metrics: 10, steps: 10_000 },
        manyFiles: { runs: 400, metrics: 1, steps: 10 },
        exportJsonBytes: 100e6,
        explorerRuns: 100_000,
        curves: { runs: 100, steps: 10_000 },
        panels: 30,
        hyperRuns: 10_000,
        tfevents: { runs: 100, tags: 10, steps: 10_000 },
        // ~100 MB with MLflow's schema (~199 bytes a metric row with its two indexes); the
        // issue's 1,000 runs × 1,000 steps would be 10 M rows, ~2 GB (bench/README.md).
        mlflowSqlite: { runs: 100, metrics: 10, steps: 500 },
        wandbRows: 1_000_000,
        serverRuns: 10_000,
        pairs: 5
      };
}
