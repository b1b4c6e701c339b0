"""Writes randomised MLflow SQLite tracking stores, `<store>/mlflow.db`, with MLflow's own client
(mlflow-skinny: the fluent API and `MlflowClient` over its SqlAlchemyStore), the way training
scripts and notebooks do (docs/mlflow-sqlite.md).

Usage: mlflow_sqlite_writer.py LOGDIR SEED. Three stores, each written by its own process (MLflow
creates a store by running its ~70 alembic migrations, 4-10 s on a 2-core machine), with 20-24
runs between them:

- the main store: a parent with a child and a grandchild (fluent nested runs), one or two runs
  with a few thousand points (log_batch), FAILED (an exception in `with start_run()`), KILLED,
  SCHEDULED and still RUNNING runs, a deleted run, a deleted and restored run, an experiment
  deleted with its runs, system metrics, a trace, dataset inputs, 3.x logged models (one deleted)
  and a registered model with versions, a stage, aliases and a deleted version;
- a second store of random runs (fluent or client, nested by tag) with its own registered model;
- a store with experiments and no runs.

Every metric has NaN, ±Infinity, -0.0 and tiny values now and then, steps out of order, repeated
(a restart), the same point logged twice and two values at one step and time; params and tags have
Unicode, NFD text, HTML, newlines, `__proto__`, empty values and values near MLflow's length limit.
"""

import hashlib
import json
import logging
import os
import subprocess
import sys
import time
import warnings

# No telemetry (this machine has no network but the package registries) and no noise.
os.environ["MLFLOW_DISABLE_TELEMETRY"] = "true"
os.environ["DO_NOT_TRACK"] = "true"
os.environ["MLFLOW_SYSTEM_METRICS_SAMPLING_INTERVAL"] = "0.2"
os.environ["MLFLOW_SYSTEM_METRICS_SAMPLES_BEFORE_LOGGING"] = "1"

import mlflow  # noqa: E402
from mlflow import MlflowClient  # noqa: E402
from mlflow.data.dataset import Dataset  # noqa: E402
from mlflow.data.http_dataset_source import HTTPDatasetSource  # noqa: E402
from mlflow.entities import DatasetInput, InputTag, Metric, Param, RunTag  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

WRITER = "mlflow-sqlite"
STORE_NAMES = ["lab", "team ü/tracking", "sweeps 2026", "proj (copy)"]
EXPERIMENT_NAMES = [
    "baseline", "tuning ⚙ lr", "Ünïcödé 日本語", "<b>html</b> & co", "a/b/c", "  spaced  "
]
# None: MLflow makes up a name ("resilient-ox-78").
RUN_NAMES = [None, None, "train", "run é", "🎉 final", "<script>x</script>", "line\nbreak", "a" * 120]
TAG_VALUES = [
    "", "plain", "multi\nline\nnote", "<b>bold</b>", "Ünïcödé 日本語 🎉", "e\u0301 (NFD)", "a,b;c", "   "
]
PARAM_EXTRAS = {
    "__proto__": "polluted?",
    "constructor": "x",
    "path/like key": "v",
    "colon:key": "1:2",
    "ключ": "значение",
    "long": "ab" * 2900,
    "nfd": "u\u0308ber",
    "empty": "",
}
CHUNK = 1000  # MLflow takes at most 1000 metrics per log_batch


class Clock(common.WallClock):
    """Wall times in whole milliseconds, as MLflow stores them."""

    def ms(self):
        return int(self.next() * 1000)


def history(rng, clock, n, special=0.04):
    """(step, timestamp, value) points of one metric in logging order. The first point is the only
    one at the smallest step; later steps come out of order, repeat (a restart), the same point
    twice (MLflow keeps one) or two values at one step and time (the larger is the latest)."""
    s0 = rng.choice([0, 0, 0, 1, rng.randint(2, 10**6), rng.randint(0, 10**12)])
    stride = rng.choice([1, 1, 10, 100, rng.randint(1, 50)])
    later = [s0 + stride * (i + 1) for i in range(n - 1)]
    if len(later) > 3 and rng.random() < 0.35:
        i = rng.randint(0, len(later) - 3)
        later[i : i + 3] = reversed(later[i : i + 3])
    if len(later) > 2 and rng.random() < 0.3:
        later += later[-rng.randint(2, len(later)) :]
    points = [(s0, clock.ms(), common.float_value(rng, special))]
    points += [(s, clock.ms(), common.float_value(rng, special)) for s in later]
    if len(points) > 1 and rng.random() < 0.25:
        points.append(points[-1])
    if len(points) > 1 and rng.random() < 0.25:
        step, t, _ = points[-1]
        points.append((step, t, common.float_value(rng, 0.3)))
    return points


