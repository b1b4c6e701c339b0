"""Prints, as JSON, what Optuna itself sees in every journal file (`*.log`, read with
`JournalStorage(JournalFileBackend(path))`) and SQLite storage (`*.db`, read with
`RDBStorage("sqlite:///path")`) of a folder: each study loaded with `optuna.load_study`, each
trial's state,
values, params, intermediate values, attrs and times. Values are spelled as Runlens shows them
(docs/tuners.md): params and attrs as Python's str() would print them, whole floats without
`.0`, lists and dicts as compact JSON with JavaScript's number spelling.

Usage: read_optuna.py FOLDER
"""

import json
import math
import os
import sqlite3
import sys
from datetime import timezone
from decimal import Decimal

import optuna
from optuna.storages import JournalStorage, RDBStorage
from optuna.storages.journal import JournalFileBackend


def js_number(x):
    """A number as JavaScript's String() spells it (ECMAScript Number::toString), which is how
    JSON.stringify writes numbers inside lists and dicts."""
    if isinstance(x, bool):
        return "true" if x else "false"
    if isinstance(x, int):
        return str(x)
    if math.isnan(x) or math.isinf(x):
        return "null"
    if x == 0:
        return "0"
    # repr gives the shortest digits that read back the same, as JavaScript's do.
    sign, digit_tuple, exponent = Decimal(repr(x)).as_tuple()
    digits = "".join(map(str, digit_tuple))
    while len(digits) > 1 and digits.endswith("0"):
        digits, exponent = digits[:-1], exponent + 1
    k, n = len(digits), len(digits) + exponent
    minus = "-" if sign else ""
    if k <= n <= 21:
        return f"{minus}{digits}{'0' * (n - k)}"
    if 0 < n <= 21:
        return f"{minus}{digits[:n]}.{digits[n:]}"
    if -6 < n <= 0:
        return f"{minus}0.{'0' * -n}{digits}"
    e = n - 1
    body = digits[0] + ("." + digits[1:] if k > 1 else "")
    return f"{minus}{body}e{'+' if e > 0 else '-'}{abs(e)}"


def js_json(v):
    if v is None:
        return "null"
    if isinstance(v, (bool, int, float)):
        return js_number(v)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, (list, tuple)):
        return "[" + ",".join(js_json(x) for x in v) + "]"
    return "{" + ",".join(f"{json.dumps(str(k), ensure_ascii=False)}:{js_json(x)}" for k, x in v.items()) + "}"


def py_number(x):
    """Python's repr, except that whole floats below 1e16 lose the `.0` (docs/tuners.md)."""
    if isinstance(x, bool):
        return "True" if x else "False"
    if isinstance(x, int):
        return str(x)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    if x == int(x) and abs(x) < 1e16:
        return "-0" if math.copysign(1, x) < 0 and x == 0 else str(int(x))
    return repr(x)


def py_text(v):
    if v is None:
        return "None"
    if isinstance(v, (bool, int, float)):
        return py_number(v)
    if isinstance(v, str):
        return v
    return js_json(v)


def json_number(x):
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return x


def epoch_ms(dt):
    if dt is None:
        return None
    # Optuna gives naive local times; as aware UTC, then whole milliseconds cut, not rounded.
    aware = dt.astimezone(timezone.utc) if dt.tzinfo is None else dt
    delta = aware - aware.replace(year=1970, month=1, day=1, hour=0, minute=0, second=0, microsecond=0)
    return (delta.days * 86_400_000_000 + delta.seconds * 1_000_000 + delta.microseconds) // 1000


def read_studies(storage):
    studies = []
    for frozen in storage.get_all_studies():
        study = optuna.load_study(study_name=frozen.study_name, storage=storage)
        trials = []
        for t in study.get_trials(deepcopy=False):
            trials.append({
                "number": t.number,
                "state": t.state.name,
                "values": None if t.values is None else [json_number(v) for v in t.values],
                "params": {k: py_text(v) for k, v in t.params.items()},
                "intermediate": sorted([s, json_number(v)] for s, v in t.intermediate_values.items()),
                "user_attrs": {k: py_text(v) for k, v in t.user_attrs.items()},
                "system_attrs": {k: py_text(v) for k, v in t.system_attrs.items()},
                "start": epoch_ms(t.datetime_start),
                "complete": epoch_ms(t.datetime_complete),
            })
        studies.append({
            "id": frozen._study_id,
            "name": study.study_name,
            "directions": [d.name.lower() for d in study.directions],
            "user_attrs": {k: py_text(v) for k, v in study.user_attrs.items()},
            "system_attrs": {k: py_text(v) for k, v in frozen.system_attrs.items()},
            "trials": trials,
        })
    return studies


def read_journal(path):
    with open(path, "rb") as f:
        data = f.read()
    torn = None
    if data and not data.endswith(b"\n"):
        whole = data.count(b"\n")
        torn = {"line": whole + 1, "whole": whole}
    storage = JournalStorage(JournalFileBackend(path))
    return {"file": os.path.basename(path), "torn": torn, "storage": None, "studies": read_studies(storage)}


def read_rdb(path):
    storage = RDBStorage(f"sqlite:///{path}")
    # The alembic revision Optuna checks the schema by, and the Optuna that set the file up
    # (version_info has no API; it is one row).
    revision = storage._version_manager.get_current_version()
    studies = read_studies(storage)
    storage.engine.dispose()
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        (library,) = db.execute("SELECT library_version FROM version_info").fetchone()
    return {
        "file": os.path.basename(path),
        "torn": None,
        "storage": {"revision": revision, "library": library},
        "studies": studies,
    }


def main():
    folder = sys.argv[1]
    optuna.logging.set_verbosity(optuna.logging.ERROR)
    files = []
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        if name.endswith(".log"):
            files.append(read_journal(path))
        elif name.endswith(".db"):
            files.append(read_rdb(path))
    print(json.dumps({"files": files}, ensure_ascii=False))


if __name__ == "__main__":
    main()
