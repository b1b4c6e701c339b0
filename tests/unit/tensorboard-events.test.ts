// What the TensorBoard importer reads from an event file, byte by byte: scalars of every dtype and
// encoding, hparams, texts, images, what it counts but does not show, and broken framing.
import { describe, expect, it } from 'vitest';
import { ImportError } from '../../src/lib/importers/errors';
import { ImportSource, sourceFromBytes } from '../../src/lib/importers/source';
import { tensorboardFileImporter } from '../../src/lib/importers/tensorboard/importer';
import type { Run } from '../../src/lib/model';
import { testContext } from './helpers/import-context';
import {
  event,
  eventFile,
  f,
  littleEndian,
  tensor,
  tfrecords,
  varint,
  type Bytes,
  type EventSpec
} from './helpers/tensorboard-events';

async function importBytes(bytes: Uint8Array, path = 'events.out.tfevents.1700000000.host') {
  const ctx = testContext();
  const source = new ImportSource(sourceFromBytes(path, bytes));
  expect(await tensorboardFileImporter.sniff(source)).not.toBeNull();
  const batch = await tensorboardFileImporter.parse(source, ctx);
  return { run: batch.runs[0]!, batch, ctx };
}

function metric(run: Run, key: string) {
  const m = run.metrics.find((s) => s.key === key);
  if (!m) throw new Error(`no metric ${key} in ${run.metrics.map((s) => s.key).join(', ')}`);
  return { steps: [...m.steps], values: [...m.values], timestamps: [...m.timestamps] };
}

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3];

/** [label, dtype, value fields of the tensor, the number it holds]. */
const DTYPES: [string, number, Bytes, number][] = [
  ['float content', 1, f.bytes(4, littleEndian('f32', [0.1])), Math.fround(0.1)],
  ['float packed', 1, f.bytes(5, littleEndian('f32', [0.1])), Math.fround(0.1)],
  ['float unpacked', 1, f.float(5, -2.5), -2.5],
  ['double content', 2, f.bytes(4, littleEndian('f64', [0.1])), 0.1],
  ['double packed', 2, f.bytes(6, littleEndian('f64', [1e-300])), 1e-300],
  ['double unpacked', 2, f.double(6, 0.1), 0.1],
  ['int32 content', 3, f.bytes(4, littleEndian('i32', [-7])), -7],
  ['int32 packed', 3, f.bytes(7, varint(-7)), -7],
  ['int32 unpacked', 3, f.varint(7, 123456), 123456],
  ['uint8 content', 4, f.bytes(4, [200]), 200],
  ['uint8 int_val', 4, f.varint(7, 200), 200],
  ['int16 content', 5, f.bytes(4, littleEndian('i16', [-300])), -300],
  ['int8 content', 6, f.bytes(4, [0xf9]), -7],
  ['int8 int_val', 6, f.varint(7, -7), -7],
  ['int64 content', 9, f.bytes(4, littleEndian('i64', [-5e12])), -5e12],
  ['int64 packed', 9, f.bytes(10, varint(2 ** 40)), 2 ** 40],
  ['int64 unpacked', 9, f.varint(10, -3), -3],
  ['bool content', 10, f.bytes(4, [1]), 1],
  ['bool packed', 10, f.bytes(11, [1]), 1],
  ['bool unpacked', 10, f.varint(11, 0), 0],
  ['qint8 content', 11, f.bytes(4, [0xff]), -1],
  ['quint8 content', 12, f.bytes(4, [0xff]), 255],
  ['qint32 int_val', 13, f.varint(7, -9), -9],
  ['bfloat16 content', 14, f.bytes(4, littleEndian('u16', [0x3fc0])), 1.5],
  ['bfloat16 half_val', 14, f.bytes(13, varint(0xbfc0)), -1.5],
  ['qint16 content', 15, f.bytes(4, littleEndian('i16', [-2])), -2],
  ['quint16 content', 16, f.bytes(4, littleEndian('u16', [65000])), 65000],
  ['uint16 content', 17, f.bytes(4, littleEndian('u16', [65000])), 65000],
  ['uint16 int_val', 17, f.varint(7, 65000), 65000],
  ['half content', 19, f.bytes(4, littleEndian('u16', [0x3c00])), 1],
  ['half infinity', 19, f.bytes(4, littleEndian('u16', [0x7c00])), Infinity],
  ['half packed', 19, f.bytes(13, varint(0xc000)), -2],
  ['half unpacked', 19, f.varint(13, 0x3555), halfOf(0x3555)],
  ['half subnormal', 19, f.varint(13, 0x0001), 2 ** -24],
  ['uint32 content', 22, f.bytes(4, littleEndian('i32', [-1])), 4294967295],
  ['uint32 packed', 22, f.bytes(16, varint(4e9)), 4e9],
  ['uint64 content', 23, f.bytes(4, littleEndian('i64', [2 ** 40])), 2 ** 40],
  ['uint64 unpacked', 23, f.varint(17, 2 ** 45), 2 ** 45],
  ['float8 e5m2 content', 24, f.bytes(4, [0x3c]), 1],
  ['float8 e5m2 float8_val', 24, f.bytes(18, [0xc2]), -3],
  ['float8 e4m3fn float8_val', 25, f.bytes(18, [0x38]), 1],
  ['float8 e4m3fn nan', 25, f.bytes(4, [0x7f]), NaN],
  ['float8 e4m3fn subnormal', 25, f.bytes(18, [0x01]), 2 ** -9]
];

