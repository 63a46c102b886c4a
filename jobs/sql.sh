#!/usr/bin/env bash
# One Spark SQL statement over the curated tables by name. See README.md.
#   jobs/sql.sh [--curated DIR] [--format table|csv|json] "SELECT ... FROM gold.idi_score"
#   jobs/sql.sh --connect sc://127.0.0.1:15002 "SELECT ..."   (a query server; token from ICTBENCH_TOKEN)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/launch.sh"
ictbench_launch sql "$@"
