"""Broken knowledge stops the engine with a message naming file, entry and field."""
import re
import shutil

import pytest
import yaml

from bot.engine import KnowledgeError, load_engine
from bot.engine.loader import load_knowledge


def _edit(path, old, new, count=1):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def test_bad_unit_names_file_entry_and_field(kdir):
    _edit(kdir / "kinds.yml", "op: lte, value: 5, unit: dagen", "op: lte, value: 5, unit: dagz")
    with pytest.raises(KnowledgeError) as err:
        load_knowledge(kdir)
    msg = str(err.value)
    assert msg.startswith("kinds.yml: schorsing: thresholds[0].unit: 'dagz' is not one of dagen, werkdagen")
    assert (err.value.file, err.value.entry, err.value.field) == ("kinds.yml", "schorsing", "thresholds[0].unit")


def test_unknown_actor_reference(kdir):
    _edit(kdir / "kinds.yml", "      - actor: leerplicht\n        text: \"Registreert de schorsing.\"",
          "      - actor: leerplichtt\n        text: \"Registreert de schorsing.\"")
    with pytest.raises(KnowledgeError, match=r"^kinds.yml: schorsing: actions\[\d+\]\.actor: unknown actor 'leerplichtt'"):
        load_knowledge(kdir)


def test_unknown_doc_id(kdir):
    _edit(kdir / "routes.yml", 'source: {doc: "004", section: "Kind centraal", quote: "Een ouder kan een geschil indienen bij de GPO"}',
          'source: {doc: "009", section: "Kind centraal", quote: "Een ouder kan een geschil indienen bij de GPO"}')
    with pytest.raises(KnowledgeError, match=r"^routes.yml: gpo: source.doc: unknown doc '009'"):
        load_knowledge(kdir)


def test_unknown_reason_in_condition(kdir):
    _edit(kdir / "kinds.yml", "signals: {field: reason, op: eq, value: ziek}", "signals: {field: reason, op: eq, value: ziekk}")
    with pytest.raises(KnowledgeError, match=r"^kinds.yml: ziek: signals.value: unknown reason 'ziekk'"):
        load_knowledge(kdir)


def test_unknown_threshold_reference(kdir):
    _edit(kdir / "kinds.yml", "when: {threshold: schorsing_kopie_dagen}", "when: {threshold: schorsing_kopie}")
    with pytest.raises(KnowledgeError, match=r"^kinds.yml: schorsing: actions\[\d+\]\.when\.threshold: unknown threshold"):
        load_knowledge(kdir)


def test_missing_required_field(kdir):
    data = yaml.safe_load((kdir / "routes.yml").read_text(encoding="utf-8"))
    del data["routes"]["geschillen"]["who_may_use"]
    (kdir / "routes.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"^routes.yml: geschillen: who_may_use: missing required field"):
        load_knowledge(kdir)


def test_threshold_unit_must_fit_its_field(kdir):
    _edit(kdir / "kinds.yml", "field: weeks_absent, op: gt, value: 2, unit: weken", "field: weeks_absent, op: gt, value: 2, unit: dagen")
    with pytest.raises(KnowledgeError, match=r"^kinds.yml: ziek: thresholds\[0\]\.unit: 'dagen' does not fit field 'weeks_absent'"):
        load_knowledge(kdir)


def test_threshold_types_must_be_types_of_its_kind(kdir):
    _edit(kdir / "kinds.yml", "types: [gewichtige_omstandigheden_kort]", "types: [gewichtige_omstandigheden]")
    with pytest.raises(KnowledgeError, match=r"^kinds.yml: verlof_school: thresholds\[0\]\.types: 'gewichtige_omstandigheden' is not one of"):
        load_knowledge(kdir)


def test_role_implies_only_situation_fields(kdir):
    _edit(kdir / "roles.yml", "implies: {enrolled: true}", "implies: {ingeschreven: true}")
    with pytest.raises(KnowledgeError, match=r"^roles.yml: school: implies.ingeschreven: not a Situation field"):
        load_knowledge(kdir)


def test_missing_file_and_missing_dir(kdir, tmp_path):
    (kdir / "glossary.yml").unlink()
    with pytest.raises(KnowledgeError, match=r"^glossary.yml: file not found"):
        load_knowledge(kdir)
    with pytest.raises(KnowledgeError, match="knowledge directory not found"):
        load_knowledge(tmp_path / "nope")


def test_invalid_yaml(kdir):
    (kdir / "actors.yml").write_text("actors: [unclosed\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"^actors.yml: invalid YAML"):
        load_knowledge(kdir)


def test_region_errors(kdir):
    shutil.move(kdir / "regions" / "kop-van-noord-holland.yml", kdir / "regions" / "kop.yml")
    with pytest.raises(KnowledgeError, match=r"^regions/kop.yml: kop: id: 'kop-van-noord-holland' must equal the file name"):
        load_knowledge(kdir)


def test_region_override_of_unknown_route(kdir):
    _edit(kdir / "regions" / "holland-rijnland.yml", "route_overrides:\n  doorzettingsmacht:", "route_overrides:\n  doorzetting:")
    with pytest.raises(KnowledgeError, match=r"^regions/holland-rijnland.yml: holland-rijnland: route_overrides.doorzetting: unknown route"):
        load_knowledge(kdir)


def test_a_new_region_is_just_a_yaml_file(kdir):
    text = (kdir / "regions" / "kop-van-noord-holland.yml").read_text(encoding="utf-8")
    text = text.replace("id: kop-van-noord-holland", "id: testregio").replace('name: "Kop van Noord-Holland"', 'name: "Testregio"')
    (kdir / "regions" / "testregio.yml").write_text(text, encoding="utf-8")
    engine = load_engine(kdir)
    assert engine.region("testregio").name == "Testregio"
    assert "testregio" in [r.id for r in engine.regions()]
    from bot.engine import Situation
    adv = engine.escalation(Situation(role="ouder", reason="geen_passende_plek", weeks_absent=6, region="testregio"))
    assert adv.recommended.id == "doorzettingsmacht"
    assert "voorzitter van de CTO" in adv.recommended.who_decides
    assert "testregio" in engine.nlu_vocabulary()["region"]


def test_env_region_override(kdir, monkeypatch):
    monkeypatch.setenv("VERZUIMWIJZER_REGION", "kop-van-noord-holland")
    assert load_knowledge(kdir).default_region == "kop-van-noord-holland"
    monkeypatch.setenv("VERZUIMWIJZER_REGION", "atlantis")
    with pytest.raises(KnowledgeError, match=r"^settings.yml: default_region: VERZUIMWIJZER_REGION='atlantis'"):
        load_knowledge(kdir)


def test_default_region_must_exist(kdir):
    (kdir / "settings.yml").write_text("default_region: atlantis\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"^settings.yml: default_region: unknown region 'atlantis'"):
        load_knowledge(kdir)
