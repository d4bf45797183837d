#!/usr/bin/env bash
# Installs SecantusDB (PyPI package `secantusdb`, pinned) into the project-local venv .servers/venv.
# Idempotent: a second run checks the installed version and returns at once.
set -euo pipefail
cd "$(dirname "$0")/../.."
SECANTUS_VERSION=0.7.0b3
VENV=.servers/venv
installed() { "$VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("secantusdb"))' 2>/dev/null || true; }
if [[ -x "$VENV/bin/python" && "$(installed)" == "$SECANTUS_VERSION" ]]; then
  echo "secantusdb $SECANTUS_VERSION already installed in $VENV"
  exit 0
fi
command -v python3 >/dev/null || { echo "install-secantus: python3 not found" >&2; exit 1; }
python3 -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "secantusdb==$SECANTUS_VERSION"
[[ "$(installed)" == "$SECANTUS_VERSION" ]] || { echo "install-secantus: secantusdb $SECANTUS_VERSION not importable after install" >&2; exit 1; }
"$VENV/bin/python" -m secantus --help >/dev/null
echo "secantusdb $SECANTUS_VERSION installed in $VENV"
