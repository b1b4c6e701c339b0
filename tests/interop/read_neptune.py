"""What pyarrow reads from a folder of neptune-exporter exports, as JSON (docs/interop.md).

Usage: python read_neptune.py LOGDIR

Reads as neptune-exporter's own ParquetReader does (storage/parquet_reader.py, read 2026-11):
every project folder under LOGDIR/data, its complete runs (those with `<run>_part_0.parquet`),
each part with pq.read_table(schema=SCHEMA); a 2025 project folder's `part_N.parquet` files
whole. Prints each run's raw attributes (scalars with their type, float series points, and how
many artifacts its series and file attributes give), the `.tmp` parts left by an interrupted
export, and the downloaded files no attribute names. What Runlens should make of them is decided
in tests/interop/neptune.test.ts, following docs/neptune.md.
"""

import json
import math
import sys
from pathlib import Path

import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parent / "writers"))
from neptune_layout import SCHEMA  # noqa: E402


def number(x):
    if x is None or math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return x


def ms(t):
    return None if t is None else round(t.timestamp() * 1000)


def scalar(type_, r):
    if type_ == "float":
        x = r["float_value"]
        return None if x is None else {"float": number(x), "repr": repr(x)}
    if type_ == "int":
        return r["int_value"]
    if type_ == "datetime":
        return ms(r["datetime_value"])
    if type_ == "string_set":
        return r["string_set_value"]
    return r[f"{type_}_value"]


def read_runs(logdir):
    data = logdir / "data"
    files_root = logdir / "files"
    runs, used = {}, set()
    for project_dir in sorted(p for p in data.iterdir() if p.is_dir()):
        complete = sorted(project_dir.glob("*_part_0.parquet"))
        parts = []
        for first in complete:
            prefix = first.name[: -len("_part_0.parquet")]
            found = sorted(project_dir.glob(f"{prefix}_part_*.parquet"),
                           key=lambda p: int(p.stem.rsplit("_part_", 1)[1]))
            parts += found
        if not complete:
            parts = sorted(project_dir.glob("part_*.parquet"))
        for part in parts:
            for r in pq.read_table(part, schema=SCHEMA).to_pylist():
                key = r["run_id"]
                run = runs.setdefault(key, {
                    "id": key, "project": r["project_id"], "folder": project_dir.name,
                    "scalars": {}, "series": {}, "artifacts": 0, "times": [], "unknown": 0,
                })
                type_ = r["attribute_type"]
                path = r["attribute_path"]
                if r["timestamp"] is not None:
                    run["times"].append(ms(r["timestamp"]))
                if type_ == "float_series":
                    run["series"].setdefault(path, []).append(
                        [float(r["step"]), ms(r["timestamp"]), number(r["float_value"])])
                elif type_ in ("float", "int", "string", "bool", "datetime", "string_set"):
                    run["scalars"][path] = [type_, scalar(type_, r)]
                elif type_ in ("string_series", "histogram_series"):
                    run.setdefault("texts", set()).add(path)
                elif type_ in ("file", "file_series", "artifact"):
                    run["artifacts"] += 1
                    used.add(files_root / project_dir.name / r["file_value"]["path"])
                elif type_ == "file_set":
                    folder = files_root / project_dir.name / r["file_value"]["path"]
                    inside = [f for f in folder.rglob("*") if f.is_file()]
                    run["artifacts"] += len(inside)
                    used.update(inside)
                else:
                    run["unknown"] += 1
    for run in runs.values():
        run["artifacts"] += len(run.pop("texts", ()))
        times = run.pop("times")
        run["lastTime"] = max(times) if times else None
    tmp = sorted(str(p.relative_to(logdir)) for p in data.rglob("*.parquet.tmp"))
    stray = sorted(
        str(p.relative_to(logdir))
        for p in files_root.rglob("*") if p.is_file() and p not in used
    ) if files_root.exists() else []
    return {"runs": list(runs.values()), "unfinished": tmp, "stray": stray}


print(json.dumps(read_runs(Path(sys.argv[1])), ensure_ascii=False))
