"""Backends for the person-linkage model: DuckDB (default) or splink's Spark backend.

`--engine spark` runs the same model, comparisons and blocking on Spark. It needs pyspark and a Java runtime;
without them `spark_unavailable_reason()` says which is missing and the command stops with that message.
"""

import importlib.util
import os
import shutil
from typing import Any

ENGINES = ("duckdb", "spark")


class EngineUnavailable(RuntimeError):
    """The requested backend cannot run here (the message says why and what to install)."""


def spark_unavailable_reason() -> str | None:
    """None when Spark can run locally, else a one-line reason."""
    if importlib.util.find_spec("pyspark") is None:
        return ("the Spark engine needs pyspark, which is not installed "
                "(install it with `uv sync --group spark`, or use --engine duckdb)")
    if not (os.environ.get("JAVA_HOME") or shutil.which("java")):
        return "the Spark engine needs a Java runtime (install OpenJDK 17 and set JAVA_HOME, or use --engine duckdb)"
    return None


_SPARK: dict[str, Any] = {}  # the one SparkSession, made on first use


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

    return DuckDBAPI(connection=duckdb_connection())


def duckdb_connection():
    """An in-memory DuckDB connection; `DIVERT_DUCKDB_MEMORY_LIMIT` (e.g. "3GB") and
    `DIVERT_DUCKDB_TEMP_DIRECTORY` bound its memory and say where its joins spill (batch mode sets them)."""
    import duckdb

    config = {}
    if os.environ.get("DIVERT_DUCKDB_MEMORY_LIMIT"):
        config["memory_limit"] = os.environ["DIVERT_DUCKDB_MEMORY_LIMIT"]
    if os.environ.get("DIVERT_DUCKDB_TEMP_DIRECTORY"):
        config["temp_directory"] = os.environ["DIVERT_DUCKDB_TEMP_DIRECTORY"]
    return duckdb.connect(":memory:", config=config)


def register(db_api, df, name: str):
    """Register a pandas frame with splink. On DuckDB the frame is first copied into a real table: splink refers to
    its inputs several times per query, and scanning a pandas frame of Python objects each time is slow."""
    if type(db_api).__name__ == "DuckDBAPI":
        con = db_api.duckdb_con
        con.register(f"{name}_pandas", df)
        con.execute(f'create or replace table "{name}_data" as select * from "{name}_pandas"')
        con.unregister(f"{name}_pandas")
        return db_api.register(f"{name}_data", table_name=name)
    # The Spark session is shared by every run in the process; its views outlive the splink API that made them.
    spark_session().catalog.dropTempView(name)
    return db_api.register(to_backend(db_api, df), table_name=name)


def to_backend(db_api, df):
    """A pandas frame in the form `db_api.register` takes for this backend."""
    if type(db_api).__name__ == "SparkAPI":
        schema, rows = _spark_schema_and_rows(df)
        return spark_session().createDataFrame(rows, schema)
    return df


ARRAY_COLUMNS = frozenset({"fn_canon", "surname_parts"})  # lists in prepare.py, even when every value is missing


def _spark_schema_and_rows(df):
    """An explicit Spark schema (list columns as arrays of strings, which inference would turn into strings) and
    plain Python rows (None for missing values)."""
    import numpy as np
    import pandas as pd
    from pyspark.sql.types import ArrayType, DoubleType, LongType, StringType, StructField, StructType

    def kind(series):
        if series.name in ARRAY_COLUMNS:
            return ArrayType(StringType())
        sample = next((v for v in series if v is not None and not (isinstance(v, float) and np.isnan(v))), None)
        if isinstance(sample, list | tuple | np.ndarray):
            return ArrayType(StringType())
        if pd.api.types.is_integer_dtype(series.dtype) or isinstance(sample, int | np.integer):
            return LongType()
        if pd.api.types.is_float_dtype(series.dtype):
            return DoubleType()
        return StringType()

    types = {c: kind(df[c]) for c in df.columns}
    schema = StructType([StructField(str(c), t, True) for c, t in types.items()])

    def value(v, t):
        if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)):
            return None
        if isinstance(t, ArrayType):
            return [str(x) for x in v]
        if isinstance(t, LongType):
            return int(v)
        if isinstance(t, DoubleType):
            return float(v)
        return str(v)

    rows = [tuple(value(v, types[c]) for c, v in zip(df.columns, row, strict=True))
            for row in df.itertuples(index=False, name=None)]
    return schema, rows


# A model trained on DuckDB is saved with DuckDB's SQL; these are the functions whose Spark names differ
# (splink's SparkDialect and its similarity jar). Matched as whole function names only.
DUCKDB_TO_SPARK_FUNCTIONS = {
    "jaro_winkler_similarity": "jaro_winkler",
    "jarowinkler_similarity": "jaro_winkler",  # sqlglot's spelling after transpiling from DuckDB
    "list_intersect": "array_intersect",
    "array_length": "array_size",
}


SPARK_TO_DUCKDB_FUNCTIONS = {"jaro_winkler": "jaro_winkler_similarity", "array_intersect": "list_intersect",
                             "array_size": "array_length"}


def settings_for_engine(settings: dict, engine: str) -> dict:
    """Splink settings as `engine` runs them: the saved (DuckDB) SQL translated for Spark, unchanged otherwise."""
    if engine != "spark":
        return settings
    return _translate_settings(settings, read="duckdb", write="spark", renames=DUCKDB_TO_SPARK_FUNCTIONS)


def settings_from_engine(settings: dict, engine: str) -> dict:
    """Settings trained on `engine` in the form models are saved in (DuckDB's SQL), so that a model trained on
    Spark predicts on DuckDB and back again."""
    if engine != "spark":
        return settings
    return _translate_settings(settings, read="spark", write="duckdb", renames=SPARK_TO_DUCKDB_FUNCTIONS)


def _translate_settings(settings: dict, *, read: str, write: str, renames: dict[str, str]) -> dict:
    import copy
    import re

    import sqlglot

    pattern = re.compile(r"\b(" + "|".join(renames) + r")\s*\(", re.IGNORECASE)
    quote_in, quote_out = ('"', "`") if write == "spark" else ("`", '"')

    def translate(sql: str) -> str:
        # sqlglot turns one dialect's quoted identifiers into the other's; the renames do the rest.
        if sql.strip().upper() == "ELSE":
            return sql
        try:
            out_sql = (sqlglot.transpile(sql, read=read, write=write) or [sql])[0]
        except sqlglot.errors.ParseError:  # already in the target's quoting (e.g. blocking rules saved so)
            out_sql = re.sub(quote_in + r"([A-Za-z_][A-Za-z0-9_]*)" + quote_in, quote_out + r"\1" + quote_out, sql)
        return pattern.sub(lambda m: renames[m.group(1).lower()] + "(", out_sql)

    out = copy.deepcopy(settings)
    out["sql_dialect"] = write
    for comparison in out.get("comparisons", []):
        for level in comparison.get("comparison_levels", []):
            if isinstance(level.get("sql_condition"), str):
                level["sql_condition"] = translate(level["sql_condition"])
    # Blocking rules carry their own sql_dialect and splink translates them itself.
    return out
