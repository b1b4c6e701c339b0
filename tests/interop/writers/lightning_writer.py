"""Writes randomised runs with PyTorch Lightning's own CSVLogger and reads them back with
Lightning's and Python's readers (docs/interop.md, docs/lightning-keras.md).

Usage: lightning_writer.py LOGDIR SEED VIEW.json

Two kinds of run, in one process (Lightning takes seconds to import):
- `Trainer.fit` of a one-layer model on CPU with a CSVLogger: `self.log` on step and on epoch
  (`train_acc_step`/`train_acc_epoch`), validation rows at the end of an epoch, a
  LearningRateMonitor whose rows fill only the `lr-<optimizer>` cell, hyperparameters from
  `save_hyperparameters` (nested maps, lists, None, bools, 1e-05, Unicode, 'yes' as text);
- the logger alone, as a script uses it: `log_metrics` with any subset of keys, NaN and
  ±Infinity, tensors, explicit steps (repeated, going back) or none (then Lightning counts rows
  since its last flush), a key prefix, a flush every 1 to 100 rows (a new key rewrites the
  header), and a version folder that only ever got `log_hyperparams` (a run stopped before it
  logged).
Experiments are `lightning_logs`, `default`, custom names (with a space, nested, Unicode) or none
(versions straight in LOGDIR); versions count up per experiment, some are given (gaps) and some
are strings. VIEW.json gets what `lightning.pytorch.core.saving.load_hparams_from_yaml` and
`csv.DictReader` (how Lightning itself rereads metrics.csv) see in every folder.
"""

import csv
import json
import logging
import math
import os
import sys
import warnings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

import torch  # noqa: E402

torch.set_num_threads(1)
import lightning.pytorch as pl  # noqa: E402
from lightning.pytorch.callbacks import LearningRateMonitor  # noqa: E402
from lightning.pytorch.core.saving import load_hparams_from_yaml  # noqa: E402
from lightning.pytorch.loggers import CSVLogger  # noqa: E402

WRITER = "lightning"
EXPERIMENTS = ["lightning_logs", "lightning_logs", "default", "my model", "sweep/lr é", None]
STRING_VERSIONS = ["baseline", "run-a", "trial 3"]
KEYS = ["loss", "acc", "val_loss", "val/acc", "lr", "grad_norm", "μ", "epoch"]
NOTES = ["plain", "Ünïcödé 日本語", "with: colon", "yes", "", "multi\nline", "#hash"]


def hparams_for(rng):
    """What people pass to save_hyperparameters: nested maps, lists, None, bools, Unicode."""
    out = {
        "lr": rng.choice([0.001, 1e-05, 0.1, 3e-4, 2.0]),
        "batch_size": rng.choice([4, 8, 16]),
        "optimizer": {"name": rng.choice(["adam", "sgd"]), "betas": [0.9, 0.999]},
    }
    extras = {
        "model": {"layers": {"depth": rng.randint(1, 8), "width": 64}, "act": "relu"},
        "use_amp": rng.random() < 0.5,
        "seed": None if rng.random() < 0.5 else rng.randint(0, 9999),
        "note": rng.choice(NOTES),
        "tags": ["a", "b c"],
        "empty": {},
        "weight_decay": rng.choice([0.0, 1e-08, 1e20]),
        "with space": 1,
    }
    for key in rng.sample(sorted(extras), rng.randint(0, len(extras))):
        out[key] = extras[key]
    return out


class Tiny(pl.LightningModule):
    """One linear layer; what it logs is chosen by the plan."""

    def __init__(self, plan, **hparams):
        super().__init__()
        self.save_hyperparameters(hparams)
        self.plan = plan
        self.layer = torch.nn.Linear(2, 1)

    def _loss(self, batch):
        x, y = batch
        return torch.nn.functional.mse_loss(self.layer(x), y)

    def training_step(self, batch, _):
        loss = self._loss(batch)
        self.log("train_loss", loss)
        if self.plan["step_and_epoch"]:
            self.log("train_acc", 1.0 / (1.0 + loss), on_step=True, on_epoch=True)
        if self.plan["nan"]:
            self.log("unstable", float("nan") if self.global_step % 3 == 1 else loss.item())
        return loss

    def validation_step(self, batch, _):
        self.log("val_loss", self._loss(batch))

    def configure_optimizers(self):
        optimizer = (torch.optim.Adam if self.plan["adam"] else torch.optim.SGD)(
            self.parameters(), lr=self.plan["lr"]
        )
        scheduler = torch.optim.lr_scheduler.StepLR(optimizer, 1, gamma=0.5)
        return {"optimizer": optimizer, "lr_scheduler": scheduler}


