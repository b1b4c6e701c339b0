"""Writes randomised runs with the real dvclive (docs/interop.md, docs/dvc.md).

Usage: python dvclive_writer.py LOGDIR SEED

Each run is `LOGDIR/<project>/<dir>`, a dvclive output folder written by `dvclive.Live` outside
any DVC repo (save_dvc_exp=False): params through log_params (nested maps, lists, None, bools,
1e-08, Unicode), metrics through log_metric with nested names (`train/loss`), NaN and ±inf,
timestamps on some, `plot=False` (summary only) on others, sometimes a report.html and a dvc.yaml
inside the folder. Folders are named dvclive, results or live: dvclive finds nothing by name, and
neither must Runlens. The plan comes from random.Random("<seed>:dvclive"); the last line printed
lists what the runs cover.
"""

import math
import os
import random
import sys
import warnings

from dvclive import Live

METRICS = ["loss", "acc", "train/loss", "val/acc", "lr", "perf/a b/c", "μ/σ", "x.y"]


def params_for(rng):
    params = {
        "lr": rng.choice([0.001, 1e-08, 0.5, 3]),
        "epochs": rng.randint(1, 50),
        "optimizer": {"name": rng.choice(["adam", "sgd"]), "betas": [0.9, 0.999]},
        "use_amp": rng.choice([True, False]),
        "seed": None if rng.random() < 0.3 else rng.randint(0, 9999),
        "note": rng.choice(["plain", "Ünïcödé 日本語", "with: colon", "'quoted'"]),
    }
    if rng.random() < 0.5:
        params["model"] = {"layers": {"depth": rng.randint(1, 8), "width": 64}}
    return params


def value_for(rng):
    r = rng.random()
    if r < 0.04:
        return float("nan")
    if r < 0.07:
        return rng.choice([float("inf"), float("-inf")])
    if r < 0.2:
        return rng.randint(-5, 100)
    return rng.uniform(-10, 10)


def write_run(rng, path, covers):
    report = "html" if rng.random() < 0.25 else None
    dvcyaml = os.path.join(path, "dvc.yaml") if rng.random() < 0.3 else None
    if report:
        covers.add("report")
    if dvcyaml:
        covers.add("dvcyaml")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        live = Live(dir=path, save_dvc_exp=False, dvcyaml=dvcyaml, report=report)
        live.log_params(params_for(rng))
        covers.add("params")
        names = rng.sample(METRICS, rng.randint(1, 4))
        stamped = {n for n in names if rng.random() < 0.3}
        steps = rng.randint(1, 30)
        for _ in range(steps):
            for name in names:
                value = value_for(rng)
                if not math.isfinite(value):
                    covers.add("nonfinite")
                live.log_metric(name, value, timestamp=name in stamped)
            live.next_step()
        if stamped:
            covers.add("timestamp")
        if any("/" in n for n in names):
            covers.add("nested-name")
        if rng.random() < 0.4:
            live.log_metric("final/score", rng.uniform(0, 1), plot=False)
            covers.add("summary-only")
        live.end()


def main():
    logdir, seed = sys.argv[1], sys.argv[2]
    rng = random.Random(f"{seed}:dvclive")
    covers = set()
    runs = rng.randint(20, 26)
    for i in range(runs):
        name = rng.choice(["dvclive", "dvclive", "results", "live"])
        if name != "dvclive":
            covers.add("custom-dir")
        write_run(rng, os.path.join(logdir, f"project_{i:02d}", name), covers)
    print(f"dvclive: wrote {runs} runs to {logdir}")
    print("covers:", " ".join(sorted(covers)))


main()
