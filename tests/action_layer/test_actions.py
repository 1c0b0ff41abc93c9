"""The actions are thin: these tests check they read the tracker right and pass the engine's
answer through (content of the answers is tested in tests/engine)."""
import pytest

from actions.advice import ActionExplainEscalation, ActionGiveAdvice
from actions.answers import ActionAnswerQuestion
from actions.conversation import (DELETE_CONFIRMED_PAYLOAD, ActionDeleteConversation, ActionHelp,
                                  ActionFallback, ActionHandoff, ActionSetRole)
from actions.read_facts import ActionReadFacts
from actions.triage import (ActionTriageGoOn, AskFact_reason, AskFact_sick_reports_quarter, AskFact_suspension_days,
                             AskFact_weeks_absent,
                             ValidateSituationForm)
from action_helpers import DOMAIN, make_tracker, slot_events, texts


async def run(action, dispatcher, tracker):
    return await action.run(dispatcher, tracker, DOMAIN)


async def test_read_facts_takes_age_duration_and_reason_from_one_long_message(dispatcher):
    tracker = make_tracker("hij is al 5 weken thuis, school wil hem niet terug. hij is 13 en zit op het vmbo")
    slots = slot_events(await run(ActionReadFacts(), dispatcher, tracker))
    assert slots["weeks_absent"] == 5
    assert slots["age"] == 13
    assert slots["level"] == "vo"


async def test_read_facts_a_longer_knowledge_phrase_beats_the_shorter_entity(dispatcher):
    text = "onze dochter zit al een half jaar thuis. geen school kan haar opvangen"
    start = text.index("geen school")
    # The tagger tagged only "geen school", which the synonyms map to niet_ingeschreven
    diet = [{"entity": "reason", "value": "niet_ingeschreven", "start": start, "end": start + 11}]
    slots = slot_events(await run(ActionReadFacts(), dispatcher, make_tracker(text, entities=diet)))
    assert slots["reason"] == "geen_passende_plek"


async def test_read_facts_entity_still_wins_over_an_unrelated_reader_phrase(dispatcher):
    text = "ze is geschorst en nu ziek"
    diet = [{"entity": "reason", "value": "ziek", "start": text.index("ziek"), "end": len(text)}]
    slots = slot_events(await run(ActionReadFacts(), dispatcher, make_tracker(text, entities=diet)))
    assert slots["reason"] == "ziek"


async def test_read_facts_ignores_questions(dispatcher):
    tracker = make_tracker("wat is luxe verzuim bij 16 uur in 4 weken?", intent="ask_about")
    assert slot_events(await run(ActionReadFacts(), dispatcher, tracker)) == {}


async def test_read_facts_correction_overwrites(dispatcher):
    tracker = make_tracker("nee sorry, het is 3 weken", intent="describe_situation",
                           slots={"weeks_absent": 5.0})
    assert slot_events(await run(ActionReadFacts(), dispatcher, tracker))["weeks_absent"] == 3


async def test_read_facts_days_are_suspension_days_when_that_was_asked(dispatcher):
    tracker = make_tracker("3 dagen", intent="describe_situation",
                           slots={"requested_slot": "suspension_days", "reason": "geschorst"})
    slots = slot_events(await run(ActionReadFacts(), dispatcher, tracker))
    assert slots["suspension_days"] == 3
    assert "weeks_absent" not in slots


async def test_read_facts_weeks_of_a_suspension_told_at_once_are_its_school_days(dispatcher):
    tracker = make_tracker("mijn zoon van 14 is geschorst. we kregen alleen een telefoontje en hij moet "
                           "2 weken thuisblijven. klopt dit wel??")
    slots = slot_events(await run(ActionReadFacts(), dispatcher, tracker))
    assert slots["reason"] == "geschorst"
    assert slots["suspension_days"] == 10
    assert "weeks_absent" not in slots


async def test_read_facts_weeks_stay_weeks_when_not_suspended(dispatcher):
    slots = slot_events(await run(ActionReadFacts(), dispatcher,
                                  make_tracker("hij is ziek en zit al 2 weken thuis")))
    assert slots["weeks_absent"] == 2 and "suspension_days" not in slots


async def test_read_facts_a_reason_only_in_a_question_does_not_replace_the_known_one(dispatcher):
    text = "de school wil er ook de GGD bij halen. wat doet die dan precies? gaat die zeggen dat ze spijbelt?"
    start = text.index("spijbelt")
    tagged = [{"entity": "reason", "value": "weigert", "start": start, "end": start + 8}]
    tracker = make_tracker(text, entities=tagged, slots={"reason": "ziek", "role": "ouder"})
    assert "reason" not in slot_events(await run(ActionReadFacts(), dispatcher, tracker))


async def test_read_facts_a_reason_told_with_a_question_replaces_the_known_one(dispatcher):
    tracker = make_tracker("hij spijbelt nu ook, wat nu?", slots={"reason": "ziek", "role": "ouder"})
    assert slot_events(await run(ActionReadFacts(), dispatcher, tracker))["reason"] == "weigert"


async def test_read_facts_bare_number_answers_the_question_asked(dispatcher):
    tracker = make_tracker("14", intent="describe_situation", slots={"requested_slot": "age"})
    assert slot_events(await run(ActionReadFacts(), dispatcher, tracker))["age"] == 14


async def test_read_facts_number_word_answers_the_question_asked(dispatcher):
    tracker = make_tracker("veertien", intent="nlu_fallback", slots={"requested_slot": "age"})
    assert slot_events(await run(ActionReadFacts(), dispatcher, tracker))["age"] == 14
    # float() reads "nan" and "inf"; they are no answer
    for word in ("nan", "inf", "misschien"):
        tracker = make_tracker(word, intent="describe_situation", slots={"requested_slot": "age"})
        assert "age" not in slot_events(await run(ActionReadFacts(), dispatcher, tracker)), word


async def test_read_facts_yes_no_fills_the_requested_yes_no_fact(dispatcher):
    tracker = make_tracker("nee", intent="deny", slots={"requested_slot": "enrolled"})
    assert slot_events(await run(ActionReadFacts(), dispatcher, tracker))["enrolled"] is False


async def test_read_facts_dont_know_skips_the_question(dispatcher):
    tracker = make_tracker("dat weet ik niet", intent="describe_situation", slots={"requested_slot": "age"})
    assert slot_events(await run(ActionReadFacts(), dispatcher, tracker))["skipped_facts"] == ["age"]


async def test_read_facts_button_payload_entities(dispatcher):
    tracker = make_tracker('/describe_situation{"enrolled": true}', intent="describe_situation",
                           entities=[{"entity": "enrolled", "value": True}])
    assert slot_events(await run(ActionReadFacts(), dispatcher, tracker))["enrolled"] is True


async def test_triage_asks_role_first(dispatcher):
    tracker = make_tracker(slots={"reason": "geschorst"}, active_loop="situation_form")
    required = await ValidateSituationForm().required_slots([], dispatcher, tracker, DOMAIN)
    assert required[0] == "role"


@pytest.mark.parametrize("text,intent", [("14 jaar, niet naar school, 3 weken", "describe_situation"),
                                         ("ja", "affirm")])
async def test_a_role_question_answered_without_a_role_is_not_asked_again(dispatcher, text, intent):
    # Replayed chats: "wie bent u?" came back after every answer, up to 5 times.
    slots = {"requested_slot": "role", "reason": "geschorst"}
    events = slot_events(await run(ActionReadFacts(), dispatcher, make_tracker(text, intent=intent, slots=slots)))
    assert events["skipped_facts"] == ["role"]
    tracker = make_tracker(slots={"reason": "geschorst", "skipped_facts": ["role"]}, active_loop="situation_form")
    required = await ValidateSituationForm().required_slots([], dispatcher, tracker, DOMAIN)
    assert "role" not in required and required  # the triage goes on with the facts it needs


async def test_triage_asks_nothing_more_when_the_answer_is_determined(dispatcher):
    tracker = make_tracker(slots={"role": "ouder", "reason": "geschorst", "suspension_days": 3.0,
                                  "level": "vo", "age": 14.0, "enrolled": True},
                           active_loop="situation_form")
    required = await ValidateSituationForm().required_slots([], dispatcher, tracker, DOMAIN)
    assert "suspension_days" not in required and "role" not in required


async def test_triage_notes_a_disagreement_given_out_of_turn(dispatcher):
    """The form's validation sees the facts of this turn as the slot events at the end."""
    form = ValidateSituationForm()
    slots = {"role": "ouder", "reason": "verwijderd", "disagreement": True}
    for requested, noted in (("weeks_absent", True), ("disagreement", False)):
        dispatcher.messages.clear()
        tracker = make_tracker("we gaan bezwaar maken", intent="disagree_with_school",
                               slots={**slots, "requested_slot": requested},
                               active_loop="situation_form")
        tracker.events = [{"event": "user", "text": "we gaan bezwaar maken"},
                          {"event": "action", "name": "situation_form"},
                          {"event": "slot", "name": "disagreement", "value": True}]
        await form.get_validation_events(dispatcher, tracker, DOMAIN)
        assert ("niet eens" in texts(dispatcher)) is noted, requested
    # said by staff: about parents and school, not "u bent het niet eens met de school"
    dispatcher.messages.clear()
    tracker = make_tracker("ouders en wij zijn het oneens", intent="disagree_with_school",
                           slots={**slots, "role": "school", "requested_slot": "weeks_absent"},
                           active_loop="situation_form")
    tracker.events = [{"event": "user", "text": "ouders en wij zijn het oneens"},
                      {"event": "action", "name": "situation_form"},
                      {"event": "slot", "name": "disagreement", "value": True}]
    await form.get_validation_events(dispatcher, tracker, DOMAIN)
    assert "ouders en school het niet eens" in texts(dispatcher)
    assert "u het niet eens bent" not in texts(dispatcher)
    # noted once: not again for a later message while the disagreement is known (replayed round 16)
    dispatcher.messages.clear()
    tracker.events = tracker.events + [{"event": "user", "text": "hij heeft een jeugdwet indicatie ja"},
                                       {"event": "slot", "name": "disagreement", "value": True}]
    await form.get_validation_events(dispatcher, tracker, DOMAIN)
    assert "niet eens" not in texts(dispatcher)


async def test_triage_skipped_fact_is_not_asked_again(dispatcher):
    tracker = make_tracker(slots={"role": "ouder", "reason": "weigert"}, active_loop="situation_form")
    required = await ValidateSituationForm().required_slots([], dispatcher, tracker, DOMAIN)
    assert required, "a refusing child without duration needs at least one question"
    first = required[0]
    skipped = make_tracker(slots={"role": "ouder", "reason": "weigert", "skipped_facts": [first]},
                           active_loop="situation_form")
    assert first not in await ValidateSituationForm().required_slots([], dispatcher, skipped, DOMAIN)


async def test_advice_for_a_parent_names_the_source(dispatcher):
    tracker = make_tracker(slots={"role": "ouder", "reason": "geschorst", "suspension_days": 3.0})
    await run(ActionGiveAdvice(), dispatcher, tracker)
    text = texts(dispatcher)
    assert "Bron:" in text and "5 dagen" in text
    assert any(m.get("custom", {}).get("plan") for m in dispatcher.messages)


async def test_the_same_advice_is_not_sent_twice(dispatcher):
    slots = {"role": "ouder", "reason": "geschorst", "suspension_days": 3.0}
    events = await run(ActionGiveAdvice(), dispatcher, make_tracker(slots=slots))
    first = slot_events(events)["advice_shown"]
    assert "Bron:" in texts(dispatcher)
    # a fact that does not change the advice: one short message with a way to see it again
    dispatcher.messages.clear()
    await run(ActionGiveAdvice(), dispatcher, make_tracker(slots={**slots, "advice_shown": first}))
    assert len(dispatcher.messages) == 1 and "Bron:" not in texts(dispatcher)
    assert "/ask_procedure" in [b["payload"] for b in dispatcher.messages[0]["buttons"]]
    # a fact that changes it: the new advice in full
    dispatcher.messages.clear()
    await run(ActionGiveAdvice(), dispatcher,
              make_tracker(slots={**slots, "suspension_days": 7.0, "advice_shown": first}))
    assert "Bron:" in texts(dispatcher)


async def test_direct_question_about_suspension_length(dispatcher):
    # the entity also fills the kind slot (its from_entity mapping in domain.yml)
    tracker = make_tracker("hoe lang mag een schorsing duren?", intent="ask_deadline",
                           entities=[{"entity": "kind", "value": "schorsing"}],
                           slots={"kind": "schorsing"})
    events = await run(ActionAnswerQuestion(), dispatcher, tracker)
    text = texts(dispatcher)
    assert "5 dagen" in text and "Bron:" in text
    # the entity slot is cleared (slots that were not set get no event); the topic is kept
    assert slot_events(events) == {"kind": None,
                                   "topic": {"kind": "schorsing", "route": None, "term": None,
                                             "question": "ask_deadline"}}


async def test_question_about_a_body_after_a_triage_explains_the_body_for_the_region(dispatcher):
    """ask_about with a route: the route (who may use it, what to bring, who decides in the
    user's region) wins over the kind of absence known from the earlier triage."""
    slots = {"role": "ouder", "reason": "geen_passende_plek", "weeks_absent": 10.0,
             "region": "kop-van-noord-holland"}
    tracker = make_tracker("wie heeft doorzettingsmacht?", intent="ask_about",
                           entities=[{"entity": "route", "value": "doorzettingsmacht"}], slots=slots)
    await run(ActionAnswerQuestion(), dispatcher, tracker)
    text = texts(dispatcher)
    assert text.startswith("Doorzettingsmacht") and "Wie beslist in Kop van Noord-Holland" in text, text
    assert "Bron:" in text


async def test_term_question_after_triage_is_about_the_term(dispatcher):
    """After advice on a suspension, "wat is het DUO-verzuimloket?" explains the verzuimloket,
    not the suspension remembered from the triage."""
    slots = {"role": "ouder", "reason": "geschorst", "suspension_days": 3.0}
    tracker = make_tracker("wat is het DUO-verzuimloket?", intent="ask_about",
                           entities=[{"entity": "term", "value": "verzuimloket"}], slots=slots)
    await run(ActionAnswerQuestion(), dispatcher, tracker)
    text = texts(dispatcher)
    assert "verzuimloket" in text.lower() and not text.startswith("Schorsing"), text
    # without a named topic, or with a term in a procedure question, the question is about
    # the kind from the triage
    for text, intent, entities in (
            ("wat moet de school doen?", "ask_procedure", []),
            ("wat moet de school bij DUO melden?", "ask_procedure",
             [{"entity": "term", "value": "duo"}])):
        dispatcher.messages.clear()
        tracker = make_tracker(text, intent=intent, entities=entities, slots=slots)
        await run(ActionAnswerQuestion(), dispatcher, tracker)
        assert "Bron: Handreiking schoolverzuim 2017-2018, §2a Schorsing" in texts(dispatcher), text


async def test_role_stated_during_the_triage_is_confirmed_without_advice(dispatcher):
    """'ik ben haar moeder' while the triage still has a question: no advice yet (the form asks
    its next question next); after the triage, a role switch gives the advice again."""
    slots = {"role": "ouder", "reason": "geen_passende_plek", "weeks_absent": 6.0}
    tracker = make_tracker("ik ben haar moeder", intent="state_role", slots=slots,
                           active_loop="situation_form")
    await run(ActionSetRole(), dispatcher, tracker)
    assert len(dispatcher.messages) == 1 and "Bron:" not in texts(dispatcher)
    assert "ouders en verzorgers" in texts(dispatcher)
    dispatcher.messages.clear()
    await run(ActionSetRole(), dispatcher, make_tracker("ik ben ouder", intent="state_role",
                                                        slots=slots))
    assert "Bron:" in texts(dispatcher)
    # ... unless that advice is the one already shown (a replayed chat got it twice in a row)
    shown = slot_events(await run(ActionSetRole(), dispatcher, make_tracker(
        "ik ben ouder", intent="state_role", slots=slots)))["advice_shown"]
    dispatcher.messages.clear()
    await run(ActionSetRole(), dispatcher, make_tracker("ik ben de moeder", intent="state_role",
                                                        slots=dict(slots, advice_shown=shown)))
    assert len(dispatcher.messages) == 1 and "Bron:" not in texts(dispatcher)
    assert "al voor ouders en verzorgers" in texts(dispatcher)


async def test_question_without_topic_offers_topics(dispatcher):
    tracker = make_tracker("hoe zit dat?", intent="ask_about")
    await run(ActionAnswerQuestion(), dispatcher, tracker)
    assert dispatcher.messages[-1]["buttons"]


async def test_escalation_for_disagreement(dispatcher):
    tracker = make_tracker(slots={"role": "ouder", "reason": "geen_passende_plek",
                                  "weeks_absent": 10.0, "disagreement": True})
    await run(ActionExplainEscalation(), dispatcher, tracker)
    assert "onderwijsconsulent" in texts(dispatcher).lower()


async def test_handoff_repeats_what_the_user_said(dispatcher):
    tracker = make_tracker(slots={"role": "ouder", "reason": "geschorst", "suspension_days": 3.0,
                                  "age": 13.0})
    await run(ActionHandoff(), dispatcher, tracker)
    text = texts(dispatcher)
    assert "13" in text and "geschorst" in text.lower()


@pytest.mark.parametrize("misses,expect_buttons", [(0, False), (1, True)])
async def test_fallback_offers_topics_after_two_misses(dispatcher, misses, expect_buttons):
    tracker = make_tracker("blub", intent="nlu_fallback", slots={"misunderstood": float(misses)})
    events = await run(ActionFallback(), dispatcher, tracker)
    assert bool(dispatcher.messages[-1].get("buttons")) is expect_buttons
    assert slot_events(events)["misunderstood"] == misses + 1
    if expect_buttons:
        assert any("/request_human" == b["payload"] for b in dispatcher.messages[-1]["buttons"])


def _deleted(dispatcher) -> bool:
    return any(m.get("custom") == {"delete_conversation": True} for m in dispatcher.messages)


async def test_delete_conversation_asks_first(dispatcher):
    events = await run(ActionDeleteConversation(), dispatcher,
                       make_tracker("verwijder mijn gesprek", intent="delete_conversation"))
    assert not _deleted(dispatcher) and events == []
    payloads = [b["payload"] for b in dispatcher.messages[-1]["buttons"]]
    assert DELETE_CONFIRMED_PAYLOAD in payloads and "/deny" in payloads


async def test_delete_conversation_on_the_button_asks_the_channel_to_delete(dispatcher):
    tracker = make_tracker(DELETE_CONFIRMED_PAYLOAD, intent="delete_conversation",
                           entities=[{"entity": "delete_confirmed", "value": True}])
    events = await run(ActionDeleteConversation(), dispatcher, tracker)
    assert _deleted(dispatcher) and events[-1]["event"] == "restart"


