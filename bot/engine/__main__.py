"""python -m bot.engine validate [--quotes] [--knowledge DIR] [--seeds DIR]
python -m bot.engine answer "vrijstelling aanvragen, is dat een oplossing?" [--topic ID ...] [--role R]

Validates the knowledge YAML (as at start-up) and, with --quotes, checks every source quote
against the seed texts. Exit code 0 = valid.
"""
from __future__ import annotations

import argparse
import sys

from .errors import KnowledgeError
from .loader import load_knowledge
from .quotes import check_quotes, default_seeds_dir


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m bot.engine")
    sub = p.add_subparsers(dest="cmd", required=True)
    v = sub.add_parser("validate", help="validate the knowledge files")
    v.add_argument("--quotes", action="store_true", help="also check quotes against the seed texts")
    v.add_argument("--knowledge", default=None)
    v.add_argument("--seeds", default=None)
    a = sub.add_parser("answer", help="which entry of answers.yml a question matches (when writing asks)")
    a.add_argument("question")
    a.add_argument("--topic", nargs="*", default=[], help="ids of the kinds, terms or routes at hand")
    a.add_argument("--role", default="ouder")
    args = p.parse_args(argv)
    if args.cmd == "answer":
        from .engine import load_engine
        from .render import render_direct
        engine = load_engine()
        found = engine.direct_answer(args.question, args.topic, args.role)
        if not found:
            print("no direct answer")
            return 1
        print(f"{found.id} (score {found.score:.1f})")
        for reply in render_direct(engine, found, args.role):
            print(reply.text)
        return 0
    try:
        k = load_knowledge(args.knowledge)
    except KnowledgeError as exc:
        print(f"INVALID: {exc}", file=sys.stderr)
        return 1
    print(f"ok: {len(k.kinds)} kinds, {len(k.routes)} routes, {len(k.terms)} terms, "
          f"{len(k.regions)} regions, {len(k.source_refs)} sources")
    if args.quotes:
        problems = check_quotes(k, args.seeds or default_seeds_dir())
        for msg in problems:
            print(f"QUOTE: {msg}", file=sys.stderr)
        if problems:
            return 1
        print("ok: every quote occurs in its seed text")
    return 0


if __name__ == "__main__":
    sys.exit(main())
