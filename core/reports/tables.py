"""Cells, tables, the sums between them, and the small-number rule that hides what must not be seen.

A builder answers with a ``Report``: ``Table`` objects whose ``Cell`` objects the screen, the charts
and the downloads all read, so what is downloaded is exactly what is shown. A ``Group`` says which
figures add up to which total; ``protect`` uses the groups to hide, for an audience that sees totals
only, every count of fewer than 5 people and whatever figure would give one back.
"""

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.formats import date_format

from core.reports.access import Audience

SMALLEST_SHOWN = 5
FEWER_THAN_5 = "fewer than 5"
NOT_SHOWN = "not shown"


class Kind(enum.StrEnum):
    TEXT = "text"
    COUNT = "count"
    CREDIT = "credit"
    PERCENT = "percent"
    DAYS = "days"
    MONEY = "money"
    DATE = "date"
    # A mean of answers on a scale (1 to 5), to two places.
    SCORE = "score"


NUMERIC = {Kind.COUNT, Kind.CREDIT, Kind.PERCENT, Kind.DAYS, Kind.MONEY, Kind.SCORE}
PEOPLE = {Kind.COUNT, Kind.CREDIT}


@dataclass(eq=False)
class Cell:
    """One figure. Cells are shared between tables that show the same figure, so hiding it hides it everywhere.

    ``depends`` lists the counts a derived figure (a percentage, a median) is worked out from: when
    one of those is hidden, so is this. An ``implicit`` cell is never shown; it stands for a figure
    the table gives away by subtraction (those who stopped at a step), so it can be protected too.
    """

    value: object
    kind: Kind = Kind.TEXT
    depends: tuple = ()
    implicit: bool = False
    hidden: str = ""
    url: str = ""

    @property
    def is_number(self) -> bool:
        return self.kind in NUMERIC

    @property
    def display(self) -> str:
        if self.hidden:
            return self.hidden
        value = self.value
        if value is None:
            # A blank (a date not reached, nothing written) is an empty cell; a figure that cannot
            # be worked out (a share of nothing) is a dash, as it always has been here.
            return "" if self.kind in (Kind.TEXT, Kind.DATE) else "–"
        if self.kind == Kind.COUNT:
            return f"{value:,}"
        if self.kind in (Kind.CREDIT, Kind.MONEY):
            return f"{value:,.2f}"
        if self.kind == Kind.PERCENT:
            return f"{value:.1f}"
        if self.kind == Kind.DAYS:
            return f"{value:,.1f}".removesuffix(".0")
        if self.kind == Kind.DATE:
            return date_format(value, "j M Y")
        if self.kind == Kind.SCORE:
            return f"{value:.2f}"
        return str(value)

    @property
    def export(self):
        """The value a download holds: numbers as numbers, rounded as shown; hidden figures as their words."""
        if self.hidden:
            return self.hidden
        value = self.value
        if value is None:
            return None
        if self.kind == Kind.CREDIT:
            return round(float(value), 2)
        if self.kind in (Kind.PERCENT, Kind.DAYS):
            return round(float(value), 1)
        if self.kind == Kind.SCORE:
            return round(float(value), 2)
        if self.kind == Kind.MONEY:
            return Decimal(value).quantize(Decimal("0.01"))
        return value

    @property
    def chart_value(self) -> float | None:
        if self.hidden or self.value is None or not self.is_number:
            return None
        return float(self.value)


def lower_first(label: str) -> str:
    """``label`` to follow other words in a sentence; proper nouns such as Kindred keep their capital."""
    word, _, rest = label.partition(" ")
    return f"{word.lower() if word != 'Kindred' else word} {rest}".strip()


def text(value: str | None, url: str = "") -> Cell:
    return Cell(value, Kind.TEXT, url=url)


def count(value: int) -> Cell:
    return Cell(int(value), Kind.COUNT)


def percent(part: Cell, whole: Cell) -> Cell:
    value = None
    if isinstance(part.value, int | float) and isinstance(whole.value, int | float) and whole.value:
        value = 100 * part.value / whole.value
    return Cell(value, Kind.PERCENT, depends=(part, whole))


@dataclass(frozen=True)
class Column:
    label: str
    kind: Kind = Kind.COUNT

    @property
    def is_number(self) -> bool:
        return self.kind in NUMERIC


@dataclass
class Table:
    """A table as shown: a caption, columns, body rows and total rows. The first column labels each row."""

    key: str
    caption: str
    columns: list[Column]
    rows: list[list[Cell]] = field(default_factory=list)
    totals: list[list[Cell]] = field(default_factory=list)
    note: str = ""

    @property
    def header(self) -> list[str]:
        return [column.label for column in self.columns]

    def export_rows(self) -> list[list]:
        return [[cell.export for cell in row] for row in [*self.rows, *self.totals]]

    def column(self, label: str) -> list[Cell]:
        index = self.header.index(label)
        return [row[index] for row in self.rows]

    def cell(self, row_label: str, column_label: str) -> Cell:
        index = self.header.index(column_label)
        for row in [*self.rows, *self.totals]:
            if row[0].value == row_label:
                return row[index]
        raise KeyError(row_label)