@pytest.mark.parametrize("text,intent", [("ja", "affirm"), ("verwijder mijn gesprek", "delete_conversation")])
async def test_delete_conversation_on_a_typed_yes_right_after_the_question(dispatcher, text, intent):
    tracker = make_tracker(text, intent=intent)
    tracker.events = [{"event": "action", "name": "action_delete_conversation"},
                      {"event": "action", "name": "action_listen"},
                      {"event": "user", "text": text}]
    await run(ActionDeleteConversation(), dispatcher, tracker)
    assert _deleted(dispatcher)
    # a yes to some other question deletes nothing
    dispatcher.messages.clear()
    tracker.events[0] = {"event": "action", "name": "action_give_advice"}
    await run(ActionDeleteConversation(), dispatcher, tracker)
    assert not _deleted(dispatcher)


@pytest.mark.parametrize("text,intent", [("ja wis alles", "delete_conversation"), ("ja", "affirm")])
async def test_delete_asked_during_the_triage_takes_a_typed_yes(dispatcher, text, intent):
    # data/rules: delete during triage = the question, then the form is deactivated. A replayed
    # chat ("ja wis alles") got the question a second time and nothing was deleted.
    tracker = make_tracker(text, intent=intent)
    tracker.events = [{"event": "action", "name": "action_delete_conversation"},
                      {"event": "action", "name": "action_deactivate_loop"},
                      {"event": "active_loop", "name": None},
                      {"event": "action", "name": "action_listen"},
                      {"event": "user", "text": text}]
    await run(ActionDeleteConversation(), dispatcher, tracker)
    assert _deleted(dispatcher)


async def test_advice_ends_with_the_natural_next_questions(dispatcher):
    tracker = make_tracker(slots={"role": "ouder", "reason": "geschorst", "suspension_days": 3.0})
    await run(ActionGiveAdvice(), dispatcher, tracker)
    with_buttons = [m for m in dispatcher.messages if m.get("buttons")]
    assert with_buttons and with_buttons[-1]["buttons"][-1]["payload"] == "/request_human"


async def test_typed_yes_answers_a_question_with_yes_no_buttons(dispatcher):
    tracker = make_tracker("ja", intent="affirm",
                           slots={"requested_slot": "hours_absent", "role": "school",
                                  "reason": "weigert", "level": "vo",
                                  "age": 14.0, "disagreement": False})
    assert slot_events(await run(ActionReadFacts(), dispatcher, tracker))["hours_absent"] == 16


async def test_entity_values_become_knowledge_ids_or_nothing(dispatcher):
    tracker = make_tracker("hij wil niet", entities=[{"entity": "reason", "value": "wil niet"},
                                                     {"entity": "level", "value": "onzin"}])
    slots = slot_events(await run(ActionReadFacts(), dispatcher, tracker))
    assert slots["reason"] == "weigert"
    assert "level" not in slots


async def test_core_fallback_answers_and_then_listens(dispatcher):
    from actions.conversation import ActionCoreFallback
    events = await run(ActionCoreFallback(), dispatcher, make_tracker("?", intent="describe_situation"))
    assert dispatcher.messages and dispatcher.messages[0]["text"]
    assert events[-1] == {"event": "followup", "timestamp": None, "name": "action_listen"}


def test_topic_buttons_are_worded_for_the_role():
    from actions.topics import topic_buttons
    parent, staff = topic_buttons(None), topic_buttons("school")
    assert parent[0]["title"] == "Mijn kind is ziek" and staff[0]["title"] == "Een leerling is ziek"
    assert [b["payload"] for b in parent] == [b["payload"] for b in staff]
    assert parent[0]["payload"] == '/describe_situation{"reason": "ziek"}'


async def test_question_without_topic_offers_staff_topics_to_staff(dispatcher):
    tracker = make_tracker("wanneer moet ik een leerling bij leerplicht melden?",
                           intent="ask_deadline", slots={"role": "school"})
    await run(ActionAnswerQuestion(), dispatcher, tracker)
    assert "Een leerling is ziek" in [b["title"] for b in dispatcher.messages[-1]["buttons"]]


async def test_follow_up_question_stays_on_the_topic_of_the_last_answer(dispatcher):
    """'hoe lang mag een time-out duren?' then 'moet school dat melden bij leerplicht?'."""
    first = make_tracker("hoe lang mag een time-out duren?", intent="ask_deadline",
                         entities=[{"entity": "kind", "value": "geschorst"}])
    events = await run(ActionAnswerQuestion(), dispatcher, first)
    topic = slot_events(events)["topic"]
    assert topic["kind"] == "schorsing"
    dispatcher.messages.clear()
    follow_up = make_tracker("moet school dat melden bij leerplicht?", intent="ask_procedure",
                             slots={"topic": topic})
    events = await run(ActionAnswerQuestion(), dispatcher, follow_up)
    assert "§2a Schorsing" in texts(dispatcher)
    assert {k: v for k, v in slot_events(events)["topic"].items() if k != "question"} == \
        {k: v for k, v in topic.items() if k != "question"}  # the same subject
    # a question that names something else moves the topic
    dispatcher.messages.clear()
    other = make_tracker("wat is luxe verzuim?", intent="ask_about",
                         entities=[{"entity": "kind", "value": "luxe"}], slots={"topic": topic})
    events = await run(ActionAnswerQuestion(), dispatcher, other)
    assert slot_events(events)["topic"]["kind"] != "schorsing"


async def test_elliptical_follow_up_asks_the_previous_question_about_the_new_subject(dispatcher):
    """'hoe lang mag een schorsing duren?' then 'en een verwijdering?': the NLU reads the bare
    subject as ask_about, but the user asks for the deadlines of a verwijdering."""
    first = make_tracker("hoe lang mag een schorsing duren?", intent="ask_deadline",
                         entities=[{"entity": "kind", "value": "schorsing"}])
    topic = slot_events(await run(ActionAnswerQuestion(), dispatcher, first))["topic"]
    assert topic["question"] == "ask_deadline"
    expulsion = [{"entity": "kind", "value": "verwijdering"}]
    dispatcher.messages.clear()
    await run(ActionAnswerQuestion(), dispatcher,
              make_tracker("en een verwijdering?", intent="ask_about", entities=expulsion,
                           slots={"topic": topic}))
    follow_up = texts(dispatcher)
    dispatcher.messages.clear()
    await run(ActionAnswerQuestion(), dispatcher,
              make_tracker("hoe lang duurt een verwijdering?", intent="ask_deadline",
                           entities=expulsion))
    assert follow_up == texts(dispatcher) and "§2a Verwijdering" in follow_up, follow_up
    # a question of its own is answered as asked
    dispatcher.messages.clear()
    await run(ActionAnswerQuestion(), dispatcher,
              make_tracker("en wat is een verwijdering?", intent="ask_about", entities=expulsion,
                           slots={"topic": topic}))
    assert texts(dispatcher) != follow_up


async def test_elliptical_follow_up_whose_reason_the_tagger_missed(dispatcher):
    """'en bij ziekte?' without a tagged entity: the free-text reader finds the reason, so the
    deadline question is answered for ziekte instead of offering the topics."""
    first = make_tracker("hoe lang mag een schorsing duren?", intent="ask_deadline",
                         entities=[{"entity": "kind", "value": "schorsing"}])
    topic = slot_events(await run(ActionAnswerQuestion(), dispatcher, first))["topic"]
    dispatcher.messages.clear()
    await run(ActionAnswerQuestion(), dispatcher,
              make_tracker("en bij ziekte?", intent="ask_about", slots={"topic": topic}))
    follow_up = texts(dispatcher)
    dispatcher.messages.clear()
    await run(ActionAnswerQuestion(), dispatcher,
              make_tracker("hoe lang mag een kind ziek thuis zijn?", intent="ask_deadline",
                           entities=[{"entity": "reason", "value": "ziek"}],
                           slots={"reason": "ziek"}))  # the entity fills the reason slot
    assert follow_up == texts(dispatcher) and "Waar gaat uw vraag over" not in follow_up, follow_up


async def test_advice_clears_the_topic_of_earlier_questions(dispatcher):
    events = await run(ActionGiveAdvice(), dispatcher, make_tracker(
        slots={"role": "ouder", "reason": "geschorst", "suspension_days": 3.0,
               "topic": {"kind": "luxe", "route": None, "term": None}}))
    assert slot_events(events)["topic"] is None


async def test_fallback_explains_a_known_topic_it_could_not_place(dispatcher):
    # ("moet ik de GGD inschakelen?" now has a direct answer: who may ask the GGD)
    tracker = make_tracker("wat moet ik met de GGD?", intent="nlu_fallback",
                           entities=[{"entity": "term", "value": "ggd"}],
                           slots={"misunderstood": 1.0})
    events = await run(ActionFallback(), dispatcher, tracker)
    text = texts(dispatcher)
    assert "Ik weet niet zeker" in text and "GGD" in text and "Bron:" in text, text
    assert slot_events(events)["misunderstood"] == 0


async def test_read_facts_ignores_an_unplaced_question(dispatcher):
    """'moet ik de GGD inschakelen?' (not understood) does not mean care is involved; the same
    words as a statement do."""
    question = make_tracker("moet ik de GGD inschakelen?", intent="nlu_fallback",
                            slots={"requested_slot": "weeks_absent"})
    assert "care_involved" not in slot_events(await run(ActionReadFacts(), dispatcher, question))
    statement = make_tracker("het CJG is ingeschakeld", intent="nlu_fallback",
                             slots={"requested_slot": "weeks_absent"})
    assert slot_events(await run(ActionReadFacts(), dispatcher, statement))["care_involved"] is True
    # the GGD advises on school attendance: no care with an indicatie (re-judged chats 1, 22)
    ggd = make_tracker("de GGD is ingeschakeld", intent="nlu_fallback", slots={"requested_slot": "weeks_absent"})
    assert "care_involved" not in slot_events(await run(ActionReadFacts(), dispatcher, ggd))


async def test_help_during_the_triage_says_why_the_open_question_is_asked(dispatcher):
    # "hoezo wil je dat weten?" in the triage got the general help text in a replayed chat.
    tracker = make_tracker("hoezo wil je dat weten?", intent="help", active_loop="situation_form",
                           slots={"requested_slot": "weeks_absent", "role": "ouder", "reason": "ziek"})
    await run(ActionHelp(), dispatcher, tracker)
    said = texts(dispatcher)
    assert "Na 4 weken gelden andere regels" in said and "documenten" not in said
    # outside the triage: what the assistant is and can do
    dispatcher.messages.clear()
    await run(ActionHelp(), dispatcher, make_tracker("wat kun je?", intent="help"))
    assert "documenten" in texts(dispatcher)


@pytest.mark.parametrize("text,intent,count", [("7 keer denk ik", "describe_situation", 7),
                                               ("nee sorry het zijn er 10 volgens de brief", "deny", 10)])
async def test_a_count_answers_the_how_often_question(dispatcher, text, intent, count):
    # Replayed chat: both answers were not read and "hoe vaak?" came back; the "nee" even
    # skipped the question.
    tracker = make_tracker(text, intent=intent, slots={"requested_slot": "late_count", "reason": "te_laat"})
    events = slot_events(await run(ActionReadFacts(), dispatcher, tracker))
    assert events["late_count"] == count and "skipped_facts" not in events


async def test_a_pupil_writing_about_themselves_gets_the_pupil_role(dispatcher):
    tracker = make_tracker("ik ben zelf de leerling", intent="state_role")
    assert slot_events(await run(ActionReadFacts(), dispatcher, tracker))["role"] == "jongere"
    # also when the tagger tagged "leerling" (annotated as role ouder in the NLU data)
    tracker = make_tracker("ik ben zelf de leerling", intent="state_role",
                           entities=[{"entity": "role", "value": "ouder", "start": 15, "end": 23}])
    assert slot_events(await run(ActionReadFacts(), dispatcher, tracker))["role"] == "jongere"
    # the role question's button
    tracker = make_tracker('/describe_situation{"role": "jongere"}', intent="describe_situation",
                           entities=[{"entity": "role", "value": "jongere"}])
    assert slot_events(await run(ActionReadFacts(), dispatcher, tracker))["role"] == "jongere"
    await run(ActionSetRole(), dispatcher, make_tracker("ik ben zelf de leerling", intent="state_role",
                                                        slots={"role": "jongere"}))
    assert "Vertel in je eigen woorden" in texts(dispatcher)   # a pupil is addressed as "je"


async def test_a_question_naming_a_reason_the_tagger_missed_is_answered(dispatcher):
    # Replayed chat: no entity was tagged and the parent got "Waar gaat uw vraag over?".
    tracker = make_tracker("mogen mijn kinderen vrij met het suikerfeest?", intent="ask_procedure")
    await run(ActionAnswerQuestion(), dispatcher, tracker)
    said = texts(dispatcher)
    assert "Waar gaat uw vraag over" not in said and "godsdienst" in said, said


@pytest.mark.parametrize("intent", ["describe_situation", "deny"])
async def test_a_count_corrected_while_another_question_is_open(dispatcher, intent):
    slots = {"requested_slot": "age", "reason": "te_laat", "late_count": 7.0}
    tracker = make_tracker("nee sorry het zijn er 10 volgens de brief", intent=intent, slots=slots)
    events = slot_events(await run(ActionReadFacts(), dispatcher, tracker))
    assert events["late_count"] == 10 and "skipped_facts" not in events  # age is still asked
    # without a correction word a bare count is not taken as one
    tracker = make_tracker("10", intent="describe_situation", slots=slots)
    assert "late_count" not in slot_events(await run(ActionReadFacts(), dispatcher, tracker))


async def test_an_objection_does_not_replace_the_known_reason(dispatcher):
    text = "ja we zijn het oneens, de school wil dat wij een vrijstelling aanvragen"
    entities = [{"entity": "kind", "value": "vrijstelling", "start": 51, "end": 62}]
    slots = {"reason": "geen_passende_plek", "requested_slot": "disagreement"}
    tracker = make_tracker(text, intent="disagree_with_school", entities=entities, slots=slots)
    assert "reason" not in slot_events(await run(ActionReadFacts(), dispatcher, tracker))
    # with no reason known yet, the objection tells it ("we zijn het niet eens met de schorsing")
    tracker = make_tracker("we zijn het niet eens met de schorsing", intent="disagree_with_school")
    assert slot_events(await run(ActionReadFacts(), dispatcher, tracker))["reason"] == "geschorst"


async def test_a_question_asked_three_times_is_not_asked_a_fourth_time(dispatcher):
    from bot.engine import load_engine
    role_question = load_engine().knowledge.questions["role"]["question"]
    why = {"parse_data": {"intent": {"name": "help"}}}
    tracker = make_tracker(slots={"reason": "geschorst"}, active_loop="situation_form")
    tracker.events = [{"event": "bot", "text": role_question}, {"event": "user", "text": "hoezo?", **why},
                      {"event": "bot", "text": role_question}, {"event": "user", "text": "wat bedoel je", **why}]
    required = await ValidateSituationForm().required_slots([], dispatcher, tracker, DOMAIN)
    assert required[0] == "role"  # asked again after "waarom vraag je dat?"
    tracker.events += [{"event": "bot", "text": role_question}, {"event": "user", "text": "hoezo", **why}]
    required = await ValidateSituationForm().required_slots([], dispatcher, tracker, DOMAIN)
    assert "role" not in required and required
    # asked before the last advice: a new triage may ask it again
    tracker.events.append({"event": "action", "name": "action_give_advice"})
    required = await ValidateSituationForm().required_slots([], dispatcher, tracker, DOMAIN)
    assert required[0] == "role"


async def test_a_triage_question_passed_over_ends_the_triage(dispatcher):
    # Blind chats round 15: the same question in the very next reply on 14 of 125 turns, and a
    # chain of other questions after it. A message that leaves the question aside (more story, a
    # question of the user's own) ends the triage: the advice for what is known follows.
    from bot.engine import load_engine
    questions = load_engine().knowledge.questions
    tracker = make_tracker(slots={"role": "ouder", "weeks_absent": 6.0}, active_loop="situation_form")
    tracker.events = [{"event": "bot", "text": questions["reason"]["question"]},
                      {"event": "user", "text": "we hebben gewoon gezegd dat ze het niet trekt",
                       "parse_data": {"intent": {"name": "describe_situation"}}}]
    assert await ValidateSituationForm().required_slots([], dispatcher, tracker, DOMAIN) == []
    # a typed answer is no passing over: the triage goes on
    answered = make_tracker(slots={"role": "ouder", "weeks_absent": 6.0, "reason": "weigert"},
                            active_loop="situation_form")
    answered.events = tracker.events
    assert await ValidateSituationForm().required_slots([], dispatcher, answered, DOMAIN)
    # a button of the question (or another one) and "hoezo?" do not pass it over
    for user in ({"text": '/describe_situation{"weeks_absent": 6}'},
                 {"text": "hoezo?", "parse_data": {"intent": {"name": "help"}}}):
        tracker.events[-1] = {"event": "user", **user}
        assert (await ValidateSituationForm().required_slots([], dispatcher, tracker, DOMAIN))[0] == "reason"


async def test_a_number_in_a_question_gets_the_rule_for_that_number(dispatcher):
    # "directeur wil er 8 dagen van maken, kan dat?" fell back in a replayed chat; the answer is
    # the 5-day maximum, with its source.
    slots = {"role": "school", "reason": "geschorst", "suspension_days": 3.0}
    tracker = make_tracker("directeur wil er eigenlijk 8 dagen van maken, kan dat?",
                           intent="ask_procedure", slots=slots)
    await run(ActionAnswerQuestion(), dispatcher, tracker)
    said = texts(dispatcher)
    assert "niet meer dan 5 dagen" in said and "Bij 8 dagen: dat is meer dan mag." in said
    assert "Bron: Handreiking schoolverzuim 2017-2018, §2a Schorsing" in said
    assert dispatcher.messages[-1]["buttons"][-1]["payload"] == "/ask_procedure"
    # the button (no number) gives the whole plan
    dispatcher.messages.clear()
    await run(ActionAnswerQuestion(), dispatcher, make_tracker("/ask_procedure", intent="ask_procedure", slots=slots))
    assert "Checklist" in texts(dispatcher)


async def test_a_question_does_not_fill_the_fact_the_triage_asked(dispatcher):
    # Replayed chat: the tagged "school" answered "wie bent u?", the form went on and the
    # question about the onderwijszorgconsulent was never answered.
    tracker = make_tracker("kunnen wij als school zelf een onderwijszorgconsulent inschakelen?",
                           intent="ask_procedure", entities=[{"entity": "role", "value": "school"}],
                           slots={"requested_slot": "role", "reason": "geen_passende_plek"})
    events = slot_events(await run(ActionReadFacts(), dispatcher, tracker))
    assert "role" not in events and events["deferred_facts"] == {"role": "school"}
    # the answer is for school staff, and sets the role after answering
    tracker = make_tracker("kunnen wij als school zelf een onderwijszorgconsulent inschakelen?",
                           intent="ask_procedure", entities=[{"entity": "route", "value": "onderwijszorgconsulent"}],
                           slots={"requested_slot": "role", "reason": "geen_passende_plek",
                                  "deferred_facts": {"role": "school"}})
    events = slot_events(await run(ActionAnswerQuestion(), dispatcher, tracker))
    assert events["role"] == "school" and events["deferred_facts"] is None
    assert "Onderwijszorgconsulent" in texts(dispatcher)


