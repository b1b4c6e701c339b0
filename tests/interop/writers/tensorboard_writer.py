"""Writes randomised runs with TensorBoard's own writer code, no TensorFlow needed:
`EventFileWriter` (what torch.utils.tensorboard uses), `tensor_util.make_tensor_proto`, the
plugins' `metadata.create_summary_metadata`, and `hparams.summary_v2.hparams_pb`.

Usage: tensorboard_writer.py LOGDIR SEED. Each run is a folder (some with train/validation child
folders) holding one to three event files. Scalars use every encoding TensorBoard writers use:
`simple_value` (TF1, PyTorch), rank-0 tensors of float16/32/64, int32/64 and bool, typed values
(packed by protobuf) or `tensor_content` (as TF2's C++ writer stores them), with the scalars
plugin's metadata on the first value or on every value, or with no metadata at all. Two runs end
badly: one writer is SIGKILLed while writing, one file is cut inside its last record.
"""

import math
import os
import sys
import time

import numpy as np
from tensorboard.compat.proto import event_pb2, summary_pb2, tensor_pb2, tensor_shape_pb2
from tensorboard.compat.proto import types_pb2
from tensorboard.plugins.hparams import metadata as hparams_metadata
from tensorboard.plugins.hparams import plugin_data_pb2, summary_v2 as hparams_summary
from tensorboard.plugins.image import metadata as image_metadata
from tensorboard.plugins.scalar import metadata as scalar_metadata
from tensorboard.plugins.text import metadata as text_metadata
from tensorboard.summary.writer.event_file_writer import EventFileWriter
from tensorboard.util import tensor_util

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

WRITER = "tensorboard"

# How a scalar tag is encoded: (numpy dtype, TensorProto dtype, value source).
DTYPES = {
    "f16": (np.float16, types_pb2.DT_HALF, common.half_value),
    "f32": (np.float32, types_pb2.DT_FLOAT, common.float_value),
    "f64": (np.float64, types_pb2.DT_DOUBLE, common.float_value),
    "i32": (np.int32, types_pb2.DT_INT32, lambda rng: common.int_value(rng, 32)),
    "i64": (np.int64, types_pb2.DT_INT64, lambda rng: common.int_value(rng, 64)),
    "bool": (np.bool_, types_pb2.DT_BOOL, lambda rng: rng.random() < 0.5),
}


class ScalarTag:
    """One scalar tag of a folder and how its values are written."""

    def __init__(self, rng, tag):
        self.tag = tag
        self.kind = rng.choice(["simple", "simple", *DTYPES])
        self.content = self.kind != "simple" and rng.random() < 0.5
        # Metadata on the first value only (TF1's FileWriter), on every value (TF2, PyTorch new
        # style), or none at all (a bare tensor summary).
        self.metadata = rng.choice(["first", "every", "none"]) if self.kind != "simple" else "none"
        self.written = 0

    def value(self, rng):
        """A Summary.Value for the next point."""
        if self.kind == "simple":
            return summary_pb2.Summary.Value(tag=self.tag, simple_value=common.float_value(rng))
        np_type, dt, source = DTYPES[self.kind]
        x = np.array(source(rng), dtype=np_type)
        if self.content:
            tensor = tensor_pb2.TensorProto(
                dtype=dt,
                tensor_shape=tensor_shape_pb2.TensorShapeProto(),
                tensor_content=x.tobytes(),
            )
        else:
            tensor = tensor_util.make_tensor_proto(x)
        value = summary_pb2.Summary.Value(tag=self.tag, tensor=tensor)
        if self.metadata == "every" or (self.metadata == "first" and self.written == 0):
            value.metadata.CopyFrom(scalar_metadata.create_summary_metadata(self.tag, ""))
        self.written += 1
        return value


def event(wall, step, values):
    return event_pb2.Event(wall_time=wall, step=step, summary=summary_pb2.Summary(value=values))


def text_value(rng, tag, first):
    value = summary_pb2.Summary.Value(
        tag=tag,
        tensor=tensor_util.make_tensor_proto(rng.choice(common.TEXT_POOL)),
    )
    if first:
        value.metadata.CopyFrom(text_metadata.create_summary_metadata(tag, ""))
    return value


def image_value(rng, tag, legacy):
    """An image as TF1 wrote it (Summary.Image) or as the images plugin's tensor
    [width, height, encoded...] (summary_v2)."""
    if legacy:
        data, w, h = common.image_bytes(rng)
        img = summary_pb2.Summary.Image(height=h, width=w, colorspace=3, encoded_image_string=data)
        return summary_pb2.Summary.Value(tag=tag, image=img)
    images = [common.image_bytes(rng, "PNG") for _ in range(rng.randint(1, 3))]
    content = [str(images[0][1]).encode(), str(images[0][2]).encode(), *(i[0] for i in images)]
    value = summary_pb2.Summary.Value(
        tag=tag,
        tensor=tensor_util.make_tensor_proto(content, dtype=types_pb2.DT_STRING),
    )
    value.metadata.CopyFrom(
        image_metadata.create_summary_metadata(tag, "", converted_to_tensor=True)
    )
    return value


