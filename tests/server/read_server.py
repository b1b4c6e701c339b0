"""What MLflow's own client sees on a tracking server, as JSON on stdout (tests/server/*.test.ts).

    python read_server.py TRACKING_URI runs                 every run, full histories
    python read_server.py TRACKING_URI search FILTER...     run ids search_runs gives per filter

Histories come from MlflowClient.get_metric_history; NaN and ±Infinity (and the ±DBL_MAX a SQL
store keeps instead of ±Infinity) are written as strings so JSON can carry them.
"""

import json
import math
import sys

from mlflow.entities import ViewType
from mlflow.tracking import MlflowClient


def number(value):
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    return value


def all_runs(client, experiment_ids):
    runs, token = [], None
    while True:
        page = client.search_runs(
            experiment_ids, run_view_type=ViewType.ALL, max_results=1000, page_token=token
        )
        runs.extend(page)
        token = page.token
        if not token:
            return runs


def read_runs(client):
    experiments = client.search_experiments(view_type=ViewType.ALL)
    out = {"experiments": [], "runs": []}
    for e in experiments:
        out["experiments"].append(
            {"id": e.experiment_id, "name": e.name, "lifecycle_stage": e.lifecycle_stage}
        )
    for run in all_runs(client, [e.experiment_id for e in experiments]):
        metrics = {}
        for key in run.data.metrics:
            history = client.get_metric_history(run.info.run_id, key)
            metrics[key] = [[m.step, m.timestamp, number(m.value)] for m in history]
        out["runs"].append(
            {
                "id": run.info.run_id,
                "experiment_id": run.info.experiment_id,
                "name": run.info.run_name,
                "status": run.info.status,
                "lifecycle_stage": run.info.lifecycle_stage,
                "start_time": run.info.start_time,
                "end_time": run.info.end_time,
                "params": run.data.params,
                "tags": run.data.tags,
                "metrics": metrics,
                "artifacts": sorted(walk(client, run.info.run_id, None)),
            }
        )
    return out


def walk(client, run_id, path):
    for f in client.list_artifacts(run_id, path):
        if f.is_dir:
            yield from walk(client, run_id, f.path)
        else:
            yield f.path


def search(client, filters):
    ids = [e.experiment_id for e in client.search_experiments()]
    return {f: sorted(r.info.run_id for r in client.search_runs(ids, f, max_results=50000)) for f in filters}


if __name__ == "__main__":
    client = MlflowClient(sys.argv[1])
    if sys.argv[2] == "runs":
        result = read_runs(client)
    else:
        result = search(client, sys.argv[3:])
    json.dump(result, sys.stdout, allow_nan=False)