def metrics_of(rng, clock, keys, n_range=(2, 40)):
    return {key: history(rng, clock, rng.randint(*n_range)) for key in keys}


def params_of(rng):
    params = {k: str(v) for k, v in common.hparams_dict(rng).items()}
    for key in rng.sample(sorted(PARAM_EXTRAS), rng.randint(0, 3)):
        params[key] = PARAM_EXTRAS[key]
    return params


def tags_of(rng):
    keys = ["team", "note", "git branch", "data.version", "μ", "colon:tag"]
    return {key: rng.choice(TAG_VALUES) for key in rng.sample(keys, rng.randint(0, 3))}


def log_batch(client, run_id, metrics=(), params=None, tags=None):
    """The client's log_batch within MLflow's limits: 100 params or tags, 1000 metrics a call."""
    params = [Param(k, v) for k, v in (params or {}).items()]
    tags = [RunTag(k, v) for k, v in (tags or {}).items()]
    for i in range(0, max(len(params), len(tags)), 100):
        client.log_batch(run_id, params=params[i : i + 100], tags=tags[i : i + 100])
    metrics = list(metrics)
    for i in range(0, len(metrics), CHUNK):
        client.log_batch(run_id, metrics=metrics[i : i + CHUNK])


def as_metrics(histories):
    return [Metric(key, v, t, s) for key, points in histories.items() for s, t, v in points]


def fluent_log(histories):
    """Through the fluent API, one mlflow.log_metric call per point."""
    for key, points in histories.items():
        for step, t, value in points:
            mlflow.log_metric(key, value, step=step, timestamp=t)


def client_run(client, rng, clock, experiment_id, status="FINISHED", parent=None, n_range=(2, 40)):
    """A run made with MlflowClient: wall times from the plan, everything in log_batch calls."""
    tags = tags_of(rng)
    if parent:
        tags["mlflow.parentRunId"] = parent
    name = rng.choice(RUN_NAMES)
    run = client.create_run(experiment_id, start_time=clock.ms(), tags=tags, run_name=name)
    run_id = run.info.run_id
    histories = metrics_of(rng, clock, common.pick_tags(rng, rng.randint(0, 4)), n_range)
    log_batch(client, run_id, as_metrics(histories), params_of(rng))
    if status != "RUNNING":
        if status == "SCHEDULED":
            client.update_run(run_id, status="SCHEDULED")
        else:
            client.set_terminated(run_id, status, end_time=clock.ms())
    return run_id


def fluent_run(rng, clock, experiment_id, status="FINISHED", nested=False, body=None):
    """A run made with mlflow.start_run (real wall times); `body` runs inside it."""
    name = rng.choice(RUN_NAMES)
    with mlflow.start_run(experiment_id=experiment_id, run_name=name, nested=nested) as run:
        mlflow.log_params(params_of(rng))
        mlflow.set_tags(tags_of(rng))
        fluent_log(metrics_of(rng, clock, common.pick_tags(rng, rng.randint(1, 3)), (2, 12)))
        if body:
            body(run.info.run_id)
        if status != "FINISHED":
            mlflow.end_run(status)
        return run.info.run_id


class TinyDataset(Dataset):
    """The smallest dataset mlflow.log_input takes (MLflow's numpy and pandas datasets need
    pandas, which this suite does not install): a name, a digest and an HTTP source."""

    def __init__(self, name, rows, url):
        self._rows = rows
        super().__init__(source=HTTPDatasetSource(url), name=name)

    def _compute_digest(self):
        return hashlib.sha256(json.dumps(self._rows).encode()).hexdigest()[:8]

    @property
    def profile(self):
        return {"num_rows": len(self._rows)}

    @property
    def schema(self):
        return None


