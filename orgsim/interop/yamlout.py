"""Plain scenario data to YAML text, in the order a person would write the file."""

from __future__ import annotations

from typing import Any

import yaml

__all__ = ["dump_scenario"]

_HEADER = "# Written by orgsim from {source}; check it, then add events and expectations.\n"


class _Dumper(yaml.SafeDumper):
    """Safe YAML with lists indented under their key, as the example scenarios are."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)

    def ignore_aliases(self, data: Any) -> bool:
        """Write a repeated value out again: anchors and aliases only puzzle a reader."""
        return True


def dump_scenario(data: dict[str, Any], *, source: str) -> str:
    """The scenario data as YAML, keys in the order given, with a header naming the source."""
    text = yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=False,
    )
    return _HEADER.format(source=source) + text
