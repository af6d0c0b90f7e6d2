"""Events (one frozen class per kind), their description in words, and transitions."""

from orgsim.events.catalogue import *  # noqa: F403 -- the catalogue defines __all__
from orgsim.events.catalogue import __all__ as _catalogue_all
from orgsim.events.describe import describe, describe_legal
from orgsim.events.transition import Transition

__all__ = [*_catalogue_all, "Transition", "describe", "describe_legal"]
