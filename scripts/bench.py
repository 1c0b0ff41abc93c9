"""`make bench`: Verzuimwijzer against the stock `rasa init` bot, on this machine, in one run.

    .venv/bin/python scripts/bench.py                 # everything (about 10-15 min on 2 cores)
    .venv/bin/python scripts/bench.py --skip-train    # reuse models/verzuimwijzer.tar.gz and a
                                                      # stock bot trained once into .tmp/bench-stock
    .venv/bin/python scripts/bench.py --no-write      # print only, leave docs/performance.md

Measures for both bots, with the same launcher (bot.runtime), the same SQLite tracker store and
the same load generator (scripts/load_test.py):
  * REST round-trip latency p50/p95/p99 and throughput at 1, 10 and 50 concurrent conversations
    (Verzuimwijzer gets Dutch conversations, the stock bot its own English small talk);
  * time to train from scratch (Verzuimwijzer in a copy of the project, so models/ stays as is);
  * time from launching the servers to the first answer; peak RSS (VmHWM) of both servers;
  * NLU figures from the latest `make eval` (results/nlu_eval_summary.json);
  * where the time of one turn goes (in-process profile of the Verzuimwijzer agent: each NLU
    component and policy, action server round trips, tracker store reads/writes).
Prints one table and writes it, with the machine, to docs/performance.md (between the
BENCH markers; the analysis written by hand around them is kept).
"""
from __future__ import annotations

import argparse
import asyncio
import cProfile
import datetime as dt
import io
import json
import os
import platform
import pstats
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable, Dict, List, Optional

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.runtime import MODEL_PATH, make_assistant, python, write_endpoints  # noqa: E402
from scripts.infra import ProjectAssistant, log_tail, peak_rss_mb, percentile  # noqa: E402
from scripts.load_test import FALLBACK_MARKER, conversation_script, run_load  # noqa: E402

DOC = ROOT / "docs" / "performance.md"
RESULTS = ROOT / "results"
BEGIN, END = "<!-- BENCH:BEGIN (scripts/bench.py writes this part) -->", "<!-- BENCH:END -->"
LEVELS = [(1, 40), (10, 10), (50, 6)]  # (concurrent conversations, turns each)
STOCK_TURNS = ["hello", "hi", "I am sad", "not good", "yes", "no", "great", "I am happy",
               "very good", "are you a bot?", "bye", "good morning", "perfect", "no way"]
ENV = {"TF_CPP_MIN_LOG_LEVEL": "3", "RASA_TELEMETRY_ENABLED": "false",
       "SQLALCHEMY_SILENCE_UBER_WARNING": "1", "PYTHONWARNINGS": "ignore"}


def stock_script(turns: int, seed: int) -> List[str]:
    rng = random.Random(seed)
    return [rng.choice(STOCK_TURNS) for _ in range(turns)]


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


# ----------------------------------------------------------------------------- machine

def machine_info() -> Dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "unknown"
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        ram = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, AttributeError):
        pass
    try:
        rasa_version = subprocess.run([python(), "-c", "import rasa; print(rasa.__version__)"],
                                      capture_output=True, text=True, timeout=120,
                                      env={**os.environ, **ENV}).stdout.strip()
    except subprocess.TimeoutExpired:
        rasa_version = "?"
    return {"cpu": cpu, "cores": str(os.cpu_count()), "ram": ram,
            "os": f"{platform.system()} {platform.release()}",
            "python": platform.python_version(), "rasa": rasa_version,
            "date": dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
            "load": " ".join(f"{x:.2f}" for x in os.getloadavg())}


# ----------------------------------------------------------------------------- training

def _timed(args: List[str], cwd: Path, logfile: Path, timeout: float) -> float:
    logfile.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    with open(logfile, "wb") as out:
        result = subprocess.run(args, cwd=cwd, stdout=out, stderr=subprocess.STDOUT,
                                env={**os.environ, **ENV, "PYTHONPATH": str(cwd)},
                                timeout=timeout)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(args[:4])} failed; see {logfile}:\n{log_tail(logfile, 15)}")
    return time.monotonic() - started


