"""bot.privacy.scrub and the logging filter (pure Python, fast)."""
import io
import logging

import pytest

from bot.privacy import (
    PiiScrubFilter,
    install_log_filter,
    is_valid_bsn,
    is_valid_iban,
    scrub,
)

# ----------------------------------------------------------------------------- BSN


@pytest.mark.parametrize("bsn", ["111222333", "123456782", "999999990"])
def test_elfproef_valid(bsn):
    assert is_valid_bsn(bsn)


@pytest.mark.parametrize("number", ["123456789", "111222334", "000000000", "12345678", "abcdefghi"])
def test_elfproef_invalid(number):
    assert not is_valid_bsn(number)


@pytest.mark.parametrize(
    "text",
    [
        "Mijn BSN is 111222333.",
        "bsn 123456782",
        "BSN: 1234.56.782",
        "burgerservicenummer 123 456 782",
        "123.456.782 is het nummer",
    ],
)
def test_valid_bsn_is_replaced(text):
    out = scrub(text)
    assert "[BSN]" in out
    assert not any(ch.isdigit() for ch in out)


@pytest.mark.parametrize(
    "text",
    [
        "ordernummer 123456789 klopt niet",  # fails the elfproef
        "leerlingnummer 111222334",
        "1234567890",  # 10 digits: no BSN
    ],
)
def test_number_failing_elfproef_is_kept(text):
    assert scrub(text) == text


# ----------------------------------------------------------------------------- phone


@pytest.mark.parametrize(
    "phone",
    [
        "06-12345678",
        "06 12345678",
        "0612345678",
        "06 1234 5678",
        "06-12 34 56 78",
        "+31 6 1234 5678",
        "+31612345678",
        "+31 (0)6 12345678",
        "+31-6-12345678",
        "0031 6 12345678",
        "0031612345678",
        "071-1234567",
        "071 123 45 67",
        "(071) 123 4567",
        "020-1234567",
        "0111-123456",
        "+31 71 123 4567",
        "085 123 4567",
        "088-1234567",
        "0800-1234",
        "0800 0432",
        "0800-1234567",
        "0900-1234567",
    ],
)
def test_phone_numbers(phone):
    out = scrub(f"Bel mij op {phone} na vijf uur.")
    assert out == "Bel mij op [TELEFOON] na vijf uur."


def test_phone_followed_by_other_number_keeps_that_number():
    assert scrub("bel 06-12345678 3 keer") == "bel [TELEFOON] 3 keer"


@pytest.mark.parametrize(
    "text",
    [
        "van 02-10-2023 tot 05-10-2023",
        "om 08:30 begint de school",
        "0,5 uur te laat",
        "bel 112 bij nood",
        "groep 8, schooljaar 2023-2024",
    ],
)
def test_not_phone(text):
    assert scrub(text) == text


# ----------------------------------------------------------------------------- e-mail


@pytest.mark.parametrize(
    "email",
    ["ouder@example.com", "jan.de.vries+school@gemeente-leiden.nl", "J_Jansen@Sub.Domein.NL"],
)
def test_email(email):
    assert scrub(f"mail naar {email}, graag.") == "mail naar [E-MAIL], graag."


# ----------------------------------------------------------------------------- IBAN


@pytest.mark.parametrize(
    "iban",
    [
        "NL91ABNA0417164300",
        "NL91 ABNA 0417 1643 00",
        "nl91abna0417164300",
        "DE89 3704 0044 0532 0130 00",
        "BE68 5390 0754 7034",
        "FR14 2004 1010 0505 0001 3M02 606",
        "ES9121000418450200051332",
    ],
)
def test_valid_iban(iban):
    assert is_valid_iban(iban)
    assert scrub(f"rekening {iban} is van mij") == "rekening [IBAN] is van mij"


@pytest.mark.parametrize("iban", ["NL91ABNA0417164301", "NL91 ABNA 0417 1643", "XX91ABNA0417164300"])
def test_invalid_iban_kept(iban):
    assert not is_valid_iban(iban)
    assert "[IBAN]" not in scrub(f"rekening {iban}")


# ----------------------------------------------------------------------------- address


@pytest.mark.parametrize(
    "address",
    ["2311 AB 12", "2311AB, nr 12", "2311AB 12a", "2311 AB huisnummer 12", "2311ab 12", "Hoofdstraat 12"],
)
def test_address(address):
    assert scrub(f"Wij wonen op {address} in Leiden.") == "Wij wonen op [ADRES] in Leiden."


@pytest.mark.parametrize(
    "text", ["in 2024 op 3 dagen", "sinds 2023 is hij 5 keer ziek", "2311 AB"]
)
def test_not_address(text):
    assert scrub(text) == text


# ----------------------------------------------------------------------------- birth date


