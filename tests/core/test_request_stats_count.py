"""RequestStats.count answers from an index built once: the same as summing the matching cells."""

from __future__ import annotations

from itertools import combinations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.requests import CELL_BUCKETS, RATING_BUCKETS, REACTION_BUCKETS, WAIT_BUCKETS, build_stats

GROUPS = st.lists(
    st.tuples(
        st.sampled_from(WAIT_BUCKETS),
        st.sampled_from(REACTION_BUCKETS),
        st.sampled_from(("<1h", "1-24h", "24h+", "")),
        st.sampled_from(RATING_BUCKETS),
        st.integers(0, 1000),
        st.integers(0, 5000),
    ),
    max_size=40,
)


@given(GROUPS, st.data())
def test_a_count_is_the_sum_of_the_cells_that_match(groups: list, data: st.DataObject) -> None:
    stats = build_stats("2025-01-01", "2026-01-01", groups)
    for size in range(len(CELL_BUCKETS) + 1):
        for keys in combinations(CELL_BUCKETS, size):
            cell = data.draw(st.sampled_from(stats.cells)) if stats.cells else None
            where = {k: getattr(cell, k) if cell else "<5m" for k in keys}
            expected = sum(
                c.count for c in stats.cells if all(getattr(c, k) == v for k, v in where.items())
            )
            assert stats.count(**where) == expected


def test_a_count_by_a_bucket_that_does_not_exist_is_an_error() -> None:
    stats = build_stats("2025-01-01", "2026-01-01", [])
    with pytest.raises(TypeError):
        stats.count(colour="red")
