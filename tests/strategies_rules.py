"""Hypothesis strategies for the rules' stateful test: the facts of generated people and orders.

Values are plain tuples of ints, strings and booleans so that a failing example prints as a
Python program that can be pasted into a regression test.
"""

from __future__ import annotations

from hypothesis import strategies as st

from orgsim.model import VacancyKind

__all__ = ["AGENCIES", "COVERS", "GRADES", "order_specs", "person_facts"]

GRADES = ("GS-14", "GS-15", "SES", None)
AGENCIES = ("dept", "other", None)
COVERS = (
    (VacancyKind.ORDINARY,),
    (VacancyKind.EMERGENCY,),
    (VacancyKind.ORDINARY, VacancyKind.EMERGENCY),
)


def person_facts() -> st.SearchStrategy[tuple[str | None, str | None, int | None]]:
    """(grade, agency, days of service before the scenario starts, or None if unknown)."""
    return st.tuples(
        st.sampled_from(GRADES),
        st.sampled_from(AGENCIES),
        st.one_of(st.none(), st.integers(0, 800)),
    )


def order_specs() -> st.SearchStrategy[tuple[int, tuple[int, ...], int, bool]]:
    """(post index, line as indexes into the line-able posts, index into COVERS, skip_acting)."""
    return st.tuples(
        st.integers(0, 3),
        st.lists(st.integers(0, 7), min_size=1, max_size=3, unique=True).map(tuple),
        st.integers(0, len(COVERS) - 1),
        st.booleans(),
    )