async def test_staff_writing_about_a_mother_keep_their_role(dispatcher):
    text = "balie leerplicht: moeder aan de lijn, dochter 12 staat op geen school ingeschreven"
    start = text.index("moeder")
    tracker = make_tracker(text, entities=[{"entity": "role", "value": "ouder", "start": start, "end": start + 6}])
    assert slot_events(await run(ActionReadFacts(), dispatcher, tracker))["role"] == "leerplicht"


async def test_a_question_uses_the_kind_the_facts_make_without_a_reason(dispatcher):
    # not enrolled anywhere, no reason given: absoluut verzuim, not the topic buttons
    tracker = make_tracker("wat zeg ik haar?", intent="ask_procedure",
                           slots={"role": "leerplicht", "enrolled": False, "age": 12.0})
    await run(ActionAnswerQuestion(), dispatcher, tracker)
    assert "Waar gaat uw vraag over" not in texts(dispatcher) and "absoluut" in texts(dispatcher).lower()


async def test_a_knowledge_word_the_tagger_missed_is_the_topic(dispatcher):
    tracker = make_tracker("ik ben 16 en wil stoppen met school om in de bouw te werken, mag dat?",
                           intent="ask_procedure", slots={"role": "jongere"})
    await run(ActionAnswerQuestion(), dispatcher, tracker)
    said = texts(dispatcher)
    assert "tot je achttiende" in said and "Waar gaat uw vraag over" not in said
    assert "voordat u stopt" not in said        # a pupil is spoken to with "je" (explanation_pupil)


async def test_staff_mentioning_a_parent_later_stay_staff(dispatcher):
    text = "en als moeder niet meewerkt?"
    entities = [{"entity": "role", "value": "ouder", "start": 8, "end": 14}]
    tracker = make_tracker(text, intent="disagree_with_school", entities=entities, slots={"role": "leerplicht"})
    assert "role" not in slot_events(await run(ActionReadFacts(), dispatcher, tracker))
    # saying who one is still switches
    tracker = make_tracker("ik ben de moeder", intent="state_role",
                           entities=[{"entity": "role", "value": "ouder", "start": 10, "end": 16}],
                           slots={"role": "leerplicht"})
    assert slot_events(await run(ActionReadFacts(), dispatcher, tracker))["role"] == "ouder"


async def test_a_sub_question_after_a_triage_gets_the_step_it_asks_about(dispatcher):
    # Replayed chat: an IB'er asked "moeten we de ouders vooraf horen?" about a verwijdering and
    # got the whole checklist; the answer is the hearing rule, with the whole plan a button away.
    slots = {"role": "school", "reason": "verwijderd"}
    tracker = make_tracker("moeten we de ouders vooraf horen?", intent="ask_procedure", slots=slots)
    await run(ActionAnswerQuestion(), dispatcher, tracker)
    said = texts(dispatcher)
    assert said.startswith("Over verwijdering zegt de handreiking:\n☐ Hoort vóór het besluit")
    assert "Checklist" not in said and said.endswith("§2a Verwijdering")
    assert dispatcher.messages[-1]["buttons"][-1] == {"title": "Toon alle stappen", "payload": "/ask_procedure"}
    dispatcher.messages.clear()
    await run(ActionAnswerQuestion(), dispatcher, make_tracker("wat moeten we doen?", intent="ask_procedure", slots=slots))
    assert "Checklist" in texts(dispatcher)


async def test_distress_is_acknowledged_once_and_not_for_staff(dispatcher):
    # Replayed chats: "we zijn ten einde raad" got the facts without a word about it. Rasa keeps
    # only slots from a slot mapping action, so the reader marks the acknowledgement as due and
    # the turn's first reply says it.
    ack = "Wat vervelend dat dit speelt. Ik help u stap voor stap verder."
    text = "we zijn ten einde raad, onze zoon zit al 6 weken thuis"
    events = slot_events(await run(ActionReadFacts(), dispatcher, make_tracker(text, intent="describe_situation")))
    assert events["acknowledgement"] == ack and events["weeks_absent"] == 6    # facts still read
    ask = await run(AskFact_weeks_absent(), dispatcher, make_tracker(slots={"acknowledgement": ack, "reason": "weigert"}))
    assert dispatcher.messages[0]["text"] == ack                                  # first,
    assert dispatcher.messages[-1]["text"].startswith("Hoeveel weken")             # the question last
    assert slot_events(ask) == {"acknowledgement": None}
    # once per conversation
    said_before = make_tracker(text, intent="describe_situation")
    said_before.events.append({"event": "bot", "text": ack})
    assert "acknowledgement" not in slot_events(await run(ActionReadFacts(), dispatcher, said_before))
    # staff get the checklist, not comfort; a pupil is spoken to as "je"
    staff = make_tracker(text, intent="describe_situation", slots={"role": "school"})
    assert "acknowledgement" not in slot_events(await run(ActionReadFacts(), dispatcher, staff))
    pupil = make_tracker("ik huil elke ochtend voor school", intent="describe_situation", slots={"role": "jongere"})
    assert slot_events(await run(ActionReadFacts(), dispatcher, pupil))["acknowledgement"] == (
        "Wat vervelend dat je dit meemaakt. Ik help je stap voor stap verder.")


async def test_a_question_naming_a_type_of_verlof_gets_that_type(dispatcher):
    # Replayed chat: "mogen mijn kinderen vrij met het suikerfeest?" got the 10-schooldagen rule.
    tracker = make_tracker("mogen mijn kinderen vrij met het suikerfeest?", intent="ask_about",
                           entities=[{"entity": "kind", "value": "verlof_school"}])
    await run(ActionAnswerQuestion(), dispatcher, tracker)
    said = texts(dispatcher)
    assert "godsdienst of levensovertuiging. Zo'n aanvraag beoordeelt de school." in said
    assert said.endswith("Bron: Handreiking schoolverzuim 2017-2018, §2a Vrijstellingen")


async def test_fallback_checks_a_number_against_the_situations_rules(dispatcher):
    # Replayed chat: "mag dat 8 dagen?" in reply to the suspension-days question fell back.
    tracker = make_tracker("mag dat 8 dagen?", intent="nlu_fallback",
                           slots={"reason": "geschorst", "requested_slot": "suspension_days", "misunderstood": 1.0})
    events = await run(ActionFallback(), dispatcher, tracker)
    said = texts(dispatcher)
    assert "Een schorsing mag niet meer dan 5 dagen zijn. Bij 8 dagen: dat is meer dan mag." in said
    assert "begreep" not in said and slot_events(events)["misunderstood"] == 0
    dispatcher.messages.clear()
    await run(ActionFallback(), dispatcher, make_tracker("mag dat 8 dagen?", intent="nlu_fallback"))
    assert "begreep ik niet" in texts(dispatcher)      # no situation: no rule to check it against


async def test_a_focused_answer_applies_what_the_triage_knows(dispatcher):
    # Replayed chat: a 3-day schorsing was answered with "Bij een schorsing van meer dan 1 dag: Stuurt ..."
    slots = {"role": "ouder", "reason": "geschorst", "suspension_days": 3.0}
    tracker = make_tracker("moet school een kopie naar de inspectie sturen?", intent="ask_procedure", slots=slots)
    await run(ActionAnswerQuestion(), dispatcher, tracker)
    said = texts(dispatcher)
    assert "• School: stuurt een kopie van de schorsing naar de onderwijsinspectie" in said
    assert "meer dan 1 dag" not in said


async def test_a_follow_up_naming_nothing_asks_about_a_part_of_the_topic(dispatcher):
    # Replayed chat: "wie beslist dat?" after the verlof answer got the definition of verlof again.
    topic = {"kind": "verlof_school", "route": None, "term": None, "question": "ask_procedure"}
    await run(ActionAnswerQuestion(), dispatcher, make_tracker("wie beslist dat?", intent="ask_about",
                                                               slots={"topic": topic}))
    said = texts(dispatcher)
    assert "De school beslist over vakantieverlof" in said and "Officieel" not in said
    dispatcher.messages.clear()
    await run(ActionAnswerQuestion(), dispatcher, make_tracker(
        "wat is verlof?", intent="ask_about", entities=[{"entity": "kind", "value": "verlof_school"}]))
    assert texts(dispatcher).startswith("Verlof (school beslist): Verlof is toestemming")   # a definition


async def test_a_tagged_reason_the_text_negates_is_not_the_reason(dispatcher):
    # Replayed chat: the tagger read "verlof" in "... meegenomen naar spanje zonder verlof".
    text = "balie leerplicht: vader heeft zijn zoon meegenomen naar spanje zonder verlof"
    start = text.index("verlof")
    tracker = make_tracker(text, intent="describe_situation", entities=[
        {"entity": "reason", "value": "verlof", "start": start, "end": start + 6}])
    events = slot_events(await run(ActionReadFacts(), dispatcher, tracker))
    assert events["reason"] == "vakantie" and events["role"] == "leerplicht"
    tracker = make_tracker("ik wil verlof aanvragen", intent="describe_situation",
                           entities=[{"entity": "reason", "value": "verlof", "start": 7, "end": 13}])
    assert slot_events(await run(ActionReadFacts(), dispatcher, tracker))["reason"] == "verlof"


async def test_fallback_answers_a_question_about_the_situations_steps(dispatcher):
    # Replayed chat: "wat als het verwijtbaar is?" during a luxe verzuim report fell back.
    slots = {"role": "leerplicht", "reason": "vakantie", "has_vrijstelling": False, "misunderstood": 1.0}
    events = await run(ActionFallback(), dispatcher, make_tracker("wat als het verwijtbaar is?",
                                                                  intent="nlu_fallback", slots=slots))
    said = texts(dispatcher)
    assert said.startswith("Over luxe verzuim zegt de handreiking:\n☐ ") and "verwijtbaar" in said
    assert "proces-verbaal" in said and slot_events(events)["misunderstood"] == 0


async def test_a_term_in_a_deadline_question_is_a_detail_of_the_kind_at_hand(dispatcher):
    # Replayed chat: "binnen hoeveel dagen melden bij DUO?" after a 20-hour report got the
    # definition of DUO; the kind at hand has the deadline.
    slots = {"role": "school", "reason": "zorgen", "hours_absent": 20.0, "weeks_absent": 2.0}
    tracker = make_tracker("binnen hoeveel dagen moeten we het melden bij DUO?", intent="ask_deadline",
                           entities=[{"entity": "term", "value": "duo"}], slots=slots)
    await run(ActionAnswerQuestion(), dispatcher, tracker)
    said = texts(dispatcher)
    assert "binnen 5 werkdagen" in said and "§2b Wettelijk verzuim" in said
    assert not said.startswith("DUO")


async def test_a_question_naming_no_kind_finds_the_one_step_it_is_about(dispatcher):
    # Replayed chat (leerlingadministratie): the DUO definition instead of the 7-day rule.
    tracker = make_tracker("binnen hoeveel dagen moet een inschrijving bij DUO staan?", intent="ask_deadline",
                           entities=[{"entity": "term", "value": "duo"}], slots={"role": "school"})
    events = await run(ActionAnswerQuestion(), dispatcher, tracker)
    said = texts(dispatcher)
    assert "☐ Meldt in- en uitschrijvingen digitaal bij DUO." in said and "7 dagen" in said
    assert said.endswith("Bron: Handreiking schoolverzuim 2017-2018, §2b Absoluut verzuim")
    assert slot_events(events)["topic"]["kind"] == "absoluut"
    dispatcher.messages.clear()
    await run(ActionAnswerQuestion(), dispatcher, make_tracker("wat is DUO?", intent="ask_about",
                                                               entities=[{"entity": "term", "value": "duo"}]))
    assert texts(dispatcher).startswith("DUO")     # a term asked about is still defined


async def test_facts_in_a_question_shape_its_answer_without_being_stored(dispatcher):
    # Replayed chat: a directeur asked about a 9-year-old and read "Uw kind wordt ook zelf
    # gehoord, omdat het ouder is dan 12 jaar".
    text = "we overwegen een leerling van 9 te verwijderen. moeten we het kind ook horen?"
    events = await run(ActionAnswerQuestion(), dispatcher, make_tracker(
        text, intent="ask_procedure", entities=[{"entity": "reason", "value": "verwijderd"}],
        slots={"role": "school", "reason": "verwijderd"}))
    said = texts(dispatcher)
    assert "☐ Hoort vóór het besluit de ouders en de leerling (als die ouder is dan 12 jaar)" in said
    assert "Dan wordt het ook zelf gehoord" not in said
    assert "age" not in slot_events(events)
    dispatcher.messages.clear()
    for age, heard in ((9, False), (14, True)):
        await run(ActionAnswerQuestion(), dispatcher, make_tracker(
            f"mijn dochter van {age} moet van school, wordt zij ook zelf gehoord?", intent="ask_procedure",
            slots={"role": "ouder", "reason": "verwijderd"}))
        assert ("Dan wordt het ook zelf gehoord" in texts(dispatcher)) is heard, texts(dispatcher)
        dispatcher.messages.clear()


async def test_a_situation_that_ends_with_a_question_gets_the_answer_before_the_next_question(dispatcher):
    # Replayed chats: "... 18 uur ongeoorloofd gemist. Binnen welke termijn melden?" and "zoon 15
    # is 7 dagen geschorst. mag dat?" got the next triage question instead of the answer.
    text = "Mentor 3 vwo. Lln (14) heeft in de laatste 4 weken 18 uur ongeoorloofd gemist. Binnen welke termijn melden?"
    slots = {"role": "school", "level": "vo", "age": 14.0, "hours_absent": 18.0, "reason": "zorgen"}
    tracker = make_tracker(text, slots=slots, active_loop="situation_form")
    tracker.events = [{"event": "user", "text": text}] + [
        {"event": "slot", "name": k, "value": v} for k, v in slots.items()]
    await ValidateSituationForm().get_validation_events(dispatcher, tracker, DOMAIN)
    said = texts(dispatcher)
    assert "binnen 5 werkdagen" in said and "§2b Wettelijk verzuim" in said
    dispatcher.messages.clear()
    text = "zoon 15 is 7 dagen geschorst. mag dat?"
    slots = {"role": "leerplicht", "age": 15.0, "suspension_days": 7.0, "reason": "geschorst"}
    tracker = make_tracker(text, slots=slots, active_loop="situation_form")
    tracker.events = [{"event": "user", "text": text}] + [
        {"event": "slot", "name": k, "value": v} for k, v in slots.items()]
    await ValidateSituationForm().get_validation_events(dispatcher, tracker, DOMAIN)
    # (a story that starts the triage: the intro states the verdict, to staff about the parents)
    said = texts(dispatcher)
    assert "Een schorsing mag niet meer dan 5 dagen zijn. Deze schorsing duurt 7 dagen: dat is langer dan" in said
    assert "Ouders kunnen bezwaar maken" in said and "U kunt" not in said
    dispatcher.messages.clear()
    tracker = make_tracker("mijn zoon is 3 dagen geschorst", slots={"reason": "geschorst"}, active_loop="situation_form")
    await ValidateSituationForm().get_validation_events(dispatcher, tracker, DOMAIN)
    assert dispatcher.messages == []      # no question, nothing to answer


async def test_a_term_in_a_question_that_is_no_definition_question_is_about_the_triage(dispatcher):
    # Replayed chat (zorgcoördinator, 5 weeks at home): "moeten wij zelf het cjg inschakelen?"
    # got a parent bullet and "melden bij swv of bij leerplicht?" the definition of an SWV.
    slots = {"role": "school", "reason": "ouders_houden_thuis", "weeks_absent": 5.0, "level": "vo",
             "age": 13.0, "enrolled": True}
    await run(ActionAnswerQuestion(), dispatcher, make_tracker(
        "moeten wij zelf het cjg inschakelen?", intent="ask_procedure",
        entities=[{"entity": "term", "value": "cjg"}], slots=slots))
    said = texts(dispatcher)
    assert "☐ Houdt contact met de thuiszitter en de ouders, schakelt via de contactpersoon het CJG of JGT in" in said
    assert said.endswith("§3a Thuiszitters")         # the status merged into the triage's plan
    dispatcher.messages.clear()
    await run(ActionAnswerQuestion(), dispatcher, make_tracker(
        "melden bij swv of bij leerplicht, of allebei?", intent="ask_about",
        entities=[{"entity": "term", "value": "swv"}], slots=slots))
    said = texts(dispatcher)
    assert said.startswith("Checklist school") and "Samenwerkingsverband (SWV): Een" not in said
    dispatcher.messages.clear()
    await run(ActionAnswerQuestion(), dispatcher, make_tracker(
        "wat is het swv?", intent="ask_about", entities=[{"entity": "term", "value": "swv"}], slots=slots))
    assert texts(dispatcher).startswith("Samenwerkingsverband (SWV): Een samenwerkingsverband is")


async def test_a_tagged_illness_of_a_relative_is_not_the_childs(dispatcher):
    # Replayed chat: a grandmother in hospital in Suriname became "uw kind is ziek".
    text = "mijn moeder ligt in suriname in het ziekenhuis, we willen 3 weken erheen met de kinderen"
    start = text.index("ziekenhuis")
    tracker = make_tracker(text, intent="describe_situation", entities=[
        {"entity": "reason", "value": "ziekenhuis", "start": start, "end": start + 10}])
    assert slot_events(await run(ActionReadFacts(), dispatcher, tracker))["reason"] == "verlof"


async def test_a_worried_question_read_as_disagreement_gets_an_answer_not_the_routes(dispatcher):
    # Replayed chats: "hadden ze ons niet eerder moeten bellen dan?" (9 times late) got the
    # geschillen route and a disagreement the parent never stated.
    slots = {"role": "ouder", "reason": "te_laat", "level": "vo", "late_count": 9.0, "age": 15.0}
    events = await run(ActionExplainEscalation(), dispatcher, make_tracker(
        "hadden ze ons niet eerder moeten bellen dan?", intent="disagree_with_school", slots=slots))
    said = texts(dispatcher)
    assert "disagreement" not in slot_events(events) and "Geschil" not in said and "Bron:" in said
    dispatcher.messages.clear()
    events = await run(ActionExplainEscalation(), dispatcher, make_tracker(
        "we zijn het oneens met de school, wat kunnen we doen?", intent="disagree_with_school", slots=slots))
    assert slot_events(events)["disagreement"] is True      # a stated disagreement still gets the routes


@pytest.mark.parametrize("text, role", [("leerplicht", "leerplicht"), ("Leerplicht.", "leerplicht"),
                                        ("intern begeleider", "school"), ("pleegmoeder", "ouder")])
async def test_a_role_word_alone_states_the_role(dispatcher, text, role):
    # Replayed chat: "leerplicht" as the answer to "wie bent u?" restarted with the greeting.
    tracker = make_tracker(text, intent="state_role")
    assert slot_events(await run(ActionReadFacts(), dispatcher, tracker))["role"] == role


