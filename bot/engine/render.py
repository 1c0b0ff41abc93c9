"""Pure text rendering: every function returns a list of Reply(text, buttons, custom).

Parents (and young people) get B1 Dutch in the u-form: what it is, at most 5 numbered steps for
themselves, what school and leerplicht must do (with deadlines), the one route that fits now.
Staff (school, leerplicht) get a checklist: what, who, by when, where to report.
Every content message ends with "Bron: <title>, §<section>" and stays under MAX_CHARS (a phone
screen); longer content is split over several replies.
"""
from __future__ import annotations

import json
import re
from typing import Any, Dict, Iterable, List, Optional, Sequence, Set, Tuple

from .focus import asked_actor, focused_steps, informed_steps
from .model import Button, Classification, Step, EscalationAdvice, Reply, Situation, StepPlan, Unknown
from .workdays import format_date

MAX_CHARS = 900
MAX_OWN_STEPS = 5
# Terms explained in brackets the first time they appear in a parent answer (glossary `short`).
# A term listed with a group also marks the others of its group as explained.
EXPLAIN = ["verzuimloket", "swv", "duo", "ondersteuningsteam", "cjg", "jgt", "bevoegd_gezag",
           "proces_verbaal", "gpo", "opp", "cto", "halt", "zorgplicht", "ondersteuningsplan", "rbl",
           "jeugdmatch", "handelingsverlegen"]
GROUPS = {"verzuimloket": {"duo"}}


# ------------------------------------------------------------------------------ helpers

def _k(engine):
    return engine.knowledge


def _is_staff(role: Optional[str]) -> bool:
    from .engine import load_engine      # late: engine imports render
    return role in load_engine().knowledge.staff_roles


def bron(citations: Iterable[str]) -> str:
    """'Bron: Handreiking schoolverzuim 2017-2018, §2a Schorsing, §3b Risicoleerlingen'"""
    by_title: Dict[str, List[str]] = {}
    for c in citations:
        if not c:
            continue
        title, _, section = c.partition(", §")
        secs = by_title.setdefault(title, [])
        if section and section not in secs:
            secs.append(section)
    if not by_title:
        return "Bron: algemene uitleg"
    parts = [t + "".join(f", §{s}" for s in secs) for t, secs in by_title.items()]
    return "Bron: " + "; ".join(parts)


def _chunks(header: str, lines: Sequence[Tuple[str, str]], custom: Optional[dict] = None,
            buttons: Optional[List[Button]] = None) -> List[Reply]:
    """Pack (line, citation) pairs into replies of at most MAX_CHARS, each ending with the Bron
    line of the lines it holds; the header goes on the first reply only."""
    def text_of(items: List[Tuple[str, str]], first: bool) -> str:
        body = ([header] if first and header else []) + [line for line, _ in items]
        return "\n".join(body) + "\n" + bron(c for _, c in items)

    replies: List[Reply] = []
    cur: List[Tuple[str, str]] = []
    for item in lines:
        if cur and len(text_of(cur + [item], not replies)) > MAX_CHARS:
            replies.append(Reply(text=text_of(cur, not replies)))
            cur = []
        cur.append(item)
    if cur or not replies:
        replies.append(Reply(text=text_of(cur, not replies)))
    for r in replies:  # a hard guarantee, even for a single very long line
        if len(r.text) > MAX_CHARS:
            head, _, foot = r.text.rpartition("\n")
            r.text = head[: MAX_CHARS - len(foot) - 2] + "…\n" + foot
    if custom:
        replies[-1].custom = custom
    if buttons:
        replies[-1].buttons = buttons
    return replies


class Explainer:
    """Adds the glossary's short explanation after the first use of a term (parents only)."""

    def __init__(self, engine, enabled: bool = True):
        self.terms = _k(engine).terms
        self.done: Set[str] = set()
        self.enabled = enabled

    def __call__(self, text: str) -> str:
        if not self.enabled:
            return text
        for key in EXPLAIN:
            if key in self.done or key not in self.terms:
                continue
            term = self.terms[key]
            words = sorted(term["words"], key=len, reverse=True)
            pat = re.compile(r"(?<![\w-])(" + "|".join(re.escape(w) for w in words) + r")(?![\w-])", re.I)
            m = pat.search(text)
            if not m:
                continue
            after = text[m.end():m.end() + 2]
            # no gloss right after an existing bracket, nor when the gloss would repeat the word
            if not after.lstrip().startswith("(") and m.group(1).lower() not in term["short"].lower():
                text = text[:m.end()] + f" ({term['short']})" + text[m.end():]
            self.done.add(key)
            self.done |= GROUPS.get(key, set())
        return text


_AMOUNT = re.compile(r"\d+\s*%?\s*[^\W\d]+")


def _says_deadline(text: str, deadline: str) -> bool:
    """Whether a step text already says its deadline: literally ("..., uiterlijk na 4 weken")
    or with the same amounts ("niet langer dan 5 dagen" for "maximaal 5 dagen")."""
    text, deadline = text.lower(), deadline.lower()
    amounts = _AMOUNT.findall(deadline)
    return deadline in text or (bool(amounts) and all(a in text for a in amounts))


def _deadline(step, staff: bool) -> str:
    parts = []
    if step.deadline and not _says_deadline(step.text, step.deadline):  # not twice
        parts.append(step.deadline)
    if step.due_date and not step.repeat:
        parts.append(f"uiterlijk {format_date(step.due_date)}" + (" (werkdagen ma-vr)" if step.deadline_unit == "werkdagen" else ""))
    return " — " + ", ".join(parts) if parts else ""


# ------------------------------------------------------------------------------ payloads

def plan_payload(engine, plan: StepPlan) -> dict:
    return {"plan": {
        "title": f"Mijn stappenplan — {plan.kind_name.lower() if plan.kind_name else plan.kind}",
        "role": plan.role,
        "steps": [{"who": s.who, "text": (f"{s.when_text[0].upper()}{s.when_text[1:]}: " if s.when_text else "") + s.text,
                   "deadline": s.deadline, "due_date": s.due_date.isoformat() if s.due_date else None}
                  for s in plan.own + [x for xs in plan.others.values() for x in xs]],
        "sources": list(plan.sources)}}


def timeline_payload(engine, situation: Situation, classification: Classification) -> Optional[dict]:
    """A timeline over the field that matters most for this situation, with the thresholds of
    the kinds found (e.g. 4 weken thuiszitter, 8 weken breed overleg)."""
    k = _k(engine)
    kinds = classification.kinds + ([classification.status] if classification.status else [])
    if not kinds:
        return None
    fields = [("weeks_absent", "weken"), ("suspension_days", "dagen"), ("late_count", "keer"),
              ("hours_absent", "uur")]
    if "schorsing" in kinds:
        fields.insert(0, fields.pop(1))
    if "te_laat" in kinds:
        fields.insert(0, fields.pop(2))
    related = list(kinds)
    if classification.status == "thuiszitter" or "langdurig_relatief" in kinds:
        related.append("thuiszitter")
    for fld, unit in fields:
        now = getattr(situation, fld)
        marks: Dict[float, str] = {}
        for kid in dict.fromkeys(related):
            for t in k.kinds[kid].get("thresholds") or []:
                if t.get("field") == fld and t.get("label"):
                    marks[float(t["value"])] = t["label"]   # later (status) labels win on ties
        if now is None or not marks:
            continue
        ths = [{"at": _num(at), "label": f"{_num(at)} {unit}: {lab}"} for at, lab in sorted(marks.items())]
        upcoming = [t for t in ths if t["at"] >= float(now) and not (t["at"] == float(now) and fld != "weeks_absent")]
        nxt = None
        if upcoming:
            t = upcoming[0]
            nxt = f"Na {t['at']} {unit}: {t['label'].split(': ', 1)[1]}."
        return {"timeline": {"unit": unit, "now": _num(float(now)), "label_now": f"Nu: {_num(float(now))} {unit}",
                             "thresholds": ths, "next": nxt}}
    return None


def _num(x: float):
    return int(x) if float(x).is_integer() else x


# ------------------------------------------------------------------------------ situation advice

# The heads of the block that says what the situation is called: for parents and pupils, for staff.
CLASSIFICATION_HEADS = ("Wat is er aan de hand?", "Soort verzuim")


def render_classification(engine, c: Classification, situation: Situation, explain: Optional[Explainer] = None) -> List[Reply]:
    k = _k(engine)
    explain = explain or Explainer(engine, not _is_staff(situation.role))
    lines: List[Tuple[str, str]] = []
    staff = _is_staff(situation.role)
    for kid in c.kinds + ([c.status] if c.status else []):
        kind = k.kinds[kid]
        text = f"{kind['name']}: {kind['definition']['text'] if staff else kind['definition_b1']}"
        lines.append((explain(text), k.citation(kind["definition"]["source"])))
    if c.report_option and staff:
        lines.append((f"Meldingsoptie DUO: '{c.report_option}'.", k.citation(k.kinds["langdurig_relatief"]["report_options"][0]["source"])))
    for w in c.warnings:
        lines.append(("Let op: " + w, k.citation(c.sources[-1]) if c.sources else ""))
    for r in c.reasons[:1 if staff else 2]:
        lines.append((r, ""))
    head = CLASSIFICATION_HEADS[1] if staff else CLASSIFICATION_HEADS[0]
    timeline = timeline_payload(engine, situation, c)
    return _chunks(head, lines, custom=timeline)


def render_situation_intro(engine, situation: Situation) -> List[Reply]:
    """What the situation is called, before the triage's first question ("Schorsing: ... nooit
    langer dan 5 dagen"): blind chats judged a reply that was only a question as no answer. The
    same block as the advice's first part; empty while no kind is certain (a guessed kind would
    put a wrong name on the situation)."""
    c = engine.classify(situation)
    fields = [u.field for u in c.unknowns]
    # (a first "overig verzuim" that 16 hours would make "wettelijk verzuim" is not settled)
    if not (c.kinds or c.status) or not engine.kinds_settled(situation, fields):
        # What is settled already, while the kind is not: the status (9 weeks at home without a
        # place: a thuiszitter, enrolled or not), or that it is ongeoorloofd verzuim (a child kept
        # home: "dat is toch mijn goed recht?" got only "Hoeveel weken ...?" in a blind chat)
        status = engine.settled_status(situation, fields) if c.status else None
        if status:
            c = Classification(kinds=[], status=status, category=None, possible_kinds=[], reasons=[],
                               warnings=[], report_option=None, sources=[])
        elif engine.settled_category(situation) == "ongeoorloofd" and "ongeoorloofd" in _k(engine).terms:
            term = _k(engine).terms["ongeoorloofd"]
            staff = _is_staff(situation.role)
            head = CLASSIFICATION_HEADS[1] if staff else CLASSIFICATION_HEADS[0]
            return _chunks(head, [(f"Dit heet ongeoorloofd verzuim: {term['short']}.",
                                   _k(engine).citation(term["source"]))])
        else:
            return []
    replies = render_classification(engine, c, situation)
    for reply in replies:
        reply.custom = {}       # the timeline comes with the advice
    return replies


def render_plan(engine, plan: StepPlan, situation: Optional[Situation] = None, explain: Optional[Explainer] = None) -> List[Reply]:
    k = _k(engine)
    staff = _is_staff(plan.role)
    explain = explain or Explainer(engine, not staff)
    custom = plan_payload(engine, plan)
    if staff:
        who = k.roles[plan.role]["name"]
        lines = []
        for s in plan.own:
            cond = f"{s.when_text[0].upper()}{s.when_text[1:]}: " if s.when_text else ""
            where = f" — melden via {s.report}" if s.report else ""
            lines.append((f"☐ {cond}{s.text}{_deadline(s, True)}{where}", s.citation))
        others = []
        for actor, steps in plan.others.items():
            if actor == "ouders":       # staff know what parents are told; keep the checklist short
                continue
            for s in steps[:2]:
                cond = f"{s.when_text}: " if s.when_text else ""
                others.append((f"• {s.who}: {cond}{s.text}{_deadline(s, True)}", s.citation))
        notes = [(f"Let op: {n}", c) for n, c in zip(plan.notes, plan.note_citations)]
        who = who if who.isupper() else who.lower()      # "GGD" stays an abbreviation
        head = f"Checklist {who} — {plan.kind_name.lower()}"
        if not lines:
            # zorg (CJG, JGT) has tasks only for thuiszitters and risicoleerlingen: say so, then
            # what the others do, instead of an empty checklist
            head = f"{plan.kind_name}: wat anderen doen"
            lines = [(f"De handreiking geeft {who} hier geen eigen taak.", "")]
        replies = _chunks(head, lines + ([("Anderen:", "")] + others if others else []) + notes)
        replies[-1].custom = custom
        return replies
    own = plan.own[:MAX_OWN_STEPS]
    lines = [(explain(f"{i}. {(s.when_text[0].upper() + s.when_text[1:] + ': ') if s.when_text else ''}{s.text}"), s.citation)
             for i, s in enumerate(own, 1)]
    if not lines:
        lines = [("De handreiking geeft u hier geen eigen taak. Wel moeten school en leerplicht het volgende doen.", "")]
    replies = _chunks("Wat kunt u doen?", lines)
    others: List[Tuple[str, str]] = []
    for actor, limit in (("school", 3), ("leerplicht", 2), ("samenwerkingsverband", 1)):
        steps = plan.others.get(actor) or []
        # Duties this situation triggers ("bij een schorsing van meer dan 1 dag: kopie naar de
        # inspectie") before general ones, then those with a deadline or a place to report.
        ranked = sorted(steps, key=lambda s: (not s.applies, not s.deadline, not s.report,
                                              steps.index(s)))[:limit]
        for s in sorted(ranked, key=steps.index):
            cond = f"{s.when_text}: " if s.when_text else ""
            others.append((explain(f"• {s.who}: {cond}{s.text[0].lower()}{s.text[1:]}{_deadline(s, False)}"), s.citation))
    notes = [(n, c) for n, c in zip(plan.notes, plan.note_citations)]
    if others or notes:
        replies += _chunks("Wat moeten school en leerplicht doen?", others + notes)
    replies[-1].custom = custom
    return replies


