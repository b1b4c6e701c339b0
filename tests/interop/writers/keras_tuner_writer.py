"""Writes randomised KerasTuner projects with the real keras-tuner on Keras 3 (torch backend, CPU,
no TensorFlow) and reads them back by reloading each project's oracle (docs/interop.md,
docs/tuners.md).

Usage: keras_tuner_writer.py LOGDIR SEED VIEW.json

Four to six projects per seed under `LOGDIR/<directory>/<project_name>` (the default
`untitled_project` too), each a RandomSearch or a Hyperband over a one-layer model: int, log-float,
choice and boolean hyperparameters with a conditional one, objectives val_loss, loss or a custom
`val_mae`, one or two executions per trial (an observation then holds two values), epochs 1 to 3.
Some trials fail (`FailedTrialError`, or any exception), and one project is killed mid-search by
a `FatalError`, which leaves its current trial RUNNING on disk. VIEW.json gets what the reloaded
oracle holds: every trial's status, values, metric histories, score, best step and message, and
its start time from the oracle's display state.
"""

import calendar
import contextlib
import io
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
import keras_tuner as kt  # noqa: E402
import numpy as np  # noqa: E402

WRITER = "keras-tuner"
FEATURES = ["status:COMPLETED", "status:FAILED", "status:RUNNING", "executions:2", "hyperband",
            "default-project", "objective:custom", "conditional", "start-time"]


def build(hp):
    """A one-layer model; what it is built with are the trial's hyperparameters."""
    model = keras.Sequential([keras.Input((2,))])
    model.add(keras.layers.Dense(hp.Int("units", 2, 8, step=2),
                                 activation=hp.Choice("activation", ["relu", "tanh"])))
    if hp.Boolean("dropout"):
        with hp.conditional_scope("dropout", [True]):
            model.add(keras.layers.Dropout(hp.Float("rate", 0.1, 0.5, step=0.1)))
    model.add(keras.layers.Dense(1))
    model.compile(optimizer=keras.optimizers.Adam(hp.Float("lr", 1e-4, 1e-1, sampling="log")),
                  loss="mse", metrics=["mae"])
    return model


class Fate:
    """What happens to each trial, decided by the seeded plan before the search starts."""

    def __init__(self, rng, fatal_at, covers):
        self.rng, self.fatal_at, self.covers, self.started = rng, fatal_at, covers, 0

    def __call__(self, trial):
        self.started += 1
        if self.started == self.fatal_at:
            self.covers.add("status:RUNNING")
            raise kt.errors.FatalError("the machine went away")
        roll = self.rng.random()
        if roll < 0.1:
            raise kt.errors.FailedTrialError("the data loader died")
        if roll < 0.15:
            raise RuntimeError("CUDA out of memory (a retry would not help)")


def tuner_class(kind):
    base = kt.Hyperband if kind == "hyperband" else kt.RandomSearch

    class Fated(base):
        fate = None

        def run_trial(self, trial, *args, **kwargs):
            if self.fate is not None:
                self.fate(trial)
            return super().run_trial(trial, *args, **kwargs)

    return Fated


def project_plan(rng, force):
    kind = "hyperband" if rng.random() < 0.3 or "hyperband" in force else "random"
    objective = rng.choice(["val_loss", "val_loss", "loss", "custom"])
    if "objective:custom" in force:
        objective = "custom"
    return {
        "kind": kind,
        "objective": objective,
        "executions": 2 if rng.random() < 0.3 or "executions:2" in force else 1,
        "trials": rng.randint(3, 7),
        "epochs": rng.randint(1, 3),
        "fatal": "status:RUNNING" in force or rng.random() < 0.15,
        "project": "untitled_project" if rng.random() < 0.3 or "default-project" in force
        else rng.choice(["search", "mlp é", "lr sweep"]),
    }


def tuner_for(plan, directory, seed, overwrite):
    objective = (kt.Objective("val_mae", direction="min") if plan["objective"] == "custom"
                 else plan["objective"])
    kwargs = dict(objective=objective, executions_per_trial=plan["executions"],
                  directory=directory, project_name=plan["project"], overwrite=overwrite,
                  seed=seed, max_consecutive_failed_trials=10)
    if plan["kind"] == "hyperband":
        kwargs.update(max_epochs=3, factor=3, hyperband_iterations=1)
    else:
        kwargs["max_trials"] = plan["trials"]
    return tuner_class(plan["kind"])(build, **kwargs)


def write_project(rng, directory, covers, force=frozenset()):
    plan = project_plan(rng, force)
    tuner = tuner_for(plan, directory, rng.randint(0, 9999), overwrite=True)
    # A project forced to leave a trial RUNNING dies on its second trial: a search can end before
    # a later one starts. Not the first: keras-tuner's own reload lists no trial of a project
    # whose only trial never ended, while the trial's file on disk (what Runlens reads) says
    # RUNNING.
    fatal_at = (2 if "status:RUNNING" in force else rng.randint(2, 4)) if plan["fatal"] else 0
    tuner.fate = Fate(rng, fatal_at, covers)
    g = np.random.default_rng(rng.randint(0, 2**31))
    x = g.random((16, 2), dtype=np.float32)
    y = g.random((16, 1), dtype=np.float32)
    # verbose=1 is what records trial start times (the display's state); it also prints a lot.
    verbose = 1 if rng.random() < 0.5 or "start-time" in force else 0
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            tuner.search(x, y, epochs=plan["epochs"], validation_data=(x[:4], y[:4]),
                         verbose=verbose)
    except kt.errors.FatalError:
        pass
    if verbose:
        covers.add("start-time")
    covers.add(plan["kind"])
    covers.add("objective:" + ("custom" if plan["objective"] == "custom" else "builtin"))
    covers.add(f"executions:{plan['executions']}")
    if plan["project"] == "untitled_project":
        covers.add("default-project")
    return plan


def plain(x):
    """JSON-safe: whole floats as Runlens spells them, non-finite as strings."""
    if isinstance(x, float):
        if math.isnan(x):
            return "NaN"
        if math.isinf(x):
            return "Infinity" if x > 0 else "-Infinity"
    return x


def python_text(v):
    """A value as Runlens spells params (docs/tuners.md): Python's str(), whole floats without .0."""
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e16:
        return str(int(v))
    return str(v)


def read_back(directory, plan):
    """The project as the oracle reloads it (overwrite=False): trials and their start times."""
    with contextlib.redirect_stdout(io.StringIO()):
        tuner = tuner_for(plan, directory, None, overwrite=False)
    oracle = tuner.oracle
    starts = oracle._display.trial_start
    trials = []
    for trial_id, trial in sorted(oracle.trials.items()):
        metrics = {}
        for name, history in trial.metrics.metrics.items():
            metrics[name] = {
                "direction": history.direction,
                "observations": [[o.step, [plain(float(v)) for v in o.value]]
                                 for o in history.get_history()],
            }
        start = starts.get(trial_id)
        trials.append({
            "id": trial_id,
            "status": trial.status,
            "values": {k: python_text(v) for k, v in trial.hyperparameters.values.items()},
            "metrics": metrics,
            "score": None if trial.score is None else plain(float(trial.score)),
            "best_step": trial.best_step,
            "message": trial.message,
            # The display writes datetime.now() without a zone; Runlens reads it as UTC.
            "start": None if start is None
            else calendar.timegm(start.timetuple()) * 1000 + start.microsecond // 1000,
        })
    root = os.path.join(directory, plan["project"])
    files = []
    for dirpath, _, names in os.walk(root):
        for name in names:
            files.append(os.path.relpath(os.path.join(dirpath, name), root).replace(os.sep, "/"))
    return {"seed": oracle.seed, "trials": trials, "files": sorted(files)}


def main():
    _, logdir, seed = common.parse_args(sys.argv[:3])
    view_path = sys.argv[3]
    rng = common.make_rng(seed, WRITER)
    warnings.filterwarnings("ignore")
    covers, projects = set(), []

    def write(force=frozenset()):
        directory = os.path.join(logdir, f"tuning_{len(projects):02d}")
        plan = write_project(rng, directory, covers, force)
        project = read_back(directory, plan)
        project["path"] = os.path.relpath(os.path.join(directory, plan["project"]), logdir) \
            .replace(os.sep, "/")
        projects.append(project)
        for t in project["trials"]:
            covers.add(f"status:{t['status']}")
            if any("rate" in t["values"] for t in project["trials"]):
                covers.add("conditional")

    while sum(len(p["trials"]) for p in projects) < 20 or len(projects) < 4:
        write()
    # A seed whose dice left a case out gets a project that has it.
    for feature in FEATURES:
        for _ in range(3):
            if feature in covers:
                break
            write(frozenset({feature}))
    with open(view_path, "w", encoding="utf-8") as out:
        json.dump({"projects": projects, "covers": sorted(covers)}, out, ensure_ascii=False,
                  allow_nan=False)
    trials = sum(len(p["trials"]) for p in projects)
    print(f"keras-tuner: wrote {len(projects)} projects, {trials} trials to {logdir}")
    print("covers:", " ".join(sorted(covers)))


main()
