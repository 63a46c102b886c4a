#!/usr/bin/env bash
# Query server (Spark Connect) over the curated tables. See docs/operations.md, "Querying".
#   ICTBENCH_TOKEN=... jobs/serve.sh [--curated DIR] [--port N] [--bind ADDR]
# The token comes from ICTBENCH_TOKEN or the file named by ICTBENCH_TOKEN_FILE, never from the command line.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/launch.sh"
ictbench_launch serve "$@"
