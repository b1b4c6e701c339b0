"""Writes randomised Hugging Face Trainer output folders with a real `transformers.Trainer` and
reads them back with `TrainerState.load_from_json` (docs/interop.md, docs/hf-trainer-ultralytics.md).

Usage: hf_trainer_writer.py LOGDIR SEED VIEW.json

Each run trains a one-layer GPT-2 built from a config (a few hundred parameters, no download,
HF_HUB_OFFLINE=1) for a handful of steps on CPU: max_steps or epochs, logging every 1 to 4 steps,
evaluation by steps, by epoch or never, a compute_metrics that now and then returns NaN,
checkpoints by steps or epoch with a save_total_limit, the best checkpoint kept on eval_loss or
an accuracy, `save_metrics` for train, eval and test (`*_results.json`), `save_state`, `save_model`.
Some runs are interrupted by an exception mid-training (only their checkpoints remain), and some
of those are resumed from their last checkpoint. VIEW.json gets, per output folder, every
trainer_state.json as `TrainerState.load_from_json` reads it, the results files as `json.load`
reads them, and every file in the folder.
"""

import contextlib
import dataclasses
import io
import json
import math
import os
import sys
import warnings

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ["HF_HUB_DISABLE_PROGRESS_BARS"] = "1"
os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

import torch  # noqa: E402

torch.set_num_threads(1)
import transformers  # noqa: E402
from transformers import (  # noqa: E402
    GPT2Config,
    GPT2LMHeadModel,
    PrinterCallback,
    Trainer,
    TrainerCallback,
    TrainerState,
    TrainingArguments,
)

WRITER = "hf-trainer"
RUN_NAMES = ["out", "results", "tiny-gpt2-finetuned", "checkpoints é"]
CHECKPOINT = ("checkpoint-", "last-checkpoint")
STATE = "trainer_state.json"


class Interrupted(Exception):
    """What a Ctrl-C or a lost machine does to a training loop."""


class StopAt(TrainerCallback):
    def __init__(self, step):
        self.step = step

    def on_step_end(self, args, state, control, **kwargs):
        if state.global_step >= self.step:
            raise Interrupted(f"stopped at step {state.global_step}")


class Tokens(torch.utils.data.Dataset):
    def __init__(self, n, generator):
        self.ids = torch.randint(0, 16, (n, 8), generator=generator)

    def __len__(self):
        return len(self.ids)

    def __getitem__(self, i):
        return {"input_ids": self.ids[i], "labels": self.ids[i]}


def metrics_for(rng, force):
    """compute_metrics: an accuracy from the logits, and now and then a NaN score."""

    def compute(prediction):
        logits, labels = prediction.predictions, prediction.label_ids
        if isinstance(logits, tuple):
            logits = logits[0]
        accuracy = float((logits.argmax(-1) == labels).mean())
        out = {"accuracy": accuracy}
        if rng.random() < 0.3 or "nan" in force:
            out["score"] = float("nan")
        return out

    return compute


def arguments(rng, output_dir, covers, force):
    eval_strategy = rng.choice(["no", "steps", "steps", "epoch"])
    if "eval-epoch" in force:
        eval_strategy = "epoch"
    elif force & {"eval-steps", "best-checkpoint", "nan"}:
        eval_strategy = "steps"
    save_strategy = rng.choice(["steps", "steps", "epoch", "no"])
    if force & {"interrupt", "checkpoints-only"}:
        save_strategy = "steps"
    kw = {}
    if (rng.random() < 0.6 or force & {"max-steps", "interrupt"}) and "epochs" not in force:
        kw["max_steps"] = rng.randint(4, 16)
        covers.add("max-steps")
    else:
        kw["num_train_epochs"] = rng.randint(1, 3)
        covers.add("epochs")
    eval_steps = rng.randint(2, 5)
    save_steps = rng.randint(2, 6) if "interrupt" not in force else 2
    best = eval_strategy != "no" and (rng.random() < 0.6 or "best-checkpoint" in force)
    if "interrupt" in force:
        best = False  # it would move the checkpoints onto the evaluation schedule
    if best:
        # load_best_model_at_end needs checkpoints on the evaluation schedule.
        save_strategy = eval_strategy
        save_steps = eval_steps * rng.choice([1, 2])
        kw["load_best_model_at_end"] = True
        kw["metric_for_best_model"] = rng.choice(["eval_loss", "loss", "accuracy"])
        kw["greater_is_better"] = kw["metric_for_best_model"] == "accuracy"
        covers.add("best-checkpoint")
    if eval_strategy != "no":
        covers.add("eval-" + eval_strategy)
    if save_strategy != "no":
        covers.add("checkpoints")
    return TrainingArguments(
        output_dir=output_dir,
        per_device_train_batch_size=rng.choice([2, 4]),
        per_device_eval_batch_size=4,
        learning_rate=rng.choice([5e-5, 1e-3, 2e-5]),
        lr_scheduler_type=rng.choice(["linear", "constant", "cosine"]),
        logging_steps=rng.randint(1, 4),
        logging_first_step=rng.random() < 0.3,
        eval_strategy=eval_strategy,
        eval_steps=eval_steps,
        save_strategy=save_strategy,
        save_steps=save_steps,
        save_total_limit=rng.choice([None, 1, 2]),
        report_to="none",
        use_cpu=True,
        disable_tqdm=True,
        dataloader_num_workers=0,
        seed=rng.randint(0, 9999),
        log_level="error",
        **kw,
    )


def write_run(rng, output_dir, covers, force=frozenset()):
    generator = torch.Generator().manual_seed(rng.randint(0, 2**31))
    train = Tokens(rng.randint(8, 20), generator)
    evaluation = Tokens(rng.randint(2, 6), generator)
    interrupt = rng.random() < 0.25 or bool(force & {"interrupted", "resumed"})
    args = arguments(rng, output_dir, covers, force | ({"interrupt"} if interrupt else set()))
    with_metrics = args.eval_strategy != "no" and (
        args.metric_for_best_model == "accuracy" or rng.random() < 0.5 or "nan" in force
    )

    def trainer(callbacks=()):
        config = GPT2Config(vocab_size=16, n_positions=8, n_embd=4, n_layer=1, n_head=1)
        t = Trainer(
            model=GPT2LMHeadModel(config),
            args=args,
            train_dataset=train,
            eval_dataset=evaluation,
            compute_metrics=metrics_for(rng, force) if with_metrics else None,
            callbacks=list(callbacks),
        )
        t.remove_callback(PrinterCallback)
        return t

    t = trainer()
    steps = t.args.max_steps if t.args.max_steps > 0 else None
    if interrupt:
        # From step 3 on: a stop at step 2 comes before the first checkpoint can be saved.
        stop = rng.randint(3, max(3, (steps or 6) - 1))
        try:
            trainer([StopAt(stop)]).train()
            return  # the epochs ended before the stop
        except Interrupted:
            pass
        has_checkpoint = any(n.startswith("checkpoint-") for n in os.listdir(output_dir)) \
            if os.path.isdir(output_dir) else False
        if not has_checkpoint:
            return
        if "interrupted" in force or not (rng.random() < 0.5 or "resumed" in force):
            covers.add("interrupted")
            return
        covers.add("resumed")
        result = t.train(resume_from_checkpoint=True)
    else:
        result = t.train()
    if rng.random() < 0.8 or "results" in force:
        t.save_metrics("train", result.metrics)
        covers.add("results")
    if rng.random() < 0.6:
        t.save_metrics("eval", t.evaluate())
    if rng.random() < 0.3 or "test-results" in force:
        t.save_metrics("test", t.predict(evaluation).metrics)
        covers.add("test-results")
    checkpoints = any(n.startswith("checkpoint-") for n in os.listdir(output_dir))
    # Without a state or a checkpoint the folder holds only results files, which name no run
    # (Runlens leaves them out as JSON it does not recognise): such runs always save their state.
    if not checkpoints or (rng.random() < 0.8 and "checkpoints-only" not in force):
        t.save_state()
    else:
        covers.add("checkpoints-only")
    if rng.random() < 0.3:
        t.save_model()


