# Shared launcher for jobs/*.sh (sourced, not run). Builds the project on first use (or when sources
# changed), then runs one ictbench subcommand either in a plain JVM (local master, the default) or
# through spark-submit (a non-local --master and spark-submit on PATH or under $SPARK_HOME; without
# one a non-local master is an error, exit 9). Exit 9 also for a wrong Java, a failed build or no Maven.
ICTBENCH_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export ICTBENCH_HOME

ictbench_java() {
  if [[ -n "${JAVA_HOME:-}" ]]; then echo "$JAVA_HOME/bin/java"; else echo java; fi
}

ictbench_check_java() {
  local v
  v=$("$(ictbench_java)" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
  if [[ -z "$v" || "$v" -lt 17 || "$v" -gt 21 ]]; then
    echo "ictbench: needs Java 17 to 21 (found '${v:-none}'). Set JAVA_HOME, e.g. JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64" >&2
    exit 9
  fi
}

ictbench_ensure_built() {
  local stamp="$ICTBENCH_HOME/target/.ictbench-built"
  if [[ ! -f "$stamp" || ! -d "$ICTBENCH_HOME/target/classes" ]] \
     || [[ -n "$(find "$ICTBENCH_HOME/src/main" "$ICTBENCH_HOME/src/bench" "$ICTBENCH_HOME/pom.xml" -newer "$stamp" -print -quit 2>/dev/null)" ]]; then
    command -v mvn >/dev/null || { echo "ictbench: Maven (mvn) is needed for the first build (or use the distribution archive's bin/ictbench, which needs only Java)" >&2; exit 9; }
    echo "ictbench: building (first use or sources changed): mvn -q -DskipTests package" >&2
    (cd "$ICTBENCH_HOME" && mvn -B -q -ntp -DskipTests package) >&2 || {
      echo "ictbench: build failed; run 'mvn -DskipTests package' in $ICTBENCH_HOME to see why" >&2; exit 9; }
    touch "$stamp"
  fi
}

ictbench_master_of() {
  local prev=""
  for a in "$@"; do
    if [[ "$prev" == "--master" ]]; then echo "$a"; return; fi
    case "$a" in --master=*) echo "${a#--master=}"; return;; esac
    prev="$a"
  done
}

ictbench_submit_cmd() {
  if [[ -n "${SPARK_HOME:-}" && -x "$SPARK_HOME/bin/spark-submit" ]]; then echo "$SPARK_HOME/bin/spark-submit";
  elif command -v spark-submit >/dev/null; then command -v spark-submit; fi
}

# The class path of one run: Spark's engine, or for `sql --connect` the Spark Connect client, which
# cannot share a class path with the engine (see pom.xml) and needs nothing else of Spark.
ictbench_classpath() {
  local sub="$1"; shift
  local file="classpath.txt"
  if [[ "$sub" == "sql" ]]; then
    for a in "$@"; do
      case "$a" in --connect|--connect=*) file="connect-classpath.txt";; esac
    done
  fi
  echo "$ICTBENCH_HOME/target/classes:$(cat "$ICTBENCH_HOME/target/$file")"
}

# ictbench_default_heap SUBCOMMAND [ARGS...]: the driver's heap when ICTBENCH_DRIVER_MEMORY is not set,
# following the input: the raw folder for pipeline, the curated root for every other job (the jobs'
# defaults when not given). A local folder of at most 64 MB (what the small execution profile covers)
# gets 1g, anything larger, remote (s3a://, hdfs://) or unknown 2g: Spark's caches spill to disk, so a
# larger heap buys little and costs its size in resident memory.
ictbench_default_heap() {
  local sub="$1"; shift
  local want="--curated" dir="$ICTBENCH_HOME/data/curated" prev=""
  if [[ "$sub" == "pipeline" ]]; then want="--raw"; dir="$ICTBENCH_HOME/data/raw"; fi
  for a in "$@"; do
    if [[ "$prev" == "$want" ]]; then dir="$a"; fi
    case "$a" in "$want"=*) dir="${a#"$want"=}";; esac
    prev="$a"
  done
  dir="${dir#file:}"
  local bytes=""
  if [[ "$dir" != *://* && -d "$dir" ]]; then
    bytes=$(du -sb --apparent-size "$dir" 2>/dev/null | cut -f1)
  fi
  if [[ -n "$bytes" && "$bytes" -le $((64 * 1024 * 1024)) ]]; then echo 1g; else echo 2g; fi
}

# ictbench_launch SUBCOMMAND [ARGS...]
ictbench_launch() {
  local sub="$1"; shift
  ictbench_check_java
  ictbench_ensure_built
  local master submit
  master="$(ictbench_master_of "$@")"
  submit="$(ictbench_submit_cmd)"
  if [[ -n "$master" && "$master" != local* ]]; then
    if [[ -z "$submit" ]]; then
      echo "ictbench: master '$master' needs spark-submit, and none was found (set SPARK_HOME to a Spark 4.2" \
        "installation, or put spark-submit on the PATH). A plain JVM would not give the executors ictbench's classes." >&2
      exit 9
    fi
    exec "$submit" --master "$master" --class org.ictbench.cli.Main ${ICTBENCH_SUBMIT_OPTS:-} \
      "$ICTBENCH_HOME/target/ictbench-spark.jar" "$sub" "$@"
  fi
  local cp
  cp="$(ictbench_classpath "$sub" "$@")"
  if [[ -n "${HADOOP_CONF_DIR:-}" ]]; then cp="$HADOOP_CONF_DIR:$cp"; fi
  # batch jobs use the throughput collector (conf/batch-jvm.args); the query server keeps the JVM's
  # default, and so does a job whose ICTBENCH_JAVA_OPTS choose a collector
  local batch=()
  if [[ "$sub" != "serve" && ! " ${ICTBENCH_JAVA_OPTS:-} " =~ [[:space:]]-XX:\+Use[[:alnum:]]+GC[[:space:]] ]]; then
    batch=(@"$ICTBENCH_HOME/jobs/conf/batch-jvm.args")
  fi
  exec "$(ictbench_java)" -Xmx"${ICTBENCH_DRIVER_MEMORY:-$(ictbench_default_heap "$sub" "$@")}" \
    @"$ICTBENCH_HOME/jobs/conf/spark-jvm.args" ${batch[@]+"${batch[@]}"} \
    -Dlog4j2.configurationFile="$ICTBENCH_HOME/jobs/conf/log4j2.properties" ${ICTBENCH_JAVA_OPTS:-} \
    -cp "$cp" org.ictbench.cli.Main "$sub" "$@"
}
