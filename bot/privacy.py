"""Personal-data scrubbing for Verzuimwijzer (AVG/GDPR).

Pure Python, no Rasa import. Everything a user types passes through :func:`scrub`
in the REST channel *before* Rasa sees it, so the tracker store, the event broker
and the logs only ever contain placeholders.

What is replaced (placeholders in square brackets):

* ``[BSN]``            9 digits (``123456782``, ``1234.56.782``, ``123 456 782``) that pass
                       the elfproef. A 9-digit number that fails the elfproef is kept.
* ``[E-MAIL]``         e-mail addresses.
* ``[TELEFOON]``       Dutch phone numbers: mobile (06), landline (010-/0111-), 085/088,
                       0800/0900/0906/0909, with ``+31``, ``+31 (0)`` or ``0031`` prefix.
* ``[IBAN]``           IBANs of the EU/EEA countries (with or without spaces) that pass the
                       mod-97 check and have the right length for their country.
* ``[ADRES]``          postcode with house number (``2311 AB 12``, ``2311AB, nr 12``) and
                       ``<Naam>straat/laan/weg/... 12`` street addresses.
* ``[GEBOORTEDATUM]``  a date that follows a birth cue (``geboren op``, ``geb.``,
                       ``geboortedatum``, ``geboorte datum``). Plain dates are kept
                       ("sinds 1 oktober" is information the assistant needs).

Not replaced (deliberately): names (no reliable detection without NER), a postcode
without a house number, a birth *year* alone, municipal ``14 0xx`` numbers and 112.
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from typing import Iterable, List, Optional

__all__ = [
    "scrub",
    "is_valid_bsn",
    "is_valid_iban",
    "PiiScrubFilter",
    "install_log_filter",
    "PLACEHOLDERS",
]

BSN = "[BSN]"
EMAIL = "[E-MAIL]"
PHONE = "[TELEFOON]"
IBAN = "[IBAN]"
ADDRESS = "[ADRES]"
BIRTHDATE = "[GEBOORTEDATUM]"
PLACEHOLDERS = (BSN, EMAIL, PHONE, IBAN, ADDRESS, BIRTHDATE)

# --------------------------------------------------------------------------- checks


def is_valid_bsn(digits: str) -> bool:
    """Elfproef for a BSN (9 digits): 9*d1 + 8*d2 + ... + 2*d8 - 1*d9 ≡ 0 (mod 11)."""
    if len(digits) != 9 or not digits.isdigit() or digits == "000000000":
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1)))
    total -= int(digits[8])
    return total % 11 == 0


# IBAN lengths of EU/EEA countries (+ CH, GB, which people still use).
IBAN_LENGTHS = {
    "AD": 24, "AT": 20, "BE": 16, "BG": 22, "CH": 21, "CY": 28, "CZ": 24, "DE": 22,
    "DK": 18, "EE": 20, "ES": 24, "FI": 18, "FR": 27, "GB": 22, "GI": 23, "GR": 27,
    "HR": 21, "HU": 28, "IE": 22, "IS": 26, "IT": 27, "LI": 21, "LT": 20, "LU": 20,
    "LV": 21, "MC": 27, "MT": 31, "NL": 18, "NO": 15, "PL": 28, "PT": 25, "RO": 24,
    "SE": 24, "SI": 19, "SK": 24, "SM": 27, "VA": 22,
}


def is_valid_iban(value: str) -> bool:
    """Country length + ISO 13616 mod-97 check (spaces ignored, case-insensitive)."""
    iban = re.sub(r"\s+", "", value).upper()
    country = iban[:2]
    if IBAN_LENGTHS.get(country) != len(iban) or not iban.isalnum():
        return False
    if not iban[2:4].isdigit():
        return False
    rearranged = iban[4:] + iban[:4]
    try:
        number = int("".join(str(int(ch, 36)) for ch in rearranged))
    except ValueError:
        return False
    return number % 97 == 1


# --------------------------------------------------------------------------- patterns

_MONTHS = (
    r"(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|"
    r"november|december|jan|feb|mrt|apr|jun|jul|aug|sept|sep|okt|nov|dec)\.?"
)
_DATE = (
    r"(?:\d{4}-\d{1,2}-\d{1,2}"  # ISO 2014-03-12
    r"|\d{1,2}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{2,4}"  # 12-03-2014, 12/3/14, 12.03.2014
    r"|\d{1,2}(?:e|ste|de)?\s+" + _MONTHS + r"(?:\s+'?\d{2,4})?)"  # 12 maart 2014
)
_BIRTH_CUE = (
    r"(?:geboren|geb\.|geb\b|geboortedatum|geboorte\s*datum|geboortedag|"
    r"date\s+of\s+birth|d\.o\.b\.|dob\b|born)"
)
# cue, then up to 40 non-digit characters ("van mijn zoon is"), then the date
_BIRTHDATE_RE = re.compile(
    r"(?P<cue>" + _BIRTH_CUE + r")(?P<gap>[^\d\n]{0,40}?)(?P<date>" + _DATE + r")(?!\d)",
    re.IGNORECASE,
)

_EMAIL_RE = re.compile(
    r"(?<![\w.+-])[\w.+%-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b", re.UNICODE
)

# Candidate: two letters, two check digits, then alphanumerics with optional single spaces.
_IBAN_CANDIDATE_RE = re.compile(
    r"(?<![A-Za-z0-9])([A-Za-z]{2}\d{2}(?:[ ]?[A-Za-z0-9]){10,32})", re.UNICODE
)

# Dutch postcode (1000-9999, two letters, not SA/SD/SS) + house number (+ addition).
_POSTCODE_RE = re.compile(
    r"(?<![\w])(?P<pc>[1-9]\d{3}(?P<sp>\s?)(?P<letters>[A-Za-z]{2}))(?![\w])"
    r"(?P<sep>[\s,;:/-]{0,4}(?:huis)?(?:nummer|nr\.?|no\.?)?\s*)(?P<nr>\d{1,5}(?:\s?[A-Za-z]\b|-\d{1,4}\b)?)",
    re.UNICODE,
)
_PC_STOPWORDS = {
    "en", "of", "is", "op", "na", "in", "al", "nu", "te", "ze", "we", "je", "er", "om",
    "uw", "de", "het", "tot", "af", "ik", "me", "hij", "zo", "ja", "ge", "bv", "pp",
    "nr", "no", "to", "at", "on", "an", "as", "or", "by", "be", "it", "if", "so", "up",
    "dd", "vs", "ca", "mn", "uu", "km", "kg", "cm", "mm", "ml", "ct", "pm", "am",
}
_STREET_RE = re.compile(
    r"\b(?P<street>[A-Z][\w'.-]*(?:straat|laan|weg|plein|gracht|singel|kade|dijk|hof|"
    r"pad|steeg|dreef|park|plantsoen|markt|erf|hoven|wal|veld)"
    r")\s+(?P<nr>\d{1,5}(?:\s?[A-Za-z]\b|-\d{1,4}\b)?)(?!\d)",
    re.UNICODE,
)

# Phone candidate: a prefix (+31 / 0031 / 0) followed by digits with light separators.
_PHONE_CANDIDATE_RE = re.compile(
    r"(?<![\w+@-])"
    r"(?:(?:\+|00)\s?31\s?(?:\(0\)\s?)?[\s.-]?|\(0|0)"
    r"(?:[\s.\-/)(]{0,2}\d){5,12}"
    r"(?![\w@])",
    re.UNICODE,
)
_DATE_PREFIX_RE = re.compile(r"^\d{1,2}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{2,4}(?!\d)")
_SHORT_SERVICE = ("0800", "0900", "0906", "0909")

# BSN: 9 digits, alone or grouped 3-3-3 / 4-2-3 with dots or single spaces.
_BSN_RE = re.compile(
    r"(?<![\w.,+-])(\d{9}|\d{3}([ .])\d{3}\2\d{3}|\d{4}([ .])\d{2}\3\d{3})(?![\w]|[.,-]\d)",
    re.UNICODE,
)


# --------------------------------------------------------------------------- replacers


def _replace_birthdate(m: "re.Match[str]") -> str:
    return m.group("cue") + m.group("gap") + BIRTHDATE


def _replace_iban(m: "re.Match[str]") -> str:
    candidate = m.group(1)
    country = candidate[:2].upper()
    length = IBAN_LENGTHS.get(country)
    if length is None:
        return candidate
    # Walk the candidate, take exactly `length` alphanumerics (spaces skipped).
    count = 0
    end = 0
    for i, ch in enumerate(candidate):
        if ch.isalnum():
            count += 1
            if count == length:
                end = i + 1
                break
    if count != length:
        return candidate
    if end < len(candidate) and candidate[end].isalnum():
        # IBAN directly followed by more letters/digits: not a clean IBAN
        return candidate
    if is_valid_iban(candidate[:end]):
        return IBAN + candidate[end:]
    return candidate


def _replace_postcode(m: "re.Match[str]") -> str:
    letters = m.group("letters")
    if letters.upper() in ("SA", "SD", "SS"):
        return m.group(0)
    if not letters.isupper():
        # lowercase letters only count when written together with the digits
        # ("2311ab 12"), and never when they form a common short word ("2024 op 3")
        if m.group("sp") or letters.lower() in _PC_STOPWORDS:
            return m.group(0)
    elif letters.lower() in ("en", "of", "op", "is", "in", "na", "om", "te", "tot"):
        # "2024 OP 3" is unlikely but keep ordinary words out even in capitals
        if m.group("sp"):
            return m.group(0)
    return ADDRESS


def _national_phone_length_ok(digits: str) -> bool:
    """``digits`` in national form (leading 0)."""
    if not digits.startswith("0") or len(digits) < 8:
        return False
    if digits.startswith(_SHORT_SERVICE):
        return len(digits) in (8, 11)
    return len(digits) == 10 and digits[1] != "0"


def _replace_phone(m: "re.Match[str]") -> str:
    text = m.group(0)
    if _DATE_PREFIX_RE.match(text):
        return text
    # Determine the international prefix, if any.
    stripped = text.lstrip()
    intl = bool(re.match(r"(?:\+|00)\s?31", stripped))
    # Find the longest prefix of the candidate that forms a valid number, so
    # "06-12345678 3 keer" scrubs only the phone number.
    digit_positions = [i for i, ch in enumerate(text) if ch.isdigit()]
    all_digits = "".join(text[i] for i in digit_positions)
    skip = 0
    if intl:
        skip = 4 if stripped.startswith("00") else 2  # "0031" or "31"
    for n_digits in range(len(all_digits), skip, -1):
        national = all_digits[skip:n_digits]
        if intl and not national.startswith("0"):  # "+31 (0)6 ..." keeps its 0
            national = "0" + national
        if _national_phone_length_ok(national):
            end = digit_positions[n_digits - 1] + 1
            rest = text[end:]
            if rest[:1].isdigit():
                continue
            return PHONE + rest
    return text


def _replace_bsn(m: "re.Match[str]") -> str:
    digits = re.sub(r"\D", "", m.group(1))
    if is_valid_bsn(digits):
        return BSN
    return m.group(0)


def scrub(text: Optional[str]) -> str:
    """Return ``text`` with personal data replaced by placeholders.

    Safe for any input: ``None`` becomes ``""``; non-strings are converted with ``str``.
    Idempotent: ``scrub(scrub(x)) == scrub(x)``.
    """
    if text is None:
        return ""
    if not isinstance(text, str):
        text = str(text)
    if not text:
        return text
    # Fast path: every pattern needs a digit or an "@".
    if "@" not in text and not any(ch.isdigit() for ch in text):
        return text
    # Other Unicode digits ("０６１２３４５６７８", Arabic-Indic): scrub an ASCII-digit copy;
    # keep the original text untouched when that copy holds no personal data.
    if any(ch.isdigit() and not ("0" <= ch <= "9") for ch in text):
        ascii_digits = "".join(
            str(unicodedata.digit(ch, 0)) if ch.isdigit() and not ("0" <= ch <= "9") else ch
            for ch in text
        )
        scrubbed = _scrub_ascii(ascii_digits)
        return text if scrubbed == ascii_digits else scrubbed
    return _scrub_ascii(text)


def _scrub_ascii(text: str) -> str:
    text = _BIRTHDATE_RE.sub(_replace_birthdate, text)
    text = _EMAIL_RE.sub(EMAIL, text)
    text = _IBAN_CANDIDATE_RE.sub(_replace_iban, text)
    text = _POSTCODE_RE.sub(_replace_postcode, text)
    text = _STREET_RE.sub(ADDRESS, text)
    text = _PHONE_CANDIDATE_RE.sub(_replace_phone, text)
    text = _BSN_RE.sub(_replace_bsn, text)
    return text


# --------------------------------------------------------------------------- logging


class PiiScrubFilter(logging.Filter):
    """Logging filter that scrubs the formatted message, traceback and stack of a record.

    The message is formatted (``msg % args``) first and then scrubbed; ``args`` is
    cleared so handlers further down cannot re-insert the raw values. The filter never
    drops a record and never raises.
    """

    _MARK = "_verzuimwijzer_scrubbed"

    def filter(self, record: logging.LogRecord) -> bool:  # noqa: A003 (logging API)
        if getattr(record, self._MARK, False):
            return True
        try:
            try:
                message = record.getMessage()
            except Exception:  # bad format args: keep the template, drop the args
                message = str(record.msg)
            record.msg = scrub(message)
            record.args = None
            if record.exc_info and not record.exc_text:
                record.exc_text = logging.Formatter().formatException(record.exc_info)
            if record.exc_text:
                record.exc_text = scrub(record.exc_text)
            if record.stack_info:
                record.stack_info = scrub(record.stack_info)
        except Exception:  # a logging filter must never break the application
            record.msg = "[log message removed: scrubbing failed]"
            record.args = None
            record.exc_text = None
        setattr(record, self._MARK, True)
        return True


_FILTER = PiiScrubFilter()
_install_lock = threading.Lock()
_factory_installed = False

DEFAULT_LOGGERS = (
    "",
    "rasa",
    "rasa_sdk",
    "sanic",
    "sanic.root",
    "sanic.error",
    "sanic.access",
    "bot",
    "actions",
    "apscheduler",
)


def _attach(logger: logging.Logger) -> None:
    if _FILTER not in logger.filters:
        logger.addFilter(_FILTER)
    for handler in logger.handlers:
        if _FILTER not in handler.filters:
            handler.addFilter(_FILTER)


def install_log_filter(
    extra_loggers: Iterable[str] = (), record_factory: bool = True
) -> PiiScrubFilter:
    """Attach the scrub filter to the root logger's handlers and the rasa/sanic loggers.

    Idempotent; call it again after logging is reconfigured to cover new handlers.
    Handler filters see records of child loggers too (logger filters do not), so
    both are attached. With ``record_factory=True`` (default) the LogRecord factory is
    also wrapped, so records are scrubbed even for handlers that are added later
    (e.g. by ``logging.basicConfig`` or Sanic's ``dictConfig``).
    """
    global _factory_installed
    with _install_lock:
        names: List[str] = list(DEFAULT_LOGGERS) + list(extra_loggers)
        for name in names:
            _attach(logging.getLogger(name))
        if record_factory and not _factory_installed:
            previous = logging.getLogRecordFactory()

            def factory(*args, **kwargs):  # type: ignore[no-untyped-def]
                record = previous(*args, **kwargs)
                _FILTER.filter(record)
                return record

            factory._verzuimwijzer = True  # type: ignore[attr-defined]
            logging.setLogRecordFactory(factory)
            _factory_installed = True
    return _FILTER
