// Line names from a template (issue 16, item 5), as W&B's legend templates.
import { describe, expect, it } from 'vitest';
import { labelFromTemplate, templateFields } from '../../../src/lib/compare/label-template';

const run = {
  id: 'a1b2',
  name: 'brave-owl-7',
  params: new Map([
    ['model', 'resnet18'],
    ['lr', '0.01'],
    ['__proto__', 'x']
  ]),
  tags: new Map([['team', 'vision']]),
  metrics: new Map([['val/acc', { last: 0.912345678 } as never]])
};

describe('line names from a template', () => {
  it('fills params, tags, metrics (last value), name, id and experiment', () => {
    expect(labelFromTemplate('{params.model} lr={params.lr}', run)).toBe('resnet18 lr=0.01');
    expect(labelFromTemplate('{name} ({id}) {tags.team}', run)).toBe('brave-owl-7 (a1b2) vision');
    expect(labelFromTemplate('{experiment}: {metrics.val/acc}', run, 'cifar')).toBe(
      'cifar: 0.912346'
    );
  });

  it('marks a field the run lacks, keeps other text, and falls back to the name when blank', () => {
    expect(labelFromTemplate('{params.seed} / {nonsense} / {}', run)).toBe('– / – / {}');
    expect(labelFromTemplate('  ', run)).toBe('brave-owl-7');
    expect(labelFromTemplate('', { ...run, name: null })).toBe('a1b2');
    // A key named like an object's internals is just a key.
    expect(labelFromTemplate('{params.__proto__}', run)).toBe('x');
  });

  it('keeps names short and lists the fields a template uses', () => {
    expect(labelFromTemplate('{name}'.repeat(30), run).length).toBe(120);
    expect(templateFields('{params.model} lr={ params.lr }')).toEqual([
      'params.model',
      'params.lr'
    ]);
  });
});
