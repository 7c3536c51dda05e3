"""Generated fact bases: articles written from templates, with the rows a reviewer would code for them.

`fact_bases()` is a hypothesis strategy of whole fact bases: invented countries (the two sides of the
talks drawn anew, so nothing can be fitted to the shipped ones), several articles over time, tariffs whose
rates and statuses change (rates announced to take effect on a later date, which a later rate may replace;
ceilings), events scheduled and later held, cancelled, postponed or moved to a new date, agreements of the
sides, figures with and without a period (some printed with a bound: about, as much as, more than),
positions tied to an event after which they are past or settled by a later agreement, trade figures two
articles give differently for the same year. `write(base, folder)` writes data/ and seeds/ for the loader and validator.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
COUNTRIES = ["Ruritania", "Freedonia", "Elbonia", "Genovia", "Latveria", "Sokovia", "Zubrowka", "Qumar", "Borduria"]
SECTORS = ["autos", "steel", "chips", "lumber", "rice", "ships"]
RATES = [10, 15, 20, 24, 25, 30, 50]
OFFICIALS = ["Ana Diaz", "Lars Berg", "Mira Kos", "Teo Vance", "Ines Roa"]


def day_text(d: dt.date) -> str:
    return f"{d:%B} {d.day}, {d.year}"


@dataclass
class Base:
    """A fact base: the two sides, the comparator, the articles (texts) and the rows per table."""

    sides: tuple[str, str]
    comparator: str
    articles: list[dict] = field(default_factory=list)  # source_id, date, sentences
    rows: dict[str, list[dict]] = field(default_factory=dict)

    def add(self, table: str, **row) -> None:
        self.rows.setdefault(table, []).append(row)


CLAIM = {"attribution": "article", "attributed_to": "", "certainty": "stated", "prominence": "body"}


def generate(d, max_articles: int = 6, n_articles: int | None = None, max_gap: int = 25) -> Base:
    """A fact base from a source of choices `d` (hypothesis's draws, or a seeded random generator)."""
    names = d.shuffle(COUNTRIES)
    focus, counterpart, comparator, other = names[:4]
    base = Base((focus, counterpart), comparator)
    n = n_articles or d.integer(1, max_articles)
    gaps = [d.integer(0, max_gap) for _ in range(n)]
    start = dt.date(2025, 1, 6)
    dates = [start + dt.timedelta(days=sum(gaps[: i + 1])) for i in range(n)]
    measures = [(focus, s) for s in SECTORS[:3]] + [
        (comparator, SECTORS[0]),
        ("all countries", SECTORS[1]),
        (other, SECTORS[2]),
    ]
    talks = [f"round-{k}" for k in range(3)]
    keys_so_far: set[str] = set()
    for i, day in enumerate(dates):
        sid = f"t{i:03d}"
        sentences: list[str] = []
        keys_here: set[str] = set()  # one article, one report of each event
        kinds = d.some(["tariff", "tariff", "event", "figure", "position", "balance", "person"], 1, 5)
        for j, kind in enumerate(kinds):
            rid = f"{sid}_{j}"
            if kind == "tariff":
                applies_to, sector = d.pick(measures)
                rate = d.pick(RATES)
                status = d.pick(["in_effect", "announced", "paused", "due", "ceiling"])
                whom = "all countries" if applies_to == "all countries" else applies_to
                if status == "in_effect":
                    text = f"{counterpart} applies a {rate} percent tariff on {sector} from {whom}."
                    extra = {}
                elif status == "announced":
                    text = (
                        f"On {day_text(day)}, {counterpart} announced a {rate} percent tariff on {sector} from {whom}."
                    )
                    extra = {"announced": day.isoformat(), "announced_precision": "day"}
                elif status == "due":  # a rate announced to take effect on a later date, which a later rate may replace
                    due = day + dt.timedelta(days=d.integer(5, 40))
                    text = (
                        f"On {day_text(day)}, {counterpart} announced a {rate} percent tariff on {sector} from {whom}, "
                        f"to take effect on {day_text(due)}."
                    )
                    status = "announced"
                    extra = {"announced": day.isoformat(), "announced_precision": "day", "effective": due.isoformat(),
                             "effective_precision": "day"}  # fmt: skip
                elif status == "ceiling":  # a cap, not a rate
                    text = f"On {day_text(day)}, {counterpart} said any tariff on {sector} from {whom} will not exceed {rate} percent."
                    status = "announced"
                    extra = {"announced": day.isoformat(), "announced_precision": "day", "bound": "at most"}
                else:
                    days = d.pick([30, 60, 90])
                    text = f"{counterpart} paused its {rate} percent tariff on {sector} from {whom} for {days} days."
                    extra = {"pause_days": str(days)}
                sentences.append(text)
                base.add("tariffs", tariff_id=f"t_{rid}", source_id=sid, imposed_by=counterpart, applies_to=applies_to, sector=sector,
                         kind="sectoral", rate_pct=str(rate), status=status, quote=text, **extra, **CLAIM)  # fmt: skip
            elif kind == "event":
                parties = d.pick([(focus, counterpart), (counterpart, comparator)])
                key = f"{d.pick(talks)}-{parties[0].lower()}-{parties[1].lower()}"
                status = d.pick(["happened", "scheduled", "cancelled", "postponed", "moved", "agreement"])
                key = f"deal-{key}" if status == "agreement" else key
                if key in keys_here:
                    continue
                keys_here.add(key)
                when = day + dt.timedelta(days=d.integer(-10, 30))
                a, b = parties
                if status == "agreement":  # an agreement of the two parties, held: it settles earlier positions
                    when = day - dt.timedelta(days=d.integer(0, 10))
                new = when + dt.timedelta(days=d.integer(3, 30))
                text = {
                    "happened": f"Officials of {a} and {b} held trade talks on {day_text(when)}.",
                    "scheduled": f"Officials of {a} and {b} will hold trade talks on {day_text(when)}.",
                    "cancelled": f"Trade talks between {a} and {b} set for {day_text(when)} were cancelled.",
                    "postponed": f"Trade talks between {a} and {b} set for {day_text(when)} were postponed.",
                    "moved": f"Trade talks between {a} and {b} set for {day_text(when)} were postponed to {day_text(new)}.",
                    "agreement": f"Officials of {a} and {b} signed a trade agreement on {day_text(when)}.",
                }[status]
                sentences.append(text)
                # a move is two rows: postponed from the old date, scheduled on the new one
                reports = [("postponed", when), ("scheduled", new)] if status == "moved" else [(status, when)]
                for n, (said, on) in enumerate(reports):
                    base.add("events", event_id=f"e_{rid}" + ("_new" if n else ""), event_key=key, source_id=sid,
                             date_start=on.isoformat(), date_end=on.isoformat(), date_precision="day",
                             event_type="agreement" if said == "agreement" else "meeting",
                             status="happened" if said == "agreement" else said,
                             description=f"{'Trade agreement' if said == 'agreement' else 'Trade talks'} of {a} and {b}",
                             location="", participants="", parties=f"{a};{b}", date_basis="", quote=text,
                             **(CLAIM | {"certainty": "scheduled" if said == "scheduled" else "stated"}))  # fmt: skip
            elif kind == "figure":
                value = d.pick([12, 35, 100, 150, 350])
                shape = d.pick(["period", "none", "per"])
                year = day.year - 1
                bound = d.pick(["", "", "about", "at most", "more than"]) if shape == "period" else ""
                printed = {"": "", "about": "about ", "at most": "as much as ", "more than": "more than "}[bound]
                text = {
                    "period": f"{focus} exported {printed}{value} billion dollars of goods to {counterpart} in {year}.",
                    "none": f"{focus} pledged {value} billion dollars of investment in {counterpart}.",
                    "per": f"{focus} pledged {value} billion dollars a year of investment in {counterpart}.",
                }[shape]
                sentences.append(text)
                period = {"year_start": str(year), "year_end": str(year)} if shape == "period" else {}
                base.add("figures", figure_id=f"f_{rid}", source_id=sid, subject=f"{focus} {'exports' if shape == 'period' else 'investment'}",
                         measure="exports of goods" if shape == "period" else "investment pledged", value=str(value), unit="billion",
                         currency="USD", per="year" if shape == "per" else "", note=text.rstrip("."), quote=text, bound=bound,
                         **period, **CLAIM | {"prominence": d.pick(["headline", "body", "background", "appendix"])})  # fmt: skip
            elif kind == "position":
                official = d.pick(OFFICIALS)
                sector = d.pick(SECTORS)
                past = d.flag()
                text = f"{official} said {focus} wants lower tariffs on its {sector} exports."
                sentences.append(text)
                known = sorted(keys_so_far | keys_here)
                until = d.pick(known) if past and known else ""
                base.add("positions", position_id=f"pos_{rid}", claim_key="", source_id=sid, actor=focus, addressed_to=counterpart,
                         kind="demand", topic="tariffs", security_linked="false", speaker=official,
                         statement=f"Lower tariffs on its {sector} exports", until_event=until, quote=text,
                         **CLAIM | {"attribution": "named_official", "attributed_to": official})  # fmt: skip
            elif kind == "balance":
                value = d.pick([40.5, 41.2, 55.6, 60])
                year = 2024
                text = f"{focus} recorded a surplus of US${value:g} billion with {counterpart} in {year}."
                sentences.append(text)
                base.add("trade_balance", balance_id=f"tb_{rid}", source_id=sid, reporter=focus, partner=counterpart, measure="surplus",
                         year=str(year), compared_to_year="", value=f"{value:g}", currency="USD", unit="billion", data_cited="",
                         qualifier="", date_basis="", quote=text, **CLAIM | {"prominence": "headline"})  # fmt: skip
            else:
                official = d.pick(OFFICIALS)
                side = d.pick([focus, counterpart, comparator])
                text = f"Trade Minister {official} of {side} led the delegation to the talks."
                sentences.append(text)
                base.add("people", person_row_id=f"p_{rid}", source_id=sid, name=official, side=side, role="Trade Minister",
                         organisation="", talks_role="negotiator", quote=text)  # fmt: skip
        keys_so_far |= keys_here
        base.articles.append({"source_id": sid, "date": day, "sentences": sentences})
    # a constraint tied to an election of the focus side, stated by the first article
    first = base.articles[0]
    election = first["date"] + dt.timedelta(days=d.integer(5, 60))
    text = f"{focus} will hold a presidential election on {day_text(election)}."
    first["sentences"].append(text)
    base.add("events", event_id="e_election", event_key="focus-election", source_id=first["source_id"], date_start=election.isoformat(),
             date_end=election.isoformat(), date_precision="day", event_type="election", status="scheduled",
             description=f"Presidential election in {focus}", location="", participants="", parties=focus, date_basis="",
             quote=text, **CLAIM | {"certainty": "scheduled", "prominence": "headline"})  # fmt: skip
    text = f"The coming election limits the room of {focus} in the talks."
    first["sentences"].append(text)
    base.add("positions", position_id="pos_constraint", claim_key="", source_id=first["source_id"], actor=focus, addressed_to=counterpart,
             kind="constraint", topic="domestic politics", security_linked="false", speaker="",
             statement="The coming election limits its room in the talks", until_event="focus-election", quote=text, **CLAIM)  # fmt: skip
    return base


class HypothesisChoices:
    """The generator's choices drawn by hypothesis (so failures shrink)."""

    def __init__(self, draw):
        self.draw = draw

    def pick(self, options):
        return self.draw(st.sampled_from(list(options)))

    def integer(self, low: int, high: int) -> int:
        return self.draw(st.integers(low, high))

    def flag(self) -> bool:
        return self.draw(st.booleans())

    def shuffle(self, options):
        return self.draw(st.permutations(list(options)))

    def some(self, options, low: int, high: int) -> list:
        return self.draw(st.lists(st.sampled_from(list(options)), min_size=low, max_size=high))


class SeededChoices(HypothesisChoices):
    """The same choices from a seeded random generator: a reproducible base of any size, for scale runs."""

    def __init__(self, seed: int):
        import random

        self.rng = random.Random(seed)

    def pick(self, options):
        return self.rng.choice(list(options))

    def integer(self, low: int, high: int) -> int:
        return self.rng.randint(low, high)

    def flag(self) -> bool:
        return self.rng.random() < 0.5

    def shuffle(self, options):
        return self.rng.sample(list(options), len(options))

    def some(self, options, low: int, high: int) -> list:
        return [self.rng.choice(list(options)) for _ in range(self.rng.randint(low, high))]


@st.composite
def fact_bases(draw, max_articles: int = 6) -> Base:
    """Whole fact bases, drawn by hypothesis."""
    return generate(HypothesisChoices(draw), max_articles)


def seeded_base(n_articles: int, seed: int = 0) -> Base:
    """A fact base of n distinct articles, the same for the same seed."""
    return generate(SeededChoices(seed), n_articles=n_articles, max_gap=max(1, 600 // n_articles))


def write(base: Base, folder: Path) -> tuple[Path, Path]:
    """data/ (the shipped schema with this base's subject) and seeds/ for the generated articles."""
    data, seeds = folder / "data", folder / "seeds"
    if folder.exists():
        shutil.rmtree(folder)
    data.mkdir(parents=True)
    seeds.mkdir()
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    package["x-subject"]["sides"] = list(base.sides)
    (data / "datapackage.json").write_text(json.dumps(package, indent=2), encoding="utf-8")
    sources = []
    for art in base.articles:
        name = f"{art['source_id']}.txt"
        text = f"{day_text(art['date'])}\n\nTest Wire (written for tests)\n\n" + "\n\n".join(art["sentences"]) + "\n"
        (seeds / name).write_text(text, encoding="utf-8")
        digest = hashlib.sha256(text.encode()).hexdigest()
        sources.append(dict(source_id=art["source_id"], file=name, sha256=digest, outlet="Test Wire", byline="Test Wire",
                            published=art["date"].isoformat(), published_earliest=art["date"].isoformat(), headline="",
                            label=f"Test article {art['source_id']}", date_basis="Printed.", outlet_basis="Printed."))  # fmt: skip
    rows = dict(base.rows, sources=sources)
    for res in package["resources"]:
        columns = [f["name"] for f in res["schema"]["fields"]]
        with open(data / res["path"], "w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, columns, lineterminator="\n")
            writer.writeheader()
            for row in rows.get(res["name"], []):
                writer.writerow({c: row.get(c, "") for c in columns})
    return data, seeds


# ---------------------------------------------------------------- the notebook, run in this process


def run_report(params: dict) -> tuple[str, list]:
    """Run the report notebook's code cells here (no kernel, no papermill), all of them as papermill does
    (the shared report leaves some out afterwards): every table the notebook shows
    as its Markdown cells, every prose cell, and the figures it displays. Returns (text, figures)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    import tarifftalks.present.tables as tables

    shown: list[str] = []
    figures: list = []

    def show(frame, **_kw):
        shown.append(" | ".join(map(str, frame.columns)))
        shown.extend(" | ".join(map(str, row)) for row in frame.to_numpy())

    def say(markdown):
        shown.append(str(markdown or ""))

    def display(*objs, **_kw):
        for obj in objs:
            if isinstance(obj, Figure):
                figures.append(obj)

    nb = json.loads((ROOT / "notebooks" / "report.ipynb").read_text(encoding="utf-8"))
    ns: dict = {"display": display}
    real = tables.show, tables.say
    tables.show, tables.say = show, say  # what the notebook imports
    try:
        run_cells(nb, ns, params, display)
    finally:
        tables.show, tables.say = real
    return "\n".join(shown), figures


def run_cells(nb: dict, ns: dict, params: dict, display) -> None:
    import ast

    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        if "parameters" in cell["metadata"].get("tags", []):
            exec(source, ns)
            ns.update(params)
            continue
        tree = ast.parse(source)
        last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
        exec(compile(tree, "<cell>", "exec"), ns)
        if last is not None:
            display(eval(compile(ast.Expression(last.value), "<cell>", "eval"), ns))


def figure_text(fig) -> str:
    """The words of a chart a reader reads: titles, labels, notes and bar labels (not the axis ticks)."""
    parts = [t.get_text() for t in fig.texts]
    for ax in fig.axes:
        parts += [ax.get_title(loc) for loc in ("left", "center", "right")] + [ax.get_xlabel(), ax.get_ylabel()]
        parts += [t.get_text() for t in ax.texts]
    return "\n".join(p for p in parts if p)
