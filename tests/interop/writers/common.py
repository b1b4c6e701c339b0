"""What every writer script of the interoperability suite shares (docs/interop.md).

The random choices (run layout, tags, dtypes, values, texts, images, hparams) come from one
`random.Random` seeded with "<seed>:<writer>", so a seed replays the same plan; only how far a
killed writer got depends on timing. The writers themselves are the real libraries: nothing here
encodes an event, a record or a summary.
"""

import io
import math
import os
import random
import signal
import subprocess
import sys
import time

from PIL import Image

# Tags as people write them: plain, nested, Keras-style, with spaces, Unicode, dots, and names that
# collide with the train/validation folders Runlens merges (`train/loss` in a run that also has a
# `train/` folder holding `loss`).
TAG_POOL = [
    "loss",
    "accuracy",
    "lr",
    "epoch_loss",
    "epoch_accuracy",
    "grad/norm",
    "metrics/val_acc",
    "train/loss",
    "perf/samples per sec",
    "Loss/train",
    "μ/σ",
    "über_score",
    "精度/top-1",
    "x.y.z",
    "a-b_c",
]

TEXT_POOL = [
    "Model: resnet18, pretrained on ImageNet",
    "## Config\n\n- lr: 0.001\n- epochs: 10",
    "<script>alert('x')</script> stays text",
    "multi\nline\n\nnote with `code`",
    "Ünïcödé 日本語 emoji 🎉",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "",
]

SPLIT_CHILDREN = [("train", "validation"), ("train", "val"), ("eval",), ("train", "validation", "test")]


def make_rng(seed, writer):
    """The writer's random stream: the same seed gives the same plan."""
    return random.Random(f"{seed}:{writer}")


def run_count(rng):
    """At least 20 runs per writer per test run (issue 12)."""
    return 20 + rng.randint(0, 4)


def run_name(rng, index):
    """A run folder below the logdir: flat, nested in a sweep folder, or with Unicode."""
    style = rng.random()
    if style < 0.6:
        return f"run_{index:02d}"
    if style < 0.85:
        return f"sweep_{index % 3}/trial_{index:02d}"
    return f"exp é_{index:02d}"


def pick_tags(rng, k):
    """k distinct tags."""
    return rng.sample(TAG_POOL, k)


def float_value(rng, special=0.03):
    """A training-curve number; now and then NaN, ±Infinity, -0.0 or a tiny one."""
    r = rng.random()
    if r < special:
        return rng.choice([math.nan, math.inf, -math.inf, -0.0, 1e-30])
    return rng.choice([1.0, -1.0, 0.01, 100.0]) * rng.lognormvariate(0, 1.5)


def half_value(rng):
    """A number float16 holds without overflowing (NaN and ±Infinity still possible)."""
    x = float_value(rng)
    return x if not math.isfinite(x) or abs(x) < 60000 else 1.5


def int_value(rng, bits):
    """An integer scalar: counts, mostly small, sometimes near the top of the range."""
    if rng.random() < 0.1:
        return rng.choice([-1, 1]) * rng.randint(0, 2 ** (bits - 1) - 1)
    return rng.randint(-1000, 100000)


def step_plan(rng, files):
    """Steps of each event file of a folder: later files continue, sometimes repeating steps
    (a writer restarted from a checkpoint), and now and then from a large global step."""
    start = rng.choice([0, 0, 1, rng.randint(0, 10**6), rng.randint(0, 10**12)])
    plans = []
    for _ in range(files):
        stride = rng.choice([1, 1, 10, 100, rng.randint(1, 50)])
        n = rng.randint(2, 15)
        plans.append([start + i * stride for i in range(n)])
        start = start + n * stride - (rng.randint(1, 3) * stride if rng.random() < 0.3 else 0)
    if rng.random() < 0.3:
        # The last step logged twice (a final evaluation at the step training ended on): which
        # value is "last" then depends on the wall time.
        plans[-1].append(plans[-1][-1])
    return plans


