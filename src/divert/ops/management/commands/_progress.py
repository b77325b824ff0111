"""A rich progress display for ops.pipeline.run_pipeline, shared by `divert pipeline` and `divert demo load`."""

import datetime as dt
import numbers


def counts_in_words(counts: dict) -> str:
    """Counts as a reader says them: {"incidents_linked": 4645} -> "incidents linked 4,645"."""
    return ", ".join(f"{k.replace('_', ' ')} {v:,}" for k, v in counts.items() if isinstance(v, numbers.Number))


def _summary(result) -> str:
    """A step result as counts only (steps return dicts of counts; anything else is not printed)."""
    if isinstance(result, numbers.Number):
        return f"{result:,}"
    if isinstance(result, dict):
        return counts_in_words(result) or "done"
    return "done"


class quiet_libraries:  # noqa: N801 - a context manager used like a function
    """splink's training warnings ("Level ... not observed in dataset") are for the person building a model, not
    for the console of `divert pipeline` or `make demo`: they are raised to ERROR while the pipeline runs."""

    NAMES = ("splink", "duckdb")

    def filter(self, record) -> bool:
        import logging

        return record.levelno >= logging.ERROR or not record.name.startswith(self.NAMES)

    def __enter__(self):
        import logging

        # A filter on the root logger's handlers: splink sets its own loggers' levels while it trains.
        self.handlers = list(logging.getLogger().handlers)
        for handler in self.handlers:
            handler.addFilter(self)
        return self

    def __exit__(self, *exc):
        for handler in self.handlers:
            handler.removeFilter(self)
        return False


def run_pipeline_with_progress(*, stdout, today: dt.date | None = None) -> dict:
    import time

    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from divert.ops.pipeline import STEPS, run_pipeline

    console = Console(file=stdout)
    steps = [label for label, _step in STEPS]
    with quiet_libraries(), Progress(TextColumn("{task.description}"), BarColumn(),
                                     TextColumn("{task.completed}/{task.total}"), TimeElapsedColumn(),
                                     console=console) as progress:
        task = progress.add_task("Today's pipeline", total=len(steps))
        state: dict = {"started": None}

        def on_step(label: str) -> None:
            # One line per step as it starts and ends, so a slow step never leaves the console silent (also when
            # the output is not a terminal and the bar is not drawn).
            if state["started"] is not None:
                progress.advance(task)
                progress.console.print(f"  done: {state['label']} ({time.monotonic() - state['started']:.0f} s)")
            state["started"], state["label"] = time.monotonic(), label
            progress.console.print(f"Pipeline: {label} ...")
            progress.update(task, description=label)

        results = run_pipeline(today=today, progress=on_step)
        if state["started"] is not None:
            progress.advance(task)
            progress.console.print(f"  done: {state['label']} ({time.monotonic() - state['started']:.0f} s)")
        progress.update(task, description="Today's pipeline")
    for label in steps:
        if label in results:
            console.print(f"  {label}: {_summary(results[label])}")
    if not steps:
        console.print("  No pipeline steps are installed yet.")
    return results
