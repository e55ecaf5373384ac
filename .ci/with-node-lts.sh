#!/usr/bin/env bash
# Runs a command under the Node LTS pinned in .nvmrc (fetched once if the machine has another),
# so `npm test` works the same on a fresh machine whose Node is older.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/use-node-lts.sh"
exec "$@"
