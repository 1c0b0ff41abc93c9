"""Train the model only when its inputs changed.

The fingerprint covers config, domain, all training data (including data/nlu/generated.yml,
which is regenerated from the knowledge first) and the code of our NLU components. `--force` retrains anyway.
"""
import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "models" / "verzuimwijzer.tar.gz"
STAMP = ROOT / "models" / "verzuimwijzer.fingerprint"


def fingerprint() -> str:
    digest = hashlib.sha256()
    files = [ROOT / "config.yml", ROOT / "domain.yml", ROOT / "requirements.lock"]
    files += sorted((ROOT / "data").rglob("*.yml"))
    # Our own NLU components: Rasa fingerprints their config, not their code.
    files += sorted((ROOT / "bot" / "nlu").glob("*.py"))
    for path in files:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def main() -> int:
    generator = ROOT / "scripts" / "generate_nlu.py"
    if generator.exists():
        subprocess.run([sys.executable, str(generator)], cwd=ROOT, check=True)
    current = fingerprint()
    if "--force" not in sys.argv and MODEL.exists() and STAMP.exists() \
            and STAMP.read_text().strip() == current:
        print(f"model is up to date: {MODEL.relative_to(ROOT)}")
        return 0
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "rasa", "train", "--fixed-model-name", "verzuimwijzer",
         "--out", "models", "--config", "config.yml", "--domain", "domain.yml", "--data", "data"],
        cwd=ROOT, env={**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2"})
    if result.returncode != 0:
        return result.returncode
    STAMP.write_text(current)
    print(f"trained {MODEL.relative_to(ROOT)} in {time.monotonic() - started:.0f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
