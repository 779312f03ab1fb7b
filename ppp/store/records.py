"""What a validated project becomes in the ``projects`` table: its canonical text, hash and headline figures.

One function builds the row values for seeding (Core inserts) and for the services (ORM), so a seeded
project and a saved one can never be stored differently.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, Final

from ppp.model import Project, canonical_hash, dump_project

#: metrics copied to the projects table on every save, for a portfolio that never evaluates
HEADLINE_METRICS: Final = ("total_investment", "government_pv", "equity_irr")


def project_values(project: Project, metrics: Mapping[str, float | None]) -> dict[str, Any]:
    """The ``projects`` columns that follow from a validated project and its evaluation's metrics.

    Parameters
    ----------
    project
        A validated project (:func:`ppp.model.validate_data` has accepted it).
    metrics
        :attr:`ppp.engine.Evaluation.metrics` of that project.

    Returns
    -------
    dict
        ``name``, ``city``, ``stage``, ``framework``, ``payment_mode``, ``money_unit``, ``inputs_toml``
        (:func:`ppp.model.dump_project`), ``input_hash`` (:func:`ppp.model.canonical_hash`) and the
        :data:`HEADLINE_METRICS` (``None`` where not applicable or not finite).
    """
    info = project.project
    values: dict[str, Any] = {
        "name": info.name,
        "city": info.city,
        "stage": info.stage,
        "framework": info.framework,
        "payment_mode": info.payment_mode,
        "money_unit": info.money_unit,
        "inputs_toml": dump_project(project),
        "input_hash": canonical_hash(project),
    }
    for key in HEADLINE_METRICS:
        value = metrics.get(key)
        # an IRR can be undefined; NaN is not a value SQL columns can compare or sort
        values[key] = float(value) if value is not None and math.isfinite(value) else None
    return values


def government_body(city: str) -> str:
    """The government body that owns a project of ``city``: the city's first part, before the first comma and
    any bracket (the owner an administrator's new project and every seeded project get).

    Examples
    --------
    >>> government_body("新余市, 江西省 (hypothetical tender)")
    '新余市'
    >>> government_body("Illustrative prefecture-level city (~1.5 million people)")
    'Illustrative prefecture-level city'
    >>> government_body("")
    ''
    """
    return city.split(",", 1)[0].split(" (", 1)[0].split("（", 1)[0].strip()
