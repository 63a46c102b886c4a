#!/usr/bin/env bash
# The main job: ingest everything under --raw, curate it, compute the benchmarks. See README.md.
#   jobs/pipeline.sh [--raw DIR] [--curated DIR] [--master URL] [--pair A,B] [--force] [--help]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/launch.sh"
ictbench_launch pipeline "$@"
