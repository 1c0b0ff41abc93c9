"""classify(situation): which kinds of absence apply, the status, why, and what is still unknown.

The kinds' `signals` (YAML) decide which kinds *can* apply; `supersedes` removes kinds that a more
specific one replaces (absoluut verzuim is not relatief; langdurig relatief replaces wettelijk);
then the statuses (thuiszitter, risicoleerling) are evaluated over the kinds found.
Unknowns are found by trying the representative answers of each missing fact and keeping only
the facts whose answer would change the advice (kinds, status, applicable steps, routes).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Tuple

from .conditions import context, evaluate
from .loader import Knowledge
from .model import Choice, Classification, Situation, Unknown

STATUS_ORDER = ("thuiszitter", "risicoleerling")


@dataclass
class Core:
    """The part of a classification that does not depend on asking questions."""
    situation: Situation                 # with the facts implied by the reason filled in
    kinds: List[str]
    possible: List[str]
    status: Optional[str]
    possible_status: Optional[str]

    def ctx(self) -> Dict[str, Any]:
        return context(self.situation.to_dict(), self.kinds, self.status)


def effective(k: Knowledge, s: Situation) -> Situation:
    """Fill facts the reason implies (a geschorst child is enrolled), then those the asker's role
    implies (a school asks about its own pupils), when the user did not say."""
    changes: Dict[str, Any] = {}
    for implies in ((k.reasons.get(s.reason) or {}).get("implies") or {},
                    (k.roles.get(s.role) or {}).get("implies") or {}):
        changes.update({f: v for f, v in implies.items() if getattr(s, f) is None and f not in changes})
    # ... and answers that follow from other facts (questions.yml `implied_when`: 3 weeks at home
    # are more than 16 hours missed, so that question is not asked)
    ctx = context(s.with_(**changes).to_dict()) if changes else context(s.to_dict())
    for qid, question in (k.questions or {}).items():
        when = question.get("implied_when")
        if when and getattr(s, qid, None) is None and qid not in changes \
                and evaluate(when, ctx, k.threshold) is True:
            changes[qid] = question.get("implied_value")
    return s.with_(**changes) if changes else s


def core(k: Knowledge, s: Situation) -> Core:
    eff = effective(k, s)
    ctx = context(eff.to_dict())
    look = k.threshold
    sure, maybe = [], []
    for kid, kind in k.kinds.items():
        if kind["category"] == "status":
            continue
        r = evaluate(kind["signals"], ctx, look, kid)
        if r is None:
            maybe.append(kid)
        elif r:
            sure.append(kid)
    for kid in list(sure):                       # a certain kind removes what it supersedes
        for other in k.kinds[kid].get("supersedes") or []:
            if other in sure:
                sure.remove(other)
            if other in maybe:
                maybe.remove(other)
    for kid in list(sure) + list(maybe):         # kinds bound to a school level (te laat: VO)
        only = k.kinds[kid].get("level_only")
        if only and eff.level is not None and eff.level not in only:
            (sure if kid in sure else maybe).remove(kid)

    status = possible_status = None
    for sid in STATUS_ORDER:
        r = evaluate(k.kinds[sid]["signals"], context(eff.to_dict(), sure), look, sid)
        if r:
            status = sid
            break
    if status is None:
        for sid in STATUS_ORDER:
            r = evaluate(k.kinds[sid]["signals"], context(eff.to_dict(), sure + maybe), look, sid)
            if r is not False:
                possible_status = sid
                break
    return Core(eff, sure, maybe, status, possible_status)


def _category(k: Knowledge, kinds: List[str]) -> Optional[str]:
    cats = {k.kinds[x]["category"] for x in kinds}
    if "ongeoorloofd" in cats:
        return "ongeoorloofd"
    return "geoorloofd" if "geoorloofd" in cats else None


def _child(k: Knowledge, s: Situation) -> str:
    """ "Uw kind is" to parents, "Je bent" to a pupil, "De leerling is" to staff."""
    return "De leerling is" if s.role in k.staff_roles else "Je bent" if s.role == "jongere" else "Uw kind is"


def _objector(k: Knowledge, s: Situation) -> str:
    """Who may object to a suspension, said to the asker: the parents, unless they are asking."""
    return "Ouders kunnen" if s.role in k.staff_roles else "Je ouders kunnen" if s.role == "jongere" else "U kunt"


def _explain(k: Knowledge, c: Core) -> Tuple[List[str], List[str], List[dict]]:
    """Reasons (threshold meanings that hold, edge cases) and warnings, with their sources."""
    s, ctx, look = c.situation, c.ctx(), k.threshold
    reasons: List[str] = []
    warnings: List[str] = []
    sources: List[dict] = []
    # Per fact, the highest threshold passed explains the situation best (9x te laat: the
    # 9-times rule, not the 3-times one).
    best: Dict[str, dict] = {}
    for kid in c.kinds + ([c.status] if c.status else []):
        kind = k.kinds[kid]
        sources.append(kind["definition"]["source"])
        # A status holds by one of its signals; a number in another signal says nothing about
        # this pupil ("4 weken structureel geoorloofd verzuim om medische redenen" for a pupil
        # the school lets come in the mornings only)
        used = _thresholds_that_hold(kind["signals"], ctx, look, kid) if kid == c.status else None
        for t in kind.get("thresholds") or []:
            fld = t.get("field")
            if not fld or fld == "age" or ctx.get(fld) is None or t["op"] not in ("gt", "gte"):
                continue
            if used is not None and f"{kid}.{t['id']}" not in used:
                continue
            if evaluate({"threshold": f"{kid}.{t['id']}"}, ctx, look, kid) and \
                    (fld not in best or t["value"] > best[fld]["value"]):
                best[fld] = t
    reasons += [t["meaning"] for t in best.values()]
    # Edge case the handreiking is explicit about: "langer dan 4 weken" excludes exactly 4.
    if s.weeks_absent is not None and float(s.weeks_absent) == 4 and c.status != "thuiszitter" \
            and ("langdurig_relatief" in c.possible or s.reason in ("weigert", "ouders_houden_thuis",
                                                                   "geen_passende_plek", "zorgen")):
        reasons.append(f"Precies 4 weken is nog niet 'langer dan 4 weken'. {_child(k, s)} (nog) geen "
                       "thuiszitter; na 4 weken wel. De school meldt uiterlijk na 4 weken bij het samenwerkingsverband.")
    if "schorsing" in c.kinds and s.suspension_days is not None:
        t = k.threshold("schorsing.schorsing_max_dagen")
        if float(s.suspension_days) > t["value"]:
            warnings.append(f"Een schorsing mag niet meer dan {t['value']:g} dagen zijn. Deze schorsing "
                            f"duurt {float(s.suspension_days):g} dagen: dat is langer dan is toegestaan. "
                            f"{_objector(k, s)} bezwaar maken; de procedure staat in de brief van de school.")
            sources.append(t["source"])
    if s.has_vrijstelling is True and c.kinds and _category(k, c.kinds) == "geoorloofd" \
            and any(k.kinds[x].get("group") == "vrijstellingen" for x in c.kinds):
        reasons.append(f"Met een vrijstelling of toestemming is het verzuim geoorloofd. {_child(k, s)} dan "
                       "geen thuiszitter.")
    if s.level == "mbo":
        warnings.append("De handreiking is geschreven voor basis- en voortgezet onderwijs. Voor het mbo "
                        "kunnen andere afspraken gelden; vraag het de school of leerplicht.")
    if s.reason == "te_laat" and s.level and s.level != "vo":
        reasons.append("De vaste stappen bij te laat komen (3, 6, 9, 12 keer) gelden in het voortgezet "
                       "onderwijs. Op andere scholen kan de school regelmatig te laat komen melden als overig verzuim.")
    return reasons, warnings, sources


def _thresholds_that_hold(cond: Any, ctx: Dict[str, Any], look, kid: str) -> set:
    """The thresholds ("kind.id") referenced in the branches of a condition that hold."""
    if not isinstance(cond, dict) or evaluate(cond, ctx, look, kid) is not True:
        return set()
    if "threshold" in cond:
        ref = cond["threshold"]
        return {ref if "." in ref else f"{kid}.{ref}"}
    if "any" in cond:
        return set().union(*(_thresholds_that_hold(c, ctx, look, kid) for c in cond["any"]))
    if "all" in cond:
        return set().union(*(_thresholds_that_hold(c, ctx, look, kid) for c in cond["all"]))
    return set()


def _report_option(k: Knowledge, c: Core) -> Optional[str]:
    if "langdurig_relatief" not in c.kinds:
        return None
    for opt in k.kinds["langdurig_relatief"].get("report_options") or []:
        if opt["reason"] == c.situation.reason:
            return opt["text"]
    return None


def classify(k: Knowledge, s: Situation, with_unknowns: bool = True) -> Classification:
    c = core(k, s)
    reasons, warnings, sources = _explain(k, c)
    possible = list(c.possible)
    if c.possible_status:
        possible.append(c.possible_status)
    result = Classification(kinds=c.kinds, status=c.status, category=_category(k, c.kinds),
                            possible_kinds=possible, reasons=reasons, warnings=warnings,
                            report_option=_report_option(k, c), sources=sources)
    if with_unknowns:
        result.unknowns = find_unknowns(k, s)
    return result


# ------------------------------------------------------------------------------ unknowns

def signature(k: Knowledge, s: Situation) -> tuple:
    """Everything the advice depends on, role-independent: if two situations have the same
    signature, the assistant would give the same answer, so the fact that differs need not be asked."""
    from .escalation import route_states      # late import: escalation uses core()
    from .steps import applicable_actions
    c = core(k, s)
    ctx = c.ctx()
    kinds = c.kinds + ([c.status] if c.status else [])
    steps = tuple(applicable_actions(k, kid, ctx, c.situation.region) for kid in kinds)
    # Warnings are left out on purpose: the mbo scope note must not make "level" worth asking.
    return (tuple(c.kinds), tuple(c.possible), c.status, c.possible_status, steps, route_states(k, c))


def _probe_values(k: Knowledge, field: str, q: dict) -> List[Any]:
    if field == "reason":
        return list(k.reasons)
    if q.get("probe"):
        return list(q["probe"])
    return [c["value"] for c in q.get("choices") or []]


def find_unknowns(k: Knowledge, s: Situation) -> List[Unknown]:
    eff = effective(k, s)
    out: List[Unknown] = []
    staff = s.role in k.staff_roles
    pupil = s.role == "jongere"
    for field, q in k.questions.items():      # questions.yml order = importance
        if getattr(eff, field) is not None:
            continue
        if field == "role":                   # the role always changes the wording of the plan
            out.append(_unknown(field, q, staff, pupil))
            continue
        if q.get("only_for_reasons") and eff.reason not in q["only_for_reasons"]:
            continue                          # "hoeveel dagen geschorst?" when no one said geschorst
        sigs = {signature(k, s.with_(**{field: v})) for v in _probe_values(k, field, q)}
        if len(sigs) > 1:
            out.append(_unknown(field, q, staff, pupil))
    return out


def kinds_settled(k: Knowledge, s: Situation, fields: List[str]) -> bool:
    """Whether no answer to these open questions (probed as find_unknowns probes them) can
    change the situation's kinds. Only the kinds are compared, so this is far cheaper than
    classifying every variant."""
    kinds = core(k, s).kinds
    for field in fields:
        q = k.questions.get(field) or {}
        for value in _probe_values(k, field, q):
            if core(k, s.with_(**{field: value})).kinds != kinds:
                return False
    return True


def settled_status(k: Knowledge, s: Situation, fields: List[str]) -> Optional[str]:
    """The status (thuiszitter, risicoleerling) the situation has whatever these open questions'
    answers: 9 weeks at home without a place is a thuiszitter, enrolled or not."""
    status = core(k, s).status
    if status is None:
        return None
    for field in fields:
        q = k.questions.get(field) or {}
        for value in _probe_values(k, field, q):
            if core(k, s.with_(**{field: value})).status != status:
                return None
    return status


def possible_statuses(k: Knowledge, s: Situation, field: str) -> List[str]:
    """The statuses (thuiszitter, risicoleerling) that the time told gives the situation for some
    answer to this open question, in questions.yml's probe order: "6 weken thuis" is a
    thuiszitter or a risicoleerling, depending on the reason. A status any answer brings
    whatever the time (a schorsing makes a risicoleerling) is not what the story says."""
    if s.weeks_absent is None:
        return []
    q = k.questions.get(field) or {}
    out: List[str] = []
    for value in _probe_values(k, field, q):
        status = core(k, s.with_(**{field: value})).status
        if status and status not in out and core(k, s.with_(**{field: value, "weeks_absent": None})).status != status:
            out.append(status)
    return out


def settled_category(k: Knowledge, s: Situation) -> Optional[str]:
    """ "ongeoorloofd" for a reason whose absence is that whatever kind it turns out to be
    (reasons.yml `absence`: a child kept home is overig, wettelijk or langdurig relatief verzuim),
    as long as no fact makes it geoorloofd (a vrijstelling)."""
    absence = (k.reasons.get(s.reason or "") or {}).get("absence")
    c = core(k, s)
    cats = {k.kinds[x]["category"] for x in c.kinds + c.possible if k.kinds[x]["category"] != "status"}
    return absence if absence and cats <= {absence} else None


def _unknown(field: str, q: dict, staff: bool = False, pupil: bool = False) -> Unknown:
    """The question in the asker's wording: staff, a pupil ("je"), else parents ("uw kind")."""
    question = (q.get("question_staff") if staff else q.get("question_pupil") if pupil else None) or q["question"]
    return Unknown(field=field, question=question, why=q["why"],
                   choices=[Choice(c["title"], c["value"]) for c in q.get("choices") or []])
