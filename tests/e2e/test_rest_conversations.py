"""Main journeys over the real REST channel, checking what the answers say."""
import re

import pytest

from tests.e2e.client import Conversation, answer_until_advice

pytestmark = pytest.mark.e2e


def test_health_checks_answer(assistant):
    import requests
    assert requests.get(f"{assistant.rasa_url}/webhooks/rest/health", timeout=5).status_code == 200
    assert requests.get(f"{assistant.action_url}/health", timeout=5).status_code == 200


def test_greeting_offers_roles(assistant):
    talk = Conversation(assistant.rest_url)
    answer = talk.say("Hallo")
    assert "Verzuimwijzer" in talk.text(answer)
    assert {b["title"] for b in talk.buttons(answer)} >= {"Ik ben ouder of verzorger"}


def test_direct_question_about_suspension(assistant):
    talk = Conversation(assistant.rest_url)
    text = talk.text(talk.say("Mijn kind is geschorst, hoe lang mag dat?"))
    assert "5 dagen" in text
    assert re.search(r"schriftelijk|op papier|brief", text, re.I)
    assert "bezwaar" in text.lower()
    assert "inspectie" in text.lower() and "leerplicht" in text.lower()
    assert "Bron: Handreiking schoolverzuim 2017-2018, §2a" in text


def test_parent_triage_gives_numbered_steps_with_source(assistant):
    talk = Conversation(assistant.rest_url)
    answer = talk.say("de school heeft hem geschorst")
    # Nothing says who is asking, so the triage asks that first.
    assert "Wie bent u" in talk.text(answer)
    answer = answer_until_advice(talk, talk.say("ik ben zijn moeder"))
    text = talk.text(answer)
    assert re.search(r"^\s*1\. ", text, re.M), text
    assert "Bron: Handreiking schoolverzuim 2017-2018" in text
    assert any("plan" in c for c in talk.customs(answer))


def test_staff_gets_a_checklist_with_duo(assistant):
    talk = Conversation(assistant.rest_url)
    talk.say("ik ben intern begeleider")
    answer = answer_until_advice(
        talk, talk.say("een leerling uit de brugklas van 14 is al 6 weken niet op school, hij wil niet"))
    text = talk.text(answer)
    assert "☐" in text and "DUO-verzuimloket" in text
    assert "De leerling wil niet naar school" in text


def test_correction_changes_the_answer(assistant):
    talk = Conversation(assistant.rest_url)
    talk.say("ik ben leerkracht")
    before = talk.text(answer_until_advice(
        talk, talk.say("een leerling van 14 op het vo is al 6 weken niet op school, hij wil niet")))
    assert "thuiszitter" in before.lower()
    after = talk.text(answer_until_advice(talk, talk.say("nee sorry, het is 3 weken")))
    # 3 weeks is not "langer dan 4 weken": no longer a thuiszitter, but wettelijk verzuim
    # (16 hours in 4 weeks) still applies.
    assert "Langdurig relatief verzuim:" not in after and "Thuiszitter:" not in after
    assert "Wettelijk verzuim" in after


def test_disagreement_explains_routes(assistant):
    talk = Conversation(assistant.rest_url)
    text = talk.text(talk.say("we zijn het niet eens met de school, wat kan ik doen?")).lower()
    assert "bron:" in text
    assert any(route in text for route in ("onderwijsconsulent", "geschil", "ondersteuningsplan"))


def test_handoff_gives_contact_route_and_summary(assistant):
    talk = Conversation(assistant.rest_url)
    talk.say("mijn dochter van 9 zit al 5 weken thuis want de school kan haar niet aan")
    text = talk.text(talk.say("ik wil met een mens praten"))
    assert "leerplicht" in text.lower() or "samenwerkingsverband" in text.lower()
    assert "5 weken" in text and "9" in text


def test_fallback_never_dead_ends(assistant):
    talk = Conversation(assistant.rest_url)
    talk.say("xkcd qwrtz blub")
    second = talk.say("xkcd qwrtz blub!!")
    assert any(b["payload"] == "/request_human" for b in talk.buttons(second))


