"""Claims: a quote keeps its hedge (a cue such as "reportedly" or "could" is not coded as plainly stated, a
relayed claim not as the outlet's own), is a whole sentence or clause of its article, names what its row
is about (the resource's `x-quote-names`), and prints the fields marked `x-printed` word for word."""

from __future__ import annotations

from tarifftalks.errors import FactError
from tarifftalks.facts.checks.base import Context, register
from tarifftalks.facts.clauses import clause_problem, names_in_quote
from tarifftalks.facts.hedges import OWN_REPORTING, PLAIN, cues_in, relayed_cues
from tarifftalks.facts.schema import resource
from tarifftalks.facts.text import normalize_ws

HEDGED = (
    "the quote hedges its claim ({cue!r}), so it cannot be coded as plainly stated; code how firmly it is made "
    "(reported, expected, scheduled, willing, floated, possible, advised, suggested)"
)
RELAYED = (
    "the quote relays the claim ({cue!r}), so it is not the article's own reporting; code who asserts it "
    "(media_reports, unnamed_official, unattributed, analyst, ...)"
)


@register()
def hedges_kept(ctx: Context) -> list[FactError]:
    facts, problems = ctx.facts, []
    for name in facts.fact_tables:
        table = facts[name]
        if "certainty" not in table.columns:
            continue
        for row, r in table.iterrows():
            cues = [c.name for c in cues_in(r["quote"])]
            if cues and r["certainty"] == PLAIN:
                problems.append(FactError(facts.label(name), HEDGED.format(cue=cues[0]), row, "certainty"))
            relayed = [c.name for c in relayed_cues(r["quote"])]
            if relayed and r["attribution"] == OWN_REPORTING:
                problems.append(FactError(facts.label(name), RELAYED.format(cue=relayed[0]), row, "attribution"))
    return problems


@register(needs_articles=True)
def whole_clauses(ctx: Context) -> list[FactError]:
    """Every quote is a whole sentence or clause of its article, so that it carries the row's claim."""
    facts, problems = ctx.facts, []
    for name in facts.fact_tables:
        for row, r in facts[name].iterrows():
            sid = r["source_id"]
            problem = clause_problem(r["quote"], ctx.texts[sid], *ctx.lines[sid]) if sid in ctx.texts else None
            if problem:
                problems.append(FactError(facts.label(name), problem, row, "quote"))
    return problems


@register()
def quotes_name_their_subject(ctx: Context) -> list[FactError]:
    """A quote names what its row measures: a word of the naming fields, or one of the table's terms."""
    facts, problems = ctx.facts, []
    for name in facts.fact_tables:
        rule = resource(facts.package, name).get("x-quote-names")
        if not rule:
            continue
        fields, terms = rule.get("fields", []), rule.get("terms", [])
        wanted = " or ".join([f"a word of {'/'.join(fields)}"] * bool(fields) + [f"one of {terms}"] * bool(terms))
        for row, r in facts[name].iterrows():
            if not names_in_quote(r["quote"], [r[f] for f in fields if isinstance(r[f], str)], terms):
                message = f"the quote does not name what the row is about ({wanted})"
                problems.append(FactError(facts.label(name), message, row, "quote"))
    return problems


@register()
def printed_as_in_quote(ctx: Context) -> list[FactError]:
    """Fields marked x-printed (a person's role, organisation) are printed in the row's quote, word for word."""
    facts, problems = ctx.facts, []
    for name in facts.fact_tables:
        fields = [f["name"] for f in resource(facts.package, name)["schema"]["fields"] if f.get("x-printed")]
        for row, r in facts[name].iterrows():
            quote = normalize_ws(r["quote"]).lower()
            for fname in fields:
                if isinstance(r[fname], str) and normalize_ws(r[fname]).lower() not in quote:
                    message = f"{r[fname]!r} is not printed in the quote; code it as printed"
                    problems.append(FactError(facts.label(name), message, row, fname))
    return problems
