"""Measure the NLU: 5-fold cross-validation on data/nlu and accuracy on the held-out test set.

    python scripts/nlu_eval.py                # both (make eval)
    python scripts/nlu_eval.py --skip-cv      # only the held-out test set
    python scripts/nlu_eval.py --skip-test    # only cross-validation

Prints intent macro-F1 and entity F1 (the entity extractor, micro avg over entity types) from
``rasa test nlu --cross-validation --folds 5`` (results/nlu_cv/), and for tests/nlu/testset.yml
(messages that are not in the training data, see tests/nlu/test_data_hygiene.py): intent accuracy,
macro-F1, entity F1 and the share of messages that fell below the fallback threshold
(the model, loaded as the assistant loads it, predicts ``nlu_fallback``; ``rasa test nlu``
itself reports the intent under the fallback). Intent accuracy is that of ``rasa test nlu`` (top
intent); "accuracy when answered" counts only messages that did not fall back. An NLU-only model is trained into results/nlu_model/ when the
config or the NLU data changed since the last one. A JSON summary goes to
results/nlu_eval_summary.json.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
RESULTS = ROOT / "results"
CONFIG = ROOT / "config.yml"
NLU_DIR = ROOT / "data" / "nlu"
TESTSET = ROOT / "tests" / "nlu" / "testset.yml"
MODEL_DIR = RESULTS / "nlu_model"
MODEL = MODEL_DIR / "nlu.tar.gz"
STAMP = MODEL_DIR / "nlu.sha256"
FALLBACK = "nlu_fallback"

ENV = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", RASA_TELEMETRY_ENABLED="false",
           SQLALCHEMY_SILENCE_UBER_WARNING="1", PYTHONPATH=str(ROOT),
           PYTHONWARNINGS="ignore")


def rasa(*args: str, log: Path) -> None:
    cmd = [PY, "-m", "rasa", *args]
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w") as fh:
        proc = subprocess.run(cmd, cwd=ROOT, env=ENV, stdout=fh, stderr=subprocess.STDOUT)
    if proc.returncode != 0:
        tail = log.read_text(errors="replace").splitlines()[-30:]
        sys.exit(f"command failed ({proc.returncode}): {' '.join(cmd)}\n" + "\n".join(tail))


def data_hash() -> str:
    h = hashlib.sha256()
    for path in [CONFIG, *sorted(NLU_DIR.rglob("*.yml"))]:
        h.update(str(path.relative_to(ROOT)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def entity_f1(out: Path):
    """Micro-averaged F1 of the pipeline's entity extractor (`rasa test nlu` names the report
    after the component: CRFEntityExtractor_report.json)."""
    reports = [p for p in sorted(out.glob("*_report.json"))
               if p.name not in ("intent_report.json", "response_selection_report.json")]
    if not reports:
        return None
    report = json.loads(reports[0].read_text())
    for key in ("micro avg", "weighted avg"):
        if key in report:
            return report[key]["f1-score"]
    return None


def cross_validate(folds: int) -> dict:
    out = RESULTS / "nlu_cv"
    shutil.rmtree(out, ignore_errors=True)  # rasa writes no errors file when there are none
    t0 = time.time()
    rasa("test", "nlu", "--nlu", str(NLU_DIR), "--config", str(CONFIG), "--cross-validation",
         "--folds", str(folds), "--out", str(out), log=RESULTS / "logs" / "nlu_cv.log")
    intent = json.loads((out / "intent_report.json").read_text())
    per_intent = {k: round(v["f1-score"], 3) for k, v in intent.items()
                  if isinstance(v, dict) and k not in ("macro avg", "weighted avg", "micro avg")}
    return {
        "folds": folds,
        "intent_macro_f1": intent["macro avg"]["f1-score"],
        "intent_accuracy": intent.get("accuracy"),
        "entity_f1": entity_f1(out),
        "weakest_intents": dict(sorted(per_intent.items(), key=lambda kv: kv[1])[:5]),
        "seconds": round(time.time() - t0, 1),
    }


def train_if_needed() -> float:
    digest = data_hash()
    if MODEL.exists() and STAMP.exists() and STAMP.read_text() == digest:
        return 0.0
    t0 = time.time()
    MODEL_DIR.mkdir(parents=True, exist_ok=True)
    rasa("train", "nlu", "--nlu", str(NLU_DIR), "--config", str(CONFIG), "--out", str(MODEL_DIR),
         "--fixed-model-name", "nlu", log=RESULTS / "logs" / "nlu_train.log")
    STAMP.write_text(digest)
    return round(time.time() - t0, 1)


def fallback_texts(texts) -> set:
    """Texts for which the trained model (with its FallbackClassifier) predicts nlu_fallback.

    Parsed in a child process (Rasa's structured debug logging would flood this report)."""
    src, dst = RESULTS / "nlu_test" / "texts.json", RESULTS / "nlu_test" / "fallback.json"
    src.write_text(json.dumps(list(texts), ensure_ascii=False))
    log = RESULTS / "logs" / "nlu_fallback.log"
    with log.open("w") as fh:
        proc = subprocess.run([PY, __file__, "--parse-fallback", str(src), str(dst)], cwd=ROOT,
                              env=ENV, stdout=fh, stderr=subprocess.STDOUT)
    if proc.returncode != 0:
        sys.exit(f"parsing the test set failed, see {log}")
    return set(json.loads(dst.read_text()))


def _parse_fallback(src: str, dst: str) -> None:
    import asyncio

    from rasa.core.agent import Agent

    texts = json.loads(Path(src).read_text())
    agent = Agent.load(str(MODEL))

    async def parse_all():
        return [await agent.parse_message(t) for t in texts]

    results = asyncio.run(parse_all())
    fell = [t for t, r in zip(texts, results) if (r.get("intent") or {}).get("name") == FALLBACK]
    Path(dst).write_text(json.dumps(fell, ensure_ascii=False))


def test_set() -> dict:
    out = RESULTS / "nlu_test"
    # A run without errors writes no intent_errors.json; a stale one from an earlier run would
    # be counted as this run's error.
    shutil.rmtree(out, ignore_errors=True)
    train_seconds = train_if_needed()
    t0 = time.time()
    rasa("test", "nlu", "--nlu", str(TESTSET), "--model", str(MODEL), "--out", str(out),
         "--successes", log=RESULTS / "logs" / "nlu_test.log")
    intent = json.loads((out / "intent_report.json").read_text())
    predictions = []
    for name in ("intent_successes.json", "intent_errors.json"):
        path = out / name
        if path.exists():
            predictions += json.loads(path.read_text())
    total = len(predictions)
    # `rasa test nlu` undoes the FallbackClassifier's prediction (it reports the top intent), so
    # which messages fell back is asked from the model itself, as the assistant will see them.
    fell_back_texts = fallback_texts([p["text"] for p in predictions])
    fallback = [p for p in predictions if p["text"] in fell_back_texts]
    answered = [p for p in predictions if p["text"] not in fell_back_texts]
    correct_answered = sum(1 for p in answered if p["intent_prediction"]["name"] == p["intent"])
    errors = [p for p in answered if p["intent_prediction"]["name"] != p["intent"]]
    return {
        "messages": total,
        "intent_accuracy": intent.get("accuracy"),
        "intent_macro_f1": intent["macro avg"]["f1-score"],
        "entity_f1": entity_f1(out),
        "fallback_share": (len(fallback) / total) if total else None,
        "accuracy_when_answered": (correct_answered / len(answered)) if answered else None,
        "wrong_not_fallback": [
            {"text": p["text"], "expected": p["intent"], "predicted": p["intent_prediction"]["name"],
             "confidence": round(p["intent_prediction"]["confidence"], 2)} for p in errors],
        "fell_back": [{"text": p["text"], "expected": p["intent"],
                       "top": p["intent_prediction"]["name"]} for p in fallback],
        "train_seconds": train_seconds,
        "seconds": round(time.time() - t0, 1),
    }


def fmt(x):
    return "n/a" if x is None else f"{x:.3f}"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--skip-cv", action="store_true")
    parser.add_argument("--skip-test", action="store_true")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--target", type=float, default=0.95, help="intent macro-F1 target (CV)")
    parser.add_argument("--parse-fallback", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.parse_fallback:
        _parse_fallback(*args.parse_fallback)
        return 0

    t0 = time.time()
    summary = {}
    if not args.skip_cv:
        summary["cross_validation"] = cv = cross_validate(args.folds)
        print(f"cross-validation ({cv['folds']} folds, {cv['seconds']} s)")
        print(f"  intent macro-F1 {fmt(cv['intent_macro_f1'])}   accuracy {fmt(cv['intent_accuracy'])}"
              f"   entity F1 {fmt(cv['entity_f1'])}")
        print(f"  weakest intents: {cv['weakest_intents']}")
    if not args.skip_test:
        summary["test_set"] = ts = test_set()
        print(f"held-out test set tests/nlu/testset.yml ({ts['messages']} messages, "
              f"train {ts['train_seconds']} s, test {ts['seconds']} s)")
        print(f"  intent accuracy {fmt(ts['intent_accuracy'])}   macro-F1 {fmt(ts['intent_macro_f1'])}"
              f"   entity F1 {fmt(ts['entity_f1'])}")
        print(f"  fallback share {fmt(ts['fallback_share'])}   accuracy when answered "
              f"{fmt(ts['accuracy_when_answered'])}")
        for e in ts["wrong_not_fallback"]:
            print(f"  wrong: {e['text'][:70]!r} expected {e['expected']} got {e['predicted']} ({e['confidence']})")
        for e in ts["fell_back"]:
            print(f"  fallback: {e['text'][:70]!r} (expected {e['expected']})")
    summary["seconds"] = round(time.time() - t0, 1)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "nlu_eval_summary.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False))
    print(f"total {summary['seconds']} s; summary in results/nlu_eval_summary.json")
    cv = summary.get("cross_validation")
    if cv and cv["intent_macro_f1"] < args.target:
        print(f"below target: intent macro-F1 {fmt(cv['intent_macro_f1'])} < {args.target}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