async def test_a_question_naming_nothing_gets_a_clear_step_before_the_menu(dispatcher):
    # Replayed chat (leerplicht): "welke aanvragen beoordeelt leerplicht en welke de school?" got
    # the topic menu, although both lists are in the knowledge.
    await run(ActionAnswerQuestion(), dispatcher, make_tracker(
        "welke aanvragen beoordeelt leerplicht en welke de school?", intent="ask_about", slots={"role": "leerplicht"}))
    said = texts(dispatcher)
    assert "☐ Beoordeelt aanvragen voor verlof om gewichtige omstandigheden van meer dan 10 schooldagen." in said
    assert "• School: beoordeelt aanvragen voor vakantieverlof" in said
    dispatcher.messages.clear()
    await run(ActionAnswerQuestion(), dispatcher, make_tracker("hoe laat is het?", intent="ask_about"))
    assert texts(dispatcher).startswith("Waar gaat uw vraag over?")


async def test_a_term_the_steps_do_not_use_is_asked_about_for_itself(dispatcher):
    # Re-judged chat: "tot hoe oud is hij leerplichtig" after an absoluut verzuim answer got the
    # whole absoluut plan instead of the glossary's "tot 18 jaar".
    topic = {"kind": "absoluut", "route": None, "term": None, "question": "ask_procedure"}
    await run(ActionAnswerQuestion(), dispatcher, make_tracker(
        "tot hoe oud is hij leerplichtig", intent="ask_about",
        entities=[{"entity": "term", "value": "leerplichtige_leeftijd"}], slots={"topic": topic}))
    said = texts(dispatcher)
    assert said.startswith("Leerplicht: tot welke leeftijd") and "achttiende" in said, said


async def test_a_deadline_question_with_the_rules_number_in_it_gets_the_deadline(dispatcher):
    # Re-judged chat (balie leerplicht): "hoeveel dagen hebben ze om 16 uur verzuim in 4 weken te
    # melden?" got "Bij 16 uur: dat geldt hier dus." instead of the 5 werkdagen.
    await run(ActionAnswerQuestion(), dispatcher, make_tracker(
        "hoeveel dagen hebben ze om 16 uur verzuim in 4 weken te melden?", intent="ask_deadline",
        entities=[{"entity": "kind", "value": "wettelijk"}], slots={"role": "leerplicht"}))
    said = texts(dispatcher)
    assert "5 werkdagen" in said and "Bij 16 uur" not in said


async def test_off_topic_answers_a_question_about_the_situations_rules(dispatcher):
    # Re-judged chats: "hoe zit het als het 8 dagen was geweest?" (verlof, leerplicht) got "Ik
    # ben een digitale assistent"; a real off-topic message still gets the intent's response.
    from actions.conversation import ActionOffTopic
    slots = {"role": "ouder", "reason": "geschorst", "suspension_days": 3.0}
    await run(ActionOffTopic(), dispatcher, make_tracker("en hoe zit het als het 8 dagen was geweest?",
                                                         intent="chitchat", slots=slots))
    assert "Bij 8 dagen: dat is meer dan mag." in texts(dispatcher)
    dispatcher.messages.clear()
    await run(ActionOffTopic(), dispatcher, make_tracker("wat verdient een leerplichtambtenaar?",
                                                         intent="out_of_scope", slots=slots))
    assert dispatcher.messages[0].get("response") == "utter_out_of_scope"
    dispatcher.messages.clear()
    await run(ActionOffTopic(), dispatcher, make_tracker("haha leuk", intent="chitchat"))
    assert dispatcher.messages[0].get("response") == "utter_chitchat"


async def test_a_worried_question_without_question_mark_is_still_a_question(dispatcher):
    # "mag ik in die dagen echt helemaal niet op school komen" (a pupil, geschorst) got the bezwaar route.
    slots = {"role": "jongere", "reason": "geschorst", "suspension_days": 3.0, "age": 13.0}
    events = await run(ActionExplainEscalation(), dispatcher, make_tracker(
        "mag ik in die dagen echt helemaal niet op school komen", intent="disagree_with_school", slots=slots))
    assert "disagreement" not in slot_events(events) and "Bron:" in texts(dispatcher)


async def test_a_disagreement_shaped_question_is_no_statement_of_facts(dispatcher):
    # Re-judged chat: "kan ik hier bezwaar tegen maken ...?" answered the open question "bent u
    # het oneens?" and the triage went on without answering it.
    tracker = make_tracker("kan ik hier bezwaar tegen maken want ik vind het veel te zwaar", intent="disagree_with_school",
                           slots={"requested_slot": "disagreement", "reason": "geschorst"})
    assert "disagreement" not in slot_events(await run(ActionReadFacts(), dispatcher, tracker))
    tracker = make_tracker("we zijn het oneens met de schorsing", intent="disagree_with_school",
                           slots={"requested_slot": "disagreement", "reason": "geschorst"})
    assert slot_events(await run(ActionReadFacts(), dispatcher, tracker))["disagreement"] is True


async def test_a_pupil_is_told_once_that_answers_speak_to_parents(dispatcher):
    slots = {"role": "jongere", "reason": "geschorst", "suspension_days": 3.0}
    tracker = make_tracker("moet school een kopie naar de inspectie sturen?", intent="ask_procedure", slots=slots)
    await run(ActionAnswerQuestion(), dispatcher, tracker)
    assert dispatcher.messages[0]["text"].startswith("Je bent zelf leerling.")
    dispatcher.messages.clear()
    tracker.events.append({"event": "bot", "text": load_intro()})
    await run(ActionAnswerQuestion(), dispatcher, tracker)
    assert not dispatcher.messages[0]["text"].startswith("Je bent zelf leerling.")


def load_intro():
    from bot.engine import load_engine
    return load_engine().knowledge.roles["jongere"]["intro"]


async def test_a_question_with_a_reason_of_its_own_uses_what_the_triage_knows(dispatcher):
    # Replayed chat (balie leerplicht, girl registered nowhere): "mag een school haar weigeren?"
    # got the overig-verzuim checklist of a bare reason.
    slots = {"role": "leerplicht", "reason": "niet_ingeschreven", "enrolled": False, "weeks_absent": 3.0,
             "level": "vo", "age": 12.0}
    events = await run(ActionAnswerQuestion(), dispatcher, make_tracker("mag een school haar weigeren?",
                                                                        intent="ask_procedure", slots=slots))
    said = texts(dispatcher)
    assert said.startswith("Checklist leerplicht — absoluut verzuim") and "Pakt de zorgplicht op bij aanmelding" in said
    assert slot_events(events)["topic"]["kind"] == "absoluut"


async def test_staff_never_get_the_parents_step_as_a_focused_answer(dispatcher):
    # "moeten we de ouders vooraf horen?" about a schorsing matched the parents' "U hoort de
    # schorsing schriftelijk"; the school gets its checklist instead.
    slots = {"role": "school", "reason": "geschorst", "suspension_days": 3.0}
    await run(ActionAnswerQuestion(), dispatcher, make_tracker("moeten we de ouders vooraf horen?",
                                                               intent="ask_procedure", slots=slots))
    said = texts(dispatcher)
    assert said.startswith("Checklist school") and "U hoort" not in said


async def test_a_deadline_question_gets_deadlines_and_a_job_title_is_no_subject(dispatcher):
    # Replayed chats: "hoe snel moet een school dat melden?" (absoluut) got the zorgplicht step
    # beside the 7-day rule; "als ib'er: wanneer moet ik een leerling bij leerplicht melden?"
    # got the definition of an IB'er.
    await run(ActionAnswerQuestion(), dispatcher, make_tracker(
        "hoe snel moet een school dat melden?", intent="ask_deadline",
        slots={"role": "ouder", "reason": "niet_ingeschreven", "enrolled": False}))
    said = texts(dispatcher)
    assert "7 dagen" in said and "zorgplicht" not in said
    dispatcher.messages.clear()
    await run(ActionAnswerQuestion(), dispatcher, make_tracker(
        "als ib'er: wanneer moet ik een leerling bij leerplicht melden?", intent="ask_deadline",
        entities=[{"entity": "term", "value": "ib"}], slots={"role": "school"}))
    assert not texts(dispatcher).startswith("IB'er")


async def test_a_question_headed_by_a_job_title_sets_the_role(dispatcher):
    # Re-judged chat: "directeur basisschool in katwijk. ... moeten we het kind ook horen?" was
    # answered with parents' steps ("u wordt gehoord").
    text = ("directeur basisschool in katwijk. we overwegen een leerling van 9 te verwijderen na "
            "ernstige agressie. moeten we het kind ook horen?")
    events = slot_events(await run(ActionReadFacts(), dispatcher, make_tracker(text, intent="ask_procedure")))
    # the sentences before the question tell the situation (round 15: a story read as a
    # question was lost)
    assert events["role"] == "school" and events["age"] == 9 and events["reason"] == "verwijderd"


async def test_fallback_gives_the_plan_to_what_do_we_do(dispatcher):
    # Re-judged chat (leerplicht, schorsing): "wat doen wij daar verder mee?" fell back.
    slots = {"role": "leerplicht", "reason": "geschorst", "suspension_days": 3.0, "misunderstood": 1.0}
    await run(ActionFallback(), dispatcher, make_tracker("wat doen wij daar verder mee?", intent="nlu_fallback", slots=slots))
    said = texts(dispatcher)
    assert said.startswith("Checklist leerplicht — schorsing") and "☐ Registreert de schorsing." in said


async def test_a_reason_clause_in_a_question_states_facts(dispatcher):
    # Re-judged chat: "krijg ik nou ook nog een boete omdat hij nergens staat ingeschreven??" left
    # the triage asking about hours, as if he were enrolled.
    tracker = make_tracker("krijg ik nou ook nog een boete omdat hij nergens staat ingeschreven??",
                           intent="ask_procedure", slots={"reason": "geen_passende_plek"})
    # deferred like an answer inside a question: set after the answer, or the form would go on
    # and swallow the question
    # (enrolled nowhere is also the reason: no place and no school is niet_ingeschreven)
    assert slot_events(await run(ActionReadFacts(), dispatcher, tracker))["deferred_facts"] == {
        "enrolled": False, "reason": "niet_ingeschreven"}
    tracker = make_tracker("krijg ik een boete als hij 3 weken thuis zit?", intent="ask_procedure")
    assert "weeks_absent" not in slot_events(await run(ActionReadFacts(), dispatcher, tracker))


async def test_a_question_whether_a_school_may_refuse_gets_the_zorgplicht(dispatcher):
    # Re-judged chat: "mag dat zomaar, hem weigeren?" (school refuses a pupil who needs support)
    # got the overig-verzuim list ("komt uw kind regelmatig te laat?").
    slots = {"role": "ouder", "reason": "geen_passende_plek", "weeks_absent": 3.0, "level": "vo", "age": 12.0}
    await run(ActionAnswerQuestion(), dispatcher, make_tracker("mag dat zomaar, hem weigeren?",
                                                               intent="ask_procedure", slots=slots))
    said = texts(dispatcher)
    assert said.startswith("Zorgplicht") and "passende plek" in said and "te laat" not in said


async def test_leaving_without_permission_after_a_verlof_answer_is_luxe_verzuim(dispatcher):
    # Re-judged chat (balie leerplicht, 15 days for a wedding): "en als ze gewoon gaat zonder
    # toestemming?" got the verlof checklist instead of luxe verzuim.
    slots = {"role": "leerplicht", "reason": "verlof"}
    events = await run(ActionAnswerQuestion(), dispatcher, make_tracker(
        "en als ze gewoon gaat zonder toestemming?", intent="ask_procedure", slots=slots))
    assert "luxe verzuim" in texts(dispatcher).lower() and slot_events(events)["topic"]["kind"] == "luxe"


async def test_a_question_which_kind_it_is_gets_the_classification(dispatcher):
    # Re-judged chat (mentor, late 13 times): "onder welke categorie?" was out of scope.
    from actions.conversation import ActionOffTopic
    slots = {"role": "school", "reason": "te_laat", "level": "vo", "late_count": 13.0, "age": 15.0}
    await run(ActionOffTopic(), dispatcher, make_tracker("onder welke categorie?", intent="out_of_scope", slots=slots))
    said = texts(dispatcher)
    assert "Te laat komen" in said and "Bron:" in said and "Daar kan ik u helaas niet" not in said


async def test_fallback_uses_the_kind_of_a_named_type(dispatcher):
    # make run check: "balie leerplicht leiden. moeder wil 15 schooldagen verlof voor een
    # bruiloft ... wie beoordeelt dat?" fell back and got the verlof_school plan.
    slots = {"role": "leerplicht", "reason": "verlof", "misunderstood": 0.0}
    await run(ActionFallback(), dispatcher, make_tracker(
        "balie leerplicht leiden. moeder wil 15 schooldagen verlof voor een bruiloft in pakistan. wie beoordeelt dat?",
        intent="nlu_fallback", slots=slots))
    assert "meer dan 10 schooldagen. Zo'n aanvraag beoordeelt leerplicht." in texts(dispatcher)


async def test_a_situation_message_that_is_a_question_without_question_mark_is_answered(dispatcher):
    # Round-4 chat: "kan ik de schorsing verlengen naar twee weken als het niet beter wordt" got
    # only the next triage question.
    text = "kan ik de schorsing verlengen naar twee weken als het niet beter wordt"
    slots = {"role": "school", "reason": "geschorst", "suspension_days": 3.0, "level": "vo"}
    tracker = make_tracker(text, slots=slots, active_loop="situation_form")
    tracker.events = [{"event": "user", "text": text}]
    await ValidateSituationForm().get_validation_events(dispatcher, tracker, DOMAIN)
    assert "Een schorsing mag niet meer dan 5 dagen zijn." in texts(dispatcher)


async def test_an_unclear_question_about_a_known_situation_gets_its_steps_not_a_dead_end(dispatcher):
    # Round-4 chats: follow-up questions the NLU could not place got "Sorry, dat begreep ik niet
    # goed" although the situation was known.
    slots = {"role": "ouder", "reason": "verwijderd", "age": 14.0, "level": "vo"}
    events = await run(ActionFallback(), dispatcher, make_tracker(
        "en tot die tijd moet ze thuis blijven zeggen ze. mag dat", intent="nlu_fallback", slots=slots))
    said = texts(dispatcher)
    assert said.startswith("Ik weet niet zeker wat u precies vraagt.") and "Wat kunt u doen?" in said
    assert slot_events(events)["misunderstood"] == 1          # still a miss: the next gets the menu
    dispatcher.messages.clear()
    await run(ActionFallback(), dispatcher, make_tracker(
        "en tot die tijd moet ze thuis blijven zeggen ze. mag dat", intent="nlu_fallback",
        slots={**slots, "misunderstood": 1.0}))
    assert "Kies een onderwerp, of praat met een mens." in texts(dispatcher)


async def test_a_question_read_as_goodbye_does_not_end_the_conversation(dispatcher):
    # Round-4 chat and the make run check: "en tot die tijd moet ze thuis blijven zeggen ze. mag
    # dat" was read as goodbye and got "Dag! Veel sterkte."
    from actions.conversation import ActionGoodbye
    slots = {"role": "ouder", "reason": "verwijderd", "age": 14.0}
    await run(ActionGoodbye(), dispatcher, make_tracker("en tot die tijd moet ze thuis blijven zeggen ze. mag dat",
                                                        intent="goodbye", slots=slots))
    assert texts(dispatcher).startswith("Ik weet niet zeker wat u precies vraagt.")
    dispatcher.messages.clear()
    await run(ActionGoodbye(), dispatcher, make_tracker("doei, bedankt", intent="goodbye", slots=slots))
    assert dispatcher.messages[0].get("response") == "utter_goodbye"


@pytest.mark.parametrize("text", [
    "oh sorry ik zie in de brief dat het geen schorsing is maar dat ze hem willen verwijderen",
    "het is geen schorsing, de school wil hem verwijderen",
])
async def test_a_correction_read_as_an_objection_changes_the_reason(dispatcher, text):
    # Blind chat round 4: the correction was taken as disagreeing with the schorsing.
    tracker = make_tracker(text, intent="disagree_with_school", slots={"reason": "geschorst"})
    assert slot_events(await run(ActionReadFacts(), dispatcher, tracker))["reason"] == "verwijderd"


async def test_an_objection_that_names_another_matter_keeps_the_reason(dispatcher):
    tracker = make_tracker("we zijn het oneens, de school wil dat wij een vrijstelling aanvragen",
                           intent="disagree_with_school", slots={"reason": "geen_passende_plek"})
    assert "reason" not in slot_events(await run(ActionReadFacts(), dispatcher, tracker))


async def test_a_question_asking_one_fact_gets_the_direct_answer_and_all_steps_one_tap_away(dispatcher):
    tracker = make_tracker("de school zegt dat ik dan maar vrijstelling moet aanvragen. is dat een oplossing?",
                           intent="ask_procedure", slots={"reason": "geen_passende_plek", "role": "ouder"})
    await run(ActionAnswerQuestion(), dispatcher, tracker)
    said = texts(dispatcher)
    assert said.startswith("Nee, meestal niet.")
    assert "Nooit omdat er geen passende school of zorg is." in said
    assert dispatcher.messages[-1]["buttons"][-1]["title"] == "Toon alle stappen"


async def test_the_fallback_gives_a_direct_answer_in_the_topic_at_hand(dispatcher):
    # Blind chat round 4: "en als niemand hem wil hebben?" repeated the onderwijsconsulent card.
    tracker = make_tracker("en als niemand hem wil hebben? wie beslist dan", intent="nlu_fallback",
                           slots={"topic": {"kind": "thuiszitter"}, "role": "ouder"})
    events = await run(ActionFallback(), dispatcher, tracker)
    assert "knoop doorhakken" in texts(dispatcher)
    assert slot_events(events)["misunderstood"] == 0


async def test_what_a_described_situation_is_called_gets_its_kind(dispatcher):
    # Blind chat round 4: read as out of scope.
    tracker = make_tracker("als het kind toch in nederland blijft en nergens staat ingeschreven, wat is dat dan",
                           intent="nlu_fallback", slots={"role": "school"})
    await run(ActionFallback(), dispatcher, tracker)
    assert "Absoluut verzuim" in texts(dispatcher)
    tracker = make_tracker("en als het kind nergens ingeschreven staat, hoe heet dat?", intent="nlu_fallback")
    events = await run(ActionFallback(), dispatcher, tracker)
    assert "reason" not in slot_events(events)



async def test_an_open_triage_question_is_not_tacked_onto_the_answer_to_the_users_own_question(dispatcher):
    # Blind chats round 5: "Hoeveel weken is uw kind al niet op school?" after every answer.
    from bot.engine import load_engine
    weeks = load_engine().knowledge.questions["weeks_absent"]["question"]
    tracker = make_tracker(slots={"reason": "weigert", "role": "ouder", "requested_slot": "weeks_absent"},
                           active_loop="situation_form")
    question = {"event": "user", "text": "moeten we naar de GGD?", "parse_data": {"intent": {"name": "ask_procedure"}}}
    tracker.events = [{"event": "bot", "text": weeks}, question, {"event": "bot", "text": "Over ziek zegt ..."}]
    await run(AskFact_weeks_absent(), dispatcher, tracker)
    assert dispatcher.messages == []
    # a statement that did not answer it passes it over too: the triage ends (round 15)
    tracker.events = [{"event": "bot", "text": weeks},
                      {"event": "user", "text": "hij wil gewoon niet", "parse_data": {"intent": {"name": "describe_situation"}}}]
    assert await ValidateSituationForm().required_slots([], dispatcher, tracker, DOMAIN) == []