def render_escalation(engine, advice: EscalationAdvice, situation: Optional[Situation] = None,
                      explain: Optional[Explainer] = None, alternatives: bool = False) -> List[Reply]:
    """The route that fits now; with `alternatives` (the user asked where to go) also the other
    routes that apply now, so a parent sees every door that is open, not only the first."""
    role = situation.role if situation else None
    staff = _is_staff(role)
    explain = explain or Explainer(engine, not staff)
    lines: List[Tuple[str, str]] = []
    rec = advice.recommended
    if rec:
        lines.append((explain(f"{rec.name}: {rec.why}" + ("" if staff else f" {rec.explanation}")), rec.citation))
        if rec.who_decides:
            lines.append((f"Wie beslist: {rec.who_decides}.", rec.citation))
        if rec.prepare and not staff:   # what parents bring along; staff have their own files
            lines.append(("Neem mee: " + rec.prepare[0], rec.citation))
    others = [a for a in advice.now if a is not rec][:2] if (staff or alternatives) else []
    for a in others:
        lines.append((f"Ook mogelijk: {a.name} — {a.why}", a.citation))
    for a in advice.later[:1]:
        when = f" (vanaf {format_date(a.from_date)})" if a.from_date else ""
        lines.append((explain(f"Later: {a.name}, {a.from_when}{when}."), a.citation))
    for a in advice.not_applicable[:1]:
        lines.append((f"Niet: {a.name}. {a.why}", a.citation))
    if not lines:
        return []
    head = "Komt u er samen niet uit?" if not staff else "Route"
    return _chunks(head, lines)


def render_advice(engine, situation: Situation) -> List[Reply]:
    """The full answer for a situation: what it is, the plan for the role, the route."""
    c = engine.classify(situation)
    if not (c.kinds or c.status):
        # (the role only changes the wording: not what the steps depend on; round 17 asked
        # "Wie bent u?" again after the role was passed over)
        deciding = [u for u in c.unknowns if u.field != "role"]
        if deciding:
            return render_open_situation(engine, situation, deciding[0])
        return render_limits(engine)
    staff = _is_staff(situation.role)
    explain = Explainer(engine, not staff)
    intro = (_k(engine).roles.get(situation.role or "") or {}).get("intro")
    replies = [Reply(text=intro)] if intro else []
    replies += render_classification(engine, c, situation, explain)
    plan = engine.plan_for(situation, c)
    replies += render_plan(engine, plan, situation, explain)
    replies += render_escalation(engine, engine.escalation(situation), situation, explain)
    return replies


def render_open_situation(engine, situation: Situation, unknown: Unknown) -> List[Reply]:
    """The advice while the fact that decides the kind stays open (the user passed over its
    question or could not say): that the steps depend on it and why, what the situation may be
    called for the answers (a thuiszitter or a risicoleerling after 6 weeks), then the question
    once more. Blind chats (round 15) got the bare question again after the triage ended."""
    k = _k(engine)
    lines = []
    for sid in engine.possible_statuses(situation, unknown.field):
        kd = k.kinds[sid]
        lines.append((f"• {kd['name']}: {_kind_definition(kd, situation.role)}", k.citation(kd["definition"]["source"])))
    lead = f"Welke stappen gelden, kan ik nog niet zeggen. {unknown.why}"
    replies = (_chunks(lead + (" Het kan gaan om:" if lines else ""), lines) if lines
               else [Reply(text=lead)])
    return replies + [render_question(engine, unknown)]


# A button answers with the fact itself, as the intent a typed fact gets; NLU is skipped.
FACT_INTENT = "describe_situation"


def fact_payload(field: str, value) -> str:
    """Button payload that sets one fact: /describe_situation{"weeks_absent": 4}."""
    return "/" + FACT_INTENT + json.dumps({field: value}, ensure_ascii=False)


def render_question(engine, unknown: Unknown) -> Reply:
    buttons = [Button(ch.title, fact_payload(unknown.field, ch.value)) for ch in unknown.choices]
    return Reply(text=unknown.question, buttons=buttons)


# ------------------------------------------------------------------------------ direct questions

def _voiced(entry: dict, key: str, role: Optional[str]) -> str:
    """An explanation in the asker's voice: `explanation_staff` for school and leerplicht,
    `explanation_pupil` for a pupil, where the entry has one; else the parents' text (``key``)."""
    if _is_staff(role) and entry.get("explanation_staff"):
        return entry["explanation_staff"]
    if role == "jongere" and entry.get("explanation_pupil"):
        return entry["explanation_pupil"]
    return entry[key]


def _kind_definition(kd: dict, role: Optional[str]) -> str:
    """The plain definition speaks of "uw kind": staff and pupils get the handreiking's own."""
    return kd["definition"]["text"] if _is_staff(role) or role == "jongere" else kd["definition_b1"]


def render_definition(engine, kind: Optional[str] = None, route: Optional[str] = None,
                      term: Optional[str] = None, role: Optional[str] = None, region: Optional[str] = None) -> List[Reply]:
    k = _k(engine)
    if kind and kind in k.kinds:
        kd = k.kinds[kind]
        lines = [(f"{kd['name']}: {_kind_definition(kd, role)}", k.citation(kd["definition"]["source"]))]
        if kd["definition_b1"] == _kind_definition(kd, role):
            lines.append((f"Officieel: \u201c{kd['definition']['text']}\u201d", k.citation(kd["definition"]["source"])))
        if kd["category"] != "status":
            lines.append((f"Dit is {kd['category']} verzuim.", k.citation(kd["definition"]["source"])))
        for od in kd.get("other_definitions") or []:
            lines.append((f"Andere definitie ({od['scope']}): {od['text']}", k.citation(od["source"])))
        if kd.get("other_definitions"):
            lines.append(("Ik gebruik de definitie van de handreiking (langer dan 4 weken) voor de stappen in de regio.", ""))
        return _chunks("", lines)
    if route:
        return render_route(engine, route, region, role)
    if term and term in k.terms:
        t = k.terms[term]
        cit = k.citation(t["source"]) if isinstance(t["source"], dict) else ""
        return _chunks("", [(f"{t['name']}: {_voiced(t, 'explanation', role)}", cit)])
    return []


