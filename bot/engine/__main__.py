"""python -m bot.engine validate [--quotes] [--knowledge DIR] [--seeds DIR]

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
    args = p.parse_args(argv)
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
