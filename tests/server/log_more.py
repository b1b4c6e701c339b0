"""Changes a populated server after Runlens fetched it, with MLflow's own client (refresh and
live-follow tests, tests/server/ and tests/e2e/).

    python log_more.py TRACKING_URI more
        In `runlens-server`: three new runs (`late-0`..`late-2`, metrics `loss` and `val/acc`),
        five more `loss` points on the RUNNING `trial-11` which then ends FINISHED, and
        `trial-00` deleted. Prints `run-id <id>` for each new run (MLflow prints lines of its own).
    python log_more.py TRACKING_URI follow STOP_FILE [INTERVAL]
        Starts a RUNNING run `live` in `runlens-server` with 5 points of `loss`, prints `run-id <id>`, then
        logs one more point every INTERVAL seconds (0.5) until STOP_FILE exists (or 5 minutes
        passed), and ends the run FINISHED.
    python log_more.py TRACKING_URI long RUNS POINTS
        An experiment `long`: RUNS finished runs, each with POINTS points of `loss` (1,000 a batch).
    python log_more.py TRACKING_URI paired RUNS POINTS
        An experiment `paired`: RUNS finished runs, each with POINTS points of `loss` and of `lr`
        at the same steps (`lr` falls with the step, so a chart of `loss` against `lr` has one
        x per step); `loss` is 1/(step+1) + i but 0.5 lower at step 1,337 (its best, mid-run).
"""

import os
import sys
import time

from mlflow.entities import Metric, Param
from mlflow.tracking import MlflowClient


def experiment_id(client: MlflowClient) -> str:
    return client.get_experiment_by_name("runlens-server").experiment_id


def run_named(client: MlflowClient, exp: str, name: str):
    runs = client.search_runs([exp], filter_string=f"attributes.run_name = '{name}'")
    return runs[0].info.run_id


def more(uri: str) -> None:
    client = MlflowClient(uri)
    exp = experiment_id(client)
    now = int(time.time() * 1000)
    for i in range(3):
        run = client.create_run(exp, run_name=f"late-{i}", tags={"stage": "late"}, start_time=now + i)
        client.log_batch(
            run.info.run_id,
            params=[Param("lr", "0.01")],
            metrics=[Metric("loss", 1.0 / (s + 1), now + s, s) for s in range(20)]
            + [Metric("val/acc", 0.5 + s / 100, now + s, s) for s in range(10)],
            synchronous=True,
        )
        client.set_terminated(run.info.run_id, "FINISHED", end_time=now + 1000)
        print(f"run-id {run.info.run_id}", flush=True)
    running = run_named(client, exp, "trial-11")
    last = max(m.step for m in client.get_metric_history(running, "loss"))
    client.log_batch(
        running,
        metrics=[Metric("loss", 0.01 * s, now + s, last + 1 + s) for s in range(5)],
        synchronous=True,
    )
    client.set_terminated(running, "FINISHED", end_time=now + 2000)
    client.delete_run(run_named(client, exp, "trial-00"))


def follow(uri: str, stop_file: str, interval: float) -> None:
    client = MlflowClient(uri)
    exp = experiment_id(client)
    run = client.create_run(exp, run_name="live", tags={"stage": "live"})
    run_id = run.info.run_id
    now = int(time.time() * 1000)
    client.log_batch(
        run_id, metrics=[Metric("loss", 1.0 / (s + 1), now + s, s) for s in range(5)], synchronous=True
    )
    print(f"run-id {run_id}", flush=True)
    step = 5
    deadline = time.time() + 300
    while not os.path.exists(stop_file) and time.time() < deadline:
        time.sleep(interval)
        client.log_metric(run_id, "loss", 1.0 / (step + 1), step=step)
        step += 1
    client.set_terminated(run_id, "FINISHED")
    print(f"log_more.py: live run ended after {step} points", file=sys.stderr)


def long(uri: str, runs: int, points: int) -> None:
    client = MlflowClient(uri)
    exp = client.create_experiment("long")
    now = int(time.time() * 1000)
    for i in range(runs):
        run_id = client.create_run(exp, run_name=f"long-{i:03d}").info.run_id
        batch = [Metric("loss", 1.0 / (s + 1) + i, now + s, s) for s in range(points)]
        for j in range(0, points, 1000):
            client.log_batch(run_id, metrics=batch[j : j + 1000], synchronous=True)
        client.set_terminated(run_id, "FINISHED")


DIP_STEP = 1337


def paired(uri: str, runs: int, points: int) -> None:
    client = MlflowClient(uri)
    exp = client.create_experiment("paired")
    now = int(time.time() * 1000)
    for i in range(runs):
        run_id = client.create_run(exp, run_name=f"paired-{i:03d}").info.run_id
        batch = []
        for s in range(points):
            # One dip below the rest at step DIP_STEP: the run's best loss, which a sampled
            # overview (first and last step kept) is unlikely to hold.
            dip = 0.5 if s == DIP_STEP else 0.0
            batch.append(Metric("loss", 1.0 / (s + 1) + i - dip, now + s, s))
            batch.append(Metric("lr", 0.1 * 0.999**s, now + s, s))
        for j in range(0, len(batch), 1000):
            client.log_batch(run_id, metrics=batch[j : j + 1000], synchronous=True)
        client.set_terminated(run_id, "FINISHED")


if __name__ == "__main__":
    if sys.argv[2] == "more":
        more(sys.argv[1])
    elif sys.argv[2] == "follow":
        follow(sys.argv[1], sys.argv[3], float(sys.argv[4]) if len(sys.argv) > 4 else 0.5)
    elif sys.argv[2] == "long":
        long(sys.argv[1], int(sys.argv[3]), int(sys.argv[4]))
    elif sys.argv[2] == "paired":
        paired(sys.argv[1], int(sys.argv[3]), int(sys.argv[4]))
    else:
        raise SystemExit(f"unknown mode {sys.argv[2]!r}")
