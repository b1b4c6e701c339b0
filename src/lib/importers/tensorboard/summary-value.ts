/**
 * Summary.Value and SummaryMetadata (tensorboard/compat/proto/summary.proto, read 2026-11): the
 * tag, the plugin metadata, and which member of the `value` oneof is set, as byte ranges into the
 * record, so the event reader decides what to decode. One ValueFields is reused per file.
 */
import type { ProtoReader } from '../readers/protobuf-wire';
import { WIRE_FIXED32, WIRE_LENGTH } from '../readers/protobuf-wire';

/** Which member of Summary.Value's `value` oneof is set (its field number; 0 for none). */
export const VALUE_NONE = 0;
export const VALUE_SIMPLE = 2;
export const VALUE_OLD_HISTOGRAM = 3;
export const VALUE_IMAGE = 4;
export const VALUE_HISTOGRAM = 5;
export const VALUE_AUDIO = 6;
export const VALUE_TENSOR = 8;

/**
 * TensorBoard plugins by what the importer does with them, as small numbers: a tag's plugin is
 * compared for every value it has.
 */
export const PLUGIN_UNSEEN = -1;
export const PLUGIN_NONE = 0;
export const PLUGIN_SCALARS = 1;
export const PLUGIN_HPARAMS = 2;
export const PLUGIN_TEXT = 3;
export const PLUGIN_IMAGES = 4;
export const PLUGIN_HISTOGRAMS = 5;
export const PLUGIN_AUDIO = 6;
export const PLUGIN_PR_CURVES = 7;
export const PLUGIN_GRAPH = 8;
export const PLUGIN_OTHER = 9;

const PLUGINS: ReadonlyMap<string, number> = new Map([
  ['', PLUGIN_NONE],
  ['scalars', PLUGIN_SCALARS],
  ['hparams', PLUGIN_HPARAMS],
  ['text', PLUGIN_TEXT],
  ['images', PLUGIN_IMAGES],
  ['histograms', PLUGIN_HISTOGRAMS],
  ['audio', PLUGIN_AUDIO],
  ['pr_curves', PLUGIN_PR_CURVES]
]);

/** The kind of a plugin name (`graph_keras_model`, `graph_run_metadata`… are graphs). */
export function pluginKind(name: string): number {
  return PLUGINS.get(name) ?? (name.startsWith('graph') ? PLUGIN_GRAPH : PLUGIN_OTHER);
}

export class ValueFields {
  tagStart = 0;
  tagEnd = 0;
  /** SummaryMetadata as [start, end); start < 0 when absent. */
  metadataStart = -1;
  metadataEnd = -1;
  kind = VALUE_NONE;
  /** simple_value (a float32, exact as a double). */
  simple = 0;
  /** The set oneof member's bytes (image, histogram, audio, tensor). */
  payloadStart = 0;
  payloadEnd = 0;
}

/** Reads a Summary.Value occupying [r.pos, end) into `v`. */
export function readValue(r: ProtoReader, end: number, v: ValueFields): void {
  v.tagStart = v.tagEnd = 0;
  v.metadataStart = -1;
  v.kind = VALUE_NONE;
  while (r.pos < end) {
    const key = r.uint32();
    const field = key >>> 3;
    const wire = key & 7;
    if (field === 2 && wire === WIRE_FIXED32) {
      v.kind = VALUE_SIMPLE;
      v.simple = r.float();
    } else if (wire === WIRE_LENGTH && (field === 1 || field === 9 || (field >= 3 && field <= 8))) {
      const e = r.lengthDelimited(end);
      if (field === 1) {
        v.tagStart = r.pos;
        v.tagEnd = e;
      } else if (field === 9) {
        v.metadataStart = r.pos;
        v.metadataEnd = e;
      } else if (field !== 7) {
        // 7 is the deprecated node_name; the rest are the oneof's messages.
        v.kind = field;
        v.payloadStart = r.pos;
        v.payloadEnd = e;
      }
      r.pos = e;
    } else r.skip(wire, end);
  }
  r.expectEnd(end);
}

/** SummaryMetadata.plugin_data: the plugin's name and its content, as ranges. */
export class PluginData {
  nameStart = 0;
  nameEnd = 0;
  contentStart = 0;
  contentEnd = 0;
}

/** Reads metadata [start, end) into `out`; an absent plugin_data leaves empty ranges. */
export function readPluginData(r: ProtoReader, start: number, end: number, out: PluginData): void {
  out.nameStart = out.nameEnd = out.contentStart = out.contentEnd = 0;
  r.pos = start;
  while (r.pos < end) {
    const key = r.uint32();
    if (key !== ((1 << 3) | WIRE_LENGTH)) {
      r.skip(key & 7, end);
      continue;
    }
    const dataEnd = r.lengthDelimited(end);
    while (r.pos < dataEnd) {
      const k = r.uint32();
      if (k === ((1 << 3) | WIRE_LENGTH) || k === ((2 << 3) | WIRE_LENGTH)) {
        const e = r.lengthDelimited(dataEnd);
        if (k >>> 3 === 1) {
          out.nameStart = r.pos;
          out.nameEnd = e;
        } else {
          out.contentStart = r.pos;
          out.contentEnd = e;
        }
        r.pos = e;
      } else r.skip(k & 7, dataEnd);
    }
    r.expectEnd(dataEnd);
  }
  r.expectEnd(end);
}

/** Summary.Image: the encoded image bytes as a range (height, width, colorspace are not needed). */
export function readImageBytes(r: ProtoReader, start: number, end: number): Uint8Array | null {
  r.pos = start;
  let image: Uint8Array | null = null;
  while (r.pos < end) {
    const key = r.uint32();
    if (key === ((4 << 3) | WIRE_LENGTH)) image = r.bytesField(end);
    else r.skip(key & 7, end);
  }
  r.expectEnd(end);
  return image;
}