def train_stock(work: Path, logs: Path) -> tuple:
    """`rasa init --no-prompt` (scaffold + train) in an empty dir; returns (dir, model, seconds)."""
    stock = work / "stock"
    shutil.rmtree(stock, ignore_errors=True)
    stock.mkdir(parents=True)
    seconds = _timed([python(), "-m", "rasa", "init", "--no-prompt", "--init-dir", str(stock)],
                     stock, logs / "train-stock.log", 1800)
    model = sorted((stock / "models").glob("*.tar.gz"))[-1]
    return stock, model, seconds


def train_verzuimwijzer(work: Path, logs: Path) -> tuple:
    """`make train` from scratch in a copy of the project (generate NLU, rasa train)."""
    copy = work / "verzuimwijzer"
    shutil.rmtree(copy, ignore_errors=True)
    copy.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "web")
    for name in ("config.yml", "domain.yml", "credentials.yml", "requirements.lock"):
        shutil.copy(ROOT / name, copy / name)
    for name in ("data", "bot", "actions"):
        shutil.copytree(ROOT / name, copy / name, ignore=ignore)
    (copy / "scripts").mkdir()
    for name in ("train.py", "generate_nlu.py"):
        if (ROOT / "scripts" / name).exists():
            shutil.copy(ROOT / "scripts" / name, copy / "scripts" / name)
    (copy / "models").mkdir()
    shutil.copytree(ROOT / "models" / "spacy_nl", copy / "models" / "spacy_nl")  # a pipeline, not trained
    seconds = _timed([python(), "scripts/train.py", "--force"], copy, logs / "train-verzuimwijzer.log",
                     3600)
    return copy / "models" / "verzuimwijzer.tar.gz", seconds


# ----------------------------------------------------------------------------- serving

def first_answer(url: str, text: str, deadline_s: float = 300) -> None:
    import requests
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        try:
            response = requests.post(url, json={"sender": "bench-first", "message": text}, timeout=30)
            if response.status_code == 200 and response.json():
                return
        except Exception:  # noqa: BLE001 - not up yet
            pass
        time.sleep(0.1)
    raise TimeoutError(f"no answer from {url} in {deadline_s:.0f}s")


class Bot:
    """One bot under test: its servers, its conversations and the figures measured on it."""

    def __init__(self, name: str, assistant, model: Path,
                 script: Callable[[int, int], List[str]], first_text: str):
        self.name, self.assistant, self.model = name, assistant, model
        self.script, self.first_text = script, first_text
        self.figures: dict = {"name": name}
        self.rounds: Dict[int, List[dict]] = {c: [] for c, _ in LEVELS}

    def start(self) -> None:
        started = time.monotonic()
        self.assistant.start_actions()
        self.assistant.start_rasa(self.model, wait=False)
        first_answer(self.assistant.rest_url, self.first_text)
        self.figures["first_answer_s"] = time.monotonic() - started
        log(f"{self.name}: first answer {self.figures['first_answer_s']:.1f}s after launch")
        run_load([self.assistant.rest_url], 2, 5, timeout=120, script=self.script, seed=999,
                 response_timeout=120)  # warm-up

    def load(self, concurrency: int, turns: int, round_no: int) -> None:
        report = run_load([self.assistant.rest_url], concurrency, turns, timeout=120,
                          script=self.script, seed=100 * concurrency + round_no,
                          response_timeout=120, keep_latencies=True)
        self.rounds[concurrency].append(report)
        log(f"{self.name} x{concurrency} round {round_no + 1}: p50 {report['p50_ms']} "
            f"p95 {report['p95_ms']} p99 {report['p99_ms']} ms, {report['throughput_msg_s']} "
            f"msg/s, errors {report['errors']}, silent {report['silent']}")

    def pool(self) -> None:
        """All rounds of a level as one sample: percentiles over every round trip."""
        for concurrency, reports in self.rounds.items():
            latencies = [s for r in reports for s in r["latencies_s"]]
            wall = sum(r["wall_s"] for r in reports)
            self.figures[concurrency] = {
                "rounds": len(reports), "requests": sum(r["requests"] for r in reports),
                "answered": len(latencies), "errors": sum(r["errors"] for r in reports),
                "silent": sum(r["silent"] for r in reports),
                "error_samples": [e for r in reports for e in r["error_samples"]][:10],
                "p50_ms": round(percentile(latencies, 50) * 1000, 1),
                "p95_ms": round(percentile(latencies, 95) * 1000, 1),
                "p99_ms": round(percentile(latencies, 99) * 1000, 1),
                "throughput_msg_s": round(len(latencies) / wall, 2) if wall else 0.0,
                "per_round": [{k: r[k] for k in ("p50_ms", "p95_ms", "p99_ms", "throughput_msg_s")}
                              for r in reports]}

    def stop(self) -> None:
        for key, process in (("rss_rasa_mb", "rasa"), ("rss_actions_mb", "actions")):
            if process in self.assistant.processes:
                self.figures[key] = peak_rss_mb(self.assistant.processes[process].pid)
        self.assistant.stop()