def render_direct(engine, answer: Any, role: Optional[str] = None, region: Optional[str] = None) -> List[Reply]:
    """A direct answer of answers.yml (bot/engine/direct.py): its own fact with its source, or
    the explanation of the term or route it shows, after its lead ("Nee.")."""
    k = _k(engine)
    lead = f"{answer.lead} " if answer.lead else ""
    if answer.text and not answer.steps:
        return _chunks("", [(lead + answer.text, k.citation(answer.source))])
    if answer.shows in k.terms:
        t = k.terms[answer.shows]
        cit = k.citation(t["source"]) if isinstance(t["source"], dict) else ""
        return _chunks("", [(lead + _voiced(t, "explanation", role), cit)])
    if answer.steps:
        # the kind's steps that say it, in the asker's words, the asker's own first
        from .quotes import same_passage
        plan = engine.next_steps(answer.steps, role, region)
        steps = [st for st in plan.steps if same_passage((answer.source or {}).get("quote", ""), st.source.get("quote", ""))]
        if _is_staff(plan.role):
            steps = [st for st in steps if st.actor != "ouders"] or steps
        steps.sort(key=lambda st: st.actor != plan.actor)
        lines = _step_lines(engine, plan, steps[:MAX_OWN_STEPS])
        if lines and answer.lead:
            lines.insert(0, (answer.lead, ""))
        return _chunks("", lines)
    if answer.shows in k.kinds:
        kind = k.kinds[answer.shows]
        return _chunks("", [(lead + _kind_definition(kind, role), k.citation(kind["definition"]["source"]))])
    route = engine.route(answer.shows, region)
    if route is not None:
        from .escalation import routes_for_region
        d = routes_for_region(k, region if region in k.regions else k.default_region).get(answer.shows) \
            or k.routes[answer.shows]
        lines = [(lead + _voiced(d, "explanation_b1", role), k.citation(route.source))]
        # the region's own arrangement ("in de Kop van Noord-Holland ligt de doorzettingsmacht bij
        # de voorzitter van de CTO ..."), not only the handreiking's general words (blind round 18)
        # (the handreiking's own region says what the general words say)
        override = ({} if region in (None, k.default_region) else
                    ((k.regions.get(region) or {}).get("route_overrides") or {}).get(answer.shows) or {})
        if override.get("text"):
            lines.append((override["text"], k.citation(override["source"]) if override.get("source") else ""))
        return _chunks("", lines)
    return []


def render_deadlines(engine, kind: str, role: Optional[str] = None) -> List[Reply]:
    """Direct answer to "hoe lang / wanneer / binnen hoeveel dagen": the numbers and key duties."""
    k = _k(engine)
    if kind not in k.kinds:
        return []
    kd = k.kinds[kind]
    lines: List[Tuple[str, str]] = []
    seen: Set[str] = set()
    timed = False       # a line with a number of days, weeks or hours
    for t in kd.get("thresholds") or []:
        if t.get("field") == "age":
            continue
        lines.append((f"• {t['meaning']}", k.citation(t["source"])))
        seen.add(t["source"]["quote"])
        timed = True
    for a in kd["actions"]:
        if not (a.get("key") or a.get("deadline")) or a["source"]["quote"] in seen:
            continue
        seen.add(a["source"]["quote"])
        d = a.get("deadline")
        cond = f"{a['when_text'][0].upper()}{a['when_text'][1:]}: " if a.get("when_text") else ""
        who = k.actors[a["actor"]]["name"]
        lines.append((f"• {who}: {cond}{a['text'][0].lower()}{a['text'][1:]}" + (f" ({d['text']})" if d else ""),
                      k.citation(a["source"])))
        timed = timed or bool(d)
    if not timed:
        # "Termijnen bij overig verzuim:" over duties without a deadline read as a missed answer
        none = (f"Voor {kd['name'].lower()} noemt de handreiking geen vaste termijnen.", k.citation(kd["definition"]["source"]))
        return _chunks("", [none] + ([("Wel staat erin:", "")] + lines if lines else []))
    return _chunks(f"Termijnen bij {kd['name'].lower()}:", lines)


_UNIT_WORDS = {"dagen": r"(?:school)?dag(?:en)?", "weken": r"weken|week|wk", "uur": r"uur|uren|lesuren|lesuur",
               "keer": r"keer|x", "jaar": r"jaar|jr"}
_PER_WEEK = 5   # school days in a week, as bot/engine/facts.py counts a suspension of "een week"
_COMPARE = {"gt": lambda x, v: x > v, "gte": lambda x, v: x >= v, "lt": lambda x, v: x < v,
            "lte": lambda x, v: x <= v, "eq": lambda x, v: x == v}


def _amounts(text: str) -> Dict[str, float]:
    """Numbers with a unit in a question: "8 dagen" -> {"dagen": 8}; one per unit, the last."""
    from .facts import NUM, parse_number
    out: Dict[str, float] = {}
    for unit, words in _UNIT_WORDS.items():
        for m in re.finditer(rf"\b({NUM})\s*(?:{words})\b", text.lower()):
            if re.search(r"\b(?:nog|weer|extra)\s+(?:eens\s+|een\s+)?$", text.lower()[:m.start()]):
                continue  # "als ze nog 3 keer te laat komt": more on top of a count we may not know
            if re.match(r"(?:halve|hele)\s+\w+en\b", m.group(0)):
                continue  # "alleen halve dagen komen": a way of attending, no amount of days
            if unit == "weken" and re.search(r"\b(?:uur|uren|lesuren|lesuur)\s+in\s+(?:de\s+)?$", text.lower()[:m.start()]):
                continue  # "14 lesuren in 3 weken": the period the hours were missed in
            value = parse_number(m.group(1))
            if value is not None:
                out[unit] = value
    return out


