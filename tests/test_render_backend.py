"""Running `dot`: one file per distinct chart, clear errors when Graphviz is missing or fails."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from render_samples import base_state, with_name

from orgsim.errors import ExecutableNotFound, RenderError
from orgsim.render import backend, chart_name, dot_available, render_many, state_chart

A = "digraph { a -> b }\n"
B = "digraph { b -> c }\n"


@pytest.fixture
def no_dot(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """A PATH on which no `dot` can be found."""
    monkeypatch.setenv("PATH", str(tmp_path_factory.mktemp("empty-bin")))


def test_chart_names_come_from_a_hash_of_the_text() -> None:
    """Equal texts share a name, different texts do not, and the format is the suffix."""
    assert chart_name(A) == chart_name(A)
    assert chart_name(A) != chart_name(B)
    assert chart_name(A, fmt="png").startswith("chart-") and chart_name(A, fmt="png").endswith(
        ".png"
    )
    assert len(chart_name(A).removeprefix("chart-").removesuffix(".svg")) == 12


def test_dot_format_writes_each_distinct_source_once_without_graphviz(
    tmp_path: Path, no_dot: None
) -> None:
    """fmt='dot' needs no binary: it writes one .dot file per distinct text."""
    names = render_many([A, B, A, A], tmp_path, fmt="dot")
    assert set(names) == {A, B}
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(set(names.values()))
    assert (tmp_path / names[A]).read_text(encoding="utf-8") == A


def test_missing_dot_raises_executable_not_found(tmp_path: Path, no_dot: None) -> None:
    """Without `dot` on PATH, rendering raises the one clear error that says what to install."""
    assert not dot_available()
    with pytest.raises(ExecutableNotFound, match="install"):
        render_many([A], tmp_path, fmt="svg")


def test_unknown_format_is_rejected(tmp_path: Path) -> None:
    """Only svg, png, pdf and dot are accepted."""
    with pytest.raises(ValueError, match="fmt"):
        render_many([A], tmp_path, fmt="gif")


def test_nothing_to_render_needs_no_graphviz(tmp_path: Path, no_dot: None) -> None:
    """An empty list of charts renders nothing and does not look for `dot`."""
    assert render_many([], tmp_path) == {}


@pytest.mark.exe
def test_each_distinct_chart_is_rendered_exactly_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Duplicates cost nothing: each distinct text goes to `dot` once and gets one file."""
    rendered: list[str] = []
    real_run = backend._Children.run

    def counting_run(self: Any, argv: list[str], data: bytes | None, timeout: Any) -> Any:
        if data is not None:
            rendered.append(data.decode())
        else:
            rendered.extend(Path(a).read_text(encoding="utf-8") for a in argv[3:])
        return real_run(self, argv, data, timeout)

    monkeypatch.setattr(backend._Children, "run", counting_run)
    names = render_many([A, B, A, B, A], tmp_path, fmt="svg")
    assert sorted(rendered) == sorted([A, B])
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted({names[A], names[B]})
    assert (tmp_path / names[A]).read_text(encoding="utf-8").lstrip().startswith("<?xml")


@pytest.mark.exe
@pytest.mark.parametrize("method", ["batched", "per-chart"])
def test_both_methods_give_the_same_files_and_report_progress(tmp_path: Path, method: str) -> None:
    """Batched and per-chart rendering write the same files; progress counts every chart."""
    done: list[int] = []
    sources = [A, B, *(f"digraph g{i} {{ n{i} -> b }}\n" for i in range(5))]
    names = render_many(sources, tmp_path, method=method, progress=done.append, jobs=2)
    assert sum(done) == len(set(sources))
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(set(names.values()))
    one = render_many(sources, tmp_path / "one", method="per-chart", jobs=1)
    # Named graphs only: dot numbers anonymous ones ("%3") per process; and in one process
    # each later graph's SVG group id gains a "page0,N_" prefix, which nothing reads.
    for source in sources[2:]:
        batched = (tmp_path / names[source]).read_text(encoding="utf-8")
        alone = (tmp_path / "one" / one[source]).read_text(encoding="utf-8")
        assert re.sub(r'id="page\d+,\d+_', 'id="', batched) == alone


@pytest.mark.exe
def test_mapping_does_not_depend_on_input_order(tmp_path: Path) -> None:
    """The same texts map to the same files whatever order they come in."""
    first = render_many([A, B], tmp_path / "one")
    second = render_many([B, A], tmp_path / "two")
    assert first == second


@pytest.mark.exe
def test_keep_source_writes_the_dot_text_beside_the_chart(tmp_path: Path) -> None:
    """With keep_source, each rendered chart has its .dot source next to it."""
    names = render_many([A], tmp_path, fmt="png", keep_source=True)
    assert (tmp_path / names[A]).read_bytes().startswith(b"\x89PNG")
    assert (tmp_path / chart_name(A, fmt="dot")).read_text(encoding="utf-8") == A


@pytest.mark.exe
def test_dot_failure_names_the_chart_and_quotes_dot(tmp_path: Path) -> None:
    """A syntax error from `dot` becomes a RenderError with the chart name and dot's message."""
    bad = "digraph { a -> }\n"
    with pytest.raises(RenderError) as caught:
        render_many([A, bad], tmp_path)
    message = str(caught.value)
    assert chart_name(bad) in message
    assert "syntax error" in message.lower()


@pytest.mark.exe
def test_hostile_names_render_as_text(tmp_path: Path) -> None:
    """Markup, quotes, backslashes and non-Latin letters in names survive a real `dot` run."""
    state = with_name(base_state(), "magnus", '<script>alert("x")</script> \\ & Żółć 李')
    source = state_chart(state)
    names = render_many([source], tmp_path)
    svg = (tmp_path / names[source]).read_text(encoding="utf-8")
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    assert "Żółć 李" in svg
