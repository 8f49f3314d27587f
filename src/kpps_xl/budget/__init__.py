"""BPJS coverage budget: schemes, roles, computation and the budget workbook."""

from kpps_xl.budget.model import BodySummary, Budget, BudgetLine

__all__ = ["BodySummary", "Budget", "BudgetLine"]
