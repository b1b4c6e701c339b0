"""Writes randomised neptune-exporter exports with pyarrow (docs/interop.md, docs/neptune.md).

Usage: python neptune_writer.py LOGDIR SEED

neptune-exporter is not on PyPI and exports only from Neptune's servers (shut down in March
2026), so its writer cannot run here. neptune_layout.py rebuilds what it writes from its source:
the SCHEMA, the folder and file names, one pyarrow ParquetWriter per run with Snappy, parts rolled
over past a size, NaN stored as null by from_pandas. Runs are written as Neptune 2.x (`PROJ-12`
ids, file sets) and 3.x (custom run ids, forks) exports would be:

LOGDIR/data/<project>/<run>_part_<n>.parquet, LOGDIR/files/<project>/...  (2026 layout)
LOGDIR/data/<old project>/part_0.parquet                                 (2025 layout)

Attributes: sys/ fields (name, tags, creation and ping times, failed, forking parent), params of
every scalar type, results under eval/ and test/, float series with decimal steps, NaN and ±inf,
string series, histogram series, files, file series and file sets with their downloaded files,
a type Runlens does not read, and an interrupted run left as `.tmp`. The plan comes from
random.Random("<seed>:neptune"); the last line printed lists what the runs cover.
"""

import random
import sys
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

from neptune_layout import RunParts, batch, row, sanitize_path_part, write_project_parts

T0 = datetime(2025, 6, 1, tzinfo=timezone.utc)
METRICS = ["train/loss", "train/acc", "val/loss", "lr", "perf/samples per sec", "μ/σ"]
STEP_SIZES = [Decimal(1), Decimal("0.5"), Decimal("0.25"), Decimal("0.001"), Decimal(10)]


def value_for(rng, covers):
    r = rng.random()
    if r < 0.04:
        covers.add("nan")
        return float("nan")
    if r < 0.07:
        covers.add("inf")
        return rng.choice([float("inf"), float("-inf")])
    return rng.uniform(-10, 10)


class Plan:
    def __init__(self, rng, project, run_id, covers):
        self.rng, self.project, self.run_id, self.covers = rng, project, run_id, covers
        self.start = T0 + timedelta(hours=rng.randint(0, 500))

    def r(self, path, type_, **values):
        return row(self.project, self.run_id, path, type_, **values)

    def at(self, seconds):
        return self.start + timedelta(seconds=float(seconds))

    def scalars(self, parent):
        rng = self.rng
        rows = [
            self.r("sys/name", "string", string_value=rng.choice(["baseline", "sweep", "ünï"])),
            self.r("sys/creation_time", "datetime", datetime_value=self.start),
            self.r("sys/tags", "string_set", string_set_value=rng.sample(["a", "b", "c b"], 2)),
            self.r("parameters/lr", "float", float_value=rng.choice([0.001, 1e-05, 0.5, 3.0])),
            self.r("parameters/epochs", "int", int_value=rng.randint(1, 100)),
            self.r("parameters/optimizer", "string", string_value=rng.choice(["adam", "sgd"])),
            self.r("parameters/amp", "bool", bool_value=rng.random() < 0.5),
            self.r("parameters/at", "datetime", datetime_value=self.at(rng.randint(0, 99))),
            self.r("parameters/sets", "string_set", string_set_value=["x", "y"]),
        ]
        if rng.random() < 0.3:
            rows.append(self.r("sys/failed", "bool", bool_value=True))
            self.covers.add("failed")
        if rng.random() < 0.5:
            rows.append(self.r("sys/ping_time", "datetime", datetime_value=self.at(9999)))
        if parent:
            rows.append(self.r("sys/forking/parent", "string", string_value=parent))
            rows.append(self.r("sys/forking/step", "float", float_value=1.0))
            self.covers.add("fork")
        if rng.random() < 0.5:
            rows.append(self.r("eval/f1", "float", float_value=rng.random()))
            rows.append(self.r("test/count", "int", int_value=rng.randint(0, 9)))
            self.covers.add("results")
        if rng.random() < 0.2:
            rows.append(self.r("source_code/git", "git_ref"))
            self.covers.add("unknown-type")
        return rows

    def series(self):
        rng = self.rng
        out = []
        for name in rng.sample(METRICS, rng.randint(1, 3)):
            size = rng.choice(STEP_SIZES)
            if size != size.to_integral_value():
                self.covers.add("decimal-steps")
            points = [
                self.r(name, "float_series", step=size * i, timestamp=self.at(i),
                       float_value=value_for(rng, self.covers))
                for i in range(rng.randint(1, 60))
            ]
            out.append(points)
        return out

    def others(self, files_dir):
        rng = self.rng
        rows = []
        if rng.random() < 0.5:
            rows += [
                self.r("monitoring/stdout", "string_series", step=Decimal(i), timestamp=self.at(i),
                       string_value=f"line {i}")
                for i in range(rng.randint(1, 5))
            ]
            self.covers.add("string-series")
        if rng.random() < 0.3:
            rows.append(self.r("train/hist", "histogram_series", step=Decimal(1), timestamp=self.at(1),
                               histogram_value={"type": "COUNTING", "edges": [0.0, 1.0],
                                                "values": [2.0]}))
            self.covers.add("histograms")
        base = f"{self.project}/{self.run_id}"

        def put(relative, text):
            path = files_dir / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)

        if rng.random() < 0.5:
            put(f"{base}/model/config.json", '{"depth": 3}')
            rows.append(self.r("model/config", "file",
                               file_value={"path": f"{base}/model/config.json"}))
            self.covers.add("files")
        if rng.random() < 0.3:
            for s in range(1, 3):
                put(f"{base}/preds/{s}.txt", f"step {s}")
                rows.append(self.r("preds", "file_series", step=Decimal(s), timestamp=self.at(s),
                                   file_value={"path": f"{base}/preds/{s}.txt"}))
            self.covers.add("file-series")
        if rng.random() < 0.3:
            for name in ("a.py", "lib/b.py"):
                put(f"{base}/source_code/files/{name}", "x = 1")
            rows.append(self.r("source_code/files", "file_set",
                               file_value={"path": f"{base}/source_code/files"}))
            self.covers.add("file-set")
        return rows


