/**
 * Numbered upgraders for bundles: `BUNDLE_UPGRADES[i]` turns a version i + 1 bundle into version
 * i + 2, and a reader applies them in order, so every bundle ever written keeps opening. Version 1
 * is the first (2026-11-22); version 2 (2026-12-06) adds runs' provenance and the registry. To change the format: append an upgrader, which
 * bumps BUNDLE_VERSION, and add a line to the version history in docs/bundle-format.md.
 */

/** A bundle before its header is checked: the parsed header and the raw zip entries. */
export interface RawBundle {
  header: Record<string, unknown>;
  entries: Map<string, Uint8Array>;
}

/** Turns a version N bundle into version N + 1 (and sets `version` to N + 1). */
export type BundleUpgrade = (bundle: RawBundle) => RawBundle;

/**
 * 1 → 2: runs may carry `provenance` and the header a `registry`. A version 1 bundle has neither
 * (its runs' dataset inputs, if any, are still in their tags, as they were written).
 */
const addProvenanceAndRegistry: BundleUpgrade = ({ header, entries }) => ({
  header: { ...header, version: 2, registry: [] },
  entries
});

export const BUNDLE_UPGRADES: readonly BundleUpgrade[] = [addProvenanceAndRegistry];

/** The version this Runlens writes and the newest it reads. */
export const BUNDLE_VERSION = BUNDLE_UPGRADES.length + 1;

/**
 * Brings a bundle of `version` up to the newest version the upgrader list knows; returns a
 * problem (for the caller's error message) when the version cannot be read.
 */
export function upgradeBundle(
  bundle: RawBundle,
  upgrades: readonly BundleUpgrade[] = BUNDLE_UPGRADES
): RawBundle | { problem: string } {
  const newest = upgrades.length + 1;
  const version = bundle.header.version;
  if (version === undefined) return { problem: 'has no bundle version' };
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return { problem: `has an invalid bundle version (${JSON.stringify(version) ?? 'none'})` };
  }
  if (version > newest) {
    return {
      problem: `was made by a newer Runlens (bundle version ${version}; this Runlens reads up to ${newest}); update Runlens to open it`
    };
  }
  let current = bundle;
  for (let v = version; v < newest; v++) {
    current = upgrades[v - 1]!(current);
    if (current.header.version !== v + 1) {
      throw new Error(`bundle upgrader ${v} → ${v + 1} did not set version ${v + 1}`);
    }
  }
  return current;
}
