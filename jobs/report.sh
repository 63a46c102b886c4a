#!/usr/bin/env bash
# See README.md ("jobs/report.sh").
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/launch.sh"
ictbench_launch report "$@"
