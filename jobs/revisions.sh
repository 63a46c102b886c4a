#!/usr/bin/env bash
# See README.md ("Ingesting the real publisher collection"). All options: jobs/revisions.sh --help
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/launch.sh"
ictbench_launch revisions "$@"
