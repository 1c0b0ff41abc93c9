"""Load test: N concurrent conversations of T turns of realistic Dutch against a running assistant.

    .venv/bin/python scripts/load_test.py --url http://localhost:5005/webhooks/rest/webhook \
        [--url <second replica> ...] [--conversations 50] [--turns 20] \
        [--db-url sqlite:///var/tracker.db | postgresql://user:pw@127.0.0.1:5432/verzuimwijzer]

Each conversation is one sender; its turns are sent one after the other (a user waits for the
answer), the conversations run concurrently. With several --url, conversation i uses replica
i mod n for every turn, or with --alternate a different replica at every turn (needs a shared
tracker store and the Redis lock store).

Reports per run: errors (HTTP status not 200, transport errors, client timeouts, non-JSON, empty
answer, the channel's "Er ging iets mis" fallback after its response timeout), silent turns (the
same fallback sent at once because the bot had nothing to say: a dialogue gap, reported, fatal
only with --fail-on-silent), lost events (per sender, user turns sent minus user
events in the tracker store; read-only SQL via --db-url) and latency p50/p95/p99 and throughput.
Exit code 1 when there are errors or lost events. The sender rate limit of SafeRestInput
(VERZUIMWIJZER_RATE_PER_MINUTE, default 30) applies per sender: 20 turns as fast as the bot
answers stay under it only if the limit is raised on the server under test.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, List, Optional

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scripts.infra import percentile, user_event_counts  # noqa: E402

# The answer SafeRestInput sends when the turn failed or took too long (bot/channels/safe_rest.py).
FALLBACK_MARKER = "Er ging iets mis"

# Realistic Dutch from parents, school staff and leerplicht: openings, situations, facts and
# questions. No personal data, no "verwijder mijn gesprek" (it would delete the events we count).
OPENINGS = ["Hallo", "Goedemiddag", "hoi", "Goedemorgen, ik heb een vraag over verzuim"]
SITUATIONS = [
    "Mijn zoon is geschorst",
    "mijn dochter zit al 5 weken thuis, school wil haar niet terug",
    "Onze zoon wil niet meer naar school, hij is bang",
    "Ik ben intern begeleider en een leerling is al 3 weken ziek gemeld",
    "mijn kind is van school gestuurd en heeft nu geen school",
    "De school zegt dat er geen plek is voor mijn zoon",
    "Een leerling komt steeds te laat, al 8 keer deze maand",
    "we willen een week eerder op vakantie, mag dat?",
    "ik werk bij leerplicht en krijg een melding van 16 uur verzuim",
    "hij is vaak ziek, deze periode al vier keer ziek gemeld",
]
FACTS = [
    "ik ben zijn moeder", "ik ben de vader", "ik ben ouder", "ik werk op de school",
    "3 dagen", "al 6 weken", "ongeveer 20 uur in de afgelopen vier weken", "hij is 14",
    "ze zit op het vmbo", "basisschool, groep 7", "nee", "ja", "ja, er is jeugdhulp bij",
    "nee we zijn het niet eens met de school", "Holland Rijnland", "hij is ingeschreven",
]
QUESTIONS = [
    "hoe lang mag een schorsing duren?", "wat is een thuiszitter?", "wat is relatief verzuim?",
    "wanneer moet de school verzuim melden?", "wat doet de leerplichtambtenaar?",
    "waar kan ik terecht als we het niet eens zijn met school?", "wat is een onderwijsconsulent?",
    "wat moet ik nu doen?", "wie moet wat doen?", "wat is het DUO-verzuimloket?",
    "kan ik met iemand praten?", "wat betekent vrijstelling?", "dank u wel",
]


def conversation_script(turns: int, seed: int) -> List[str]:
    """A plausible conversation of `turns` messages (deterministic for a seed)."""
    rng = random.Random(seed)
    script = [rng.choice(OPENINGS), rng.choice(SITUATIONS)]
    while len(script) < turns:
        pool = rng.choices([FACTS, QUESTIONS, SITUATIONS], weights=[5, 4, 1])[0]
        script.append(rng.choice(pool))
    return script[:turns]


@dataclass
class Result:
    sender: str
    sent: int = 0                       # user turns the server accepted (HTTP 200)
    latencies: List[float] = field(default_factory=list)
    errors: List[str] = field(default_factory=list)
    silent: List[str] = field(default_factory=list)  # fast fallback: the bot itself sent nothing


async def run_conversation(session, urls: List[str], index: int, script: List[str], prefix: str,
                           alternate: bool, timeout: float, think: float,
                           response_timeout: float) -> Result:
    import aiohttp
    result = Result(sender=f"{prefix}-{index:04d}")
    for turn, text in enumerate(script):
        url = urls[(index + turn) % len(urls)] if alternate else urls[index % len(urls)]
        start = time.perf_counter()
        try:
            async with session.post(url, json={"sender": result.sender, "message": text},
                                    timeout=aiohttp.ClientTimeout(total=timeout)) as response:
                body = await response.read()
                elapsed = time.perf_counter() - start
                if response.status != 200:
                    result.errors.append(f"turn {turn}: HTTP {response.status} {body[:200]!r}")
                    continue
                result.sent += 1
                result.latencies.append(elapsed)
                messages = json.loads(body)
                texts = [m.get("text") or "" for m in messages if isinstance(m, dict)]
                if not messages:
                    result.errors.append(f"turn {turn}: empty answer to {text!r}")
                elif any(FALLBACK_MARKER in t for t in texts):
                    if elapsed >= 0.9 * response_timeout:
                        result.errors.append(f"turn {turn}: timeout fallback after {elapsed:.1f}s "
                                             f"to {text!r}")
                    else:  # the turn failed or the bot had nothing to say: a dialogue gap
                        result.silent.append(f"turn {turn}: fallback after {elapsed:.2f}s to "
                                             f"{text!r} (after {script[max(0, turn - 1)]!r})")
        except asyncio.TimeoutError:
            result.errors.append(f"turn {turn}: no answer within {timeout:.0f}s")
        except (ValueError, aiohttp.ClientError) as error:
            result.errors.append(f"turn {turn}: {type(error).__name__}: {error}")
        if think:
            await asyncio.sleep(think)
    return result


async def run_load_async(urls: List[str], conversations: int, turns: int, alternate: bool,
                         timeout: float, think: float, seed: int, prefix: str,
                         script: Callable[[int, int], List[str]] = conversation_script,
                         response_timeout: float = 8.0) -> dict:
    import aiohttp
    connector = aiohttp.TCPConnector(limit=max(conversations, 1))
    started = time.perf_counter()
    async with aiohttp.ClientSession(connector=connector) as session:
        results = await asyncio.gather(*[
            run_conversation(session, urls, i, script(turns, seed + i), prefix,
                             alternate, timeout, think, response_timeout)
            for i in range(conversations)])
    wall = time.perf_counter() - started
    latencies = [x for r in results for x in r.latencies]
    return {"results": results, "wall_s": wall, "latencies": latencies}


def count_lost(results: List[Result], db_url: str, settle_s: float = 15) -> Dict[str, int]:
    """Per sender, turns accepted minus user events stored (> 0 means lost). Waits up to
    `settle_s` for turns the channel answered with its timeout fallback to finish storing."""
    senders = [r.sender for r in results]
    deadline = time.monotonic() + settle_s
    while True:
        stored = user_event_counts(db_url, senders)
        lost = {r.sender: r.sent - stored[r.sender] for r in results if r.sent != stored[r.sender]}
        if not any(v > 0 for v in lost.values()) or time.monotonic() > deadline:
            return lost
        time.sleep(1)


def run_load(urls: List[str], conversations: int = 50, turns: int = 20,
             db_url: Optional[str] = None, alternate: bool = False, timeout: float = 60,
             think: float = 0.0, seed: int = 1,
             script: Callable[[int, int], List[str]] = conversation_script,
             response_timeout: float = 8.0, keep_latencies: bool = False) -> dict:
    """Runs the load and returns a report dict (also used by tests and scripts/bench.py).
    `keep_latencies` adds the raw round trips in seconds (scripts/bench.py pools rounds).
    `script(turns, seed)` gives the messages of one conversation (default: Dutch).
    `response_timeout` is the server's VERZUIMWIJZER_RESPONSE_TIMEOUT: a fallback answer that
    took about that long is a timeout (an error); a fast one is a silent turn (reported)."""
    prefix = f"load-{uuid.uuid4().hex[:8]}"
    raw = asyncio.run(run_load_async(urls, conversations, turns, alternate, timeout, think,
                                     seed, prefix, script, response_timeout))
    results: List[Result] = raw["results"]
    latencies = raw["latencies"]
    errors = [f"{r.sender} {e}" for r in results for e in r.errors]
    silent = [f"{r.sender} {e}" for r in results for e in r.silent]
    report = {
        "conversations": conversations, "turns": turns, "replicas": len(urls),
        "requests": conversations * turns, "answered": len(latencies),
        "errors": len(errors), "error_samples": errors[:10],
        "silent": len(silent), "silent_samples": silent[:10],
        "wall_s": round(raw["wall_s"], 2),
        "throughput_msg_s": round(len(latencies) / raw["wall_s"], 2) if raw["wall_s"] else 0.0,
        "p50_ms": round(percentile(latencies, 50) * 1000, 1),
        "p95_ms": round(percentile(latencies, 95) * 1000, 1),
        "p99_ms": round(percentile(latencies, 99) * 1000, 1),
        "max_ms": round(max(latencies) * 1000, 1) if latencies else float("nan"),
        "lost_events": None, "lost_samples": {},
    }
    if keep_latencies:
        report["latencies_s"] = list(latencies)
    if db_url:
        lost = count_lost(results, db_url)
        report["lost_events"] = sum(v for v in lost.values() if v > 0)
        # more stored than sent would be duplicates: report them too
        report["extra_events"] = -sum(v for v in lost.values() if v < 0)
        report["lost_samples"] = dict(list(lost.items())[:10])
    return report


def format_report(report: dict) -> str:
    lost = "not checked (no --db-url)" if report["lost_events"] is None else report["lost_events"]
    lines = [
        f"conversations {report['conversations']} x turns {report['turns']} "
        f"on {report['replicas']} server(s): {report['answered']}/{report['requests']} answered "
        f"in {report['wall_s']} s",
        f"errors: {report['errors']}   lost events: {lost}"
        + (f"   duplicate events: {report['extra_events']}" if report.get("extra_events") else ""),
        f"latency p50 {report['p50_ms']} ms  p95 {report['p95_ms']} ms  p99 {report['p99_ms']} ms"
        f"  max {report['max_ms']} ms   throughput {report['throughput_msg_s']} msg/s",
    ]
    if report.get("silent"):
        lines.append(f"silent turns (the bot sent nothing; the channel answered with its "
                     f"fallback): {report['silent']}")
    lines += [f"  error: {e}" for e in report["error_samples"]]
    lines += [f"  silent: {e}" for e in report.get("silent_samples", [])]
    lines += [f"  lost: {s} {n}" for s, n in report["lost_samples"].items()]
    return "\n".join(lines)


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description="Concurrent Dutch conversations against the REST channel.")
    parser.add_argument("--url", action="append", required=True,
                        help="REST webhook URL (repeat for several replicas)")
    parser.add_argument("--conversations", "-n", type=int, default=50)
    parser.add_argument("--turns", "-t", type=int, default=20)
    parser.add_argument("--db-url", help="SQLAlchemy URL of the tracker store, read only "
                        "(sqlite:///var/tracker.db, postgresql://user:pw@host:port/db)")
    parser.add_argument("--alternate", action="store_true",
                        help="send consecutive turns of a conversation to different replicas")
    parser.add_argument("--timeout", type=float, default=60, help="seconds per request (default 60)")
    parser.add_argument("--think", type=float, default=0.0, help="pause between turns in seconds")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--response-timeout", type=float, default=8.0,
                        help="the server's VERZUIMWIJZER_RESPONSE_TIMEOUT (default 8): a fallback "
                             "answer after about this long counts as a timeout error")
    parser.add_argument("--fail-on-silent", action="store_true",
                        help="exit 1 also when the bot was silent on a turn")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)
    for url in args.url:
        if not url.startswith(("http://127.0.0.1", "http://localhost")):
            print(f"warning: {url} is not on this machine", file=sys.stderr)
    report = run_load(args.url, args.conversations, args.turns, args.db_url, args.alternate,
                      args.timeout, args.think, args.seed, response_timeout=args.response_timeout)
    print(json.dumps(report, indent=2, default=str) if args.json else format_report(report))
    failed = report["errors"] or report["lost_events"] or report.get("extra_events")
    return 1 if failed or (args.fail_on_silent and report["silent"]) else 0


if __name__ == "__main__":
    sys.exit(main())
