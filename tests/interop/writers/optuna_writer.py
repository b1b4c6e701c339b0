"""Writes randomised Optuna studies with Optuna's own storages, the way tuning scripts do
(docs/tuners.md): journal files (JournalStorage) and a SQLite database (RDBStorage).

Usage: optuna_writer.py OUTDIR SEED. `studies.log` and `studies.db` each hold two or three
studies (the same kind of plan, drawn separately): single-objective
ones (either direction) whose objective suggests categorical (None, bools, numbers, hostile text),
int (linear, stepped, log) and float (linear, stepped, log) params, reports intermediate values
(now and then NaN or ±inf) that a pruner acts on, fails now and then (an exception, or a NaN
objective), returns ±inf now and then, sets user attrs; a multi-objective study; trials enqueued
(one left waiting), added whole with `create_trial`, and one asked for and never told (left
RUNNING). `killed.log` is a smaller study whose last line is cut, as when the writer is
killed mid-write: Optuna reads it up to its last whole line.
"""

import os
import sys
import warnings

import optuna
from optuna.storages import JournalStorage, RDBStorage
from optuna.storages.journal import JournalFileBackend

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

WRITER = "optuna"

CHOICES = [
    ["adam", "sgd", "rmsprop"],
    [None, True, False],
    [16, 32, 64, 128],
    [0.1, 0.25, 1e-05],
    ["Ünïcödé 日本語", "<b>bold</b>", "a,b;c", "   spaced   "],
]


class Flaky(RuntimeError):
    pass


def objective_for(rng, choices, fail_rate):
    def objective(trial):
        opt = trial.suggest_categorical("optimizer", choices)
        layers = trial.suggest_int("layers", 1, 8)
        batch = trial.suggest_int("batch", 16, 512, log=True)
        lr = trial.suggest_float("lr", 1e-6, 1e-1, log=True)
        dropout = trial.suggest_float("dropout", 0.0, 0.5, step=0.05)
        if rng.random() < 0.5:
            trial.suggest_float("momentum", 0.0, 1.0)
        trial.set_user_attr("seed", rng.randint(0, 10_000))
        if rng.random() < 0.3:
            trial.set_user_attr("note", rng.choice(["ok", "Ünïcödé", "", "line\nbreak"]))
        value = rng.random() * layers + lr
        for step in range(rng.randint(1, 8)):
            value = value * 0.9 + common.float_value(rng, special=0.0) * 0.01
            special = rng.random()
            reported = value if special > 0.06 else rng.choice([float("nan"), float("inf"), -float("inf")])
            trial.report(reported, step * rng.choice([1, 10]))
            if trial.should_prune():
                raise optuna.TrialPruned()
        roll = rng.random()
        if roll < fail_rate:
            raise Flaky("the data loader died")
        if roll < fail_rate * 1.5:
            return float("nan")  # Optuna marks the trial FAIL
        if roll > 0.97:
            return rng.choice([float("inf"), -float("inf")])  # a valid value (RDB: value_type)
        return value + dropout

    return objective


def prune(trial, rng):
    trial.suggest_int("layers", 1, 8)
    trial.report(rng.random(), 0)
    raise optuna.TrialPruned()


def crash(_value):
    raise Flaky("out of memory")


def multi_objective(rng):
    def objective(trial):
        x = trial.suggest_float("x", -5, 5)
        kind = trial.suggest_categorical("kind", ["a", "b"])
        if rng.random() < 0.15:
            raise Flaky("no luck")
        return x * x, (x - 2) ** 2 + (kind == "b"), rng.random()

    return objective


def add_finished_trial(rng, study):
    """A whole trial from elsewhere, written as one CREATE_TRIAL with every field (a template)."""
    layers = rng.randint(1, 8)
    study.add_trial(
        optuna.trial.create_trial(
            params={"optimizer": "adam", "layers": layers},
            distributions={
                "optimizer": optuna.distributions.CategoricalDistribution(["adam", "sgd", "rmsprop"]),
                "layers": optuna.distributions.IntDistribution(1, 8),
            },
            value=rng.random(),
            intermediate_values={0: rng.random(), 5: rng.random()},
            user_attrs={"source": "imported"},
        )
    )