def test_out_of_scope_says_what_it_can_do(assistant):
    talk = Conversation(assistant.rest_url)
    text = talk.text(talk.say("wat voor weer wordt het morgen in leiden?"))
    assert "schoolverzuim" in text.lower()


def test_conversation_survives_in_the_tracker_store(assistant):
    """The same sender continues where it was (what the widget relies on after a reload)."""
    talk = Conversation(assistant.rest_url)
    talk.say("mijn zoon is geschorst")
    again = Conversation(assistant.rest_url, sender=talk.sender)
    text = again.text(again.say("ik ben zijn vader"))
    assert "Wie bent u" not in text


def test_personal_data_is_not_echoed(assistant):
    talk = Conversation(assistant.rest_url)
    text = talk.text(talk.say("ik wil met iemand praten, mijn nummer is 06-12345678 en bsn 111222333"))
    assert "12345678" not in text and "111222333" not in text


def _stored_events(assistant, sender: str) -> int:
    import sqlite3
    with sqlite3.connect(str(assistant.var_dir / "tracker.db")) as db:
        return db.execute("SELECT COUNT(*) FROM events WHERE sender_id = ?", (sender,)).fetchone()[0]


def test_expulsion_wording_starts_the_triage_and_deletes_nothing(assistant):
    """'verwijderen' is also what a school does to a pupil: never the delete-my-chat command."""
    talk = Conversation(assistant.rest_url)
    text = talk.text(talk.say("de school wil mijn zoon verwijderen"))
    assert "verwijderd" not in text.lower() or "gesprek" not in text.lower(), text
    assert "?" in text  # a triage question
    assert _stored_events(assistant, talk.sender) > 0


def test_deleting_the_conversation_asks_first(assistant):
    talk = Conversation(assistant.rest_url)
    talk.say("mijn dochter is geschorst")
    answer = talk.say("verwijder mijn gesprek")
    assert "Wilt u dit gesprek verwijderen?" in talk.text(answer)
    assert not any(c.get("delete_conversation") for c in talk.customs(answer))
    stored = _stored_events(assistant, talk.sender)
    assert stored > 0
    # "nee" keeps everything
    talk.say("nee")
    assert _stored_events(assistant, talk.sender) > stored
    # the button deletes every stored event
    payload = next(b["payload"] for b in talk.buttons(talk.say("verwijder mijn gesprek"))
                   if b["title"].startswith("Ja"))
    answer = talk.say(payload)
    assert "Uw gesprek is verwijderd" in talk.text(answer)
    assert any(c.get("delete_conversation") for c in talk.customs(answer))
    assert _stored_events(assistant, talk.sender) == 0


def test_the_same_advice_is_not_repeated(assistant):
    talk = Conversation(assistant.rest_url)
    talk.say("ik ben leerkracht")
    situation = "een leerling van 14 op het vo is al 6 weken niet op school, hij wil niet"
    first = talk.text(answer_until_advice(talk, talk.say(situation)))
    assert "Bron:" in first
    again = talk.text(talk.say(situation))
    assert "verandert de stappen" in again and "Bron:" not in again, again


def test_a_follow_up_question_stays_on_the_topic(assistant):
    talk = Conversation(assistant.rest_url)
    assert "5 dagen" in talk.text(talk.say("hoe lang mag een time-out duren?"))
    text = talk.text(talk.say("moet school dat melden bij leerplicht?"))
    assert "§2a Schorsing" in text and "Waar gaat uw vraag over" not in text, text


def test_en_een_verwijdering_after_a_deadline_question_gets_its_deadlines(assistant):
    talk = Conversation(assistant.rest_url)
    assert "§2a Schorsing" in talk.text(talk.say("hoe lang mag een schorsing duren?"))
    follow_up = talk.text(talk.say("en een verwijdering?"))
    direct = talk.text(Conversation(assistant.rest_url).say("hoe lang duurt een verwijdering?"))
    assert "§2a Verwijdering" in follow_up and follow_up == direct, (follow_up, direct)


