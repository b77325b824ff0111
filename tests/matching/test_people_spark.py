"""`--engine spark`: the same model on splink's Spark backend. Local mode, when available."""

import importlib.util
import shutil

import pytest

from divert.matching.people.spark import spark_unavailable_reason
from tests.matching.people.fixtures import edge_world, model_dir  # noqa: F401

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(importlib.util.find_spec("pyspark") is None,
                       reason="pyspark is not installed: the Spark engine is optional (uv sync --group spark)"),
    pytest.mark.skipif(shutil.which("java") is None, reason="no Java runtime: the Spark engine needs one"),
]


def test_spark_and_duckdb_agree(tmp_path):
    from divert.matching.people.model import train
    from divert.matching.people.predict import best_per_target, score_pairs
    from tests.matching.people import synthetic

    assert spark_unavailable_reason() is None
    children = synthetic.register(150, seed=5)
    people = synthetic.police(children, 60, 60, seed=6)
    left, right = synthetic.frames(children, people)
    model, _ = train(left, right, engine="duckdb")
    duck = best_per_target(score_pairs(left, right, model, engine="duckdb", floor=0.5))
    spark = best_per_target(score_pairs(left, right, model, engine="spark", floor=0.5))
    key = ["left_id", "right_id"]
    assert sorted(map(tuple, duck[key].values)) == sorted(map(tuple, spark[key].values))


@pytest.fixture(scope="module")
def frames():
    from tests.matching.people import synthetic

    children = synthetic.register(400, seed=11)
    people = synthetic.police(children, 200, 100, seed=12)
    return synthetic.frames(children, people)


@pytest.fixture(scope="module")
def spark_trained(frames):
    from divert.matching.people.model import train

    left, right = frames
    return train(left, right, engine="spark")


def test_training_runs_on_spark_and_the_model_predicts_on_both_engines(frames, spark_trained):
    """The m/u estimation on Spark used DuckDB's function names and failed; the saved model is kept in one form
    (DuckDB's SQL), so a model trained on either engine predicts on the other."""
    from divert.matching.people.predict import best_per_target, score_pairs

    left, right = frames
    model, report = spark_trained
    assert report.em_sessions == 2  # both EM sessions ran on Spark (they keep the priors when they fail)
    assert model["sql_dialect"] == "duckdb"
    assert "jaro_winkler(" not in str(model["comparisons"]) and "`" not in str(model["comparisons"])
    key = ["left_id", "right_id"]
    on_spark = best_per_target(score_pairs(left, right, model, engine="spark", floor=0.5))
    on_duckdb = best_per_target(score_pairs(left, right, model, engine="duckdb", floor=0.5))
    assert len(on_duckdb) > 100
    assert sorted(map(tuple, on_spark[key].values)) == sorted(map(tuple, on_duckdb[key].values))


def test_spark_and_duckdb_training_learn_the_same_model(frames, spark_trained):
    """EM on the same pairs gives the same m probabilities on both engines (u comes from each engine's own random
    sample, so it may differ a little)."""
    from divert.matching.people.model import train

    left, right = frames
    spark, _ = spark_trained
    duck, _ = train(left, right, engine="duckdb")

    def m_of(model):
        return {(c["output_column_name"], lvl.get("label_for_charts")): lvl["m_probability"]
                for c in model["comparisons"] for lvl in c["comparison_levels"] if "m_probability" in lvl}

    ms, md = m_of(spark), m_of(duck)
    assert ms.keys() == md.keys()
    assert max(abs(ms[k] - md[k]) for k in ms) < 0.05


def test_generic_command_links_people_on_spark_as_on_duckdb(tmp_path):
    import csv

    from django.core.management import call_command

    from tests.matching.people.edge_cases import POLICE, REGISTER

    header = ["id", "first_name", "last_name", "date_of_birth", "sex", "postcode"]
    for name, rows in (("left.csv", [p[:6] for p in POLICE]), ("right.csv", REGISTER)):
        with open(tmp_path / name, "w", newline="", encoding="utf-8") as fh:
            csv.writer(fh).writerows([header, *rows])

    def decisions(engine):
        out = tmp_path / f"out-{engine}.csv"
        call_command("link", "people", "--left", str(tmp_path / "left.csv"), "--right", str(tmp_path / "right.csv"),
                     "--out", str(out), "--engine", engine)
        with open(out, encoding="utf-8") as fh:
            return sorted((r["left_id"], r["right_id"], r["decision"]) for r in csv.DictReader(fh))

    assert decisions("spark") == decisions("duckdb")


@pytest.mark.django_db
def test_database_path_trains_and_links_on_spark(edge_world, model_dir):  # noqa: F811
    from django.core.management import call_command

    from divert.police.models import LinkStatus

    call_command("link", "train", "--engine", "spark")
    assert any(model_dir.glob("people-*.json"))
    call_command("link", "records", "--engine", "spark")
    linked = [r for r in edge_world["records"].values() if (r.refresh_from_db() or r.link_status == LinkStatus.LINKED)]
    assert linked
