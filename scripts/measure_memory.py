"""Peak memory of the Rasa server and the action server, started exactly like `make bench` does.

    .venv/bin/python scripts/measure_memory.py                     # 10 conversations x 10 turns
    .venv/bin/python scripts/measure_memory.py --env MALLOC_ARENA_MAX=8 --runs 2
    .venv/bin/python scripts/measure_memory.py --bench-load        # the load levels of bench.py
    .venv/bin/python scripts/measure_memory.py --latency-turns 100 # + sequential latency p50/p95
    .venv/bin/python scripts/measure_memory.py --model /tmp/other.tar.gz
    .venv/bin/python scripts/measure_memory.py --stock             # the stock `rasa init` bot
                                                                   # (.tmp/bench-stock, see bench.py)

Starts the action server and the Rasa server through bot.runtime with the bench's settings
(scripts/bench.py: verzuimwijzer_assistant / stock_assistant, SQLite tracker store in a temporary
var dir), sends Dutch conversations from scripts/load_test.py over REST (all conversations at
the same time, the turns of one conversation one after the other), and prints VmHWM (peak RSS)
and VmRSS (current) from /proc/<pid>/status of both servers after each stage: model loaded,
first answer, load, optional sequential latency turns. `--env K=V` is applied on top of the
launcher's environment (so it overrides the launcher's defaults). Prints figures; asserts nothing.
Don't run it while `make bench` runs: both compete for the same CPU.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Dict, List, Optional

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.runtime import MODEL_PATH  # noqa: E402
from scripts.bench import (LEVELS, first_answer, stock_assistant, stock_script,  # noqa: E402
                           verzuimwijzer_assistant)
from scripts.infra import percentile, proc_status  # noqa: E402
from scripts.load_test import conversation_script, run_load, run_load_async  # noqa: E402

STOCK_DIR = ROOT / ".tmp" / "bench-stock"


def snapshot(assistant, stage: str, rows: List[dict]) -> None:
    for name in ("rasa", "actions"):
        proc = assistant.processes.get(name)
        figures = proc_status(proc.pid) if proc else {}
        rows.append({"stage": stage, "server": name, **figures})
        print(f"  {stage:<22} {name:<8} VmHWM {figures.get('VmHWM', float('nan')):7.0f} MiB  "
              f"VmRSS {figures.get('VmRSS', float('nan')):7.0f} MiB  "
              f"threads {figures.get('Threads', 0):.0f}", flush=True)


def sequential_latency(url: str, turns: int, script) -> Dict[str, float]:
    """`turns` turns, one at a time (conversations of 10 turns in a row); p50/p95 in ms."""
    latencies: List[float] = []
    for start in range(0, turns, 10):
        raw = asyncio.run(run_load_async([url], 1, min(10, turns - start), False, 120, 0.0,
                                         7000 + start, f"latency-{start}", script, 120))
        latencies += [x * 1000 for x in raw["latencies"]]
    return {"p50_ms": percentile(latencies, 50), "p95_ms": percentile(latencies, 95),
            "turns": len(latencies)}


def measure(args: argparse.Namespace, run: int) -> dict:
    var = Path(tempfile.mkdtemp(prefix="vw-mem-"))
    logs = var / "logs"
    extra = dict(kv.split("=", 1) for kv in args.env)
    if args.stock:
        models = sorted((STOCK_DIR / "models").glob("*.tar.gz"))
        if not models:
            raise SystemExit(f"no stock bot in {STOCK_DIR}: run scripts/bench.py --skip-train once")
        assistant, model = stock_assistant(STOCK_DIR, var, logs), models[-1]
        script, first_text = stock_script, "hello"
    else:
        assistant, model, script, first_text = (verzuimwijzer_assistant(var, logs), args.model,
                                                conversation_script, "Hallo")
    for key, value in extra.items():
        if value == "":
            assistant.env.pop(key, None)   # --env NAME= removes a launcher default
        else:
            assistant.env[key] = value
    rows: List[dict] = []
    result: dict = {"run": run, "env": extra, "model": str(model), "rows": rows}
    print(f"run {run}: {'stock bot' if args.stock else model} env {extra or '(launcher defaults)'}",
          flush=True)
    try:
        started = time.monotonic()
        assistant.start_actions()
        # The stock bot's `rest` channel has no /health route: like bench.py, wait for an answer.
        assistant.start_rasa(model, wait=not args.stock)
        if not args.stock:
            result["model_loaded_s"] = round(time.monotonic() - started, 1)
            snapshot(assistant, "model loaded", rows)
        first_answer(assistant.rest_url, first_text)
        result["first_answer_s"] = round(time.monotonic() - started, 1)
        snapshot(assistant, "first answer", rows)
        levels = LEVELS if args.bench_load else [(args.conversations, args.turns)]
        for concurrency, turns in levels:
            report = run_load([assistant.rest_url], concurrency, turns, timeout=120, script=script,
                              seed=100 * concurrency, response_timeout=120)
            result[f"load_{concurrency}x{turns}"] = {k: report[k] for k in (
                "answered", "errors", "p50_ms", "p95_ms", "throughput_msg_s")}
            print(f"  load {concurrency}x{turns}: {report['answered']} answered, "
                  f"{report['errors']} errors, p50 {report['p50_ms']} p95 {report['p95_ms']} ms",
                  flush=True)
            snapshot(assistant, f"after {concurrency}x{turns}", rows)
        if args.latency_turns:
            latency = sequential_latency(assistant.rest_url, args.latency_turns, script)
            result["latency"] = latency
            print(f"  sequential latency: {latency['turns']} turns, p50 {latency['p50_ms']:.1f} "
                  f"p95 {latency['p95_ms']:.1f} ms", flush=True)
            snapshot(assistant, "after latency turns", rows)
    finally:
        assistant.stop()
        if args.keep_logs:
            print(f"  logs kept in {logs}")
        else:
            shutil.rmtree(var, ignore_errors=True)
    return result


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", type=Path, default=MODEL_PATH)
    parser.add_argument("--stock", action="store_true", help="the stock bot in .tmp/bench-stock")
    parser.add_argument("--env", action="append", default=[], metavar="K=V",
                        help="extra environment for both servers (K= removes K); repeatable")
    parser.add_argument("--conversations", "-n", type=int, default=10)
    parser.add_argument("--turns", "-t", type=int, default=10)
    parser.add_argument("--bench-load", action="store_true",
                        help="instead of -n/-t: the load levels of scripts/bench.py")
    parser.add_argument("--latency-turns", type=int, default=0,
                        help="afterwards, this many sequential turns for p50/p95 latency")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--keep-logs", action="store_true")
    args = parser.parse_args(argv)
    results = [measure(args, run) for run in range(1, args.runs + 1)]
    print("\nsummary (final VmHWM, MiB):")
    for result in results:
        final = {r["server"]: r for r in result["rows"] if "VmHWM" in r}
        latency = result.get("latency")
        print(f"  run {result['run']}: rasa {final.get('rasa', {}).get('VmHWM', float('nan')):.0f}"
              f"  actions {final.get('actions', {}).get('VmHWM', float('nan')):.0f}"
              + (f"  latency p50 {latency['p50_ms']:.1f} p95 {latency['p95_ms']:.1f} ms"
                 if latency else ""))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
