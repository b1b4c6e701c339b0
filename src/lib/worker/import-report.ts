/**
 * The import report in words and numbers, shared by the page and `runlens summary`: skipped files
 * grouped by reason and counted ("9 W&B transaction logs: not supported yet"), and the headline
 * of an import that found no run ("No runs in these 14 files"). Pure, and small enough to send
 * from the worker for 100,000 files: each group keeps only its first files.
 */
import type { SkippedFile } from '../importers/errors';
import { countOfPhrase } from '../importers/recognise/wording';
import type { SkippedGroup } from './api';

/** Files listed per reason in an outcome; the count is always whole. */
export const FILES_PER_GROUP = 50;

/** Groups skipped files by reason, largest group first (then by reason), first files kept. */
export function groupSkipped(
  skipped: readonly SkippedFile[],
  keep: number = FILES_PER_GROUP
): SkippedGroup[] {
  const groups = new Map<string, SkippedGroup>();
  for (const { file, reason } of skipped) {
    let group = groups.get(reason);
    if (!group) {
      group = { reason, count: 0, files: [] };
      groups.set(reason, group);
    }
    group.count += 1;
    if (group.files.length < keep) group.files.push(file);
  }
  return [...groups.values()].sort(
    (a, b) => b.count - a.count || (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0)
  );
}

/** How many files the groups hold. */
export function skippedCount(groups: readonly SkippedGroup[]): number {
  return groups.reduce((n, g) => n + g.count, 0);
}

/**
 * One group in words: "9 W&B transaction logs: not supported yet". A reason that is not of the
 * form "<what>: <why>" (an importer's own) is counted in files: "2 files: <reason>".
 */
export function describeGroup(group: Pick<SkippedGroup, 'reason' | 'count'>): string {
  const colon = group.reason.indexOf(': ');
  if (colon <= 0) return `${countOfPhrase(group.count, 'file')}: ${group.reason}`;
  const what = group.reason.slice(0, colon);
  return `${countOfPhrase(group.count, what)}${group.reason.slice(colon)}`;
}

/**
 * Why an import found what it found, in one line: broken files first, then the largest skipped
 * groups, joined with " · ", then how many more kinds there are.
 */
export function topReasons(groups: readonly SkippedGroup[], broken = 0, max = 3): string {
  const shown = broken > 0 ? [`${countOfPhrase(broken, 'broken file')}`] : [];
  for (const group of groups.slice(0, max)) shown.push(describeGroup(group));
  const rest = groups.length - Math.min(groups.length, max);
  if (rest > 0) shown.push(`${rest} more ${rest === 1 ? 'kind' : 'kinds'}`);
  return shown.join(' · ');
}

/** "No runs in this file" / "No runs in these 14 files". */
export function noRunsHeadline(files: number): string {
  return files === 1
    ? 'No runs in this file'
    : `No runs in these ${files.toLocaleString('en-US')} files`;
}