/** binary16 reference: 0x3555 is 0.333251953125. */
function halfOf(bits: number): number {
  const e = (bits >> 10) & 0x1f;
  const m = bits & 0x3ff;
  return (bits & 0x8000 ? -1 : 1) * (e === 0 ? m * 2 ** -24 : (1 + m / 1024) * 2 ** (e - 15));
}

describe('TensorBoard scalars', () => {
  it('reads simple_value as the exact float32, NaN and ±Infinity included, with int64 steps', async () => {
    const { run, batch } = await importBytes(
      eventFile(
        { wallTime: 1700000000.25, step: 1, values: [{ tag: 'loss', simple: 0.1 }] },
        { wallTime: 1700000001.5, step: 2 ** 40, values: [{ tag: 'loss', simple: NaN }] },
        { wallTime: 1700000002, step: 3, values: [{ tag: 'loss', simple: -Infinity }] }
      )
    );
    expect(metric(run, 'loss')).toEqual({
      steps: [1, 2 ** 40, 3],
      values: [Math.fround(0.1), NaN, -Infinity],
      timestamps: [1700000000250, 1700000001500, 1700000002000]
    });
    expect(run).toMatchObject({
      id: '.',
      status: 'FINISHED',
      startTime: 1700000000000,
      endTime: 1700000002000
    });
    expect(batch.experiments[0]!.name).toBe('events.out.tfevents.1700000000.host');
  });

  it('gives points of events without a wall time no timestamp, and no 1970 start', async () => {
    const { run } = await importBytes(
      tfrecords(
        event({ step: 1, values: [{ tag: 'loss', simple: 1 }] }),
        event({ wallTime: 1700000005, step: 2, values: [{ tag: 'loss', simple: 2 }] })
      )
    );
    expect(metric(run, 'loss').timestamps).toEqual([NaN, 1700000005000]);
    expect(run).toMatchObject({ startTime: 1700000005000, endTime: 1700000005000 });
  });

  it('reads one-element tensors of every numeric dtype, packed, unpacked or as tensor_content', async () => {
    const events: EventSpec[] = DTYPES.map(([label, dtype, value], i) => ({
      wallTime: 1700000000 + i,
      step: i,
      // TF2 writes an empty shape; PyTorch's new-style scalar writes none at all.
      values: [{ tag: label, plugin: 'scalars', tensor: tensor(dtype, i % 2 ? [] : null, value) }]
    }));
    const { run, ctx } = await importBytes(eventFile(...events));
    for (const [label, , , expected] of DTYPES) {
      expect(metric(run, label).values, label).toEqual([expected]);
    }
    expect(ctx.warnings).toEqual([]);
  });

  it('counts tensors that are not one number (strings, complex, several elements)', async () => {
    const { run, ctx } = await importBytes(
      eventFile({
        wallTime: 1700000000,
        values: [
          { tag: 'words', tensor: tensor(7, [], f.bytes(8, 'hello')) },
          {
            tag: 'complex',
            plugin: 'scalars',
            tensor: tensor(8, [], f.bytes(9, littleEndian('f32', [1, 2])))
          },
          {
            tag: 'vector',
            plugin: 'scalars',
            tensor: tensor(1, [2], f.bytes(4, littleEndian('f32', [1, 2])))
          }
        ]
      })
    );
    expect(run.metrics).toEqual([]);
    expect(ctx.warnings.map((w) => w.message)).toEqual([
      '3 tensor values not shown: only one-number tensors are read as metrics'
    ]);
  });

  it("remembers a tag's plugin from its first metadata, as TensorBoard does", async () => {
    const histogram = tensor(2, [1, 3], f.bytes(4, littleEndian('f64', [0, 1, 5])));
    const { run, ctx } = await importBytes(
      eventFile(
        { wallTime: 1, values: [{ tag: 'w', plugin: 'histograms', tensor: histogram }] },
        // Later values of the tag carry no metadata; this one-element tensor is still a histogram.
        { wallTime: 2, step: 1, values: [{ tag: 'w', tensor: tensor(1, [], f.float(5, 1)) }] },
        { wallTime: 3, step: 1, values: [{ tag: 'old', histo: true }] }
      )
    );
    expect(run.metrics).toEqual([]);
    expect(ctx.warnings).toEqual([
      {
        file: 'events.out.tfevents.1700000000.host',
        message: '3 histogram values not shown: histograms are not supported yet'
      }
    ]);
  });
});

