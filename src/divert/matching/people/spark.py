"""Backends for the person-linkage model: DuckDB (default) or splink's Spark backend (design.md 4).

`--engine spark` runs the same model, comparisons and blocking on Spark. It needs pyspark and a Java runtime;
without them `spark_unavailable_reason()` says which is missing and the command stops with that message.
"""

import importlib.util
import os
import shutil

ENGINES = ("duckdb", "spark")


class EngineUnavailable(RuntimeError):
    """The requested backend cannot run here (the message says why and what to install)."""


def spark_unavailable_reason() -> str | None:
    """None when Spark can run locally, else a one-line reason."""
    if importlib.util.find_spec("pyspark") is None:
        return ("the Spark engine needs pyspark, which is not installed "
                "(install it with `uv pip install pyspark`, or use --engine duckdb)")
    if not (os.environ.get("JAVA_HOME") or shutil.which("java")):
        return "the Spark engine needs a Java runtime (install OpenJDK 17 and set JAVA_HOME, or use --engine duckdb)"
    return None


_SPARK = {}


def spark_session():
    """A local Spark session (cached), sized for one machine."""
    reason = spark_unavailable_reason()
    if reason:
        raise EngineUnavailable(reason)
    if "session" not in _SPARK:
        from pyspark.sql import SparkSession
        from splink.backends.spark import similarity_jar_location

        _SPARK["session"] = (
            SparkSession.builder.master(os.environ.get("DIVERT_SPARK_MASTER", "local[*]"))
            .appName("divert-people")
            # splink's string-similarity UDFs (Jaro-Winkler...) ship as a jar inside the splink package.
            .config("spark.jars", similarity_jar_location())
            .config("spark.sql.shuffle.partitions", os.environ.get("DIVERT_SPARK_PARTITIONS", "8"))
            .config("spark.ui.enabled", "false")
            .getOrCreate()
        )
        import tempfile

        checkpoints = os.environ.get("DIVERT_SPARK_CHECKPOINTS") or tempfile.mkdtemp(prefix="divert-spark-")
        _SPARK["session"].sparkContext.setCheckpointDir(checkpoints)
    return _SPARK["session"]


def db_api_for(engine: str = "duckdb"):
    """A fresh splink database API for `engine`."""
    if engine not in ENGINES:
        raise EngineUnavailable(f"unknown engine {engine!r}: use one of {', '.join(ENGINES)}")
    if engine == "spark":
        from splink import SparkAPI

        return SparkAPI(spark_session=spark_session())
    from splink import DuckDBAPI

    return DuckDBAPI()


def register(db_api, df, name: str):
    """Register a pandas frame with splink. On DuckDB the frame is first copied into a real table: splink refers to
    its inputs several times per query, and scanning a pandas frame of Python objects each time is slow."""
    if type(db_api).__name__ == "DuckDBAPI":
        con = db_api.duckdb_con
        con.register(f"{name}_pandas", df)
        con.execute(f'create or replace table "{name}_data" as select * from "{name}_pandas"')
        con.unregister(f"{name}_pandas")
        return db_api.register(f"{name}_data", table_name=name)
    return db_api.register(to_backend(db_api, df), table_name=name)


def to_backend(db_api, df):
    """A pandas frame in the form `db_api.register` takes for this backend."""
    if type(db_api).__name__ == "SparkAPI":
        return spark_session().createDataFrame(df)
    return df
