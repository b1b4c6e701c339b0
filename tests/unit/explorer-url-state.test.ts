// Which address changes may wait for the page to be idle: only typing in the filter or the quick
// search. A sort or an experiment choice is written at once, so a reload right after keeps it.
import { describe, expect, it } from 'vitest';
import { onlyTypingDiffers } from '../../src/lib/explorer/url-state';

const at = (search: string) => new URL(`http://127.0.0.1/${search}`);

describe('onlyTypingDiffers', () => {
  it('is true when the filter or the quick search alone changed', () => {
    expect(onlyTypingDiffers(at('?q=a&sort=x'), at('?sort=x&q=ab'))).toBe(true);
    expect(onlyTypingDiffers(at('?sort=x'), at('?sort=x&s=res'))).toBe(true);
  });

  it('is false when the sort, the experiments or the deleted switch changed too', () => {
    expect(onlyTypingDiffers(at('?q=a'), at('?q=a&sort=metric.loss'))).toBe(false);
    expect(onlyTypingDiffers(at('?q=a&exp=1'), at('?q=ab&exp=2'))).toBe(false);
    expect(onlyTypingDiffers(at(''), at('?deleted=1'))).toBe(false);
  });
});
