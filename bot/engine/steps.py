"""next_steps(kind, role): the ordered actions for the role, what the others must do, deadlines.

The actions come from kinds.yml in the order the handreiking gives them, plus the region's extra
actions (e.g. the CTO melding in Kop van Noord-Holland). Actions with a `when` condition are left
out when the situation shows the condition does not hold, and shown with their condition
("bij een schorsing van meer dan 1 dag: ...") when it is not known yet.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Dict, Iterable, List, Optional

from .conditions import context, evaluate
from .loader import Knowledge
from .model import Situation, Step, StepPlan
from .workdays import add_period

ROLE_ALIASES = {"jongere": "ouder", "leerling": "ouder", "ouders": "ouder"}


def normalise_role(k: Knowledge, role: Optional[str]) -> str:
    role = ROLE_ALIASES.get(role or "ouder", role or "ouder")
    if role not in k.roles:
        raise ValueError(f"unknown role {role!r} (known: {', '.join(k.roles)})")
    return "ouder" if role == "jongere" else role


def _actions(k: Knowledge, kind_id: str, region: Optional[str]) -> List[dict]:
    """The kind's actions for this region: region-tagged actions only in their region, plus the
    region pack's extra actions for this kind."""
    acts = [a for a in k.kinds[kind_id]["actions"] if a.get("region") in (None, region)]
    reg = k.regions.get(region) or {}
    acts += [a for a in reg.get("extra_actions") or [] if kind_id in a["kinds"]]
    return acts


def applicable_actions(k: Knowledge, kind_id: str, ctx: Dict[str, Any], region: Optional[str]) -> tuple:
    """(index, True/None) for every action that applies or may apply; used in signatures."""
    out = []
    for i, a in enumerate(_actions(k, kind_id, region)):
        r = evaluate(a["when"], ctx, k.threshold, kind_id) if a.get("when") else True
        if r is not False:
            out.append((i, r))
    return tuple(out)


def _step(k: Knowledge, kind_id: str, a: dict, state: Optional[bool], start: Optional[dt.date]) -> Step:
    d = a.get("deadline") or {}
    return Step(actor=a["actor"], who=k.actors[a["actor"]]["name"], text=a["text"], kind=kind_id,
                type=a.get("type", "plicht"), deadline=d.get("text"), deadline_value=d.get("value"),
                deadline_unit=d.get("unit"), repeat=bool(d.get("repeat")),
                due_date=add_period(start, d["value"], d["unit"]) if d else None,
                when_text=(a.get("when_text") if state is None and a.get("when") else None),
                applies=bool(a.get("when")) and state is True,
                report=a.get("report"), source=a["source"], citation=k.citation(a["source"]))


def next_steps(k: Knowledge, kind_id: str, role: Optional[str], region: Optional[str] = None,
               start_date: Optional[dt.date] = None, situation: Optional[Situation] = None) -> StepPlan:
    if kind_id not in k.kinds:
        raise ValueError(f"unknown kind {kind_id!r} (known: {', '.join(k.kinds)})")
    role = normalise_role(k, role)
    region = region or (situation.region if situation else None) or k.default_region
    if region not in k.regions:
        region = k.default_region
    if isinstance(start_date, str):
        start_date = dt.date.fromisoformat(start_date)
    start_date = start_date or (situation.start_date if situation else None)
    actor = k.roles[role]["actor"]

    from .classify import core                  # late import: classify uses steps for signatures
    if situation is not None:
        c = core(k, situation)
        ctx = context(c.situation.to_dict(), c.kinds or [kind_id], c.status)
    else:
        ctx = context({}, [kind_id])

    plan = StepPlan(kind=kind_id, kind_name=k.kinds[kind_id]["name"], role=role, actor=actor, region=region)
    for a in _actions(k, kind_id, region):
        state = evaluate(a["when"], ctx, k.threshold, kind_id) if a.get("when") else True
        if state is False:
            continue
        step = _step(k, kind_id, a, state, start_date)
        if step.actor == actor:
            plan.own.append(step)
        else:
            plan.others.setdefault(step.actor, []).append(step)
    reg = k.regions[region]
    if reg["handreiking"] == "reference":
        plan.notes.append(reg["note"])
        plan.note_citations.append("")
    if role == "leerplicht":    # school gets the meldroute as steps; leerplicht as a reminder
        for m in reg.get("meldroute") or []:
            if kind_id in (m.get("kinds") or [kind_id]):
                plan.notes.append(m["text"])
                plan.note_citations.append(k.citation(m["source"]))
    plan.sources = _unique(s.citation for s in plan.steps)
    return plan


# Counts that grow while the absence goes on; "wat gebeurt er daarna?" asks for the steps their
# next thresholds bring (9 and 12 times late, more weeks at home). Age and a suspension's length
# do not grow by themselves.
GROWING = ("late_count", "weeks_absent", "hours_absent", "sick_reports_quarter")
# a value past every threshold of the knowledge
_FAR = 10_000


def steps_ahead(k: Knowledge, kind_id: str, situation: Situation) -> List[Step]:
    """The steps of a kind that do not apply yet but will when a known count goes on growing
    (the 9th and 12th time late after 7): each with its condition, in the handreiking's order."""
    from .classify import core                  # late import: classify uses steps for signatures
    grown = {f: _FAR for f in GROWING if getattr(situation, f, None) is not None}
    if not grown:
        return []
    c_now, c_grown = core(k, situation), core(k, situation.with_(**grown))
    now = context(c_now.situation.to_dict(), c_now.kinds or [kind_id], c_now.status)
    later = context(c_grown.situation.to_dict(), c_grown.kinds or [kind_id], c_grown.status)
    region = situation.region if situation.region in k.regions else k.default_region
    out = []
    for a in _actions(k, kind_id, region):
        if not a.get("when"):
            continue
        if evaluate(a["when"], now, k.threshold, kind_id) is False and \
                evaluate(a["when"], later, k.threshold, kind_id) is not False:
            out.append(_step(k, kind_id, a, None, None))
    return out


def merge_plans(plans: List[StepPlan]) -> StepPlan:
    """One plan for a kind plus its status (e.g. schorsing + risicoleerling), without repeats."""
    first = plans[0]
    merged = StepPlan(kind=first.kind, kind_name=" en ".join(_unique(p.kind_name for p in plans)),
                      role=first.role, actor=first.actor, region=first.region)
    seen = set()
    for p in plans:
        for s in p.own:
            if s.text not in seen:
                seen.add(s.text)
                merged.own.append(s)
        for actor, steps in p.others.items():
            for s in steps:
                if s.text not in seen:
                    seen.add(s.text)
                    merged.others.setdefault(actor, []).append(s)
        for n, c in zip(p.notes, p.note_citations):
            if n not in merged.notes:
                merged.notes.append(n)
                merged.note_citations.append(c)
    merged.sources = _unique(s.citation for s in merged.steps)
    return merged


def _unique(items: Iterable[str]) -> List[str]:
    out: List[str] = []
    for x in items:
        if x and x not in out:
            out.append(x)
    return out