@pytest.mark.parametrize(
    "text,expected",
    [
        ("geboren op 12-03-2014", "geboren op [GEBOORTEDATUM]"),
        ("Hij is geboren op 3 februari 2012.", "Hij is geboren op [GEBOORTEDATUM]."),
        ("geb. 12 maart 2014", "geb. [GEBOORTEDATUM]"),
        ("geboortedatum: 2014-03-12", "geboortedatum: [GEBOORTEDATUM]"),
        ("de geboortedatum van mijn zoon is 12/03/2014", "de geboortedatum van mijn zoon is [GEBOORTEDATUM]"),
        ("Geboren 1 okt. 2015", "Geboren [GEBOORTEDATUM]"),
    ],
)
def test_birth_date_with_cue(text, expected):
    assert scrub(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Hij zit sinds 1 oktober thuis.",
        "De schorsing was op 12-03-2024.",
        "Vanaf 2024-09-02 is hij niet meer geweest.",
        "Hij is geboren in 2014.",  # a year alone is kept (age is needed information)
    ],
)
def test_plain_date_kept(text):
    assert scrub(text) == text


# ----------------------------------------------------------------------------- general


@pytest.mark.parametrize(
    "text",
    [
        "Mijn zoon van 12 zit al 5 weken thuis sinds 1 oktober.",
        "Hij is 3 keer te laat gekomen, 2 uur per week.",
        "Wat doet de leerplichtambtenaar?",
        "مرحبا، ابني لا يذهب إلى المدرسة ١٢ يوما 😀",
        "שלום, הבן שלי לא הולך לבית הספר",
        "{{7*7}} ${7*7} <script>alert(1)</script>",
        "'; DROP TABLE events; --",
        "",
    ],
)
def test_text_without_pii_unchanged(text):
    assert scrub(text) == text


def test_mixed_dutch_sentence():
    text = (
        "Mijn dochter Eva, geboren op 3 februari 2012, BSN 111222333, woont op 2311 AB 12. "
        "Bel 06-12345678 of mail ouder@example.com. Het schoolgeld gaat via "
        "NL91 ABNA 0417 1643 00. Ze is sinds 1 oktober 4 weken thuis."
    )
    assert scrub(text) == (
        "Mijn dochter Eva, geboren op [GEBOORTEDATUM], BSN [BSN], woont op [ADRES]. "
        "Bel [TELEFOON] of mail [E-MAIL]. Het schoolgeld gaat via "
        "[IBAN]. Ze is sinds 1 oktober 4 weken thuis."
    )


def test_fullwidth_digits_are_caught():
    assert scrub("bel ０６１２３４５６７８") == "bel [TELEFOON]"


def test_idempotent_and_none():
    text = "BSN 111222333 en 06-12345678"
    assert scrub(scrub(text)) == scrub(text)
    assert scrub(None) == ""


def test_long_input_is_fast():
    import time

    start = time.monotonic()
    for chunk in ("0 " * 25000, "1" * 50000, "a." * 25000 + "@", "06 1" * 12000):
        scrub(chunk)
    assert time.monotonic() - start < 2.0


# ----------------------------------------------------------------------------- log filter


def _logger_with_stream(name):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    handler.addFilter(PiiScrubFilter())
    logger = logging.getLogger(name)
    logger.handlers = [handler]
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    return logger, stream


def test_log_filter_never_emits_bsn():
    logger, stream = _logger_with_stream("verzuimwijzer.test.filter")
    logger.info("Bericht: BSN 111222333")
    logger.info("Bericht van %s: %s", "ouder@example.com", "mijn bsn is 1112.22.333")
    logger.info({"text": "bsn 111222333"})
    logger.warning("bad format %s %s", "111222333")  # wrong number of args
    try:
        raise ValueError("kon 111222333 niet verwerken")
    except ValueError:
        logger.exception("fout bij 06-12345678")
    output = stream.getvalue()
    assert "111222333" not in output
    assert "1112.22.333" not in output
    assert "ouder@example.com" not in output
    assert "06-12345678" not in output
    assert output.count("[BSN]") >= 3
    assert "ValueError" in output  # the traceback itself is kept


def test_install_log_filter_covers_root_and_child_loggers():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    root = logging.getLogger()
    root.addHandler(handler)
    old_level = root.level
    root.setLevel(logging.INFO)
    try:
        install_log_filter()
        install_log_filter()  # idempotent
        logging.getLogger("rasa.core.processor").info("Received user message 'bsn 111222333'")
        logging.getLogger("some.other.module").info("mail ouder@example.com")
        assert sum(isinstance(f, PiiScrubFilter) for f in handler.filters) == 1
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
    output = stream.getvalue()
    assert "111222333" not in output and "[BSN]" in output
    assert "ouder@example.com" not in output and "[E-MAIL]" in output


def test_handler_added_after_install_is_covered_by_record_factory():
    install_log_filter()
    stream = io.StringIO()
    logger = logging.getLogger("verzuimwijzer.test.late")
    logger.handlers = [logging.StreamHandler(stream)]  # no filter on this handler
    logger.setLevel(logging.INFO)
    logger.propagate = False
    logger.info("bsn %s", "111222333")
    assert "111222333" not in stream.getvalue()
