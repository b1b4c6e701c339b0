/**
 * Reads one TensorBoard event file into a RunBuilder. An event file is TFRecord-framed
 * `tensorboard.Event` messages (tensorboard/compat/proto/event.proto, read 2026-11):
 * wall_time 1 (double), step 2 (int64), then one of file_version 3, graph_def 4, summary 5,
 * log_message 6, session_log 7, tagged_run_metadata 8, meta_graph_def 9, source_metadata 10.
 *
 * Speed: one TFRecord cursor and one protobuf reader walk the file's bytes; tags are decoded once
 * per run folder; graph and run-metadata records are counted from their field key without
 * checksumming or decoding their (often large) bytes.
 */
import { ImportError } from '../errors';
import type { ImportContext } from '../importer';
import {
  ProtoReader,
  ProtoWireError,
  WIRE_FIXED64,
  WIRE_LENGTH,
  WIRE_VARINT
} from '../readers/protobuf-wire';
import { TfRecordReader } from '../readers/tfrecord';
import { readHparamsSummary } from './hparams';
import type { RunBuilder } from './run-builder';
import {
  PLUGIN_AUDIO,
  PLUGIN_GRAPH,
  PLUGIN_HISTOGRAMS,
  PLUGIN_HPARAMS,
  PLUGIN_IMAGES,
  PLUGIN_NONE,
  PLUGIN_PR_CURVES,
  PLUGIN_SCALARS,
  PLUGIN_TEXT,
  PLUGIN_UNSEEN,
  PluginData,
  VALUE_AUDIO,
  VALUE_HISTOGRAM,
  VALUE_IMAGE,
  VALUE_OLD_HISTOGRAM,
  VALUE_SIMPLE,
  VALUE_TENSOR,
  ValueFields,
  readImageBytes,
  readPluginData,
  pluginKind,
  readValue
} from './summary-value';
import type { PendingTensor, TagEntry, TagTable } from './tag-table';
import { TensorFields, readTensor, tensorScalar } from './tensor';

/** Records between cancel checks and progress reports. */
const RECORDS_PER_CHECK = 4096;

const utf8 = new TextDecoder('utf-8');

/** Where one event file's records go: the run, the tags of its folder, the key prefix. */
export interface EventFileTarget {
  run: RunBuilder;
  tags: TagTable;
  /** `validation/` for a file in a run's validation folder; '' for the run's own files. */
  prefix: string;
}

/** Decoding state reused across the records of one file. */
class EventDecoder {
  readonly r: ProtoReader;
  readonly value = new ValueFields();
  readonly plugin = new PluginData();
  readonly tensor = new TensorFields();
  wallTime = 0;
  step = 0;

  constructor(
    readonly bytes: Uint8Array,
    readonly target: EventFileTarget
  ) {
    this.r = new ProtoReader(bytes);
  }

  /**
   * Reads the event in [start, end) up to its payload. Returns 'skip' for graph and run-metadata
   * records (counted, not read), 'summary' with `r.pos` at the summary's bytes, or 'other'.
   */
  head(start: number, end: number): 'skip' | 'summary' | 'other' {
    const r = this.r;
    r.pos = start;
    this.wallTime = 0;
    this.step = 0;
    while (r.pos < end) {
      const key = r.uint32();
      const field = key >>> 3;
      const wire = key & 7;
      if (field === 1 && wire === WIRE_FIXED64) this.wallTime = r.double();
      else if (field === 2 && wire === WIRE_VARINT) this.step = r.int64();
      else if (wire === WIRE_LENGTH && (field === 4 || field === 9)) {
        this.target.run.count('graph');
        return 'skip';
      } else if (wire === WIRE_LENGTH && field === 8) {
        this.target.run.count('run metadata');
        return 'skip';
      } else if (wire === WIRE_LENGTH && field === 5) return 'summary';
      else r.skip(wire, end);
    }
    return 'other';
  }

