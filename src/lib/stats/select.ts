/**
 * Quantiles without a sort: Hoare's selection (quickselect) puts the k-th smallest value at
 * index k with nothing larger before it and nothing smaller after, in linear expected time. A
 * chart's y range needs four quantiles of a few hundred thousand drawn values on every request;
 * sorting them all took most of the request.
 */

/** Rearranges `a[left..right]` so that `a[k]` is the value a sort would put there. */
export function selectInPlace(a: Float64Array, k: number, left = 0, right = a.length - 1): void {
  while (right > left) {
    // Median of three as the pivot: sorted or reversed input stays linear.
    const mid = (left + right) >>> 1;
    if (a[mid]! < a[left]!) swap(a, mid, left);
    if (a[right]! < a[left]!) swap(a, right, left);
    if (a[right]! < a[mid]!) swap(a, right, mid);
    const pivot = a[mid]!;
    let i = left;
    let j = right;
    // Hoare's partition: equal values split between both sides, so a flat line stays linear too.
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        swap(a, i, j);
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return;
  }
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}

/**
 * The quantiles at `ps` of finite values (type 7, as quantileSorted on sorted values: linear
 * interpolation between the order statistics around (n − 1)·p). Reorders `values`.
 */
export function quantilesInPlace(values: Float64Array, ps: readonly number[]): number[] {
  const n = values.length;
  if (n === 0) return ps.map(() => NaN);
  const wanted = new Set<number>();
  for (const p of ps) {
    const h = (n - 1) * p;
    wanted.add(Math.floor(h));
    if (h % 1 !== 0) wanted.add(Math.floor(h) + 1);
  }
  // Ascending: each selection only searches to the right of the one before it.
  let left = 0;
  const at = new Map<number, number>();
  for (const k of [...wanted].sort((x, y) => x - y)) {
    selectInPlace(values, k, left, n - 1);
    at.set(k, values[k]!);
    left = k + 1;
  }
  return ps.map((p) => {
    const h = (n - 1) * p;
    const below = Math.floor(h);
    const lower = at.get(below)!;
    const fraction = h - below;
    if (fraction === 0 || below + 1 >= n) return lower;
    return lower + fraction * (at.get(below + 1)! - lower);
  });
}
