"""What dvclive's own readers see in a logdir of dvclive folders, as JSON (docs/interop.md).

Usage: python read_dvclive.py LOGDIR

Every folder holding a metrics.json (dvclive writes one at Live.end()) is a run, named by its path
below LOGDIR. Histories are read with dvclive.utils.parse_tsv (csv.DictReader), the summary with
dvclive.utils.parse_json and params with dvclive.serialize.load_yaml, the readers dvclive's own
report and Studio code use. Params are flattened with '.' and shown as Python's str() of the
value, as DVC's table shows them; the summary is flattened with '/'.
"""

import json
import math
import os
import sys

from dvclive.serialize import load_yaml
from dvclive.utils import parse_json, parse_tsv


def number(text):
    x = float(text)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return x


def flat(doc, sep, prefix=""):
    out = {}
    for k, v in doc.items():
        key = f"{prefix}{sep}{k}" if prefix else k
        if isinstance(v, dict):
            out.update(flat(v, sep, key))
        else:
            out[key] = v
    return out


def read_run(logdir, path):
    plots = os.path.join(path, "plots", "metrics")
    histories = {}
    for dirpath, _, files in os.walk(plots):
        for name in files:
            if not name.endswith(".tsv"):
                continue
            file = os.path.join(dirpath, name)
            key = os.path.relpath(file, plots)[:-4].replace(os.sep, "/")
            rows = parse_tsv(file)
            histories[key] = [
                [int(r["step"]), int(r["timestamp"]) if "timestamp" in r else None,
                 number(r[key.split("/")[-1]])]
                for r in rows
            ]
    summary = parse_json(os.path.join(path, "metrics.json"))
    step = summary.pop("step", 0)
    params_file = os.path.join(path, "params.yaml")
    params = flat(load_yaml(params_file), ".") if os.path.exists(params_file) else {}
    others = []
    for dirpath, _, files in os.walk(path):
        for name in files:
            rel = os.path.relpath(os.path.join(dirpath, name), path).replace(os.sep, "/")
            if not rel.startswith("plots/metrics/") and rel not in ("metrics.json", "params.yaml"):
                others.append(rel)
    return {
        "id": os.path.relpath(path, logdir).replace(os.sep, "/"),
        "histories": histories,
        "summary": {k: number(v) for k, v in flat(summary, "/").items()},
        "step": step,
        "params": {k: str(v) for k, v in params.items()},
        "others": sorted(others),
    }


def main():
    logdir = sys.argv[1]
    runs = []
    for dirpath, _, files in sorted(os.walk(logdir)):
        if "metrics.json" in files:
            runs.append(read_run(logdir, dirpath))
    json.dump({"runs": runs}, sys.stdout, ensure_ascii=False, allow_nan=False)


main()
