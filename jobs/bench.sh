#!/usr/bin/env bash
# Benchmark: ictbench vs a DuckDB script on generated publisher dumps. See README.md, "Benchmark".
#   jobs/bench.sh [--rows N[,N...]] [--json PATH] [--work DIR] [--runs K] [--bundled] [--help]
# The harness (src/bench) and DuckDB are test-scoped: it runs on the test class path, never in an artifact.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/launch.sh"
ictbench_check_java
ictbench_ensure_built
exec "$(ictbench_java)" -Xmx"${ICTBENCH_BENCH_MEMORY:-1g}" @"$ICTBENCH_HOME/jobs/conf/spark-jvm.args" \
  -Dlog4j2.configurationFile="$ICTBENCH_HOME/jobs/conf/log4j2.properties" ${ICTBENCH_JAVA_OPTS:-} \
  -cp "$ICTBENCH_HOME/target/test-classes:$ICTBENCH_HOME/target/classes:$(cat "$ICTBENCH_HOME/target/test-classpath.txt")" \
  org.ictbench.bench.BenchCommand "$@"