def _step_lines(engine, plan: StepPlan, steps: Sequence[Step]) -> List[Tuple[str, str]]:
    """Some steps of a plan as (line, citation): the asker's own as a bullet (staff: a checkbox,
    with where to report), others' with who does them."""
    staff = _is_staff(plan.role)
    explain = Explainer(engine, not staff)
    lines = []
    for s in steps:
        cond = f"{s.when_text[0].upper()}{s.when_text[1:]}: " if s.when_text else ""
        if s.actor == plan.actor:
            where = f" — melden via {s.report}" if s.report and staff else ""
            line = f"{'☐' if staff else '•'} {cond}{s.text}{_deadline(s, staff)}{where}"
        else:
            cond = f"{s.when_text}: " if s.when_text else ""
            line = f"• {s.who}: {cond}{s.text[0].lower()}{s.text[1:]}{_deadline(s, staff)}"
        lines.append((explain(line), s.citation))
    return lines


def render_focused(engine, plan: StepPlan, question: str, kind_words_count: bool = False,
                   with_deadline: bool = False) -> List[Reply]:
    """ "Moeten we de ouders vooraf horen?": only the steps of the plan the question is about
    (bot/engine/focus.py), the asker's own first, in the asker's form. Empty when the question is
    about the plan as a whole; then the whole plan is the answer. The kind's own words only pick
    steps when the kind was found from the question itself (``kind_words_count``)."""
    k = _k(engine)
    kind = k.kinds.get(plan.kind) or {}
    typed = engine.named_type(question)
    kind_type = typed[1] if typed and typed[0] == plan.kind else None
    assessor = kind.get("types_assessed_by") if kind_type else None
    # "mogen we vrij voor het suikerfeest?": who assesses that type of request, and the asker's
    # and the assessor's steps about it (not leerplicht's, who assess a longer verlof)
    steps = [] if kind_type else informed_steps(k, plan, question)   # "hoort leerplicht dit ook?"
    steps = steps or focused_steps(k, plan, f"{question} {kind_type['source']['quote']}" if kind_type else question,
                                   ignore=() if kind_words_count else kind.get("words") or [],
                                   actors={assessor["actor"], plan.actor} if assessor else None)
    if not steps and not kind_type:
        actor = asked_actor(k, plan, question)
        if actor:   # "wat gaat leerplicht dan doen?": that actor's steps
            steps = [s for s in plan.steps if s.actor == actor][:MAX_OWN_STEPS]
    if with_deadline:
        # a deadline question: only steps with a deadline, else the kind's deadlines answer it
        steps = [s for s in steps if s.deadline]
    staff = _is_staff(plan.role)
    if staff:
        # what parents are told is written to them ("werk mee met leerplicht"); staff get their
        # own and others' duties, else the whole checklist
        steps = [s for s in steps if s.actor != "ouders"]
    if not steps and not kind_type:
        return []
    lines = _step_lines(engine, plan, steps)
    if kind_type:
        said = f"Dit valt onder: {kind_type['name'][0].lower()}{kind_type['name'][1:]}."
        lines.insert(0, (f"{said} {assessor['text']}" if assessor else said, k.citation(kind_type["source"])))
    head = f"Over {plan.kind_name.lower()} zegt de handreiking:"
    return _chunks(head, lines)


_QUESTION = re.compile(r"[^.!?\n]*\?")
# "moet ik al melden?": whether a number has reached the point where reporting is due
# "moet ik al melden?", "moet dat naar DUO?", "moet dit gemeld worden?", "is dat meldplichtig?"
_ASKS_REPORT = re.compile(r"\bmoet (?:ik|we|wij|de school|dat|dit|het) (?:al |nu |dan |het |dat |dit |ook |echt )*"
                          r"(?:melden|gemeld(?: worden)?|doorgeven|doorgegeven(?: worden)?|naar (?:duo|leerplicht)"
                          r"|bij (?:duo|leerplicht)(?: gemeld(?: worden)?| melden)?)\b"
                          r"|\b(?:is|wordt) (?:dat|dit|het) (?:al |nu )?(?:meldplichtig|een melding)\b", re.I)
_ASKS_ALLOWED = re.compile(r"\b(?:mag|mogen|kan|kunnen|toegestaan|klopt|normaal|te lang|teveel|te veel)\b"
                           # "2 weken, dat is 10 schooldagen. is het dan anders?", "maakt dat uit?"
                           r"|\b(?:is|wordt) (?:het|dat|dit) dan anders\b|\bmaakt (?:dat|het|dit) (?:iets |wat )?uit\b"
                           r"|\bverandert (?:dat|het|dit) (?:dan )?(?:iets|wat)\b"
                           # "mijn mentor zegt bij de volgende keer word ik gemeld. is dat echt zo??"
                           r"|\bis (?:dat|dit|het) (?:echt |wel |nou |nu |dan )*(?:zo|waar)\b"
                           r"|" + _ASKS_REPORT.pattern, re.I)
_ASKS_DEADLINE = re.compile(r"\b(?:termijn\w*|binnen hoeveel|hoeveel (?:dagen|werkdagen|weken|tijd)|wanneer|hoe ?lang"
                            r"|hoe snel|deadline|uiterlijk)\b", re.I)


# "klopt dit wel??", "hoe zit dat?", "wat nu?": a question about the story as told; the numbers
# in the story are then what is asked about ("6x te laat ... hoe zit dat?")
_ASKS_ABOUT_STORY = re.compile(r"^\W*(?:en |maar |dus )?(?:hoe zit (?:dat|dit|het)(?: nou| nu| precies)?"
                               r"|klopt (?:dit|dat|het)(?: wel| eigenlijk)?|(?:en )?wat nu|en dan|wat moet(?:en)? (?:ik|we|wij) nu(?: doen)?"
                               r"|wat (?:gebeurt|gaat) er nu(?: gebeuren)?|is dit (?:normaal|wel goed))\W*$", re.I)
# "school zegt dat ze hem gaan melden bij de CTO. wat is dat??": what a body or term is; "die"
# and "dat" point back to the sentence before
_ASKS_WHAT_IS = re.compile(r"^\W*(?:en |maar |oh |o )?wat (?:is|zijn|betekent|betekenen|houdt)\b"
                           r"|^\W*(?:en |maar )?wat (?:doet|doen) (?:die|dat|dit|ze|zij)\b"
                           # "wie heeft bij ons de doorzettingsmacht?": who holds it is in the route (round 20)
                           r"|^\W*(?:en |maar )?wie (?:heeft|hebben) (?:er |hier |bij ons |in \w+ )*(?:de|het)\b", re.I)


