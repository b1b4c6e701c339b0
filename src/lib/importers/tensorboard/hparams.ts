/**
 * The hparams plugin's summaries (tensorboard/plugins/hparams/plugin_data.proto and api.proto,
 * read 2026-11): `HParamsPluginData{version 1, experiment 2 | session_start_info 3 |
 * session_end_info 4}`. A trial's hyperparameters are `SessionStartInfo.hparams`, a map of
 * google.protobuf.Value; its outcome is `SessionEndInfo.status`.
 */
import type { RunStatus } from '../../model';
import { ProtoReader, WIRE_FIXED64, WIRE_LENGTH, WIRE_VARINT } from '../readers/protobuf-wire';

/** SessionEndInfo.status → run status (0, STATUS_UNKNOWN, says nothing). */
const STATUS: Record<number, RunStatus> = { 1: 'FINISHED', 2: 'FAILED', 3: 'RUNNING' };

/** What one hparams summary said: params from a start info, a status from an end info. */
export interface HparamsSummary {
  params?: Map<string, string>;
  status?: RunStatus;
}

/**
 * A float as Python's repr writes it (`0.001`, `1e-05`, `1e+16`, `nan`), except that whole
 * numbers below 1e16 lose the `.0`: writers turn ints into doubles (PyTorch and Lightning log
 * `batch_size=32` as 32.0), and 32 is what the person set and what TensorBoard shows.
 */
export function formatPythonNumber(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (Number.isInteger(x) && Math.abs(x) < 1e16) return Object.is(x, -0) ? '-0' : String(x);
  // toExponential() gives the shortest digits that read back the same, as repr does.
  const [mantissa, exp] = x.toExponential().split('e') as [string, string];
  const exponent = Number(exp);
  if (exponent < -4 || exponent >= 16) {
    return `${mantissa}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  return String(x);
}

/** A value as Python's str() of the plain object would read (True, None, 'text' inside lists). */
function readValue(r: ProtoReader, end: number, nested: boolean): string {
  let text = 'None';
  while (r.pos < end) {
    const key = r.uint32();
    const field = key >>> 3;
    const wire = key & 7;
    if (field === 2 && wire === WIRE_FIXED64) text = formatPythonNumber(r.double());
    else if (field === 3 && wire === WIRE_LENGTH) {
      const s = r.string(end);
      text = nested ? `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'` : s;
    } else if (field === 4 && wire === WIRE_VARINT) text = r.uint32() ? 'True' : 'False';
    else if (field === 1 && wire === WIRE_VARINT) {
      r.uint32();
      text = 'None';
    } else if (field === 5 && wire === WIRE_LENGTH) {
      const e = r.lengthDelimited(end);
      const items: string[] = [];
      for (const [k, v] of readMap(r, e)) items.push(`'${k}': ${v}`);
      text = `{${items.join(', ')}}`;
    } else if (field === 6 && wire === WIRE_LENGTH) {
      const e = r.lengthDelimited(end);
      const items: string[] = [];
      while (r.pos < e) {
        const k = r.uint32();
        if (k === ((1 << 3) | WIRE_LENGTH)) items.push(readValue(r, r.lengthDelimited(e), true));
        else r.skip(k & 7, e);
      }
      text = `[${items.join(', ')}]`;
    } else r.skip(wire, end);
  }
  r.expectEnd(end);
  return text;
}

/** One `map<string, Value>` entry {key 1, value 2} in [r.pos, end), added to `out`. */
function readMapEntry(r: ProtoReader, end: number, out: Map<string, string>): void {
  let name = '';
  let value = 'None';
  while (r.pos < end) {
    const k = r.uint32();
    if (k === ((1 << 3) | WIRE_LENGTH)) name = r.string(end);
    else if (k === ((2 << 3) | WIRE_LENGTH)) value = readValue(r, r.lengthDelimited(end), false);
    else r.skip(k & 7, end);
  }
  r.expectEnd(end);
  out.set(name.normalize('NFC'), value);
}

/** A message whose field 1 is a `map<string, Value>` (Struct, SessionStartInfo) in [r.pos, end). */
function readMap(r: ProtoReader, end: number, out = new Map<string, string>()) {
  while (r.pos < end) {
    const key = r.uint32();
    if (key === ((1 << 3) | WIRE_LENGTH)) readMapEntry(r, r.lengthDelimited(end), out);
    else r.skip(key & 7, end);
  }
  r.expectEnd(end);
  return out;
}

/** Reads the HParamsPluginData in bytes[start, end) (a summary's plugin content). */
export function readHparamsSummary(bytes: Uint8Array, start: number, end: number): HparamsSummary {
  const r = new ProtoReader(bytes, start);
  const out: HparamsSummary = {};
  while (r.pos < end) {
    const key = r.uint32();
    const field = key >>> 3;
    if ((field !== 3 && field !== 4) || (key & 7) !== WIRE_LENGTH) {
      r.skip(key & 7, end);
      continue;
    }
    const e = r.lengthDelimited(end);
    if (field === 3) {
      out.params = readMap(r, e, out.params);
      continue;
    }
    while (r.pos < e) {
      const k = r.uint32();
      if (k === ((1 << 3) | WIRE_VARINT)) {
        const status = STATUS[r.uint32()];
        if (status) out.status = status;
      } else r.skip(k & 7, e);
    }
    r.expectEnd(e);
  }
  r.expectEnd(end);
  return out;
}
