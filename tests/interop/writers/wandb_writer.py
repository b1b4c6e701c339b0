"""Writes randomised runs with the real wandb in offline mode (docs/interop.md, docs/wandb.md).

Usage: python wandb_writer.py LOGDIR SEED
       python wandb_writer.py --crash LOGDIR SEED INDEX   (one run killed with SIGKILL mid-logging)

Every run is `LOGDIR/wandb/offline-run-<time>-<id>/`, written by `wandb.init` with WANDB_MODE=offline
(no network, no account, no git, no console capture): nested keys in wandb.log dicts
(`{"train": {"loss": …}}`), implicit steps and explicit ones (with gaps and a repeated step that
merges into one row), custom step metrics through define_metric (a name and a glob), NaN and ±inf,
config with nested dicts, lists, None, bools and 1e-05, updated after init, tags, notes, group,
job_type, display names (some runs have none), summary overrides (keys with and without history),
exit codes 0 and non-zero through wandb.finish(exit_code=…), system stats sampled every 0.2 s in
a few runs, and a run whose process is killed with SIGKILL while logging (its log has no exit
record and ends where wandb-core last flushed a 32 KiB block). The plan comes from
random.Random("<seed>:wandb"); the last line printed lists what the runs cover.
"""

import math
import os
import random
import signal
import subprocess
import sys
import time


def offline_env(logdir):
    # wandb's caches and settings go beside the logdir, not into the runs Runlens reads.
    home = os.path.join(os.path.dirname(os.path.abspath(logdir)), "wandb-home")
    os.environ.update(
        WANDB_MODE="offline",
        WANDB_SILENT="true",
        WANDB_DISABLE_GIT="true",
        WANDB_DISABLE_CODE="true",
        WANDB_CONSOLE="off",
        WANDB_DIR=logdir,
        WANDB_CACHE_DIR=os.path.join(home, "cache"),
        WANDB_CONFIG_DIR=os.path.join(home, "config"),
        WANDB_DATA_DIR=os.path.join(home, "data"),
        WANDB_ARTIFACT_DIR=os.path.join(home, "artifacts"),
    )


PROJECTS = ["vision", "speech", "Ünïcödé proj"]
TAGS = ["baseline", "ablation", "lr-sweep", "日本語", "with space"]


def value(rng):
    r = rng.random()
    if r < 0.04:
        return float("nan")
    if r < 0.06:
        return float("inf")
    if r < 0.08:
        return float("-inf")
    if r < 0.2:
        return rng.randint(-5, 100)
    return rng.uniform(-10, 10)


def config_for(rng):
    config = {
        "lr": rng.choice([0.001, 1e-05, 0.5, 3]),
        "epochs": rng.randint(1, 50),
        "optimizer": {"name": rng.choice(["adam", "sgd"]), "betas": [0.9, 0.999]},
        "use_amp": rng.choice([True, False]),
        "seed": None if rng.random() < 0.3 else rng.randint(0, 9999),
        "layers": [rng.randint(8, 64) for _ in range(rng.randint(1, 3))],
        "note": rng.choice(["plain", "Ünïcödé 日本語", "with: colon"]),
    }
    if rng.random() < 0.5:
        config["model"] = {"encoder": {"depth": rng.randint(1, 8), "act": "relu"}}
    return config


def row(rng):
    """One wandb.log dict: flat and nested keys, some of them only sometimes."""
    d = {"train": {"loss": value(rng)}}
    if rng.random() < 0.6:
        d["train"]["acc"] = value(rng)
    if rng.random() < 0.5:
        d["lr"] = rng.uniform(0, 0.01)
    if rng.random() < 0.2:
        d["deep"] = {"a": {"b": value(rng)}}
    if rng.random() < 0.1:
        d["flat/slash"] = value(rng)
    return d