# "en daarna?", "wat gebeurt er als hij nog 2x te laat is?", "hoe gaat het verder?": what comes
# next as the absence goes on
_ASKS_NEXT = re.compile(r"^\W*(?:en |maar )?(?:daarna|dan|en dan|hierna|en verder)\W*$"
                        r"|\b(?:en )?daarna\s*\??\s*$"
                        r"|\bwat (?:gebeurt|gaat) er (?:dan |daarna |hierna |nu )?(?:verder|daarna|hierna|gebeuren\b|als\b)"
                        r"|\bwat (?:is|zijn) de volgende stap|\bhoe gaat het (?:nu |dan )?verder"
                        r"|\bals (?:hij|ze|zij|het) (?:nog|weer) (?:een paar|\w+) (?:keer|x|uur|weken|dagen)\b"
                        r"|\bals het (?:zo )?door ?gaat\b|\bals (?:hij|ze|zij) (?:blijft|blijven) (?:spijbelen|wegblijven|thuiszitten|te laat)", re.I)


def asks_whats_next(question: str) -> bool:
    return bool(_ASKS_NEXT.search(question or ""))


def render_steps_ahead(engine, situation: Situation, kinds: Iterable[str]) -> List[Reply]:
    """ "En daarna?" at 7 times late: the steps the next thresholds bring (9 and 12 times), each
    with its condition and source; empty when no known count has a threshold ahead."""
    k = _k(engine)
    role = situation.role or "ouder"
    actor = k.roles["ouder" if role == "jongere" else role]["actor"]
    lines: List[Tuple[str, str]] = []
    for kind in kinds:
        for st in engine.steps_ahead(kind, situation):
            cond = f"{st.when_text[0].upper()}{st.when_text[1:]}: " if st.when_text else ""
            line = (f"• {cond}{st.text}" if st.actor == actor
                    else f"• {cond}{st.who}: {st.text[0].lower()}{st.text[1:]}")
            if all(line != x for x, _ in lines):
                lines.append((line, st.citation))
    return _chunks("Wat er daarna kan gebeuren:", lines[:5]) if lines else []


# "binnen hoeveel dagen ... moet het gemeld zijn": when, also with a word of reporting in it
_ASKS_WHEN = re.compile(r"\b(?:binnen hoeveel|hoe snel|uiterlijk|termijn\w*|deadline)\b", re.I)


def asks_deadline_only(question: str) -> bool:
    """ "binnen hoeveel dagen moet het gemeld?": asks when, not whether a number is allowed."""
    q = question or ""
    if not _ASKS_DEADLINE.search(q):
        return False
    if _ASKS_WHEN.search(q) and not _ASKS_ALLOWED.search(_ASKS_REPORT.sub(" ", q)):
        # round 15: "binnen hoeveel dagen na het bereiken van die 16 uur moet het gemeld zijn"
        # got the 16-hour rule again instead of the 5 workdays
        return True
    return not _ASKS_ALLOWED.search(q)


def render_inline_answer(engine, situation: Situation, text: str, topics: Iterable[str] = ()) -> List[Reply]:
    """ "Lln 18 uur ongeoorloofd gemist. Binnen welke termijn melden?": the question a situation
    message ends with, answered from the situation's kind before the triage goes on: the rule
    for a number in it, else the steps it is about, else the kind's deadlines when it asks when.
    Empty when the message asks nothing or the kind is not clear yet."""
    questions = _questions(text)
    if not questions and engine.is_question(text):
        questions = [text]      # "kan ik de schorsing verlengen naar twee weken" (no "?")
    if not questions:
        return []
    question = questions[-1].strip()
    # "stel dat hij volgend kwartaal weer 4 keer ziek is, ...?": the situation it supposes
    situation = engine.supposed(situation, text)
    c = engine.classify(situation)
    kinds = c.kinds or c.possible_kinds
    typed = engine.kind_of_named_type(text)
    if typed and situation.has_vrijstelling is not False:
        # "mijn dochter wordt volgende maand 5. moet ze dan elke dag naar school?"; not when the
        # leave was not granted: "verlof gevraagd, nee gezegd, nu is hij toch weg" is luxe verzuim
        return render_focused(engine, engine.next_steps(typed, situation.role or "ouder", situation.region), text)
    # the question with the sentence before it: "de school zegt dat ze geen passend aanbod hebben.
    # is dat een grond?" (not the whole story: its other words are no part of what is asked)
    direct = engine.direct_answer(_question_context(text, question), (set(kinds) | {c.status} | set(topics)) - {None},
                                  situation.role or "ouder")
    if direct and not _amounts(question):
        # "de school zegt dat ik vrijstelling moet aanvragen. is dat een oplossing?": one fact
        # (a number in the question is checked against the kind's rule below instead)
        return render_direct(engine, direct, situation.role or "ouder", situation.region)
    what_is = next((q.strip() for q in reversed(questions) if _ASKS_WHAT_IS.search(q.strip())), None)
    if what_is:
        # the question's own words first ("wat is een ondersteuningsteam?"), else what "dat"
        # points back to; a body or term before a kind: the kind of the story is known already
        # ("... bij de CTO. wat is dat?? moet ik me zorgen maken": the first of two questions)
        named = engine.topics_in_text(what_is, min_length=3) or \
            engine.topics_in_text(_question_context(text, what_is), min_length=3)
        term, route = named.get("term"), named.get("route")
        if term or route:
            return render_definition(engine, term=term, route=None if term else route,
                                     role=situation.role or "ouder", region=situation.region)
    named_kind = engine.topics_in_text(question).get("kind")
    if not c.kinds and named_kind in kinds:
        kinds = [named_kind]    # "hij is nu 5 weken afwezig, valt dat onder langdurig relatief verzuim?"
    if c.kinds and asks_whats_next(question):
        # "en wat gebeurt er als hij nog 2x te laat is?" at 7 times: the 9th and 12th time
        ahead = render_steps_ahead(engine, situation, c.kinds + ([c.status] if c.status else []))
        if ahead:
            return ahead
    if not c.kinds and len(kinds) > 1 and (_ASKS_ALLOWED.search(question) or _ASKS_ABOUT_STORY.search(question)):
        # "lln heeft in 4 weken 14 uur gemist, ouders zeggen 'afspraak'. moet ik al melden?" with
        # the reason not known yet: hours and counts are checked against the kind whose rule they
        # are in (a period "in 4 weken" or "3 dagen" says nothing about which kind it is); whether
        # reporting is due also against the kinds 14 hours cannot be yet (the 16 hours)
        asks_report = bool(_ASKS_REPORT.search(question))
        for candidate in list(kinds) + ([kd for kd in _k(engine).kinds if kd not in kinds] if asks_report else []):
            checked = render_threshold_check(engine, candidate, text, units=("uur", "keer"))
            if checked:
                return checked
    if not kinds or (not c.kinds and len(kinds) > 1):
        # "en een uitschrijving omdat het gezin verhuist?": no kind yet, but one clear step (the
        # first of many possible kinds is a guess: a replayed chat got illness deadlines for a
        # question about reporting an uitschrijving)
        found = engine.plan_for_question(question, situation.role or "ouder", situation.region)
        return render_focused(engine, found, question, kind_words_count=True) if found else []
    kind = kinds[0]
    # "7 dagen geschorst. mag dat?": the number may be in the sentence before the question; it is
    # checked against the rules of the situation's kind; a question whether reporting is due also
    # against the other kinds its reason can be ("14 lesuren in 3 weken, moet ik al melden?" while
    # it is still overig verzuim: the 16 hours of wettelijk verzuim)
    reason_kinds = (_k(engine).reasons.get(situation.reason or "") or {}).get("kinds") or []
    others = [kd for kd in reason_kinds if kd != kind] if _ASKS_REPORT.search(question) else []
    for candidate in [kind] + others:
        checked = render_threshold_check(engine, candidate, text if _ASKS_ALLOWED.search(question)
                                         or _ASKS_ABOUT_STORY.search(question) else question)
        if checked:
            return checked
    role = situation.role or "ouder"
    asked = engine.topics_in_text(question).get("kind")
    if asked in _k(engine).kinds and asked != kind:
        # "als we daarna willen verwijderen, wie moeten we horen?" during a schorsing: the
        # steps of the kind the question names
        focused = render_focused(engine, engine.next_steps(asked, role, situation.region), question)
        if focused:
            return focused
    plan = engine.next_steps(kind, role, situation.region, situation=situation if c.kinds else None)
    focused = render_focused(engine, plan, question)
    if focused:
        return focused
    if _ASKS_DEADLINE.search(question):
        return render_deadlines(engine, kind, role)
    return []


