"""The project's own error types: each names where the problem is and what was expected."""

from __future__ import annotations


class ReportError(Exception):
    """Base class: any error the report pipeline stops on with a clear message."""


class FactError(ReportError):
    """Bad input in data/ or seeds/: names the file, the row (as a CSV line number) and the field."""

    def __init__(self, file: str, message: str, row: int | None = None, field: str | None = None):
        self.file = file
        self.row = row
        self.field = field
        self.detail = message
        where = str(file)
        if row is not None:
            where += f", row {row}"
        if field is not None:
            where += f", field '{field}'"
        super().__init__(f"{where}: {message}")

    def __reduce__(self):  # pickled (to or from another process) with its parts, not its message alone
        return (FactError, (self.file, self.detail, self.row, self.field))


class FactErrors(FactError):
    """Several FactErrors found in one pass, each once (in the order found). The message is the first
    problem with the count of the others, on one line; `make validate` lists them all."""

    def __init__(self, errors: list[FactError]):
        found: dict[tuple, FactError] = {}
        for error in errors:
            for e in error.errors if isinstance(error, FactErrors) else [error]:
                found.setdefault((e.file, e.row, e.field, e.detail), e)
        self.errors = list(found.values())
        first = self.errors[0]
        super().__init__(first.file, first.detail, first.row, first.field)
        self.first = str(first)
        self.more = len(self.errors) - 1
        self.args = (
            self.first
            + (f" (and {self.more} more {problems(self.more)}: `make validate` lists them all)" if self.more else ""),
        )

    def __str__(self) -> str:
        return self.args[0]

    def __reduce__(self):
        return (FactErrors, (self.errors,))


def problems(n: int) -> str:
    return "problem" if n == 1 else "problems"


class ParameterError(ReportError):
    """A bad report parameter: names the parameter, the value and what was expected."""

    def __init__(self, name: str, value: object, expected: str):
        self.name = name
        self.value = value
        super().__init__(f"parameter {name}={value!r}: expected {expected}")