async def test_a_triage_question_not_asked_before_is_asked_after_an_answer(dispatcher):
    from bot.engine import load_engine
    questions = load_engine().knowledge.questions
    tracker = make_tracker(slots={"reason": "weigert", "role": "ouder", "requested_slot": "weeks_absent"},
                           active_loop="situation_form")
    tracker.events = [{"event": "bot", "text": questions["enrolled"]["question"]},
                      {"event": "user", "text": "moeten we naar de GGD?", "parse_data": {"intent": {"name": "ask_procedure"}}},
                      {"event": "bot", "text": "Over ziek zegt ..."}]
    await run(AskFact_weeks_absent(), dispatcher, tracker)
    assert dispatcher.messages[-1]["text"] == questions["weeks_absent"]["question"]


async def test_a_question_in_the_triage_gets_no_dan_nog_deze_vraag(dispatcher):
    # make run check: "Dank u. Dan nog deze vraag:" before an answer and no question after it
    tracker = make_tracker("kan hij niet gewoon vrijstelling krijgen zodat we er vanaf zijn",
                           intent="describe_situation", active_loop="situation_form")
    await run(ActionTriageGoOn(), dispatcher, tracker)
    assert dispatcher.messages == []
    await run(ActionTriageGoOn(), dispatcher, make_tracker("hij wil gewoon niet", intent="describe_situation",
                                                          active_loop="situation_form"))
    assert texts(dispatcher) == "Dank u. Dan nog deze vraag:"


async def test_the_first_triage_question_comes_after_what_the_situation_is_called(dispatcher):
    # Blind chats round 5: "... mag hij voorlopig niet meer komen. Wat nu??" got only "Voor hoeveel
    # dagen is uw kind geschorst?". Now the kind's plain definition (max 5 days, on paper) comes
    # first, once per conversation; staff get the handreiking's own definition.
    from bot.engine import load_engine
    questions = load_engine().knowledge.questions
    tracker = make_tracker("hij is naar huis gestuurd en mag voorlopig niet komen. wat nu??",
                           slots={"reason": "geschorst", "role": "ouder"}, active_loop="situation_form")
    tracker.events = [{"event": "user", "text": "hij is naar huis gestuurd", "parse_data": {}}]
    await run(AskFact_suspension_days(), dispatcher, tracker)
    said = [m["text"] for m in dispatcher.messages]
    assert said[0].startswith("Wat is er aan de hand?") and "nooit langer dan 5 dagen" in said[0]
    assert "Bron: Handreiking schoolverzuim 2017-2018, §2a Schorsing" in said[0]
    assert said[-1] == questions["suspension_days"]["question"]
    # not again later in the conversation
    tracker.events += [{"event": "bot", "text": t} for t in said] + [
        {"event": "user", "text": "hoezo?", "parse_data": {"intent": {"name": "help"}}}]
    dispatcher.messages.clear()
    await run(AskFact_suspension_days(), dispatcher, tracker)
    assert [m["text"] for m in dispatcher.messages] == [questions["suspension_days"]["question"]]
    # not when this turn already has a reply (an answer to a question in the message)
    tracker.events = [{"event": "user", "text": "mag dat?"}, {"event": "bot", "text": "Ja, ..."}]
    dispatcher.messages.clear()
    await run(AskFact_suspension_days(), dispatcher, tracker)
    assert [m["text"] for m in dispatcher.messages] == [questions["suspension_days"]["question"]]
    # staff: the handreiking's definition, not "uw kind"
    staff = make_tracker(slots={"reason": "geschorst", "role": "school"}, active_loop="situation_form")
    dispatcher.messages.clear()
    await run(AskFact_suspension_days(), dispatcher, staff)
    assert dispatcher.messages[0]["text"].startswith("Soort verzuim") and "uw kind" not in texts(dispatcher).lower()


async def test_no_intro_while_the_kind_is_only_guessed(dispatcher):
    # "hij wil niet meer naar school" without duration: no kind is certain yet, so no name for it
    from bot.engine import Situation, load_engine
    from bot.engine import render
    assert render.render_situation_intro(load_engine(), Situation(role="ouder")) == []


async def test_the_advice_does_not_repeat_the_intro_shown_before_the_triage(dispatcher):
    from bot.engine import Situation, load_engine
    from bot.engine import render
    slots = {"reason": "geschorst", "role": "ouder", "suspension_days": 3, "age": 14, "level": "vo"}
    intro = render.render_situation_intro(load_engine(), Situation(**slots))[0].text
    tracker = make_tracker(slots=slots)
    tracker.events = [{"event": "bot", "text": intro}]
    await run(ActionGiveAdvice(), dispatcher, tracker)
    assert intro not in [m["text"] for m in dispatcher.messages]
    assert any(m["text"].startswith("Wat kunt u doen?") for m in dispatcher.messages)
    dispatcher.messages.clear()
    await run(ActionGiveAdvice(), dispatcher, make_tracker(slots=slots))      # not shown before: shown
    assert dispatcher.messages[0]["text"] == intro


IB_STORY = ("Ik ben intern begeleider op een basisschool in Voorhout. Een leerling uit groep 4 wordt "
            "bijna elke maandag ziek gemeld en de ouders zijn slecht bereikbaar. Vanaf wanneer moet ik "
            "hier iets mee?")


async def test_a_story_the_nlu_could_not_place_is_read_and_starts_the_triage(dispatcher):
    # Blind chats round 5: this message got "Sorry, dat begreep ik niet goed".
    events = slot_events(await run(ActionReadFacts(), dispatcher, make_tracker(IB_STORY, intent="nlu_fallback")))
    assert events["reason"] == "ziek" and events["role"] == "school"
    tracker = make_tracker(IB_STORY, intent="nlu_fallback", slots=events)
    result = await run(ActionFallback(), dispatcher, tracker)
    assert {"event": "followup", "name": "situation_form"} in [
        {"event": e.get("event"), "name": e.get("name")} for e in result]
    assert "4e ziekmelding in een kwartaal" in texts(dispatcher) and "Sorry" not in texts(dispatcher)
    # a question alone states no facts, and gets no triage
    events = slot_events(await run(ActionReadFacts(), dispatcher, make_tracker(
        "is hij ziek als hij elke maandag hoofdpijn heeft?", intent="nlu_fallback")))
    assert "reason" not in events
    # during the triage the form goes on by its own rules
    tracker = make_tracker(IB_STORY, intent="nlu_fallback", slots={"reason": "ziek"}, active_loop="situation_form")
    result = await run(ActionFallback(), dispatcher, tracker)
    assert not any(e.get("event") == "followup" for e in result)


async def test_a_question_after_the_same_advice_is_answered_not_told_nothing_changed(dispatcher):
    from actions.advice import SAME_ADVICE_TEXT, fingerprint
    from bot.engine import Situation, load_engine
    slots = {"reason": "ziek", "role": "school", "level": "po", "structural": True}
    shown = fingerprint(list(load_engine().advise(Situation(**slots))))
    tracker = make_tracker("de leerling is weer ziek gemeld. binnen welke termijn moet ik iets doen?",
                           slots={**slots, "advice_shown": shown})
    await run(ActionGiveAdvice(), dispatcher, tracker)
    assert SAME_ADVICE_TEXT not in texts(dispatcher) and "Termijnen" in texts(dispatcher)
    dispatcher.messages.clear()
    await run(ActionGiveAdvice(), dispatcher, make_tracker("hij is weer ziek", slots={**slots, "advice_shown": shown}))
    assert texts(dispatcher) == SAME_ADVICE_TEXT


async def test_a_what_if_gets_the_situation_it_supposes_and_stores_nothing(dispatcher):
    text = "en als ze nee zeggen en we gaan toch"
    slots = {"reason": "vakantie", "role": "ouder"}
    events = slot_events(await run(ActionReadFacts(), dispatcher, make_tracker(text, intent="nlu_fallback", slots=slots)))
    assert "has_vrijstelling" not in events and "reason" not in events
    await run(ActionFallback(), dispatcher, make_tracker(text, intent="nlu_fallback", slots=slots))
    said = texts(dispatcher)
    assert "Luxe verzuim" in said and "leerplicht" in said and "Sorry" not in said


async def test_a_triage_question_passed_over_once_is_not_tacked_onto_later_answers(dispatcher):
    # Blind chats round 5: "Hoeveel weken ...?" under four answers in a row, although the parent
    # went on asking their own questions.
    from bot.engine import load_engine
    weeks = load_engine().knowledge.questions["weeks_absent"]["question"]
    tracker = make_tracker(slots={"reason": "ziek", "role": "ouder", "requested_slot": "weeks_absent"},
                           active_loop="situation_form")
    tracker.events = [{"event": "bot", "text": weeks},
                      {"event": "user", "text": "moeten we naar de GGD?"}, {"event": "bot", "text": "Over ziek ..."},
                      {"event": "user", "text": "en mag school de arts bellen?"}, {"event": "bot", "text": "De handreiking ..."}]
    await run(AskFact_weeks_absent(), dispatcher, tracker)
    assert dispatcher.messages == []
    # ... nor asked again after a statement: the triage ends with the advice (round 15)
    tracker.events += [{"event": "user", "text": "hij heeft vaak hoofdpijn"}]
    assert await ValidateSituationForm().required_slots([], dispatcher, tracker, DOMAIN) == []


async def test_a_refused_leave_tagged_as_verlof_is_a_trip_without_permission(dispatcher):
    text = ("teamleider vmbo in Sassenheim. ouders vroegen verlof om een week eerder op vakantie te gaan, "
            "wij hebben nee gezegd, en nu is de leerling toch weg. wat moet ik doen?")
    entities = [{"entity": "reason", "value": "verlof", "start": 40, "end": 46}]
    events = slot_events(await run(ActionReadFacts(), dispatcher, make_tracker(text, entities=entities)))
    assert events["reason"] == "vakantie" and events["has_vrijstelling"] is False


async def test_a_statement_after_unchanged_advice_gets_the_fact_it_touches(dispatcher):
    # blind chats round 5: "nu mailen ze dat hij op de camping in Spanje ziek is geworden, met een
    # briefje van een spaanse dokter" after luxe-verzuim advice: still luxe, and what the sources
    # say (and do not say) about a foreign doctor's note
    from actions.advice import fingerprint
    from bot.engine import Situation, load_engine
    slots = {"reason": "vakantie", "role": "school", "has_vrijstelling": False, "level": "vo"}
    shown = fingerprint(list(load_engine().advise(Situation(**slots))))
    tracker = make_tracker("nu mailen ze dat hij op de camping in Spanje ziek is geworden, met een briefje van "
                           "een spaanse dokter", slots={**slots, "advice_shown": shown})
    await run(ActionGiveAdvice(), dispatcher, tracker)
    said = texts(dispatcher)
    assert said.startswith("Dank u. Dat verandert de stappen die ik u gaf niet.")
    assert "buitenlandse doktersverklaring" in said and "luxe verzuim" in said


async def test_a_pupils_objection_with_a_question_keeps_the_facts_of_its_statements(dispatcher):
    # blind chats round 5: "ik ben geschorst voor 2 dagen maar ik heb het niet eens gedaan!!! mag dat
    # zomaar. ik zit in de brugklas" is an objection, a question and a story at once
    from bot.engine import load_engine
    text = ("ik ben geschorst voor 2 dagen maar ik heb het niet eens gedaan!!! mag dat zomaar. ik zit in de "
            "brugklas en woon in zoeterwoude")
    assert load_engine().is_question(text)
    events = slot_events(await run(ActionReadFacts(), dispatcher, make_tracker(text, intent="disagree_with_school")))
    assert events["reason"] == "geschorst" and events["suspension_days"] == 2 and events["role"] == "jongere"
    # and "mag dat zomaar" is checked against the rule
    from bot.engine import Situation, render
    said = " ".join(r.text for r in render.render_inline_answer(
        load_engine(), Situation(role="jongere", reason="geschorst", suspension_days=2), text))
    assert "niet meer dan 5 dagen" in said


async def test_weeks_given_for_the_days_of_a_suspension_are_school_days(dispatcher):
    # blind chats round 6: "nu zegt ze dat het 2 weken wordt" got the days question again
    tracker = make_tracker("nu zegt ze dat het 2 weken wordt",
                           slots={"reason": "geschorst", "requested_slot": "suspension_days"},
                           active_loop="situation_form")
    events = slot_events(await run(ActionReadFacts(), dispatcher, tracker))
    assert events["suspension_days"] == 10 and "weeks_absent" not in events


async def test_a_question_that_also_told_a_fact_is_answered_before_the_triage_goes_on(dispatcher):
    # blind chats round 7: "en als school nee zegt en we gaan toch?" (read as an objection) set a
    # fact, so the form went on and the rules that answer questions never ran: only the next
    # triage question came back. The what-if is answered now, from the situation it supposes.
    text = "en als school nee zegt en we gaan toch?"
    slots = {"reason": "vakantie", "level": "po", "weeks_absent": 1.0, "skipped_facts": ["role"]}
    tracker = make_tracker(text, intent="disagree_with_school", slots=slots, active_loop="situation_form")
    opened = [{"event": "user", "text": "wij willen een week eerder op vakantie, mag dat?"},
              {"event": "active_loop", "name": "situation_form"},
              {"event": "bot", "text": "Wie bent u? Dan geef ik de stappen die bij u passen."}]
    tracker.events = opened + [{"event": "user", "text": text},
                               {"event": "slot", "name": "skipped_facts", "value": ["role"]}]
    await ValidateSituationForm().get_validation_events(dispatcher, tracker, DOMAIN)
    said = texts(dispatcher)
    assert "Luxe verzuim:" in said and "proces-verbaal" in said
    # a story that starts the triage gets what it is called (the form's question), not a guess
    # at steps: here only the triage that was open already answers
    dispatcher.messages.clear()
    tracker.events = [{"event": "user", "text": text}]
    await ValidateSituationForm().get_validation_events(dispatcher, tracker, DOMAIN)
    assert dispatcher.messages == []
    # a plain answer to the triage question is no question: nothing is added
    dispatcher.messages.clear()
    tracker = make_tracker("nee", intent="deny", slots=slots, active_loop="situation_form")
    tracker.events = [{"event": "user", "text": "nee"}]
    await ValidateSituationForm().get_validation_events(dispatcher, tracker, DOMAIN)
    assert dispatcher.messages == []


async def test_a_what_if_objection_gets_the_fact_answers_yml_has_for_it(dispatcher):
    # blind chats round 7: "en als school het weigert en ik vind dat onterecht?" about verlof got
    # the routes of every disagreement once "als school ..." read as a what-if; the sources'
    # own word on a refused leave is the answer
    text = "en als school het weigert en ik vind dat onterecht?"
    slots = {"role": "ouder", "reason": "verlof", "topic": {"kind": "verlof_school"}}
    await run(ActionExplainEscalation(), dispatcher, make_tracker(text, intent="disagree_with_school", slots=slots))
    said = texts(dispatcher)
    assert "staat niet in de handreiking" in said and "Geschillen" not in said


@pytest.mark.parametrize("text, skipped", [
    # blind chats round 7: "het is echt weken" got "Dank u. Dan nog deze vraag: Hoeveel weken ...?"
    ("het is echt weken, hij gaat hooguit 1 dag per week", True),
    ("al maanden", True),
    ("6 weken", False),
])
async def test_a_length_without_a_number_answers_the_weeks_question(dispatcher, text, skipped):
    slots = {"role": "ouder", "reason": "weigert", "requested_slot": "weeks_absent"}
    events = slot_events(await run(ActionReadFacts(), dispatcher, make_tracker(text, slots=slots)))
    assert (events.get("skipped_facts") == ["weeks_absent"]) is skipped
    assert ("weeks_absent" in events) is not skipped


async def test_a_story_asking_about_its_own_numbers_gets_what_it_is_called(dispatcher):
    # blind chats round 8: "... dit kwartaal nu 4x ziek gemeld ... mag dat zomaar??" got only
    # "Bij de 4e ziekmelding ...: dat geldt hier dus", judged less useful than what ziekteverzuim
    # is with that rule; the intro says both, so the check is not repeated under it
    text = ("mijn zoon (14, vmbo 2) is dit kwartaal nu 4x ziek gemeld. nu wil de mentor een gesprek over "
            "zijn ziekteverzuim. mag dat zomaar?? hij is gewoon ziek hoor")
    slots = {"role": "ouder", "reason": "ziek", "sick_reports_quarter": 4.0, "age": 14.0, "level": "vo"}
    tracker = make_tracker(text, slots=slots, active_loop="situation_form")
    tracker.events = [{"event": "user", "text": text}]
    await ValidateSituationForm().get_validation_events(dispatcher, tracker, DOMAIN)
    said = texts(dispatcher)
    assert said.startswith("Wat is er aan de hand?") and "Ziek: " in said
    assert said.count("Bij de 4e ziekmelding in een kwartaal heeft de school een gesprek met ouders.") == 1
    # a question the intro does not answer gets its answer (the intro waits: one block a turn)
    dispatcher.messages.clear()
    text = "hij is 3 dagen geschorst. school zegt dat ze het ook aan de CTO doorgeven. wat is dat??"
    slots = {"role": "ouder", "reason": "geschorst", "suspension_days": 3.0, "region": "kop-van-noord-holland"}
    tracker = make_tracker(text, slots=slots, active_loop="situation_form")
    tracker.events = [{"event": "user", "text": text}]
    await ValidateSituationForm().get_validation_events(dispatcher, tracker, DOMAIN)
    said = texts(dispatcher)
    assert said.startswith("CTO (Commissie Toelating Onderwijsvoorziening): ")


async def test_a_region_named_with_a_question_gets_the_answer_too(dispatcher):
    # blind chats round 8: "ik werk aan de balie bij gemeente hollands kroon. een vader belt over
    # verlof voor een bruiloft, 2 dagen. moet hij bij ons zijn?" got only "Ik gebruik de afspraken
    # van de regio Kop van Noord-Holland."
    from actions.conversation import ActionSetRegion
    text = "ik werk aan de balie bij gemeente hollands kroon. een vader belt over verlof voor een bruiloft, 2 dagen. moet hij bij ons zijn?"
    tracker = make_tracker(text, intent="choose_region", slots={"region": "kop-van-noord-holland", "reason": "verlof"})
    events = await run(ActionSetRegion(), dispatcher, tracker)
    said = texts(dispatcher)
    assert said.startswith("Ik gebruik de afspraken van de regio Kop van Noord-Holland.")
    assert "tot en met 10 schooldagen" in said and "beoordeelt de school" in said
    assert any(e.get("event") == "followup" and e.get("name") == "situation_form" for e in events)  # the triage starts
    # a region alone gets only the confirmation
    dispatcher.messages.clear()
    events = await run(ActionSetRegion(), dispatcher, make_tracker("wij wonen in schagen", intent="choose_region",
                                                                  slots={"region": "kop-van-noord-holland"}))
    assert texts(dispatcher) == "Ik gebruik de afspraken van de regio Kop van Noord-Holland." and events == []


