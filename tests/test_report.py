"""The HTML report: sections, sources, charts, escaping, and atomic replacement of the folder."""

from __future__ import annotations

import re
from pathlib import Path

import attrs
import pytest
from render_samples import NEXT, narrative, resignation, with_name

from orgsim.errors import RenderError
from orgsim.events import ActingByLaw, Source, Transition
from orgsim.model import Route
from orgsim.render import MARKER, report, write_report, write_run_output

SOURCES = {
    "nyt-2022-11-12": {
        "title": "Border Chief Resigns",
        "publisher": "The New York Times",
        "date": "2022-11-12",
        "url": "https://example.org/nyt",
    }
}


def transitions() -> list[Transition]:
    """A narrative note, a resignation, and the derived assumption of the acting title."""
    note = narrative(seq=0)
    resign = resignation(seq=1)
    assume = Transition(
        ActingByLaw(
            date=NEXT,
            post="cbp-commissioner",
            person="miller",
            basis="serves as Deputy Commissioner",
            citation="5 U.S.C. 3345(a)(1)",
            route=Route.FIRST_ASSISTANT,
            hypothetical=True,
        ),
        resign.after,
        resign.after,
        cause=resign.index,
        seq=2,
    )
    return [note, resign, assume]


def fake_charts(ts: list[Transition], suffix: str = "svg") -> dict[int, tuple[str, str]]:
    """Chart file names without running Graphviz."""
    return {t.seq: (f"b{t.seq}.{suffix}", f"a{t.seq}.{suffix}") for t in ts}


def test_one_section_per_transition_in_order(tmp_path: Path) -> None:
    """Each transition gets a section "event-<seq>", in replay order, linked from the timeline."""
    ts = transitions()
    page = write_report(
        tmp_path, title="CBP", transitions=ts, charts=fake_charts(ts), sources=SOURCES
    ).read_text(encoding="utf-8")
    ids = re.findall(r'<section id="(event-\d+)"', page)
    assert ids == ["event-0", "event-1", "event-2"]
    for anchor in ids:
        assert f'href="#{anchor}"' in page
    assert "Chris Magnus resigns as Commissioner of CBP" in page


def test_badges_sources_changes_and_findings_are_shown(tmp_path: Path) -> None:
    """Assumed and hypothetical events are badged; quotes, citations, changes, findings appear."""
    ts = transitions()
    page = write_report(
        tmp_path, title="CBP", transitions=ts, charts=fake_charts(ts), sources=SOURCES
    ).read_text(encoding="utf-8")
    third = page[page.index('<section id="event-2"') :]
    assert "assumed: by operation of law; not reported" in third and "hypothetical" in third
    assert 'href="#event-1">follows from event 1' in third
    second = page[page.index('<section id="event-1"') : page.index('<section id="event-2"')]
    assert "<blockquote>Magnus said he would not resign.</blockquote>" in second
    assert '<a href="https://example.org/nyt"' in second
    assert "Border Chief Resigns, The New York Times, 2022-11-12" in second
    assert "Troy Miller takes up the post of Commissioner of CBP (acting)" in second
    assert '<li class="info"><span class="level">info</span>' in second
    assert "[5 U.S.C. 3345(a)(1)]" in second


def test_unknown_source_ref_is_shown_as_written(tmp_path: Path) -> None:
    """A ref missing from the sources table is cited by the ref itself."""
    t = resignation(ref="memo-17")
    page = write_report(
        tmp_path, title="x", transitions=[t], charts=fake_charts([t]), sources={}
    ).read_text(encoding="utf-8")
    assert "Source: memo-17" in page


def test_checks_are_listed_as_passed_or_failed(tmp_path: Path) -> None:
    """The results box counts and lists each expectation with its outcome."""
    page = write_report(
        tmp_path,
        title="x",
        transitions=[],
        charts={},
        sources={},
        checks=[("Miller acting on 2022-11-13", True), ("Magnus gone", False)],
        summary="A short summary.",
    ).read_text(encoding="utf-8")
    assert "1 of 2 checks passed" in page
    assert '<li class="pass">Miller acting on 2022-11-13</li>' in page
    assert '<li class="fail">Magnus gone</li>' in page
    assert "A short summary." in page


def test_user_text_cannot_inject_markup_or_scripts(tmp_path: Path) -> None:
    """Scenario text is escaped everywhere; the only <script> is the report's own."""
    evil = '<script>alert("x")</script>'
    t = resignation()
    state = with_name(t.before, "magnus", evil)
    t = attrs.evolve(
        t,
        before=state,
        event=attrs.evolve(t.event, source=Source(ref="evil", quote=evil), note=evil),
    )
    sources = {"evil": {"title": evil, "url": "javascript:alert(1)"}}
    page = write_report(
        tmp_path,
        title=evil,
        transitions=[t, narrative(seq=5, text=evil)],
        charts=fake_charts([t]),
        sources=sources,
        checks=[(evil, False)],
        summary=evil,
    ).read_text(encoding="utf-8")
    assert page.count("<script>") == 1
    assert "data-images-loaded" in page  # the report's own script, which the browser test reads
    assert "alert(&#34;x&#34;)" in page or "alert(&quot;x&quot;)" in page
    assert "javascript:" not in page