def registry(client, rng, name, run_ids, stages=True):
    """A registered model with a version per run, a stage now and then and one or two aliases."""
    client.create_registered_model(name, tags={"task": rng.choice(TAG_VALUES)})
    versions = [client.create_model_version(name, f"runs:/{r}/model", run_id=r).version for r in run_ids]
    staged = None
    if stages:
        stage = rng.choice(["Staging", "Production", "Archived"])
        staged = rng.choice(versions)
        client.transition_model_version_stage(name, staged, stage)
    client.set_registered_model_alias(name, "champion", rng.choice(versions))
    if rng.random() < 0.5:
        client.set_registered_model_alias(name, "challenger_2", rng.choice(versions))
    return versions, staged


def crash(_run_id):
    raise RuntimeError("the data loader died")


@mlflow.trace(name="inner")
def double(x):
    return x * 2


@mlflow.trace(name="outer")
def predict(x):
    return double(x) + 1


def write_main(client, rng, clock, extra_runs):
    """The store that covers everything MLflow writes (see the module doc). Returns runs written."""
    written = 0
    train = client.create_experiment(rng.choice(EXPERIMENT_NAMES), tags={"team": rng.choice(TAG_VALUES)})
    mlflow.set_experiment(experiment_id=train)

    chain = {}

    def child(run_id):
        chain["child"] = run_id
        data = TinyDataset("train ü", [1, 2, 3], "https://example.invalid/train.csv")
        mlflow.log_input(data, context="training")
        chain["grandchild"] = fluent_run(rng, clock, train, nested=True)

    def parent(run_id):
        mlflow.log_param("schlüssel", "värde ✓ 日本")
        mlflow.set_tag("mlflow.note.content", rng.choice(common.TEXT_POOL))
        mlflow.set_tag("owner ü", "Ünïcödé 日本語 🎉")
        fluent_run(rng, clock, train, nested=True, body=child)
        if rng.random() < 0.5:
            status = rng.choice(["FINISHED", "FAILED"])
            chain["sibling"] = fluent_run(rng, clock, train, nested=True, status=status)
        mlflow.initialize_logged_model(name=rng.choice(["clf", "model ü"]), model_type="classifier")

    chain["parent"] = fluent_run(rng, clock, train, body=parent)
    written += len(chain)

    # Long histories: a few thousand points in log_batch chunks, one or two runs.
    long_runs = []
    for _ in range(rng.randint(1, 2)):
        run_id = client.create_run(train, start_time=clock.ms(), run_name="long").info.run_id
        keys = rng.sample(["loss", "train/loss", "lr", "grad/norm"], rng.randint(1, 2))
        histories = {k: history(rng, clock, rng.randint(2000, 4000), special=0.005) for k in keys}
        log_batch(client, run_id, as_metrics(histories), params_of(rng), tags_of(rng))
        client.set_terminated(run_id, "FINISHED", end_time=clock.ms())
        long_runs.append(run_id)
    written += len(long_runs)
    dataset = TinyDataset("eval", [4, 5], "https://example.invalid/eval.csv")._to_mlflow_entity()
    context = InputTag("mlflow.data.context", "eval")
    client.log_inputs(long_runs[0], datasets=[DatasetInput(dataset, [context])])
    gone_model = client.create_logged_model(train, name="discarded", source_run_id=long_runs[0])
    client.create_logged_model(train, name=rng.choice(["best", "ckpt ⚙"]), source_run_id=long_runs[-1])
    client.delete_logged_model(gone_model.model_id)

    # A FAILED run (an exception inside `with start_run()`), in the Default experiment.
    try:
        fluent_run(rng, clock, "0", body=crash)
    except RuntimeError:
        pass
    written += 1
    # System metrics sampled by MLflow's monitor (psutil), and a trace with two spans.
    with mlflow.start_run(experiment_id=train, run_name="monitored", log_system_metrics=True):
        time.sleep(0.5)
        predict(rng.randint(0, 9))
    mlflow.flush_trace_async_logging()
    written += 1
    killed = client_run(client, rng, clock, train, status="KILLED")
    running = client_run(client, rng, clock, train, status="RUNNING")
    client_run(client, rng, clock, train, status="SCHEDULED")
    deleted = client_run(client, rng, clock, train)
    restored = client_run(client, rng, clock, train)
    client.delete_run(deleted)
    client.delete_run(restored)
    client.restore_run(restored)
    written += 5

    gone = client.create_experiment(f"old {rng.randint(1, 99)}")
    for _ in range(rng.randint(1, 2)):
        client_run(client, rng, clock, gone)
        written += 1
    client.delete_experiment(gone)

    for _ in range(extra_runs):
        status = rng.choice(["FINISHED", "FAILED"])
        client_run(client, rng, clock, rng.choice([train, "0"]), status=status)
    written += extra_runs

    versions, staged = registry(
        client, rng, "clf ü", [chain["parent"], chain["child"], long_runs[0], killed]
    )
    # Delete a version that is not the staged one, so every seed keeps a stage (seed 1063039451
    # staged the last version and then deleted it).
    client.delete_model_version("clf ü", next(v for v in reversed(versions) if v != staged))
    registry(client, rng, "other", [running], stages=rng.random() < 0.5)
    return written