async def test_a_number_told_during_the_triage_gets_the_rule_it_meets(dispatcher):
    # blind chats round 8: "het zou ongeveer 3 weken zijn, 15 schooldagen" (leave for a wedding)
    # got "Dank u. Dan nog deze vraag:" and the same question again
    tracker = make_tracker("het zou ongeveer 3 weken zijn, 15 schooldagen",
                           slots={"role": "ouder", "reason": "verlof"}, active_loop="situation_form")
    await run(ActionTriageGoOn(), dispatcher, tracker)
    assert "Bij 15 dagen: dan beoordeelt leerplicht de aanvraag." in texts(dispatcher)
    dispatcher.messages.clear()
    await run(ActionTriageGoOn(), dispatcher, make_tracker("hij is heel verdrietig", slots={"role": "ouder", "reason": "verlof"},
                                                           active_loop="situation_form"))
    assert texts(dispatcher) == "Dank u. Dan nog deze vraag:"


async def test_an_answer_is_not_the_same_block_as_the_one_just_before(dispatcher):
    # blind chats round 8: after "Zorgplicht: ...", "ondertussen zegt de school dat ze thuis moet
    # blijven. mag dat?" and "ik ben het er niet mee eens. waar kan ik terecht?" got it twice more
    from bot.engine import load_engine, render as _render
    zorgplicht = _render.render_definition(load_engine(), term="zorgplicht", role="ouder")[0].text
    slots = {"role": "ouder", "reason": "verwijderd", "topic": {"term": "zorgplicht", "question": "ask_about"}}
    tracker = make_tracker("ik ben het er helemaal niet mee eens. waar kan ik terecht?", intent="ask_about", slots=slots)
    tracker.events = [{"event": "user", "text": "dus ze moeten zelf een andere school zoeken?"},
                      {"event": "bot", "text": zorgplicht},
                      {"event": "user", "text": "ik ben het er helemaal niet mee eens. waar kan ik terecht?"}]
    await run(ActionAnswerQuestion(), dispatcher, tracker)
    said = texts(dispatcher)
    assert zorgplicht not in said and "Komt u er samen niet uit?" in said


async def test_a_question_about_the_region_gets_what_the_knowledge_has_for_it(dispatcher):
    # blind chats round 7: "we wonen trouwens in schagen, is het daar anders?"
    from actions.conversation import ActionSetRegion
    tracker = make_tracker("we wonen trouwens in schagen, is het daar anders?", intent="choose_region",
                           slots={"region": "kop-van-noord-holland", "reason": "ziek", "role": "jongere"})
    await run(ActionSetRegion(), dispatcher, tracker)
    said = texts(dispatcher)
    assert "Voor de Kop van Noord-Holland ken ik de eigen afspraken over de CTO" in said
    assert "Wat kunt u doen?" not in said


async def test_a_what_if_read_as_an_objection_gets_the_situation_it_supposes(dispatcher):
    # blind chats round 10: "en als school nee zegt en ze gaat toch trainen?" (verlof asked for
    # training) got the routes of every disagreement; it supposes luxe verzuim
    text = "en als school nee zegt en ze gaat toch trainen?"
    slots = {"role": "ouder", "reason": "verlof", "age": 13.0}
    await run(ActionExplainEscalation(), dispatcher, make_tracker(text, intent="disagree_with_school", slots=slots))
    said = texts(dispatcher)
    assert "Luxe verzuim:" in said and "Geschillen volgens het ondersteuningsplan" not in said
    # supposing only the disagreement: the routes
    dispatcher.messages.clear()
    await run(ActionExplainEscalation(), dispatcher, make_tracker("en als we het er niet mee eens zijn?",
                                                                  intent="disagree_with_school", slots=slots))
    assert "Komt u er samen niet uit?" in texts(dispatcher) or "Geschillen" in texts(dispatcher)


async def test_a_reason_in_a_condition_does_not_replace_the_known_one(dispatcher):
    # blind chats round 10: "en als geen school hem wil, mag hij dan thuisblijven tot het rond is?"
    # during a schorsing turned it into niet ingeschreven (the tagger's "geen school")
    text = "en als geen school hem wil, mag hij dan thuisblijven tot het rond is?"
    tagged = [{"entity": "reason", "value": "niet_ingeschreven", "start": 7, "end": 18}]
    tracker = make_tracker(text, intent="ask_procedure", entities=tagged,
                           slots={"reason": "geschorst", "role": "school"}, active_loop="situation_form")
    assert "reason" not in slot_events(await run(ActionReadFacts(), dispatcher, tracker))


async def test_a_what_if_of_a_refusal_still_gets_the_routes(dispatcher):
    # replayed round 10: "en als ze blijven weigeren?" about schools refusing a pupil got the
    # absoluut-verzuim intro once what-ifs read as objections got their supposed situation
    slots = {"role": "leerplicht", "reason": "niet_ingeschreven", "age": 14.0}
    await run(ActionExplainEscalation(), dispatcher, make_tracker("en als ze blijven weigeren?",
                                                                  intent="disagree_with_school", slots=slots))
    said = texts(dispatcher)
    assert "Absoluut verzuim:" not in said and ("Route" in said or "Komt u er samen niet uit?" in said or "Onderwijsconsulent" in said)


async def test_a_story_read_as_out_of_scope_starts_the_triage(dispatcher):
    # make run check (stop 17): "Mijn zoon ... mag van school een hele week niet komen omdat hij een
    # filmpje op tiktok heeft gezet. Mag een school dat zomaar??" was read as out of scope and got
    # "Daar kan ik u helaas niet mee helpen"
    from actions.conversation import ActionOffTopic
    text = ("Mijn zoon (14, havo 2 in Leiden) mag van school een hele week niet komen omdat hij een filmpje op "
            "tiktok heeft gezet. Mag een school dat zomaar??")
    facts = slot_events(await run(ActionReadFacts(), dispatcher, make_tracker(text, intent="out_of_scope")))
    assert facts["reason"] == "geschorst" and facts["suspension_days"] == 5
    events = await run(ActionOffTopic(), dispatcher, make_tracker(text, intent="out_of_scope", slots=facts))
    assert any(e.get("event") == "followup" and e.get("name") == "situation_form" for e in events)
    assert "helaas niet mee helpen" not in texts(dispatcher)
    # off topic without a story stays off topic
    dispatcher.messages.clear()
    assert slot_events(await run(ActionReadFacts(), dispatcher, make_tracker("wat voor weer wordt het morgen?",
                                                                            intent="out_of_scope"))) == {}


async def test_a_question_nothing_answered_in_the_triage_is_not_met_by_the_next_question_alone(dispatcher):
    # Blind chats round 11: "Is dat 5 schooldagen of 5 kalenderdagen?" and "krijgt hij nog werk
    # mee of les thuis?" got only "Hoeveel weken ...?". Now the reply says that the sources give
    # no ready answer and whom to ask; a question for the steps hears that they follow.
    from bot.engine import load_engine
    weeks = load_engine().knowledge.questions["weeks_absent"]["question"]
    from bot.engine import Situation, render
    intros = [render.render_situation_intro(load_engine(), Situation(role=r, reason="weigert"))[0].text
              for r in ("ouder", "school")]       # said before: not again
    said = [{"event": "active_loop", "name": "situation_form"}] + [{"event": "bot", "text": t} for t in intros]
    tracker = make_tracker("krijgt hij nog werk mee of les thuis?", intent="ask_procedure",
                           slots={"reason": "weigert", "role": "ouder"}, active_loop="situation_form")
    tracker.events = said + [{"event": "user", "text": "krijgt hij nog werk mee of les thuis?"}]
    await run(AskFact_weeks_absent(), dispatcher, tracker)
    lines = [m["text"] for m in dispatcher.messages]
    assert lines[-1] == weeks and "geen duidelijk antwoord" in lines[-2] and "leerplichtambtenaar" in lines[-2]
    dispatcher.messages.clear()
    tracker = make_tracker("wat moet ik nu doen?", intent="ask_procedure",
                           slots={"reason": "weigert", "role": "school"}, active_loop="situation_form")
    tracker.events = said + [{"event": "user", "text": "wat moet ik nu doen?"}]
    await run(AskFact_weeks_absent(), dispatcher, tracker)
    lines = [m["text"] for m in dispatcher.messages]
    assert lines[-2] == "De stappen volgen zodra ik dit weet:"
    # an answer to the question, or a statement: the question alone
    for text, intent in (("hij wil gewoon niet", "describe_situation"), ("ja", "affirm")):
        dispatcher.messages.clear()
        tracker = make_tracker(text, intent=intent, slots={"reason": "weigert", "role": "ouder"},
                               active_loop="situation_form")
        tracker.events = said + [{"event": "user", "text": text}]
        await run(AskFact_weeks_absent(), dispatcher, tracker)
        assert [m["text"] for m in dispatcher.messages] == [weeks]
    # the story that starts the triage: its question is what the advice at the end is for
    dispatcher.messages.clear()
    tracker = make_tracker("krijgt hij nog werk mee of les thuis?", intent="ask_procedure",
                           slots={"reason": "weigert", "role": "ouder"}, active_loop="situation_form")
    tracker.events = [{"event": "user", "text": "krijgt hij nog werk mee of les thuis?"}]
    await run(AskFact_weeks_absent(), dispatcher, tracker)
    assert "geen duidelijk antwoord" not in texts(dispatcher)


async def test_hours_told_before_any_reason_are_checked_against_the_only_kind_with_rules_in_hours():
    # Blind chats round 11: "mentor zegt 17 uur in de afgelopen 4 weken. wat betekent dat" while
    # the triage still asked the reason got only the reason menu
    from actions.followups import number_checked
    from bot.engine import Situation, load_engine
    replies = number_checked(load_engine(), Situation(role="ouder"), None,
                             "mentor zegt 17 uur in de afgelopen 4 weken. wat betekent dat")
    assert replies and "16 uur" in replies[0].text and "Bij 17 uur: dat geldt hier dus." in replies[0].text
    # a question how to count is no number to check
    assert number_checked(load_engine(), Situation(role="ouder", reason="weigert"), None,
                          "Is dat 5 schooldagen of 5 kalenderdagen?") == []
    # days alone name no kind: a schorsing, a trip and leave are all counted in days
    assert number_checked(load_engine(), Situation(role="ouder"), None, "het gaat om 3 dagen, mag dat?") == []


def test_is_it_a_kind_says_yes_or_no_for_the_situation_and_what_it_is_instead():
    # Blind chats round 11: "ze gaat nu al 5 weken maar 2 ochtenden. is ze dan een thuiszitter?"
    # got only the next triage question
    from actions.followups import is_it_a_kind
    from bot.engine import Situation, load_engine
    engine = load_engine()
    part_time = Situation(role="ouder", reason="deels_naar_school")
    replies = is_it_a_kind(engine, part_time, "ze gaat nu al 5 weken maar 2 ochtenden. is ze dan een thuiszitter?")
    said = "\n".join(r.text for r in replies)
    assert replies[0].text == "Nee, volgens de handreiking niet."
    assert "Risicoleerling" in said and "Thuiszitter" in said
    assert is_it_a_kind(engine, part_time, "is ze dan een risicoleerling?")[0].text == "Ja."
    # no situation yet, or no kind named: nothing to say yes or no to
    assert is_it_a_kind(engine, Situation(role="ouder"), "is ze dan een thuiszitter?") == []
    assert is_it_a_kind(engine, part_time, "is ze dan welkom?") == []
    # a comparison is no yes/no for the situation (blind chats round 12: "ze noemde het een time
    # out. is dat het zelfde als geschorst?" got "Ja.", which the sources do not say)
    timeout = Situation(role="ouder", reason="geschorst")
    assert is_it_a_kind(engine, timeout, "ze noemde het een time out. is dat het zelfde als geschorst?") == []


async def test_a_question_about_the_situation_that_no_rule_answers_is_not_called_not_understood(dispatcher):
    # Blind chats round 11: a pupil late 11 times asked "is mijn reden niet gewoon geldig? ik doe
    # het niet expres" and got "Sorry, dat begreep ik niet goed".
    from actions.conversation import ActionFallback
    slots = {"role": "jongere", "reason": "te_laat"}
    events = await run(ActionFallback(), dispatcher, make_tracker("moet ik het aan mijn moeder vertellen?",
                                                                  intent="nlu_fallback", slots=slots))
    said = texts(dispatcher)
    assert "geen duidelijk antwoord" in said and "mentor" in said and "begreep" not in said
    assert slot_events(events)["misunderstood"] == 1          # still a miss: the next gets the menu
    # no situation yet: not understood is what it is
    dispatcher.messages.clear()
    await run(ActionFallback(), dispatcher, make_tracker("blub?", intent="nlu_fallback"))
    assert "begreep ik niet" in texts(dispatcher)


async def test_a_what_if_of_a_refusal_the_nlu_could_not_place_gets_the_routes(dispatcher):
    # Round-10 chat replayed after a retraining: "en als ze blijven weigeren?" fell back, was read
    # as a story of a refusing child and restarted the triage; a what-if supposes, it does not tell
    from actions.conversation import ActionFallback
    slots = {"role": "leerplicht", "reason": "niet_ingeschreven", "enrolled": False, "age": 12.0}
    events = await run(ActionFallback(), dispatcher, make_tracker("en als ze blijven weigeren?",
                                                                  intent="nlu_fallback", slots=slots))
    said = texts(dispatcher)
    assert said.startswith("Route") and "Onderwijsconsulent" in said
    assert not any(e.get("event") == "followup" for e in events)


async def test_a_question_read_as_an_objection_without_a_situation_gets_an_answer_not_the_geschillen_card(dispatcher):
    # Blind chats round 12: "krijg ik nu een boete of zij? zij is degene die wegloopt niet ik" got
    # the general card about geschillen and "Waar gaat het meningsverschil over?"
    from actions.advice import ActionExplainEscalation
    await run(ActionExplainEscalation(), dispatcher,
              make_tracker("krijg ik nu een boete of zij? zij is degene die wegloopt niet ik",
                           intent="disagree_with_school", slots={"role": "ouder"}))
    said = texts(dispatcher)
    assert "Geschillen volgens het ondersteuningsplan" not in said and "meningsverschil" not in said
    assert "boete" in said.lower()


async def test_a_new_question_that_would_get_a_block_said_before_gets_an_honest_line_instead(dispatcher):
    # Blind chats round 12: follow-ups ("en bij 12 keer?", "wat doen ze dan met hem?") got the
    # same proces-verbaal or checklist block a third time; every such repeat was judged wrong
    first = make_tracker("hoe lang mag een schorsing duren?", intent="ask_deadline", slots={"role": "ouder"})
    await run(ActionAnswerQuestion(), dispatcher, first)
    block = [m["text"] for m in dispatcher.messages]
    assert block and "5" in block[0]
    dispatcher.messages.clear()
    topic = {"kind": "schorsing", "route": None, "term": None, "question": "ask_deadline"}
    again = make_tracker("en hoe lang dan?", intent="ask_deadline", slots={"role": "ouder", "topic": topic})
    again.events = [{"event": "user", "text": "hoe lang mag een schorsing duren?"}] + \
                   [{"event": "bot", "text": t} for t in block] + [{"event": "user", "text": again.latest_message["text"]}]
    await run(ActionAnswerQuestion(), dispatcher, again)
    assert texts(dispatcher).startswith("Daarop vind ik in mijn bronnen geen duidelijk antwoord")
    # a question that names a word of the block is answered by it ("hoe lang duurt een schorsing
    # maximaal?", "gaat dat ook via DUO?"): shown again
    dispatcher.messages.clear()
    named = make_tracker("hoe lang duurt een schorsing maximaal dan?", intent="ask_deadline", slots={"role": "ouder"})
    named.events = again.events[:-1] + [{"event": "user", "text": named.latest_message["text"]}]
    await run(ActionAnswerQuestion(), dispatcher, named)
    assert [m["text"] for m in dispatcher.messages] == block
    # asked for again: shown again
    dispatcher.messages.clear()
    shown = make_tracker("kun je dat nog eens laten zien, hoe lang mag een schorsing duren?", intent="ask_deadline",
                         slots={"role": "ouder"})
    shown.events = again.events[:-1] + [{"event": "user", "text": shown.latest_message["text"]}]
    await run(ActionAnswerQuestion(), dispatcher, shown)
    assert [m["text"] for m in dispatcher.messages] == block


async def test_a_user_closing_a_topic_the_nlu_could_not_place_gets_a_closing_not_the_menu(dispatcher):
    # Blind chats round 13: "ok top ik stuur wel een mail naar school 👍" got "Het lukt me niet goed
    # om u te begrijpen" and the topic menu
    from actions.conversation import ActionFallback
    events = await run(ActionFallback(), dispatcher, make_tracker("ok top ik stuur wel een mail naar school 👍",
                                                                  intent="nlu_fallback", slots={"misunderstood": 1.0}))
    assert texts(dispatcher) == "Graag gedaan. Heeft u nog een vraag? Typ die gerust."
    assert slot_events(events)["misunderstood"] == 0


async def test_a_jeugdarts_asking_about_the_ggd_task_gets_it(dispatcher):
    # Blind chats round 14: with "jeugdarts" also a word of the ggd role, the GGD term in the
    # question was taken for the writer's job and dropped: a topic menu instead of the GGD's task
    text = ("Een vo-school vraagt mij als jeugdarts om te verklaren of de afwezigheid van een leerling in de "
            "afgelopen 2 maanden terecht was. Hoort dat bij mijn taak?")
    await run(ActionAnswerQuestion(), dispatcher, make_tracker(text, intent="ask_procedure", slots={"role": "ggd"}))
    said = texts(dispatcher)
    assert "GGD" in said and "niet over verzuim dat al is geweest" in said


@pytest.mark.parametrize("slot, knowledge_file, key", [("role", "roles.yml", "roles"),
                                                       ("level", "levels.yml", "levels")])
def test_categorical_slots_list_every_knowledge_id(slot, knowledge_file, key):
    # a role or level added to the knowledge must be a value of its slot in domain.yml, or Rasa
    # treats it as unknown (it warns and features it as unset)
    import yaml
    from pathlib import Path
    root = Path(__file__).resolve().parents[2]
    domain = yaml.safe_load((root / "domain.yml").read_text(encoding="utf-8"))
    knowledge = yaml.safe_load((root / "bot" / "knowledge" / knowledge_file).read_text(encoding="utf-8"))
    assert set(domain["slots"][slot]["values"]) == set(knowledge[key])


# --- round 15: the triage that ends when a question is passed over ----------------------------

def _passed_over(question, user_text, intent="ask_procedure", answered=True):
    events = [{"event": "bot", "text": question},
              {"event": "user", "text": user_text, "parse_data": {"intent": {"name": intent}}}]
    if answered:
        events.append({"event": "bot", "text": "Een schorsing mag niet meer dan 5 dagen zijn. ..."})
    return events