/** HParamsPluginData{session_start_info{hparams}} with google.protobuf.Value entries. */
function startInfo(entries: [string, Bytes][]): Bytes {
  const map = entries.flatMap(([k, v]) => f.bytes(1, [...f.bytes(1, k), ...f.bytes(2, v)]));
  return f.bytes(3, map);
}
const num = (x: number) => f.double(2, x);
const str = (s: string) => f.bytes(3, s);
const bool = (b: boolean) => f.varint(4, b ? 1 : 0);

describe('TensorBoard hparams, texts and images', () => {
  it('turns session_start_info into params and session_end_info into the status', async () => {
    const params: [string, Bytes][] = [
      ['lr', num(0.001)],
      ['eps', num(1e-8)],
      ['batch_size', num(32)],
      ['big', num(1e16)],
      ['half', num(0.5)],
      ['optimizer', str('adam')],
      ['amsgrad', bool(true)],
      [
        'layers',
        f.bytes(6, [...f.bytes(1, num(64)), ...f.bytes(1, str('relu')), ...f.bytes(1, bool(false))])
      ],
      ['none', f.varint(1, 0)],
      ['__proto__', str('kept')]
    ];
    const { run } = await importBytes(
      eventFile(
        {
          wallTime: 1,
          values: [
            { tag: '_hparams_/session_start_info', plugin: 'hparams', content: startInfo(params) }
          ]
        },
        { wallTime: 2, values: [{ tag: 'loss', simple: 1 }] },
        {
          wallTime: 3,
          values: [
            {
              tag: '_hparams_/session_end_info',
              plugin: 'hparams',
              content: f.bytes(4, f.varint(1, 2))
            }
          ]
        }
      )
    );
    expect(Object.fromEntries(run.params)).toEqual({
      lr: '0.001',
      eps: '1e-08',
      batch_size: '32',
      big: '1e+16',
      half: '0.5',
      optimizer: 'adam',
      amsgrad: 'True',
      layers: "[64, 'relu', False]",
      none: 'None',
      ['__proto__']: 'kept'
    });
    expect(run.status).toBe('FAILED');
    expect(run.metrics.map((m) => m.key)).toEqual(['loss']);
  });

  it('makes text summaries the run note and images artifacts named by tag and step', async () => {
    const textTensor = (s: string) => tensor(7, [], f.bytes(8, s));
    const pluginImages = tensor(7, [3], f.bytes(8, '1'), f.bytes(8, '1'), f.bytes(8, PNG));
    const { run } = await importBytes(
      eventFile(
        {
          wallTime: 1,
          step: 0,
          values: [{ tag: 'notes', plugin: 'text', tensor: textTensor('# Setup\nlr 0.1') }]
        },
        { wallTime: 2, step: 5, values: [{ tag: 'notes', tensor: textTensor('<b>done</b>') }] },
        {
          wallTime: 3,
          step: 7,
          values: [
            { tag: 'samples/input', image: PNG },
            { tag: 'samples/input', image: PNG }
          ]
        },
        {
          wallTime: 4,
          step: 9,
          values: [{ tag: '../escape', plugin: 'images', tensor: pluginImages }]
        }
      )
    );
    expect(run.tags.get('mlflow.note.content')).toBe(
      '## notes\n\n**Step 0**\n\n# Setup\nlr 0.1\n\n**Step 5**\n\n<b>done</b>'
    );
    expect(run.artifacts.map((a) => `${a.path} ${a.mediaType} ${a.size}`)).toEqual([
      'images/_/escape/step_9.png image/png 11',
      'images/samples/input/step_7.png image/png 11',
      'images/samples/input/step_7_1.png image/png 11'
    ]);
    expect([...run.artifacts[0]!.content!]).toEqual(PNG);
  });

  it('gives texts and images read before their tag’s metadata that metadata’s plugin, as TensorBoard does', async () => {
    // A reopened TF1 FileWriter writes metadata only into its first file, and files are read in
    // name order (`….host.10` before `….host.9`), so values can come before their metadata.
    const textTensor = (s: string) => tensor(7, [], f.bytes(8, s));
    const pluginImages = tensor(7, [3], f.bytes(8, '1'), f.bytes(8, '1'), f.bytes(8, PNG));
    const { run, ctx } = await importBytes(
      eventFile(
        { wallTime: 1, step: 10, values: [{ tag: 'notes', tensor: textTensor('resumed') }] },
        { wallTime: 2, step: 10, values: [{ tag: 'samples', tensor: pluginImages }] },
        { wallTime: 3, step: 11, values: [{ tag: 'never', tensor: textTensor('no plugin') }] },
        {
          wallTime: 4,
          step: 0,
          values: [
            { tag: 'notes', plugin: 'text', tensor: textTensor('started') },
            { tag: 'samples', plugin: 'images', tensor: pluginImages }
          ]
        }
      )
    );
    expect(run.tags.get('mlflow.note.content')).toBe(
      '## notes\n\n**Step 10**\n\nresumed\n\n**Step 0**\n\nstarted'
    );
    expect(run.artifacts.map((a) => a.path)).toEqual([
      'images/samples/step_0.png',
      'images/samples/step_10.png'
    ]);
    expect(ctx.warnings.map((w) => w.message)).toEqual([
      '1 tensor value not shown: only one-number tensors are read as metrics'
    ]);
  });

  it('skips graph records without reading them and names what it left out', async () => {
    const { run, ctx } = await importBytes(
      eventFile(
        { wallTime: 1, graphDef: new Array(5000).fill(7) },
        { wallTime: 2, values: [{ tag: 'clip', plugin: 'audio', tensor: tensor(7, [1, 2]) }] },
        { wallTime: 3, values: [{ tag: 'pr', plugin: 'pr_curves', tensor: tensor(1, [6, 1]) }] },
        { wallTime: 4, values: [{ tag: 'mesh', plugin: 'mesh', tensor: tensor(1, [1, 3]) }] },
        { wallTime: 5, values: [{ tag: 'loss', simple: 2 }] }
      )
    );
    expect(metric(run, 'loss').values).toEqual([2]);
    expect(ctx.warnings.map((w) => w.message)).toEqual([
      '1 graph record skipped: model graphs are not shown',
      '1 audio clip not shown: audio is not supported yet',
      '1 PR-curve value not shown: PR curves are not supported yet',
      '1 summary of other TensorBoard plugins not shown'
    ]);
  });
});

