#!/usr/bin/env bash
# Builds tools/ferretdb (our main around FerretDB's embeddable package, version pinned in its
# go.mod/go.sum) into .servers/bin/ferretdb, with the Go module and build caches in .servers/go.
# Idempotent: skips the build when the binary was made from the same sources and Go version.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
BIN=.servers/bin/ferretdb
STAMP=.servers/bin/ferretdb.stamp
command -v go >/dev/null || { echo "install-ferretdb: go not found" >&2; exit 1; }
export GOMODCACHE="$ROOT/.servers/go/mod" GOCACHE="$ROOT/.servers/go/cache" GOFLAGS=-modcacherw CGO_ENABLED=0 GOTOOLCHAIN=local
stamp=$( (go version; cat tools/ferretdb/go.mod tools/ferretdb/go.sum tools/ferretdb/main.go) | sha256sum | cut -d' ' -f1)
if [[ -x "$BIN" && -f "$STAMP" && "$(cat "$STAMP")" == "$stamp" ]]; then
  echo "ferretdb already built at $BIN"
  exit 0
fi
mkdir -p .servers/bin
(cd tools/ferretdb && go build -trimpath -o "$ROOT/$BIN" .)
echo "$stamp" > "$STAMP"
echo "ferretdb built at $BIN (FerretDB $(grep -o "FerretDB/FerretDB v[^ ]*" tools/ferretdb/go.mod | cut -d" " -f2))"