  /** Reads the Summary at r.pos (its key already read) to its end; the event ends at `end`. */
  summary(end: number): void {
    const r = this.r;
    const { run } = this.target;
    run.seeWallTime(this.wallTime);
    const summaryEnd = r.lengthDelimited(end);
    while (r.pos < summaryEnd) {
      const key = r.uint32();
      if (key !== ((1 << 3) | WIRE_LENGTH)) {
        r.skip(key & 7, summaryEnd);
        continue;
      }
      const valueEnd = r.lengthDelimited(summaryEnd);
      readValue(r, valueEnd, this.value);
      this.#handleValue();
      r.pos = valueEnd;
    }
    r.pos = summaryEnd;
    // Fields after the summary (none are written in practice) would carry nothing we use.
  }

  #handleValue(): void {
    const v = this.value;
    const { run, tags, prefix } = this.target;
    const entry = tags.lookup(this.bytes, v.tagStart, v.tagEnd);
    if (
      v.metadataStart >= 0 &&
      (entry.plugin === PLUGIN_UNSEEN || entry.plugin === PLUGIN_HPARAMS)
    ) {
      this.#readMetadata(entry);
    }
    const plugin = entry.plugin === PLUGIN_UNSEEN ? PLUGIN_NONE : entry.plugin;
    switch (v.kind) {
      case VALUE_SIMPLE:
        run.addPoint(
          (entry.series ??= run.seriesFor(prefix + entry.name)),
          this.step,
          v.simple,
          this.wallTime
        );
        return;
      case VALUE_TENSOR:
        this.#handleTensor(entry, plugin);
        return;
      case VALUE_IMAGE: {
        const image = readImageBytes(this.r, v.payloadStart, v.payloadEnd);
        if (image && image.length > 0) run.addImage(prefix + entry.name, this.step, image);
        return;
      }
      case VALUE_HISTOGRAM:
      case VALUE_OLD_HISTOGRAM:
        run.count('histogram');
        return;
      case VALUE_AUDIO:
        run.count('audio');
        return;
    }
  }

  /** The tag's plugin (remembered from its first metadata) and hparams content. */
  #readMetadata(entry: TagEntry): void {
    const v = this.value;
    const p = this.plugin;
    readPluginData(this.r, v.metadataStart, v.metadataEnd, p);
    const kind = pluginKind(utf8.decode(this.bytes.subarray(p.nameStart, p.nameEnd)));
    if (entry.plugin === PLUGIN_UNSEEN) {
      entry.plugin = kind;
      // TensorBoard gives every value of a tag the plugin of its first metadata, even values
      // read before it (a reopened TF1 FileWriter writes no metadata into its next file, and
      // files are read in name order): texts and images read so far take their place now.
      const pending = entry.pending;
      entry.pending = null;
      for (const t of pending ?? []) this.#strings(entry, kind, t.step, t.strings);
    }
    if (kind !== PLUGIN_HPARAMS || p.contentEnd <= p.contentStart) return;
    const hparams = readHparamsSummary(this.bytes, p.contentStart, p.contentEnd);
    if (hparams.params) this.target.run.setParams(hparams.params);
    if (hparams.status) this.target.run.setStatus(hparams.status);
  }

  #handleTensor(entry: TagEntry, plugin: number): void {
    const { run, prefix } = this.target;
    const r = this.r;
    const v = this.value;
    const t = this.tensor;
    switch (plugin) {
      case PLUGIN_HPARAMS:
        return; // a placeholder tensor: the data is in the metadata
      case PLUGIN_HISTOGRAMS:
        run.count('histogram');
        return;
      case PLUGIN_AUDIO:
        run.count('audio');
        return;
      case PLUGIN_PR_CURVES:
        run.count('pr_curve');
        return;
      case PLUGIN_GRAPH:
        run.count('graph');
        return;
    }
    r.pos = v.payloadStart;
    readTensor(r, v.payloadEnd, t);
    if (plugin === PLUGIN_NONE || plugin === PLUGIN_SCALARS) {
      const x = tensorScalar(r, t);
      if (x !== undefined) {
        const series = (entry.series ??= run.seriesFor(prefix + entry.name));
        run.addPoint(series, this.step, x, this.wallTime);
      } else if (entry.plugin === PLUGIN_UNSEEN && t.strings.length > 0) {
        // Strings of a tag whose metadata may come later: kept until it does (or counted).
        const strings: Uint8Array[] = [];
        for (let i = 0; i < t.strings.length; i += 2)
          strings.push(this.bytes.slice(t.strings[i], t.strings[i + 1]));
        const pending: PendingTensor = { step: this.step, strings };
        (entry.pending ??= []).push(pending);
      } else run.count('tensor');
      return;
    }
    const strings: Uint8Array[] = [];
    for (let i = 0; i < t.strings.length; i += 2)
      strings.push(this.bytes.subarray(t.strings[i], t.strings[i + 1]));
    this.#strings(entry, plugin, this.step, strings);
  }

  /** A string tensor of the text or images plugin (anything else is counted, not shown). */
  #strings(entry: TagEntry, plugin: number, step: number, strings: Uint8Array[]): void {
    // One tag table per folder, so the folder's prefix is the one the tensor was read with.
    const { run, prefix } = this.target;
    const key = prefix + entry.name;
    if (plugin === PLUGIN_TEXT) {
      const parts = strings.map((s) => utf8.decode(s));
      if (parts.length > 0) run.addText(key, step, parts.join('\n\n'));
    } else if (plugin === PLUGIN_IMAGES) {
      // [width, height, image, image, ...] as strings (tensorboard/plugins/image/summary_v2.py).
      for (let i = 2; i < strings.length; i++) run.addImage(key, step, strings[i]!);
    } else run.count(plugin === PLUGIN_NONE || plugin === PLUGIN_SCALARS ? 'tensor' : 'other');
  }
}

