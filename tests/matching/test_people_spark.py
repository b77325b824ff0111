"""`--engine spark`: the same model on splink's Spark backend. Local mode, when available."""

import importlib.util
import shutil

import pytest

from divert.matching.people.spark import spark_unavailable_reason

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
