"""The repository cites documents by title (docs/sources.md), never an issue number, a seed file or domain.md.

Readers of the code and the docs have neither the issue tracker nor the files outside the repository, so a
reference such as "issue 3, section 2" or "domain.md 10" tells them nothing (CONTRIBUTING.md, "Naming").
"""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FORBIDDEN = re.compile(r"\bissue \d+|\bissue #\d+|\bdomain\.md\b|\bseeds?/\d+|\bseed 0\d\d\b", re.IGNORECASE)
SCANNED = ("src", "tests", "docs", "benchmarks")
SUFFIXES = {".py", ".md", ".html", ".txt", ".toml"}


def _offending_lines(root: Path) -> list[str]:
    found = []
    for top in SCANNED:
        for path in sorted((root / top).rglob("*")):
            if path.suffix not in SUFFIXES or "static" in path.parts or path == Path(__file__):
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if FORBIDDEN.search(line):
                    found.append(f"{path.relative_to(root)}:{number}: {line.strip()[:120]}")
    return found


def test_no_file_cites_an_issue_a_seed_file_or_domain_md():
    assert _offending_lines(ROOT) == []


def test_the_check_would_catch_an_issue_reference(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "x.md").write_text("Built for issue 12, section 3.\n", encoding="utf-8")
    assert _offending_lines(tmp_path) == ["docs/x.md:1: Built for issue 12, section 3."]
