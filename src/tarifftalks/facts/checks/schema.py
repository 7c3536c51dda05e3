"""Schema: what data/datapackage.json says of every table beyond types (enumerations, patterns, ranges,
unique ids and keys, safe ids) and every reference between tables (its foreignKeys), by the schema engine."""

from __future__ import annotations

from tarifftalks.errors import FactError
from tarifftalks.facts import schema as engine
from tarifftalks.facts.checks.base import Context, register


@register()
def constraints_and_references(ctx: Context) -> list[FactError]:
    """One problem per cell: a cell breaking a constraint is not reported again as an unknown reference."""
    facts = ctx.facts
    found = []
    for name, table in facts.tables.items():
        found += engine.constraint_errors(table, engine.resource(facts.package, name), facts.label(name))
    found += engine.foreign_key_errors(facts.tables, facts.package, {name: facts.label(name) for name in facts.tables})
    once: dict[tuple, FactError] = {}
    for error in found:
        once.setdefault((error.file, error.row, error.field), error)
    return list(once.values())
