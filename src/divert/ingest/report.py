"""Problem reports for people: a rich table for the CLI, rows for CSV downloads."""

from rich.console import Console
from rich.table import Table as RichTable

from .models import ImportRun

REPORT_COLUMNS = ["file", "row", "line", "column", "value", "reason", "rule"]
CLI_LIMIT = 200


def summary(run: ImportRun) -> str:
    verdict = {
        ImportRun.Status.LOADED: "loaded",
        ImportRun.Status.LOADED_WITH_REJECTIONS: "loaded, bad rows skipped",
        ImportRun.Status.REFUSED: "REFUSED: nothing was loaded",
        ImportRun.Status.UNCHANGED: "already imported: nothing changed",
        ImportRun.Status.STARTED: "started, not finished",
        ImportRun.Status.FAILED: "FAILED: stopped by an unexpected error, nothing was loaded",
    }[ImportRun.Status(run.status)]
    if run.status == ImportRun.Status.LOADED_WITH_REJECTIONS and not run.rows_loaded:
        verdict = "NOTHING LOADED: every row was rejected"
    return (f"{run.get_kind_display()} {run.file_name}: {verdict}. Rows read {run.rows_read}, loaded "
            f"{run.rows_loaded}, rejected {run.rows_rejected}; records created {run.rows_created}, updated "
            f"{run.rows_updated}{_by_record_type(run)}. Import run {run.pk}.")


def _by_record_type(run: ImportRun) -> str:
    """What the records created and updated were, by kind of record (e.g. "child 2 created, placement 3
    created"), so a return of several tables says exactly what loaded."""
    created = run.options.get("created") or {}
    updated = run.options.get("updated") or {}
    parts = []
    for model in sorted(set(created) | set(updated)):
        bits = [f"{created[model]} created" if created.get(model) else "",
                f"{updated[model]} updated" if updated.get(model) else ""]
        parts.append(f"{model} " + " and ".join(b for b in bits if b))
    return f" ({', '.join(parts)})" if parts else ""


def print_report(run: ImportRun, console: Console, *, limit: int = CLI_LIMIT) -> None:
    style = "red" if run.status in (ImportRun.Status.REFUSED, ImportRun.Status.FAILED) else "green"
    console.print(summary(run), style=style, markup=False, highlight=False)
    if run.problems:
        console.print(_table("Problems", run.problems[:limit]))
        more = run.problem_count - min(limit, len(run.problems))
        if more > 0:
            console.print(f"... and {more} more problems (see /imports/{run.pk}/ or use --rejects FILE)",
                          markup=False)
    if run.warnings:
        console.print(_table(f"Warnings ({run.options.get('warning_count', len(run.warnings))}; "
                             "these did not stop the import)", run.warnings[:20]))


def _table(title: str, problems: list[dict]) -> RichTable:
    table = RichTable(title=title, show_lines=False, title_justify="left")
    for name in ("File", "Line", "Column", "Value", "Reason"):
        table.add_column(name, overflow="fold")
    for p in problems:
        # The spreadsheet's line number (the header is line 1), as the person sees it when they open the file.
        table.add_row(str(p.get("file", "")), "" if p.get("row") is None else str(p["row"] + 1),
                      str(p.get("column", "")), str(p.get("value", "")), str(p.get("reason", "")))
    return table
