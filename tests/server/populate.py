"""Populates a running MLflow tracking server with MLflow's own client (tests/server/harness.ts).

    python populate.py TRACKING_URI SEED [small]

The plan is random but seeded: two experiments (`runlens-server` and `second`), nested runs (a
parent, children and a grandchild), a 10,000-point history with NaN, +Inf and -Inf in it, short
histories with repeated steps, params and tags (unicode included), an image and an HTML artifact
(and a file in a folder), a deleted run and runs in every status. Logging goes through the REST
API (`log_batch`, 1,000 points a call), as a training script's would. `small` logs 1,000 points
instead of 10,000 (the basic-auth server's tests need the shape, not the size). Prints nothing but a line
on stderr: tests read the server back with read_server.py, never this script's idea of it.
"""

import math
import random
import sys
import time

import mlflow
from mlflow.entities import Metric, Param, RunTag
from mlflow.tracking import MlflowClient

LONG_METRIC = "train/loss"
LONG_POINTS = 10_000


def log_points(client: MlflowClient, run_id: str, key: str, points):
    """points: (step, value, timestamp) triples, logged 1,000 a batch."""
    batch = [Metric(key, v, ts, step) for step, v, ts in points]
    for i in range(0, len(batch), 1000):
        client.log_batch(run_id, metrics=batch[i : i + 1000], synchronous=True)


def long_history(rng: random.Random, start: int, count: int):
    points = []
    for step in range(count):
        value = 2.0 * math.exp(-step / 3000) + rng.gauss(0, 0.02)
        points.append((step, value, start + step * 10))
    # Non-finite values at places the sampled overview is unlikely to keep them all.
    for at, value in ((1234, math.nan), (5678, math.inf), (7777, -math.inf)):
        step = count * at // LONG_POINTS
        points[step] = (step, value, points[step][2])
    return points


def populate(uri: str, seed: int, long_points: int) -> None:
    rng = random.Random(seed)
    mlflow.set_tracking_uri(uri)
    client = MlflowClient(uri)
    base = int(time.time() * 1000) - 86_400_000

    main = client.create_experiment("runlens-server", tags={"team": "vision", "purpose": "tests"})
    second = client.create_experiment("second")

    def start(exp, name, parent=None, tags=None, t=None):
        all_tags = dict(tags or {})
        if parent is not None:
            all_tags["mlflow.parentRunId"] = parent
        run = client.create_run(exp, run_name=name, tags=all_tags, start_time=t)
        return run.info.run_id

    # The parent holds the 10,000-point history, the artifacts and every kind of value.
    parent = start(main, "sweep", tags={"stage": "search", "note": "größe ✓"}, t=base)
    client.log_batch(
        parent,
        params=[Param("optimizer", "adam"), Param("lr", "0.001"), Param("layers", "4")],
        tags=[RunTag("owner", "ada")],
        synchronous=True,
    )
    log_points(client, parent, LONG_METRIC, long_history(rng, base, long_points))
    log_points(client, parent, "val/acc", [(s, rng.random(), base + s) for s in range(0, 50, 5)])
    client.log_text(parent, "<html><body><h1>Report</h1></body></html>", "report.html")
    client.log_image(parent, _image_array(rng), "images/sample.png")
    client.log_text(parent, "a,b\n1,2\n", "tables/data.csv")
    client.set_terminated(parent, "FINISHED", end_time=base + long_points * 10)

    # Children: random learning rates and optimizers, short histories, one with repeated steps.
    optimizers = ["adam", "sgd", "adamw"]
    children = []
    for i in range(12):
        t = base + 1000 * (i + 1)
        child = start(main, f"trial-{i:02d}", parent=parent, tags={"trial": str(i)}, t=t)
        children.append(child)
        lr = rng.choice(["0.1", "0.01", "0.001", "0.0001"])
        client.log_batch(
            child,
            params=[
                Param("lr", lr),
                Param("optimizer", rng.choice(optimizers)),
                Param("batch_size", str(rng.choice([16, 32, 64]))),
            ],
            tags=[RunTag("stage", rng.choice(["search", "final"]))],
            synchronous=True,
        )
        n = rng.randrange(5, 40)
        acc = [(s, min(1.0, 0.5 + s / (n + 5) + rng.gauss(0, 0.03)), t + s) for s in range(n)]
        log_points(client, child, "val/acc", acc)
        log_points(client, child, "loss", [(s, 1.0 / (s + 1), t + s) for s in range(n)])
        if i == 3:
            # A repeated step: the same step logged twice with different values.
            log_points(client, child, "loss", [(n - 1, 0.5, t + n + 5)])
        if i == 5:
            log_points(client, child, "loss", [(n, math.nan, t + n + 6)])
        status = ["FINISHED", "FINISHED", "FAILED", "KILLED"][i % 4]
        if i == 11:
            continue  # left RUNNING
        client.set_terminated(child, status, end_time=t + 500)

    grandchild = start(main, "trial-03-refit", parent=children[3], tags={"stage": "final"})
    client.log_batch(
        grandchild,
        params=[Param("lr", "0.01"), Param("optimizer", "sgd")],
        metrics=[Metric("val/acc", 0.91, base + 99, 0)],
        synchronous=True,
    )
    client.set_terminated(grandchild, "FINISHED")

    deleted = start(main, "thrown-away", tags={"stage": "search"}, t=base + 50)
    client.log_batch(deleted, params=[Param("lr", "0.5")], synchronous=True)
    client.set_terminated(deleted, "FAILED")
    client.delete_run(deleted)

    for j in range(3):
        run = start(second, f"baseline-{j}", tags={"stage": "final"}, t=base + 70 + j)
        client.log_batch(
            run,
            params=[Param("lr", "0.01"), Param("model", "linear")],
            metrics=[Metric("val/acc", 0.6 + 0.1 * j, base + 80 + j, 0)],
            synchronous=True,
        )
        client.set_terminated(run, "FINISHED")

    print(f"populate.py: seed {seed}, {len(children) + 6} runs in 2 experiments", file=sys.stderr)


def _image_array(rng: random.Random):
    import numpy as np

    return np.full((12, 16, 3), rng.randrange(256), dtype=np.uint8)


if __name__ == "__main__":
    small = len(sys.argv) > 3 and sys.argv[3] == "small"
    populate(sys.argv[1], int(sys.argv[2]), 1000 if small else LONG_POINTS)