def _questions(text: str) -> List[str]:
    """The questions of a message: those ending in "?" ("wat is dat??" also leaves a bare "?",
    which asks nothing), then the sentences after the last "?" that open as a question ("... vol
    is vol? wie hakt dan de knoop door"); without any "?", the sentences that ask ("... niemand
    doet iets. wat zijn mijn rechten eigenlijk"), not the whole story."""
    from .facts import is_question, sentences
    text = text or ""
    marked = [q for q in _QUESTION.findall(text) if re.search(r"\w", q)]
    after = text[text.rfind("?") + 1:] if marked else text
    return marked + [s for s in sentences(after) if is_question(s)]


def question_amounts(text: str) -> Dict[str, float]:
    """The numbers with a unit in the last question of a message ("... naar twee weken?"): empty
    when it asks about numbers told before it ("4x ziek gemeld ... mag dat zomaar??")."""
    questions = _questions(text)
    return _amounts(questions[-1]) if questions else {}


def question_context(text: str) -> str:
    """The last question of a message with the sentence just before it ("... geen passend aanbod.
    is dat een grond?"); the whole text when it asks nothing."""
    questions = _questions(text)
    return _question_context(text, questions[-1].strip()) if questions else (text or "")


def _question_context(text: str, question: str) -> str:
    """The asked question and the sentence just before it."""
    from .facts import sentences as split
    sentences = split(text)
    at = max((i for i, x in enumerate(sentences) if question in x), default=None)
    if at is None:
        return text
    return " ".join(sentences[max(0, at - 1):at + 1])


# "Bij 1 dag", not "Bij 1 dagen"
_ONE = {"dagen": "dag", "schooldagen": "schooldag", "werkdagen": "werkdag", "weken": "week", "maanden": "maand"}


def units_of_one_kind(engine) -> Dict[str, str]:
    """{unit: kind} for the threshold units that only one kind has rules in (kinds.yml)."""
    kinds_of: Dict[str, set] = {}
    for kid, kind in _k(engine).kinds.items():
        for t in kind.get("thresholds") or []:
            if t.get("unit") and (t.get("field") or t.get("checked_in_questions")):
                kinds_of.setdefault(t["unit"], set()).add(kid)
    # days and weeks are spans of many situations (a schorsing, a trip, leave): "3 dagen" alone
    # names no kind, whatever kinds.yml happens to have rules in days for
    return {unit: next(iter(ks)) for unit, ks in sorted(kinds_of.items())
            if len(ks) == 1 and unit not in _SPANS_OF_TIME}


_SPANS_OF_TIME = {"dagen", "schooldagen", "werkdagen", "weken", "maanden", "jaar", "jaren"}


def render_threshold_check(engine, kind: str, text: str, units: Optional[Sequence[str]] = None) -> List[Reply]:
    """ "De directeur wil er 8 dagen van maken, kan dat?": the kind's thresholds (kinds.yml)
    applied to the number in the question, each with its rule and source. Empty when the question
    names no number in a unit of one of the kind's thresholds."""
    k = _k(engine)
    if kind not in k.kinds:
        return []
    amounts = _amounts(text or "")
    typed = engine.named_type(text or "")
    named_type = typed[1]["id"] if typed and typed[0] == kind else None
    lines: List[Tuple[str, str]] = []
    for t in k.kinds[kind].get("thresholds") or []:
        unit, op = t.get("unit"), t.get("op")
        if units is not None and unit not in units:
            continue
        if named_type and t.get("types") and named_type not in t["types"]:
            continue   # a rule about another type of request
        if not (t.get("field") or t.get("checked_in_questions")) or op not in _COMPARE:
            continue
        x = amounts.get(unit)
        if x is None and unit == "schooldagen":
            # "15 schooldagen", "8 dagen" or "3 weken" of leave: days a child misses school
            unit = "dagen"
            x = amounts.get("dagen")
        if x is None and unit == "dagen" and "weken" in amounts:
            x = amounts["weken"] * _PER_WEEK
        if x is None and unit == "weken" and "dagen" in amounts:
            x = amounts["dagen"] / _PER_WEEK
        if x is None:
            continue
        holds = _COMPARE[op](x, float(t["value"]))
        said = f"{_num(x)} {_ONE.get(unit, unit) if x == 1 else unit}"
        if t.get("verdict_holds" if holds else "verdict_fails"):
            verdict = t["verdict_holds" if holds else "verdict_fails"]
        elif op in ("lte", "lt"):   # a maximum
            verdict = "dat blijft binnen die grens." if holds else "dat is meer dan mag."
        else:                    # a point from which something applies
            verdict = "dat geldt hier dus." if holds else "dat geldt hier (nog) niet."
        lines.append((f"{t['meaning']} Bij {said}: {verdict}", k.citation(t["source"])))
    return _chunks("", lines) if lines else []


