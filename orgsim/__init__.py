"""orgsim: replay who holds which office under the real rules of succession, and chart it.

`import orgsim` gives the library's front door (orgsim.api): `orgsim.load`, `orgsim.replay`,
`orgsim.who`, `orgsim.succession`, `orgsim.chart`, `orgsim.run` and the rest, loaded the
first time one is used so that importing a part of the package stays cheap.

>>> import orgsim
>>> orgsim.who("scenarios/cbp-2022.yaml", "cbp-commissioner", "2022-11-13").name
'Troy Miller'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from orgsim.api import (
        History,
        OrgsimError,
        Scenario,
        ScenarioErrors,
        State,
        Transition,
        UnknownPerson,
        UnknownPost,
        acts,
        chart,
        import_csv,
        import_popolo,
        import_wikidata,
        load,
        replay,
        run,
        state_at,
        succession,
        timeline,
        validate,
        who,
    )

__all__ = [
    "History",
    "OrgsimError",
    "Scenario",
    "ScenarioErrors",
    "State",
    "Transition",
    "UnknownPerson",
    "UnknownPost",
    "__version__",
    "acts",
    "api",
    "chart",
    "import_csv",
    "import_popolo",
    "import_wikidata",
    "load",
    "replay",
    "run",
    "state_at",
    "succession",
    "timeline",
    "validate",
    "who",
]

# What `orgsim.<name>` gives (everything else is in orgsim.api).
_FRONT_DOOR = frozenset(__all__) - {"__version__", "api"}


def __getattr__(name: str) -> Any:
    """The front door's names (and `orgsim.api` itself), imported on first use."""
    if name == "api" or name in _FRONT_DOOR:
        api = importlib.import_module("orgsim.api")
        return api if name == "api" else getattr(api, name)
    raise AttributeError(f"module 'orgsim' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
