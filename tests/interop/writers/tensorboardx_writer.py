"""Writes randomised runs with tensorboardX's SummaryWriter, the way training scripts call it.

Usage: tensorboardx_writer.py LOGDIR SEED. Scalars are passed as Python floats and ints and as
numpy float16/32/64 and int32/64 scalars (tensorboardX stores them all as `simple_value`), also
through `add_scalars` (one sub-run per key: `<run>/<main tag>/<key>`), with display names now and
then; texts, images (`add_image`, `add_images`), histograms (which Runlens counts, not shows),
hparams either with `add_hparams` (its own sub-run) or as the session-start summary in the run
folder, train/validation child folders, and several writers (event files) per folder. One writer
is SIGKILLed while writing: tensorboardX writes through a buffered file, so the file usually ends
inside a record.
"""

import logging
import os
import sys
import time

import numpy as np
from tensorboardX import SummaryWriter
from tensorboardX.summary import hparams as hparams_summaries

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

WRITER = "tensorboardx"

NUMBER_TYPES = [float, int, np.float16, np.float32, np.float64, np.int32, np.int64]


def number(rng, kind):
    if kind is int or kind in (np.int32, np.int64):
        return kind(common.int_value(rng, 32 if kind is np.int32 else 53))
    return kind(common.half_value(rng) if kind is np.float16 else common.float_value(rng))


def write_folder(rng, folder, clock, hparams, split_keys):
    """One folder: one to three SummaryWriters in turn, each a separate event file."""
    files = rng.randint(1, 3)
    tags = [(t, rng.choice(NUMBER_TYPES), rng.random() < 0.2) for t in common.pick_tags(rng, rng.randint(1, 4))]
    text_tag = rng.choice([None, "notes", "config/summary"])
    image_tag = rng.choice([None, "images/sample", "attention"])
    histogram = rng.random() < 0.3
    scalars_main = rng.choice([None, "loss_curves", "Loss"]) if split_keys else None
    plans = common.step_plan(rng, files)
    for index, steps in enumerate(plans):
        # A suffix per writer keeps two writers started in the same second from sharing a name.
        writer = SummaryWriter(folder, filename_suffix=f".{index}", max_queue=rng.randint(1, 20))
        if index == 0 and hparams is not None:
            if rng.random() < 0.5:
                # Lightning-style: the session-start summary written into the run's own file.
                _, ssi, _ = hparams_summaries(hparams, {})
                writer.file_writer.add_summary(ssi, 0, clock.next())
            else:
                writer.add_hparams(hparams, {"hparam/score": common.float_value(rng)}, name=rng.choice([None, "hp"]))
        for step in steps:
            for tag, kind, named in tags:
                extra = {"display_name": f"{tag} (shown)"} if named else {}
                writer.add_scalar(tag, number(rng, kind), step, walltime=clock.next(), **extra)
            if scalars_main and rng.random() < 0.7:
                values = {k: common.float_value(rng) for k in split_keys}
                writer.add_scalars(scalars_main, values, step, walltime=clock.next())
            if text_tag and rng.random() < 0.3:
                writer.add_text(text_tag, rng.choice(common.TEXT_POOL) or "-", step, walltime=clock.next())
            if image_tag and rng.random() < 0.3:
                if rng.random() < 0.5:
                    writer.add_image(image_tag, common.image_array(rng), step, walltime=clock.next())
                else:
                    n, h, w = rng.randint(1, 4), rng.randint(2, 8), rng.randint(2, 8)
                    batch = np.array([rng.random() for _ in range(n * 3 * h * w)]).reshape(n, 3, h, w)
                    writer.add_images(image_tag, batch, step, walltime=clock.next())
            if histogram and rng.random() < 0.5:
                writer.add_histogram("weights", np.array([rng.gauss(0, 1) for _ in range(20)]), step, walltime=clock.next())
        writer.close()


def write_run(rng, logdir, name):
    root = os.path.join(logdir, name)
    clock = common.WallClock(rng)
    hparams = common.hparams_dict(rng) if rng.random() < 0.6 else None
    split_keys = rng.choice([None, None, ["train", "validation"], ["a", "b"]])
    if rng.random() < 0.6:
        write_folder(rng, root, clock, hparams, split_keys)
        return
    write_folder(rng, root, clock, hparams, split_keys)
    for child in rng.choice(common.SPLIT_CHILDREN):
        write_folder(rng, os.path.join(root, child), clock, None, None)


def child(folder, seed):
    """Killed-writer mode: logs scalars forever until the parent SIGKILLs the process."""
    rng = common.make_rng(seed, WRITER + ":child")
    writer = SummaryWriter(folder, max_queue=rng.randint(1, 50), flush_secs=rng.choice([1, 120]))
    tags = common.pick_tags(rng, 3)
    writer.add_text("notes", "started", 0)
    step = 0
    while True:
        for tag in tags:
            writer.add_scalar(tag, common.float_value(rng), step)
        step += 1
        if step % 50 == 0:
            time.sleep(0.001)


def main():
    # tensorboardX warns of every NaN it is given; NaN is on purpose here.
    logging.getLogger("tensorboardX").setLevel(logging.ERROR)
    mode, path, seed = common.parse_args(sys.argv)
    if mode == "child":
        child(path, seed)
        return
    rng = common.make_rng(seed, WRITER)
    n = common.run_count(rng)
    names = [common.run_name(rng, i) for i in range(n)]
    killed = rng.randrange(n)
    for i, name in enumerate(names):
        if i == killed:
            folder = os.path.join(path, name)
            common.kill_while_writing(os.path.abspath(__file__), [folder, f"{seed}:{i}"], folder, rng)
        else:
            write_run(rng, path, name)
    print(f"tensorboardX: {n} runs in {path} (killed {names[killed]})")


if __name__ == "__main__":
    main()
