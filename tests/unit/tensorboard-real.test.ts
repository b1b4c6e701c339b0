// Every real TensorBoard set, checked three ways against counts taken by
// tests/fixtures/scripts/count_tensorboard.py (its own TFRecord and protobuf parsing).
import { describe, expect, it } from 'vitest';
import { checkThreeWays, readManifest } from './helpers/real-fixtures';

describe('real TensorBoard sets', () => {
  for (const entry of readManifest('tensorboard')) {
    const label = entry.inputs ? `${entry.set} (${entry.inputs.join(', ')})` : entry.set;
    it(label, { timeout: 60_000 }, async () => {
      const own = await checkThreeWays(entry);
      expect(own.errors).toEqual([]);
    });
  }
});
