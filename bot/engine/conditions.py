"""Tiny condition language used in the YAML (signals, `when`, route `applies_when`).

A condition is a leaf ``{field, op, value}``, a threshold reference ``{threshold: "kind.id"}``
(the threshold's own field/op/value is used, so a number lives in one place), or a combination
``{all: [...]}``, ``{any: [...]}``, ``{not: ...}``.

Evaluation is three-valued: True, False, or None ("depends on a fact we do not know yet"). That
third value is what lets the engine say *which* missing fact would change the answer.
"""
from __future__ import annotations

from typing import Any, Callable, Dict, Iterable, Mapping, Optional

# Ops that compare against `value`; the unknown-aware ops decide for a missing value themselves.
COMPARE_OPS = {"eq", "ne", "gt", "gte", "lt", "lte", "in", "not_in", "contains"}
UNARY_OPS = {"is_true", "is_false", "is_not_true", "is_not_false", "known", "unknown"}
OPS = COMPARE_OPS | UNARY_OPS

# Fields a condition may test: the Situation fields plus what classify derives.
DERIVED_FIELDS = {"kinds", "status"}

ThresholdLookup = Callable[[str, Optional[str]], Mapping[str, Any]]


def _leaf(op: str, have: Any, want: Any) -> Optional[bool]:
    if op == "known":
        return have is not None
    if op == "unknown":
        return have is None
    if op == "is_not_true":      # unknown counts as "no" (e.g. no vrijstelling unless told)
        return have is not True
    if op == "is_not_false":     # unknown counts as "yes" (e.g. enrolled unless told otherwise)
        return have is not False
    if have is None:
        return None
    if op == "is_true":
        return have is True
    if op == "is_false":
        return have is False
    if op == "eq":
        return have == want
    if op == "ne":
        return have != want
    if op == "in":
        return have in want
    if op == "not_in":
        return have not in want
    if op == "contains":
        return want in have
    try:
        have_n, want_n = float(have), float(want)
    except (TypeError, ValueError):
        return None
    return {"gt": have_n > want_n, "gte": have_n >= want_n,
            "lt": have_n < want_n, "lte": have_n <= want_n}[op]


def evaluate(cond: Mapping[str, Any], ctx: Mapping[str, Any], thresholds: ThresholdLookup,
             local_kind: Optional[str] = None) -> Optional[bool]:
    """Evaluate `cond` against `ctx` (field -> value). See module docstring."""
    if "all" in cond:
        results = [evaluate(c, ctx, thresholds, local_kind) for c in cond["all"]]
        if any(r is False for r in results):
            return False
        return None if any(r is None for r in results) else True
    if "any" in cond:
        results = [evaluate(c, ctx, thresholds, local_kind) for c in cond["any"]]
        if any(r is True for r in results):
            return True
        return None if any(r is None for r in results) else False
    if "not" in cond:
        inner = evaluate(cond["not"], ctx, thresholds, local_kind)
        return None if inner is None else not inner
    if "threshold" in cond:
        t = thresholds(cond["threshold"], local_kind)
        return _leaf(t["op"], ctx.get(t["field"]), t["value"])
    return _leaf(cond["op"], ctx.get(cond["field"]), cond.get("value"))


def fields_used(cond: Mapping[str, Any], thresholds: ThresholdLookup,
                local_kind: Optional[str] = None) -> Iterable[str]:
    """The fields a condition looks at (used to explain conditions and in validation)."""
    for key in ("all", "any"):
        if key in cond:
            for c in cond[key]:
                yield from fields_used(c, thresholds, local_kind)
            return
    if "not" in cond:
        yield from fields_used(cond["not"], thresholds, local_kind)
    elif "threshold" in cond:
        yield thresholds(cond["threshold"], local_kind)["field"]
    else:
        yield cond["field"]


def context(situation_fields: Dict[str, Any], kinds=(), status=None) -> Dict[str, Any]:
    ctx = dict(situation_fields)
    ctx["kinds"] = list(kinds)
    # "geen" (no status) is a known answer, unlike None (not known), so status tests stay decided.
    ctx["status"] = status or "geen"
    return ctx
