"""next_steps(): the source's actions per role, deadlines and due dates, region differences."""
import datetime as dt

import pytest

from bot.engine import Situation
from bot.engine.workdays import add_period, add_working_days

# For every kind: (role, text that must be in the plan for that role, in own steps or others)
CASES = {
    "ziek": ("ouder", "eerste dag"),
    "schorsing": ("school", "5 dagen"),
    "verwijdering": ("school", "binnen 7 dagen"),
    "verlof_school": ("school", "t/m 10 schooldagen"),
    "vrijstelling_leerplicht": ("leerplicht", "trekkend bestaan"),
    "absoluut": ("leerplicht", "Schrijft ouders aan"),
    "langdurig_relatief": ("school", "DUO-verzuimloket"),
    "wettelijk": ("school", "16 uur in 4 weken"),
    "luxe": ("school", "DUO-verzuimloket"),
    "overig": ("leerplicht", "protocol wettelijk verzuim of te laat komen"),
    "te_laat": ("school", "overig verzuim"),
    "thuiszitter": ("school", "uiterlijk na 4 weken"),
    "risicoleerling": ("school", "risicoleerling aan bij het samenwerkingsverband"),
}


@pytest.mark.parametrize("kind", sorted(CASES))
def test_plan_per_kind_matches_its_source(engine, in_seed, kind):
    role, needle = CASES[kind]
    plan = engine.next_steps(kind, role)
    hits = [s for s in plan.steps if needle in s.text or needle in (s.deadline or "")]
    assert hits, f"{kind}: {needle!r} not in plan"
    for s in plan.steps:
        assert in_seed(s.source), (kind, s.text)
        assert s.citation.startswith(engine.knowledge.sources[s.source["doc"]]["title"] + ", §")
    assert plan.own, f"{kind}: no own steps for {role}"


def test_schorsing_plan_for_school_has_the_rules(engine):
    plan = engine.next_steps("schorsing", "school")
    texts = " ".join(s.text for s in plan.own)
    for needle in ["schriftelijk", "redenen", "bezwaar", "5 dagen", "onderwijsinspectie", "samenwerkingsverband"]:
        assert needle in texts, needle
    kopie = next(s for s in plan.own if "kopie van de schorsing" in s.text)
    assert kopie.when_text == "bij een schorsing van meer dan 1 dag"      # shown conditionally
    plan = engine.next_steps("schorsing", "school", situation=Situation(reason="geschorst", suspension_days=1, level="vo"))
    assert not any("kopie" in s.text for s in plan.own)                  # 1 day, VO: no copies


def test_wettelijk_deadlines_in_working_days_across_a_weekend(engine):
    thursday = dt.date(2026, 11, 26)
    plan = engine.next_steps("wettelijk", "school", start_date=thursday)
    melding = next(s for s in plan.own if s.deadline == "binnen 5 werkdagen")
    assert melding.report == "DUO-verzuimloket"
    assert melding.due_date == dt.date(2026, 12, 3)                      # Thu + 5 working days = next Thu
    vervolg = next(s for s in plan.own if s.repeat)
    assert vervolg.deadline == "iedere keer na 5 werkdagen"


def test_working_day_arithmetic():
    friday = dt.date(2026, 11, 27)
    assert add_working_days(friday, 1) == dt.date(2026, 11, 30)           # Monday
    assert add_working_days(friday, 5) == dt.date(2026, 12, 4)
    assert add_working_days(dt.date(2026, 11, 28), 1) == dt.date(2026, 12, 1)  # Saturday start
    assert add_period(friday, 7, "dagen") == dt.date(2026, 12, 4)         # calendar days
    assert add_period(friday, 4, "weken") == dt.date(2026, 12, 25)
    assert add_period(None, 5, "werkdagen") is None


def test_verwijdering_duo_within_7_calendar_days(engine):
    plan = engine.next_steps("verwijdering", "school", start_date=dt.date(2026, 11, 27))
    s = next(s for s in plan.own if "uitschrijving" in s.text)
    assert s.deadline == "binnen 7 dagen" and s.due_date == dt.date(2026, 12, 4)


def test_age_12_involves_the_child_in_lrv_but_verwijdering_hears_only_older_than_12(engine):
    plan = engine.next_steps("langdurig_relatief", "leerplicht",
                             situation=Situation(reason="weigert", weeks_absent=6, age=12))
    assert any("jongere (12+)" in s.text for s in plan.own)
    plan = engine.next_steps("langdurig_relatief", "leerplicht",
                             situation=Situation(reason="weigert", weeks_absent=6, age=11))
    assert not any("12+" in s.text for s in plan.own)
    heard = lambda age: any("Dan wordt het ook zelf gehoord" in s.text for s in engine.next_steps(
        "verwijdering", "ouder", situation=Situation(reason="verwijderd", age=age)).own)
    assert not heard(12) and heard(13)


def test_te_laat_steps_follow_the_count(engine):
    plan = engine.next_steps("te_laat", "school", situation=Situation(reason="te_laat", level="vo", late_count=9))
    texts = [s.text for s in plan.own]
    assert any("Meldt het verzuim bij DUO als overig verzuim" in t for t in texts)
    assert not any("opnieuw" in t for t in texts)                         # 12x not reached


def test_region_specific_actions(engine):
    hr = engine.next_steps("thuiszitter", "school", region="holland-rijnland")
    kop = engine.next_steps("thuiszitter", "school", region="kop-van-noord-holland")
    assert any("beleidstafel" in s.text for s in hr.steps)
    assert not any("beleidstafel" in s.text for s in kop.steps)
    assert any("zo snel mogelijk" in s.text for s in kop.own)
    lrv = engine.next_steps("langdurig_relatief", "school", region="kop-van-noord-holland")
    assert any(s.report == "CTO van het samenwerkingsverband" for s in lrv.own)
    assert any("handreiking van Holland Rijnland" in n for n in lrv.notes)


def test_jongere_gets_the_parents_wording(engine):
    assert engine.next_steps("ziek", "jongere").role == "ouder"
    with pytest.raises(ValueError):
        engine.next_steps("nope", "ouder")


def test_steps_ahead_are_those_the_next_thresholds_bring(engine):
    # blind chats round 8: "en wat gebeurt er als hij nog 2x te laat is?" and "en daarna?" at 7
    # times late got the steps at 3 and 6 again, never the melding at 9 and 12
    from bot.engine import Situation
    ahead = engine.steps_ahead("te_laat", Situation(reason="te_laat", late_count=7, age=15, level="vo", role="ouder"))
    texts = " ".join(s.text for s in ahead)
    assert "Na 9 keer meldt de school" in texts and "opnieuw bij DUO" in texts
    assert "Na 6 keer" not in texts and "Na 3 keer" not in texts       # reached: in the plan already
    assert [s.when_text for s in ahead if s.when_text] == ["bij 9 keer te laat", "bij herhaling, 12 keer te laat"]
    # nothing grows without a known count, and a suspension's length does not grow by itself
    assert engine.steps_ahead("te_laat", Situation(reason="te_laat", role="ouder")) == []
    assert engine.steps_ahead("schorsing", Situation(reason="geschorst", suspension_days=1, role="ouder")) == []
