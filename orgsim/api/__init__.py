"""The library's front door: everything the `orgsim` command does, as functions for scripts
and notebooks (the command itself imports nothing else).

>>> import orgsim
>>> history = orgsim.replay("scenarios/cbp-2022.yaml")
>>> history
<History 'CBP, November 2022: Commissioner Magnus…' 11 transitions 2022-11-09..2024-03-01>
>>> orgsim.who(history, "cbp-commissioner", "2022-11-13").holder
'troy-miller'
>>> orgsim.who(history, "Commissioner of U.S. Customs and Border Protection", "2022-11-13").name
'Troy Miller'
>>> history.state_at("2022-11-13")
<State 2022-11-13: 8 posts (1 vacant), 6 people>

Posts and people are named by id, or by a title or name only one of them matches. A text that
names none raises UnknownPost or UnknownPerson (both KeyErrors, and OrgsimErrors), which says
what was meant when it can:

>>> orgsim.who(history, "troy-miller", "2022-11-13")  # doctest: +ELLIPSIS
Traceback (most recent call last):
  ...
orgsim.errors.UnknownPost: `troy-miller` is a person (Troy Miller, `troy-miller`), not a post; ...

Dates are `datetime.date`s or ISO text ("2022-11-13"). In Jupyter a state or a transition
draws itself (its org chart, or what changed) when Graphviz is installed, and shows a table
otherwise.

The groups, each a module of this package: `answers` (load, replay, who, succession,
timeline, acts), `charts` (chart, diff_chart, post_timeline), `running` (run, prepare_run,
validate), `imports` (import_popolo, import_wikidata, import_csv, export), `listing` (rows)
and `tools` (synth, bench); what-if, diff and depth come from orgsim.explore.

Each name is imported from its module the first time it is used, so that a command loads
only what its answer needs (`orgsim who` loads neither the renderer nor the importers).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from orgsim.api.answers import (
        Source,
        acts,
        load,
        loaded_scenario,
        replay,
        state_at,
        succession,
        timeline,
        who,
    )
    from orgsim.api.charts import (
        MAX_PNG_BOXES,
        ChartPlan,
        chart,
        credit_line,
        diff_chart,
        focus_posts,
        neighbourhood,
        post_timeline,
        require_renderer,
    )
    from orgsim.api.imports import (
        ImportedScenario,
        Warn,
        checked_import,
        export,
        import_csv,
        import_popolo,
        import_wikidata,
        popolo_text,
    )
    from orgsim.api.listing import KINDS as LIST_KINDS
    from orgsim.api.listing import rows as list_rows
    from orgsim.api.running import (
        BranchOutcome,
        Report,
        Run,
        Validation,
        prepare_run,
        run,
        sources_of,
        validate,
    )
    from orgsim.api.tools import bench, bench_lines, synth
    from orgsim.engine import Check, History, Holding, Moment, Succession
    from orgsim.errors import (
        ExecutableNotFound,
        InputError,
        OrgsimError,
        OutputError,
        QueryError,
        RenderError,
        RenderTimeout,
        ScenarioError,
        ScenarioErrors,
        Terminated,
        UnknownId,
        UnknownPerson,
        UnknownPost,
        one_line,
    )
    from orgsim.events import Transition, describe, describe_legal
    from orgsim.explore import (
        Depth,
        Diff,
        WhatIf,
        depth_json,
        diff,
        diff_json,
        holder_json,
        succession_depth,
        what_if,
        what_if_json,
    )
    from orgsim.files import write_file
    from orgsim.holders import PostHistory, post_history_json
    from orgsim.interop import FIELDS as CSV_FIELDS
    from orgsim.interop import SHORT_FORMS
    from orgsim.model import Capacity, Lawfulness, Legal, Level, State
    from orgsim.model.lookup import as_date
    from orgsim.render import FORMATS, capacity_words, change_words
    from orgsim.render.atlas import DEFAULT_MAX_BOXES
    from orgsim.render.backend import DEFAULT_DPI, DEFAULT_TIMEOUT
    from orgsim.render.report import ProgressBar
    from orgsim.replays import (
        act_json,
        act_words,
        branch_checks,
        check_expectations,
        event_errors,
        finding_json,
        holding_json,
        horizon,
        lawful_json,
        match_people,
        match_posts,
        replay_branch,
        replay_day,
        replay_scenario,
        require_post,
        resolve_person,
        resolve_post,
        succession_json,
        transition_json,
    )
    from orgsim.scenario import Scenario

__all__ = [
    "CSV_FIELDS",
    "DEFAULT_DPI",
    "DEFAULT_MAX_BOXES",
    "DEFAULT_TIMEOUT",
    "FORMATS",
    "LIST_KINDS",
    "MAX_PNG_BOXES",
    "SHORT_FORMS",
    "BranchOutcome",
    "Capacity",
    "ChartPlan",
    "Check",
    "Depth",
    "Diff",
    "ExecutableNotFound",
    "History",
    "Holding",
    "ImportedScenario",
    "InputError",
    "Lawfulness",
    "Legal",
    "Level",
    "Moment",
    "OrgsimError",
    "OutputError",
    "PostHistory",
    "ProgressBar",
    "QueryError",
    "RenderError",
    "RenderTimeout",
    "Report",
    "Run",
    "Scenario",
    "ScenarioError",
    "ScenarioErrors",
    "Source",
    "State",
    "Succession",
    "Terminated",
    "Transition",
    "UnknownId",
    "UnknownPerson",
    "UnknownPost",
    "Validation",
    "Warn",
    "WhatIf",
    "act_json",
    "act_words",
    "acts",
    "as_date",
    "bench",
    "bench_lines",
    "branch_checks",
    "capacity_words",
    "change_words",
    "chart",
    "check_expectations",
    "checked_import",
    "credit_line",
    "depth_json",
    "describe",
    "describe_legal",
    "diff",
    "diff_chart",
    "diff_json",
    "event_errors",
    "export",
    "finding_json",
    "focus_posts",
    "holder_json",
    "holding_json",
    "horizon",
    "import_csv",
    "import_popolo",
    "import_wikidata",
    "lawful_json",
    "list_rows",
    "load",
    "loaded_scenario",
    "match_people",
    "match_posts",
    "neighbourhood",
    "one_line",
    "popolo_text",
    "post_history_json",
    "post_timeline",
    "prepare_run",
    "replay",
    "replay_branch",
    "replay_day",
    "replay_scenario",
    "require_post",
    "require_renderer",
    "resolve_person",
    "resolve_post",
    "run",
    "sources_of",
    "state_at",
    "succession",
    "succession_depth",
    "succession_json",
    "synth",
    "timeline",
    "transition_json",
    "validate",
    "what_if",
    "what_if_json",
    "who",
    "write_file",
]

# name -> (the module that defines it, its name there)
_HOME: dict[str, tuple[str, str]] = {
    "BranchOutcome": ("orgsim.api.running", "BranchOutcome"),
    "CSV_FIELDS": ("orgsim.interop", "FIELDS"),
    "Capacity": ("orgsim.model", "Capacity"),
    "ChartPlan": ("orgsim.api.charts", "ChartPlan"),
    "Check": ("orgsim.engine", "Check"),
    "DEFAULT_DPI": ("orgsim.render.backend", "DEFAULT_DPI"),
    "DEFAULT_MAX_BOXES": ("orgsim.render.atlas", "DEFAULT_MAX_BOXES"),
    "DEFAULT_TIMEOUT": ("orgsim.render.backend", "DEFAULT_TIMEOUT"),
    "Depth": ("orgsim.explore", "Depth"),
    "Diff": ("orgsim.explore", "Diff"),
    "ExecutableNotFound": ("orgsim.errors", "ExecutableNotFound"),
    "FORMATS": ("orgsim.render", "FORMATS"),
    "History": ("orgsim.engine", "History"),
    "Holding": ("orgsim.engine", "Holding"),
    "ImportedScenario": ("orgsim.api.imports", "ImportedScenario"),
    "InputError": ("orgsim.errors", "InputError"),
    "LIST_KINDS": ("orgsim.api.listing", "KINDS"),
    "Lawfulness": ("orgsim.model", "Lawfulness"),
    "Legal": ("orgsim.model", "Legal"),
    "Level": ("orgsim.model", "Level"),
    "MAX_PNG_BOXES": ("orgsim.api.charts", "MAX_PNG_BOXES"),
    "Moment": ("orgsim.engine", "Moment"),
    "OrgsimError": ("orgsim.errors", "OrgsimError"),
    "OutputError": ("orgsim.errors", "OutputError"),
    "PostHistory": ("orgsim.holders", "PostHistory"),
    "ProgressBar": ("orgsim.render.report", "ProgressBar"),
    "QueryError": ("orgsim.errors", "QueryError"),
    "RenderError": ("orgsim.errors", "RenderError"),
    "RenderTimeout": ("orgsim.errors", "RenderTimeout"),
    "Report": ("orgsim.api.running", "Report"),
    "Run": ("orgsim.api.running", "Run"),
    "SHORT_FORMS": ("orgsim.interop", "SHORT_FORMS"),
    "Scenario": ("orgsim.scenario", "Scenario"),
    "ScenarioError": ("orgsim.errors", "ScenarioError"),
    "ScenarioErrors": ("orgsim.errors", "ScenarioErrors"),
    "Source": ("orgsim.api.answers", "Source"),
    "State": ("orgsim.model", "State"),
    "Succession": ("orgsim.engine", "Succession"),
    "Terminated": ("orgsim.errors", "Terminated"),
    "Transition": ("orgsim.events", "Transition"),
    "UnknownId": ("orgsim.errors", "UnknownId"),
    "UnknownPerson": ("orgsim.errors", "UnknownPerson"),
    "UnknownPost": ("orgsim.errors", "UnknownPost"),
    "Validation": ("orgsim.api.running", "Validation"),
    "Warn": ("orgsim.api.imports", "Warn"),
    "WhatIf": ("orgsim.explore", "WhatIf"),
    "act_json": ("orgsim.replays", "act_json"),
    "act_words": ("orgsim.replays", "act_words"),
    "acts": ("orgsim.api.answers", "acts"),
    "as_date": ("orgsim.model.lookup", "as_date"),
    "bench": ("orgsim.api.tools", "bench"),
    "bench_lines": ("orgsim.api.tools", "bench_lines"),
    "branch_checks": ("orgsim.replays", "branch_checks"),
    "capacity_words": ("orgsim.render", "capacity_words"),
    "change_words": ("orgsim.render", "change_words"),
    "chart": ("orgsim.api.charts", "chart"),
    "check_expectations": ("orgsim.replays", "check_expectations"),
    "checked_import": ("orgsim.api.imports", "checked_import"),
    "credit_line": ("orgsim.api.charts", "credit_line"),
    "depth_json": ("orgsim.explore", "depth_json"),
    "describe": ("orgsim.events", "describe"),
    "describe_legal": ("orgsim.events", "describe_legal"),
    "diff": ("orgsim.explore", "diff"),
    "diff_chart": ("orgsim.api.charts", "diff_chart"),
    "diff_json": ("orgsim.explore", "diff_json"),
    "event_errors": ("orgsim.replays", "event_errors"),
    "export": ("orgsim.api.imports", "export"),
    "finding_json": ("orgsim.replays", "finding_json"),
    "focus_posts": ("orgsim.api.charts", "focus_posts"),
    "holder_json": ("orgsim.explore", "holder_json"),
    "holding_json": ("orgsim.replays", "holding_json"),
    "horizon": ("orgsim.replays", "horizon"),
    "import_csv": ("orgsim.api.imports", "import_csv"),
    "import_popolo": ("orgsim.api.imports", "import_popolo"),
    "import_wikidata": ("orgsim.api.imports", "import_wikidata"),
    "lawful_json": ("orgsim.replays", "lawful_json"),
    "list_rows": ("orgsim.api.listing", "rows"),
    "load": ("orgsim.api.answers", "load"),
    "loaded_scenario": ("orgsim.api.answers", "loaded_scenario"),
    "match_people": ("orgsim.replays", "match_people"),
    "match_posts": ("orgsim.replays", "match_posts"),
    "neighbourhood": ("orgsim.api.charts", "neighbourhood"),
    "one_line": ("orgsim.errors", "one_line"),
    "popolo_text": ("orgsim.api.imports", "popolo_text"),
    "post_history_json": ("orgsim.holders", "post_history_json"),
    "post_timeline": ("orgsim.api.charts", "post_timeline"),
    "prepare_run": ("orgsim.api.running", "prepare_run"),
    "replay": ("orgsim.api.answers", "replay"),
    "replay_branch": ("orgsim.replays", "replay_branch"),
    "replay_day": ("orgsim.replays", "replay_day"),
    "replay_scenario": ("orgsim.replays", "replay_scenario"),
    "require_post": ("orgsim.replays", "require_post"),
    "require_renderer": ("orgsim.api.charts", "require_renderer"),
    "resolve_person": ("orgsim.replays", "resolve_person"),
    "resolve_post": ("orgsim.replays", "resolve_post"),
    "run": ("orgsim.api.running", "run"),
    "sources_of": ("orgsim.api.running", "sources_of"),
    "state_at": ("orgsim.api.answers", "state_at"),
    "succession": ("orgsim.api.answers", "succession"),
    "succession_depth": ("orgsim.explore", "succession_depth"),
    "succession_json": ("orgsim.replays", "succession_json"),
    "synth": ("orgsim.api.tools", "synth"),
    "timeline": ("orgsim.api.answers", "timeline"),
    "transition_json": ("orgsim.replays", "transition_json"),
    "validate": ("orgsim.api.running", "validate"),
    "what_if": ("orgsim.explore", "what_if"),
    "what_if_json": ("orgsim.explore", "what_if_json"),
    "who": ("orgsim.api.answers", "who"),
    "write_file": ("orgsim.files", "write_file"),
}


def __getattr__(name: str) -> Any:
    """Import a public name from its module on first use (PEP 562)."""
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home[0]), home[1])
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
