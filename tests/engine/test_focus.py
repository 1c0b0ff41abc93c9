"""A sub-question gets the step it asks about, not the whole plan (bot/engine/focus.py)."""
import pytest
import yaml

from bot.engine import load_engine, render
from bot.engine.focus import focused_steps, stem


def focused(engine, kind, role, question):
    kinds = engine.knowledge.kinds
    return focused_steps(engine.knowledge, engine.next_steps(kind, role), question,
                         ignore=kinds[kind].get("words") or [])


@pytest.mark.parametrize("words", [("hoort", "horen", "gehoord"), ("brief", "brieven"),
                                   ("meewerkt", "meewerken"), ("beslist", "beslissing")])
def test_inflections_share_a_stem(words):
    assert len({stem(w) for w in words}) == 1, {w: stem(w) for w in words}


def test_gesprek_is_no_past_participle():
    assert stem("gesprek") == "gesprek"


def test_hearing_question_about_a_verwijdering_gets_the_hearing_step(engine):
    steps = focused(engine, "verwijdering", "school", "moeten we de ouders vooraf horen?")
    assert [s.actor for s in steps] == ["school"]
    assert steps[0].text.startswith("Hoort vóór het besluit de ouders en de leerling")


def test_letter_question_gives_the_parent_their_own_steps_first(engine):
    steps = focused(engine, "schorsing", "ouder", "wat moet er in de brief staan?")
    assert steps and all("brief" in s.text for s in steps)
    assert steps[0].actor == "ouders" and steps[-1].actor == "school"


def test_a_compound_in_the_step_matches_its_last_part_in_the_question(engine):
    """ "inspectie" asks about the step that says "onderwijsinspectie"."""
    steps = focused(engine, "schorsing", "school", "moeten we de inspectie een kopie sturen?")
    assert [s.text for s in steps] == [
        "Stuurt een kopie van de schorsing naar de onderwijsinspectie en de leerplichtambtenaar."]


@pytest.mark.parametrize("kind, role, question", [
    ("schorsing", "ouder", "wat moet ik doen?"),
    ("ziek", "ouder", "wat moet ik doen als mijn kind ziek is?"),
    ("schorsing", "school", "hoe lang mag een schorsing duren?"),     # a deadline question
    ("ziek", "ouder", "hoe lang mag een kind ziek thuis zijn?"),
    ("verwijdering", "school", "/ask_procedure"),
])
def test_a_question_about_the_whole_plan_gets_no_focus(engine, kind, role, question):
    assert focused(engine, kind, role, question) == []


def test_staff_get_their_own_duty_not_what_parents_are_told(engine):
    replies = render.render_focused(engine, engine.next_steps("absoluut", "leerplicht"),
                                    "en als moeder niet meewerkt?")
    text = "\n".join(r.text for r in replies)
    assert "☐ Kan een strafrechtelijk traject inzetten als ouders niet meewerken." in text
    assert "Werk mee met leerplicht" not in text
    assert text.endswith("Bron: Handreiking schoolverzuim 2017-2018, §2b Absoluut verzuim")


def test_parents_read_what_school_must_do_in_the_third_person(engine):
    text = "\n".join(r.text for r in render.render_focused(
        engine, engine.next_steps("schorsing", "ouder"), "wat moet er in de brief staan?"))
    assert text.startswith("Over schorsing zegt de handreiking:\n• Lees de brief goed.")
    assert "• School: vermeldt in de brief de redenen van de schorsing" in text


def test_a_new_action_in_the_yaml_is_found_without_code(kdir):
    """Focus reads the knowledge: a step added to kinds.yml is what a question about it gets."""
    path = kdir / "kinds.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    first = data["kinds"]["schorsing"]["actions"][0]
    data["kinds"]["schorsing"]["actions"].append(
        {"actor": "school", "text": "Zet de schorsing in het leerlingdossier.", "source": first["source"]})
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    engine = load_engine(kdir)
    steps = focused(engine, "schorsing", "school", "moet het in het leerlingdossier?")
    assert [s.text for s in steps] == ["Zet de schorsing in het leerlingdossier."]
    assert focused(load_engine(), "schorsing", "school", "moet het in het leerlingdossier?") == []