/**
 * Reads every record of one event file into `target`. A record whose data checksum fails is
 * skipped with a warning; a cut-off last record ends the file with a warning; a bad length
 * checksum throws ImportError (the caller drops what the file added).
 */
export function readEventFile(
  bytes: Uint8Array,
  file: string,
  target: EventFileTarget,
  ctx: ImportContext,
  pointsBefore = 0
): void {
  const records = new TfRecordReader(bytes);
  const decoder = new EventDecoder(bytes, target);
  let badChecksums = 0;
  let firstBadAt = -1;
  for (;;) {
    const step = records.next();
    if (step === 'end') break;
    if (step === 'truncated') {
      ctx.warn({
        file,
        message: `ends in a cut-off record at byte ${records.offset} (the writer was still writing or was stopped); the ${records.count.toLocaleString('en-US')} records before it were read`
      });
      break;
    }
    if (step === 'bad-length-crc') {
      throw new ImportError(
        file,
        `record ${records.count + 1} at byte ${records.offset}: the length checksum does not match, so the file is corrupt from there`
      );
    }
    const { dataStart, dataEnd } = records;
    try {
      const kind = decoder.head(dataStart, dataEnd);
      if (kind !== 'skip') {
        if (!records.dataCrcMatches()) throw new ChecksumMismatch();
        if (kind === 'summary') decoder.summary(dataEnd);
        else target.run.seeWallTime(decoder.wallTime);
      }
    } catch (error) {
      const corrupt = error instanceof ChecksumMismatch || !records.dataCrcMatches();
      if (!corrupt) {
        const detail = error instanceof ProtoWireError ? error.message : String(error);
        throw new ImportError(
          file,
          `record ${records.count} at byte ${records.offset} is not a valid event (${detail})`
        );
      }
      if (badChecksums++ === 0) firstBadAt = records.offset;
    }
    if (records.count % RECORDS_PER_CHECK === 0) {
      ctx.checkCancelled();
      ctx.reportPoints(pointsBefore + target.run.points);
    }
  }
  if (badChecksums > 0) {
    ctx.warn({
      file,
      message: `${badChecksums.toLocaleString('en-US')} record${badChecksums === 1 ? '' : 's'} skipped: the data checksum does not match (the first at byte ${firstBadAt})`
    });
  }
}

/** Thrown inside the record loop for a record whose data checksum fails. */
class ChecksumMismatch extends Error {}
