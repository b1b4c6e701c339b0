/**
 * Everything one run's transaction log (or its JSON files) told so far: history series, system
 * metrics, summary and config updates in order, the run record, exit, environment and console
 * output. `records.ts` fills it from protobuf records; `run-files.ts` from the files beside it.
 */
import { SeriesBuilder } from '../readers/series-builder';
import { emptyEnvironment, type Environment } from './environment';
import { HistoryBuilder } from './history';
import { KeyTable } from './key-table';
import { ConsoleOutput } from './console-output';

/** One config change, in log order: a value set at a path, or the path removed. */
export interface ConfigChange {
  parts: string[];
  value: unknown;
  remove: boolean;
}

/** The fields of the run record(s) Runlens uses; later records fill in or replace them. */
export interface RunInfo {
  runId: string;
  entity: string;
  project: string;
  displayName: string;
  group: string;
  jobType: string;
  notes: string;
  tags: string[];
  sweepId: string;
  host: string;
  /** Epoch ms, or null. */
  startTime: number | null;
  resumed: boolean;
}

export interface ExitInfo {
  code: number;
  /** Seconds, 0 when the writer left it unset. */
  runtime: number;
}

export class RunLog {
  readonly keys = new KeyTable();
  readonly history = new HistoryBuilder(this.keys);
  readonly system = new Map<string, SeriesBuilder>();
  /** Stats records read (each is one sample of every system metric it holds). */
  systemSamples = 0;
  readonly config: ConfigChange[] = [];
  /** Orders summary updates across keys (see KeyEntry.summarySeq). */
  summarySeq = 0;
  readonly run: RunInfo = {
    runId: '',
    entity: '',
    project: '',
    displayName: '',
    group: '',
    jobType: '',
    notes: '',
    tags: [],
    sweepId: '',
    host: '',
    startTime: null,
    resumed: false
  };
  cliVersion = '';
  pythonVersion = '';
  readonly environment: Environment = emptyEnvironment();
  exit: ExitInfo | null = null;
  readonly output = new ConsoleOutput();
  /** Records that held no valid protobuf although their checksum held (a writer bug). */
  badRecords = 0;
  firstBadRecordAt = -1;
  /** The log ended inside a record (cut off, or still being written). */
  truncated = false;

  /** A system metric sample: `system/<key>` at the sample's index. */
  systemPoint(key: string, value: number, timestamp: number): void {
    let series = this.system.get(key);
    if (!series) this.system.set(key, (series = new SeriesBuilder(key)));
    series.push(this.systemSamples, value, timestamp);
  }

  /** Every point read so far (for progress). */
  get points(): number {
    let n = this.history.points;
    for (const s of this.system.values()) n += s.length;
    return n;
  }
}
