"""Read the facts of a situation from free Dutch text (pure Python, no Rasa import).

``extract_facts("mijn zoon van 14 zit al 6 weken thuis, hij is geschorst")`` returns
``{"age": 14, "weeks_absent": 6, "reason": "geschorst"}``. Only the fields that were found are
returned; nothing is guessed. Field names are those of ``bot.engine.Situation`` plus
``days_absent`` (a duration given in days; the engine decides how to count working days).

Conventions
- Durations: weeks as given ("anderhalve week" -> 1.5); months and years are converted to *whole
  weeks completed* (floor of months * 52/12): "een maand" -> 4, "anderhalve maand" -> 6,
  "3 maanden" -> 13, "een half jaar" -> 26. Floor, because the handreiking's thresholds are
  "langer dan 4 weken": a rounded-up duration must never cross a threshold the child did not.
- "sinds de herfstvakantie", "al weken", "een paar weken": not computable -> no weeks_absent.
- A duration right next to a suspension ("3 dagen geschorst", "geschorst voor een week", "2 weken
  niet mag komen als straf": in the clause of a geschorst phrase) is ``suspension_days`` (a week =
  5 school days), not absence.
- Durations that frame a rate ("16 uur in 4 weken", "de afgelopen 4 weken") are not absence; nor
  are counts that are a rate ("4 keer per week te laat") or hours of work, sleep or travel ("ik
  werk ook 30 uur"). A bare count ("7 keer denk ik") names no fact: see ``count_answer``.
- Corrections: "niet 5 maar 3 weken", "3 weken, niet 5" -> 3.
- ``role`` comes only from a statement about oneself ("ik ben ib'er", "als moeder", "ik werk bij
  leerplicht", "ik zit aan de balie bij leerplicht", "wij hebben de voogdij") or from a job title
  heading the message ("mentor 4 havo. ...", "lpa gemeente schagen. ...", "IB'er hier, ...": only
  at the start and followed by punctuation or "hier"; it wins over the people the note is about,
  "balie leerplicht Alphen: moeder aan de lijn"). "mentor belde vandaag" names no role. "mijn
  zoon/dochter" implies ``ouder`` when nothing else is said. A student about themselves ("ik ben
  zelf de leerling", "ik zit op het mbo") is the knowledge's ``jongere``, never ``ouder``.
- ``reason``: the earliest reason phrase in the text (longest on ties), skipping negated ones
  ("niet ziek", "zonder verlof"), a refusal whose subject is the school ("weigert hem in te
  schrijven", "mag een school haar weigeren?": not the child refusing), "te laat" meaning too late
  ("is dat nu te laat?", "te laat om te melden") and the writer's own health ("ik ben zo moe").
  ``reason_words`` (id -> everyday words, from the knowledge) is searched first, "<modal> niet
  ..." phrases also in subordinate-clause order ("dat ze niet mag komen"); the built-in patterns
  only when none of its words occur. No place (geen_passende_plek) for a child said to be
  enrolled nowhere is niet_ingeschreven.
- ``care_involved``: care with an indicatie (jeugdzorg, ggz, a treatment, the Jeugdwet); not a
  psychiatrist's or psychologist's statement alone ("met verklaring van de psychiater").
- ``structural`` (absence at fixed moments every week): "op vaste momenten", or "elke dinsdag"
  with an absence, treatment or illness in the same sentence ("elke woensdag naar therapie").
- ``region``: only with ``region_words`` (a region pack's name, words and areas), whole words,
  negated mentions skipped like reasons ("niet leiden, ... Schagen"); two regions named -> none.
- Ambiguous phrases give no fact: the reader never guesses.
"""
from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Dict, List, Optional, Tuple

__all__ = ["extract_facts", "count_answer", "normalise_entity", "resolve_entities", "DEFAULT_REASON_PATTERNS",
           "parse_number"]

# --------------------------------------------------------------------------------------------
# numbers

_WORD_NUMBERS = {
    "een": 1, "één": 1, "eén": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6,
    "zeven": 7, "acht": 8, "negen": 9, "tien": 10, "elf": 11, "twaalf": 12, "dertien": 13,
    "veertien": 14, "vijftien": 15, "zestien": 16, "zeventien": 17, "achttien": 18,
    "negentien": 19, "twintig": 20, "dertig": 30, "veertig": 40,
    "anderhalf": 1.5, "anderhalve": 1.5, "half": 0.5, "halve": 0.5,
    "een half": 0.5, "een halve": 0.5,
}
_ORDINALS = {
    "eerste": 1, "tweede": 2, "derde": 3, "vierde": 4, "vijfde": 5, "zesde": 6, "zevende": 7,
    "achtste": 8, "negende": 9, "tiende": 10, "elfde": 11, "twaalfde": 12,
}

# longest alternatives first so "een half" wins over "een" and "anderhalve" over "anderhalf"
_NUM_WORDS_RE = "|".join(sorted((re.escape(w) for w in _WORD_NUMBERS), key=len, reverse=True))
NUM = rf"(?:\d+(?:[.,]\d+)?|{_NUM_WORDS_RE})"
_ORD = r"(?:\d+\s*(?:e|de|ste)|" + "|".join(_ORDINALS) + ")"


def parse_number(token: str) -> Optional[float]:
    """'6' -> 6, '1,5' -> 1.5, 'zes' -> 6, 'anderhalve' -> 1.5, 'een half' -> 0.5."""
    token = re.sub(r"\s+", " ", token.strip().lower())
    if not token:
        return None
    if token in _WORD_NUMBERS:
        return float(_WORD_NUMBERS[token])
    try:
        number = float(token.replace(",", "."))
    except ValueError:
        return None
    return number if math.isfinite(number) else None  # float() also reads "nan" and "inf"


def _parse_ordinal(token: str) -> Optional[int]:
    token = token.strip().lower()
    if token in _ORDINALS:
        return _ORDINALS[token]
    m = re.match(r"(\d+)", token)
    return int(m.group(1)) if m else None


def _num(value: float):
    """Return an int when the value is integral (6.0 -> 6), else the float (1.5)."""
    return int(value) if float(value).is_integer() else value


# --------------------------------------------------------------------------------------------
# normalisation

def _normalise(text: str) -> str:
    text = text.lower()
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    text = text.replace("\u00e9\u00e9n", "een").replace("e\u00e9n", "een")
    text = re.sub(r"(\d)\s*x\b", r"\1 keer", text)          # "9x te laat" -> "9 keer te laat"
    text = re.sub(r"\b(\d+)-jarige?\b", r"\1 jarige", text)   # "12-jarige" -> "12 jarige"
    text = re.sub(r"\s+", " ", text)
    return " " + text.strip() + " "


_UNIT = (r"(?:dagen|dag|dgn|weken|week|wkn|wk|maanden|maand|mnd|jaren|jaar|uren|uur|keer|x|maal)")


def _drop_corrections(text: str) -> str:
    """Remove the negated half of a correction so the remaining value is read.

    "niet 5 maar 3 weken" -> "3 weken"; "3 weken, niet 5" -> "3 weken"; "niet op de havo maar
    op het vmbo" -> "op het vmbo". Used only for numbers and level, never for the reason.
    """
    text = re.sub(
        rf"\b(?:niet|geen)\s+(?:{NUM}\s*(?:{_UNIT}\s+)?|(?:[\w'-]+\s+){{1,4}}?)[,]?\s*maar\b",
        " ", text)
    text = re.sub(rf"[,;]?\s*\b(?:niet|geen)\s+{NUM}(?:\s*{_UNIT})?\b", " ", text)
    return text


# --------------------------------------------------------------------------------------------
# durations

# ("7 schooldagen", "3 lesdagen": days too)
_DUR_UNIT = r"(?P<unit>dagen|dag|dgn|schooldagen|schooldag|lesdagen|lesdag|weken|week|wkn|wk|maanden|maand|mnd|jaren|jaar)"
_DURATION_RE = re.compile(rf"(?<![\w-])(?P<num>{NUM})\s*(?:hele\s+)?{_DUR_UNIT}\b")  # "een (hele) week"
_SUSPENSION_WORD = re.compile(r"\b(?:geschorst\w*|geschorsd|schors\w*|time-?outs?)\b")
# frames that make a duration a measuring window or a deadline, not the absence itself
_FRAME_BEFORE = re.compile(
    r"(?:\b(?:in|per|binnen|afgelopen|laatste|elke|iedere|om de|over|na|vanaf|komende|"
    # "moet ik echt wachten tot 4 weken?", "pas bij 4 weken": a rule's point, not the absence (round 17)
    r"volgende|voor de komende|tot|totdat|pas bij)\s+(?:de\s+|het\s+)?)$")
# "2 dagen in de week naar school", "3 dagen per week": a timetable, not absence
_RATE_AFTER = re.compile(r"^\s*(?:in de|per|per de|op de) (?:week|maand)\b")
_AGE_AFTER = re.compile(r"^\s*(?:oud|jong)\b")


def _weeks_from(value: float, unit: str) -> Tuple[str, float]:
    """Return ('weeks'|'days', amount)."""
    if unit.startswith(("d", "schooldag", "lesdag")):
        return "days", value
    if unit.startswith("w"):
        return "weeks", value
    if unit.startswith("m"):
        return "weeks", float(int(value * 52 / 12))
    return "weeks", float(int(value * 52))  # jaar