def write_run(wandb, rng, index, covers):
    kwargs = {
        "project": rng.choice(PROJECTS),
        "config": config_for(rng),
        "reinit": "finish_previous",
    }
    # A few runs are forced so every seed covers them: no display name, a define_metric by glob
    # and by name, a non-zero exit code.
    if index != 4 and rng.random() < 0.8:
        kwargs["name"] = f"run {index:02d}" if rng.random() < 0.7 else f"Ünïcödé {index}"
    if rng.random() < 0.7:
        kwargs["tags"] = rng.sample(TAGS, rng.randint(1, 3))
    if rng.random() < 0.5:
        kwargs["notes"] = rng.choice(["a note", "multi\nline note", "ünïcödé — note"])
    if rng.random() < 0.5:
        kwargs["group"] = rng.choice(["g1", "group two"])
    if rng.random() < 0.5:
        kwargs["job_type"] = rng.choice(["train", "eval"])
    stats = index in (1, 2)
    if stats:
        kwargs["settings"] = wandb.Settings(x_stats_sampling_interval=0.2)
    else:
        kwargs["settings"] = wandb.Settings(x_disable_stats=True)
    run = wandb.init(**kwargs)

    steps = rng.choice(["implicit", "explicit", "mixed", "step-metric"])
    if index in (3, 7):
        steps = "step-metric"
    if steps == "step-metric":
        run.define_metric("epoch")
        if index == 3 or (index != 7 and rng.random() < 0.5):
            run.define_metric("val/*", step_metric="epoch")
            covers.add("glob-step-metric")
        else:
            run.define_metric("val/acc", step_metric="epoch")
            run.define_metric("val/loss", step_metric="epoch")
        covers.add("step-metric")
    n = rng.randint(10 if stats else 3, 25)
    step = 0
    epoch = 0
    for i in range(n):
        d = row(rng)
        if steps == "implicit" or (steps == "mixed" and rng.random() < 0.5):
            run.log(d)
            covers.add("implicit-step")
        elif steps in ("explicit", "mixed"):
            step += rng.choice([1, 1, 2, 7])
            run.log(d, step=step)
            if rng.random() < 0.15:
                run.log({"extra": value(rng)}, step=step)
                covers.add("repeated-step")
            covers.add("explicit-step")
        else:
            run.log(d)
            if i % 3 == 2:
                epoch += 1
                run.log({"epoch": epoch, "val": {"acc": value(rng), "loss": value(rng)}})
        if stats:
            time.sleep(0.06)
    if rng.random() < 0.5:
        run.config.update({"late": {"key": rng.randint(0, 9)}, "batch": 32})
        covers.add("config-update")
    if rng.random() < 0.5:
        run.summary["best_acc"] = rng.uniform(0, 1)
        covers.add("summary-only")
    if rng.random() < 0.4:
        run.summary["train/loss"] = -1.5
        covers.add("summary-override")
    code = 0 if index != 5 and rng.random() < 0.75 else rng.choice([1, 2, 255])
    run.finish(exit_code=code)
    covers.add(f"exit:{'0' if code == 0 else 'non-zero'}")
    if stats:
        covers.add("system")


def crash(logdir, seed, index):
    """Logs until wandb-core has flushed some 32 KiB blocks, then dies without finishing."""
    offline_env(logdir)
    import wandb

    rng = random.Random(f"{seed}:wandb:crash:{index}")
    run = wandb.init(
        project=rng.choice(PROJECTS),
        name=f"crashed {index}",
        config=config_for(rng),
        settings=wandb.Settings(x_disable_stats=True),
    )
    for _ in range(rng.randint(400, 700)):
        run.log(row(rng))
    # wandb-core writes the log in whole blocks: give it a moment to write what it has buffered.
    time.sleep(1.0)
    os.kill(os.getpid(), signal.SIGKILL)


def main(logdir, seed):
    offline_env(logdir)
    os.makedirs(logdir, exist_ok=True)
    rng = random.Random(f"{seed}:wandb")
    covers = set()
    crashes = rng.randint(1, 2)
    children = [
        subprocess.Popen([sys.executable, __file__, "--crash", logdir, seed, str(i)])
        for i in range(crashes)
    ]
    import wandb

    for index in range(rng.randint(20, 24)):
        write_run(wandb, rng, index, covers)
    for child in children:
        child.wait()
        if child.returncode != -signal.SIGKILL:
            raise SystemExit(f"the crashing run exited with {child.returncode}, not SIGKILL")
    covers.add("crashed")
    print(f"wandb: {len(covers)} kinds covered: {', '.join(sorted(covers))}")


if __name__ == "__main__":
    if sys.argv[1] == "--crash":
        crash(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    else:
        main(sys.argv[1], sys.argv[2])
