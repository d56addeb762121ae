"""The hotpass command line that the Prefect flow runs, and how its result is read.

Kept free of Prefect imports on purpose: the repository's tests call these two functions with
the deployment's parameters, run the exact command they return against the hotpass binary with
a real OTLP receiver and a Marquez-like server, and parse its output with `parse_summary`.
"""

from __future__ import annotations

import json
import shlex
from collections.abc import Iterable, Mapping


def refine_command(
    *,
    binary: str,
    profile: str,
    input_dir: str,
    output_path: str,
    qa_mode: str,
    flow_run_id: str,
    flow_run_name: str,
    flow_name: str,
    lineage_namespace: str = "prefect",
) -> tuple[str, dict[str, str]]:
    """The shell command for one refine run and the environment it needs.

    The run exports traces and metrics over OTLP/HTTP (the endpoint comes from the worker's
    OTEL_EXPORTER_OTLP_ENDPOINT), tags them with the flow run, and names the flow run as the
    lineage parent (OPENLINEAGE_PARENT_ID), so Marquez links the refine run to its flow run.
    """
    argv = [
        binary,
        "refine",
        "--profile", profile,
        "--input-dir", input_dir,
        "--output-path", output_path,
        "--qa-mode", qa_mode,
        "--log-format", "json",
        "--observability",
        "--telemetry-exporter", "otlp",
        "--telemetry-resource-attr",
        "deploy.refine=true",
        f"prefect.flow_run.id={flow_run_id}",
        f"prefect.flow_run.name={flow_run_name}",
    ]
    env = {"OPENLINEAGE_PARENT_ID": f"{lineage_namespace}/{flow_name}/{flow_run_id}"}
    return shlex.join(argv), env


def parse_summary(lines: Iterable[str]) -> dict:
    """The `summary` record of a `--log-format json` run (other lines, stderr included, are skipped)."""
    summary = None
    for line in lines:
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if isinstance(record, Mapping) and record.get("event") == "summary":
            summary = record
    if summary is None:
        raise ValueError("hotpass printed no summary record: did the run fail before finishing?")
    return {"run_id": summary.get("run_id"), "trace_id": summary.get("trace_id"), **(summary.get("data") or {})}