def measure_interleaved(bots: List["Bot"], rounds: int) -> None:
    """Both bots run at once (the idle one costs no CPU) and take turns level by level, round
    by round, in alternating order, so a slow minute of the machine hits both alike. At 50
    concurrent conversations on 2 cores one run of a few hundred messages is noisy (a single
    run once gave stock p50 140 ms / p95 4246 ms, another 775 / 981): pooling rounds steadies it."""
    try:
        for bot in bots:
            bot.start()
        for round_no in range(rounds):
            order = bots if round_no % 2 == 0 else list(reversed(bots))
            for concurrency, turns in LEVELS:
                for bot in order:
                    bot.load(concurrency, turns, round_no)
        for bot in bots:
            bot.pool()
    finally:
        for bot in bots:
            bot.stop()


def verzuimwijzer_assistant(var: Path, logs: Path):
    return make_assistant(var, logs, extra_env={
        **ENV, "TRACKER_STORE": "sqlite", "VERZUIMWIJZER_RATE_PER_MINUTE": "0",
        "VERZUIMWIJZER_RESPONSE_TIMEOUT": "120"})


def stock_assistant(stock_dir: Path, var: Path, logs: Path):
    base = make_assistant(var, logs, extra_env={**ENV, "TRACKER_STORE": "sqlite",
                                                "PYTHONPATH": str(stock_dir)})
    fields = {k: v for k, v in vars(base).items() if k != "processes"}
    return ProjectAssistant(**fields, project_dir=stock_dir)


# ----------------------------------------------------------------------------- profile

PROFILE_WORKER = "--profile-worker"
LONG_TURNS = 60


def profile(model: Path, var: Path, logs: Path, turns: int, project_dir: Path = ROOT,
            extra_env: Optional[Dict[str, str]] = None) -> dict:
    """Where the time of a turn goes: the agent in a child process, timed per stage."""
    assistant = verzuimwijzer_assistant(var, logs)
    assistant.env.update(extra_env or {})
    try:
        assistant.start_actions()
        endpoints = write_endpoints(assistant.env, var)
        out = var / "profile.json"
        result = subprocess.run(
            [python(), str(Path(__file__).resolve()), PROFILE_WORKER, str(model), str(endpoints),
             str(out), str(turns)], cwd=project_dir, env=assistant.env, capture_output=True,
            text=True, timeout=900)
        if result.returncode != 0:
            raise RuntimeError(f"profile worker failed:\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}")
        return json.loads(out.read_text())
    finally:
        assistant.stop()


