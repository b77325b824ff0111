"""divert.core.batches: bounded batches for database reads and writes."""

import pytest

from divert.core.batches import batched


def test_batches_keep_order_and_the_last_is_shorter():
    assert list(batched(range(7), 3)) == [[0, 1, 2], [3, 4, 5], [6]]
    assert list(batched(iter("ab"), 5)) == [["a", "b"]]
    assert list(batched([], 3)) == []


def test_size_must_be_positive():
    with pytest.raises(ValueError):
        list(batched([1], 0))