@dataclass(frozen=True)
class Group:
    """Figures that add up: ``members`` sum to ``total``."""

    members: tuple[Cell, ...]
    total: Cell

    @property
    def cells(self) -> tuple[Cell, ...]:
        return (*self.members, self.total)


@dataclass
class Report:
    audience: Audience
    tables: dict[str, Table]
    groups: list[Group] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    extra: dict = field(default_factory=dict)

    @property
    def protected(self) -> bool:
        return self.audience == Audience.AGGREGATE


def _all_cells(tables: Iterable[Table], groups: Iterable[Group]) -> list[Cell]:
    seen: dict[int, Cell] = {}
    for table in tables:
        for row in [*table.rows, *table.totals]:
            for cell in row:
                seen.setdefault(id(cell), cell)
    for group in groups:
        for cell in group.cells:
            seen.setdefault(id(cell), cell)
    return list(seen.values())


def _derivations(cells: list[Cell], groups: list[Group]) -> dict[int, Group]:
    """Hidden figures someone could work out from the shown ones, and the sum that gives each away.

    Starting from what is shown, any sum with exactly one unknown figure gives that figure; repeat
    until nothing more can be worked out.
    """
    known = {id(cell) for cell in cells if not cell.hidden and not cell.implicit}
    revealed: dict[int, Group] = {}
    changed = True
    while changed:
        changed = False
        for group in groups:
            unknown = [cell for cell in group.cells if id(cell) not in known]
            if len(unknown) == 1:
                known.add(id(unknown[0]))
                revealed[id(unknown[0])] = group
                changed = True
    return revealed


def _chain(cell: Cell, revealed: dict[int, Group]) -> list[Group]:
    """Every sum used to work ``cell`` out, nearest first."""
    chain, queue, seen = [], [cell], set()
    while queue:
        current = queue.pop(0)
        group = revealed.get(id(current))
        if group is None or id(group) in seen:
            continue
        seen.add(id(group))
        chain.append(group)
        queue.extend(other for other in group.cells if other is not current and id(other) in revealed)
    return chain


def protect(tables: Iterable[Table], groups: list[Group]) -> None:
    """Hide small counts for marketing editors, and whatever else would give them away.

    1. Every count of fewer than 5 people (0 included) reads "fewer than 5".
    2. While a hidden small count (or a small difference the tables imply) can be worked out from a
       total and the figures beside it, the smallest shown figure in one of the sums used to do so is
       hidden as well ("not shown"); a total is hidden only when a sum has no other figure left.
    3. Percentages, medians and costs worked out from a hidden figure are "not shown".
    """
    tables = list(tables)
    cells = _all_cells(tables, groups)
    small = {
        id(cell)
        for cell in cells
        if cell.kind in PEOPLE and isinstance(cell.value, int | float) and cell.value < SMALLEST_SHOWN
    }
    for cell in cells:
        if id(cell) in small:
            cell.hidden = FEWER_THAN_5
    for _ in range(len(cells) + 1):
        revealed = _derivations(cells, groups)
        leaks = [cell for cell in cells if id(cell) in small and id(cell) in revealed]
        if not leaks:
            break
        candidates: list[tuple[int, float, Cell]] = []
        for preference, group in enumerate(_chain(leaks[0], revealed)):
            for member in group.members:
                if not member.hidden and not member.implicit:
                    candidates.append((0, float(member.value or 0), preference, member))
            if not group.total.hidden and not group.total.implicit:
                candidates.append((1, float(group.total.value or 0), preference, group.total))
        if not candidates:
            break
        candidates.sort(key=lambda item: item[:3])
        candidates[0][3].hidden = NOT_SHOWN
    changed = True
    while changed:
        changed = False
        for cell in cells:
            if cell.depends and not cell.hidden and any(other.hidden for other in cell.depends):
                cell.hidden = NOT_SHOWN
                changed = True


def add_column_groups(
    groups: list[Group], rows: Sequence[Sequence[Cell]], total: Sequence[Cell], columns
) -> None:
    for index in columns:
        groups.append(Group(tuple(row[index] for row in rows), total[index]))


def how_many(cell: Cell, singular: str, plural: str) -> str:
    """A count in a sentence, as the cell shows it: "1 enquiry", "12 enquiries", "fewer than 5 enquiries"."""
    if cell.hidden:
        return f"{cell.hidden} {plural}"
    number = round(float(cell.value or 0))
    return f"{number:,} {singular if number == 1 else plural}"


def credit(value: float) -> Cell:
    """A share of people credited by an attribution model: protected as a count of people."""
    return Cell(float(value), Kind.CREDIT)


def money(value) -> Cell:
    return Cell(value, Kind.MONEY)


def cost(credit: Cell, value) -> Cell:
    """Spend ÷ credit: hidden with the credit, which it (with the spend beside it) would give away."""
    return Cell(value, Kind.MONEY, depends=(credit,))
