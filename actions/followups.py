"""Answers to a question about the situation at hand that no rule of the dialogue placed: a
number to check, a what-if, the steps a question is about. The fallback, the off-topic and
goodbye turns, and the triage (when the form goes on with a question of the user's own) use the
same functions, so a question gets the same answer wherever the NLU put it. Each returns the
replies, empty when it does not answer; the actions send them."""
import re
from typing import Any, List, Optional

from bot.engine import Situation, render

WHICH_KIND = re.compile(r"\b(?:categorie|soort verzuim|welk soort|wat voor (?:soort )?verzuim|welke optie"
                        r"|meldingsoptie|onder welke|hoe heet dit)\b")
WHAT_IS_THAT = re.compile(r"\bwat is (?:dat|dit|het) (?:dan|eigenlijk)\b|\bwat is dat\s*\??\s*$|\bhoe heet (?:dat|dit|het)\b")
WHAT_TO_DO = re.compile(r"\bwat\s+(?:moet|moeten|doe|doen|kan|kunnen|ga|gaan)\s+(?:ik|we|wij)\b"
                        # "is dat mijn taak?", "wat is onze rol hierin?" (round 15: a jeugdarts)
                        r"|\b(?:mijn|onze)\s+(?:taak|taken|rol|verantwoordelijkheid)\b"
                        # "moet ik zelf nog iets doen nu?" (blind round 22, after its judging)
                        r"|\b(?:moet|moeten|kan|kunnen)\s+(?:ik|we|wij)\s+(?:zelf\s+)?(?:nog\s+|ook\s+)*(?:iets|wat)\s+doen\b")


# "is dat 5 schooldagen of 5 kalenderdagen?": a question how to count, not a number to check
EITHER_AMOUNT = re.compile(r"\b\d+\s*[a-z]+\s+of\s+(?:\d+\s*)?[a-z]*dagen\b|\b(?:school|werk|kalender)dagen\s+of\s+\w*dagen\b")


def _topic_kind(engine: Any, topic: Any) -> Optional[str]:
    kind = topic.get("kind") if isinstance(topic, dict) else None
    return kind if kind in engine.knowledge.kinds else None


def number_checked(engine: Any, situation: Situation, topic: Any, text: str) -> List[Any]:
    """ "mag dat 8 dagen?" typed in reply to "voor hoeveel dagen is uw kind geschorst?": the number
    checked against the rules of the kinds the situation's reason can be (or the topic's)."""
    if EITHER_AMOUNT.search(text.lower()):
        return []
    reason = engine.knowledge.reasons.get(situation.reason or "") or {}
    kinds = list(reason.get("kinds") or []) or [k for k in [_topic_kind(engine, topic)] if k]
    for kind in kinds:
        replies = render.render_threshold_check(engine, kind, text)
        if replies:
            return replies
    if kinds:
        return []
    # Nothing known yet ("mentor zegt 17 uur in de afgelopen 4 weken. wat betekent dat?"): a
    # number in a unit that only one kind has rules for (hours: wettelijk verzuim) is checked
    # against that kind; weeks or days belong to many kinds and say nothing on their own.
    for unit, kind in render.units_of_one_kind(engine).items():
        replies = render.render_threshold_check(engine, kind, text, units=[unit])
        if replies:
            return replies
    return []


# "en als ik gewoon niet meer ga?", "en als hij gewoon niet meer gaat?": the child stops going,
# which is a situation to answer (ongeoorloofd verzuim), not a dispute with the school (round 20)
STOPS_GOING = re.compile(r"\bals (?:ik|hij|ze|zij|mijn (?:zoon|dochter|kind)) (?:gewoon |echt |dan )*niet meer"
                         r"(?: naar school)? (?:ga|gaat|kom|komt)\b")


def supposes_only_a_disagreement(engine: Any, said: dict, text: str = "") -> bool:
    """Whether a what-if's facts only suppose the disagreement ("en als we het er niet mee eens
    zijn?") or a refusal (reasons.yml `refusal`: "en als ze blijven weigeren?")."""
    if STOPS_GOING.search((text or "").lower()):
        return False
    other = set(said) - {"disagreement"}
    refusal = (engine.knowledge.reasons.get(said.get("reason") or "") or {}).get("refusal")
    return not other or (other == {"reason"} and bool(refusal))


def what_if(engine: Any, situation: Situation, text: str) -> List[Any]:
    """ "en als ze nee zeggen en we gaan toch": the situation the question supposes (the facts so
    far, with what it adds): what it is called and the steps for it. Not stored: a question is no
    statement (action_read_facts). One that only supposes a disagreement or a refusal, about a
    known situation: the routes."""
    said = engine.what_if_facts(text)
    if not said:                # no what-if, or one that names no fact
        return []
    if situation.reason and supposes_only_a_disagreement(engine, said, text):
        supposed = situation.with_(disagreement=True)
        return list(render.render_escalation(engine, engine.escalation(supposed), supposed, alternatives=True))
    supposed = situation.with_(**said)
    classification = engine.classify(supposed)
    if not classification.kinds:
        return []
    replies = render.render_situation_intro(engine, supposed) or \
        render.render_classification(engine, classification, supposed)
    for reply in replies:
        reply.custom = {}
    return list(replies) + list(render.render_plan(engine, engine.plan_for(supposed), supposed))


