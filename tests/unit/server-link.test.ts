import { describe, expect, it } from 'vitest';
import { readServerViewLink, serverViewLink } from '../../src/lib/mlflow-server/server-link';

const read = (link: string) => readServerViewLink(new URL(link).searchParams);

describe('links to a view of server runs', () => {
  it('carry the address and the view, and read back the same', () => {
    const view = {
      address: 'https://mlflow.example.com/tracking',
      experimentIds: ['3', '7'],
      filter: 'run_id = "abc"',
      orderBy: ['metrics.loss ASC'],
      maxRuns: 20,
      then: '/run?key=mlflow-server%7C3%7Cabc'
    };
    const link = serverViewLink('https://runlens.example.org', view);
    expect(link.startsWith('https://runlens.example.org/?mlflow-server=')).toBe(true);
    expect(read(link)).toEqual(view);
  });

  it('never carry credentials, written into the address or in a link someone made', () => {
    const link = serverViewLink('https://app', {
      address: 'https://ana:s3cret@mlflow.example.com/?token=t0k',
      experimentIds: [],
      then: '/'
    });
    expect(link).not.toMatch(/ana|s3cret|t0k/);
    const forged = read('https://app/?mlflow-server=https://ana:s3cret@mlflow.example.com&then=/');
    expect(forged?.address).toBe('https://mlflow.example.com');
  });

  it('open only http(s) servers and views of this app', () => {
    expect(read('https://app/?mlflow-server=javascript:alert(1)')).toBeNull();
    expect(read('https://app/?mlflow-server=file:///etc/passwd')).toBeNull();
    expect(read('https://app/?mlflow-server=not a url')).toBeNull();
    expect(read('https://app/?other=1')).toBeNull();
    for (const then of ['//evil.example/x', '/\\evil.example', 'https://evil.example', 'run?key=a'])
      expect(
        read(`https://app/?mlflow-server=http://h:5000&then=${encodeURIComponent(then)}`)?.then
      ).toBe('/');
    expect(read('https://app/?mlflow-server=http://h:5000&max=-3&max=x')?.maxRuns).toBeUndefined();
  });
});
