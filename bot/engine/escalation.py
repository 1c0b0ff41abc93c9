"""escalation(situation): which routes apply now and why, which later (and from when), which
are ruled out. Region packs add routes (CTO, Triversum, ...) and override who decides
(doorzettingsmacht). One route is recommended: the applicable one with the lowest priority that
the user's role may use.
"""
from __future__ import annotations

import datetime as dt
from typing import Dict, Optional, Tuple

from .conditions import _leaf, evaluate
from .loader import Knowledge
from .model import EscalationAdvice, RouteAdvice, Situation
from .workdays import add_period


def routes_for_region(k: Knowledge, region: str) -> Dict[str, dict]:
    out = {rid: r for rid, r in k.routes.items() if region in (r.get("regions") or [region])}
    out.update((k.regions.get(region) or {}).get("routes") or {})
    return out


def _state(k: Knowledge, route: dict, ctx: dict) -> Tuple[str, Optional[dict]]:
    """('niet'|'nu'|'mogelijk'|'later'|'open'|'geen', alternative). 'open' = depends on a fact we
    do not know yet (never shown as advice, but it makes that fact worth asking)."""
    for alt in route.get("not_when") or []:
        if evaluate(alt["when"], ctx, k.threshold) is True:
            return "niet", alt
    best: Tuple[str, Optional[dict]] = ("geen", None)
    rank = {"nu": 0, "mogelijk": 1, "later": 2, "open": 3, "geen": 4}
    for alt in route.get("applies_when") or []:
        r = evaluate(alt["when"], ctx, k.threshold)
        if r is False:
            continue
        state = "open" if r is None else ("mogelijk" if alt.get("maybe") else "nu")
        t = alt.get("time")
        if t and state != "open":
            tv = _leaf(t["op"], ctx.get(t["field"]), t["value"])
            state = "open" if tv is None else (state if tv else "later")
        if rank[state] < rank[best[0]]:
            best = (state, alt)
    return best


def route_states(k: Knowledge, c) -> tuple:
    ctx = c.ctx()
    region = c.situation.region or k.default_region
    region = region if region in k.regions else k.default_region
    return tuple((rid, _state(k, r, ctx)[0]) for rid, r in routes_for_region(k, region).items())


def route_advice(k: Knowledge, rid: str, route: dict, region: str, status: str = "",
                 why: str = "", alt: Optional[dict] = None, start: Optional[dt.date] = None,
                 staff: bool = False) -> RouteAdvice:
    override = ((k.regions.get(region) or {}).get("route_overrides") or {}).get(rid) or {}
    adv = RouteAdvice(
        id=rid, name=route["name"], status=status, why=why, explanation=route["explanation_b1"],
        who_may_use=list(route["who_may_use"]), who_decides=override.get("who_decides"),
        can=[c["text"] for c in route["can"]] + ([override["text"]] if override else []),
        cannot=[c["text"] for c in route["cannot"]], prepare=[p["text"] for p in route["prepare"]],
        source=override.get("source") or route["source"],
        citation=k.citation(override.get("source") or route["source"]))
    t = (alt or {}).get("time")
    if status == "later" and t:
        adv.from_when = (t.get("text_staff") if staff else None) or t["text"]
        adv.from_date = add_period(start, t["value"], t["unit"])
    return adv


def escalation(k: Knowledge, s: Situation) -> EscalationAdvice:
    from .classify import core
    from .steps import normalise_role
    c = core(k, s)
    region = s.region if s.region in k.regions else k.default_region
    ctx = c.ctx()
    advice = EscalationAdvice(region=region)
    actor = k.roles[normalise_role(k, s.role)]["actor"]
    # The reasons are written to parents ("U bent het niet eens ..."); staff get why_staff.
    why_key = "why" if actor == "ouders" else "why_staff"
    for rid, route in routes_for_region(k, region).items():
        state, alt = _state(k, route, ctx)
        if state in ("geen", "open"):
            continue
        why = alt.get(why_key) or alt["why"]
        adv = route_advice(k, rid, route, region, state, why, alt, s.start_date, staff=why_key == "why_staff")
        {"nu": advice.now, "mogelijk": advice.possible, "later": advice.later,
         "niet": advice.not_applicable}[state].append(adv)
        if state == "niet":
            advice.warnings.append(why)

    def fits(adv: RouteAdvice) -> bool:
        r = routes_for_region(k, region)[adv.id]
        return actor in adv.who_may_use and r.get("suggest", True) and r.get("individual", True)

    prio = lambda a: routes_for_region(k, region)[a.id]["priority"]
    for group in (advice.now, advice.possible, advice.later):
        group.sort(key=prio)
    candidates = [a for a in advice.now if fits(a)] or [a for a in advice.possible if fits(a)]
    advice.recommended = candidates[0] if candidates else None
    return advice
