"""BPJS coverage budget: schemes, roles, computation and the budget workbook."""

from kpps_xl.budget.compute import compute_budget
from kpps_xl.budget.config import BudgetConfig, budget_config
from kpps_xl.budget.model import BodySummary, Budget, BudgetLine, people_count
from kpps_xl.budget.roles import DEFAULT_ROLES, RoleSpec
from kpps_xl.budget.schemes import DEFAULT_SCHEMES, Scheme
from kpps_xl.budget.workbook import write_budget_workbook

__all__ = [
    "DEFAULT_ROLES", "DEFAULT_SCHEMES", "BodySummary", "Budget", "BudgetConfig", "BudgetLine",
    "RoleSpec", "Scheme", "budget_config", "compute_budget", "people_count",
    "write_budget_workbook",
]
