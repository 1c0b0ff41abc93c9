"""Due dates. Working days are Monday to Friday.

There is deliberately no holiday or school-vacation calendar: the sources give none and regions
differ. Answers that show a due date therefore say "werkdagen (ma-vr)"; users are told to check
with the school around holidays.
"""
from __future__ import annotations

import datetime as dt
from typing import Optional

WEEKDAYS = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"]
MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december"]


def add_working_days(start: dt.date, days: int) -> dt.date:
    """start + `days` working days (Mon-Fri). 0 -> start itself (or the next working day)."""
    d = start
    while d.weekday() >= 5:          # a period starting in the weekend starts on Monday
        d += dt.timedelta(days=1)
    added = 0
    while added < days:
        d += dt.timedelta(days=1)
        if d.weekday() < 5:
            added += 1
    return d


def add_period(start: Optional[dt.date], value: float, unit: str) -> Optional[dt.date]:
    """Due date for a deadline of `value` `unit` counted from `start`; None if not computable."""
    if start is None:
        return None
    if unit in ("werkdagen", "schooldagen"):
        return add_working_days(start, int(value))
    if unit == "dagen":              # the handreiking says "dagen": calendar days
        return start + dt.timedelta(days=int(value))
    if unit == "weken":
        return start + dt.timedelta(weeks=value)
    return None                      # maanden/uur/keer/...: no exact calendar rule in the sources


def format_date(d: dt.date) -> str:
    """'maandag 1 december 2025'"""
    return f"{WEEKDAYS[d.weekday()]} {d.day} {MONTHS[d.month - 1]} {d.year}"
