"""Prints what wandb's own record definitions see in a logdir of offline runs, as JSON.

Usage: python read_wandb.py LOGDIR

wandb 0.31 ships no Python reader of the `.wandb` log (its DataStore went with the move to the Go
core), so the framing is walked here (7-byte `:W&B` header, LevelDB-log chunks in 32 KiB blocks,
CRC-32 of type + data) and every record is parsed with wandb's own protobuf class,
`wandb.proto.wandb_internal_pb2.Record`. Values are wandb's `value_json`, read with json.loads.
Per run folder: the run record's facts, config leaves as Python prints them (`.`-joined), history
rows (nested keys joined with `/`), define_metric records, the summary as replayed from the log,
system stats samples, the exit record, the files under files/, the other files in the folder, and
where a log ends inside a record. tests/interop/wandb.test.ts turns this into what Runlens shows.
"""

import json
import math
import os
import struct
import sys
import zlib

from wandb.proto import wandb_internal_pb2 as pb

BLOCK = 32768


def records(data):
    """(record bytes, start offset) of every whole record; and the start of a cut-off one."""
    out = []
    pos = 7
    parts = []
    first = None
    while pos < len(data):
        left = BLOCK - pos % BLOCK
        if left < 7:
            pos += left
            continue
        if pos + 7 > len(data):
            break
        crc, n, t = struct.unpack("<IHB", data[pos : pos + 7])
        if crc == 0 and n == 0 and t == 0:
            pos += left
            continue
        body = data[pos + 7 : pos + 7 + n]
        if len(body) < n or zlib.crc32(bytes([t]) + body) != crc:
            raise SystemExit(f"damaged chunk at byte {pos}")
        if t in (1, 2):
            first = pos
            parts = [body]
        else:
            parts.append(body)
        pos += 7 + n
        if t in (1, 4):
            out.append((b"".join(parts), first))
            parts = []
            first = None
    return out, first


def number(v):
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return None
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "Infinity" if v > 0 else "-Infinity"
    return v


def key_of(item):
    return "/".join(item.nested_key) if item.nested_key else item.key


def leaves(prefix, v, sep, out):
    if isinstance(v, dict) and v:
        for k, x in v.items():
            leaves(f"{prefix}{sep}{k}" if prefix else k, x, sep, out)
    else:
        out[prefix] = v


def python_str(v):
    return v if isinstance(v, str) else str(v)


def read_run(folder, name):
    run = {
        "dir": name,
        "id": None,
        "name": "",
        "project": "",
        "group": "",
        "job_type": "",
        "tags": [],
        "notes": "",
        "start_time": None,
        "config": {},
        "rows": [],
        "metrics": [],
        "summary": {},
        "stats": [],
        "exit": None,
        "files": [],
        "others": [],
        "cut_off": None,
    }
    config = {}
    summary = {}
    for root, _, files in os.walk(folder):
        for f in files:
            rel = os.path.relpath(os.path.join(root, f), folder).replace(os.sep, "/")
            if rel.endswith(".wandb"):
                log = rel
            elif rel.startswith("files/"):
                run["files"].append(rel[len("files/") :])
            else:
                run["others"].append(rel)
    with open(os.path.join(folder, log), "rb") as fh:
        data = fh.read()
    whole, cut = records(data)
    if cut is not None:
        run["cut_off"] = {"file": log, "byte": cut, "records": len(whole)}
    for body, _ in whole:
        r = pb.Record()
        r.ParseFromString(body)
        kind = r.WhichOneof("record_type")
        if kind == "run":
            x = r.run
            run.update(
                id=x.run_id,
                name=x.display_name,
                project=x.project,
                group=x.run_group,
                job_type=x.job_type,
                tags=list(x.tags),
                notes=x.notes,
                start_time=x.start_time.seconds * 1000 + x.start_time.nanos // 1_000_000,
            )
            for u in x.config.update:
                config[key_of(u)] = json.loads(u.value_json)
        elif kind == "config":
            for u in r.config.update:
                config[key_of(u)] = json.loads(u.value_json)
            for u in r.config.remove:
                config.pop(key_of(u), None)
        elif kind == "history":
            row = {}
            for item in r.history.item:
                leaves(key_of(item), json.loads(item.value_json), "/", row)
            run["rows"].append({k: number(v) for k, v in row.items()})
        elif kind == "summary":
            for u in r.summary.update:
                leaves(key_of(u), json.loads(u.value_json), "/", summary)
            for u in r.summary.remove:
                k = key_of(u)
                for s in [s for s in summary if s == k or s.startswith(k + "/")]:
                    del summary[s]
        elif kind == "metric":
            m = r.metric
            run["metrics"].append(
                {"name": m.name, "glob": m.glob_name, "step_metric": m.step_metric}
            )
        elif kind == "stats":
            sample = {i.key: number(json.loads(i.value_json)) for i in r.stats.item}
            t = r.stats.timestamp
            # Whole milliseconds, truncated as for start_time (and as protobuf's toMillis does).
            run["stats"].append({"time": t.seconds * 1000 + t.nanos // 1_000_000, "items": sample})
        elif kind == "exit":
            run["exit"] = {"code": r.exit.exit_code, "runtime": r.exit.runtime}
    params = {}
    for k, v in config.items():
        if k == "_wandb":
            continue
        flat = {}
        leaves(k, v, ".", flat)
        params.update({p: python_str(x) for p, x in flat.items()})
    run["config"] = params
    run["summary"] = {k: number(v) for k, v in summary.items()}
    return run


def main(logdir):
    top = os.path.join(logdir, "wandb")
    runs = []
    for name in sorted(os.listdir(top)):
        folder = os.path.join(top, name)
        if os.path.islink(folder) or not os.path.isdir(folder):
            continue
        runs.append(read_run(folder, name))
    others = sorted(n for n in os.listdir(top) if not os.path.isdir(os.path.join(top, n)))
    json.dump({"runs": runs, "others": others}, sys.stdout, indent=1, allow_nan=False)


if __name__ == "__main__":
    main(sys.argv[1])