def test_a_named_type_of_verlof_says_who_assesses_it(engine):
    """ "vrij voor het suikerfeest?" got the 10-schooldagen rule of gewichtige omstandigheden."""
    text = "\n".join(r.text for r in render.render_focused(
        engine, engine.next_steps("verlof_school", "ouder"), "mogen wij vrij voor het suikerfeest?"))
    assert ("Dit valt onder: verlof vanwege verplichtingen uit godsdienst of levensovertuiging. "
            "Zo'n aanvraag beoordeelt de school.") in text
    assert "• Vraag verlof vooraf aan bij de school." in text
    assert "Leerplicht" not in text and text.endswith("§2a Vrijstellingen")


def test_a_long_verlof_is_assessed_by_leerplicht_a_short_one_by_school(engine):
    school = "\n".join(r.text for r in render.render_focused(
        engine, engine.next_steps("verlof_school", "school"), "ouders vragen verlof voor een bruiloft, wie beslist?"))
    assert "gewichtige omstandigheden tot en met 10 schooldagen. Zo'n aanvraag beoordeelt de school." in school
    assert "☐ Beoordeelt aanvragen voor vakantieverlof" in school and "meer dan 10" not in school
    travel = "\n".join(r.text for r in render.render_focused(
        engine, engine.next_steps("vrijstelling_leerplicht", "ouder"), "we reizen mee met de kermis"))
    assert "vrijstelling vanwege trekkend bestaan. Zo'n aanvraag beoordeelt leerplicht." in travel


def test_a_question_what_one_actor_does_gets_that_actors_steps(engine):
    """ "wat gaat leerplicht dan doen?" (9 times late) got the whole plan again."""
    from bot.engine import Situation
    plan = engine.plan_for(Situation(role="ouder", reason="te_laat", level="vo", late_count=9, age=15))
    text = "\n".join(r.text for r in render.render_focused(engine, plan, "wat gaat leerplicht dan doen?"))
    lines = [line for line in text.splitlines()[1:-1]]
    assert lines and all(line.startswith("• Leerplicht: ") for line in lines), text
    assert render.render_focused(engine, plan, "wat moet ik doen?") == []
    assert render.render_focused(engine, plan, "wat doen school en leerplicht?") == []   # two actors


def test_a_question_whether_an_actor_is_told_gets_the_steps_that_tell_it(engine):
    """ "en hoort leerplicht dit ook?" got "U hoort de schorsing schriftelijk" ("hoort": hears)."""
    from bot.engine import Situation
    plan = engine.plan_for(Situation(role="ouder", reason="geschorst", suspension_days=3, level="vo"))
    text = "\n".join(r.text for r in render.render_focused(engine, plan, "en hoort leerplicht dit ook?"))
    assert "• School: stuurt een kopie van de schorsing naar de onderwijsinspectie en de leerplichtambtenaar." in text
    assert "U hoort de schorsing" not in text


def test_a_number_of_days_outside_a_types_range_names_its_counterpart(engine):
    """ "15 schooldagen verlof voor een bruiloft" was answered with the type "tot en met 10
    schooldagen" that the school assesses; over 10 days leerplicht assesses it."""
    long = engine.named_type("moeder wil 15 schooldagen verlof voor een bruiloft in pakistan")
    short = engine.named_type("mogen we 3 dagen vrij voor een bruiloft?")
    assert (long[0], long[1]["id"]) == ("vrijstelling_leerplicht", "gewichtige_omstandigheden_lang")
    assert (short[0], short[1]["id"]) == ("verlof_school", "gewichtige_omstandigheden_kort")
    assert engine.named_type("een bruiloft in de familie")[1]["id"] == "gewichtige_omstandigheden_kort"


def test_an_abbreviation_in_the_question_finds_the_step_that_spells_it_out(engine):
    # Blind chat round 4: leerplicht's "wanneer maken we pv op" fell back.
    steps = focused(engine, "luxe", "leerplicht", "wanneer maken we pv op")
    assert steps and "proces-verbaal" in steps[0].text


def test_asking_for_ones_steps_after_a_statement_is_about_the_whole_plan(engine):
    # "gemeld" in the statement picked the school's DUO step for a leerplicht officer.
    assert focused(engine, "luxe", "leerplicht",
                   "school heeft luxe verzuim gemeld. wat zijn onze stappen als leerplicht") == []
