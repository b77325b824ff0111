"""OpenAPI names a schema by its class: two classes of one name would share one component, so one endpoint's schema
would describe another endpoint's answers (it did: the offending indicator was documented as an exploitation
indicator)."""

import inspect
from collections import Counter

from ninja import Schema

from divert.api import exploitation, incidents, ingest, matching, missing, outcomes, protocol, registers


def test_every_api_schema_class_has_its_own_name():
    classes = {obj for module in (exploitation, incidents, ingest, matching, missing, outcomes, protocol, registers)
               for obj in vars(module).values()
               if inspect.isclass(obj) and issubclass(obj, Schema) and obj.__module__ == module.__name__}
    names = Counter(cls.__name__ for cls in classes)
    assert [n for n, c in names.items() if c > 1] == []
