"""A benchmark's result: one figure per line, `name value unit`, with an optional budget to compare against."""

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Figure:
    """One measured number; `budget` with `limit` says which side of it is good (DESIGN.md, "Budgets")."""

    name: str
    value: float
    unit: str
    budget: float | None = None
    limit: Literal["max", "min"] = "max"

    def line(self) -> str:
        return f"{self.name} {format_value(self.value)} {self.unit}"

    def budget_line(self) -> str | None:
        """A `#` comment with the ratio to the budget, or None when the figure has no budget."""
        if self.budget is None:
            return None
        ok = self.value <= self.budget if self.limit == "max" else self.value >= self.budget
        sign = "<=" if self.limit == "max" else ">="
        verdict = "ok" if ok else "OVER BUDGET"
        if self.budget == 0:  # a count that must stay zero (oversold seats, server errors) has no ratio
            return f"# budget {self.name} {sign} 0 {self.unit}: {verdict}"
        ratio = self.value / self.budget
        return f"# budget {self.name} {sign} {format_value(self.budget)} {self.unit}: {ratio:.2f} of budget, {verdict}"


def format_value(value: float) -> str:
    """Counts stay integers; small values keep two decimals so a 3.25 ms latency does not read as 3.2."""
    if isinstance(value, int):
        return str(value)
    return f"{value:.2f}" if abs(value) < 10 else f"{value:.1f}"


def note(text: str) -> None:
    """Print a `#` comment line (context, not a figure) so readers and parsers can skip it."""
    print(f"# {text}", flush=True)
