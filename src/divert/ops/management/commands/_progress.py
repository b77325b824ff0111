"""A rich progress display for ops.pipeline.run_pipeline, shared by `divert pipeline` and `divert demo load`."""

import datetime as dt
import numbers


def _summary(result) -> str:
    """A step result as counts only (steps return dicts of counts; anything else is not printed)."""
    if isinstance(result, numbers.Number):
        return str(result)
    if isinstance(result, dict):
        parts = [f"{k}={v}" for k, v in result.items() if isinstance(v, numbers.Number)]
        return ", ".join(parts) if parts else "done"
    return "done"


def run_pipeline_with_progress(*, stdout, today: dt.date | None = None) -> dict:
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from divert.ops.pipeline import STEPS, run_pipeline

    console = Console(file=stdout)
    steps = [label for label, _step in STEPS]
    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                  TimeElapsedColumn(), console=console) as progress:
        task = progress.add_task("Today's pipeline", total=len(steps))
        state = {"started": False}

        def on_step(label: str) -> None:
            if state["started"]:
                progress.advance(task)
            state["started"] = True
            progress.update(task, description=label)

        results = run_pipeline(today=today, progress=on_step)
        if state["started"]:
            progress.advance(task)
        progress.update(task, description="Today's pipeline")
    for label in steps:
        if label in results:
            console.print(f"  {label}: {_summary(results[label])}")
    if not steps:
        console.print("  No pipeline steps are installed yet.")
    return results
