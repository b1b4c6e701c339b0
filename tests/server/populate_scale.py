"""Puts many runs on a tracking server with MLflow's own client, for the scale test
(tests/server/mlflow-server-scale.test.ts).

    python populate_scale.py TRACKING_URI RUNS METRICS STEPS [THREADS]

TRACKING_URI is the server's address, or (much faster: no HTTP round trips, one writer) the
server's own backend store, `sqlite:///…/mlflow.db`, which MLflow's client then writes directly
through the same SqlAlchemyStore the server reads. One experiment `scale`; each run gets a name (`run-00042`), three params (`lr`, `optimizer`,
`seed`), a tag, METRICS metrics of STEPS points each (`m00`..`m19`, `m00` falling like a loss),
all logged in one `log_batch` (MLflow takes up to 1,000 metrics a call), and ends FINISHED.
THREADS clients log side by side (default 4). The values are a function of the run and step, so
the test can read them back with read_server.py. Prints the seconds it took on stderr.
"""

import sys
import time
from concurrent.futures import ThreadPoolExecutor

from mlflow.entities import Metric, Param, RunTag
from mlflow.tracking import MlflowClient

OPTIMIZERS = ["adam", "sgd", "adamw", "lion"]


def log_run(client: MlflowClient, exp: str, i: int, metrics: int, steps: int, now: int) -> None:
    run = client.create_run(exp, run_name=f"run-{i:05d}", start_time=now + i)
    batch = [
        Metric(f"m{m:02d}", (1.0 / (s + 1) if m == 0 else (i % 97) / 97 + m + s / steps), now + s, s)
        for m in range(metrics)
        for s in range(steps)
    ]
    params = [
        Param("lr", str([0.1, 0.01, 0.001][i % 3])),
        Param("optimizer", OPTIMIZERS[i % 4]),
        Param("seed", str(i % 5)),
    ]
    tags = [RunTag("team", "vision" if i % 2 == 0 else "speech")]
    for j in range(0, len(batch), 1000):
        client.log_batch(
            run.info.run_id,
            metrics=batch[j : j + 1000],
            params=params if j == 0 else [],
            tags=tags if j == 0 else [],
            synchronous=True,
        )
    client.set_terminated(run.info.run_id, "FINISHED", end_time=now + i + steps)


def main() -> None:
    uri, runs, metrics, steps = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    threads = int(sys.argv[5]) if len(sys.argv) > 5 else 4
    client = MlflowClient(uri)
    exp = client.create_experiment("scale")
    now = int(time.time() * 1000)
    started = time.time()
    with ThreadPoolExecutor(threads) as pool:
        for future in [pool.submit(log_run, client, exp, i, metrics, steps, now) for i in range(runs)]:
            future.result()
    print(f"populate_scale: {runs} runs x {metrics} metrics x {steps} steps in {time.time() - started:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
