"""Writes randomised runs with the real wandb in offline mode (docs/interop.md, docs/wandb.md).

Usage: python wandb_writer.py LOGDIR SEED
       python wandb_writer.py --crash LOGDIR SEED INDEX   (one run killed with SIGKILL mid-logging)

Every run is `LOGDIR/wandb/offline-run-<time>-<id>/`, written by `wandb.init` with WANDB_MODE=offline
(no network, no account, no git, no console capture): nested keys in wandb.log dicts
(`{"train": {"loss": …}}`), implicit steps and explicit ones (with gaps and a repeated step that
merges into one row), custom step metrics through define_metric (a name and a glob), NaN and ±inf,
config with nested dicts, lists, None, bools and 1e-05, updated after init, tags, notes, group,
job_type, display names (some runs have none), summary overrides (keys with and without history),
exit codes 0 and non-zero through wandb.finish(exit_code=…), system stats sampled every 0.2 s in
a few runs, and a run whose process is killed with SIGKILL while logging (its log has no exit
record and ends where wandb-core last flushed a 32 KiB block). Two to four runs are made in a
throw-away git repository (beside the logdir) whose working tree has random uncommitted changes
(edits, new intent-to-add files, a deletion, a rename, a binary file, names with spaces and
non-ASCII letters): with save_code and git on for those runs, wandb-core saves `git diff HEAD` as
`files/diff.patch`; `git diff HEAD --numstat -z` of each goes to `git-numstat.json` beside the
logdir, and the run folders are moved into the logdir. The plan comes from
random.Random("<seed>:wandb"); the last line printed lists what the runs cover.
"""

import json
import shutil

import math
import os
import random
import signal
import subprocess
import sys
import time


def offline_env(logdir):
    # wandb's caches and settings go beside the logdir, not into the runs Runlens reads.
    home = os.path.join(os.path.dirname(os.path.abspath(logdir)), "wandb-home")
    os.environ.update(
        WANDB_MODE="offline",
        WANDB_SILENT="true",
        WANDB_DISABLE_GIT="true",
        WANDB_DISABLE_CODE="true",
        WANDB_CONSOLE="off",
        WANDB_DIR=logdir,
        WANDB_CACHE_DIR=os.path.join(home, "cache"),
        WANDB_CONFIG_DIR=os.path.join(home, "config"),
        WANDB_DATA_DIR=os.path.join(home, "data"),
        WANDB_ARTIFACT_DIR=os.path.join(home, "artifacts"),
    )


PROJECTS = ["vision", "speech", "Ünïcödé proj"]
TAGS = ["baseline", "ablation", "lr-sweep", "日本語", "with space"]


def value(rng):
    r = rng.random()
    if r < 0.04:
        return float("nan")
    if r < 0.06:
        return float("inf")
    if r < 0.08:
        return float("-inf")
    if r < 0.2:
        return rng.randint(-5, 100)
    return rng.uniform(-10, 10)


def config_for(rng):
    config = {
        "lr": rng.choice([0.001, 1e-05, 0.5, 3]),
        "epochs": rng.randint(1, 50),
        "optimizer": {"name": rng.choice(["adam", "sgd"]), "betas": [0.9, 0.999]},
        "use_amp": rng.choice([True, False]),
        "seed": None if rng.random() < 0.3 else rng.randint(0, 9999),
        "layers": [rng.randint(8, 64) for _ in range(rng.randint(1, 3))],
        "note": rng.choice(["plain", "Ünïcödé 日本語", "with: colon"]),
    }
    if rng.random() < 0.5:
        config["model"] = {"encoder": {"depth": rng.randint(1, 8), "act": "relu"}}
    return config


def row(rng):
    """One wandb.log dict: flat and nested keys, some of them only sometimes."""
    d = {"train": {"loss": value(rng)}}
    if rng.random() < 0.6:
        d["train"]["acc"] = value(rng)
    if rng.random() < 0.5:
        d["lr"] = rng.uniform(0, 0.01)
    if rng.random() < 0.2:
        d["deep"] = {"a": {"b": value(rng)}}
    if rng.random() < 0.1:
        d["flat/slash"] = value(rng)
    return d


GIT_FILES = ["model.py", "train loop.py", "données.py", "utils/io.py", "README.md"]