def _clauses(text: str) -> List[Tuple[int, int]]:
    """Spans of clauses: split at punctuation and at ' en ', ' maar ', ' want ', ' omdat '."""
    spans, start = [], 0
    for m in re.finditer(r"[.;!?,]|\b(?:en|maar|want|omdat|sinds|dus|toen)\b", text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return spans


def _clause_of(spans, pos):
    for s, e in spans:
        if s <= pos < e:
            return s, e
    return 0, 0


def _clause_text(text: str, spans, pos: int) -> str:
    s, e = _clause_of(spans, pos)
    return text[s:e]


def _is_year_age(text: str, m: re.Match) -> bool:
    """'12 jaar' as an age rather than a duration."""
    if not m.group("unit").startswith("jaar") and m.group("unit") != "jaren":
        return False
    before = text[:m.start()]
    if re.search(r"\b(?:al|ruim|bijna|ongeveer|zo'n|circa|sinds|langer dan|meer dan|"
                 r"minder dan|ca\.?|pas|nu)\s*$", before) and not _AGE_AFTER.match(text[m.end():]):
        # "al 2 jaar (thuis)" is a duration; "nu 12 jaar oud" is an age
        if re.search(r"\bnu\s*$", before):
            return True
        return False
    if m.group("num") in ("een half", "een halve", "half", "halve", "anderhalf", "anderhalve"):
        return False
    return True


_ROLE_SINCE_AFTER = re.compile(r"\s*(?:pleeg)?(?:ouders?|moeder|vader|voogd|mentor|ib'?er|leerkracht|juf|meester"
                               r"|leerplichtambtenaar|lpa|directeur|teamleider|zorgco[oö]rdinator|docent)\b")


_WEEK_NUMBER = re.compile(r"\b(?:het is (?:nu |inmiddels |al )*|inmiddels (?:is het )?|(?:we|wij|ze|hij|zij) (?:zitten|zit) "
                          r"(?:nu |inmiddels |al )*in |nu )week (\d{1,2})\b")


def _durations(text: str, suspension_starts: List[int] = ()):
    """Yield (kind, amount, start, end, is_suspension, is_framed) for every duration in text.

    ``suspension_starts``: where the reason phrases of a suspension start ("niet mag komen"); a
    duration in their clause is the suspension's length.
    """
    spans = _clauses(text)
    for m in _DURATION_RE.finditer(text):
        value = parse_number(m.group("num"))
        if value is None:
            continue
        if re.search(r"\bpaar\s*$", text[:m.start()]):
            continue
        if m.group("num") in ("halve", "hele") and m.group("unit").startswith("dagen"):
            continue        # "zit al maanden halve dagen thuis": part of each day, no duration
        if _is_year_age(text, m):
            continue
        kind, amount = _weeks_from(value, m.group("unit"))
        cs, ce = _clause_of(spans, m.start())
        clause = text[cs:ce]
        suspension = bool(_SUSPENSION_WORD.search(clause)) or any(cs <= p < ce for p in suspension_starts)
        framed = bool(_FRAME_BEFORE.search(text[max(0, m.start() - 30):m.start()])
                      or _RATE_AFTER.match(text[m.end():])
                      # "wij zijn sinds 3 weken pleegouders": how long the writer has had the job
                      or _ROLE_SINCE_AFTER.match(text[m.end():]))
        yield kind, amount, m.start(), m.end(), suspension, framed


# --------------------------------------------------------------------------------------------
# reasons

# "de school weigert hem in te schrijven": the school refuses admission (no place, like the
# knowledge's "school weigert"); the verb alone must not be read as the child refusing school.
_ADMISSION_REFUSED_PATTERN = (
    r"weiger\w*\s+(?:om\s+)?(?:(?:hem|haar|hen|ze|ons kind|het kind|de leerling|mijn \w+|onze \w+)\s+)?"
    r"(?:in te schrijven|toe te laten|aan te nemen|te plaatsen|op te nemen"
    r"|(?:de\s+)?(?:inschrijving|toelating|plaatsing|aanmelding))\b")

# "mag een school haar weigeren?", "de school heeft hem geweigerd", "de scholen weigerden hem": the
# school refusing the child, the knowledge's "school weigert" in other word orders. Only with the
# child as object: "mag de school haar verlof weigeren?" refuses leave, not the child.
_SCHOOL = r"(?:(?:een|de|die|deze|onze|hun|geen|elke|iedere)\s+)?\w*(?:school|scholen)"
_CHILD = (r"(?:hem|haar|hen|ons kind|het kind|de leerling|(?:mijn|onze)\s+(?:zoon|dochter|kind|kinderen"
          r"|zoontje|dochtertje|jongen|meisje|kleinzoon|kleindochter|pleegzoon|pleegdochter))")
_AUX_OR_ADVERB = (r"(?:(?:mag|mogen|kan|kunnen|wil|willen|heeft|hebben|had|hadden|niet|zomaar|gewoon|nu|dan"
                  r"|wel|ook|eigenlijk)\s+){0,2}")
_REFUSE = r"(?:ge)?weiger\w*"
_SCHOOL_REFUSES_CHILD_PATTERN = (
    rf"{_SCHOOL}\s+{_AUX_OR_ADVERB}{_CHILD}\s+{_AUX_OR_ADVERB}{_REFUSE}"
    rf"|{_SCHOOL}\s+{_AUX_OR_ADVERB}{_REFUSE}\s+{_CHILD}(?=\s*(?:[.,;:!?]|$))")
# Any refusal verb with the school as its subject, whatever is refused: never the child refusing.
# Nothing in between that starts a clause or is a subject itself ("de school zegt dat hij weigert").
_SCHOOL_REFUSES = re.compile(
    rf"(?<![\w-]){_SCHOOL}\s+(?:(?!(?:waarom|of|dat|wat|hoe|wanneer|als|omdat|want|maar|en|die|wie"
    rf"|hij|zij|ze|ik|we|wij|jij|je|u)\b)[\w'-]+\s+){{0,3}}?{_REFUSE}")
# "op school weigert hij", "naar school wil hij niet": school is where, not who
_AT_SCHOOL_BEFORE = re.compile(r"\b(?:op|in|naar)\s+(?:(?:de|het|een|die|onze|zijn|haar|hun)\s+)?$")

# Built-in defaults for the contract's reason ids (regular expressions over normalised text).
# The knowledge's reasons.yml (passed as reason_words) replaces these when the engine calls us.
DEFAULT_REASON_PATTERNS: Dict[str, List[str]] = {
    "geschorst": [r"geschorst\w*", r"geschorsd", r"schorsing\w*", r"schorsen", r"schorst",
                  r"time-?outs?", r"mag (?:\w+ )?(?:een paar dagen )?niet (?:op|naar) school komen",
                  r"eruit gestuurd", r"eruit gezet"],
    "verwijderd": [r"verwijderd", r"verwijdering\w*", r"van school (?:af )?(?:gestuurd|getrapt|gegooid|gezet)",
                   r"eruit gegooid", r"weggestuurd", r"mag niet meer terug(?:komen)?"],
    "geen_passende_plek": [r"(?:school )?zit vol", r"(?:school|ze|zij) zeg(?:t|gen) (?:dat (?:het|ze) )?vol",
                           r"geen plek", r"geen plaats", r"geen passende (?:plek|plaats|school|onderwijsplek)",
                           r"geen passend onderwijs", r"wachtlijst\w*", r"kan (?:hem|haar|ons kind|mijn \w+) niet aan",
                           r"kunnen (?:hem|haar|ons kind|mijn \w+) niet aan", r"handelingsverlegen\w*",
                           r"wil(?:len)? (?:hem|haar) niet (?:meer )?(?:terug|hebben|toelaten|aannemen)",
                           r"niet toegelaten", r"niet aangenomen", r"(?:overal )?afgewezen",
                           r"school weigert", _ADMISSION_REFUSED_PATTERN, _SCHOOL_REFUSES_CHILD_PATTERN,
                           r"geen geschikte school", r"past niet op (?:die|deze|de) school",
                           r"geen school (?:die|wil)"],
    "weigert": [r"weiger(?:t|en|de)", r"schoolweigering", r"wil(?:de)? niet (?:meer )?naar school",
                r"wil(?:de)? niet meer", r"schoolangst", r"schoolfobie", r"durf(?:t)? niet (?:meer )?naar school",
                r"krijg(?:en)? (?:hem|haar) (?:niet|met geen mogelijkheid) (?:naar school|de deur uit|uit bed)",
                r"komt (?:zijn|haar) bed niet uit", r"gaat niet meer naar school"],
    "ouders_houden_thuis": [r"(?:ik|we|wij) (?:houd|houden|hou|heb|hebben) (?:hem|haar|ze|hen|mijn \w+|ons kind) (?:\w+ )?thuis(?:gehouden)?",
                            r"(?:houd|houden|hou|houdt) (?:hem|haar|ze|hen|mijn \w+|ons kind) (?:\w+ )?thuis",
                            r"(?:ik|we|wij) (?:stuur|sturen) (?:hem|haar|ze|mijn \w+) niet (?:meer )?naar school",
                            r"thuishoud\w*", r"laat (?:hem|haar) thuis"],
    "vakantie": [r"(?:op|met) vakantie", r"extra vakantie", r"vakantie (?:geboekt|boeken)",
                 r"(?:wintersport|skivakantie|vliegtickets?)", r"eerder (?:weg|vertrekken)",
                 r"later terug(?:komen)? van vakantie"],
    "te_laat": [r"te laat", r"telaat", r"laat ?komen", r"laatkom\w*", r"verslaapt"],
    "niet_ingeschreven": [r"niet ingeschreven", r"nergens (?:ingeschreven|aangemeld)", r"uitgeschreven",
                          r"(?:op|bij|aan) geen (?:enkele )?school(?: meer| nog)? (?:ingeschreven|aangemeld)",
                          r"geen inschrijving", r"geen schoolinschrijving", r"zonder school",
                          r"heeft geen school", r"niet aangemeld"],
    "verlof": [r"verlof\w*", r"vrij (?:vragen|gevraagd|aanvragen|aangevraagd)", r"vrijaf",
               r"bruiloft", r"begrafenis", r"uitvaart", r"gewichtige omstandigheden",
               r"suikerfeest", r"offerfeest"],
    "vrijstelling": [r"vrijstelling\w*", r"vrijgesteld", r"ontheffing"],
    "ziek": [r"ziek\w*", r"griep", r"burn-?out", r"ziekenhuis", r"pfeiffer", r"(?:long )?covid",
             r"migraine", r"chronisch\w*", r"operatie", r"hersenschudding"],
    "zorgen": [r"spijbel\w*", r"blijft weg", r"vaak afwezig", r"veel (?:verzuim|afwezig)",
               r"kan het niet (?:meer )?aan", r"gepest", r"(?:maak|maken) (?:me|mij|ons) (?:grote )?zorgen",
               r"zorgwekkend\w*"],
}

# "niet ziek", "geen echte schorsing"; "zonder verlof" too, but only right before the phrase:
# in "zonder toestemming op vakantie" the holiday itself is not negated.
# "alsof hij spijbelt!!": what someone else suggests and the writer denies, no reason
_NEGATION_BEFORE = re.compile(r"\b(?:niet|geen|nooit)\s+(?:[\w'-]+\s+)?$|\bzonder\s+(?:een\s+|enig\w*\s+)?$"
                              r"|\balsof\s+(?:[\w'-]+\s+){0,2}$")
_NEGATIONS = ("niet", "geen", "zonder")
_ADMISSION_REFUSED = re.compile(_ADMISSION_REFUSED_PATTERN)
# "ik ben zo moe", "ik heb zelf griep": the writer's own health, not the child's. Only for ziek:
# no parent is suspended, and "ik maak me zorgen" is the zorgen reason itself.
_WRITER_STATE_BEFORE = re.compile(
    r"\b(?:ik|we|wij)\s+(?:ben|zijn|voel|voelen|word|worden|raak|raken|heb|hebben)\s+"
    r"(?:(?:me|mij|ons|zelf|ook|zo|erg|heel|echt|er|gewoon|een|best|nogal|helemaal|soms|vaak|al|"
    r"allemaal|super|enorm|zelfs|nu|nog)\s+){0,3}$")
_WRITER_STATE_REASONS = {"ziek"}
_REFUSED_OBJECT_BEFORE = re.compile(r"\b(?:hem|haar|mijn (?:zoon|dochter|kind)|ons kind|een leerling|de leerling)\s+$")
# "mijn moeder ligt in het ziekenhuis", "oma is ernstig ziek": a relative's illness, not the
# child's (the knowledge lists it under verlof for gewichtige omstandigheden). The relative must
# be the subject of the clause the illness word is in.
_RELATIVE_BEFORE = re.compile(
    r"\b(?:(?:mijn|m'n|onze|ons|zijn|z'n|haar|hun|de|een)\s+)?(?:moeder|vader|opa|oma|grootvader|grootmoeder"
    r"|overgrootvader|overgrootmoeder|oom|tante|schoonmoeder|schoonvader|man|vrouw|partner|vriend|vriendin"
    r"|familielid|familie)\s+(?:(?!(?:en|maar|want|omdat|dus|of|toen|terwijl|dat|die|als|zodat)\b)[\w'-]+\s+){0,6}$")
# ... and the family wants to go there: then it is verlof
_VISIT = re.compile(r"\b(?:erheen|ernaartoe|naartoe|bezoeken|op bezoek|afscheid|vrij|verlof|weg|reizen|vliegen"
                    r"|heen|terugvliegen|naar (?:suriname|turkije|marokko|het buitenland|\w+ toe)"
                    r"|naar (?:haar|hem|hen|ze|zijn|mijn|onze) (?:\w+ )?(?:gaan|te gaan|toe)"
                    # "opa ligt op sterven in Suriname, gezin wil 3 weken gaan" (blind round 18)
                    r"|(?:wil|willen|wilt)\b[^.?!]{0,25}?\b(?:gaan|vertrekken))\b")


# The knowledge lists phrases in main-clause order ("mag niet komen"). In a subordinate clause
# the modal verb moves to the end ("dat ze niet mag komen", "omdat hij niet naar school wil"), and
# in a main clause other words may stand before "niet" ("ze mag 2 weken niet komen").
_MODALS = r"(?:mag|mogen|wil|wilt|willen|kan|kunnen|durft|durven|hoeft|hoeven)"
_MODAL_NIET = re.compile(rf"^({_MODALS}) niet (.+)$")
# at most four words in between, none of which starts another clause ("wil weten waarom hij niet")
_GAP = (r"(?:(?!(?:waarom|of|dat|wat|hoe|wanneer|als|omdat|want|maar|en|die|wie)\b)"
        r"[\w'-]+\s+){0,4}?")


def _phrase_regex(word: str) -> str:
    pat = re.escape(word[:-1]) + r"\w*" if word.endswith("*") else re.escape(word)
    return pat.replace(r"\ ", r"\s+")


def _word_regex(word: str) -> str:
    """A knowledge phrase as a regex; "<modal> niet <rest>" also in the other word orders."""
    m = _MODAL_NIET.match(word)
    if not m:
        return _phrase_regex(word)
    modal, rest = m.group(1), _phrase_regex(m.group(2))
    return rf"(?:{modal}\s+{_GAP}niet\s+{rest}|niet\s+{modal}\s+{rest}|niet\s+{rest}\s+{modal})"


def _compile_reason_words(reason_words: Dict[str, List[str]]):
    # compiled once per word list: one message searches them several times
    return _compile_words(tuple((rid, tuple(map(str, words))) for rid, words in reason_words.items()))


@lru_cache(maxsize=8)
def _compile_words(reason_words: Tuple[Tuple[str, Tuple[str, ...]], ...]):
    compiled = []
    for rid, words in reason_words:
        for w in words:
            w = re.sub(r"\s+", " ", str(w).strip().lower())
            if w:
                compiled.append((rid, re.compile(rf"(?<![\w-]){_word_regex(w)}(?![\w])")))
    return compiled


_DEFAULT_COMPILED = [(rid, re.compile(rf"(?<![\w-]){p}(?![\w])"))
                     for rid, pats in DEFAULT_REASON_PATTERNS.items() for p in pats]


# "zei de directeur houd hem maar thuis tot er plek is", "school zegt: laat haar maar thuis": the
# school tells the parents to keep the child home, which is the school keeping the child out, not
# the parents' choice (blind round 18)
# the school and the staff who speak or decide for it (one list for the readers below)
_SCHOOL_VOICES = r"school|directeur|directrice|schoolleider|juf|meester|mentor|leerkracht"
_SCHOOL_STAFF = rf"(?:{_SCHOOL_VOICES}|teamleider|ib'?er|zorgco\w*)"
_SAY = r"(?:zei|zegt|zeggen|zeiden|vroeg|vraagt|vroegen|adviseerde|adviseert|stelde voor|stelt voor)"
_SCHOOL_SAYS_BEFORE = re.compile(rf"\b{_SCHOOL_STAFF}\b[^.?!]{{0,25}}\b{_SAY}\b[^.?!]{{0,15}}$"
                                 rf"|\b{_SAY} (?:de |het |onze |zijn |haar )?{_SCHOOL_STAFF}\b[^.?!]{{0,15}}$")


def _school_says_keep_home(text: str, start: int) -> bool:
    return bool(_SCHOOL_SAYS_BEFORE.search(text[:start]))


def _counts_as_reason(text: str, m: re.Match, rid: str) -> bool:
    """False for a phrase that is negated, the school's refusal (or school as a place), "te laat"
    as "too late", or the writer's own health."""
    before = text[:m.start()]
    if not m.group(0).startswith(_NEGATIONS) and _NEGATION_BEFORE.search(before):
        return False
    refusal = _ADMISSION_REFUSED.match(text, m.start())
    if refusal and m.end() < refusal.end():
        return False  # only the verb of the school's refusal
    if rid == "weigert" and (_school_refuses(text, m.start()) or m.group(0).startswith("geweigerd")
                             or (m.group(0).startswith("weiger") and _REFUSED_OBJECT_BEFORE.search(before))):
        return False   # "mag de school hem weigeren?", "hij is geweigerd": he is refused, not refusing
    if m.group(0).startswith("school") and _AT_SCHOOL_BEFORE.search(before):
        return False  # "op school weigert hij": not the knowledge's "school weigert"
    if _too_late(text, m):
        return False
    if rid == "ouders_houden_thuis" and _school_says_keep_home(text, m.start()):
        return False
    if rid in _WRITER_STATE_REASONS and _RELATIVE_BEFORE.search(before):
        return False
    return not (rid in _WRITER_STATE_REASONS and _WRITER_STATE_BEFORE.search(before))


def reason_tag_holds(text: str, start: int, end: int, rid: str) -> bool:
    """Whether words the tagger tagged as reason ``rid`` at [start, end) count as the child's
    reason: not negated ("zonder verlof") and not a relative's illness ("mijn moeder ligt in het
    ziekenhuis"). (Not the reader's rule for the writer's own health: a pupil writes "ik heb
    migraine" of themselves.)"""
    low = (text or "").lower()
    if not (0 <= start < end <= len(low)):
        return True
    before = low[:start]
    if not low[start:end].startswith(_NEGATIONS) and _NEGATION_BEFORE.search(before):
        return False
    if rid == "ziek" and (_ILL_ON_A_TRIP.search(low) or _FAKE_SICK.search(low)):
        return False        # ill during a trip, or reported ill while on one: the trip is the absence
    if rid == "vakantie" and _SCHOOL_HOLIDAY.match(low[start:end]):
        return False        # "sinds de kerstvakantie thuis": a school holiday as a date, no trip
    return not (rid in _WRITER_STATE_REASONS and _RELATIVE_BEFORE.search(before))


# "(ouders zeggen) dat ze niet wil", "dat hij gewoon niet meer wil." at the end of a clause: the
# child will not go (the reason words have "ze wil niet" in main-clause order; "dat hij niet wil
# luisteren" is about something else, so the clause must end there)
_WONT_GO = re.compile(r"(?:\bdat (?:ze|hij|zij) (?:gewoon |echt |eigenlijk )*niet (?:meer )?wil(?:t)?"
                      # "en nu wil haar broertje van 12 ook niet meer" (blind round 19)
                      r"|\bwil (?:(?:haar|zijn|z'n|mijn|m'n|mn|ons|onze|het) )?(?:kleine |grote )?"
                      r"(?:broertje|zusje|broer|zus|zoon|dochter|kind|zoontje|dochtertje)(?: van \d{1,2})?"
                      r" (?:nu |ook |gewoon |echt |helemaal |ineens |opeens )*niet meer(?: naar school)?)"
                      r"(?=\s*(?:[,.;!?)]|$|\ben\b|\bmaar\b|\bomdat\b|\bwant\b))")


# "ouders houden haar al 3 weken thuis", "ik hou hem voorlopig thuis": the knowledge's "houden
# haar thuis" with words in between
_KEPT_HOME = re.compile(r"\b(?:houden|houdt|hield|hielden|houd|hou) (?:hem|haar|hen|ze|ons kind|(?:mijn|onze|m'n|mn) \w+"
                        r"|de (?:kinderen|kids|jongen|meid|leerling|kleine|oudste|jongste))"
                        r" (?:[\w-]+ ){0,4}thuis\b")


# "mag van school een hele week niet komen", "moet van school 3 dagen thuisblijven": the school
# keeps the child away for a time, which the handreiking calls a schorsing
_SENT_HOME = re.compile(r"\b(?:mag|mocht|moet|moest) (?:hij |ze |zij )?van (?:de )?school "
                        r"(?:(?:een |de |\d+ |twee |drie |vier |vijf )?(?:hele )?(?:dag|dagen|week|weken)|voorlopig|tijdelijk|even) "
                        r"(?:niet (?:meer )?(?:op school |naar school )?komen|thuis ?blijven)\b")


# "hij mag alleen nog dinsdag- en donderdagochtend komen", "mag al sinds januari alleen van 9 tot 11
# naar school", "dat hij voorlopig alleen de ochtenden mag komen": the school lets the child come
# for part of the time only (reasons.yml deels_naar_school). Only with "mag/mogen/mocht", what the
# school allows: "hij kan maar 2 uur per dag" is the child's health.
_PART_OF_TIME = (r"(?:ochtend\w*|middag\w*|\w*dag(?:en|ochtend\w*|middag\w*)?|uur|uren|uurtjes|lesuren|dagdel\w*"
                 r"|van \d{1,2}(?:[.:]\d\d)? tot \d{1,2}(?:[.:]\d\d)?)")
_BY_A_DOCTOR = re.compile(r"\b(?:dokter|arts|huisarts|kinderarts|specialist|chirurg|behandelaar|psychiater"
                         r"|psycholoog|ziekenhuis|fysio\w*)\b")
_PART_TIME_BY_SCHOOL = re.compile(
    rf"\b(?:mag|mogen|mocht|mochten)\b[^.?!;]{{0,40}}?\b(?:alleen|maar|slechts)\b[^.?!;]{{0,40}}?\b{_PART_OF_TIME}\b"
    rf"[^.?!;]{{0,30}}?\b(?:komen|naar school|op school|aanwezig)\b"
    rf"|\b(?:alleen|maar|slechts)\b[^.?!;]{{0,40}}?\b{_PART_OF_TIME}\b[^.?!;]{{0,30}}?\b(?:mag|mogen|mocht|mochten)\s+"
    rf"(?:\w+\s+)?(?:komen|naar school|op school)\b"
    # "school en zorgaanbieder komen er niet uit ... daarom gaat ze alleen 's ochtends naar school"
    # (dev round 22): part of the time because of what school and care do not arrange
    rf"|\bdaarom\b[^.?!;]{{0,20}}?\b(?:alleen|maar|slechts)\b[^.?!;]{{0,30}}?\b{_PART_OF_TIME}\b[^.?!;]{{0,30}}?"
    rf"\b(?:naar school|op school|komen)\b"
    # "school ... stelt voor dat ze voorlopig alleen 2 ochtenden per week komt"
    rf"|\bschool\b[^.?!;]{{0,60}}?\b(?:stelt|stellen|stelde|stelden) voor\b[^.?!;]{{0,40}}?\b(?:alleen|maar|slechts)\b"
    rf"[^.?!;]{{0,40}}?\b{_PART_OF_TIME}\b")


def _relative_ill(text: str, reason_words) -> bool:
    """Whether the message tells of a relative's illness ("oma ligt in het ziekenhuis")."""
    compiled = _DEFAULT_COMPILED + ([] if reason_words is None else _compile_reason_words(reason_words))
    return any(_RELATIVE_BEFORE.search(text[:m.start()]) for r, rx in compiled if r == "ziek"
               for m in rx.finditer(text))


def _school_refuses(text: str, pos: int) -> bool:
    """True when the refusal verb at pos has the school as its subject (not "op school weigert hij")."""
    return any(s.start() <= pos < s.end() and not _AT_SCHOOL_BEFORE.search(text[:s.start()])
               for s in _SCHOOL_REFUSES.finditer(text))


# "te laat" as "too late" for something is not coming late to school:
# - "is dat nu te laat?", "dat is al te laat", "ben ik te laat?" (the writer, not the child)
_TOO_LATE_BEFORE = re.compile(
    r"(?:\b(?:is|was|wordt|werd)\s+(?:het|dat|dit)|\b(?:het|dat|dit)\s+(?:is|was|wordt|werd)"
    r"|(?:^|[.?!,:;])\s*(?:ben|zijn|was|waren)\s+(?:ik|we|wij|jullie))"
    r"\s+(?:(?:nu|al|dan|nog|niet|echt|toch|misschien|eigenlijk)\s+)*$")
# - "te laat voor een vrijstelling", "te laat om hem aan te melden", "te laat met melden"; not
#   "te laat voor de eerste les", "te laat om 9 uur", "te laat met de bus"
_TOO_LATE_AFTER = re.compile(
    r"\s+(?:om\s+(?:[\w'-]+\s+){0,4}?te\b"
    r"|voor\s+(?!(?:(?:de|het|een|zijn|haar|z'n)\s+)?(?:[\w'-]+\s+)?(?:school|les|lessen|uur|klas|start|bel|bus|trein)\b)"
    r"|met\s+(?!(?:(?:de|het|een|zijn|haar|z'n)\s+)?(?:bus|trein|fiets|auto|scooter)\b)"
    # - "ik kom te laat op mijn werk": the writer late for work, not the child late for school
    r"|(?:op|bij|voor)\s+(?:mijn|m'n|ons|het|zijn|z'n|haar|hun)\s+(?:werk|baan|afspraak|dienst)\b)")
# - "hij komt steeds te laat om zijn zusje weg te brengen" is still the child coming late
_COMES_BEFORE = re.compile(r"\b(?:komt|kwam|kwamen)\s+(?!(?:ik|we|wij)\b)(?:[\w'-]+\s+){0,2}$")
# - "de school heeft het te laat gemeld", "ik heb hem te laat aangemeld"; only with a pronoun as
#   what was reported: "losse uren te laat melden" reports the late arrivals
_PRONOUN_BEFORE = re.compile(r"\b(?:het|dat|dit|hem|haar)\s+$")
_REPORTED_AFTER = re.compile(r"\s+(?:ziek\s*)?(?:gemeld|melden|aangemeld|aanmelden|aangevraagd|aanvragen"
                             r"|ingediend|indienen|doorgegeven)\b")


def _too_late(text: str, m: re.Match) -> bool:
    """True when the "te laat" in the phrase means too late for something (see above)."""
    i = m.group(0).find("te laat")
    if i < 0:
        return False
    start, end = m.start() + i, m.start() + i + len("te laat")
    before = text[:start]
    if _TOO_LATE_BEFORE.search(before) or (_PRONOUN_BEFORE.search(before) and _REPORTED_AFTER.match(text, end)):
        return True
    after = _TOO_LATE_AFTER.match(text, end)
    return bool(after) and not (after.group(0).split()[0] == "om" and _COMES_BEFORE.search(before))


def _compiled(reason_words):
    return _DEFAULT_COMPILED if reason_words is None else _compile_reason_words(reason_words)


def _find_reason_match(text: str, reason_words) -> Optional[Tuple[str, str]]:
    """(reason id, matched phrase): the earliest match, the longest of those that start there."""
    best = None  # (start, -length, order, rid, phrase)
    for order, (rid, rx) in enumerate(_compiled(reason_words)):
        for m in rx.finditer(text):
            if not _counts_as_reason(text, m, rid):
                continue
            key = (m.start(), -(m.end() - m.start()), order, rid, m.group(0))
            if best is None or key < best:
                best = key
            break
    return (best[3], best[4]) if best else None


def _find_reason(text: str, reason_words) -> Optional[str]:
    match = _find_reason_match(text, reason_words)
    if match is None and reason_words is not None:
        # the knowledge's words first; the built-in phrasings catch what it does not list yet
        match = _find_reason_match(text, None)
    return match[0] if match else None


def _reason_starts(text: str, rid: str, reason_words) -> List[int]:
    """Where phrases of one reason start (the knowledge's and the built-in ones, not negated)."""
    compiled = _DEFAULT_COMPILED + ([] if reason_words is None else _compile_reason_words(reason_words))
    return [m.start() for r, rx in compiled if r == rid for m in rx.finditer(text)
            if _counts_as_reason(text, m, r)]


def reason_of_longer_phrase(text: str, entities: List[dict],
                            reason_words: Optional[Dict[str, List[str]]]) -> Optional[str]:
    """The free-text reader's reason when its knowledge phrase strictly contains the words the tagger
    tagged as a reason, else None.

    "geen school kan haar opvangen" is a phrase of geen_passende_plek; the tagger may tag only
    "geen school", a phrase of niet_ingeschreven. The longer phrase is the more specific one.
    """
    plain = _normalise(text)
    match = _find_reason_match(plain, reason_words) or _find_reason_match(plain, None)
    if not match:
        return None
    rid, phrase = match
    for e in entities or []:
        if e.get("entity") != "reason":
            continue
        start, end = e.get("start"), e.get("end")
        surface = text[start:end] if isinstance(start, int) and isinstance(end, int) else e.get("value")
        tagged = _normalise(surface).strip() if isinstance(surface, str) else ""
        if tagged and tagged in phrase and len(tagged) < len(phrase):
            return rid
    return None


# --------------------------------------------------------------------------------------------
# level, role, flags

_LEVEL_PATTERNS = [
    ("po", r"basisschool|basisonderwijs|bao|po|bs|obs|cbs|kleuterklas|kleuters?"
           r"|groep (?:[1-8]|een|twee|drie|vier|vijf|zes|zeven|acht)"),
    ("so", r"speciaal (?:voortgezet |basis)?onderwijs|sbo|so|vso|speciale school|so-school|cluster[ -]?[1-4](?: ?school)?"
           r"|zml(?:-school)?|mytylschool"),
    ("mbo", r"mbo(?:-?[1-4])?|roc|entreeopleiding|niveau [1-4]|bbl|bol"),
    ("vo", r"middelbare(?: school)?|voortgezet onderwijs|vo|brugklas\w*|havo|vwo|vmbo(?:-?[a-z]+)?|mavo"
           r"|gymnasium|atheneum|lyceum|praktijkonderwijs"
           r"|(?:klas|leerjaar) [1-6]|(?:eerste|tweede|derde|vierde|vijfde|zesde|[1-6]e) klas|eindexamen\w*"),
]
_LEVEL_RE = [(lvl, re.compile(rf"(?<![\w-])(?:{p})(?![\w])")) for lvl, p in _LEVEL_PATTERNS]

_ROLE_WORDS = {
    "ouder": r"(?:moeder|vader|ouders?|mama|mam|papa|pap|pleegmoeder|pleegvader|pleegouders?|stiefmoeder"
             r"|stiefvader|voogd|verzorgers?|opa|oma)",
    "school": r"(?:ib'?er|ib-er|ibber|ib|intern begeleider|interne begeleider|leerkracht|juf|meester|mentor"
              r"|docent\w*|zorgco[oö]rdinator|zorgcoordinator|zoco|directeur|directrice|teamleider|"
              r"schoolleider|coördinator|verzuimco[oö]rdinator|leraar|lerares|zorgspecialist)",
    "leerplicht": r"(?:leerplichtambtenaar|leerplicht|lpa|rmc[- ]?(?:consulent|medewerker|co[oö]rdinator|trajectbegeleider)?"
                  r"|consulent leerplicht|leerplichtconsulent)",
    # the GGD (roles.yml ggd) and others who know the child (roles.yml anders)
    "ggd": r"(?:jeugdarts|jeugdverpleegkundige|ggd[- ]arts|schoolarts|(?:jeugd)?arts (?:van|bij) de ggd)",
    "anders": r"(?:huisarts|wijkagent|politieagent|(?:buurt)?sportcoach|jongerenwerker|(?:voetbal|hockey|turn|zwem)?trainer"
              r"|bso[- ]medewerker|medewerker (?:van de |bij de )?(?:kinderopvang|bso))",
    # CJG, JGT and other zorgpartners (roles.yml zorg)
    "zorg": r"(?:jeugdconsulent|jeugdhulpverlener|hulpverlener|gezinscoach|(?:school)?maatschappelijk werker"
            r"|ambulant begeleider|jgt[- ]?(?:medewerker|er)|cjg[- ]?(?:medewerker|coach)|wijkteam(?:medewerker|lid)?"
            r"|medewerker (?:van )?(?:het )?(?:jgt|cjg|wijkteam|jeugd- en gezinsteam))",
}
_SELF = (r"(?:ik ben|ik werk als|wij zijn|we zijn|ben zelf(?: ook)?|ik ben zelf(?: ook)?|ik ben hier)"
         # "wij zijn sinds 3 weken pleegouders", "ik ben sinds kort mentor"
         r"(?: sinds (?:\d+|een|twee|drie|vier|kort|vorig\w*|de zomer|januari|september) ?\w*)?")
_ROLE_RES = [
    (role, re.compile(rf"\b{_SELF}\s+(?:de |een |zijn |haar |hun |z'n |het )?(?:\w+ )?{words}\b"
                      # "als moeder", "als ib'er": without an article; "als de directeur weigert" is
                      # a condition about someone else (the make run check of stop 21)
                      rf"|\bals\s+(?:(?!(?:de|het|een|die|deze|onze|mijn|zijn|haar|hun)\b)\w+ )?{words}\b"))
    for role, words in _ROLE_WORDS.items()
]
_LEERPLICHT_OFFICE = r"(?:de )?(?:afdeling )?(?:leerplicht|het rbl|rbl|leerlingenzaken)\b"
_ROLE_EXTRA = [
    # "mijn kleindochter van 8 woont sinds 2 weken bij mij", "ik ben niet haar moeder, alleen de
    # oma": a grandparent or foster parent who cares for the child (roles.yml ouder: verzorger)
    ("ouder", re.compile(r"\b(?:mijn|m'n|mn|onze|ons) (?:kleindochter|kleinzoon|kleinkind|kleinkinderen|pleegkind"
                         r"|pleegzoon|pleegdochter)\b|\b(?:alleen|maar|wel) (?:de|haar|zijn|hun) (?:oma|opa)\b")),
    # "ik heb een signaal uit de BRP": only the gemeente (leerplicht) gets signals from the
    # population register (blind round 18)
    ("leerplicht", re.compile(r"\b(?:signaal|signalen|melding|bericht) (?:uit|van|via) (?:de |het )?brp\b|\bbrp-?signaal\b")),
    ("leerplicht", re.compile(rf"\bik werk (?:zelf |ook |al (?:\w+ ){{1,2}}|sinds \w+ )?(?:bij|voor) "
                              rf"{_LEERPLICHT_OFFICE}")),
    ("leerplicht", re.compile(rf"\bik (?:zit|sta|werk) (?:sinds kort |sinds \w+ |nu |al \w+ |ook )?(?:achter|aan) de balie "
                              rf"(?:bij|van) {_LEERPLICHT_OFFICE}")),
    # the front desk of the gemeente, where leerplicht questions arrive ("ik zit aan de balie van
    # het gemeentehuis", "ik werk bij het klantcontactcentrum van de gemeente leiden"): the
    # leerplicht front desk this assistant is also for
    ("leerplicht", re.compile(r"\bik (?:zit|sta|werk) (?:sinds kort |sinds \w+ |nu |al \w+ |ook )?(?:achter|aan|bij|op|in) "
                              r"(?:de |het )?(?:balie|publieksbalie|klantcontactcentrum|kcc|frontoffice|receptie)"
                              r" (?:van|bij|in) (?:de |het )?gemeente\w*")),
    # "ik werk op de administratie", "ik doe de leerlingenadministratie op een vo school"
    ("school", re.compile(r"\bik (?:werk (?:zelf |ook )?(?:op|bij|in)|doe) (?:de |het )?"
                          r"(?:leerlingen|leerling)?administratie\b")),
    # a student writing about themselves (the knowledge's role jongere); no "als": "als (een)
    # leerling ziek is" is a condition, not a statement about oneself
    ("jongere", re.compile(r"\b(?:ik ben|ben) (?:zelf |zelf ook |nog |gewoon )?(?:de |een )?"
                           r"(?:leerling|leerlinge|scholier|student|studente|jongere)\b")),
    # "ik ben 3 dagen geschorst", "ze willen me van school sturen": only the pupil (round 16)
    ("jongere", re.compile(r"\bik ben (?:al |nu |vandaag |net |gisteren |(?:\d+|een|twee|drie|vier|vijf) (?:dagen|dag|week) )*"
                           r"(?:geschorst|verwijderd|van school (?:af )?gestuurd|eruit gestuurd|de klas uit gestuurd)\b"
                           r"|\b(?:willen|wil|gaan) (?:ze |zij |hun |de school )?(?:me|mij) (?:\w+ )?(?:van school (?:af )?(?:sturen|halen|schoppen)"
                           r"|wegsturen|verwijderen|schorsen)\b")),
    # "ik ben 15 en ik ga al een tijdje niet naar school": only the pupil says this of themselves
    ("jongere", re.compile(r"\bik (?:ga|durf|wil) (?:al (?:een tijd(?:je)?|weken|maanden|dagen) |nu |sinds [\w ]{1,30}? )?"
                           r"(?:niet|nooit) (?:meer |graag )?naar (?:school|de les|les)\b")),
    ("jongere", re.compile(r"\bik (?:ben [\w']+ en )?zit (?:zelf |nog |nu |zelf nog )?(?:op|in) (?:de |het |een )?"
                           r"(?:school|basisschool|middelbare(?: school)?|mbo|roc|havo|vwo|vmbo|mavo|brugklas"
                           r"|praktijkonderwijs|gymnasium|atheneum|lyceum|(?:klas|groep) \d"
                           r"|\d(?:e|de|ste) klas|(?:eerste|tweede|derde|vierde|vijfde|zesde) klas)\b")),
    # "hoi ik ben 15 en ik wil stoppen met school", "als ik spijbel krijg ik dan een boete?":
    # a teenager's age said of oneself, or what only a pupil says of themselves
    ("jongere", re.compile(r"\bik ben (?:1[0-9])(?: jaar(?: oud)?)?(?=\s*(?:$|[,.!?(]|en\b|dus\b|maar\b|want\b))"
                           # "... dat ik moet komen praten. ben 15.": the "ik" left out
                           r"|(?:^|[.!?]\s*)ben (?:1[0-9])(?: jaar(?: oud)?)?(?=\s*(?:$|[,.!?]))")),
    # "ik heb gwn best veel gespijbeld": what only a pupil says of themselves
    ("jongere", re.compile(r"\bik (?:heb|had) (?:\w+ ){0,3}gespijbeld\b")),
    ("jongere", re.compile(r"\bik (?:wil|ga) (?:eigenlijk |gewoon |misschien |graag )?stoppen met (?:school|mijn opleiding|de opleiding)\b"
                           r"|\b(?:als |dat )?ik (?:soms |vaak |weleens |wel eens )?spijbel\b")),
    ("school", re.compile(r"\bik werk (?:op|bij|in) (?:een|de|onze) (?:basis|middelbare )?school\b")),
    # "ik werk bij het jeugd- en gezinsteam in de leidse regio", "wij zijn van het cjg"
    ("zorg", re.compile(r"\b(?:ik werk|ik zit|wij werken|we werken|ik ben|wij zijn|we zijn) (?:zelf |ook |al \w+ )?(?:bij|in|voor|van) "
                        r"(?:het |de |een )?(?:jeugd- en gezinsteam|jeugd en gezinsteam|jgt|cjg|centrum voor jeugd en gezin"
                        r"|wijkteam|buurtteam|jeugdhulp|jeugdzorg)\b")),
    # "ik kom vaak te laat omdat ...", "ik ben 11 keer te laat geweest": only a pupil says this
    ("jongere", re.compile(r"\bik (?:kom|kwam) (?:(?:vaak|steeds|altijd|regelmatig|soms|weleens|wel eens|nogal eens|elke dag"
                           r"|iedere dag|de laatste tijd)\s+)+te laat\b(?! (?:op|bij) (?:mijn|m'n|mn|het) werk)"
                           r"|\bik ben (?:al |nu |dit jaar |dit schooljaar )*(?:\d+|\w+) (?:keer|x) te laat\b")),
    ("school", re.compile(r"\b(?:mijn|onze) leerling\b|\b(?:een )?leerling van (?:mij|ons)\b")),
    # "wanneer ben ik als school verplicht ...", "wij als school", "we willen een leerling
    # verwijderen": only the school speaks so (blind round 18 got "Wie bent u?" first)
    ("school", re.compile(r"\b(?:ben|zijn|moet|moeten|mag|mogen|kan|kunnen) (?:ik|we|wij) als (?:de )?(?:basis)?school\b"
                          r"|\b(?:ik|we|wij) als (?:de )?(?:basis)?school\b"
                          # "wij melden als basisschool altijd ..." (dev round 22)
                          # (not "kan ik terecht als de school niet luistert": a condition, round 20)
                          r"|\b(?:ik|we|wij) (?:melden|meld|werken|werk|doen|handelen|zijn|hebben) (?:altijd |zelf |ook |nu )?"
                          r"als (?:een )?(?:basis|middelbare |vo-?|po-?)?school\b"
                          r"|\b(?:we|wij) (?:willen|gaan|moeten|overwegen|denken erover)\b[^.?!]{0,20}?\b(?:een|die|deze|onze) "
                          r"leerling(?:e)?\b[^.?!]{0,40}?\b(?:verwijderen|schorsen|uitschrijven|melden)\b")),
    # "wat moet ik invullen bij een melding ... in het DUO-verzuimregister?", "welke soort kies ik
    # in het verzuimloket?": only a school reports to DUO (a parent's "moet ik hem ziek melden bij
    # leerplicht?" is not this)
    ("school", re.compile(r"\b(?:moet|moeten|mag|mogen|kan|kunnen|kies|vul|meld) (?:ik|we|wij)\b[^.?!]{0,60}?"
                          r"\b(?:duo|duo-?verzuimloket|verzuimloket|verzuimregister|duo-?verzuimregister)\b"
                          r"|\b(?:wat|hoe) (?:moet|moeten) (?:ik|we|wij) (?:\w+ )?invullen bij (?:een|de) (?:verzuim)?melding\b")),
    # a note opening with the pupil it is about: "leerling uit 2 vwo (13) meldt zich ...",
    # "lln groep 7 zit ...": staff write so, parents write "mijn zoon"
    # ("vraag over leerling groep 5: ...", dev round 22)
    # ("leerling 17 jr, 4 havo. ...", dev round 22)
    ("school", re.compile(r"^\W*(?:een |onze )?(?:leerling|leerlinge|lln|ll) \(?\d{1,2} ?(?:jr|jaar)\b")),
    ("school", re.compile(r"^\W*(?:(?:vraag|vraagje|casus) (?:over|m\.?b\.?t\.?|betreft) )?(?:een |onze )?(?:leerling|leerlinge|lln|ll)\b(?: (?:uit|van|in))? (?:(?:de |het )?(?:groep|klas|leerjaar) "
                          r"\w+|\d+\s*(?:havo|vwo|vmbo\w*|mavo|gym\w*|hv|vh)\b|(?:de )?brugklas|havo|vwo|vmbo\w*|mavo)")),
    # "vraagje vanuit de leerlingadministratie (vo, katwijk)"
    ("school", re.compile(r"\bvanuit (?:de |het )?(?:leerlingenadministratie|leerlingadministratie|administratie|zorgteam"
                          r"|ondersteuningsteam|mentoraat|school)\b")),
    # "we zijn met de kinderen naar spanje gegaan": a family trip is the parents' account
    ("ouder", re.compile(r"\b(?:wij|we) (?:zijn|gaan|gingen|waren|willen)\b[^.?!]{0,60}\bmet (?:de|onze) (?:kinderen|kids)\b"
                         r"|\b(?:mogen|kunnen|willen) (?:wij|we) [^.?!]{0,40}\bmet (?:de|onze) (?:kinderen|kids)\b")),
    # "kids zitten in groep 3 en 6", "onze kinderen": parents write of their own children
    ("ouder", re.compile(r"\b(?:onze|mijn) (?:kids|kinderen|zoontje|dochtertje)\b|(?:^\W*|[.!?]\s*)(?:de )?kids (?:zitten|gaan|zijn)\b"
                         # "mn zoon", "m'n dochter"; "met het hele gezin"; "de kinderen zitten op de basisschool"
                         r"|\b(?:mn|m'n|mijn) (?:zoon|dochter|kind|zoontje|dochtertje)\b|\bmet het hele gezin\b"
                         # "we willen de kids 2 weken eerder meenemen" (round 17)
                         r"|\b(?:onze|mijn|mn|m'n) kids\b|\b(?:we|wij) (?:willen|gaan|nemen) (?:de|onze) (?:kids|kinderen)\b"
                         # "ik wil met mijn twee kinderen naar haar gaan"
                         r"|\bmet (?:mijn|m'n|mn|onze) (?:\w+ )?(?:kinderen|kids|zoons|dochters)\b"
                         r"|(?:^\W*|[.!?]\s*)de kinderen (?:zitten|gaan) (?:op|naar)\b")),
    # "zoon is 16, havo 4, ...", "dochter (15) komt ...": a note that opens with a child's age
    # is a parent's note about their own child
    ("ouder", re.compile(r"^\W*(?:(?:hoi|hallo|hey|goedemorgen|goedemiddag|goedenavond)\b[\s,!.]*)?"
                         r"(?:zoon|dochter|zoontje|dochtertje)(?: is| van)? \(?\d{1,2}\b")),
    # "mogen we de vrijdag voor de meivakantie vrij vragen?", "mijn schoonmoeder is overleden, we
    # willen 3 weken gaan": leave for the family, asked by a parent (round 20 asked "Wie bent u?")
    ("ouder", re.compile(r"\b(?:mogen|kunnen|mag|kan) (?:we|wij) [^.?!]{0,40}?\bvrij (?:vragen|krijgen|nemen)\b"
                         r"|\b(?:mijn|onze) schoon(?:moeder|vader|ouders|zus|broer)\b")),
    # custody: "wij hebben de voogdij", "sinds mei heb ik het ouderlijk gezag"
    ("ouder", re.compile(r"\b(?:(?:ik|wij|we) (?:heb|hebben)|(?:heb|hebben) (?:ik|wij|we)) (?:zelf |nu |ook |samen )?"
                         r"(?:de |het )?(?:voogdij|ouderlijk gezag)\b")),
]
# A note that opens with the writer's job, without "ik ben": "mentor 4 havo. lln 16 jr ...", "lpa
# gemeente schagen. ...", "IB'er hier, ...", "balie leerplicht Alphen: moeder aan de lijn". Only at
# the very start (after a greeting) and only as a heading: the job, at most three qualifiers (a
# class, "gemeente X", "van/op/bij ...", a place of a region) and then a comma, colon, full stop,
# "hier" or nothing more. "mentor belde vandaag", "de mentor zegt" and "mentor van mijn zoon
# belde:" are about someone else; "leerplicht, vanaf welke leeftijd?" is a topic, not a desk.
_HEADING_ROLES = {
    "school": _ROLE_WORDS["school"],
    # "beller: opa ligt op sterven ...": the front desk's note of a call (the leerplicht front
    # desk is one of this assistant's users; a parent writes of "mijn kind", not of a caller)
    "leerplicht": r"(?:beller|(?:de |een )?ouder aan de (?:lijn|telefoon)|(?:een )?(?:ouder|moeder|vader) (?:belt|aan de balie)|collega(?: van)? (?:leerplicht|lpa)|leerplichtambtenaar|lpa|rmc[- ]?(?:consulent|medewerker|co[oö]rdinator|trajectbegeleider)|consulent leerplicht"
                  r"|leerplichtconsulent|(?:balie|afdeling|team|bureau) leerplicht|leerplicht(?= (?:hier|gemeente)\b)"
                  # "Team leerlingenzaken Alphen a/d Rijn.", "RBL Holland Rijnland:" (blind round 22)
                  r"|(?:team |afdeling |bureau )?leerlingenzaken|rbl(?: holland rijnland)?"
                  # "baliemedewerker leerplicht hier", "medewerker bij leerplicht:"
                  r"|(?:balie)?medewerker (?:van |bij )?(?:de )?(?:afdeling )?leerplicht)",
    # "jeugdarts ggd. een vo school vraagt me ..." (round 15), "jeugdconsulent:", "huisarts hier,"
    "ggd": r"(?:(?:jeugdarts|jeugdverpleegkundige|schoolarts)(?: (?:van |bij )?(?:de )?ggd)?|ggd[- ]arts)",
    "zorg": _ROLE_WORDS["zorg"],
    "anders": _ROLE_WORDS["anders"],
}
_GREETING = (r"(?:(?:hoi|hallo|hai|hey|hee|beste|goedemorgen|goedemiddag|goedenavond|goeiemorgen|goeiemiddag"
             r"|goedendag|dag)\b[\s,!.]*)?")
_LEVEL_WORDS = "|".join(p for _, p in _LEVEL_PATTERNS)
# a word of a name, not a verb telling what someone did ("juf van groep 3 zegt: ...")
_NAME_WORD = (r"(?!(?:zegt|zei|zeiden|belt|belde|belden|mailt|mailde|appt|appte|schrijft|schreef|vindt|vond"
              r"|vraagt|vroeg|meldt|meldde|stuurt|stuurde|denkt|dacht|geeft|gaf|laat|liet|heeft|had|is|was"
              r"|wil|wilde|kan|kon|mag|mocht|moet|moest|weet|wist|gaat|ging|komt|kwam|doet|deed)\b)[\w'-]+")
_HEADING_QUALIFIER = (
    rf"(?:\d+[a-z]{{0,2}}\s*-?\s*)?(?:{_LEVEL_WORDS})(?:\s*-?\s*\d+[a-z]?)?(?:/(?:{_LEVEL_WORDS}))*(?![\w'/-])"   # 4 havo, groep 7, havo/vwo
    r"|[\w-]+ (?:a/d|a\.d\.|aan de|aan den) [\w-]+(?![\w'-])"                              # alphen a/d rijn
    r"|\d+[a-z]{1,3}\d?(?![\w'-])"                                                         # 3b, 2hv
    r"|[\w-]*sc?hool(?![\w'-])"                                                           # basisschool, vo-school
    r"|(?:onder|midden|boven)bouw(?![\w'-])"                                             # teamleider bovenbouw
    r"|regio [\w-]+"                                                                       # rmc trajectbegeleider regio kop
    rf"|gemeente {_NAME_WORD}"
    rf"|(?:van|op|bij|uit|in) (?!(?:mijn|onze|ons|zijn|haar|hun|je|jullie)\b)(?:{_NAME_WORD} ){{0,2}}{_NAME_WORD}")
_HEADING_END = r"(?:\s*[,:.;]|\s+hier\b|\s*$)"


def _heading_role(text: str, region_words) -> Optional[str]:
    """The role of a job title heading the message; a region's places may qualify it ("lpa schagen:")."""
    places = tuple(sorted({re.sub(r"\s+", " ", str(w).strip().lower()) for ws in (region_words or {}).values()
                           for w in ws} - {""}, key=len, reverse=True))
    for role, rx in _heading_res(places):
        if rx.match(text):
            return role
    return None


@lru_cache(maxsize=8)
def _heading_res(places: Tuple[str, ...]):
    qualifier = _HEADING_QUALIFIER + "".join(f"|{_phrase_regex(w)}" for w in places)
    return [(role, re.compile(rf"^\s*{_GREETING}(?:{words})(?![\w'-])(?: (?:{qualifier})){{0,3}}{_HEADING_END}"))
            for role, words in _HEADING_ROLES.items()]


def _stated_role(text: str) -> Optional[str]:
    """The role of the earliest statement about oneself ("ik ben ib'er", "als moeder")."""
    role = None
    for r, rx in _ROLE_RES + _ROLE_EXTRA:
        m = rx.search(text)
        if m and (role is None or m.start() < role[1]):
            role = (r, m.start())
    return role[0] if role else None


_PARENT_HINT = re.compile(r"\b(?:mijn|onze) (?:zoon|dochter|kind|kinderen|zoontje|dochtertje|jongen|meisje|puber)\b")

# Not a psychiatrist or psychologist alone: the knowledge names them as the advisers whose
# statement a vrijstelling needs ("na advies van arts, psycholoog of psychiater"), which is no care
# with an indicatie. Treatment by one ("in behandeling bij de psychiater") still counts. Nor the
# GGD or a jeugdarts: they advise on school attendance (kinds.yml ziek), which is no care either.
_CARE_RE = re.compile(
    r"(?<![\w-])(?:jeugdzorg|jeugdhulp|ggz|behandeling\w*|behandelaar\w*|zorgindicatie"
    r"|therapie|therapeut|kliniek|dagbehandeling|opgenomen|jgt|cjg|wijkteam|jeugd- en gezinsteam"
    r"|zorgaanbieder|pgb|wlz|hulpverlen\w*|begeleider van \w+"
    r"|jeugdwet|zorgverzekeringswet|zvw|ciz)(?![\w])")
# The laws of a care indicatie count ("een indicatie via de jeugdwet"); a bare "indicatie" does
# not: it may be one for speciaal onderwijs ("een indicatie voor cluster 4").
_CARE_NEG_RE = re.compile(r"\b(?:geen|zonder) (?:hulp|zorg|jeugdzorg|jeugdhulp|behandeling|hulpverlening)\b")
_DISAGREE_RE = re.compile(
    # "niet eens", but not "weet het niet eens" or "heb het niet eens gedaan" (not even)
    r"\b(?:niet eens(?! (?:gedaan|geweten|gezien|gemerkt|gehoord|gevraagd|gezegd|gebeld|verteld))"
    r"(?<!\bweet het niet eens)(?<!\bweten het niet eens)(?<!\bwist het niet eens)"
    r"(?<!\bbegon er niet eens)(?<!\bbegon niet eens)(?<!\bdeed er niet eens)"   # "ik begon er niet eens mee"
    r"(?! (?:mijn|zijn|haar|hun|onze|jouw|uw|de|z'n|m'n) schuld)"   # "het is niet eens mijn schuld" (not even)
    # "klachten" alone are symptoms ("me/cvs klachten", "psychische klachten"): a complaint is
    # lodged, about or against someone, or a commission's (round 16)
    r"|niet mee eens|oneens|conflict\w*|ruzie\w*|bezwaar|klacht(?:en)?commissie|klachtenregeling|klachtprocedure"
    r"|(?:een|mijn|onze|officiële) klacht|klacht(?:en)? (?:indienen|ingediend|over|tegen|neerleggen)"
    r"|klagen|geschil\w*|onenigheid"
    r"|luister(?:t|en) niet|geen vertrouwen|boos op (?:de )?school|onredelijk|ingaan tegen"
    # "school en de zorgaanbieder komen er niet uit" (dev round 22): no agreement reached
    r"|komen (?:er )?(?:\w+ ){0,3}?(?:samen )?niet uit)\b")
# "geen ruzie met school", "we zijn het eens met de school": the disagreement question answered no.
_DISAGREE_NEG_RE = re.compile(
    r"\b(?:geen (?:ruzie\w*|conflict\w*|onenigheid|meningsverschil\w*|geschil\w*|klacht\w*|bezwaar)"
    r"|niet oneens|(?:zijn|ben|is) het (?:wel |helemaal |gewoon )?eens|werken goed samen)\b")
_VRIJ_TRUE = re.compile(
    r"\b(?:(?:heeft|hebben|heb|met|kreeg|kregen) (?:een |al een |sinds \w+ een )?(?:vrijstelling|ontheffing)"
    r"|(?:vrijstelling|ontheffing) (?:gekregen|afgegeven|toegekend)|is vrijgesteld|vrijgesteld van|5 ?a)\b")
# "zonder verlof", "geen toestemming": the question "is er toestemming (verlof of een
# vrijstelling)?" is answered with no.
_VRIJ_FALSE = re.compile(r"\b(?:geen|zonder) (?:vrijstelling|ontheffing|verlof|toestemming)\b|\bniet vrijgesteld\b")
_SCHOOL_HOLIDAY = re.compile(r"(?:herfst|kerst|zomer|mei|voorjaars|krokus|winter|paas)vakantie\b")
_TRIP = re.compile(r"\b(?:\d+|een|twee|drie|vier|paar) (?:weken|week|dagen) (?:naar|in) "
                   r"(?!(?:school|de les|les|huis|bed|de klas|het ziekenhuis|totaal|tijd|deze|die|dit|dat|elke|iedere)\b)[a-z]{3,}"
                   # ("8 dagen in totaal" is a sum, no trip: blind round 19)
                   # "2 weken voor de zomervakantie al meenemen", "een week na de meivakantie pas
                   # terug": days of school next to a school holiday (round 17)
                   r"|\b(?:\d+|een|twee|drie|vier|paar|n) (?:weken|week|dagen|dag) (?:eerder |later )?(?:voor|na) (?:de|het) "
                   r"(?:\w+vakantie|vakantie|kerst|pinksteren|pasen)\b"
                   # "een week eerder op zomervakantie naar Turkije" (blind round 22, after its judging)
                   r"|\b(?:\d+|een|twee|drie|vier|paar|n) (?:weken|week|dagen|dag) (?:eerder|later) (?:op |met |naar )?(?:\w+vakantie|vakantie)\b")
_ASKS_LEAVE = re.compile(r"\b(?:aanvragen|aanvraag|verlof|toestemming|mag dat|mogen we|mogen wij|kunnen we|bij wie)\b")
_ILL_ON_A_TRIP = re.compile(r"\b(?:op vakantie|op de camping|in het buitenland|op reis|tijdens de reis"
                            r"|tijdens (?:de|hun|onze) vakantie)\b[^.?!]{0,40}\bziek\b"
                            r"|\bziek\b[^.?!]{0,30}\b(?:op vakantie|op de camping|in het buitenland|op reis)\b")
# "ziek gemeld, maar volgens klasgenoten zat ze toen al op Ibiza": a sick report during a trip,
# which makes the trip the absence (dev round 22)
_FAKE_SICK = re.compile(r"\bziek (?:gemeld|afgemeld|melden)\b[^.?!]{0,80}?\b(?:maar|terwijl)\b[^.?!]{0,60}?"
                        r"\b(?:op vakantie|op reis|in het buitenland|op de camping|(?:zat|zaten|was|waren) (?:ze|hij|zij|ze toen|hij toen)?"
                        r" ?(?:toen |al |toen al |gewoon )*(?:op|in) (?!(?:bed|huis|het ziekenhuis|de klas|school)\b)[a-z]{3,})")
# "als ze nee zeggen en we gaan toch", "verlof afgewezen, we vertrekken toch": leave refused and
# the family goes anyway, which is a trip without permission (reason vakantie, no permission)
_GOES_ANYWAY = re.compile(r"\b(?:nee|afgewezen|afgekeurd|niet goedgekeurd|geweigerd|weigert|weigeren|niet gekregen|niet krijgen|niet mag"
                          r"|niet mogen)\b.*"
                          # "... school zei nee, en we zijn toch gegaan" (blind round 18): past tense too
                          r"\b(?:(?:gaan|gaat|ga|gingen|ging|vertrekken|vertrekt|vertrokken|weg)(?: \w+)? toch"
                          r"|toch (?:gaan|gaat|gegaan|gingen|ging|vertrekken|vertrekt|vertrokken|weg|weggegaan))\b"
                          # "en als we gewoon gaan en het wordt niet goedgekeurd?" (round 20)
                          # "ze zegt dat ze hoe dan ook gaat" (dev round 22)
                          r"|\b(?:hoe dan ook (?:gaan|gaat|vertrekken|vertrekt|weg)|(?:gaan|gaat|vertrekken|vertrekt) (?:ze|we|wij|zij|hij) hoe dan ook)"
                          r"(?=\s*(?:[,.;!?]|$|\ben\b|\bmaar\b))"
                          r"|\b(?:gewoon|toch) (?:gaan|gaat|vertrekken|weg)\b.*\b(?:niet goedgekeurd|afgekeurd|afgewezen"
                          r"|geweigerd|niet toegestaan)\b")


# the school or its staff saying no (to leave): "de directeur weigert", "school zegt nee"
_STAFF_SAYS_NO = re.compile(rf"\b(?:{_SCHOOL_VOICES})\b[^.?!]{{0,20}}?"
                            r"\b(?:weigert|weigeren|weigerde|zegt nee|zeggen nee|zei nee|nee zegt|nee zeggen)\b")


# Structural absence: "wekelijks terugkerend verzuim op vaste momenten" (kinds.yml risicoleerling).
_WEEKDAY = r"(?:maan|dins|woens|donder|vrij|zater|zon)dag(?:ochtend|middag|morgen)?"
_WEEKLY_MOMENT = re.compile(rf"\b(?:elke|iedere|wekelijks op|elke week op) {_WEEKDAY}\b|\bop {_WEEKDAY}en\b")
# (not the term "structureel verzuim": "wat is structureel verzuim?" says nothing about the child)
_FIXED_MOMENTS = re.compile(r"\b(?:op )?vaste (?:momenten|dagen|tijden)\b|\belke week (?:op )?dezelfde dag\w*\b"
                            r"|\bstructureel (?:afwezig|verzuimt|verzuimen)\b|\bverzuimt structureel\b")
# what makes a weekly moment an absence from school ("elke woensdag naar therapie")
_AWAY = re.compile(
    r"\b(?:ziek\w*|therapie\w*|therapeut|behandel\w*|dagbehandeling|fysio\w*|psycholoog|psychiater|kliniek"
    r"|revalidatie\w*|arts|huisarts|specialist|dialyse|ggz|logopedi\w*|afwezig|mist|verzuim\w*"
    r"|niet (?:op|naar) school)\b")
_OUT_OF_SCHOOL_TIME = re.compile(r"\b(?:na|buiten) (?:school\w*|de les\w*)\b|\bin het weekend\b")
_NOT_STRUCTURAL = re.compile(r"\b(?:niet op|geen) vaste (?:momenten|dagen|tijden)\b"
                             r"|\bwisselende (?:momenten|dagen|tijden)\b|\bniet structureel\b")


def _structural(text: str) -> Optional[bool]:
    if _NOT_STRUCTURAL.search(text):
        return False
    if _FIXED_MOMENTS.search(text):
        return True
    for m in _WEEKLY_MOMENT.finditer(text):
        if _NEGATION_BEFORE.search(text[:m.start()]):
            continue  # "niet elke dinsdag"
        sentence = _sentence_of(text, m.start())
        if _AWAY.search(sentence) and not _OUT_OF_SCHOOL_TIME.search(sentence):
            return True
    return None


def _sentence_of(text: str, pos: int) -> str:
    """The sentence around pos (split at . ! ? ;, not at "en": "elke dinsdag en donderdag")."""
    start = max(text.rfind(c, 0, pos) for c in ".!?;") + 1
    ends = [i for i in (text.find(c, pos) for c in ".!?;") if i >= 0]
    return text[start:min(ends) if ends else len(text)]


# Hours of the writer's job, of sleep or of travel are no missed school ("ik werk ook 30 uur"),
# unless the clause says they were missed.
_NOT_SCHOOL_HOURS = re.compile(r"\b(?:werk\w*|baan|bijbaan\w*|dienst\w*|slaap\w*|sliep\w*|slapen|reis\w*"
                               r"|rijd\w*|rijden|onderweg)\b")
_MISSED = re.compile(r"\b(?:gemist|mist|missen|verzuim\w*|afwezig|ongeoorloofd|gespijbeld|spijbel\w*"
                     r"|niet (?:op|naar) school)\b")
# "4 keer per week te laat", "elke week 3 keer": a rate, not a count
_RATE = re.compile(r"\b(?:per|in de|elke|iedere) (?:dag|week|lesweek|maand|ochtend)\b|\b(?:dagelijks|wekelijks)\b")

_LATE_RES = [re.compile(rf"(?<![\w-])({NUM})\s*(?:keer|maal)\s+(?:\w+\s+){{0,3}}?te laat"),
             re.compile(rf"te laat[\s,]+(?:\w+[\s,]+){{0,3}}?({NUM})\s*(?:keer|maal)\b")]


def _late_count(text: str, spans):
    """"9 keer te laat", "te laat, inmiddels twaalf keer"; not a rate ("4 keer per week")."""
    for rx in _LATE_RES:
        for m in rx.finditer(text):
            value = parse_number(m.group(1))
            if value is not None and not _RATE.search(_clause_text(text, spans, m.start(1))):
                return _num(value)
    return None


_NOT_ENROLLED = re.compile(
    r"\b(?:niet|nergens|nog niet|nooit) (?:meer )?(?:(?:staat|staan|is|zijn) )?(?:ingeschreven|aangemeld)\b"   # "omdat hij nergens staat ingeschreven"
    r"|\buitgeschreven\b"
    r"|\bgeen (?:school ?)?inschrijving\b|\b(?:heeft|hebben|zonder) (?:nog )?geen school\b"
    r"(?!(?: [\w']+){0,4} (?:gezocht|gevraagd|benaderd|gebeld|bekeken)\b)"   # "... voor hem gezocht"
    r"|\bzonder school\b|\bgeen school (?:meer|gevonden)\b"
    r"|\bgeen (?:enkele )?school(?: meer| nog)? (?:ingeschreven|aangemeld)\b"
    # "mijn dochter is nog niet op school want ik zoek nog een goede school" (not "... nog niet op
    # school geweest", which is absence)
    r"|\bnog niet (?:op|naar) (?:een |de )?school\b(?! (?:geweest|gegaan|gekomen|verschenen))")
_ENROLLED = re.compile(
    r"(?:\b(?:staat|is|zijn|staan|nog|wel) (?:nog |wel |gewoon )*ingeschreven\b"
    r"|\bingeschreven (?:op|bij|aan)\b|^\s*ja,? (?:\w+ )?(?:staat )?ingeschreven"
    r"|(?:^|[,;:(])\s*ingeschreven(?=\s*[,;.)]|\s*$)"   # a note: "lln 15 jr, ingeschreven, sinds ..."
    # "zijn basisschool in alphen zegt dat ...": the child's own school acts, so it has one (not
    # a new or former school)
    r"|\b(?:zijn|haar|z'n|ze'r) (?:huidige )?(?:basis|middelbare |speciale )?school(?: in [\w-]+(?: [\w-]+)?)? "
    r"(?:zegt|zei|wil|kan|heeft|belde|belt|weigert|doet|vindt|stuurt|stuurde)\b"
    # "de basisschool in leiderdorp zegt dat ze hem niet meer aankunnen", "de school wil haar
    # alleen 's ochtends hebben": what a school no longer does or only does, its own pupil
    r"|\b(?:de|zijn|haar|z'n) (?:basis|middelbare |speciale )?school(?: in [\w-]+(?: [\w-]+)?)? "
    r"(?:zegt|zei|zeggen|wil|vindt)\b[^.?!]{0,40}\b(?:niet meer|alleen|nog maar)\b)"
    r"(?!\s+(?:te )?worden)")                               # "moet nog ingeschreven worden": not yet

# A region word used as a verb: "dat kan leiden tot ...", "tot een straf leiden".
_VERB_BEFORE = re.compile(r"\b(?:kan|kunnen|zal|zullen|zou|zouden|moet|moeten|mag|mogen|gaat|gaan|te)\s+$"
                          r"|\btot\s+(?:[\w'-]+\s+){0,4}$")
_VERB_AFTER = re.compile(r"^\s*tot\b")
# "kom uit de leidse regio", "vroeger in leiden", "verhuisd van leiden naar ...": where one came from
_ORIGIN_BEFORE = re.compile(r"\b(?:(?:kom|kwam|komen|kwamen|afkomstig) (?:\w+ )?uit|vroeger (?:in|bij)"
                            r"|verhuisd (?:van|uit)|eerder (?:in|bij)|werkte (?:\w+ )?(?:in|bij))\s+(?:de |het )?$")


def _find_region(text: str, region_words: Dict[str, List[str]]) -> Optional[str]:
    """The region whose words (whole words) the text names, skipping negated mentions ("niet
    leiden, ... schagen"). Two different regions named: None (where one lives and where the
    school is may differ; the reader does not choose)."""
    found, origins = set(), set()
    for rid, words in region_words.items():
        for w in words:
            w = re.sub(r"\s+", " ", str(w).strip().lower())
            if not w:
                continue
            for m in re.finditer(rf"(?<![\w-]){_phrase_regex(w)}(?![\w-])", text):
                before = text[:m.start()]
                if not (_NEGATION_BEFORE.search(before) or _VERB_BEFORE.search(before)
                        or _VERB_AFTER.match(text[m.end():])):
                    found.add(rid)
                    if _ORIGIN_BEFORE.search(before):
                        origins.add(rid)
    if len(found) > 1 and found - origins:
        # "ik werk in den helder, kom uit de leidse regio": where one comes from is not where
        # one asks about (round 16)
        found -= origins
    return found.pop() if len(found) == 1 else None


# --------------------------------------------------------------------------------------------
# main

# a number followed by one of these is a duration, a count or a rate, not an age ("ik ben 15
# minuten te laat", "hij is 3 dagen ziek")
_NOT_AGE_UNIT = (r"(?:(?:dagen|dag|schooldagen|schooldag|lesdagen|lesdag|weken|week|maanden|maand|uur|uren|minuten|minuut|min|kwartier|seconden"
                 r"|keer|x|maal|ziekmeldingen|procent)\b|%)")


def extract_facts(text: str, reason_words: Optional[Dict[str, List[str]]] = None,
                  region_words: Optional[Dict[str, List[str]]] = None) -> dict:
    """Return the Situation fields found in ``text`` (only those found).

    ``reason_words`` / ``region_words``: id -> everyday words, from the knowledge (reasons.yml;
    a region pack's name, words and areas). Without region words no region is read.
    """
    if not text or not text.strip():
        return {}
    raw = _normalise(text)
    t = _drop_corrections(raw)
    facts: dict = {}

    # --- durations, suspension ------------------------------------------------------------
    suspensions = _reason_starts(t, "geschorst", reason_words)
    for kind, amount, start, end, suspension, framed in _durations(t, suspensions):
        if suspension:
            if "suspension_days" not in facts:
                facts["suspension_days"] = _num(amount if kind == "days" else amount * 5)
            continue
        if framed:
            continue
        if kind == "days":
            facts.setdefault("days_absent", _num(amount))
        else:
            facts.setdefault("weeks_absent", _num(amount))

    # "inmiddels is het week 5", "we zitten nu in week 7": the week of the absence it is now
    m = _WEEK_NUMBER.search(t)
    if m and "weeks_absent" not in facts:
        value = parse_number(m.group(1))
        if value is not None and 0 < value < 60:
            facts["weeks_absent"] = _num(value)

    # --- hours in 4 weeks -----------------------------------------------------------------
    spans = _clauses(t)
    for m in re.finditer(rf"(?<![\w-])({NUM})\s*(?:uur|uren|lesuren|lesuur)\b", t):
        clause = _clause_text(t, spans, m.start())
        if _NOT_SCHOOL_HOURS.search(clause) and not _MISSED.search(clause):
            continue  # "ik werk ook 30 uur"
        before = t[max(0, m.start() - 12):m.start()]
        after = t[m.end():m.end() + 14]
        if re.search(r"\b(?:niet aan|onder|minder dan|nog geen|net geen)\s+(?:de\s+)?$", before):
            # "komt niet aan de 16 uur in 4 weken" (dev round 22): fewer, the rule's number is no
            # count (questions.yml: 0 is the answer "Nee, minder")
            facts["hours_absent"] = 0
            break
        if re.search(r"\b(?:om|tot|vanaf|rond|voor|na|tussen)\s+$", before):
            continue  # clock time
        if re.search(r"\b(?:weer|nog|opnieuw|extra|erbij)\s+$", before):
            continue  # "hij mist deze week weer 6 uur": more hours, not the total in 4 weeks
        if re.match(r"\s*(?:per (?:dag|week)|'s|in de (?:ochtend|middag)|'s ochtends|smiddags)", after):
            continue  # a timetable, not missed hours
        value = parse_number(m.group(1))
        if value is not None:
            facts["hours_absent"] = _num(value)
            break

    # --- times late -----------------------------------------------------------------------
    late = _late_count(t, spans)
    if late is not None:
        facts["late_count"] = late

    # --- sick reports this quarter -------------------------------------------------------
    m = (re.search(rf"(?<![\w-])({NUM})\s*(?:ziekmeldingen|ziekmelding)\b", t)
         or re.search(rf"(?<![\w-])({NUM})\s*(?:keer|maal)\s+(?:\w+\s+)?(?:ziek ?gemeld|ziek)\b", t))
    if m and _RATE.search(_clause_text(t, spans, m.start(1))):
        m = None  # "elke week een keer ziek": a rate, not a number of sick reports
    if m:
        value = parse_number(m.group(1))
        if value is not None:
            facts["sick_reports_quarter"] = _num(value)
    else:
        m = re.search(rf"(?<![\w-])({_ORD})\s*(?:ziekmelding|keer ziek)", t)
        if m:
            n = _parse_ordinal(m.group(1))
            if n:
                facts["sick_reports_quarter"] = n

    # --- age ------------------------------------------------------------------------------
    age = None
    age_patterns = [
        rf"(?<![\w-])({NUM})\s*(?:jaar|jr)\s+oud\b",
        r"(?<![\w-])(\d+)\s*jarige?\b",
        rf"\b(?:zoon|dochter|kind|jongen|meisje|puber|leerling|zoontje|dochtertje|broer|zus|broertje|zusje"
        rf"|kleuter|tiener|jongere|leerlinge|meid|knul|kleinzoon|kleindochter|pleegzoon|pleegdochter"
        rf"|scholier)\s+van\s+({NUM})(?:\s*(?:jaar|jr))?\b(?!\s*(?:dagen|weken|maanden|uur|keer))",
        rf"\b(?:hij|zij|ze|die|mijn \w+|ons kind|het kind|de leerling)\s+(?:is|wordt|werd|was)\s+"
        rf"(?:nu |pas |net |inmiddels |bijna |al )?({NUM})(?:\s*(?:jaar|jr))?(?![\w-])"
        rf"(?!\s*{_NOT_AGE_UNIT})",
        rf"\bleeftijd(?: is|:)?\s*({NUM})\b",
        # "ze is vorige maand 5 geworden"
        rf"\b(?:is|zijn|werd)\s+(?:[\w']+\s+){{0,3}}?({NUM})\s*(?:jaar\s+)?geworden\b",
        # a note: "lln 15 jr", "mijn dochter 11 jaar is ..."
        r"\b(?:leerling|leerlinge|lln|ll|zoon|dochter|zoontje|dochtertje)\s+(\d{1,2})\s*(?:jaar|jr)\b"
        r"(?!\s*(?:geleden|lang|thuis|niet|al)\b)",
        # "zoon (15, vmbo kader)", "Lln (14)", "leerling, 14, mavo"
        r"\b(?:zoon|dochter|kind|jongen|meisje|leerling|leerlinge|lln|ll|zoontje|dochtertje)"
        r"\s*(?:\((\d{1,2})(?:\s*(?:jaar|jr))?\s*[,)]|,\s*(\d{1,2})\s*(?:jaar|jr)?\s*(?:[,.;]|$))",
        # "Leerling 3 havo (15)", "leerling uit 2 vwo (13)", "meisje uit groep 7 (10 jaar)": a class
        # between the pupil and the age (round 20 asked "Hoe oud is de leerling?")
        r"\b(?:zoon|dochter|kind|jongen|meisje|leerling|leerlinge|lln|ll)\s+(?:uit |van |in |op )?(?:de |het )?"
        r"(?:groep \d|klas \d|\d\s*(?:havo|vwo|vmbo[\w-]*|mavo|gym\w*|hv|vh)|brugklas|havo|vwo|vmbo[\w-]*|mavo)"
        r"(?:[\s/-]+\w+)?\s*\((\d{1,2})(?:\s*(?:jaar|jr))?\s*[,)]",
        rf"\b(?:ik ben|ben)\s+({NUM})\s*(?:jaar|jr)?(?![\w-])(?!\s*{_NOT_AGE_UNIT})",
        r"(?:^|[,.]\s*)\s*(\d{1,2})\s*(?:jaar|jr)\s*[.,!]?\s*$",   # bare answer "12 jaar"
    ]
    for pat in age_patterns:
        for m in re.finditer(pat, t):
            value = parse_number(next(g for g in m.groups() if g is not None))
            if value is not None and float(value).is_integer() and 3 <= value <= 25:
                if age is None or m.start() < age[1]:
                    age = (int(value), m.start())
                break
    if age:
        facts["age"] = age[0]

    # --- level ----------------------------------------------------------------------------
    best = None
    for lvl, rx in _LEVEL_RE:
        m = rx.search(t)
        if m and (best is None or m.start() < best[1]):
            best = (lvl, m.start())
    if best:
        facts["level"] = best[0]

    # --- enrolled -------------------------------------------------------------------------
    not_enrolled = _NOT_ENROLLED.search(t)
    if not_enrolled:
        facts["enrolled"] = False
    elif _ENROLLED.search(t):
        facts["enrolled"] = True

    # --- reason ---------------------------------------------------------------------------
    reason = _find_reason(raw, reason_words)
    if (reason is None and (reason_words is None or "geen_passende_plek" in reason_words)
            and _SCHOOL_REFUSES.search(raw)):
        reason = "geen_passende_plek"   # "de school hier weigert mijn zoon": no place, not refusal
    if reason is None and _SENT_HOME.search(raw) and (reason_words is None or "geschorst" in reason_words):
        reason = "geschorst"  # "mag van school een hele week niet komen omdat hij ..."
    part_time = _PART_TIME_BY_SCHOOL.search(raw)
    if (reason in (None, "geen_passende_plek", "zorgen", "ziek") and part_time
            and not _BY_A_DOCTOR.search(_sentence_of(raw, part_time.start()))
            and (reason_words is None or "deels_naar_school" in reason_words)):
        # "handelingsverlegen ... mag alleen de ochtenden komen", also of an ill child ("heeft
        # diabetes; de school kan het prikken niet begeleiden en hij mag alleen 's ochtends
        # komen"), unless a doctor set the hours
        reason = "deels_naar_school"
    kept_home = _KEPT_HOME.search(raw)
    if (reason is None and kept_home and not _school_says_keep_home(raw, kept_home.start())
            and (reason_words is None or "ouders_houden_thuis" in reason_words)):
        reason = "ouders_houden_thuis"  # "ouders houden haar al 3 weken thuis na een conflict"
    if reason is None and _WONT_GO.search(raw) and (reason_words is None or "weigert" in reason_words):
        reason = "weigert"    # "ouders zeggen dat ze niet wil, er is geen doktersverklaring"
    if (reason in (None, "vakantie") and (reason_words is None or "verlof" in reason_words)
            and _relative_ill(raw, reason_words) and _VISIT.search(raw)):
        reason = "verlof"     # to visit an ill relative: verlof for gewichtige omstandigheden
    if reason is None and _TRIP.search(raw) and (reason_words is None or {"verlof", "vakantie"} <= set(reason_words)):
        # "we willen in oktober 2 weken naar turkije met de kinderen. bij wie moet ik dat
        # aanvragen?": a trip in school time, asked about beforehand (verlof) or not (vakantie)
        reason = "verlof" if _ASKS_LEAVE.search(raw) else "vakantie"
    if (reason == "ziek" and _ILL_ON_A_TRIP.search(raw)
            and (reason_words is None or "vakantie" in reason_words)):
        # "hij is op de camping in Spanje ziek geworden": ill during a trip outside the school
        # holidays; the trip is the absence (luxe verzuim), whatever note comes with it
        reason = "vakantie"
    fake_sick = (reason in (None, "ziek", "vakantie") and _FAKE_SICK.search(raw)
                 and (reason_words is None or "vakantie" in reason_words))
    if fake_sick:
        reason = "vakantie"
    if (not_enrolled and reason is None and (reason_words is None or "niet_ingeschreven" in reason_words)):
        reason = "niet_ingeschreven"    # "is nog niet op school want ik zoek nog een school"
    if not_enrolled and reason == "geen_passende_plek":
        # "de school weigert hem in te schrijven, hij staat nergens ingeschreven": no place, and
        # enrolled nowhere, which the knowledge calls niet_ingeschreven. Other reasons stay: "van
        # school gestuurd en nu geen school" is still a verwijdering (with its own routes).
        reason = _find_reason(f" {not_enrolled.group(0)} ", reason_words) or reason
    if reason:
        facts["reason"] = reason
    if fake_sick:
        facts["has_vrijstelling"] = False     # reported ill instead of asking leave: no permission

    # --- care, disagreement, vrijstelling -------------------------------------------------
    if _CARE_NEG_RE.search(raw):
        facts["care_involved"] = False
    elif _CARE_RE.search(raw):
        facts["care_involved"] = True
    if _DISAGREE_NEG_RE.search(raw):
        facts["disagreement"] = False
    elif _DISAGREE_RE.search(raw):
        facts["disagreement"] = True
    if (facts.get("reason") in ("verlof", "vakantie") and _STAFF_SAYS_NO.search(raw)
            and re.search(r"\bziek ?(?:melden|meld|gemeld)\b", raw)):
        # "De directeur zegt nee. Kan ik ze dan niet gewoon ziekmelden die week?": leave refused,
        # a sick report instead is a trip without permission (blind round 22, after its judging)
        facts["reason"] = "vakantie"
        facts["has_vrijstelling"] = False
    elif _GOES_ANYWAY.search(raw) and (facts.get("reason") in (None, "verlof", "vakantie")
                                     or _STAFF_SAYS_NO.search(raw)):
        # ("als de directeur weigert en we gaan toch": the leave is refused, not the child)
        facts["reason"] = "vakantie"
        facts["has_vrijstelling"] = False
    elif _VRIJ_FALSE.search(raw):
        facts["has_vrijstelling"] = False
    elif _VRIJ_TRUE.search(raw):
        facts["has_vrijstelling"] = True
    structural = _structural(raw)
    if structural is not None:
        facts["structural"] = structural

    # --- region ---------------------------------------------------------------------------
    region = _find_region(raw, region_words) if region_words else None
    if region:
        facts["region"] = region

    # --- role -----------------------------------------------------------------------------
    # a job title heading the note says who writes, whoever the note is about ("moeder aan de lijn")
    role = _heading_role(raw, region_words) or _stated_role(raw)
    if role:
        facts["role"] = role
    elif _PARENT_HINT.search(raw):
        facts["role"] = "ouder"

    return facts


# --------------------------------------------------------------------------------------------
# a count as the answer to "hoe vaak?"

# Digits and number words, but not "een"/"half": "een stuk of 7", "een keer of 10" are articles.
_COUNT_WORDS = "|".join(sorted((re.escape(w) for w, v in _WORD_NUMBERS.items()
                                if float(v).is_integer() and v > 1), key=len, reverse=True))
_COUNT_RE = re.compile(rf"(?<![\w-])(\d+|{_COUNT_WORDS})(?![\w-])")
_MONTHS = r"januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
_NOT_A_COUNT_AFTER = re.compile(rf"^\s*(?:(?:dagen|dag|dgn|schooldagen|schooldag|lesdagen|lesdag|weken|week|wkn|wk|maanden|maand|mnd|jaren|jaar|jr"
                                rf"|uren|uur|lesuren|lesuur|procent|{_MONTHS})\b|%)")


def count_answer(text: str) -> Optional[int]:
    """The count in a short answer to a "hoe vaak" question: "7 keer denk ik" -> 7, "nee sorry
    het zijn er 10 volgens de brief" -> 10, "niet 7 maar 9 keer" -> 9.

    Which fact it counts is not in the words ("7 keer" may be times late or sick reports), so
    extract_facts does not read it; the caller places it under the fact it asked. None unless
    the message holds exactly one number and that number is a count: not a duration, hours, an
    age, a date or a rate ("4 keer per week").
    """
    t = _drop_corrections(_normalise(text or ""))
    numbers = list(_COUNT_RE.finditer(t))
    if len(numbers) != 1:
        return None
    m = numbers[0]
    if _NOT_A_COUNT_AFTER.match(t[m.end():]) or _RATE.search(t):
        return None
    value = parse_number(m.group(1))
    return int(value) if value is not None and float(value).is_integer() else None


# --------------------------------------------------------------------------------------------
# entity values -> ids, per entity type



def _norm_word(word: str) -> str:
    word = str(word).strip().lower().replace("\u2019", "'").replace("\u2018", "'")
    return re.sub(r"\s+", " ", word)


def normalise_entity(entity_type: str, text: str,
                     vocabulary: Dict[str, Dict[str, List[str]]]) -> Optional[str]:
    """Map an entity's text to the id of *its own type* ("schorsing" as kind -> "schorsing",
    "schorsing" as reason -> "geschorst").

    Rasa's EntitySynonymMapper is global and cannot tell the types apart, so the words the knowledge
    uses for two ids get no synonym (see scripts/generate_nlu.py); actions call this instead.
    ``vocabulary`` is ``load_engine().nlu_vocabulary()``. Order: an id, a readable id ("te laat"),
    a word of that type, then the longest word of that type contained in the text. Role
    ``jongere`` stays itself (the role slot has it; the engine gives it the parents' steps).
    Returns None when unknown.
    """
    if not text:
        return None
    entries = vocabulary.get(entity_type) or {}
    t = _norm_word(text)

    def out(entity_id: str) -> str:
        return entity_id

    for entity_id in sorted(entries):
        if t in (_norm_word(entity_id), _norm_word(entity_id.replace("_", " "))):
            return out(entity_id)
    for cand in (t, t.replace("_", " ")):
        for entity_id in sorted(entries):
            if cand in {_norm_word(w) for w in entries[entity_id] or []}:
                return out(entity_id)
    best = None
    for entity_id in sorted(entries):
        for w in entries[entity_id] or []:
            w = _norm_word(w)
            if w and re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", t):
                if best is None or len(w) > best[0]:
                    best = (len(w), entity_id)
    if best:
        return out(best[1])
    # Dutch compounds and inflections: "thuiszit" ~ "thuiszitter", "verwijderingsprocedure" ~
    # "verwijdering". A shared prefix of at least 6 characters, longest word first.
    for entity_id in sorted(entries):
        for w in entries[entity_id] or []:
            w = _norm_word(w)
            if " " in w or " " in t or min(len(w), len(t)) < 6:
                continue
            if w.startswith(t) or t.startswith(w):
                if best is None or len(w) > best[0]:
                    best = (len(w), entity_id)
    return out(best[1]) if best else None


# A negated fact is no fact ("we wonen niet in leiden", "sorry, niet leiden, ... Schagen"); a
# negated topic is still what a question is about ("wat als het geen luxe verzuim is?").
_FACT_ENTITY_TYPES = {"reason", "role", "level", "region"}


def _negated_word(phrase: str, entity_type: str, vocabulary) -> Optional[str]:
    """The negated phrase ("geen plek") when it is itself a word of that type, else None."""
    words = {_norm_word(w) for ws in (vocabulary.get(entity_type) or {}).values() for w in ws or []}
    return phrase if _norm_word(phrase) in words else None


def resolve_entities(entities: List[dict], text: str,
                     vocabulary: Dict[str, Dict[str, List[str]]]) -> Dict[str, str]:
    """{entity type: id} for the entities of a parsed message, resolved per type.

    ``entities`` as Rasa gives them (``entity``, ``value``, ``start``, ``end``); the surface text
    ``text[start:end]`` is tried first (a global synonym may have mapped "schorsing" to the reason
    id ``geschorst`` while the tagger tagged it as a kind), then the value. Entities of types not in the
    vocabulary (button payloads such as ``age``) are passed through unchanged; unresolvable ones
    are dropped. The first entity of each type wins. Negated facts are skipped as the free-text
    reader skips them ("sorry, niet leiden, de school staat in Schagen" -> Schagen's region),
    unless the negation belongs to a word of that type ("geen" + "plek": "geen plek").
    """
    out: Dict[str, str] = {}
    for e in entities or []:
        etype, value = e.get("entity"), e.get("value")
        if etype in out or value is None:
            continue
        if etype not in vocabulary:
            out[etype] = value
            continue
        surface = None
        if isinstance(e.get("start"), int) and isinstance(e.get("end"), int) and text:
            surface = text[e["start"]:e["end"]]
            negation = _NEGATION_BEFORE.search(text[:e["start"]].lower())
            if negation:
                word = _negated_word(text[negation.start():e["end"]], etype, vocabulary)
                if word:
                    surface = word
                elif etype in _FACT_ENTITY_TYPES:
                    continue  # "niet leiden"
        resolved = None
        for cand in (surface, value):
            if isinstance(cand, str) and cand:
                resolved = normalise_entity(etype, cand, vocabulary)
                if resolved:
                    break
        tagged_words = surface is not None and surface == text[e["start"]:e["end"]]
        if resolved and etype == "reason" and tagged_words and not _tagged_reason_counts(
                text, e["start"], e["end"], resolved):
            continue  # "is dat nu te laat?": the reader's exceptions hold for the tagger too
        if resolved:
            out[etype] = resolved
    return out


def _tagged_reason_counts(text: str, start: int, end: int, reason_id: str) -> bool:
    low = text.lower()
    m = re.compile(re.escape(low[start:end])).match(low, start)
    return m is None or _counts_as_reason(low, m, reason_id)


_TOPIC_TYPES = ("kind", "route", "term")


def topics_in_text(text: str, vocabulary: Dict[str, Dict[str, List[str]]], min_length: int = 4) -> Dict[str, str]:
    """The longest knowledge word per topic type in ``text`` ({"term": id}), whole words only and
    skipping negated ones ("zonder verlof"), as the reader skips negated reasons. Words shorter
    than ``min_length`` are left out; 3 lets in the abbreviations (CTO, GGD, SWV)."""
    low = (text or "").lower()
    best: Dict[str, Tuple[int, str]] = {}
    for etype, entity_id, length, rx in _topic_patterns(_freeze(vocabulary), min_length):
        if etype in best and best[etype][0] >= length:
            continue
        for m in rx.finditer(low):
            if not _NEGATION_BEFORE.search(low[:m.start()]):
                best[etype] = (length, entity_id)
                break
    return {etype: entity_id for etype, (_, entity_id) in best.items()}


def _freeze(vocabulary: Dict[str, Dict[str, List[str]]]):
    return tuple((etype, tuple((eid, tuple(ws)) for eid, ws in sorted((vocabulary.get(etype) or {}).items())))
                 for etype in _TOPIC_TYPES)


@lru_cache(maxsize=8)
def _topic_patterns(frozen, min_length: int = 4) -> List[Tuple[str, str, int, "re.Pattern"]]:
    """Compiled once per vocabulary: this runs on questions the tagger found nothing in."""
    out = []
    for etype, entries in frozen:
        for entity_id, words in entries:
            for word in words:
                w = re.sub(r"\s+", " ", str(word).strip().lower())
                if len(w) >= min_length:   # by default not "ib", "po", "opp": too easily part of something else
                    out.append((etype, entity_id, len(w), re.compile(rf"(?<![\w-]){_phrase_regex(w)}(?![\w-])")))
    return out


# "en een verwijdering?", "en bij een time-out?", "en voor het vo?": a question that only swaps
# the subject of the previous one and leaves out what it asks. A question word or modal verb
# ("en wat is een verwijdering?", "en mag dat?") makes it a question of its own.
_ELLIPSIS_START = re.compile(r"^\s*(?:en|maar|of)\s+(?:bij|voor|met|na|als|in|op)?\b")
_OWN_QUESTION_WORDS = re.compile(
    r"\b(?:wat|wie|hoe|waar|wanneer|waarom|welke?|hoelang|hoeveel|mag|mogen|moet|moeten|kan|"
    r"kunnen|is|zijn|wordt|heeft|betekent)\b")
_ELLIPSIS_MAX_WORDS = 6


def is_elliptical_follow_up(text: str) -> bool:
    """True for a short "en ...?" question that asks the previous question about another
    subject, so it should be answered the way the previous one was (a deadline, the steps)."""
    plain = _normalise(text or "").strip(" ?!.")
    if not _ELLIPSIS_START.match(plain) or len(plain.split()) > _ELLIPSIS_MAX_WORDS:
        return False
    return not _OWN_QUESTION_WORDS.search(plain)


# A question also without "?": it opens with a question word or an inverted verb.
# A what-if: "en als ze nee zeggen en we gaan toch", "stel dat hij niet terugkomt" (not the role
# statement "als ouder wil ik ...": "als" is followed by a pronoun or article). It asks about a
# situation; it does not tell one.
_WHAT_IF = (r"^\s*(?:(?:en|maar)\s+)?(?:stel(?: dat)?|wat (?:nou |nu )?als|als (?=(?:ik|we|wij|ze|zij|hij|het|de|die"
            r"|dat|mijn|onze|ons|er|jullie|u|je|zijn|haar)\b"
            # "en als school nee zegt", not the staff's "als school moeten wij ..."
            r"|(?:de )?(?:school|leerplicht)\b(?!\s+\w+\s+(?:we|wij)\b)))")


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def sentences(text: str) -> List[str]:
    """The sentences of a message (split after . ! or ? and a space; "3.5 week" stays whole)."""
    return [x.strip() for x in _SENTENCE_END.split(text or "") if x.strip()]


def goes_anyway(text: str) -> bool:
    """ "wij hebben nee gezegd, en nu is de leerling toch weg": leave refused, gone anyway."""
    return bool(_GOES_ANYWAY.search(_normalise(text or "")))


def is_what_if(text: str) -> bool:
    """Whether the message supposes: its first or its last sentence ("eerlijk gezegd vind ik het
    te veel. wat als wij hem een week thuishouden", make run check of stop 22)."""
    low = (text or "").strip().lower()
    last = [x for x in _SENTENCE_END.split(low) if x.strip()][-1:] if low else []
    return bool(re.match(_WHAT_IF, low) or (last and re.match(_WHAT_IF, last[0].strip())))


_QUESTION_START = re.compile(
    _WHAT_IF +
    r"|^\s*(?:(?:en|maar|oke|ok|oké|dus|sorry)[,]?\s+)?(?:(?:bij|aan|met|voor|van|tot|naar) )?"
    r"(?:wie|wat|waar|wanneer|waarom|hoe|hoeveel|hoelang|welke?|mag|mogen|kan|kunnen|moet|moeten"
    r"|(?:is|zijn)(?! (?:goed|prima|oke|oké|fijn|duidelijk)\b)"
    r"|heeft|hebben|krijg|krijgt|krijgen|gaat|gaan|wordt|worden|hoort|horen|weet|weten|klopt|geldt)\b")


# ... or ends with a tag that asks ("..., mag dat", "..., klopt dat")
_QUESTION_END = re.compile(r"\b(?:mag dat(?: zomaar)?|kan dat(?: zomaar)?|klopt dat|is dat (?:zo|normaal|goed|erg)"
                           r"|mag dat wel|moet dat)\s*[.!]*$")


# "en als geen school hem wil, ...": a condition supposes, it does not tell
_SUPPOSES = re.compile(r"^\W*(?:(?:en|maar|dus)\s+)?(?:als|stel|indien|wat als)\b")


def told(text: str) -> str:
    """The sentences that do not open as a question, a what-if or a condition: what the message
    tells."""
    return " ".join(s for s in sentences(text) if not (_QUESTION_START.match(s.lower()) or _SUPPOSES.match(s.lower())))


def is_question(text: str) -> bool:
    # "?" anywhere: "ze hadden het over de GGD. moeten we daar heen? ik ben bang dat ..." asks
    t = (text or "").strip().lower()
    # ... and a sentence ending with a tag that asks: "mag dat zomaar. ik zit in de brugklas"
    # ... and a later sentence that opens as one: "we moeten misschien 3 weken weg. wie beslist dat dan"
    return ("?" in t or bool(_REPORTED_QUESTION.search(t))
            or any(_QUESTION_START.match(sentence) or _QUESTION_END.search(sentence)
                   for sentence in re.split(r"(?<=[.!])\s+", t)))


# "hij vraagt of hij bij ons bezwaar kan maken", "moeder wil weten wat ze moet doen", "ik vraag me
# af of dat mag": a question told at a front desk or in passing (blind round 18 took it for a
# statement and asked the next triage question)
_REPORTED_QUESTION = re.compile(
    r"\b(?:vraagt|vragen|vroeg|vroegen|wil weten|willen weten|wilde weten|vraag me af|vraag mij af|vragen ons af"
    r"|vraagt zich af|vragen zich af)\b[^.!?]{0,12}?\b(?:of|wat|wanneer|hoe|waar|wie|waarom|welke|hoelang|hoeveel)\b")
