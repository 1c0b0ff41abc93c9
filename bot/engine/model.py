"""Plain dataclasses passed between the engine and the conversation layer (no Rasa types)."""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field, fields, replace
from typing import Any, Dict, List, Optional

# ------------------------------------------------------------------------------ input


@dataclass
class Situation:
    """What is known about the child. Every field is optional: None means "not known yet".

    weeks_absent: weeks (nearly) not at school; hours_absent: hours missed in the last 4 weeks;
    start_date: the day the relevant period began (first day of absence, of the suspension, or
    the day 16 hours were reached) - due dates are counted from it.
    """
    role: Optional[str] = None            # ouder | jongere | school | leerplicht
    level: Optional[str] = None           # po | vo | mbo | so
    age: Optional[float] = None
    enrolled: Optional[bool] = None
    weeks_absent: Optional[float] = None
    hours_absent: Optional[float] = None
    reason: Optional[str] = None          # a reason id of reasons.yml
    suspension_days: Optional[float] = None
    late_count: Optional[int] = None
    sick_reports_quarter: Optional[int] = None
    care_involved: Optional[bool] = None
    disagreement: Optional[bool] = None
    has_vrijstelling: Optional[bool] = None
    structural: Optional[bool] = None
    start_date: Optional[_dt.date] = None
    region: Optional[str] = None

    def __post_init__(self) -> None:
        # Slots arrive as strings/floats from Rasa; accept an ISO date string for start_date.
        if isinstance(self.start_date, str):
            self.start_date = _dt.date.fromisoformat(self.start_date[:10])
        elif isinstance(self.start_date, _dt.datetime):
            self.start_date = self.start_date.date()

    @classmethod
    def field_names(cls) -> List[str]:
        return [f.name for f in fields(cls)]

    @classmethod
    def from_dict(cls, data: Dict[str, Any]) -> "Situation":
        """Build from a dict, ignoring keys that are not Situation fields (e.g. days_absent)."""
        names = set(cls.field_names())
        return cls(**{k: v for k, v in (data or {}).items() if k in names})

    def to_dict(self) -> Dict[str, Any]:
        # shallow on purpose: all values are scalars, and asdict()'s deep copy dominated the
        # cost of finding unknowns (which classifies dozens of variants per message)
        return {f: getattr(self, f) for f in _SITUATION_FIELDS}

    def with_(self, **changes: Any) -> "Situation":
        return replace(self, **changes)

    def known(self) -> Dict[str, Any]:
        return {k: v for k, v in self.to_dict().items() if v is not None}


_SITUATION_FIELDS = tuple(f.name for f in fields(Situation))

# ------------------------------------------------------------------------------ classify


@dataclass
class Choice:
    """One fixed answer to a question (a button): ``title`` is shown, ``value`` fills the slot."""
    title: str
    value: Any


@dataclass
class Unknown:
    """A missing fact that would change the answer. Ask these in order, one at a time."""
    field: str
    question: str
    why: str
    choices: List[Choice] = field(default_factory=list)


@dataclass
class Classification:
    kinds: List[str] = field(default_factory=list)            # kind ids that apply, most specific first
    status: Optional[str] = None                              # thuiszitter | risicoleerling | None
    category: Optional[str] = None                            # geoorloofd | ongeoorloofd | None
    possible_kinds: List[str] = field(default_factory=list)   # would apply depending on an unknown
    reasons: List[str] = field(default_factory=list)          # why, in plain Dutch
    warnings: List[str] = field(default_factory=list)         # e.g. schorsing longer than 5 days
    unknowns: List[Unknown] = field(default_factory=list)
    report_option: Optional[str] = None                       # DUO meldingsoptie for LRV
    sources: List[Dict[str, str]] = field(default_factory=list)

    @property
    def primary(self) -> Optional[str]:
        return self.kinds[0] if self.kinds else None


# ------------------------------------------------------------------------------ steps


@dataclass
class Step:
    actor: str                       # actor id (actors.yml)
    who: str                         # actor display name
    text: str
    kind: str                        # kind id the step belongs to
    type: str = "plicht"             # plicht | mogelijkheid
    deadline: Optional[str] = None   # "binnen 5 werkdagen"
    deadline_value: Optional[float] = None
    deadline_unit: Optional[str] = None
    repeat: bool = False
    due_date: Optional[_dt.date] = None
    when_text: Optional[str] = None  # condition under which the step applies, if not yet known
    applies: bool = False            # it has a condition, and the situation meets it (shown first)
    report: Optional[str] = None     # where to report (DUO-verzuimloket, samenwerkingsverband, ...)
    source: Dict[str, str] = field(default_factory=dict)
    citation: str = ""               # "Handreiking schoolverzuim 2017-2018, §2a Schorsing"


@dataclass
class StepPlan:
    kind: str
    kind_name: str
    role: str                        # ouder | school | leerplicht (jongere -> ouder)
    actor: str                       # the actor id of the role
    region: Optional[str]
    own: List[Step] = field(default_factory=list)
    others: Dict[str, List[Step]] = field(default_factory=dict)   # actor id -> steps, in order
    notes: List[str] = field(default_factory=list)
    note_citations: List[str] = field(default_factory=list)        # parallel to notes ("" = general)
    sources: List[str] = field(default_factory=list)               # citations

    @property
    def steps(self) -> List[Step]:
        return self.own + [s for steps in self.others.values() for s in steps]

    @property
    def deadlines(self) -> List[Step]:
        return [s for s in self.steps if s.deadline]


# ------------------------------------------------------------------------------ escalation


@dataclass
class RouteAdvice:
    id: str
    name: str
    status: str                      # nu | mogelijk | later | niet
    why: str
    explanation: str = ""
    from_when: Optional[str] = None  # for "later": from when it applies
    from_date: Optional[_dt.date] = None
    who_may_use: List[str] = field(default_factory=list)
    who_decides: Optional[str] = None
    can: List[str] = field(default_factory=list)
    cannot: List[str] = field(default_factory=list)
    prepare: List[str] = field(default_factory=list)
    source: Dict[str, str] = field(default_factory=dict)
    citation: str = ""


@dataclass
class EscalationAdvice:
    region: Optional[str]
    now: List[RouteAdvice] = field(default_factory=list)
    possible: List[RouteAdvice] = field(default_factory=list)
    later: List[RouteAdvice] = field(default_factory=list)
    not_applicable: List[RouteAdvice] = field(default_factory=list)   # explicitly ruled out, with why
    recommended: Optional[RouteAdvice] = None                         # the one route that fits now
    warnings: List[str] = field(default_factory=list)


# ------------------------------------------------------------------------------ rendering


@dataclass
class Button:
    title: str
    payload: str


@dataclass
class Reply:
    text: str = ""
    buttons: List[Button] = field(default_factory=list)
    custom: Dict[str, Any] = field(default_factory=dict)