def render_route(engine, route: str, region: Optional[str] = None, role: Optional[str] = None) -> List[Reply]:
    k = _k(engine)
    region = region if region in k.regions else k.default_region
    from .escalation import route_advice, routes_for_region
    routes = routes_for_region(k, region)
    if route not in routes:
        other = [r for r in k.regions if route in ((k.regions[r].get("routes") or {}))] + \
                [r for r in k.routes if r == route]
        if route in k.routes:   # a route bound to another region (beleidstafel)
            routes = {route: k.routes[route]}
        elif other:
            # A body of another region ("wat doet de CTO?" while Holland Rijnland is assumed):
            # explain it as that region's, and say so, instead of refusing what the knowledge has.
            replies = render_route(engine, route, other[0], role)
            note = (f"Dit hoort bij de afspraken van {k.regions[other[0]]['name']}. In dit gesprek "
                    f"gebruik ik nu de regio {k.regions[region]['name']}; klopt dat niet, noem dan "
                    "uw gemeente.")
            if replies:
                replies[0] = Reply(text=note + "\n" + replies[0].text, buttons=replies[0].buttons,
                                   custom=replies[0].custom)
            return replies
        else:
            return []
    r = routes[route]
    adv = route_advice(k, route, r, region)
    cit = adv.citation
    staff = _is_staff(role)
    lines = [(f"{adv.name}: {_voiced(r, 'explanation_b1', role)}", k.citation(r["source"]))]
    who = ", ".join(k.actors[a]["name"].lower() for a in adv.who_may_use)
    lines.append((f"Wie kan dit gebruiken: {who}.", k.citation(r["source"])))
    for c, src in zip(adv.can, [x["source"] for x in r["can"]] + [adv.source]):
        lines.append((f"Wat het kan: {c}", k.citation(src)))
    for c, src in zip(adv.cannot, [x["source"] for x in r["cannot"]]):
        lines.append((f"Wat het niet kan: {c}", k.citation(src)))
    for p, src in zip(adv.prepare if not staff else [], [x["source"] for x in r["prepare"]]):
        # what parents bring along; staff have their own files
        lines.append((f"Neem mee: {p}", k.citation(src)))
    if adv.who_decides:
        lines.append((f"Wie beslist in {k.regions[region]['name']}: {adv.who_decides}.", cit))
    return _chunks("", lines)


# ------------------------------------------------------------------------------ handoff and limits

FACT_LABELS = {
    "role": lambda v: {"ouder": "U bent ouder of verzorger", "jongere": "U bent de leerling",
                       "school": "U werkt op school", "leerplicht": "U werkt bij leerplicht"}.get(v, f"Rol: {v}"),
    "age": lambda v: f"Leeftijd kind: {_num(float(v))} jaar",
    "level": lambda v: {"po": "Basisschool", "vo": "Middelbare school", "mbo": "Mbo", "so": "Speciaal onderwijs"}.get(v, v),
    "enrolled": lambda v: "Ingeschreven op een school" if v else "Niet ingeschreven op een school",
    "weeks_absent": lambda v: f"Al {_num(float(v))} weken niet (of bijna niet) op school",
    "hours_absent": lambda v: f"{_num(float(v))} uur gemist in 4 weken",
    "suspension_days": lambda v: f"Geschorst voor {_num(float(v))} dagen",
    "late_count": lambda v: f"{_num(float(v))} keer te laat",
    "sick_reports_quarter": lambda v: f"{_num(float(v))} ziekmeldingen dit kwartaal",
    "care_involved": lambda v: "Zorg met een indicatie is nodig" if v else "Geen zorgindicatie",
    "disagreement": lambda v: "Oneens met de school" if v else "Geen onenigheid met de school",
    "has_vrijstelling": lambda v: "Heeft een vrijstelling of verlof" if v else "Geen vrijstelling of verlof",
    "structural": lambda v: "Verzuim elke week op vaste momenten" if v else "Niet op vaste momenten",
    "start_date": lambda v: f"Sinds {format_date(v)}",
}


def render_region_bodies(engine, region: Optional[str], actor: str) -> List[Reply]:
    """ "welk samenwerkingsverband is dat bij ons, we wonen in katwijk?": the region's bodies that
    are that actor (regions/*.yml `is_a`), and that the sources do not say which municipality
    belongs to which (dev round 22 got the steps again)."""
    k = _k(engine)
    reg = k.regions.get(region or "") or {}
    bodies = [b for b in reg.get("bodies") or [] if b.get("is_a") == actor]
    if not bodies:
        return []
    lines: List[Tuple[str, str]] = [(f"In de regio {reg['name']} noemen mijn bronnen:", "")]
    lines += [(f"• {b['name']}: {b['what']}", k.citation(b["source"])) for b in bodies]
    if len(bodies) > 1:
        lines.append(("Welke gemeente bij welk samenwerkingsverband of leerplichtbureau hoort, staat niet in mijn "
                      "bronnen: vraag het de school of de gemeente.", ""))
    return _chunks("", lines)


def render_handoff(engine, situation: Situation, region: Optional[str] = None) -> List[Reply]:
    """Whom to talk to in the region, and a summary of the facts so the user need not retell them."""
    k = _k(engine)
    region = region if region in k.regions else (situation.region if situation.region in k.regions else k.default_region)
    reg = k.regions[region]
    contact = reg["contact"]
    cit = k.citation(contact.get("source"))
    lines: List[Tuple[str, str]] = [(contact["text"], cit)]
    facts = []
    if situation.reason in k.reasons:
        facts.append(f"• Reden: {k.reasons[situation.reason]['name'].lower()}")
    for f, label in FACT_LABELS.items():
        v = getattr(situation, f)
        if v is not None:
            facts.append(f"• {label(v)}")
    c = engine.classify(situation) if situation.reason else None
    if c and c.kinds:
        facts.append("• Soort verzuim: " + ", ".join(k.kinds[x]["name"].lower() for x in c.kinds)
                     + (f" ({k.kinds[c.status]['name'].lower()})" if c.status else ""))
    replies = _chunks(f"Praten met een mens — {reg['name']}", lines)
    if facts:
        replies += [Reply(text="Wat u mij vertelde (u kunt dit kopiëren):\n" + "\n".join(facts)[:MAX_CHARS - 50])]
    return replies


def render_limits(engine) -> List[Reply]:
    k = _k(engine)
    titles = [s["title"] for s in k.sources.values()]
    text = ("Ik geef uitleg over schoolverzuim en thuiszitten. Mijn kennis komt uit een paar openbare "
            "documenten, vooral de handreiking van Holland Rijnland (2017-2018). Dat is begeleiding, "
            "geen juridisch advies. Regels en afspraken kunnen veranderd zijn of per regio verschillen. "
            "Twijfelt u? Vraag het de school (mentor of IB'er), de leerplichtambtenaar of het "
            "samenwerkingsverband. Bij onenigheid kan een onderwijsconsulent helpen.")
    return [Reply(text=text + "\n" + "Bron: " + "; ".join(titles[:3]))]