def pick_name(rng, force):
    name = rng.choice(EXPERIMENTS)
    if "experiment:none" in force:
        return None
    if "experiment:default" in force or "several-versions" in force:
        return "lightning_logs"
    if "experiment:custom" in force:
        return "my model"
    return name


def fit_run(rng, logdir, covers, force=()):
    """A real Trainer.fit with a CSVLogger (and maybe a LearningRateMonitor)."""
    name = pick_name(rng, force)
    version = rng.choice(STRING_VERSIONS) if rng.random() < 0.15 else None
    logger = CSVLogger(logdir, name=name, version=version,
                       flush_logs_every_n_steps=rng.choice([1, 3, 100]))
    plan = {
        "step_and_epoch": rng.random() < 0.6 or "step-and-epoch" in force,
        "nan": rng.random() < 0.3 or "nan" in force,
        "adam": rng.random() < 0.5,
        "lr": rng.choice([0.1, 0.01, 1e-05]),
    }
    callbacks = []
    if rng.random() < 0.7 or "lr-monitor" in force:
        callbacks.append(LearningRateMonitor(logging_interval=rng.choice(["step", "epoch", None])))
        covers.add("lr-monitor")
    validate = rng.random() < 0.7 or "validation" in force
    g = torch.Generator().manual_seed(rng.randint(0, 2**31))
    data = torch.utils.data.TensorDataset(torch.randn(24, 2, generator=g), torch.randn(24, 1, generator=g))
    loader = torch.utils.data.DataLoader(data, batch_size=rng.choice([3, 4, 8]))
    trainer = pl.Trainer(
        max_epochs=rng.randint(1, 3),
        limit_train_batches=rng.randint(2, 6),
        limit_val_batches=2 if validate else 0,
        logger=logger,
        callbacks=callbacks,
        log_every_n_steps=1 if "nan" in force else rng.randint(1, 3),
        enable_checkpointing=False,
        enable_progress_bar=False,
        enable_model_summary=False,
        accelerator="cpu",
        devices=1,
        num_sanity_val_steps=0,
    )
    trainer.fit(Tiny(plan, **hparams_for(rng)), loader, loader if validate else None)
    covers.add("trainer")
    if plan["step_and_epoch"]:
        covers.add("step-and-epoch")
    if plan["nan"] and os.path.exists(os.path.join(logger.log_dir, "metrics.csv")):
        # Only a NaN on a logged step reaches the file (log_every_n_steps may skip it).
        with open(os.path.join(logger.log_dir, "metrics.csv"), newline="") as f:
            if any(cell == "nan" for row in csv.reader(f) for cell in row):
                covers.add("nan")
    if validate:
        covers.add("validation")
    return logger


def cell_value(rng, covers, force):
    r = rng.random()
    if "nonfinite" in force and "nonfinite" not in covers:
        r = 0.0
    elif "tensor" in force and "tensor" not in covers:
        r = 0.1
    if r < 0.05:
        covers.add("nonfinite")
        return rng.choice([float("nan"), float("inf"), float("-inf")])
    if r < 0.15:
        covers.add("tensor")
        return torch.tensor(rng.uniform(-2, 2))
    if r < 0.25:
        return rng.randint(-5, 1000)
    return common.float_value(rng, special=0.0)


def logger_run(rng, logdir, covers, force=()):
    """The logger alone: any keys per call, explicit or implicit steps, a prefix."""
    name = pick_name(rng, force)
    # A run forced to show a case must not roll it away: a params-only run logs no metrics, and a
    # string version took the place of a forced given one (seed 312987266 covered no given version).
    needs_metrics = bool(set(force) & {"string-version", "implicit-step", "new-key", "nonfinite", "tensor"})
    params_only = "params-only" in force or (not needs_metrics and rng.random() < 0.12)
    version = None
    if "given-version" in force:
        version = rng.randint(5, 12)
        covers.add("given-version")
    elif not params_only and (rng.random() < 0.2 or "string-version" in force):
        version = rng.choice(STRING_VERSIONS)
        covers.add("string-version")
    elif rng.random() < 0.15:
        version = rng.randint(5, 12)
        covers.add("given-version")
    prefix = rng.choice(["", "", "", "fold1"]) or ("fold2" if "prefix" in force else "")
    if prefix:
        covers.add("prefix")
    logger = CSVLogger(logdir, name=name, version=version, prefix=prefix,
                       flush_logs_every_n_steps=rng.choice([1, 2, 5, 100]))
    if params_only or rng.random() < 0.7 or "hparams" in force:
        logger.log_hyperparams(hparams_for(rng))
        covers.add("hparams")
    if params_only:
        covers.add("params-only")
        logger.finalize("success")
        return logger
    keys = rng.sample(KEYS, rng.randint(1, 5))
    implicit = rng.random() < 0.25 or "implicit-step" in force
    if implicit:
        covers.add("implicit-step")
    step = rng.choice([0, 0, 1, 100])
    for _ in range(rng.randint(1, 25)):
        row = {k: cell_value(rng, covers, force) for k in rng.sample(keys, rng.randint(1, len(keys)))}
        if rng.random() < 0.1 or ("new-key" in force and "new-key" not in covers):
            covers.add("new-key")
            row["late/" + rng.choice(["metric", "score"])] = rng.random()
        logger.log_metrics(row, step=None if implicit else step)
        step += rng.choice([1, 1, 1, 0, 10, -1])
        step = max(step, 0)
    logger.finalize("success")
    return logger


