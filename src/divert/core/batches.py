"""Cutting a stream into lists of at most `size` items (database writes and reads in bounded batches)."""

from collections.abc import Iterable, Iterator
from itertools import islice


def batched(items: Iterable, size: int) -> Iterator[list]:
    """Lists of `size` items from `items`, the last one shorter; nothing for no items."""
    if size < 1:
        raise ValueError("size must be at least 1")
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch
