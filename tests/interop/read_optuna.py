"""Prints, as JSON, what Optuna itself sees in every journal file (`*.log`, read with
`JournalStorage(JournalFileBackend(path))`) and SQLite storage (`*.db`, read with
`RDBStorage("sqlite:///path")`) of a folder: each study loaded with `optuna.load_study`, each
trial's state, values, params, intermediate values, attrs and times, spelled as Runlens shows
them (docs/tuners.md; spelling.py).

Usage: read_optuna.py FOLDER
"""

import json
import os
import sqlite3
import sys

import optuna
from optuna.storages import JournalStorage, RDBStorage
from optuna.storages.journal import JournalFileBackend

from spelling import epoch_ms, json_number, py_text


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
