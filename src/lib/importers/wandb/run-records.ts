/**
 * The `wandb_internal.Record`s that describe a run rather than log its data: the run record
 * (names, times, tags, git, with its first config and summary), environment, telemetry, the
 * header and the exit. Split from ./records.ts, which decodes the data records and dispatches
 * here; field numbers as there (../shared/FORMATS.md §6).
 */
import { WIRE_LENGTH, WIRE_VARINT, type ProtoReader } from '../readers/protobuf-wire';
import type { RunLog } from './run-log';

const utf8 = new TextDecoder('utf-8');

/** The data records a run record nests (its first config and summary), read by the decoder. */
export interface NestedRecords {
  config(end: number): void;
  summary(end: number): void;
}

/** A google.protobuf.Timestamp ending at `end`, as epoch ms. */
export function readTimestamp(r: ProtoReader, end: number): number {
  let seconds = 0;
  let nanos = 0;
  while (r.pos < end) {
    const t = r.uint32();
    if (t === ((1 << 3) | WIRE_VARINT)) seconds = r.int64();
    else if (t === ((2 << 3) | WIRE_VARINT)) nanos = r.int32();
    else r.skip(t & 7, end);
  }
  return seconds * 1000 + Math.floor(nanos / 1e6);
}

/** TelemetryRecord: the Python and wandb versions. */
export function readTelemetry(r: ProtoReader, log: RunLog, end: number): void {
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === ((4 << 3) | WIRE_LENGTH)) log.pythonVersion = r.string(end);
    else if (tag === ((5 << 3) | WIRE_LENGTH)) log.cliVersion = r.string(end);
    else r.skip(tag & 7, end);
  }
}

/** RunRecord: the run's names, times, tags, git, and its first config and summary. */
export function readRun(r: ProtoReader, log: RunLog, end: number, nested: NestedRecords): void {
  const run = log.run;
  const tags: string[] = [];
  while (r.pos < end) {
    const tag = r.uint32();
    const field = tag >>> 3;
    if (tag === ((18 << 3) | WIRE_VARINT)) {
      run.resumed = r.uint32() !== 0;
      continue;
    }
    if ((tag & 7) !== WIRE_LENGTH) {
      r.skip(tag & 7, end);
      continue;
    }
    const e = r.lengthDelimited(end);
    const str = () => utf8.decode(r.bytes.subarray(r.pos, e));
    switch (field) {
      case 1:
        run.runId = str();
        break;
      case 2:
        run.entity = str();
        break;
      case 3:
        run.project = str();
        break;
      case 4:
        nested.config(e);
        break;
      case 5:
        nested.summary(e);
        break;
      case 6:
        run.group = str();
        break;
      case 7:
        run.jobType = str();
        break;
      case 8:
        run.displayName = str();
        break;
      case 9:
        run.notes = str();
        break;
      case 10:
        tags.push(str());
        break;
      case 12:
        run.sweepId = str();
        break;
      case 13:
        run.host = str();
        break;
      case 17:
        run.startTime = readTimestamp(r, e);
        break;
      case 19:
        readTelemetry(r, log, e);
        break;
      case 21:
        readGit(r, log, e);
        break;
    }
    r.pos = e;
  }
  if (tags.length > 0) run.tags = tags;
}

/** GitRepoRecord: remote and commit. */
function readGit(r: ProtoReader, log: RunLog, end: number): void {
  const env = log.environment;
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === ((1 << 3) | WIRE_LENGTH)) env.gitRemote = r.string(end);
    else if (tag === ((2 << 3) | WIRE_LENGTH)) env.gitCommit = r.string(end);
    else r.skip(tag & 7, end);
  }
}

/** RunExitRecord: exit code and runtime. */
export function readExit(r: ProtoReader, log: RunLog, end: number): void {
  const exit = { code: 0, runtime: 0 };
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === ((1 << 3) | WIRE_VARINT)) exit.code = r.int32();
    else if (tag === ((2 << 3) | WIRE_VARINT)) exit.runtime = r.int32();
    else r.skip(tag & 7, end);
  }
  log.exit = exit;
}

/** HeaderRecord.version_info.producer (Go core): `0.19.8+<commit>`. */
export function readHeader(r: ProtoReader, log: RunLog, end: number): void {
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag !== ((1 << 3) | WIRE_LENGTH)) {
      r.skip(tag & 7, end);
      continue;
    }
    const e = r.lengthDelimited(end);
    while (r.pos < e) {
      const t = r.uint32();
      if (t === ((1 << 3) | WIRE_LENGTH)) {
        const producer = r.string(e);
        if (log.cliVersion === '') log.cliVersion = producer.split('+')[0] ?? '';
      } else r.skip(t & 7, e);
    }
  }
}

/** EnvironmentRecord (0.19+): OS, Python, program, arguments, host, hardware, git. */
export function readEnvironment(r: ProtoReader, log: RunLog, end: number): void {
  const env = log.environment;
  const args: string[] = [];
  while (r.pos < end) {
    const tag = r.uint32();
    const field = tag >>> 3;
    if ((tag & 7) === WIRE_VARINT) {
      const n = r.uint64();
      if (field === 16) env.cpuCount = String(n);
      else if (field === 19) env.gpuCount = String(n);
      continue;
    }
    if ((tag & 7) !== WIRE_LENGTH) {
      r.skip(tag & 7, end);
      continue;
    }
    const e = r.lengthDelimited(end);
    const str = () => utf8.decode(r.bytes.subarray(r.pos, e));
    switch (field) {
      case 1:
        env.os = str();
        break;
      case 2:
        env.python = str();
        break;
      case 3:
        env.startedAt = readTimestamp(r, e);
        break;
      case 4:
        env.docker = str();
        break;
      case 5:
        args.push(str());
        break;
      case 6:
        env.program = str();
        break;
      case 7:
        env.codePath = str();
        break;
      case 9:
        readGit(r, log, e);
        break;
      case 12:
        env.host = str();
        break;
      case 13:
        env.username = str();
        break;
      case 18:
        env.gpu = str();
        break;
      case 25:
        env.cuda = str();
        break;
    }
    r.pos = e;
  }
  if (args.length > 0) env.args = args;
}