def git(repo, *args):
    return subprocess.run(
        ["git", "-c", "user.email=interop@example.com", "-c", "user.name=interop", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    ).stdout


def text_lines(rng, n):
    return "".join(f"line_{rng.randint(0, 999)} = {rng.random():.3f}\n" for _ in range(n))


class GitRepo:
    """A repository whose working tree gets new random uncommitted changes before each run."""

    def __init__(self, root, rng):
        self.root = root
        self.rng = rng
        os.makedirs(os.path.join(root, "utils"))
        git(root, "init", "-q")
        for name in GIT_FILES:
            with open(os.path.join(root, name), "w") as f:
                f.write(text_lines(rng, rng.randint(3, 30)))
        with open(os.path.join(root, "weights.bin"), "wb") as f:
            f.write(bytes(rng.randrange(256) for _ in range(64)) + b"\0")
        with open(os.path.join(root, ".git", "info", "exclude"), "a") as f:
            f.write("wandb/\n")
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", "start")

    def change(self):
        """New uncommitted changes; `git diff HEAD --numstat -z` of them as rows."""
        rng = self.rng
        git(self.root, "reset", "-q", "--hard")
        git(self.root, "clean", "-qfd")
        names = list(GIT_FILES)
        rng.shuffle(names)
        for name in names[: rng.randint(1, 3)]:
            path = os.path.join(self.root, name)
            with open(path) as f:
                lines = f.readlines()
            for _ in range(rng.randint(1, 4)):
                at = rng.randrange(len(lines) + 1)
                if lines and rng.random() < 0.5:
                    del lines[min(at, len(lines) - 1)]
                else:
                    lines.insert(at, text_lines(rng, 1))
            with open(path, "w") as f:
                f.writelines(lines)
        rest = names[3:]
        if rest and rng.random() < 0.4:
            git(self.root, "mv", rest.pop(), f"renamed {rng.randint(0, 99)}.py")
        if rest and rng.random() < 0.4:
            os.remove(os.path.join(self.root, rest.pop()))
        if rng.random() < 0.5:
            name = rng.choice(["new file.py", "nouveau_été.py", "empty.txt"])
            with open(os.path.join(self.root, name), "w") as f:
                f.write("" if name == "empty.txt" else text_lines(rng, rng.randint(1, 5)))
            git(self.root, "add", "-N", name)
        if rng.random() < 0.4:
            with open(os.path.join(self.root, "weights.bin"), "ab") as f:
                f.write(bytes([rng.randrange(256)]))
        fields = git(self.root, "diff", "HEAD", "--numstat", "-z").decode().split("\0")
        rows, i = [], 0
        while i < len(fields) and fields[i]:
            added, removed, path = fields[i].split("\t", 2)
            previous = None
            if path == "":
                previous, path = fields[i + 1], fields[i + 2]
                i += 2
            rows.append([added, removed, path, previous])
            i += 1
        return rows


def write_run(wandb, rng, index, covers, repo=None, numstat=None):
    kwargs = {
        "project": rng.choice(PROJECTS),
        "config": config_for(rng),
        "reinit": "finish_previous",
    }
    # A few runs are forced so every seed covers them: no display name, a define_metric by glob
    # and by name, a non-zero exit code.
    if index != 4 and rng.random() < 0.8:
        kwargs["name"] = f"run {index:02d}" if rng.random() < 0.7 else f"Ünïcödé {index}"
    if rng.random() < 0.7:
        kwargs["tags"] = rng.sample(TAGS, rng.randint(1, 3))
    if rng.random() < 0.5:
        kwargs["notes"] = rng.choice(["a note", "multi\nline note", "ünïcödé — note"])
    if rng.random() < 0.5:
        kwargs["group"] = rng.choice(["g1", "group two"])
    if rng.random() < 0.5:
        kwargs["job_type"] = rng.choice(["train", "eval"])
    stats = index in (1, 2)
    if stats:
        kwargs["settings"] = wandb.Settings(x_stats_sampling_interval=0.2)
    elif repo is not None:
        # wandb runs git in its root_dir, where it also writes the run: moved out after finish.
        rows = repo.change()
        kwargs["settings"] = wandb.Settings(
            x_disable_stats=True, save_code=True, disable_git=False, root_dir=repo.root
        )
    else:
        kwargs["settings"] = wandb.Settings(x_disable_stats=True)
    run = wandb.init(**kwargs)
    if repo is not None and not stats:
        numstat[run.id] = rows
        folder = os.path.dirname(os.path.abspath(run.dir))

    steps = rng.choice(["implicit", "explicit", "mixed", "step-metric"])
    if index in (3, 7):
        steps = "step-metric"
    if steps == "step-metric":
        run.define_metric("epoch")
        if index == 3 or (index != 7 and rng.random() < 0.5):
            run.define_metric("val/*", step_metric="epoch")
            covers.add("glob-step-metric")
        else:
            run.define_metric("val/acc", step_metric="epoch")
            run.define_metric("val/loss", step_metric="epoch")
        covers.add("step-metric")
    n = rng.randint(10 if stats else 3, 25)
    step = 0
    epoch = 0
    for i in range(n):
        d = row(rng)
        if steps == "implicit" or (steps == "mixed" and rng.random() < 0.5):
            run.log(d)
            covers.add("implicit-step")
        elif steps in ("explicit", "mixed"):
            step += rng.choice([1, 1, 2, 7])
            run.log(d, step=step)
            if rng.random() < 0.15:
                run.log({"extra": value(rng)}, step=step)
                covers.add("repeated-step")
            covers.add("explicit-step")
        else:
            run.log(d)
            if i % 3 == 2:
                epoch += 1
                run.log({"epoch": epoch, "val": {"acc": value(rng), "loss": value(rng)}})
        if stats:
            time.sleep(0.06)
    if rng.random() < 0.5:
        run.config.update({"late": {"key": rng.randint(0, 9)}, "batch": 32})
        covers.add("config-update")
    if rng.random() < 0.5:
        run.summary["best_acc"] = rng.uniform(0, 1)
        covers.add("summary-only")
    if rng.random() < 0.4:
        run.summary["train/loss"] = -1.5
        covers.add("summary-override")
    code = 0 if index != 5 and rng.random() < 0.75 else rng.choice([1, 2, 255])
    run.finish(exit_code=code)
    covers.add(f"exit:{'0' if code == 0 else 'non-zero'}")
    if repo is not None and not stats:
        shutil.move(folder, os.path.join(os.environ["WANDB_DIR"], "wandb", os.path.basename(folder)))
        covers.add("git-patch")
    if stats:
        covers.add("system")


def crash(logdir, seed, index):
    """Logs until wandb-core has flushed some 32 KiB blocks, then dies without finishing."""
    offline_env(logdir)
    import wandb

    rng = random.Random(f"{seed}:wandb:crash:{index}")
    run = wandb.init(
        project=rng.choice(PROJECTS),
        name=f"crashed {index}",
        config=config_for(rng),
        settings=wandb.Settings(x_disable_stats=True),
    )
    for _ in range(rng.randint(400, 700)):
        run.log(row(rng))
    # wandb-core writes the log in whole blocks: give it a moment to write what it has buffered.
    time.sleep(1.0)
    os.kill(os.getpid(), signal.SIGKILL)


def main(logdir, seed):
    offline_env(logdir)
    os.makedirs(logdir, exist_ok=True)
    rng = random.Random(f"{seed}:wandb")
    covers = set()
    beside = os.path.dirname(os.path.abspath(logdir))
    repo = GitRepo(os.path.join(beside, "git-repo"), random.Random(f"{seed}:wandb:git"))
    numstat = {}
    crashes = rng.randint(1, 2)
    children = [
        subprocess.Popen([sys.executable, __file__, "--crash", logdir, seed, str(i)])
        for i in range(crashes)
    ]
    import wandb

    count = rng.randint(20, 24)
    in_git = {6, *rng.sample(range(3, count), rng.randint(1, 3))} - {1, 2}
    for index in range(count):
        inside = index in in_git
        write_run(wandb, rng, index, covers, repo if inside else None, numstat)
    with open(os.path.join(beside, "git-numstat.json"), "w") as f:
        json.dump(numstat, f, ensure_ascii=False)
    for child in children:
        child.wait()
        if child.returncode != -signal.SIGKILL:
            raise SystemExit(f"the crashing run exited with {child.returncode}, not SIGKILL")
    covers.add("crashed")
    print(f"wandb: {len(covers)} kinds covered: {', '.join(sorted(covers))}")


if __name__ == "__main__":
    if sys.argv[1] == "--crash":
        crash(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    else:
        main(sys.argv[1], sys.argv[2])
