"""ictbench on Airflow: the pipeline, then the report, one run at a time.

Each task is one spark-submit of the application jar (``target/ictbench-spark.jar`` after ``mvn package``,
or ``spark/ictbench-spark.jar`` inside the distribution archive) through the Spark connection ``spark_default``
(its host is the master: ``spark://host:7077``, ``yarn``, ``k8s://...``). Each job writes its result
with ``--json``; the task reads it and turns the job's exit code into the task's state (see
``EXIT_CODES`` and docs/operations.md, "Scheduling"):

* 0: success.
* 11 (a new vintage is held for review): the task is *skipped* with the job's message, and so is the
  report that follows; nothing failed, a person has to look.
* 1, 8, 9, 10 (a bug, an output that could not be written, the environment, the lake locked by another
  run): the task fails and Airflow retries it.
* every other code (bad options, unreadable input, invalid reference data, broken identity, a missing
  table...): the task fails without retries, since rerunning cannot fix it.

Settings come from the environment of the scheduler (read when the DAG file is parsed) and can be
overridden per run with the DAG's params: ``ICTBENCH_JAR``, ``ICTBENCH_RAW``, ``ICTBENCH_CURATED``,
``ICTBENCH_RESULTS`` (where the ``--json`` results go: a folder the worker can read, since the driver
runs on the worker in spark-submit's client mode), ``ICTBENCH_REPORT`` and ``ICTBENCH_REFERENCE``.
Object-store credentials come from the worker's environment or Hadoop's credential providers, never from
these arguments.
"""

from __future__ import annotations

import json
import os
from datetime import datetime, timedelta

from airflow.exceptions import AirflowException, AirflowFailException, AirflowSkipException
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

try:  # Airflow 3
    from airflow.sdk import DAG, Param
except ImportError:  # Airflow 2
    from airflow import DAG
    from airflow.models.param import Param

ICTBENCH_JAR = os.environ.get("ICTBENCH_JAR", "/opt/ictbench/spark/ictbench-spark.jar")
ICTBENCH_MAIN = "org.ictbench.cli.Main"

# What the task does with each exit code of an ictbench job (the table every job's --help ends with).
SUCCESS, SKIP, RETRY, FAIL = "success", "skip", "retry", "fail"
EXIT_CODES = {
    0: SUCCESS,
    1: RETRY,  # unexpected failure (a bug): retried once in case it was transient
    2: FAIL,  # bad command line
    3: FAIL,  # raw input unreadable or not found
    4: FAIL,  # reference or methodology data invalid
    5: FAIL,  # record identity broken
    6: FAIL,  # table missing (lake not built)
    7: FAIL,  # query failed
    8: RETRY,  # output could not be written
    9: RETRY,  # environment
    10: RETRY,  # lake locked by another run
    11: SKIP,  # new vintage held for review
    12: FAIL,  # claims differ
    13: FAIL,  # unresolved country names
}


def read_result(path: str) -> dict | None:
    """The job's --json result, or None when the job wrote none (spark-submit failed before it ran)."""
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


class IctbenchSubmitOperator(SparkSubmitOperator):
    """spark-submit of one ictbench job; its --json result (``result_path``) decides the task's state."""

    template_fields = (*SparkSubmitOperator.template_fields, "result_path")

    def __init__(self, *, result_path: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.result_path = result_path

    def execute(self, context):
        try:  # a result left by an earlier try must not be read as this one's
            os.remove(self.result_path)
        except FileNotFoundError:
            pass
        try:
            super().execute(context)
        except AirflowException:
            if read_result(self.result_path) is None:
                raise  # no result: spark-submit or the JVM failed before the job ran
        result = read_result(self.result_path)
        if result is None:
            raise AirflowException(f"ictbench wrote no result to {self.result_path}")
        code = result.get("exit_code")
        action = EXIT_CODES.get(code, FAIL)
        error = result.get("error") or {}
        message = f"ictbench {result.get('job')} run {result.get('run_id')}: exit {code} ({result.get('exit_meaning')})"
        if error:
            message += f" {error.get('code')}: {error.get('message')}"
        if action == SKIP:
            raise AirflowSkipException(message)
        if action == RETRY:
            raise AirflowException(message)
        if action == FAIL:
            raise AirflowFailException(message)
        self.log.info(message)
        # what downstream tasks may use (XCom)
        return {k: result.get(k) for k in ("run_id", "version", "status", "exit_code", "files_ingested", "counts")}


with DAG(
    dag_id="ictbench",
    description="ITU ICT indicators: ingest, curate and benchmark (pipeline), then the HTML report",
    schedule="@daily",
    start_date=datetime(2025, 1, 1),
    catchup=False,
    max_active_runs=1,  # one run at a time: two pipeline runs never write one lake at once
    params={
        "raw": Param(os.environ.get("ICTBENCH_RAW", "s3a://ictbench/raw"), type="string"),
        "curated": Param(os.environ.get("ICTBENCH_CURATED", "s3a://ictbench/curated"), type="string"),
        "results": Param(os.environ.get("ICTBENCH_RESULTS", "/var/lib/ictbench/results"), type="string"),
        "report": Param(os.environ.get("ICTBENCH_REPORT", "/var/lib/ictbench/report"), type="string"),
        "reference": Param(os.environ.get("ICTBENCH_REFERENCE", ""), type="string"),
        "pair": Param("BLR,CHN", type="string"),
        "claims": Param("none", type="string"),
        # a manual run or another scheduler may hold the lake: wait this long before exit 10 (then retried)
        "wait_lock": Param("600", type="string"),
    },
    default_args={
        "retries": 1,
        "retry_delay": timedelta(minutes=10),
        "conn_id": "spark_default",
        "application": ICTBENCH_JAR,
        "java_class": ICTBENCH_MAIN,
    },
    tags=["ictbench"],
) as dag:
    pipeline = IctbenchSubmitOperator(
        task_id="pipeline",
        name="ictbench-pipeline",
        result_path="{{ params.results }}/{{ ts_nodash }}/pipeline.json",
        application_args=[
            "pipeline",
            "--raw", "{{ params.raw }}",
            "--curated", "{{ params.curated }}",
            "--reference", "{{ params.reference }}",
            "--pair", "{{ params.pair }}",
            "--json", "{{ params.results }}/{{ ts_nodash }}/pipeline.json",
            "--wait-lock", "{{ params.wait_lock }}",
            "--no-comparison",
        ],
    )

    report = IctbenchSubmitOperator(
        task_id="report",
        name="ictbench-report",
        result_path="{{ params.results }}/{{ ts_nodash }}/report.json",
        application_args=[
            "report",
            "--curated", "{{ params.curated }}",
            "--pair", "{{ params.pair }}",
            "--claims", "{{ params.claims }}",
            "--out", "{{ params.report }}/{{ ds }}",
            "--json", "{{ params.results }}/{{ ts_nodash }}/report.json",
        ],
    )

    pipeline >> report