def write_studies(rng, storage, trials):
    written = 0
    for k in range(rng.randint(1, 2)):
        direction = rng.choice(["minimize", "maximize"])
        sampler = optuna.samplers.RandomSampler(seed=rng.randint(0, 2**31))
        pruner = optuna.pruners.MedianPruner(n_startup_trials=2, n_warmup_steps=1)
        study = optuna.create_study(
            study_name=f"tune-{k} ⚙", storage=storage, direction=direction, sampler=sampler, pruner=pruner
        )
        study.set_user_attr("dataset", rng.choice(["mnist", "cifar10", "日本語"]))
        # Params chosen up front (enqueue): CREATE_TRIAL as WAITING, then RUNNING.
        study.enqueue_trial({"optimizer": "adam", "layers": 2})
        n = max(4, trials // 2 - written)
        study.optimize(objective_for(rng, ["adam", "sgd", "rmsprop"], 0.15), n_trials=n, catch=(Flaky,))
        written += n + 1
        add_finished_trial(rng, study)
        written += 1
    choices = rng.choice(CHOICES)
    study = optuna.create_study(study_name="choices", storage=storage, direction="minimize",
                                sampler=optuna.samplers.RandomSampler(seed=rng.randint(0, 2**31)))
    study.optimize(objective_for(rng, choices, 0.1), n_trials=rng.randint(3, 6), catch=(Flaky,))
    # One pruned trial and one failure of each kind every time, whatever the random plan.
    study.optimize(lambda t: prune(t, rng), n_trials=1)
    study.optimize(lambda t: crash(t.suggest_int("layers", 1, 8)), n_trials=1, catch=(Flaky,))
    study.optimize(lambda t: t.suggest_int("layers", 1, 8) * float("nan"), n_trials=1)
    asked = study.ask()  # left RUNNING, as when the worker died mid-trial
    asked.suggest_int("layers", 1, 8)
    asked.report(rng.random(), 0)
    study.enqueue_trial({"layers": 3})  # left WAITING: never run (asked after it would run it)
    directions = rng.sample(["minimize", "maximize", "minimize"], 3)[: rng.randint(2, 3)]
    multi = optuna.create_study(study_name="pareto", storage=storage, directions=directions,
                                sampler=optuna.samplers.RandomSampler(seed=rng.randint(0, 2**31)))

    def cut(objective):
        return lambda t: objective(t)[: len(directions)]

    multi.optimize(cut(multi_objective(rng)), n_trials=max(6, trials - written), catch=(Flaky,))


def write_killed(rng, path):
    storage = JournalStorage(JournalFileBackend(path))
    study = optuna.create_study(study_name="killed", storage=storage,
                                sampler=optuna.samplers.RandomSampler(seed=rng.randint(0, 2**31)))
    study.optimize(objective_for(rng, ["adam", "sgd"], 0.0), n_trials=rng.randint(2, 4))
    size = os.path.getsize(path)
    with open(path, "rb") as f:
        data = f.read()
    last = data.rstrip(b"\n").rfind(b"\n") + 1
    # Cut somewhere inside the last line, never right before its newline.
    keep = last + rng.randint(1, max(1, size - last - 2))
    with open(path, "r+b") as f:
        f.truncate(keep)


def main():
    outdir, seed = sys.argv[1], sys.argv[2]
    rng = common.make_rng(seed, WRITER)
    optuna.logging.set_verbosity(optuna.logging.ERROR)
    # The pruner's medians of ±inf and NaN reports warn in numpy; they are meant.
    warnings.filterwarnings("ignore", category=RuntimeWarning)
    trials = common.run_count(rng)
    write_studies(rng, JournalStorage(JournalFileBackend(os.path.join(outdir, "studies.log"))), trials)
    write_killed(rng, os.path.join(outdir, "killed.log"))
    rdb = RDBStorage(f"sqlite:///{os.path.join(outdir, 'studies.db')}")
    write_studies(rng, rdb, trials)
    rdb.engine.dispose()  # every connection closed: the file is whole when the reader opens it
    print(f"optuna: wrote journals and a SQLite storage in {outdir} (seed {seed})")


if __name__ == "__main__":
    main()
