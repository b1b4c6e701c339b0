"""Writes randomised trackio projects with trackio itself, locally, the way training scripts do
(docs/trackio.md): `TRACKIO_DIR` is the output folder, so each project is `<canonical name>.db`.

Usage: trackio_writer.py OUTDIR SEED. Two or three projects (names with spaces, Unicode and dots,
which trackio drops from the file name); 20 or more runs across them: named and unnamed
(trackio makes a name up), names used twice (two runs each), a run resumed (`resume="allow"`: one
run, its config replaced), a run that logs nothing (trackio keeps no trace of it); configs with
nested dicts, lists, None, booleans, NaN and a dotted key; logged numbers with NaN and ±inf,
explicit steps with gaps and repeats, and now and then values trackio does not plot (booleans,
text, a histogram, markdown); system metrics through `log_system`; an alert.
"""

import contextlib
import io
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

WRITER = "trackio"

PROJECTS = ["mnist", "Proj é 1", "sweep.lr-search"]
KEYS = ["loss", "acc", "train/loss", "val/accuracy", "lr", "μ/σ", "精度/top-1", "grad norm"]
SYSTEM_KEYS = ["gpu/0/utilization", "gpu/0/memory", "cpu/percent", "mem"]


def random_config(rng):
    config = {
        "lr": rng.choice([1e-05, 0.001, 0.1, 3]),
        "epochs": rng.randint(1, 50),
        "model": {"name": rng.choice(["resnet", "vit", "Ünïcödé"]), "depth": rng.randint(1, 8)},
        "betas": [0.9, 0.999],
        "flag": rng.random() < 0.5,
        "note": None,
    }
    if rng.random() < 0.4:
        config["model.name"] = "dotted"  # apart from model → name: trackio escapes the dot
    if rng.random() < 0.3:
        config["temperature"] = float("nan")
    if rng.random() < 0.3:
        config["optimizer"] = {"kind": "adam", "opts": {}}
    return config


def odd_value(rng, trackio, np):
    """A value trackio stores but does not plot."""
    kind = rng.randrange(4)
    if kind == 0:
        return rng.random() < 0.5
    if kind == 1:
        return rng.choice(["text", "NaN?", ""])
    if kind == 2:
        return trackio.Histogram(np.array([rng.random() for _ in range(5)]))
    return trackio.Markdown("# note")


def log_run(rng, trackio, np, steps):
    keys = rng.sample(KEYS, rng.randint(1, 4))
    explicit = 0
    for _ in range(steps):
        values = {k: common.float_value(rng) for k in keys if rng.random() < 0.8}
        if rng.random() < 0.1:
            values["extra"] = odd_value(rng, trackio, np)
        roll = rng.random()
        if roll < 0.2:
            explicit += rng.randint(1, 5)  # explicit steps with gaps
            trackio.log(values, step=explicit)
        elif roll < 0.25:
            trackio.log(values, step=explicit)  # the same step again
        else:
            trackio.log(values)  # trackio's own count: its last step + 1
        if rng.random() < 0.1:
            trackio.log_system({k: common.float_value(rng) for k in rng.sample(SYSTEM_KEYS, 2)})


def main():
    outdir, seed = sys.argv[1], sys.argv[2]
    os.environ["TRACKIO_DIR"] = os.path.abspath(outdir)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import numpy as np
    import trackio

    rng = common.make_rng(seed, WRITER)
    # trackio prints a banner per run and each alert; the suite's output stays readable without.
    with contextlib.redirect_stdout(io.StringIO()):
        total, projects = write_projects(rng, trackio, np)
    print(f"trackio: {total} runs started in {len(projects)} projects in {outdir} (seed {seed})")


def write_projects(rng, trackio, np):
    projects = rng.sample(PROJECTS, rng.randint(2, 3))
    total = common.run_count(rng)
    names = []
    for i in range(total):
        project = projects[i % len(projects)]
        style = rng.random()
        name = None if style < 0.15 else f"run-{i:02d}"
        if 0.15 <= style < 0.25 and names:
            name = rng.choice(names)  # a name used again: a second run under it
        group = rng.choice([None, None, "sweep-a"])
        trackio.init(project=project, name=name, config=random_config(rng), group=group)
        if name:
            names.append(name)
        log_run(rng, trackio, np, rng.randint(1, 25))
        if rng.random() < 0.1:
            trackio.alert(title="loss spiked", text="check the lr", level=trackio.AlertLevel.WARN)
        trackio.finish()
    # Always: an unnamed run (trackio makes its name up; drawn above for 15% of runs, so 20 runs
    # missed it about one seed in 25), a name used twice (two runs), a run resumed under its name
    # (one run, config replaced) and one that logs nothing.
    trackio.init(project=projects[-1], config=random_config(rng))
    log_run(rng, trackio, np, rng.randint(1, 5))
    trackio.finish()
    for value in (1.0, 2.0):
        trackio.init(project=projects[0], name="twice", config={"value": value})
        trackio.log({"loss": value})
        trackio.finish()
    trackio.init(project=projects[0], name="resumed", config={"phase": 1})
    trackio.log({"loss": 1.0})
    trackio.finish()
    trackio.init(project=projects[0], name="resumed", resume="allow", config={"phase": 2})
    trackio.log({"loss": 0.5})
    trackio.finish()
    trackio.init(project=projects[-1], name="silent", config={"lr": math.pi})
    trackio.finish()
    return total + 6, projects


if __name__ == "__main__":
    main()