# "is ze dan een thuiszitter?", "telt hij als risicoleerling?", "valt dit onder luxe verzuim?"
IS_IT_A_KIND = re.compile(r"^\W*(?:(?:en|dus|maar|of)\s+)?(?:is|telt|geldt|valt|ben|zijn)\s+(?:hij|ze|zij|het|dit|dat|ik|mijn (?:zoon|dochter|kind)"
                          r"|ons kind|de leerling|deze leerling)\s+(?:dan\s+|nu\s+|al\s+|eigenlijk\s+|ook\s+|wel\s+|nog\s+)*"
                          r"(?:als|onder|voor)?\s*(?:een\s+|de\s+)?(?P<rest>.+)$")


COMPARES = re.compile(r"\b(?:hetzelfde|het zelfde|dezelfde|gelijk|anders|verschil\w*)\b")


def is_it_a_kind(engine: Any, situation: Situation, text: str) -> List[Any]:
    """ "ze gaat nu al 5 weken maar 2 ochtenden. is ze dan een thuiszitter?": yes or no for the
    situation (with the facts the question adds, not stored), what it is called instead, and
    what the asked kind means."""
    # a yes/no question opens with its verb ("is ze dan ...?"); "nu is hij geschorst maar ...
    # klopt dat zo?" tells the suspension and asks something else
    questions = [q for q in engine.sentences(text) if engine.is_question(q)]
    # the last question that asks it ("is hij nu een thuiszitter?? krijg ik een boete?": the
    # boete is answered after this by the triage, blind round 18)
    m = next((found for found in (IS_IT_A_KIND.search(q.lower()) for q in reversed(questions)) if found), None)
    if m and COMPARES.search(m.group("rest")):
        return []     # "is dat hetzelfde als geschorst?" compares two things, it does not classify
    asked = engine.topics_in_text(m.group("rest")).get("kind") if m else None
    if asked not in engine.knowledge.kinds:
        return []
    said = {k: v for k, v in engine.extract_facts(text).items() if k in Situation.field_names() and k != "role"}
    described = situation.with_(**said)
    if not described.reason:
        return []
    c = engine.classify(described)
    if asked in c.kinds or asked == c.status:
        lead = "Ja."
    elif asked in c.possible_kinds:
        lead = "Dat hangt af van wat ik nog niet weet."
    else:
        lead = "Nee, volgens de handreiking niet."
    replies = list(render.render_classification(engine, c, described)) if (c.kinds or c.status) else []
    if asked not in c.kinds and asked != c.status:
        replies += render.render_definition(engine, kind=asked, role=described.role, region=described.region)[:1]
    for reply in replies:
        reply.custom = {}
    return [render.Reply(text=lead)] + replies if replies else []


def about_situation(engine: Any, situation: Situation, topic: Any, text: str) -> List[Any]:
    """ "wat als het verwijtbaar is?" during a luxe verzuim triage: a question that shares rare
    words with steps of the situation's kind gets those steps; "onder welke categorie?" what the
    situation is called."""
    low = text.lower()
    if not (engine.is_question(text) or WHAT_IS_THAT.search(low)):
        return []
    answered = is_it_a_kind(engine, situation, text)
    if answered:
        return answered
    said = {k: v for k, v in engine.extract_facts(text).items() if k in Situation.field_names() and k != "role"}
    if said and (WHICH_KIND.search(low) or WHAT_IS_THAT.search(low)):
        # "als het kind nergens staat ingeschreven, wat is dat dan?": the kind of the situation
        # the question describes (not stored: a question is no statement)
        described = situation.with_(**said)
        classification = engine.classify(described)
        if classification.kinds:
            return render.render_classification(engine, classification, described)
    classification = engine.classify(situation)
    kinds = classification.kinds if situation.reason else []
    if kinds and render.asks_whats_next(text):
        # "en daarna?": the steps the next thresholds bring
        ahead = render.render_steps_ahead(engine, situation, kinds + ([classification.status] if classification.status else []))
        if ahead:
            return ahead
    if kinds and WHICH_KIND.search(low):
        # "onder welke categorie?": what kind of absence the situation is
        return render.render_classification(engine, engine.classify(situation), situation)
    role = situation.role or "ouder"
    typed = engine.kind_of_named_type(text)
    if typed:   # "15 schooldagen voor een bruiloft": the type's kind, whatever the triage's reason
        plan = engine.next_steps(typed, role, situation.region)
    elif kinds:
        plan = engine.plan_for(situation)
    elif _topic_kind(engine, topic):
        plan = engine.next_steps(_topic_kind(engine, topic), role, situation.region)
    else:
        # "wanneer overwegen wij een breed overleg?" with no kind at hand: one step of all the
        # knowledge clearly answers it (the stricter threshold of a search over all)
        found = engine.plan_for_question(text, role, situation.region)
        return render.render_focused(engine, found, text, kind_words_count=True) if found else []
    replies = render.render_focused(engine, plan, text)
    if not replies and WHAT_TO_DO.search(low):
        # "wat doen wij daar verder mee?": the asker's plan
        replies = render.render_plan(engine, plan, situation)
    return replies
