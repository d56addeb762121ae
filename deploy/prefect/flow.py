"""A thin Prefect flow around `hotpass refine`.

The binary does the work; the flow gives it the flow run's identity (telemetry resource
attributes and the OpenLineage parent) and returns the run's JSON summary as the flow's result.
A data-contract failure (exit 2 with --qa-mode strict) makes the shell operation, and so the flow
run, fail.
"""

from __future__ import annotations

import sys
from pathlib import Path

from prefect import flow
from prefect.runtime import flow_run
from prefect_shell import ShellOperation

# Prefect loads this file by path; its sibling module must be importable however it was loaded.
sys.path.insert(0, str(Path(__file__).resolve().parent))
from hotpass_command import parse_summary, refine_command  # noqa: E402


@flow(name="hotpass-refine", log_prints=True)
def refine(
    profile: str = "aviation",
    input_dir: str = "data",
    output_path: str = "dist/refined.xlsx",
    qa_mode: str = "strict",
    binary: str = "hotpass",
) -> dict:
    command, env = refine_command(
        binary=binary,
        profile=profile,
        input_dir=input_dir,
        output_path=output_path,
        qa_mode=qa_mode,
        flow_run_id=str(flow_run.id),
        flow_run_name=str(flow_run.name),
        flow_name=str(flow_run.flow_name),
    )
    with ShellOperation(commands=[command], env=env, stream_output=True) as operation:
        process = operation.trigger()
        process.wait_for_completion()
        lines = process.fetch_result()
    return parse_summary(lines)


if __name__ == "__main__":
    refine()