def main():
    logdir, seed = Path(sys.argv[1]), sys.argv[2]
    rng = random.Random(f"{seed}:neptune")
    covers = set()
    data, files = logdir / "data", logdir / "files"
    runs = 0
    for p in range(2):
        project = f"ws/project-{p}"
        files_dir = files / sanitize_path_part(project)
        ids = []
        count = rng.randint(10, 13)
        forked = False
        for i in range(count):
            run_id = f"P{p}-{i}" if p == 0 else f"custom run {i}"
            parent = rng.choice(ids) if ids and rng.random() < 0.3 else None
            # Every project gets a fork: by chance alone one seed in a few hundred wrote none,
            # and the suite checks that forks are read.
            if parent is None and not forked and i == count - 1:
                parent = rng.choice(ids)
            forked = forked or parent is not None
            plan = Plan(rng, project, run_id, covers)
            # A small part size makes the exporter roll over into _part_1, _part_2, ...
            small = rng.random() < 0.3
            parts = RunParts(data, project, run_id, part_bytes=1 if small else 50 << 20)
            parts.save(batch(plan.scalars(parent)))
            for points in plan.series():
                parts.save(batch(points))
            others = plan.others(files_dir)
            if others:
                parts.save(batch(others))
            written = parts.finish()
            if len(written) > 1:
                covers.add("several-parts")
            ids.append(run_id)
            runs += 1
        # An export interrupted in the middle of a run leaves it as .tmp parts.
        cut = RunParts(data, project, f"cut-{p}", part_bytes=50 << 20)
        cut.save(batch([row(project, f"cut-{p}", "sys/name", "string", string_value="cut")]))
        cut.finish(rename=False)
        covers.add("unfinished")
    old = "ws/old-layout"
    old_batches = []
    for i in range(3):
        plan = Plan(rng, old, f"OLD-{i}", covers)
        old_batches.append(batch(plan.scalars(None)))
        old_batches += [batch(points) for points in plan.series()]
        runs += 1
    write_project_parts(data, old, old_batches)
    covers.add("old-layout")
    print(f"neptune: wrote {runs} runs to {logdir}")
    print("covers:", " ".join(sorted(covers)))


main()