def test_report_needs_no_network(tmp_path: Path) -> None:
    """No stylesheet, script or image is loaded from anywhere but the folder itself."""
    ts = transitions()
    page = write_report(
        tmp_path, title="x", transitions=ts, charts=fake_charts(ts), sources=SOURCES
    ).read_text(encoding="utf-8")
    assert not re.search(r'(src|href)="(https?:)?//(?!example\.org/nyt)', page)
    assert "<link" not in page


def test_an_event_that_changes_nothing_shows_no_chart(tmp_path: Path) -> None:
    """A narrative event: no chart at all, just "No change to the organisation."."""
    t = narrative(seq=3)
    page = write_report(tmp_path, title="x", transitions=[t], charts={3: ()}, sources={}).read_text(
        encoding="utf-8"
    )
    assert "<img" not in page and "<figure" not in page
    assert "No change to the organisation." in page


def test_pdf_charts_are_links_not_images(tmp_path: Path) -> None:
    """Browsers cannot inline PDF, so pdf (and dot) charts are linked instead."""
    t = resignation()
    page = write_report(
        tmp_path, title="x", transitions=[t], charts=fake_charts([t], "pdf"), sources={}
    ).read_text(encoding="utf-8")
    assert "<img" not in page
    assert '<a href="b1.pdf">Org chart before (2022-11-12).' in page
    assert '<a href="a1.pdf">Org chart after (2022-11-13).' in page


@pytest.mark.exe
def test_run_output_images_point_to_existing_files(tmp_path: Path) -> None:
    """write_run_output renders the charts and every <img> in index.html names a file beside it."""
    out = tmp_path / "out"
    index = write_run_output(out, transitions=transitions(), title="CBP", sources=SOURCES)
    page = index.read_text(encoding="utf-8")
    images = re.findall(r'<img class="chart" src="([^"]+)" alt="([^"]+)"', page)
    assert images
    for name, alt in images:
        assert (out / name).is_file(), name
        assert alt.startswith("Org chart ")
    # The resignation's before, after and change charts, with readable names (date, sequence,
    # event, post); the events that change nothing have none; the atlas is in atlas/.
    names = sorted(p.name for p in out.glob("*.svg"))
    assert len(names) == 3
    for name in names:
        assert re.fullmatch(r"\d{4}-\d\d-\d\d-\d{3}-[a-z0-9-]+-(before|after|change)\.svg", name)
    assert [p.name for p in (out / "atlas").iterdir()] == ["atlas.svg"]
    assert "What changed" in page
    assert "Changes: Chris Magnus leaves the post of Commissioner of CBP" in page


def test_run_output_replaces_an_earlier_report_and_leaves_no_temporaries(tmp_path: Path) -> None:
    """A second run swaps in a fresh folder; no temporary or backup folders remain."""
    out = tmp_path / "out"
    write_run_output(out, transitions=transitions(), title="first", sources={}, fmt="dot")
    index = write_run_output(out, transitions=transitions(), title="second", sources={}, fmt="dot")
    assert index == out / "index.html"
    assert "second" in index.read_text(encoding="utf-8")
    assert (out / MARKER).is_file()
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


@pytest.mark.parametrize("name", ["notes.txt", "cbp-2022.yaml", "chart-0123456789ab.svg"])
def test_run_output_refuses_a_report_folder_holding_a_file_the_report_did_not_write(
    tmp_path: Path, name: str
) -> None:
    """A file added to an earlier report (the scenario itself, say) is never deleted with it:
    the run is refused, naming the file, and the folder is left as it was."""
    out = tmp_path / "out"
    write_run_output(out, transitions=transitions(), title="first", sources={}, fmt="dot")
    (out / name).write_text("mine", encoding="utf-8")
    before = sorted(p.relative_to(out).as_posix() for p in out.rglob("*"))
    with pytest.raises(RenderError, match=f"holds {name}, which orgsim's report did not write"):
        write_run_output(out, transitions=transitions(), title="second", sources={}, fmt="dot")
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == before
    assert (out / name).read_text(encoding="utf-8") == "mine"


def test_failed_run_leaves_the_old_output_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When rendering fails, the previous report is still there and the temporary is gone."""
    out = tmp_path / "out"
    write_run_output(out, transitions=transitions(), title="first", sources={}, fmt="dot")
    before = sorted(p.name for p in out.iterdir())

    def broken(*args: object, **kwargs: object) -> dict[str, str]:
        raise RenderError("chart-x.svg: dot failed: boom")

    monkeypatch.setattr(report, "render_charts", broken)
    with pytest.raises(RenderError, match="boom"):
        write_run_output(out, transitions=transitions(), title="second", sources={})
    assert sorted(p.name for p in out.iterdir()) == before
    assert "first" in (out / "index.html").read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_refuses_to_replace_a_folder_orgsim_did_not_write(tmp_path: Path) -> None:
    """A non-empty folder without the report marker is never replaced (it may be someone's work)."""
    out = tmp_path / "precious"
    out.mkdir()
    (out / "thesis.tex").write_text("years of work", encoding="utf-8")
    with pytest.raises(RenderError, match="refusing"):
        write_run_output(out, transitions=transitions(), title="x", sources={}, fmt="dot")
    assert (out / "thesis.tex").read_text(encoding="utf-8") == "years of work"
    assert [p.name for p in tmp_path.iterdir()] == ["precious"]