def session_end(status, wall):
    info = plugin_data_pb2.SessionEndInfo(status=status, end_time_secs=wall)
    data = plugin_data_pb2.HParamsPluginData(session_end_info=info)
    return summary_pb2.Summary.Value(
        tag=hparams_metadata.SESSION_END_INFO_TAG,
        metadata=hparams_metadata.create_summary_metadata(data),
        tensor=hparams_metadata.NULL_TENSOR,
    )


def write_folder(rng, folder, clock, hparams, status):
    """One run folder (or a train/validation child): one to three event files, each a writer
    that was started, wrote, and closed."""
    files = rng.randint(1, 3)
    tags = [ScalarTag(rng, t) for t in common.pick_tags(rng, rng.randint(1, 4))]
    text_tags = common.pick_tags(rng, rng.randint(0, 2))
    text_tags = [f"notes/{t}" for t in text_tags]
    image_tag = f"samples/{rng.choice(['input', 'pred'])}" if rng.random() < 0.4 else None
    legacy_images = rng.random() < 0.5
    merged = rng.random() < 0.5  # one event per step holding every tag (TF1's merged summary)
    plans = common.step_plan(rng, files)
    texts_written = set()
    for index, steps in enumerate(plans):
        writer = EventFileWriter(folder, max_queue_size=rng.randint(1, 20))
        if index == 0 and hparams is not None:
            writer.add_event(event(clock.next(), 0, list(hparams_summary.hparams_pb(hparams, start_time_secs=clock.t).value)))
        for step in steps:
            values = [t.value(rng) for t in tags]
            if merged:
                writer.add_event(event(clock.next(), step, values))
            else:
                for v in values:
                    writer.add_event(event(clock.next(), step, [v]))
            for tag in text_tags:
                if rng.random() < 0.3:
                    writer.add_event(event(clock.next(), step, [text_value(rng, tag, tag not in texts_written)]))
                    texts_written.add(tag)
            if image_tag and rng.random() < 0.3:
                writer.add_event(event(clock.next(), step, [image_value(rng, image_tag, legacy_images)]))
        if index == files - 1 and status is not None:
            writer.add_event(event(clock.next(), steps[-1], [session_end(status, clock.t)]))
        writer.close()


def write_run(rng, logdir, name):
    root = os.path.join(logdir, name)
    clock = common.WallClock(rng)
    hparams = common.hparams_dict(rng) if rng.random() < 0.7 else None
    status = rng.choice([None, None, 1, 2, 3, 0]) if hparams is not None else None
    layout = rng.choice(["flat", "flat", "split", "split-only"])
    if layout == "flat":
        write_folder(rng, root, clock, hparams, status)
        return
    # Keras: curves in train/ and validation/, hparams in the run folder ("split") or, when the
    # run folder holds no event file ("split-only"), in the first child.
    if layout == "split":
        write_folder(rng, root, clock, hparams, status)
    for i, child in enumerate(rng.choice(common.SPLIT_CHILDREN)):
        own = layout == "split-only" and i == 0
        write_folder(rng, os.path.join(root, child), clock, hparams if own else None, status if own else None)


def child(folder, seed):
    """Killed-writer mode: writes scalars forever until the parent SIGKILLs the process."""
    rng = common.make_rng(seed, WRITER + ":child")
    writer = EventFileWriter(folder, max_queue_size=rng.randint(1, 50), flush_secs=rng.choice([1, 120]))
    writer.add_event(event(time.time(), 0, list(hparams_summary.hparams_pb(common.hparams_dict(rng)).value)))
    tags = [ScalarTag(rng, t) for t in common.pick_tags(rng, 3)]
    step = 0
    while True:
        writer.add_event(event(time.time(), step, [t.value(rng) for t in tags]))
        step += 1
        if step % 50 == 0:
            time.sleep(0.001)


def main():
    mode, path, seed = common.parse_args(sys.argv)
    if mode == "child":
        child(path, seed)
        return
    rng = common.make_rng(seed, WRITER)
    n = common.run_count(rng)
    names = [common.run_name(rng, i) for i in range(n)]
    killed, cut = rng.sample(range(n), 2)
    for i, name in enumerate(names):
        if i == killed:
            folder = os.path.join(path, name)
            common.kill_while_writing(os.path.abspath(__file__), [folder, f"{seed}:{i}"], folder, rng)
            continue
        write_run(rng, path, name)
        if i == cut:
            folder = os.path.join(path, name)
            while not any("tfevents" in f for f in os.listdir(folder)):
                folder = os.path.join(folder, sorted(os.listdir(folder))[0])
            last = sorted(f for f in os.listdir(folder) if "tfevents" in f)[-1]
            common.cut_tail(os.path.join(folder, last), rng)
    print(f"tensorboard: {n} runs in {path} (killed {names[killed]}, cut {names[cut]})")


if __name__ == "__main__":
    main()
