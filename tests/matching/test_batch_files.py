"""`divert link people --chunk-rows N`: a large left file linked in chunks, resumable, each row written once."""

import csv
import json

import pytest
from django.core.management import CommandError, call_command

from divert.matching.batch_files import link_people_files
from divert.matching.people import model as people_model
from tests.matching.people import synthetic

HEADER = ["id", "first_name", "last_name", "date_of_birth", "sex", "postcode"]


def _d(day) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    d = tmp_path_factory.mktemp("batch-files")
    children = synthetic.register(300, seed=21)
    people = synthetic.police(children, 150, 350, seed=22)
    with open(d / "left.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        w.writerows([p["id"], p["first_name"], p["last_name"], _d(p["dob"]), p["sex"], p["postcode"]]
                     for p in people)
    with open(d / "right.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        for c in children:
            w.writerow([c["id"], c["first_name"], c["last_name"], _d(c["dob"]), c["sex"],
                        c["postcode"]])
            for first, last in c["aliases"]:
                w.writerow([c["id"], first, last, _d(c["dob"]), c["sex"], c["postcode"]])
    left, right = synthetic.frames(children, people)
    model, report = people_model.train(left, right, max_pairs=3e5)
    model_path = people_model.save(model, report, directory=d / "models")
    return d, model_path, {p["id"]: p["truth"] for p in people}


def _rows(path):
    with open(path, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


class Stop(Exception):
    pass


def test_a_killed_run_resumes_and_writes_each_row_once(files, tmp_path):
    d, model_path, truth = files
    whole = tmp_path / "whole.csv"
    link_people_files(d / "left.csv", d / "right.csv", whole, chunk_rows=120, model_path=model_path)

    resumed = tmp_path / "resumed.csv"

    def stop(chunks, rows):
        if chunks == 2:
            with open(resumed, "a", encoding="utf-8") as fh:
                fh.write("P99999,C00001,0.999999,linked\r\n")  # half-written chunk 3, as a killed process leaves
            raise Stop

    with pytest.raises(Stop):
        link_people_files(d / "left.csv", d / "right.csv", resumed, chunk_rows=120, model_path=model_path,
                          progress=stop)
    state = json.loads((tmp_path / "resumed.csv.checkpoint.json").read_text())
    assert state["chunks"] == 2
    result = link_people_files(d / "left.csv", d / "right.csv", resumed, chunk_rows=120, model_path=model_path)
    assert result["chunks_skipped"] == 2 and result["left"] == len(truth)
    assert resumed.read_bytes() == whole.read_bytes()
    rows = _rows(resumed)
    assert {r["left_id"] for r in rows} == set(truth)
    once = [r["left_id"] for r in rows if r["decision"] != "review"]
    assert len(once) == len(set(once))


def test_chunked_links_are_accurate(files, tmp_path):
    d, model_path, truth = files
    out = tmp_path / "out.csv"
    link_people_files(d / "left.csv", d / "right.csv", out, chunk_rows=200, model_path=model_path)
    linked = {r["left_id"]: r["right_id"] for r in _rows(out) if r["decision"] == "linked"}
    tp = sum(1 for k, v in linked.items() if truth[k] == v)
    positives = sum(1 for v in truth.values() if v)
    assert tp / len(linked) >= 0.95 and tp / positives >= 0.6


def test_command_trains_on_the_first_chunk_and_resumes_with_that_model(files, tmp_path, capsys):
    d, _model_path, _truth = files
    out = tmp_path / "cmd.csv"
    args = ["link", "people", "--left", str(d / "left.csv"), "--right", str(d / "right.csv"), "--out", str(out),
            "--chunk-rows", "250", "--memory-limit", "1GB"]
    call_command(*args)
    assert "left records 500" in capsys.readouterr().out
    state = json.loads((tmp_path / "cmd.csv.checkpoint.json").read_text())
    assert state["chunks"] == 2 and state["model_file"].startswith(str(tmp_path / "cmd.csv.model"))
    call_command(*args)  # everything done: nothing is written twice
    assert "resumed after 2 finished chunks" in capsys.readouterr().out
    assert len({r["left_id"] for r in _rows(out)}) == 500
    with pytest.raises(CommandError, match="other files or options"):
        call_command(*args[:-4], "--chunk-rows", "100")
    call_command(*args[:-4], "--chunk-rows", "100", "--restart")
    assert "left records 500" in capsys.readouterr().out


def test_a_windows_1252_byte_deep_in_the_left_file_is_read_not_fatal(tmp_path):
    """The encoding is decided on the whole file: a cp1252 byte far past the first block must not stop a run."""
    from divert.matching.batch_files import _left_chunks

    path = tmp_path / "left.csv"
    rows = [f"P{i},Anna,Smith,01/02/2010,F,NG1 1AA" for i in range(60_000)] + ["P-last,Ren\xe9e,Smith,,F,"]
    path.write_bytes(("\n".join(["id,first_name,last_name,date_of_birth,sex,postcode", *rows]) + "\n")
                     .encode("cp1252"))
    assert path.stat().st_size > 1 << 21
    last = list(_left_chunks(path, 25_000))[-1]
    assert last["first_name"].iloc[-1] == "Ren\xe9e"
