/**
 * Checks a share link's JSON header field by field: a link is input from anyone, so nothing in
 * it is trusted until its shape, types and sizes are known.
 */
import { toJsonNumber, type JsonNumber } from '../model/numbers';
import { isJsonObject } from '../model/json';
import { RUN_STATUSES } from '../model';

/** A share link that cannot be opened, with the reason in words. */
export class ShareLinkError extends Error {}

/**
 * A number in the link's JSON: finite as itself, the others by name, and -0 as `"-0"` (JSON.stringify
 * writes -0 as `0`). Links with a -0 summary or range end, made since 2026-12, are refused by
 * earlier builds as damaged; every other link reads the same both ways.
 */
export type WireNumber = JsonNumber | '-0';

/** A double as the link's JSON holds it, so that fromWire gives back the same bits. */
export function toWire(value: number): WireNumber {
  return Object.is(value, -0) ? '-0' : toJsonNumber(value);
}

export function fromWire(v: WireNumber): number {
  return typeof v === 'number' ? v : Number(v);
}

export interface HeaderSeries {
  key: string;
  summary: WireNumber[];
  n: number;
  stepMode: 'varint' | 'f64';
  times: boolean;
  /** The finite [lo, hi] the values are quantised over. */
  range: [number, number];
}

export interface HeaderRun {
  id: string;
  experimentId: string;
  name: string | null;
  status: string;
  startTime: number | null;
  endTime: number | null;
  parentId: string | null;
  params: [string, string][];
  tags: [string, string][];
  series: HeaderSeries[];
}

export interface ShareHeader {
  settings: unknown;
  experiments: { id: string; name: string }[];
  runs: HeaderRun[];
}

interface Limits {
  maxRuns: number;
  maxPoints: number;
  maxString: number;
}

function fail(what: string): never {
  throw new ShareLinkError(`the link is damaged (${what})`);
}

/** The checked header, or a ShareLinkError naming the first problem. */
export function checkHeader(raw: unknown, limits: Limits): ShareHeader {
  if (!isJsonObject(raw)) fail('its header is not an object');
  const text = (v: unknown, where: string): string => {
    if (typeof v !== 'string' || v.length > limits.maxString) fail(`${where} is not a short text`);
    return v;
  };
  const textOrNull = (v: unknown, where: string) => (v === null ? null : text(v, where));
  const time = (v: unknown, where: string) => {
    if (v === null) return null;
    if (typeof v !== 'number' || !Number.isFinite(v)) fail(`${where} is not a time`);
    return v;
  };
  const pairs = (v: unknown, where: string): [string, string][] => {
    if (!Array.isArray(v) || v.length > 10_000) fail(`${where} is not a list`);
    return v.map((p) => {
      if (!Array.isArray(p) || p.length !== 2) fail(`${where} holds a malformed entry`);
      return [text(p[0], where), text(p[1], where)];
    });
  };
  const wire = (v: unknown): WireNumber => {
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    if (v === 'NaN' || v === 'Infinity' || v === '-Infinity' || v === '-0') return v;
    fail('a summary holds something that is not a number');
  };
  if (!Array.isArray(raw.experiments) || raw.experiments.length > limits.maxRuns) {
    fail('its experiments are not a list');
  }
  const experiments = raw.experiments.map((e) => {
    if (!isJsonObject(e)) fail('an experiment is not an object');
    return { id: text(e.id, 'an experiment id'), name: text(e.name, 'an experiment name') };
  });
  const experimentIds = new Set(experiments.map((e) => e.id));
  if (!Array.isArray(raw.runs) || raw.runs.length === 0) fail('it holds no runs');
  if (raw.runs.length > limits.maxRuns) fail(`it holds more than ${limits.maxRuns} runs`);
  const runs = raw.runs.map((r): HeaderRun => {
    if (!isJsonObject(r)) fail('a run is not an object');
    const experimentId = text(r.experimentId, 'a run experiment');
    if (!experimentIds.has(experimentId)) fail('a run names an experiment the link lacks');
    const status = text(r.status, 'a run status');
    if (!(RUN_STATUSES as readonly string[]).includes(status)) fail('a run has an unknown status');
    if (!Array.isArray(r.series) || r.series.length > 1_000) fail('a run series list');
    return {
      id: text(r.id, 'a run id'),
      experimentId,
      name: textOrNull(r.name, 'a run name'),
      status,
      startTime: time(r.startTime, 'a start time'),
      endTime: time(r.endTime, 'an end time'),
      parentId: textOrNull(r.parentId, 'a parent id'),
      params: pairs(r.params, 'params'),
      tags: pairs(r.tags, 'tags'),
      series: r.series.map((s): HeaderSeries => {
        if (!isJsonObject(s)) fail('a series is not an object');
        if (!Array.isArray(s.summary) || s.summary.length !== 7) fail('a series summary');
        const n = s.n;
        if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > limits.maxPoints) {
          fail('a series length');
        }
        if (s.stepMode !== 'varint' && s.stepMode !== 'f64') fail('a series step encoding');
        if (typeof s.times !== 'boolean') fail('a series time flag');
        const range = Array.isArray(s.range) ? s.range.map((v) => (v === '-0' ? -0 : v)) : null;
        if (
          !range ||
          range.length !== 2 ||
          !range.every((v) => typeof v === 'number' && Number.isFinite(v)) ||
          range[0] > range[1]
        ) {
          fail('a series value range');
        }
        return {
          key: text(s.key, 'a metric key'),
          summary: s.summary.map(wire),
          n,
          stepMode: s.stepMode,
          times: s.times,
          range: [range[0] as number, range[1] as number]
        };
      })
    };
  });
  return { settings: raw.settings ?? null, experiments, runs };
}