async def test_after_an_answer_the_advice_is_offered_not_sent(dispatcher):
    # round 15: two screens of steps after the answer about bezwaar, unasked
    from bot.engine import load_engine
    question = load_engine().knowledge.questions["level"]["question"]
    slots = {"role": "ouder", "reason": "geschorst", "suspension_days": 5.0}
    tracker = make_tracker("hoe lang mag dat?", slots=slots, active_loop=None)
    tracker.events = _passed_over(question, "hoe lang mag dat?")
    events = await run(ActionGiveAdvice(), dispatcher, tracker)
    assert texts(dispatcher) == "Wilt u ook alle stappen bij uw situatie zien?"
    assert dispatcher.messages[-1]["buttons"] == [{"title": "Toon alle stappen", "payload": "/ask_procedure"}]
    assert "advice_shown" not in slot_events(events)
    # not under a reply that already offers choices, and nothing without a kind
    tracker.events[-1] = {"event": "bot", "text": "...", "data": {"buttons": [{"title": "x", "payload": "/y"}]}}
    dispatcher.messages.clear()
    await run(ActionGiveAdvice(), dispatcher, tracker)
    assert dispatcher.messages == []
    # without an answer in the turn, the advice itself follows
    tracker.events = _passed_over(question, "ze zit nu thuis", intent="describe_situation", answered=False)
    await run(ActionGiveAdvice(), dispatcher, tracker)
    assert "Wat kunt u doen?" in texts(dispatcher)


async def test_without_a_reason_the_advice_says_what_it_depends_on(dispatcher):
    from bot.engine import load_engine
    question = load_engine().knowledge.questions["reason"]["question"]
    tracker = make_tracker("we hebben gezegd dat ze het niet trekt", slots={"role": "ouder", "weeks_absent": 6.0})
    tracker.events = _passed_over(question, "we hebben gezegd dat ze het niet trekt", "describe_situation", False)
    await run(ActionGiveAdvice(), dispatcher, tracker)
    said = texts(dispatcher)
    assert said.startswith("Welke stappen gelden, kan ik nog niet zeggen.") and "• Thuiszitter:" in said
    assert dispatcher.messages[-1]["text"] == question
    # "welke optie moet ik aanvinken?" right after that question: why it matters (not the limits)
    dispatcher.messages.clear()
    tracker = make_tracker("welke optie moet ik aanvinken", intent="help", slots={"role": "school"})
    tracker.events = [{"event": "bot", "text": question}, {"event": "user", "text": "welke optie moet ik aanvinken"}]
    await run(ActionHelp(), dispatcher, tracker)
    assert texts(dispatcher).startswith("Ik vraag dit omdat het de stappen verandert. De reden bepaalt")


async def test_a_triage_question_ends_the_topic_of_an_earlier_answer(dispatcher):
    # round 15: "wat moet de school eigenlijk doen?" got the proces-verbaal of two turns before
    topic = {"kind": None, "route": None, "term": "proces_verbaal", "question": "ask_procedure"}
    tracker = make_tracker(slots={"role": "ouder", "weeks_absent": 6.0, "topic": topic}, active_loop="situation_form")
    tracker.events = [{"event": "user", "text": "krijg ik een boete?"}, {"event": "slot", "name": "topic", "value": topic},
                      {"event": "user", "text": "ze trekt het niet"}]
    events = await run(AskFact_reason(), dispatcher, tracker)
    assert slot_events(events) == {"topic": None}
    # a topic set in this turn (the answer to a question in the message) stays
    tracker.events.append({"event": "slot", "name": "topic", "value": topic})
    assert await run(AskFact_reason(), dispatcher, tracker) == []


async def test_a_question_nothing_answers_after_advice_gets_the_honest_line(dispatcher):
    # round 15: "mag ik info uit ons dossier delen?" got a menu of topics, "... wordt hij 18. houdt
    # het dan op?" a thank-you for a fact
    slots = {"role": "zorg", "advice_shown": "abc"}
    await run(ActionAnswerQuestion(), dispatcher,
              make_tracker("mag ik info uit ons dossier delen met school", intent="ask_procedure", slots=slots))
    assert texts(dispatcher).startswith("Daarop vind ik in mijn bronnen geen duidelijk antwoord")
    dispatcher.messages.clear()
    slots = {"role": "ouder", "reason": "weigert", "weeks_absent": 5.0, "age": 17.0, "level": "mbo"}
    shown = slot_events(await run(ActionGiveAdvice(), dispatcher, make_tracker(slots=slots)))["advice_shown"]
    dispatcher.messages.clear()
    await run(ActionGiveAdvice(), dispatcher, make_tracker("over 5 maanden wordt hij 18. houdt het dan op?",
                                                          slots={**slots, "advice_shown": shown}))
    assert texts(dispatcher).startswith("Daarop vind ik in mijn bronnen geen duidelijk antwoord")


async def test_mijn_taak_asks_for_ones_own_steps(dispatcher):
    # round 15: "jeugdarts ggd. ... is dat mijn taak?" got the definition of ziek
    text = ("jeugdarts ggd. een vo school vraagt me of het ziekteverzuim van een leerling terecht was. "
            "is dat mijn taak?")
    await run(ActionAnswerQuestion(), dispatcher,
              make_tracker(text, intent="ask_about", slots={"role": "ggd"},
                           entities=[{"entity": "kind", "value": "ziek"}]))
    said = texts(dispatcher)
    assert "advies over de schoolgang" in said and not said.startswith("Ziek:")


async def test_a_number_after_the_advice_is_checked_against_its_rule(dispatcher):
    # round 15: "we wilden 3 weken gaan" after the steps for verlof got "dat verandert niets"
    slots = {"role": "ouder", "reason": "verlof"}
    shown = slot_events(await run(ActionGiveAdvice(), dispatcher, make_tracker(slots=slots)))["advice_shown"]
    dispatcher.messages.clear()
    tracker = make_tracker("we wilden 3 weken gaan", slots={**slots, "weeks_absent": 3.0, "advice_shown": shown})
    tracker.events = [{"event": "user", "text": "we wilden 3 weken gaan"},
                      {"event": "slot", "name": "weeks_absent", "value": 3.0}]
    await run(ActionGiveAdvice(), dispatcher, tracker)
    assert "Bij 15 dagen: dan beoordeelt leerplicht de aanvraag." in texts(dispatcher)
    # leave days are no fact of the triage: a new message with them is checked too
    dispatcher.messages.clear()
    tracker = make_tracker("het zijn 12 schooldagen", slots={**slots, "weeks_absent": 3.0, "advice_shown": shown})
    tracker.events = [{"event": "user", "text": "het zijn 12 schooldagen"}]
    await run(ActionGiveAdvice(), dispatcher, tracker)
    assert "Bij 12 dagen: dan beoordeelt leerplicht de aanvraag." in texts(dispatcher)
    # the same story again (no number changed) is only "that changes nothing"
    dispatcher.messages.clear()
    tracker.events = [{"event": "user", "text": "het zijn 12 schooldagen"}, {"event": "bot", "text": "..."},
                      {"event": "user", "text": "het zijn 12 schooldagen"}]
    await run(ActionGiveAdvice(), dispatcher, tracker)
    assert texts(dispatcher).startswith("Dank u. Dat verandert de stappen")


async def test_a_new_case_at_the_front_desk_starts_from_scratch(dispatcher):
    # round 16: "andere vraag: moeder belt dat ..." kept the disagreement of the case before
    slots = {"role": "leerplicht", "region": "holland-rijnland", "reason": "vakantie", "disagreement": True,
             "weeks_absent": 3.0, "advice_shown": "abc", "topic": {"kind": "luxe"}}
    tracker = make_tracker("andere vraag: moeder belt dat ze net verhuisd is en haar kinderen nog geen school hebben",
                           slots=slots)
    events = slot_events(await run(ActionReadFacts(), dispatcher, tracker))
    assert events["disagreement"] is None and events["weeks_absent"] is None and events["advice_shown"] is None
    assert events["reason"] == "niet_ingeschreven" and "role" not in events and "region" not in events
    # an ordinary next message keeps the case, and so does one more question
    for text in ("en ze is 12", "nog een vraag: moet ik dat melden?"):
        events = slot_events(await run(ActionReadFacts(), dispatcher, make_tracker(text, slots=slots)))
        assert "disagreement" not in events and "weeks_absent" not in events


async def test_a_follow_up_question_that_starts_a_new_triage_is_not_left_bare(dispatcher):
    # round 16: "ze heeft thuis ook een begeleider vanuit de zorg, kan die mee naar school?" after
    # earlier answers got only "Hoe vaak is uw kind dit kwartaal ziek gemeld?"
    from bot.engine import load_engine
    question = load_engine().knowledge.questions["sick_reports_quarter"]["question"]
    text = "ze heeft thuis ook een begeleider vanuit de zorg, kan die mee naar school?"
    slots = {"role": "ouder", "reason": "ziek", "care_involved": True}
    tracker = make_tracker(text, slots=slots, active_loop="situation_form")
    from bot.engine import Situation, render
    # (what the situation is called was said before, as in the chat)
    intro = [{"event": "bot", "text": r.text}
             for r in render.render_situation_intro(load_engine(), Situation(**slots))]
    tracker.events = intro + [
        {"event": "user", "text": "wat is die cto?"}, {"event": "bot", "text": "Melding bij de CTO ..."},
        {"event": "user", "text": text, "parse_data": {"intent": {"name": "describe_situation"}}}]
    await run(AskFact_sick_reports_quarter(), dispatcher, tracker)
    said = [m["text"] for m in dispatcher.messages]
    assert said[-1] == question and any(t.startswith("Daarop vind ik in mijn bronnen geen duidelijk antwoord") for t in said)
    # the first message of a conversation: its question is what the advice at the end is for
    dispatcher.messages.clear()
    tracker.events = intro + tracker.events[-1:]
    await run(AskFact_sick_reports_quarter(), dispatcher, tracker)
    assert not any(m["text"].startswith("Daar kan ik") for m in dispatcher.messages)


def test_a_story_whose_question_answers_yml_answers_gets_it_before_the_triage():
    # round 16: "... 'vraag maar vrijstelling aan want wij hebben geen passende plek'. klopt dat
    # wel??" got only "Waarom is uw kind niet op school?"
    from actions.triage import _answer_in_triage
    text = ("dochter 15 heeft een zware angststoornis en zit al maanden thuis. school zei laatst 'misschien "
            "moet u maar vrijstelling aanvragen want wij hebben geen passende plek'. klopt dat wel??")
    tracker = make_tracker(text, slots={"role": "ouder", "reason": "ziek", "age": 15.0}, active_loop="situation_form",
                           entities=[{"entity": "kind", "value": "vrijstelling"}])
    tracker.events = [{"event": "user", "text": text, "parse_data": {"intent": {"name": "describe_situation"}}}]
    answer = "\n".join(r.text for r in _answer_in_triage(tracker, "describe_situation", text))
    assert "Nooit omdat er geen passende school of zorg" in answer and "Bron:" in answer


async def test_steps_said_before_are_not_the_fallback_for_an_unclear_question(dispatcher):
    # round 17: "en in de tussentijd?" got the verwijdering checklist of the turn before again
    from bot.engine import Situation, load_engine, render
    slots = {"role": "school", "reason": "verwijderd", "level": "vo", "age": 14.0}
    engine = load_engine()
    situation = Situation(**slots)
    plan = render.render_plan(engine, engine.plan_for(situation), situation)
    tracker = make_tracker("en in de tussentijd? hij kan echt niet terug in de klas", intent="nlu_fallback", slots=slots)
    tracker.events = [{"event": "bot", "text": r.text} for r in plan] + [
        {"event": "user", "text": "en in de tussentijd? hij kan echt niet terug in de klas"}]
    await run(ActionFallback(), dispatcher, tracker)
    assert texts(dispatcher).startswith("Daarop vind ik in mijn bronnen geen duidelijk antwoord")


async def test_someone_the_writer_will_contact_is_not_the_writer(dispatcher):
    # round 17: an ib'er's "ok helder, dan bel ik de lpa" switched to leerplicht's checklist
    entities = [{"entity": "role", "value": "leerplicht", "start": 25, "end": 28}]
    tracker = make_tracker("ok helder, dan bel ik de lpa", intent="state_role", entities=entities,
                           slots={"role": "school"})
    assert "role" not in slot_events(await run(ActionReadFacts(), dispatcher, tracker))
    # saying who one is still changes it
    tracker = make_tracker("sorry, ik ben de lpa", intent="state_role",
                           entities=[{"entity": "role", "value": "leerplicht", "start": 17, "end": 20}],
                           slots={"role": "school"})
    assert slot_events(await run(ActionReadFacts(), dispatcher, tracker))["role"] == "leerplicht"


def test_a_story_question_may_be_about_a_sentence_two_before_it():
    # round 16: "mijn zoon is 17 en is gestopt met zijn mbo. hij wil gaan werken. mag dat gewoon?"
    # got only "Waarom ...?"; a question for the steps ("wat nu?") waits for the advice
    from actions.triage import _answer_in_triage
    text = ("mijn zoon is 17 en is gestopt met zijn mbo (niveau 2, eerste jaar). hij wil gaan werken "
            "bij een bouwbedrijf van een kennis. mag dat gewoon?")
    tracker = make_tracker(text, slots={"role": "ouder", "age": 17.0, "level": "mbo"}, active_loop="situation_form")
    tracker.events = [{"event": "user", "text": text}]
    answer = "\n".join(r.text for r in _answer_in_triage(tracker, "describe_situation", text))
    assert "De leerplicht geldt tot het achttiende levensjaar" in answer
    steps = text.replace("mag dat gewoon?", "wat nu?")
    tracker = make_tracker(steps, slots={"role": "ouder", "age": 17.0, "level": "mbo"}, active_loop="situation_form")
    tracker.events = [{"event": "user", "text": steps}]
    assert _answer_in_triage(tracker, "describe_situation", steps) == []


async def test_a_question_in_the_subject_read_as_out_of_scope_gets_the_honest_line(dispatcher):
    # round 17: "moet die aanvraag op papier en hoeveel weken van tevoren?" about verlof got "Daar
    # kan ik u helaas niet mee helpen"; a clear off-topic question keeps that response
    from actions.conversation import ActionOffTopic
    slots = {"role": "ouder", "reason": "verlof"}
    tracker = make_tracker("moet die aanvraag op papier en hoeveel weken van tevoren", intent="out_of_scope", slots=slots)
    tracker.latest_message["intent_ranking"] = [{"name": "out_of_scope", "confidence": 0.73},
                                                {"name": "ask_deadline", "confidence": 0.24}]
    await run(ActionOffTopic(), dispatcher, tracker)
    assert texts(dispatcher).startswith("Daarop vind ik in mijn bronnen geen duidelijk antwoord")
    dispatcher.messages.clear()
    tracker = make_tracker("wat is het weer morgen?", intent="out_of_scope", slots=slots)
    tracker.latest_message["intent_ranking"] = [{"name": "out_of_scope", "confidence": 0.98},
                                                {"name": "greet", "confidence": 0.01}]
    await run(ActionOffTopic(), dispatcher, tracker)
    assert dispatcher.messages[0].get("response") == "utter_out_of_scope"
    # blind round 18: "En voor studenten van 19?" after an answer about wettelijk verzuim is
    # elliptical: about the subject, whatever the classifier ranked second
    dispatcher.messages.clear()
    tracker = make_tracker("En voor studenten van 19?", intent="out_of_scope",
                           slots={"role": "school", "topic": {"kind": "wettelijk"}})
    tracker.latest_message["intent_ranking"] = [{"name": "out_of_scope", "confidence": 0.9},
                                                {"name": "chitchat", "confidence": 0.05}]
    await run(ActionOffTopic(), dispatcher, tracker)
    assert texts(dispatcher).startswith("Daarop vind ik in mijn bronnen geen duidelijk antwoord")
    # round 20: a question that names school life ("de klas in") is in the subject too
    dispatcher.messages.clear()
    tracker = make_tracker("Mag een begeleider van de zorgaanbieder dan gewoon mee de klas in?", intent="out_of_scope",
                           slots={"role": "school", "reason": "ziek"})
    tracker.latest_message["intent_ranking"] = [{"name": "out_of_scope", "confidence": 0.9},
                                                {"name": "chitchat", "confidence": 0.05}]
    await run(ActionOffTopic(), dispatcher, tracker)
    assert texts(dispatcher).startswith("Daarop vind ik in mijn bronnen geen duidelijk antwoord")


async def test_a_state_role_message_that_asks_gets_its_answer(dispatcher):
    # blind round 18: "Ik ben verzuimcoördinator op een mbo-college. Geldt de regel van 16 uur in
    # 4 weken ook voor onze studenten van 17?" got only "Duidelijk: antwoorden voor school"
    text = "Ik ben verzuimcoördinator op een mbo-college. Geldt de regel van 16 uur in 4 weken ook voor onze studenten van 17?"
    tracker = make_tracker(text, intent="state_role", slots={"role": "school", "level": "mbo"})
    tracker.latest_message["intent_ranking"] = [{"name": "state_role", "confidence": 0.57},
                                                {"name": "ask_deadline", "confidence": 0.28}]
    await run(ActionSetRole(), dispatcher, tracker)
    said = texts(dispatcher)
    assert "16 uur" in said and "Duidelijk: antwoorden" not in said
    # a role statement that asks nothing answerable keeps the role's invitation
    dispatcher.messages.clear()
    tracker = make_tracker("ik ben ib'er, mag ik iets vragen?", intent="state_role", slots={"role": "school"})
    tracker.latest_message["intent_ranking"] = [{"name": "state_role", "confidence": 0.9},
                                                {"name": "ask_about", "confidence": 0.05}]
    await run(ActionSetRole(), dispatcher, tracker)
    assert texts(dispatcher).startswith("Duidelijk: antwoorden voor school")


async def test_a_story_with_only_a_length_of_absence_starts_the_triage_not_a_dead_end(dispatcher):
    # "ik ben ib'er. leerling is 3 weken niet op school geweest. wat moet ik melden" fell below
    # the NLU threshold (describe_situation 0.41) and got "Sorry, dat begreep ik niet goed"
    # (2026-11-25): the length of absence is a story; the triage asks the reason.
    text = "ik ben ib'er. leerling is 3 weken niet op school geweest. wat moet ik melden"
    events = await run(ActionFallback(), dispatcher, make_tracker(
        text, intent="nlu_fallback", slots={"role": "school", "weeks_absent": 3.0}))
    assert "begreep ik niet" not in texts(dispatcher)
    assert any(e.get("event") == "followup" and e.get("name") == "situation_form" for e in events)
    # an age alone tells no absence: still asked to rephrase
    dispatcher.messages.clear()
    events = await run(ActionFallback(), dispatcher, make_tracker(
        "hij is 12 jaar blub", intent="nlu_fallback", slots={"age": 12.0}))
    assert not any(e.get("event") == "followup" for e in events)


async def test_another_child_starts_a_new_case(dispatcher):
    # blind round 18: "en nu wil mijn dochter van 10 ook niet meer, ze heeft elke ochtend
    # buikpijn ..." after a son of 6 kept at home by the school got the son's case
    slots = {"role": "ouder", "reason": "geen_passende_plek", "age": 6.0, "weeks_absent": 3.0, "advice_shown": "abc"}
    tracker = make_tracker("en nu wil mijn dochter van 10 ook niet meer, ze heeft elke ochtend buikpijn", slots=slots)
    events = slot_events(await run(ActionReadFacts(), dispatcher, tracker))
    assert events["age"] == 10 and events["weeks_absent"] is None and events["advice_shown"] is None
    assert "role" not in events
    # the same child named with its own age, and a message that names no other child, keep it
    for text in ("mijn zoon van 6 zit nog steeds thuis", "hij zit nog steeds thuis"):
        events = slot_events(await run(ActionReadFacts(), dispatcher, make_tracker(text, slots=slots)))
        assert "advice_shown" not in events and "weeks_absent" not in events


