#!/usr/bin/env bash
# See README.md ("Ingesting the real publisher collection"). All options: jobs/countries.sh --help
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/launch.sh"
ictbench_launch countries "$@"
