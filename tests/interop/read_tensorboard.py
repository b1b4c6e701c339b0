"""Prints, as JSON, what TensorBoard itself sees in a logdir (docs/interop.md).

Usage: read_tensorboard.py LOGDIR > view.json

Runs and their data come from TensorBoard's own loader: `plugin_event_multiplexer.EventMultiplexer`
(the multiplexer `tensorboard --logdir` builds on, one `EventAccumulator` per run folder) with
size guidance 0, which keeps every point instead of a sample, and without purging "orphaned"
steps, since Runlens keeps every recorded point (docs/tensorboard.md). Every event file is also
read alone with TensorBoard's `LegacyEventFileLoader` for its record count and wall-time span,
and its TFRecord framing is walked here to say where a file ends inside a record.

The JSON: {"tensorboard": version, "runs": {run: {"tags": {tag: TAG}, "hparams": {...} | null,
"status": int | null}}, "files": {path: {"run", "records", "truncatedAt", "minWallTime",
"maxWallTime"}}}, where TAG is {"plugin", "points": [[step, wall_time, value]...]} for rank-0
numbers, {"plugin", "texts": [[step, [text...]]...]} for strings of the text plugin,
{"plugin", "images": [[step, count]...]} for the images plugin, or {"plugin", "other": count}.
Non-finite numbers are written as the strings "NaN", "Infinity", "-Infinity".
"""

import json
import logging
import math
import os
import struct
import sys

import numpy as np
import tensorboard
from tensorboard.backend.event_processing import event_accumulator as ea
from tensorboard.backend.event_processing import event_file_loader
from tensorboard.backend.event_processing import plugin_event_multiplexer
from tensorboard.plugins.hparams import metadata as hparams_metadata
from tensorboard.plugins.hparams import plugin_data_pb2
from tensorboard.util import tensor_util

KEEP_EVERYTHING = {
    ea.TENSORS: 0,
    ea.SCALARS: 0,
    ea.IMAGES: 0,
    ea.AUDIO: 0,
    ea.HISTOGRAMS: 0,
    ea.COMPRESSED_HISTOGRAMS: 0,
}


def json_number(x):
    if isinstance(x, (bool, np.bool_)):
        return 1 if x else 0
    if isinstance(x, (int, np.integer)):
        return int(x)
    x = float(x)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return x


def framing(path):
    """(whole records, byte offset where the file ends inside a record or None)."""
    with open(path, "rb") as f:
        data = f.read()
    at, records = 0, 0
    while at < len(data):
        if at + 12 > len(data):
            return records, at
        (length,) = struct.unpack_from("<Q", data, at)
        if at + 16 + length > len(data):
            return records, at
        at += 16 + length
        records += 1
    return records, None


def read_file(path):
    """Records and wall-time span as TensorBoard's file loader reads one event file."""
    records, wall = 0, []
    for event in event_file_loader.LegacyEventFileLoader(path).Load():
        records += 1
        if event.wall_time > 0:
            wall.append(event.wall_time)
    return records, (min(wall) if wall else None), (max(wall) if wall else None)


def hparam_view(value):
    kind = value.WhichOneof("kind")
    if kind == "number_value":
        return {"type": "number", "value": json_number(value.number_value), "python": repr(value.number_value)}
    if kind == "string_value":
        return {"type": "string", "value": value.string_value}
    if kind == "bool_value":
        return {"type": "bool", "value": value.bool_value}
    return {"type": kind or "none"}


def tag_view(plugin, events):
    view = {"plugin": plugin}
    arrays = [(e.step, e.wall_time, tensor_util.make_ndarray(e.tensor_proto)) for e in events]
    if plugin == "text":
        view["texts"] = [
            [step, [b.decode("utf-8", "replace") if isinstance(b, bytes) else str(b) for b in a.flatten()]]
            for step, _, a in arrays
        ]
    elif plugin == "images":
        view["images"] = [[step, max(0, a.size - 2)] for step, _, a in arrays]
    elif plugin in ("scalars", "") and all(a.shape == () and a.dtype.kind in "biuf" for _, _, a in arrays):
        view["points"] = [[step, wall, json_number(a.item())] for step, wall, a in arrays]
        view["dtypes"] = sorted({str(a.dtype) for _, _, a in arrays})
    else:
        view["other"] = len(arrays)
    return view


def read_logdir(logdir):
    multiplexer = plugin_event_multiplexer.EventMultiplexer(
        size_guidance=KEEP_EVERYTHING, purge_orphaned_data=False
    )
    multiplexer.AddRunsFromDirectory(logdir)
    multiplexer.Reload()
    hparams_content = multiplexer.PluginRunToTagToContent(hparams_metadata.PLUGIN_NAME)
    runs = {}
    for run in sorted(multiplexer.Runs()):
        accumulator = multiplexer.GetAccumulator(run)
        tags = {}
        metadata = accumulator.AllSummaryMetadata()
        for tag in accumulator.Tags()[ea.TENSORS]:
            # A tag none of whose values carried metadata (a bare tensor summary) has no plugin.
            plugin = metadata[tag].plugin_data.plugin_name if tag in metadata else ""
            if plugin == hparams_metadata.PLUGIN_NAME:
                continue
            tags[tag] = tag_view(plugin, accumulator.Tensors(tag))
        content = hparams_content.get(run, {})
        params, status = None, None
        start = content.get(hparams_metadata.SESSION_START_INFO_TAG)
        if start is not None:
            info = plugin_data_pb2.HParamsPluginData.FromString(start).session_start_info
            params = {k: hparam_view(v) for k, v in info.hparams.items()}
        end = content.get(hparams_metadata.SESSION_END_INFO_TAG)
        if end is not None:
            status = plugin_data_pb2.HParamsPluginData.FromString(end).session_end_info.status
        runs[run.replace(os.sep, "/")] = {"tags": tags, "hparams": params, "status": status}

    files = {}
    for folder, _, names in os.walk(logdir):
        for name in sorted(names):
            if "tfevents" not in name:
                continue
            path = os.path.join(folder, name)
            records, truncated_at = framing(path)
            loaded, first, last = read_file(path)
            run = os.path.relpath(folder, logdir).replace(os.sep, "/")
            files[os.path.relpath(path, logdir).replace(os.sep, "/")] = {
                "run": run,
                "records": records,
                "loaderRecords": loaded,
                "truncatedAt": truncated_at,
                "minWallTime": first,
                "maxWallTime": last,
            }
    return {"tensorboard": tensorboard.__version__, "runs": runs, "files": files}


def main():
    if len(sys.argv) != 2:
        sys.exit(f"usage: {sys.argv[0]} LOGDIR")
    logging.disable(logging.WARNING)  # TensorBoard logs each odd tag; the JSON says it all
    json.dump(read_logdir(sys.argv[1]), sys.stdout, ensure_ascii=False, allow_nan=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