async def test_an_unanswerable_question_later_in_a_conversation_gets_the_honest_line_not_the_menu(dispatcher):
    # blind round 18: "moet ik de moeder laten weten dat ik haar dochter meld?" in a school's
    # conversation whose reason was not known yet got "Waar gaat uw vraag over?" and topic buttons
    from actions.replies import no_answer
    tracker = make_tracker("hoe laat is het?", intent="ask_about", slots={"role": "school"})
    tracker.events = [{"event": "user", "text": "het gaat om een meisje uit groep 6"},
                      {"event": "bot", "text": "Waarom is de leerling niet op school?"},
                      {"event": "user", "text": "hoe laat is het?"}]
    await run(ActionAnswerQuestion(), dispatcher, tracker)
    assert texts(dispatcher) == no_answer("school") and not dispatcher.messages[-1].get("buttons")
    # the first message of a conversation still gets the topics to choose from
    dispatcher.messages.clear()
    await run(ActionAnswerQuestion(), dispatcher, make_tracker("hoe laat is het?", intent="ask_about"))
    assert texts(dispatcher).startswith("Waar gaat uw vraag over?")


async def test_a_question_read_as_asking_for_a_person_is_answered_not_handed_off(dispatcher):
    # blind round 18: "controleert iemand dan wat we thuis doen?" (request_human 0.70) got the
    # contact route and a summary; a real request still gets them
    from actions.replies import no_answer
    slots = {"role": "ouder", "reason": "vrijstelling"}
    tracker = make_tracker("controleert iemand dan wat we thuis doen?", intent="request_human", slots=slots)
    tracker.latest_message["intent_ranking"] = [{"name": "request_human", "confidence": 0.70},
                                                {"name": "chitchat", "confidence": 0.13}]
    await run(ActionHandoff(), dispatcher, tracker)
    assert texts(dispatcher) == no_answer("ouder")
    dispatcher.messages.clear()
    for text in ("kan ik iemand spreken?", "ik wil dit graag even met een leerplichtambtenaar overleggen, kan dat via jullie?"):
        dispatcher.messages.clear()
        await run(ActionHandoff(), dispatcher, make_tracker(text, intent="request_human", slots=slots))
        assert "Praten met een mens" in texts(dispatcher), text


async def test_an_unplaced_question_naming_a_body_is_about_that_body(dispatcher):
    # blind round 18: "wat is die geschillencommissie precies ...?" during a thuiszitter's triage
    # (read as not understood) got the langdurig relatief verzuim checklist
    slots = {"role": "ouder", "reason": "geen_passende_plek", "weeks_absent": 7.0, "enrolled": True}
    tracker = make_tracker("wat houdt die geschillencommissie precies in voor de school en ons?",
                           intent="nlu_fallback", slots=slots,
                           entities=[{"entity": "route", "value": "gpo", "start": 14, "end": 33}])
    await run(ActionFallback(), dispatcher, tracker)
    said = texts(dispatcher)
    assert "Geschillencommissie" in said and "Over langdurig relatief verzuim" not in said, said


def test_a_story_with_two_questions_gets_both_answered():
    # blind round 18: "... is hij nu een thuiszitter?? krijg ik een boete?" got only the boete
    from actions.triage import _answer_in_triage
    text = ("mijn zoon is 14 en gaat sinds 5 weken niet meer, elke ochtend buikpijn. ik meld hem elke dag ziek. "
            "is hij nu een thuiszitter?? krijg ik een boete?")
    slots = {"role": "ouder", "age": 14.0, "weeks_absent": 5.0, "reason": "ziek"}
    tracker = make_tracker(text, slots=slots, active_loop="situation_form")
    tracker.events = [{"event": "user", "text": text}]
    answer = "\n".join(r.text for r in _answer_in_triage(tracker, "describe_situation", text))
    assert answer.startswith("Nee, volgens de handreiking niet.")
    assert "boete" in answer


async def test_a_story_that_asks_for_the_steps_gets_them_before_any_question(dispatcher):
    # blind round 18: "We willen een leerling uit 3 havo (15 jr) verwijderen ... Welke stappen
    # moeten we doorlopen?" got "Hoeveel weken ...?" first
    text = "We willen een leerling uit 3 havo (15 jr) verwijderen na een incident. Welke stappen moeten we doorlopen?"
    slots = {"role": "school", "reason": "verwijderd", "age": 15.0, "level": "vo"}
    tracker = make_tracker(text, slots=slots, active_loop="situation_form")
    tracker.events = [{"event": "user", "text": text}]
    assert await ValidateSituationForm().required_slots([], dispatcher, tracker, DOMAIN) == []
    # the same story asking whether it may ("mag dat?") is refined by the triage first
    text = "We willen een leerling uit 3 havo (15 jr) verwijderen na een incident. Mag dat zomaar?"
    tracker = make_tracker(text, slots=slots, active_loop="situation_form")
    tracker.events = [{"event": "user", "text": text}]
    assert await ValidateSituationForm().required_slots([], dispatcher, tracker, DOMAIN) != []
    # and so is a story whose kind the facts do not settle yet
    text = "Een leerling is al een tijd weg. Wat moeten we doen?"
    tracker = make_tracker(text, slots={"role": "school"}, active_loop="situation_form")
    tracker.events = [{"event": "user", "text": text}]
    assert await ValidateSituationForm().required_slots([], dispatcher, tracker, DOMAIN) != []


async def test_asking_who_and_how_to_reach_gets_the_contact_route(dispatcher):
    # round 20: "wie is hier eigenlijk de leerplichtambtenaar, hoe kom ik daaraan" got the honest line
    slots = {"role": "ouder", "reason": "weigert", "region": "kop-van-noord-holland"}
    await run(ActionAnswerQuestion(), dispatcher, make_tracker(
        "wie is hier eigenlijk de leerplichtambtenaar, hoe kom ik daaraan", intent="ask_about", slots=slots))
    assert "Praten met een mens" in texts(dispatcher)


async def test_a_known_number_repeated_in_a_question_answers_yml_answers_is_not_checked(dispatcher):
    # round 20: "moet hij die 3 dagen thuis dan wel werk van school krijgen?" got the 5-day rule
    slots = {"role": "ouder", "reason": "geschorst", "suspension_days": 3.0, "age": 10.0}
    await run(ActionAnswerQuestion(), dispatcher, make_tracker(
        "moet hij die 3 dagen thuis dan wel werk van school krijgen?", intent="ask_procedure", slots=slots))
    said = texts(dispatcher)
    assert "Bij 3 dagen" not in said and "schoolwerk" in said.lower(), said


def test_a_child_that_stops_going_is_no_dispute():
    # round 20: "en als ik gewoon niet meer ga?" got the routes of a disagreement with the school
    from actions import followups
    from bot.engine import load_engine
    engine = load_engine()
    said = engine.what_if_facts("en als ik gewoon niet meer ga?")
    assert said.get("reason") == "weigert"
    assert not followups.supposes_only_a_disagreement(engine, said, "en als ik gewoon niet meer ga?")
    assert followups.supposes_only_a_disagreement(engine, engine.what_if_facts("en als ze blijven weigeren?"),
                                                  "en als ze blijven weigeren?")


async def test_a_later_question_that_tells_no_reason_gets_no_possible_kinds_plan(dispatcher):
    # blind round 19: "kan ik ook met iemand praten zonder dat mijn moeder het weet?" from a pupil
    # who is often late (school level unknown) got every te-laat step (at 12 the level is not
    # implied: groep 8 or the brugklas)
    slots = {"role": "jongere", "reason": "te_laat", "age": 12.0, "late_count": 7.0}
    await run(ActionAnswerQuestion(), dispatcher, make_tracker(
        "kan ik ook met iemand praten zonder dat mijn moeder het weet?", intent="ask_procedure", slots=slots))
    assert "Na 3 keer te laat" not in texts(dispatcher)


async def test_a_question_left_open_in_the_triage_that_names_a_term_gets_its_explanation(dispatcher):
    # dev round 22: "... zwemt wedstrijden, soms op vrijdag. is dat een gewichtige omstandigheid?"
    # got "Daarop vind ik ... geen duidelijk antwoord" before the reason question
    from bot.engine import load_engine
    question = load_engine().knowledge.questions["reason"]["question"]
    text = "en mn oudste zoon groep 7 zwemt wedstrijden, soms op vrijdag. is dat een gewichtige omstandigheid?"
    tracker = make_tracker(text, slots={"role": "ouder", "level": "po"}, active_loop="situation_form")
    tracker.events = [{"event": "user", "text": "mag mijn dochter vrij met het suikerfeest"},
                      {"event": "bot", "text": "Over verlof ..."},
                      {"event": "user", "text": text, "parse_data": {"intent": {"name": "describe_situation"}}}]
    await run(AskFact_reason(), dispatcher, tracker)
    said = [m["text"] for m in dispatcher.messages]
    assert said[0].startswith("Gewichtige omstandigheden: Verlof vanwege gewichtige omstandigheden tot en met 10")
    assert not any(t.startswith("Daarop vind ik") for t in said) and said[-1] == question


async def test_a_question_about_the_situation_read_as_help_is_answered(dispatcher):
    # dev round 22: "Wat is onze rol hier formeel?" from leerplicht about a verwijdering got the
    # assistant's limits and the topic menu
    slots = {"role": "leerplicht", "reason": "verwijderd", "level": "vo", "age": 15.0}
    tracker = make_tracker("Wat is onze rol hier formeel?", intent="help", slots=slots)
    tracker.latest_message["intent_ranking"] = [{"name": "help", "confidence": 0.74},
                                                {"name": "out_of_scope", "confidence": 0.11}]
    await run(ActionHelp(), dispatcher, tracker)
    said = texts(dispatcher)
    assert "Checklist leerplicht" in said and "Waar kan ik u mee helpen?" not in said
    # asking about the assistant itself, or outside a situation, still gets the limits and menu
    for text, slots in (("wat kun je allemaal?", slots), ("Wat is onze rol hier formeel?", {"role": "leerplicht"})):
        dispatcher.messages.clear()
        await run(ActionHelp(), dispatcher, make_tracker(text, intent="help", slots=slots))
        assert dispatcher.messages[-1]["text"] == "Waar kan ik u mee helpen?"


async def test_a_brother_who_now_refuses_too_is_another_child(dispatcher):
    # blind round 19: "en nu wil haar broertje van 12 ook niet meer" got the sister's 5 weeks of
    # langdurig relatief verzuim
    slots = {"role": "ouder", "reason": "weigert", "weeks_absent": 5.0, "age": 15.0, "level": "vo"}
    tracker = make_tracker("en nu wil haar broertje van 12 ook niet meer want 'zus mag ook thuis blijven'. wat moeten we daarmee",
                           slots=slots)
    found = slot_events(await run(ActionReadFacts(), dispatcher, tracker))
    assert found["weeks_absent"] is None and found["level"] is None and found["age"] == 12
    assert found.get("reason", "weigert") == "weigert" and "role" not in found


async def test_a_role_word_after_an_article_in_a_question_is_not_the_writer(dispatcher):
    # dev round 22: "Vanaf welke leeftijd spreken we de jongere zelf aan?" made a leerplicht
    # officer a pupil ("Je bent zelf leerling ...") for the rest of the chat
    text = "Vanaf welke leeftijd spreken we de jongere zelf aan?"
    start = text.index("jongere")
    tagged = [{"entity": "role", "value": "jongere", "start": start, "end": start + len("jongere")}]
    found = slot_events(await run(ActionReadFacts(), dispatcher, make_tracker(text, intent="ask_deadline", entities=tagged)))
    assert "role" not in found
    # saying it of oneself still counts
    text = "ik ben de leerling zelf, mag ik stoppen?"
    tagged = [{"entity": "role", "value": "jongere", "start": 10, "end": 18}]
    assert text[10:18] == "leerling"
    found = slot_events(await run(ActionReadFacts(), dispatcher, make_tracker(text, intent="ask_procedure", entities=tagged)))
    assert found.get("role") == "jongere"


def test_a_block_said_before_is_shared_by_a_word_that_names_a_step_not_by_first_letters():
    from actions.answers import _shares_a_word
    from bot.engine.model import Reply
    block = [Reply(text="☐ Heeft het verzuimbeleid schriftelijk vastgelegd.\n☐ Meldt via het DUO-verzuimloket.")]
    # round 18: "schrijven" is no "schriftelijk"; "melden" is in too many steps to say which
    assert not _shares_a_word("kan mijn moeder niet gewoon een briefje schrijven?", block)
    assert not _shares_a_word("moeten wij ons ergens melden dat we terug zijn?", block)
    # the name of a channel, or a word of the block that says which step, does
    assert _shares_a_word("gaat dat ook via DUO?", block)
    assert _shares_a_word("moet het verzuimbeleid op papier?", block)


async def test_two_amounts_to_choose_between_ask_which_rule_holds(dispatcher):
    # dev round 22: "Thuiszitter volgens welke definitie dan? 4 weken of 3 maanden?" got the
    # 4-week threshold checked against "4 weken"
    tracker = make_tracker("Thuiszitter volgens welke definitie dan? 4 weken of 3 maanden?", intent="ask_deadline",
                           entities=[{"entity": "kind", "value": "thuiszitter"}], slots={"role": "leerplicht"})
    await run(ActionAnswerQuestion(), dispatcher, tracker)
    said = texts(dispatcher)
    assert said.startswith("In de Kamerbrief van 2020 telde het rijk als thuiszitter") and "Bij 4 weken" not in said


async def test_which_samenwerkingsverband_is_ours_names_the_regions_own(dispatcher):
    # dev round 22: "welk samenwerkingsverband is dat dan bij ons, we wonen in katwijk" got the
    # steps of the situation again
    tracker = make_tracker("welk samenwerkingsverband is dat dan bij ons?", intent="ask_about",
                           slots={"role": "ouder", "region": "holland-rijnland"})
    await run(ActionAnswerQuestion(), dispatcher, tracker)
    said = texts(dispatcher)
    assert "Duin- en Bollenstreek (28.12)" in said and "§1 Inleiding (voetnoot 1)" in said
    assert "Welke gemeente bij welk samenwerkingsverband" in said
    # a form the samenwerkingsverband uses is no question which one it is (round 16 replayed)
    from actions.answers import which_body_asked
    assert which_body_asked("welk formulier gebruikt het swv daar voor? kan het nergens vinden") is None
    # what a samenwerkingsverband is, asked in general, is still explained
    dispatcher.messages.clear()
    await run(ActionAnswerQuestion(), dispatcher, make_tracker("wat is een samenwerkingsverband?", intent="ask_about",
                                                               slots={"role": "ouder", "region": "holland-rijnland"}))
    assert "28.12" not in texts(dispatcher)


def test_what_may_i_expect_asks_for_the_whole_plan():
    # dev round 22: "wat mag ik van ze verwachten eigenlijk" got leerplicht's feedback step
    from bot.engine import load_engine
    from bot.engine.focus import focused_steps
    engine = load_engine()
    plan = engine.next_steps("risicoleerling", "ouder")
    assert focused_steps(engine.knowledge, plan, "school stuurt geen huiswerk. wat mag ik van ze verwachten eigenlijk") == []


async def test_a_question_read_as_yes_is_answered(dispatcher):
    # dev round 22: "eerlijk gezegd is hij thuis veel rustiger. wat als wij dat zelf ook wel een
    # goed idee vinden" after a question about vrijstelling got "Goed. Vertel gerust ..."
    from actions.conversation import ActionAffirm
    topic = {"kind": None, "route": None, "term": "vrijstelling", "question": "ask_about"}
    text = "eerlijk gezegd is hij thuis veel chiller en rustiger. wat als wij dat zelf ook wel een goed idee vinden"
    await run(ActionAffirm(), dispatcher, make_tracker(text, intent="affirm", slots={"role": "ouder", "topic": topic}))
    assert texts(dispatcher).startswith("Nee, meestal niet.")
    # a plain yes is still a yes
    dispatcher.messages.clear()
    await run(ActionAffirm(), dispatcher, make_tracker("ja hoor", intent="affirm"))
    from actions.conversation import PLAIN_YES
    assert texts(dispatcher) == PLAIN_YES


async def test_where_to_go_when_the_school_does_not_listen_gives_the_routes(dispatcher):
    # replayed round 20: "waar kan ik terecht als de school gewoon niet luistert" after a
    # verwijdering got the steps again
    slots = {"role": "ouder", "reason": "verwijderd", "level": "vo", "age": 15.0}
    events = await run(ActionAnswerQuestion(), dispatcher, make_tracker(
        "waar kan ik terecht als de school gewoon niet luistert", intent="ask_procedure", slots=slots))
    said = texts(dispatcher)
    assert "Geschillencommissie Passend Onderwijs" in said and "Wat kunt u doen?" not in said
    assert slot_events(events)["disagreement"] is True


async def test_a_question_hardly_off_topic_in_a_situation_gets_the_honest_line(dispatcher):
    # blind round 22: "welke documenten moet ze aanleveren?" about leave, read as out of scope at
    # 0.55, got "Daar kan ik u helaas niet mee helpen"
    from actions.conversation import ActionOffTopic
    from actions.replies import no_answer
    tracker = make_tracker("welke documenten moet ze aanleveren?", intent="out_of_scope",
                           slots={"role": "leerplicht", "reason": "verlof", "weeks_absent": 3.0})
    tracker.latest_message["intent_ranking"] = [{"name": "out_of_scope", "confidence": 0.55},
                                                {"name": "help", "confidence": 0.22}]
    await run(ActionOffTopic(), dispatcher, tracker)
    assert texts(dispatcher) == no_answer("leerplicht")


def test_asking_whether_to_do_something_oneself_is_asking_for_ones_steps():
    # blind round 22 (after its judging): "moet ik zelf nog iets doen nu?" got the honest line
    # instead of the parent's steps said before
    from actions import followups
    assert followups.WHAT_TO_DO.search("ok fijn dat dat bestaat. moet ik zelf nog iets doen nu?")
    assert not followups.WHAT_TO_DO.search("moet ik de brief bewaren?")


async def test_another_situation_supposed_is_no_number_of_the_known_one(dispatcher):
    # make run check of stop 22: "eerlijk gezegd vind ik het allemaal te veel. wat als wij hem
    # gewoon een week thuishouden" during a schorsing of 3 days got "Bij 5 dagen: dat blijft binnen
    # die grens" (the week read as the schorsing)
    from actions.conversation import ActionFallback
    slots = {"role": "ouder", "reason": "geschorst", "suspension_days": 3.0, "age": 14.0, "level": "vo"}
    tracker = make_tracker("eerlijk gezegd vind ik het allemaal te veel. wat als wij hem gewoon een week thuishouden",
                           intent="nlu_fallback", slots=slots)
    await run(ActionFallback(), dispatcher, tracker)
    said = texts(dispatcher)
    assert "Bij 5 dagen" not in said and "ongeoorloofd verzuim" in said
