"""Prints, as JSON, what trackio itself sees in a folder of projects (its `TRACKIO_DIR`): for each
`<project>.db`, every run `SQLiteStorage.get_run_records` lists, with what `get_logs`,
`get_system_logs` and `get_run_config` give for it, spelled as Runlens shows it
(docs/trackio.md; spelling.py): plotted numbers per key as [step, time, value], system metrics
under `system/` on their row number, the config flattened to dot paths as trackio's dashboard
flattens it (comparer.js `flattenConfig`), its `_` keys as tags; and how many logged values
trackio does not plot, by kind, and how many alerts, for the import report.

Usage: read_trackio.py FOLDER
"""

import json
import os
import sys
from datetime import datetime

from spelling import epoch_ms, json_number, py_text


def plotted(value):
    """trackio's dashboard plots numbers (booleans are not numbers to JavaScript)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def kind_of(value):
    if value is None:
        return "null"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return value["_type"] if isinstance(value.get("_type"), str) else "object"
    if isinstance(value, str):
        return "text"
    if isinstance(value, bool):
        return "boolean"
    return type(value).__name__


def escape(key):
    return key.replace("\\", "\\\\").replace(".", "\\.")


def flatten(config, prefix, out):
    for key, value in config.items():
        path = prefix + escape(key)
        if isinstance(value, dict) and value:
            flatten(value, path + ".", out)
        else:
            out[path] = py_text(value)


def ms(text):
    return epoch_ms(datetime.fromisoformat(text))


def read_run(storage, project, record, left_out):
    metrics = {}
    for log in storage.get_logs(project, run_id=record["id"]):
        step, time = log.pop("step"), ms(log.pop("timestamp"))
        for key, value in log.items():
            if plotted(value):
                metrics.setdefault(key, []).append([step, time, json_number(float(value))])
            else:
                left_out[kind_of(value)] = left_out.get(kind_of(value), 0) + 1
    starts = [ms(record["created_at"])] if record["created_at"] else []
    for row, log in enumerate(storage.get_system_logs(project, run_id=record["id"])):
        time = ms(log.pop("timestamp"))
        starts.append(time)
        for key, value in log.items():
            if plotted(value):
                metrics.setdefault(f"system/{key}", []).append([row, time, json_number(float(value))])
            else:
                left_out[kind_of(value)] = left_out.get(kind_of(value), 0) + 1
    config = storage.get_run_config(project, run_id=record["id"]) or {}
    params, tags = {}, {}
    flatten({k: v for k, v in config.items() if not k.startswith("_")}, "", params)
    for key, value in config.items():
        if key.startswith("_") and value is not None:
            tags[f"trackio.{key[1:].lower()}"] = py_text(value)
    if isinstance(config.get("_Created"), str):
        starts.append(ms(config["_Created"]))
    return {
        "id": record["id"],
        "name": record["name"],
        "start": min(starts) if starts else None,
        "metrics": metrics,
        "params": params,
        "tags": tags,
    }


def main():
    folder = os.path.abspath(sys.argv[1])
    os.environ["TRACKIO_DIR"] = folder
    from trackio.sqlite_storage import SQLiteStorage

    projects = []
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".db"):
            continue
        project = name[: -len(".db")]  # already the canonical name: it maps to itself
        left_out = {}
        runs = [read_run(SQLiteStorage, project, r, left_out) for r in SQLiteStorage.get_run_records(project)]
        alerts = len(SQLiteStorage.get_alerts(project))
        projects.append({"file": name, "name": project, "runs": runs, "left_out": left_out, "alerts": alerts})
    print(json.dumps({"projects": projects}, ensure_ascii=False))


if __name__ == "__main__":
    main()