def test_no_disagreement_is_not_taken_for_one(assistant):
    talk = Conversation(assistant.rest_url)
    talk.say("mijn dochter van 8 gaat al 2 weken niet naar school omdat ze gepest wordt")
    text = talk.text(talk.say("nee we hebben geen ruzie met school"))
    assert "niet eens bent" not in text, text


def test_distress_is_acknowledged_over_the_real_channel(assistant):
    # Rasa drops messages of a slot mapping action; the acknowledgement must still arrive, first.
    talk = Conversation(assistant.rest_url)
    answer = talk.say("we zijn ten einde raad, onze dochter van 14 zit al 6 weken thuis want de school kan haar niet aan")
    texts = [m.get("text") for m in answer if m.get("text")]
    assert texts[0] == "Wat vervelend dat dit speelt. Ik help u stap voor stap verder."
    assert len(texts) >= 2                      # then the triage goes on
    later = talk.text(talk.say("ik ben ten einde raad"))
    assert "Wat vervelend" not in later         # once per conversation


def test_sub_question_after_a_triage_gets_the_rule_asked_about(assistant):
    talk = Conversation(assistant.rest_url)
    talk.say("ik ben ib'er op een basisschool")
    talk.say("de directeur wil een leerling uit groep 7 verwijderen")
    answer = talk.say("moeten we de ouders vooraf horen?")
    text = talk.text(answer)
    assert text.startswith("Over verwijdering zegt de handreiking:\n☐ Hoort vóór het besluit de ouders")
    assert "Bron: Handreiking schoolverzuim 2017-2018, §2a Verwijdering" in text
    assert "Toon alle stappen" in {b["title"] for b in talk.buttons(answer)}


def test_a_pupil_is_asked_in_the_je_form(assistant):
    talk = Conversation(assistant.rest_url)
    text = talk.text(talk.say("hoi ik ben 15 en ik ga al een tijdje niet naar school omdat ik gepest word"))
    assert "ben je" in text and "uw kind" not in text


def test_a_question_at_the_end_of_a_situation_is_answered_first(assistant):
    talk = Conversation(assistant.rest_url)
    text = talk.text(talk.say("Mentor 3 vwo. Lln (14) heeft in de laatste 4 weken 18 uur ongeoorloofd gemist. "
                              "Binnen welke termijn melden?"))
    assert "binnen 5 werkdagen" in text and "§2b Wettelijk verzuim" in text


def test_the_first_triage_question_comes_after_what_the_situation_is_called(assistant):
    # blind chats round 5: "... mag voorlopig niet meer komen. Wat nu??" got only a question
    talk = Conversation(assistant.rest_url)
    answer = talk.say("ik ben de moeder. mijn zoon van 14 is naar huis gestuurd, hij is geschorst. wat nu??")
    text = talk.text(answer)
    assert "Schorsing" in text and "5 dagen" in text and "Bron: Handreiking schoolverzuim 2017-2018, §2a" in text
    assert text.rstrip().endswith("?")       # then the triage's question


def test_a_what_if_gets_the_situation_it_supposes(assistant):
    talk = Conversation(assistant.rest_url)
    talk.say("wij willen een week eerder op vakantie, mogen we verlof vragen? ik ben de vader")
    text = talk.text(talk.say("en als ze nee zeggen en we gaan toch"))
    assert "Luxe verzuim" in text and "leerplicht" in text
    assert "begreep ik niet" not in text


def test_where_the_sources_stop_the_answer_says_so_and_whom_to_ask(assistant):
    talk = Conversation(assistant.rest_url)
    talk.say("ik ben intern begeleider")
    text = talk.text(talk.say("tellen lesuren van 45 minuten als hele uren?"))
    assert "staat er niet in" in text and "leerplicht" in text
    assert "Bron: Handreiking schoolverzuim 2017-2018, §2b Wettelijk verzuim" in text
