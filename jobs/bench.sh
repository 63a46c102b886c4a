#!/usr/bin/env bash
# Benchmark: ictbench vs a DuckDB script on generated publisher dumps. See README.md, "Benchmark".
#   jobs/bench.sh [--rows N[,N...]] [--json PATH] [--work DIR] [--runs K] [--bundled] [--help]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/launch.sh"
ICTBENCH_DRIVER_MEMORY="${ICTBENCH_BENCH_MEMORY:-1g}" ictbench_launch bench "$@"
