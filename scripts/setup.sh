#!/usr/bin/env bash
# Idempotent environment setup: Python 3.10 venv in .venv, pinned packages, the Dutch spaCy
# pipeline, and (with --system) the Debian packages the tests need. Each step is skipped when its
# result is already there, so a second run takes seconds.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=.venv
STAMP="$VENV/.requirements.sha"
want_system=0
for arg in "$@"; do [ "$arg" = "--system" ] && want_system=1; done

find_python310() {
  # Rasa 3.6.21 does not install on 3.11+, so look for 3.10 explicitly.
  for candidate in "${PYTHON310:-}" python3.10 "$HOME/.pyenv/versions/3.10"*/bin/python3.10 \
                   /root/.pyenv/versions/3.10*/bin/python3.10 /usr/bin/python3.10; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import sys; assert sys.version_info[:2]==(3,10)' 2>/dev/null; then
      command -v "$candidate"; return 0
    fi
  done
  if command -v pyenv >/dev/null 2>&1; then
    local v; v=$(pyenv versions --bare 2>/dev/null | grep -E '^3\.10(\.|$)' | tail -n1 || true)
    if [ -n "$v" ]; then echo "$(pyenv root)/versions/$v/bin/python3.10"; return 0; fi
  fi
  return 1
}

if [ ! -x "$VENV/bin/python" ]; then
  PY=$(find_python310) || {
    echo "ERROR: Python 3.10 is required (Rasa 3.6.21 does not support 3.11+)." >&2
    echo "       Install it, e.g. 'pyenv install 3.10.13', or set PYTHON310=/path/to/python3.10." >&2
    exit 1; }
  echo "==> creating $VENV with $PY"
  "$PY" -m venv "$VENV"
fi

req_sha=$(cat requirements.txt requirements.lock | sha256sum | cut -d' ' -f1)
if [ ! -f "$STAMP" ] || [ "$(cat "$STAMP")" != "$req_sha" ]; then
  echo "==> installing Python packages (pinned by requirements.lock)"
  "$VENV/bin/python" -m pip install -q --upgrade "pip<24.1"
  "$VENV/bin/python" -m pip install -q -r requirements.txt -c requirements.lock
  echo "$req_sha" > "$STAMP"
fi

# Dutch spaCy pipeline: no Dutch model is on PyPI, so build blank("nl") + lookup lemmatizer.
if [ ! -f models/spacy_nl/meta.json ]; then
  echo "==> building the Dutch spaCy pipeline in models/spacy_nl"
  "$VENV/bin/python" scripts/build_spacy_nl.py models/spacy_nl
fi

if [ "$want_system" = 1 ]; then
  # Debian packages for the browser, replica and privacy tests. Only installed when missing.
  need=()
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
  command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
  ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || need+=(postgresql)
  if [ ${#need[@]} -gt 0 ]; then
    echo "==> apt-get install ${need[*]}"
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  fi
fi
echo "==> environment ready"
