"""Writes randomised training histories with Keras 3's own `keras.callbacks.CSVLogger` (torch
backend, CPU, no TensorFlow) and reads them back with Python's csv module, which is how the
logger writes them (docs/interop.md, docs/lightning-keras.md).

Usage: keras_writer.py LOGDIR SEED VIEW.json

Each run fits a one-layer model for 1 to 6 epochs into `LOGDIR/project_<i>/<file>` (training.log,
history.csv, ...): metrics mae/mse, validation every epoch, every second epoch (the other rows say
`NA`) or never (the logger still adds empty val_ columns), a ReduceLROnPlateau before the logger
(a `learning_rate` column), a callback that adds its own value (NaN now and then), targets holding
a NaN (the loss is NaN throughout), separators `,` `;` or a tab, and `append=True` with a second
fit that continues the epochs or starts again from 0. VIEW.json gets every file as csv.reader
reads it with the logger's separator.
"""

import csv
import json
import math
import os
import sys
import warnings

os.environ["KERAS_BACKEND"] = "torch"

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

import torch  # noqa: E402

torch.set_num_threads(1)
import keras  # noqa: E402
import numpy as np  # noqa: E402

WRITER = "keras"
FILE_NAMES = ["training.log", "history.csv", "log.csv", "metrics é.csv"]
FEATURES = ["validation", "validation-freq", "no-validation", "learning-rate", "custom-value",
            "nan", "nan-loss", "separator:,", "separator:;", "separator:tab", "append-continue",
            "append-restart"]


class Extra(keras.callbacks.Callback):
    """A callback that adds its own value to the logs before the CSVLogger writes them."""

    def __init__(self, rng, nan):
        super().__init__()
        self.rng, self.nan = rng, nan

    def on_epoch_end(self, epoch, logs=None):
        logs["grad_norm"] = float("nan") if self.nan and epoch % 2 == 1 else self.rng.uniform(0, 5)


def write_run(rng, path, covers, force=frozenset()):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    g = np.random.default_rng(rng.randint(0, 2**31))
    x = g.random((rng.randint(8, 24), 2), dtype=np.float32)
    y = g.random((len(x), 1), dtype=np.float32)
    if rng.random() < 0.1 or "nan-loss" in force:
        y[0] = np.nan
        covers.add("nan-loss")
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    model.compile(optimizer=rng.choice(["adam", "sgd"]), loss="mse",
                  metrics=rng.sample(["mae", "mse"], rng.randint(0, 2)))
    validation = rng.choice(["every", "every", "freq", "none"])
    for feature, kind in (("validation", "every"), ("validation-freq", "freq"), ("no-validation", "none")):
        if feature in force:
            validation = kind
    if force & {"append-continue", "append-restart"}:
        validation = "every"
    covers.add({"every": "validation", "freq": "validation-freq", "none": "no-validation"}[validation])
    separator = rng.choice([",", ",", ";", "\t"])
    for sep in (",", ";", "\t"):
        if f"separator:{'tab' if sep == chr(9) else sep}" in force:
            separator = sep
    covers.add(f"separator:{'tab' if separator == chr(9) else separator}")
    callbacks = []
    if rng.random() < 0.3 or "learning-rate" in force:
        callbacks.append(keras.callbacks.ReduceLROnPlateau(monitor="loss", patience=1))
        covers.add("learning-rate")
    if rng.random() < 0.3 or force & {"custom-value", "nan"}:
        nan = rng.random() < 0.5 or "nan" in force
        callbacks.append(Extra(rng, nan))
        covers.add("custom-value")
        if nan:
            covers.add("nan")
    # Keras fixes a file's columns at the first epoch of each fit, and append=True writes no new
    # header: with validation every second epoch, a second fit starting on a validated epoch
    # writes rows of another width (csv and Runlens alike cannot line them up). Real, but not a
    # history anyone can read, so appended files validate every epoch or never.
    append = validation != "freq" and (
        rng.random() < 0.3 or bool(force & {"append-continue", "append-restart"}))
    callbacks.append(keras.callbacks.CSVLogger(path, separator=separator, append=append))
    fit = {"x": x, "y": y, "verbose": 0, "batch_size": rng.choice([4, 8]), "callbacks": callbacks}
    if validation != "none":
        fit["validation_data"] = (x[:4], y[:4])
        fit["validation_freq"] = 1 if validation == "every" else 2
    epochs = rng.randint(1, 6)
    model.fit(epochs=epochs, **fit)
    if append:
        # Training resumed into the same file: Keras appends rows without a second header.
        if "append-restart" in force or ("append-continue" not in force and rng.random() < 0.5):
            model.fit(epochs=rng.randint(1, 4), **fit)
            covers.add("append-restart")
        else:
            model.fit(epochs=epochs + rng.randint(1, 4), initial_epoch=epochs, **fit)
            covers.add("append-continue")


def number(text):
    x = float(text)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return x


def read_back(logdir):
    """Each history as csv.reader reads it with the separator its header line uses."""
    files = []
    for dirpath, _, names in sorted(os.walk(logdir)):
        for name in sorted(names):
            path = os.path.join(dirpath, name)
            with open(path, newline="", encoding="utf-8") as f:
                first = f.readline()
                f.seek(0)
                separator = next(s for s in ("\t", ";", ",") if s in first)
                rows = list(csv.reader(f, delimiter=separator))
            header, body = rows[0], rows[1:]
            metrics = {key: [] for key in header if key != "epoch"}
            for row in body:
                cells = dict(zip(header, row))
                for key in metrics:
                    if cells[key] not in ("NA", ""):
                        metrics[key].append([int(cells["epoch"]), number(cells[key])])
            files.append({
                "path": os.path.relpath(path, logdir).replace(os.sep, "/"),
                "separator": separator,
                "header": header,
                "epochs": [int(r[0]) for r in body],
                "metrics": metrics,
            })
    return files


def main():
    _, logdir, seed = common.parse_args(sys.argv[:3])
    view_path = sys.argv[3]
    rng = common.make_rng(seed, WRITER)
    warnings.filterwarnings("ignore")
    covers = set()
    runs = common.run_count(rng)
    for i in range(runs):
        write_run(rng, os.path.join(logdir, f"project_{i:02d}", rng.choice(FILE_NAMES)), covers)
    # A seed whose dice left a case out gets a run that has it, so every seed covers them all.
    for feature in FEATURES:
        if feature not in covers:
            write_run(rng, os.path.join(logdir, f"project_{runs:02d}", rng.choice(FILE_NAMES)),
                      covers, frozenset({feature}))
            runs += 1
    with open(view_path, "w", encoding="utf-8") as out:
        json.dump({"files": read_back(logdir), "covers": sorted(covers)}, out,
                  ensure_ascii=False, allow_nan=False)
    print(f"keras: wrote {runs} runs to {logdir}")
    print("covers:", " ".join(sorted(covers)))


main()