def write_more(client, rng, clock, runs):
    """Random runs over two or three experiments, fluent or client-made, some nested by tag."""
    experiments = ["0"] + [
        client.create_experiment(name) for name in rng.sample(EXPERIMENT_NAMES, rng.randint(1, 2))
    ]
    made = []
    for _ in range(runs):
        experiment = rng.choice(experiments)
        status = rng.choice(["FINISHED"] * 5 + ["FAILED", "KILLED"])
        if rng.random() < 0.4:
            made.append(fluent_run(rng, clock, experiment, status=status))
        else:
            parent = rng.choice(made) if made and rng.random() < 0.3 else None
            made.append(client_run(client, rng, clock, experiment, status=status, parent=parent))
    if rng.random() < 0.5:
        data = TinyDataset("d", [rng.random()], "https://example.invalid/d")._to_mlflow_entity()
        client.log_inputs(rng.choice(made), datasets=[DatasetInput(data, [])])
    registry(client, rng, "reg", rng.sample(made, min(2, len(made))), stages=False)
    return len(made)


def write_empty(client, rng):
    """A store someone opened and never logged to: experiments, no runs."""
    client.create_experiment(rng.choice(EXPERIMENT_NAMES), tags={"note": "nothing yet"})
    return 0


def write_store(kind, folder, seed, runs):
    """One store in its own process: MLflow's store is made in `folder`, which is the working
    directory too, so the default artifact root (`./mlruns`, where traces go) is beside it."""
    os.makedirs(folder, exist_ok=True)
    os.chdir(folder)
    uri = "sqlite:///" + os.path.join(os.path.abspath(folder), "mlflow.db")
    mlflow.set_tracking_uri(uri)
    mlflow.set_registry_uri(uri)
    client = MlflowClient(tracking_uri=uri, registry_uri=uri)
    rng = common.make_rng(seed, f"{WRITER}:{kind}")
    clock = Clock(rng)
    if kind == "main":
        return write_main(client, rng, clock, runs)
    if kind == "more":
        return write_more(client, rng, clock, runs)
    return write_empty(client, rng)


def quiet():
    logging.getLogger("mlflow").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    warnings.filterwarnings("ignore")


def main():
    if len(sys.argv) == 6 and sys.argv[1] == "--store":
        quiet()
        _, _, kind, folder, seed, runs = sys.argv
        print(json.dumps({"kind": kind, "runs": write_store(kind, folder, seed, int(runs))}))
        return
    _, logdir, seed = common.parse_args(sys.argv)
    rng = common.make_rng(seed, WRITER)
    total = common.run_count(rng)
    names = rng.sample(STORE_NAMES, 3)
    # The main store writes 12-16 runs plus `extra`; the second store at least the rest.
    extra = rng.randint(0, 2)
    plan = [("main", names[0], extra), ("more", names[1], total - 12 - extra), ("empty", names[2], 0)]
    children = [
        subprocess.Popen(
            [sys.executable, __file__, "--store", kind, os.path.join(logdir, name), seed, str(runs)],
            stdout=subprocess.PIPE,
            text=True,
        )
        for kind, name, runs in plan
    ]
    written = 0
    for (kind, name, _), child in zip(plan, children):
        out, _ = child.communicate()
        if child.returncode != 0:
            code = child.returncode
            sys.exit(f"mlflow-sqlite: writing the {kind} store {name!r} failed (exit {code})")
        written += json.loads(out.strip().splitlines()[-1])["runs"]
    print(f"mlflow-sqlite: wrote {written} runs in {len(plan)} stores in {logdir} (seed {seed})")


if __name__ == "__main__":
    main()
