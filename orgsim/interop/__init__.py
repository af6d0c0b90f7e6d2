"""Other formats in and out: Popolo JSON, Wikidata, org-chart CSV, short-form events, YAML.

Sits beside `orgsim.scenario`: it reads and writes plain data and never replays anything.
"""

from orgsim.interop.csvorg import FIELDS, csv_to_scenario, decode_csv
from orgsim.interop.popolo import role_of, to_popolo
from orgsim.interop.popolo_in import from_popolo
from orgsim.interop.reading import Imported
from orgsim.interop.shortform import SHORT_FORMS, departure_events, parse_event
from orgsim.interop.wikidata import from_wikidata
from orgsim.interop.yamlout import dump_scenario

__all__ = [
    "FIELDS",
    "SHORT_FORMS",
    "Imported",
    "csv_to_scenario",
    "decode_csv",
    "departure_events",
    "dump_scenario",
    "from_popolo",
    "from_wikidata",
    "parse_event",
    "role_of",
    "to_popolo",
]
