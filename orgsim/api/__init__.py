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
"""

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
from orgsim.api.tools import bench, synth
from orgsim.engine import Check, History, Holding, Succession
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