def profile_worker(model: str, endpoints: str, out: str, turns: int) -> None:
    """Runs in a child process: loads the agent like `rasa run` does and times each stage."""
    import logging
    logging.disable(logging.WARNING)
    # The server loads these with the channel (credentials.yml); the profile must measure the
    # same code path, so apply them here too.
    from bot.channels.rasa_tuning import (apply_action_timeout, apply_event_type_cache,
                                          apply_fast_response_validation, apply_lean_model_load,
                                          apply_persistent_action_connections,
                                          freeze_loaded_objects)
    apply_action_timeout()
    apply_fast_response_validation()
    apply_lean_model_load()
    apply_event_type_cache()
    apply_persistent_action_connections()
    from rasa.core.actions.action import RemoteAction
    from rasa.core.agent import load_agent
    from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
    from rasa.core.processor import MessageProcessor
    from rasa.core.utils import AvailableEndpoints
    from rasa.engine.graph import GraphNode

    timings: Dict[str, List[float]] = {}
    long_timings: Dict[str, List[float]] = {}
    active = {"on": False, "long": False}

    def record(key: str, seconds: float) -> None:
        if active["on"]:
            timings.setdefault(key, []).append(seconds)
        elif active["long"]:
            long_timings.setdefault(key, []).append(seconds)

    def wrap_async(owner, attr: str, key: str) -> None:
        original = getattr(owner, attr)

        async def timed(*args, **kwargs):
            start = time.perf_counter()
            try:
                return await original(*args, **kwargs)
            finally:
                record(key, time.perf_counter() - start)
        setattr(owner, attr, timed)

    def wrap_sync(owner, attr: str, key_fn) -> None:
        original = getattr(owner, attr)

        def timed(self, *args, **kwargs):
            start = time.perf_counter()
            try:
                return original(self, *args, **kwargs)
            finally:
                record(key_fn(self), time.perf_counter() - start)
        setattr(owner, attr, timed)

    wrap_sync(GraphNode, "__call__", lambda node: f"node:{node._node_name}")
    wrap_async(MessageProcessor, "parse_message", "NLU (parse_message, whole pipeline)")
    wrap_sync(MessageProcessor, "_predict_next_with_tracker",
              lambda _: "dialogue policies (one prediction)")
    wrap_async(RemoteAction, "run", "action server round trip (RemoteAction.run)")
    wrap_async(MessageProcessor, "fetch_tracker_and_update_session",
               "tracker store: load tracker (+ session check)")
    wrap_async(MessageProcessor, "save_tracker", "tracker store: save tracker")

    async def main() -> dict:
        agent = await load_agent(model_path=model,
                                 endpoints=AvailableEndpoints.read_endpoints(endpoints))
        freeze_loaded_objects()  # as SafeRestInput does once the server has started
        scripts = [conversation_script(8, 500 + i) for i in range(max(1, turns // 8))]

        async def turn(sender: str, text: str) -> float:
            start = time.perf_counter()
            await agent.handle_message(UserMessage(text, CollectingOutputChannel(), sender))
            return time.perf_counter() - start

        for text in conversation_script(8, 1):  # warm-up (TF graph tracing, caches)
            await turn("warm-up", text)
        active["on"] = True
        totals = [await turn(f"profile-{i}", text) for i, script in enumerate(scripts)
                  for text in script]
        active["on"] = False
        # one long conversation: does a turn get slower as the stored conversation grows?
        active["long"] = True
        long_turns = [await turn("profile-long", text)
                      for text in conversation_script(LONG_TURNS, 4242)]
        active["long"] = False
        profiler = cProfile.Profile()
        profiler.enable()
        for i, script in enumerate(scripts[:3]):
            for text in script:
                await turn(f"cprofile-{i}", text)
        profiler.disable()
        stream = io.StringIO()
        stats = pstats.Stats(profiler, stream=stream)
        stats.sort_stats("cumulative").print_stats(r"rasa|bot|actions|sqlalchemy|aiohttp|spacy|tensorflow", 30)
        return {"turns": len(totals), "turn_ms": [t * 1000 for t in totals],
                "stages": {k: {"calls": len(v), "total_ms": sum(v) * 1000} for k, v in timings.items()},
                "long": {"turn_ms": [t * 1000 for t in long_turns],
                         "stages": {k: [x * 1000 for x in v] for k, v in long_timings.items()
                                    if not k.startswith("node:")}},
                "cprofile": stream.getvalue()}

    result = asyncio.run(main())
    Path(out).write_text(json.dumps(result))


# ----------------------------------------------------------------------------- report

def fmt(value, digits: int = 0) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return "n/a"
    return f"{value:.{digits}f}"


def ratio(a, b) -> str:
    try:
        return f"{a / b:.2f}×"
    except (TypeError, ZeroDivisionError):
        return "n/a"


def nlu_figures() -> str:
    for name in ("nlu_eval.json", "nlu_eval_summary.json"):
        path = RESULTS / name
        if path.exists():
            data = json.loads(path.read_text())
            when = dt.datetime.fromtimestamp(path.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
            lines = [f"NLU (from `{path.relative_to(ROOT)}`, {when}):", ""]
            cv, ts = data.get("cross_validation"), data.get("test_set")
            lines += ["| NLU | intent macro-F1 | intent accuracy | entity F1 | fallback share |",
                      "|---|---|---|---|---|"]
            if cv:
                lines.append(f"| {cv.get('folds', 5)}-fold cross-validation | "
                             f"{fmt(cv.get('intent_macro_f1'), 3)} | {fmt(cv.get('intent_accuracy'), 3)} | "
                             f"{fmt(cv.get('entity_f1'), 3)} | – |")
            if ts:
                lines.append(f"| held-out test set ({ts.get('messages')} messages) | "
                             f"{fmt(ts.get('intent_macro_f1'), 3)} | {fmt(ts.get('intent_accuracy'), 3)} | "
                             f"{fmt(ts.get('entity_f1'), 3)} | {fmt(ts.get('fallback_share'), 3)} |")
            return "\n".join(lines)
    return "NLU: no results/nlu_eval_summary.json — run make eval"


def table(vw: dict, stock: dict) -> str:
    rows = ["| measure | Verzuimwijzer | stock `rasa init` | ratio VW/stock |", "|---|---|---|---|"]
    for concurrency, _turns in LEVELS:
        a, b = vw.get(concurrency) or {}, stock.get(concurrency) or {}
        for key, label in (("p50_ms", "p50"), ("p95_ms", "p95"), ("p99_ms", "p99")):
            rows.append(f"| latency {label} at {concurrency} concurrent (ms) | {fmt(a.get(key))} | "
                        f"{fmt(b.get(key))} | {ratio(a.get(key), b.get(key))} |")
        rows.append(f"| throughput at {concurrency} concurrent (msg/s) | "
                    f"{fmt(a.get('throughput_msg_s'), 1)} | {fmt(b.get('throughput_msg_s'), 1)} | "
                    f"{ratio(a.get('throughput_msg_s'), b.get('throughput_msg_s'))} |")
        errors = f"{a.get('errors', 'n/a')} / {b.get('errors', 'n/a')}"
        rows.append(f"| errors at {concurrency} concurrent (of {a.get('requests', '?')} / "
                    f"{b.get('requests', '?')}) | {errors.split(' / ')[0]} | {errors.split(' / ')[1]} | |")
        rows.append(f"| silent turns at {concurrency} concurrent (channel fallback, no timeout) | "
                    f"{a.get('silent', 'n/a')} | {b.get('silent', 'n/a')} | |")
    for key, label, digits in (("train_s", "train from scratch (s)", 0),
                               ("first_answer_s", "launch to first answer (s)", 1),
                               ("rss_rasa_mb", "peak RSS Rasa server (MiB)", 0),
                               ("rss_actions_mb", "peak RSS action server (MiB)", 0)):
        rows.append(f"| {label} | {fmt(vw.get(key), digits)} | {fmt(stock.get(key), digits)} | "
                    f"{ratio(vw.get(key), stock.get(key))} |")
    return "\n".join(rows)


def rounds_table(vw: dict, stock: dict) -> str:
    """Each round on its own: how much the ratio moves between runs on the same machine."""
    rows = ["Per round (p50 / p95 in ms; ratio VW/stock):", "",
            "| concurrent | round | Verzuimwijzer | stock | ratio p50 | ratio p95 |", "|---|---|---|---|---|---|"]
    for concurrency, _turns in LEVELS:
        a = (vw.get(concurrency) or {}).get("per_round") or []
        b = (stock.get(concurrency) or {}).get("per_round") or []
        for i, (x, y) in enumerate(zip(a, b), 1):
            rows.append(f"| {concurrency} | {i} | {fmt(x['p50_ms'])} / {fmt(x['p95_ms'])} | "
                        f"{fmt(y['p50_ms'])} / {fmt(y['p95_ms'])} | {ratio(x['p50_ms'], y['p50_ms'])} | "
                        f"{ratio(x['p95_ms'], y['p95_ms'])} |")
    return "\n".join(rows)


def profile_table(prof: dict) -> str:
    turns = prof["turns"]
    turn_ms = prof["turn_ms"]
    total = sum(turn_ms)
    lines = [f"In-process profile of the Verzuimwijzer agent: {turns} turns of the Dutch load-test "
             f"conversations, SQLite tracker store, action server on loopback. Mean turn "
             f"{total / turns:.1f} ms (p50 {percentile(turn_ms, 50):.1f}, p95 "
             f"{percentile(turn_ms, 95):.1f} ms), without HTTP and the channel.", "",
             "| stage | calls per turn | ms per turn | share of turn |", "|---|---|---|---|"]
    stages = prof["stages"]

    def row(label: str, key: str) -> None:
        if key in stages:
            s = stages[key]
            lines.append(f"| {label} | {s['calls'] / turns:.2f} | {s['total_ms'] / turns:.1f} | "
                         f"{100 * s['total_ms'] / total:.0f}% |")

    for key in sorted(k for k in stages if not k.startswith("node:")):
        row(key, key)
    nodes = sorted(((k, v) for k, v in stages.items() if k.startswith("node:")),
                   key=lambda kv: -kv[1]["total_ms"])
    for key, _ in nodes[:14]:
        row(f"graph node `{key[5:]}`", key)
    return "\n".join(lines)


def growth_table(prof: dict, prof_pg: Optional[dict]) -> str:
    """Tracker store cost per turn on SQLite and PostgreSQL, early vs late in a long conversation."""
    def mean(values: List[float]) -> float:
        return sum(values) / len(values) if values else float("nan")

    lines = [f"One conversation of {LONG_TURNS} turns (ms per turn, mean over turns 1-10 and "
             f"{LONG_TURNS - 9}-{LONG_TURNS}):", "",
             "| store | stage | turns 1-10 | turns " + f"{LONG_TURNS - 9}-{LONG_TURNS} |",
             "|---|---|---|---|"]
    for store, data in (("SQLite", prof), ("PostgreSQL", prof_pg)):
        if not data:
            lines.append(f"| {store} | not measured | | |")
            continue
        long = data["long"]
        rows = [("whole turn", long["turn_ms"])] + sorted(
            (k, v) for k, v in long["stages"].items() if k.startswith("tracker store"))
        for label, values in rows:
            lines.append(f"| {store} | {label} | {mean(values[:10]):.1f} | {mean(values[-10:]):.1f} |")
    return "\n".join(lines)


def write_doc(content: str) -> None:
    block = f"{BEGIN}\n{content}\n{END}"
    if DOC.exists():
        text = DOC.read_text()
        if BEGIN in text and END in text:
            text = text[:text.index(BEGIN)] + block + text[text.index(END) + len(END):]
        else:
            text = text.rstrip() + "\n\n" + block + "\n"
    else:
        text = f"# Performance\n\n{block}\n"
    DOC.write_text(text)


def main(argv: Optional[List[str]] = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == PROFILE_WORKER:
        profile_worker(argv[1], argv[2], argv[3], int(argv[4]))
        return 0
    parser = argparse.ArgumentParser(description="Verzuimwijzer vs the stock Rasa bot.")
    parser.add_argument("--skip-train", action="store_true",
                        help="do not time training: use models/verzuimwijzer.tar.gz and a stock "
                             "bot in .tmp/bench-stock (trained once if missing)")
    parser.add_argument("--model", type=Path, default=MODEL_PATH, help="Verzuimwijzer model")
    parser.add_argument("--profile-turns", type=int, default=80)
    parser.add_argument("--rounds", type=int, default=3,
                        help="rounds of every load level per bot, interleaved and pooled (default 3)")
    parser.add_argument("--no-write", action="store_true", help="do not update docs/performance.md")
    args = parser.parse_args(argv)

    machine = machine_info()
    log(f"machine: {machine}")
    work = Path(tempfile.mkdtemp(prefix="vw-bench-"))
    logs = ROOT / "artifacts" / "logs" / "bench"
    shutil.rmtree(logs, ignore_errors=True)
    vw: dict = {}
    stock: dict = {}
    try:
        if args.skip_train:
            stock_dir = ROOT / ".tmp" / "bench-stock"
            models = sorted((stock_dir / "models").glob("*.tar.gz")) if stock_dir.exists() else []
            if models:
                stock_model = models[-1]
            else:
                log("training the stock bot once into .tmp/bench-stock …")
                stock_dir, stock_model, _ = train_stock(ROOT / ".tmp" / "bench-stock-work", logs)
                shutil.rmtree(ROOT / ".tmp" / "bench-stock", ignore_errors=True)
                shutil.move(str(stock_dir), str(ROOT / ".tmp" / "bench-stock"))
                stock_dir = ROOT / ".tmp" / "bench-stock"
                stock_model = sorted((stock_dir / "models").glob("*.tar.gz"))[-1]
            vw_model = args.model
        else:
            log("training the stock bot from scratch (rasa init --no-prompt) …")
            stock_dir, stock_model, stock["train_s"] = train_stock(work, logs)
            log(f"stock bot trained in {stock['train_s']:.0f}s")
            log("training Verzuimwijzer from scratch in a copy of the project …")
            _copy_model, vw["train_s"] = train_verzuimwijzer(work, logs)
            log(f"Verzuimwijzer trained in {vw['train_s']:.0f}s")
            vw_model = args.model  # serve the project's model (same inputs)
        if not Path(vw_model).exists():
            print(f"no model at {vw_model}: run make train", file=sys.stderr)
            return 1
        bots = [Bot("verzuimwijzer", verzuimwijzer_assistant(work / "vw-var", logs / "vw"),
                    vw_model, conversation_script, "Hallo"),
                Bot("stock", stock_assistant(stock_dir, work / "stock-var", logs / "stock"),
                    stock_model, stock_script, "hello")]
        measure_interleaved(bots, args.rounds)
        vw.update(bots[0].figures)
        stock.update(bots[1].figures)
        log("profiling a Verzuimwijzer turn …")
        prof = profile(vw_model, work / "profile-var", logs / "profile", args.profile_turns)
        log("profiling the same turns on PostgreSQL (the production tracker store) …")
        try:
            from scripts.infra import PostgresServer
            with PostgresServer() as pg:
                prof_pg = profile(vw_model, work / "profile-pg-var", logs / "profile-pg",
                                  args.profile_turns, extra_env=pg.env())
        except Exception as error:  # noqa: BLE001 - the SQLite profile still stands
            log(f"PostgreSQL profile failed: {error}")
            prof_pg = None
    finally:
        shutil.rmtree(work, ignore_errors=True)

    machine_line = (f"Machine: {machine['cpu']}, {machine['cores']} cores, {machine['ram']} RAM, "
                    f"{machine['os']}, Python {machine['python']}, Rasa {machine['rasa']}; "
                    f"{machine['date']}; load average at start {machine['load']}.")
    method = (f"Load: {', '.join(f'{c} concurrent conversation(s) x {t} turns' for c, t in LEVELS)}, "
              f"{args.rounds} rounds per bot; both bots run at the same time and take turns level by "
              "level, in alternating order per round; the percentiles pool every round trip of all "
              "rounds (per-round figures below the table). "
              "Each conversation waits for an answer before its next turn; latency = REST round trip "
              "(client to answer). Both bots: bot.runtime launcher, SQLite tracker store, own action "
              "server. Verzuimwijzer: SafeRestInput channel (rate limit off, response timeout "
              "120 s), Dutch conversations from scripts/load_test.py; stock bot: Rasa's `rest` "
              "channel, its own English small talk.")
    content = "\n\n".join([machine_line, method, table(vw, stock), rounds_table(vw, stock), nlu_figures(),
                           profile_table(prof), growth_table(prof, prof_pg),
                           "Top of the cProfile (cumulative) for 3 conversations:\n\n```\n"
                           + "\n".join(line[:160] for line in prof["cprofile"].splitlines()[:60]) + "\n```"])
    print("\n" + content)
    (RESULTS).mkdir(exist_ok=True)
    (RESULTS / "bench.json").write_text(json.dumps(
        {"machine": machine, "verzuimwijzer": vw, "stock": stock,
         "profile": {k: v for k, v in prof.items() if k != "cprofile"}}, indent=2, default=str))
    if not args.no_write:
        write_doc(content)
        log(f"wrote {DOC.relative_to(ROOT)} and results/bench.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
