"""Build the Dutch spaCy pipeline Rasa's SpacyNLP loads: blank("nl") plus a lookup lemmatizer.

No Dutch pipeline is published on PyPI, and nothing may be downloaded from a model hub, so the
lemma table comes from the spacy-lookups-data package. Usage: build_spacy_nl.py OUTPUT_DIR
"""
import sys
from pathlib import Path

import spacy


def build(output_dir: str) -> None:
    nlp = spacy.blank("nl")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()  # loads the lookup table from spacy-lookups-data
    doc = nlp("De leerlingen werden geschorst")
    lemmas = [t.lemma_ for t in doc]
    if lemmas[1] == "leerlingen":  # the table did not load: fail loudly, never train without lemmas
        raise SystemExit(f"lemma lookup table missing, got {lemmas}")
    Path(output_dir).parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(output_dir)
    print(f"saved {output_dir}: lemmas {lemmas}")


if __name__ == "__main__":
    build(sys.argv[1] if len(sys.argv) > 1 else "models/spacy_nl")
