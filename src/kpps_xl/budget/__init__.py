"""BPJS coverage budget: schemes, roles, computation and the budget workbook."""

from __future__ import annotations

from importlib import import_module
from typing import Any

# Public name -> submodule; imported on first use so `kpps-xl --help` stays fast.
_LAZY = {
    "compute_budget": "compute",
    "BudgetConfig": "config", "budget_config": "config",
    "BodySummary": "model", "Budget": "model", "BudgetLine": "model", "people_count": "model",
    "DEFAULT_ROLES": "roles", "RoleSpec": "roles",
    "DEFAULT_SCHEMES": "schemes", "Scheme": "schemes",
    "write_budget_workbook": "workbook",
}

__all__ = [
    "DEFAULT_ROLES", "DEFAULT_SCHEMES", "BodySummary", "Budget", "BudgetConfig", "BudgetLine",
    "RoleSpec", "Scheme", "budget_config", "compute_budget", "people_count",
    "write_budget_workbook",
]


def __getattr__(name: str) -> Any:
    """Import the named part of the budget API on first use."""
    if name in _LAZY:
        return getattr(import_module(f"{__name__}.{_LAZY[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