class WallClock:
    """Wall times of a run: hours to months ago, moving forward by fractions of a second to
    minutes (writers record time.time())."""

    def __init__(self, rng):
        self.rng = rng
        self.t = time.time() - rng.uniform(3600, 3e7)

    def next(self):
        self.t += self.rng.uniform(0.001, 120)
        return self.t


def image_bytes(rng, fmt=None):
    """A small random image, PNG or JPEG, encoded by Pillow."""
    w, h = rng.randint(1, 24), rng.randint(1, 24)
    pixels = bytes(rng.getrandbits(8) for _ in range(w * h * 3))
    out = io.BytesIO()
    Image.frombytes("RGB", (w, h), pixels).save(out, format=fmt or rng.choice(["PNG", "PNG", "JPEG"]))
    return out.getvalue(), w, h


def image_array(rng):
    """A random CHW uint8 image as tensorboardX's add_image takes it."""
    import numpy as np

    c = rng.choice([1, 3])
    h, w = rng.randint(2, 16), rng.randint(2, 16)
    return np.array([rng.getrandbits(8) for _ in range(c * h * w)], dtype=np.uint8).reshape(c, h, w)


def hparams_dict(rng):
    """Hyperparameters of one trial: floats, whole numbers, bools and hostile strings."""
    out = {
        "lr": 10 ** rng.uniform(-6, -1),
        "batch_size": rng.choice([8, 16, 32, 64, 128]),
    }
    extras = {
        "dropout": rng.choice([0.0, 0.1, 0.25, 0.5]),
        "optimizer": rng.choice(["adam", "sgd", "AdamW (β2=0.999)", "it's \"quoted\"", ""]),
        "use_bn": rng.random() < 0.5,
        "layers": rng.randint(1, 200),
        "weight_decay": rng.choice([1e-05, 0.0001, 5e-4, 1e20, -0.5]),
        "model.name": "resnet-" + str(rng.randint(1, 200)),
        "ünïcode key": "värde",
    }
    for key in rng.sample(sorted(extras), rng.randint(0, len(extras))):
        out[key] = extras[key]
    return out


def kill_while_writing(script, args, event_dir, rng, timeout=20.0):
    """Starts `script --child ...` (a writer that never stops), waits until an event file in
    event_dir has grown past a random size, then SIGKILLs it: whatever is on disk is what a
    killed training job leaves. Returns the size reached."""
    threshold = rng.randint(9_000, 40_000)
    child = subprocess.Popen([sys.executable, script, "--child", *args])
    deadline = time.monotonic() + timeout
    size = 0
    try:
        while time.monotonic() < deadline:
            if child.poll() is not None:
                raise RuntimeError(f"the writer to kill exited by itself (code {child.returncode})")
            size = sum(
                os.path.getsize(os.path.join(event_dir, f))
                for f in os.listdir(event_dir) if "tfevents" in f
            ) if os.path.isdir(event_dir) else 0
            if size >= threshold:
                break
            time.sleep(0.005)
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    if child.returncode != -signal.SIGKILL:
        raise RuntimeError(f"the killed writer ended with {child.returncode}, not SIGKILL")
    return size


def last_record_size(path):
    """Bytes of the last whole TFRecord in an event file (its framing, read here only to cut
    inside it)."""
    import struct

    with open(path, "rb") as f:
        data = f.read()
    at, last = 0, 0
    while at + 12 <= len(data):
        (length,) = struct.unpack_from("<Q", data, at)
        if at + 16 + length > len(data):
            break
        last = 16 + length
        at += last
    return last


def cut_tail(path, rng):
    """Cuts the file inside its last record, as a writer stopped mid-write leaves it (the OS
    wrote part of a record)."""
    size = os.path.getsize(path)
    last = last_record_size(path)
    if last == 0:
        return
    with open(path, "r+b") as f:
        f.truncate(size - rng.randint(1, last - 1))


def parse_args(argv):
    """`writer.py LOGDIR SEED` or the child mode `writer.py --child DIR SEED`."""
    if len(argv) >= 2 and argv[1] == "--child":
        return "child", argv[2], argv[3]
    if len(argv) != 3:
        sys.exit(f"usage: {argv[0]} LOGDIR SEED")
    return "write", argv[1], argv[2]