FEATURES = [
    "max-steps", "epochs", "eval-steps", "eval-epoch", "best-checkpoint", "checkpoints",
    "interrupted", "resumed", "results", "test-results", "checkpoints-only", "nan",
]


def seen_in_files(runs):
    """What the plan cannot promise by itself: a NaN that reached a logged evaluation."""
    logged = [v for r in runs for s in r["states"] for e in s["log_history"] for v in e.values()]
    return {"nan"} if "NaN" in logged else set()


def plain(x):
    """JSON-safe: non-finite floats as Runlens's summary spells them."""
    if isinstance(x, float) and not math.isfinite(x):
        return "NaN" if math.isnan(x) else "Infinity" if x > 0 else "-Infinity"
    if isinstance(x, dict):
        return {k: plain(v) for k, v in x.items()}
    if isinstance(x, list):
        return [plain(v) for v in x]
    return x


def read_back(logdir):
    """Per Trainer output folder: every state TrainerState reads, the results, every file."""
    runs = {}
    for dirpath, _, files in sorted(os.walk(logdir)):
        if STATE not in files:
            continue
        folder = os.path.basename(dirpath)
        root = os.path.dirname(dirpath) if folder.startswith(CHECKPOINT) else dirpath
        state = TrainerState.load_from_json(os.path.join(dirpath, STATE))
        rel = os.path.relpath(root, logdir).replace(os.sep, "/")
        run = runs.setdefault(root, {"path": rel, "states": [], "results": {}, "files": []})
        fields = dataclasses.asdict(state)
        fields.pop("stateful_callbacks", None)
        run["states"].append({"file": os.path.relpath(os.path.join(dirpath, STATE), root)
                              .replace(os.sep, "/"), **plain(fields)})
    for root, run in runs.items():
        for name in sorted(os.listdir(root)):
            if name.endswith("_results.json"):
                with open(os.path.join(root, name), encoding="utf-8") as f:
                    run["results"][name] = plain(json.load(f))
        for dirpath, _, files in os.walk(root):
            for name in files:
                run["files"].append(os.path.relpath(os.path.join(dirpath, name), root)
                                    .replace(os.sep, "/"))
        run["files"].sort()
    return sorted(runs.values(), key=lambda r: r["path"])


def main():
    _, logdir, seed = common.parse_args(sys.argv[:3])
    view_path = sys.argv[3]
    rng = common.make_rng(seed, WRITER)
    transformers.logging.set_verbosity_error()
    warnings.filterwarnings("ignore")
    covers = set()
    target, written = common.run_count(rng), 0

    def write(force=frozenset()):
        nonlocal written
        name = rng.choice(RUN_NAMES)
        with contextlib.redirect_stdout(io.StringIO()):
            write_run(rng, os.path.join(logdir, f"project_{written:02d}", name), covers, force)
        written += 1

    # An interrupted run may stop before its first checkpoint and leave nothing: go on until
    # `target` folders hold a run.
    while len(read_back(logdir)) < target:
        write()
    # A seed whose dice left a case out gets a run that has it, so every seed covers them all.
    for feature in FEATURES:
        if feature not in covers | seen_in_files(read_back(logdir)):
            write(frozenset({feature}))
    runs = read_back(logdir)
    with open(view_path, "w", encoding="utf-8") as out:
        json.dump({"runs": runs, "covers": sorted(covers)}, out, ensure_ascii=False, allow_nan=False)
    print(f"hf-trainer: wrote {written} runs ({len(runs)} output folders) to {logdir}")
    print("covers:", " ".join(sorted(covers)))


main()