FIT_FEATURES = ["trainer", "lr-monitor", "step-and-epoch", "nan", "validation"]
LOGGER_FEATURES = [
    "params-only", "string-version", "given-version", "prefix", "implicit-step", "new-key",
    "nonfinite", "tensor", "hparams", "experiment:none", "experiment:default",
    "experiment:custom", "several-versions",
]


RUNS_PER_EXPERIMENT = {}


def note_experiment(logger, covers):
    name = logger.name
    kind = "none" if not name else "default" if name in ("lightning_logs", "default") else "custom"
    covers.add("experiment:" + kind)
    RUNS_PER_EXPERIMENT[name] = RUNS_PER_EXPERIMENT.get(name, 0) + 1
    if RUNS_PER_EXPERIMENT[name] > 1:
        covers.add("several-versions")


def flat_params(doc, prefix=""):
    """hparams as Runlens shows them: nested keys joined with '/', values as Python prints them."""
    out = {}
    for key, value in doc.items():
        path = f"{prefix}/{key}" if prefix else str(key)
        if isinstance(value, dict):
            out.update(flat_params(value, path))
        else:
            out[path] = str(value)
    return out


def number(text):
    x = float(text)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return x


def read_back(logdir):
    """Every folder holding a metrics.csv or an hparams.yaml, as Lightning's readers see it."""
    folders = []
    for dirpath, _, files in sorted(os.walk(logdir)):
        if "metrics.csv" not in files and "hparams.yaml" not in files:
            continue
        entry = {"path": os.path.relpath(dirpath, logdir).replace(os.sep, "/"),
                 "header": None, "metrics": {}, "params": None}
        if "metrics.csv" in files:
            with open(os.path.join(dirpath, "metrics.csv"), newline="") as f:
                reader = csv.DictReader(f)
                rows = list(reader)
                entry["header"] = reader.fieldnames
            for key in entry["header"]:
                if key == "step":
                    continue
                entry["metrics"][key] = [
                    [int(r["step"]), number(r[key])] for r in rows if r[key] not in ("", None)
                ]
        if "hparams.yaml" in files:
            doc = load_hparams_from_yaml(os.path.join(dirpath, "hparams.yaml"), use_omegaconf=False)
            entry["params"] = flat_params(doc or {})
        folders.append(entry)
    return folders


def main():
    _, logdir, seed = common.parse_args(sys.argv[:3])
    view_path = sys.argv[3]
    rng = common.make_rng(seed, WRITER)
    logging.getLogger("lightning").setLevel(logging.ERROR)
    logging.getLogger("lightning.pytorch").setLevel(logging.ERROR)
    warnings.filterwarnings("ignore")
    covers = set()
    target, runs, folders = common.run_count(rng), 0, set()
    # A given or string version may land on an earlier run's folder (Lightning overwrites its
    # metrics.csv): runs go on until `target` folders hold one.
    while len(folders) < target:
        logger = fit_run(rng, logdir, covers) if rng.random() < 0.45 else logger_run(rng, logdir, covers)
        note_experiment(logger, covers)
        folders.add(logger.log_dir)
        runs += 1
    # A seed whose dice left a case out gets one run that has it, so every seed covers them all.
    for feature in FIT_FEATURES + LOGGER_FEATURES:
        if feature not in covers:
            write = fit_run if feature in FIT_FEATURES else logger_run
            note_experiment(write(rng, logdir, covers, force={feature}), covers)
            runs += 1
    folders = read_back(logdir)
    if any(f["params"] and any("/" in k for k in f["params"]) for f in folders):
        covers.add("nested-hparams")
    with open(view_path, "w", encoding="utf-8") as out:
        json.dump({"folders": folders, "covers": sorted(covers)}, out, ensure_ascii=False, allow_nan=False)
    print(f"lightning: wrote {runs} runs ({len(folders)} folders) to {logdir}")
    print("covers:", " ".join(sorted(covers)))


main()