describe('broken TensorBoard event files', () => {
  const point = (step: number): EventSpec => ({
    wallTime: 1700000000 + step,
    step,
    values: [{ tag: 'loss', simple: step }]
  });
  // Steps 1..4: records of one size (a step of 0 is not written at all).
  const records = [1, 2, 3, 4].map((s) => event(point(s)));
  const recordSize = records[0]!.length + 16;

  it('skips records whose data checksum fails, with one warning naming the first offset', async () => {
    const bytes = tfrecords(...records);
    bytes[recordSize + 14]! ^= 0x40;
    bytes[3 * recordSize + 20]! ^= 0x01;
    const { run, ctx } = await importBytes(bytes);
    expect(metric(run, 'loss').steps).toEqual([1, 3]);
    expect(ctx.warnings).toEqual([
      {
        file: 'events.out.tfevents.1700000000.host',
        message: `2 records skipped: the data checksum does not match (the first at byte ${recordSize})`
      }
    ]);
  });

  it('reads up to a cut-off last record and says so', async () => {
    const bytes = tfrecords(...records).subarray(0, 3 * recordSize + 10);
    const { run, ctx } = await importBytes(bytes);
    expect(metric(run, 'loss').steps).toEqual([1, 2, 3]);
    expect(ctx.warnings.map((w) => w.message)).toEqual([
      `ends in a cut-off record at byte ${3 * recordSize} (the writer was still writing or was stopped); the 3 records before it were read`
    ]);
  });

  it('rejects a file whose length checksum fails, naming the byte offset', async () => {
    const bytes = tfrecords(...records);
    bytes[2 * recordSize + 1]! ^= 0x01;
    const error = await importBytes(bytes).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportError);
    expect((error as ImportError).message).toBe(
      `events.out.tfevents.1700000000.host: record 3 at byte ${2 * recordSize}: the length checksum does not match, so the file is corrupt from there`
    );
  });

  it('does not take other binary files for event files', async () => {
    const source = new ImportSource(sourceFromBytes('model.ckpt', new Uint8Array(64).fill(3)));
    expect(await tensorboardFileImporter.sniff(source)).toBeNull();
  });
});
