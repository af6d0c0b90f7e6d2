"""Look-ups made linear keep their answers: reporting cycles found in one walk per post are
the cycles there are, each reported once (whether a look-up stays linear is `orgsim bench`'s
to measure: load per holder, look-ups per call and a chart's DOT per post at four times the
posts)."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from orgsim.errors import ScenarioErrors
from orgsim.scenario import parse_scenario


def _cycles(parent: dict[str, str | None]) -> set[frozenset[str]]:
    """Every cycle of the reporting lines, by following each post's line to its end."""
    found: set[frozenset[str]] = set()
    for start in parent:
        path: list[str] = []
        node: str | None = start
        while node is not None and node in parent and node not in path:
            path.append(node)
            node = parent[node]
        if node is not None and node in path:
            found.add(frozenset(path[path.index(node) :]))
    return found


@settings(max_examples=150, deadline=None)
@given(st.lists(st.integers(min_value=-1, max_value=11), min_size=1, max_size=12))
def test_every_reporting_cycle_is_reported_once(targets: list[int]) -> None:
    """Posts p0..pn each report to the post a list names (or to none): the cycles reported
    are exactly the cycles there are, each once, at a post in it."""
    n = len(targets)
    parent = {f"p{i}": (f"p{t}" if 0 <= t < n else None) for i, t in enumerate(targets)}
    doc = {
        "title": "cycles",
        "date": "2024-01-01",
        "organizations": [{"id": "o", "name": "O"}],
        "posts": [
            {"id": p, "title": p, "organization": "o", **({"reports_to": r} if r else {})}
            for p, r in parent.items()
        ],
    }
    expected = _cycles(parent)
    try:
        parse_scenario(json.dumps(doc).encode(), "cycles.json")
    except ScenarioErrors as err:
        messages = [e.message for e in err.errors]
    else:
        messages = []
    prefix = "reporting lines form a cycle: "
    reported = [m[len(prefix) :].split(" -> ") for m in messages if m.startswith(prefix)]
    assert all(path[0] == path[-1] for path in reported)
    assert sorted(map(sorted, (frozenset(path) for path in reported))) == sorted(
        map(sorted, expected)
    )
