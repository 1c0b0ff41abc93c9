"""The knowledge files load, and every rule is backed by a verbatim quote from its source."""
from bot.engine.quotes import check_quotes, dehyphenate, normalise


def test_knowledge_loads_with_all_concerns(k):
    assert {"ziek", "schorsing", "verwijdering", "verlof_school", "vrijstelling_leerplicht", "absoluut",
            "langdurig_relatief", "wettelijk", "luxe", "overig", "te_laat", "thuiszitter",
            "risicoleerling"} == set(k.kinds)
    assert {"onderwijsconsulent", "onderwijszorgconsulent", "doorzettingsmacht", "geschillen", "gpo",
            "breed_overleg", "beleidstafel", "vrijstelling", "bezwaar"} <= set(k.routes)
    assert set(k.reasons) == {"ziek", "geschorst", "verwijderd", "weigert", "ouders_houden_thuis",
                              "geen_passende_plek", "vakantie", "te_laat", "niet_ingeschreven", "verlof",
                              "vrijstelling", "zorgen", "deels_naar_school"}
    assert set(k.regions) == {"holland-rijnland", "kop-van-noord-holland"}
    assert k.sources["001"]["title"] == "Handreiking schoolverzuim 2017-2018"


def test_every_quote_occurs_in_its_seed_text(k, seeds):
    problems = check_quotes(k, seeds)
    assert problems == [], "\n".join(problems)
    assert len(k.source_refs) > 250


def test_quote_check_rejects_a_changed_number(k, seeds, in_seed):
    assert in_seed({"doc": "001", "quote": "Een schorsing mag niet meer dan 5 dagen zijn."})
    assert not in_seed({"doc": "001", "quote": "Een schorsing mag niet meer dan 6 dagen zijn."})


def test_normalisation_joins_broken_lines_and_hyphenation():
    assert normalise("de \n\nschorsing.  ") == "de schorsing."
    assert dehyphenate("onderteken-\nden het pact") == "ondertekenden het pact"


def test_every_rule_entry_has_a_source(k):
    for kid, kind in k.kinds.items():
        assert kind["definition"]["source"]["doc"] in k.sources
        for a in kind["actions"]:
            assert a["source"]["quote"], (kid, a["text"])
        for t in kind.get("thresholds") or []:
            assert t["source"]["quote"], (kid, t["id"])
    for rid, r in k.routes.items():
        assert r["source"]["quote"], rid


def test_glossary_covers_the_terms_users_meet(k):
    words = {w.lower() for t in k.terms.values() for w in t["words"]}
    for w in ["swv", "lrv", "duo", "rbl", "cjg", "jgt", "opp", "cto", "ggd", "po", "vo", "mbo", "so", "lpw",
              "gpo", "mas", "ib'er", "zorgplicht", "ondersteuningsplan", "ondersteuningsteam",
              "startkwalificatie", "bevoegd gezag", "halt", "proces-verbaal", "jeugdmatch",
              "thuiszitterspact", "handelingsverlegen"]:
        assert w in words, w


def test_thresholds_are_structured(k):
    t = k.threshold("schorsing.schorsing_max_dagen")
    assert (t["value"], t["unit"], t["op"], t["field"]) == (5, "dagen", "lte", "suspension_days")
    t = k.threshold("wettelijk.wettelijk_uren")
    assert (t["value"], t["unit"]) == (16, "uur")
    assert [k.threshold(f"te_laat.te_laat_{n}")["value"] for n in (3, 6, 9, 12)] == [3, 6, 9, 12]


def test_lrv_meldingsopties_are_the_three_duo_options(k, in_seed):
    opts = k.kinds["langdurig_relatief"]["report_options"]
    assert [o["text"] for o in opts] == [
        "De leerling wil niet naar school", "Ouders sturen hun kind niet naar school",
        "Geen overeenstemming ouders/school over een passende onderwijsplek"]
    assert all(in_seed(o["source"]) for o in opts)


def test_thuiszitter_definitions_are_kept_apart_with_their_source(k, in_seed):
    kd = k.kinds["thuiszitter"]
    assert kd["definition"]["source"]["doc"] == "001"
    others = {d["source"]["doc"]: d for d in kd["other_definitions"]}
    assert "drie maanden" in others["004"]["text"] and "50%" in others["003"]["text"]
    assert not any(d["applied"] for d in kd["other_definitions"])
    assert all(in_seed(d["source"]) for d in kd["other_definitions"])


def test_cli_validate_with_quotes(seeds, capsys):
    from bot.engine.__main__ import main
    assert main(["validate", "--quotes", "--seeds", str(seeds)]) == 0
    assert "every quote occurs" in capsys.readouterr().out
