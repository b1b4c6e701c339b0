// The app side of reading a tracking server: credentials remembered per origin only when asked,
// the 'fetching' progress line, and the badge of server runs.
import { describe, expect, it } from 'vitest';
import { progressFraction, progressLine } from '../../src/lib/components/import-progress';
import {
  authKey,
  rememberAuth,
  rememberedAuth
} from '../../src/lib/components/server/remembered-auth';
import { sourceTool } from '../../src/lib/explorer/source-tools';
import type { ImportProgress } from '../../src/lib/worker/api';

class MemoryStorage {
  items = new Map<string, string>();
  getItem = (k: string) => this.items.get(k) ?? null;
  setItem = (k: string, v: string) => void this.items.set(k, v);
  removeItem = (k: string) => void this.items.delete(k);
}

describe('remembered credentials', () => {
  it('are kept under the server origin only when the person asks, and forgotten after', () => {
    const storage = new MemoryStorage() as unknown as Storage;
    const auth = { kind: 'basic' as const, username: 'ada', password: 'pw' };
    rememberAuth(storage, 'http://host:5000/mlflow', auth, false);
    expect((storage as unknown as MemoryStorage).items.size).toBe(0);
    rememberAuth(storage, 'http://host:5000/mlflow', auth, true);
    expect(rememberedAuth(storage, 'http://host:5000')).toEqual(auth);
    expect(authKey('http://host:5000/x')).toBe('runlens:mlflow-server-auth:http://host:5000');
    rememberAuth(storage, 'http://host:5000', auth, false);
    expect(rememberedAuth(storage, 'http://host:5000')).toBeNull();
  });

  it('ignore what is not a credential record (storage is anyone to write)', () => {
    const storage = new MemoryStorage() as unknown as Storage;
    storage.setItem('runlens:mlflow-server-auth:http://h', '{"kind":"basic","username":1}');
    expect(rememberedAuth(storage, 'http://h')).toBeNull();
    storage.setItem('runlens:mlflow-server-auth:http://h', 'not json');
    expect(rememberedAuth(storage, 'http://h')).toBeNull();
    expect(rememberedAuth(storage, 'not a url')).toBeNull();
  });
});

describe('fetching progress', () => {
  const p = (filesDone: number, filesTotal: number, points = 0): ImportProgress => ({
    phase: 'fetching',
    filesDone,
    filesTotal,
    bytesDone: 0,
    bytesTotal: 0,
    runs: filesTotal,
    points,
    pointsTotal: 0,
    file: null
  });
  it('counts runs while listing, then runs fetched and points', () => {
    expect(progressLine(p(250, 0))).toBe('Listing runs… 250 found');
    expect(progressFraction(p(250, 0))).toBeUndefined();
    expect(progressLine(p(6, 14, 10_573))).toBe('Fetched 6 of 14 runs · 10,573 points');
    expect(progressFraction(p(7, 14))).toBeCloseTo(0.45);
  });
});

it('server runs carry their own badge, files from MLflow keep theirs', () => {
  expect(sourceTool('mlflow-server')).toBe('MLflow server');
  expect(sourceTool('mlflow-sqlite')).toBe('MLflow');
});
