"""Prints, as JSON, what MLflow itself sees in every `mlflow.db` below a folder, through its own
client over a `sqlite:///` tracking and registry URI: experiments (`search_experiments`, deleted
ones too), runs (`search_runs` over every experiment with ViewType.ALL, then `get_run`), every
point of every metric (`get_metric_history`), dataset inputs, logged models
(`search_logged_models`), registered model versions with their stages and aliases
(`search_model_versions`, `get_registered_model`) and traces (`search_traces`). Numbers are as
MLflow returns them (an infinity comes back as ±1.7976931348623157e308); NaN is spelled "NaN".
Files below the folder that are not stores are listed, for the test to check what became of them.

Usage: read_mlflow_sqlite.py FOLDER
"""

import json
import logging
import math
import os
import sys
import warnings

os.environ["MLFLOW_DISABLE_TELEMETRY"] = "true"
os.environ["DO_NOT_TRACK"] = "true"

import sqlalchemy  # noqa: E402
from mlflow import MlflowClient  # noqa: E402
from mlflow.entities import ViewType  # noqa: E402

STORE = "mlflow.db"


def json_number(x):
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return x


def pages(call, **kwargs):
    """Every item of a paged MLflow search."""
    token = None
    while True:
        page = call(page_token=token, **kwargs)
        yield from page
        token = page.token
        if not token:
            return


def read_run(client, run_id):
    run = client.get_run(run_id)
    info, data = run.info, run.data
    metrics = {}
    for key in sorted(data.metrics):
        history = client.get_metric_history(run_id, key)
        metrics[key] = [[m.step, m.timestamp, json_number(m.value)] for m in history]
    datasets = []
    for d in run.inputs.dataset_inputs if run.inputs else []:
        context = next((t.value for t in d.tags if t.key == "mlflow.data.context"), None)
        datasets.append({"name": d.dataset.name, "digest": d.dataset.digest, "context": context})
    return {
        "id": info.run_id,
        "experiment_id": info.experiment_id,
        "name": info.run_name,
        "status": info.status,
        "lifecycle_stage": info.lifecycle_stage,
        "start_time": info.start_time,
        "end_time": info.end_time,
        "params": data.params,
        "tags": data.tags,
        "metrics": metrics,
        "latest": {k: json_number(v) for k, v in data.metrics.items()},
        "datasets": datasets,
    }


def read_store(folder, path):
    uri = "sqlite:///" + os.path.abspath(path)
    client = MlflowClient(tracking_uri=uri, registry_uri=uri)
    experiments = list(pages(client.search_experiments, view_type=ViewType.ALL))
    ids = [e.experiment_id for e in experiments]
    runs = list(pages(client.search_runs, experiment_ids=ids, run_view_type=ViewType.ALL)) if ids else []
    logged = list(pages(client.search_logged_models, experiment_ids=ids)) if ids else []
    versions = []
    for v in pages(client.search_model_versions):
        aliases = client.get_registered_model(v.name).aliases
        versions.append({
            "name": v.name,
            "version": int(v.version),
            "stage": v.current_stage,
            "run_id": v.run_id,
            "aliases": sorted(a for a, n in aliases.items() if int(n) == int(v.version)),
        })
    traces = list(pages(client.search_traces, locations=ids)) if ids else []
    # The schema revision the store was migrated to, as MLflow's alembic stamped it.
    engine = sqlalchemy.create_engine(uri)
    with engine.connect() as c:
        revision = c.execute(sqlalchemy.text("SELECT version_num FROM alembic_version")).scalar()
    engine.dispose()
    return {
        "file": os.path.relpath(path, folder),
        "revision": revision,
        "experiments": [
            {"id": e.experiment_id, "name": e.name, "lifecycle_stage": e.lifecycle_stage, "tags": e.tags}
            for e in experiments
        ],
        "runs": [read_run(client, r.info.run_id) for r in runs],
        "logged_models": [
            {"model_id": m.model_id, "name": m.name, "source_run_id": m.source_run_id} for m in logged
        ],
        "model_versions": versions,
        "traces": {"count": len(traces), "spans": sum(len(t.data.spans) for t in traces)},
    }


def main():
    folder = sys.argv[1]
    logging.getLogger("mlflow").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    warnings.filterwarnings("ignore")
    stores, others = [], []
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(root, name)
            if name == STORE:
                stores.append(read_store(folder, path))
            else:
                others.append(os.path.relpath(path, folder))
    print(json.dumps({"stores": stores, "others": others}, ensure_ascii=False))


if __name__ == "__main__":
    main()
