"""Defaults that depend on other inputs, resolved in one place.

Several keys default to another key's value (``base_year`` to ``start_year``, an item's ``escalation`` to
``rates.inflation``, ``subsidy_years`` and ``depreciation_years`` to ``operation_years``, ...). The engine
computes from the resolved project and the canonical hash is taken of it, so a file that writes a default out
and one that leaves it implicit are the same inputs, with the same hash and the same results.
"""

from __future__ import annotations

import math
from typing import TypeVar

from ppp.model.schema import CapexItem, OpexItem, Project, RevenueItem, VfmRisk

T = TypeVar("T")


def resolve_defaults(project: Project) -> Project:
    """A copy of ``project`` with every input-dependent default filled in.

    ``life_years`` of a lifecycle item timed by ``operating_years`` stays unset: its default, the remaining
    operating years, differs from one refresh to the next.

    Examples
    --------
    >>> from ppp.model import load_project
    >>> project = load_project("sample_projects/yangxin_smart_city_bot.toml").project
    >>> resolve_defaults(project).timeline.base_year is not None
    True
    """
    timeline = project.timeline
    rates = project.rates
    operation_years = timeline.operation_years
    inflation = rates.inflation

    def capex_item(item: CapexItem) -> CapexItem:
        changes: dict[str, object] = {"escalation": _or(item.escalation, inflation)}
        if item.lifecycle and item.every_years is not None and item.life_years is None:
            changes["life_years"] = item.every_years
        return item.model_copy(update=changes)

    def flow_item(item: OpexItem | RevenueItem) -> OpexItem | RevenueItem:
        return item.model_copy(update={"escalation": _or(item.escalation, inflation)})

    updates: dict[str, object] = {
        "timeline": timeline.model_copy(update={"base_year": _or(timeline.base_year, timeline.start_year)}),
        "rates": rates.model_copy(
            update={"om_profit_rate": _or(rates.om_profit_rate, rates.reasonable_profit_rate)}
        ),
        "capex": [capex_item(item) for item in project.capex],
        "opex": [flow_item(item) for item in project.opex],
        "revenue": [flow_item(item) for item in project.revenue],
        "payment": project.payment.model_copy(
            update={"subsidy_years": _or(project.payment.subsidy_years, operation_years)}
        ),
        "tax": project.tax.model_copy(
            update={"depreciation_years": _or(project.tax.depreciation_years, operation_years)}
        ),
    }
    if project.vfm is not None:
        construction_capex = math.fsum(
            item.amount if item.amount is not None else math.fsum(item.amounts or [])
            for item in project.capex
            if not item.lifecycle
        )
        vfm_changes: dict[str, object] = {
            "psc_construction_cost": _or(project.vfm.psc_construction_cost, construction_capex),
            "psc_om_cost": _or(project.vfm.psc_om_cost, math.fsum(item.amount for item in project.opex)),
        }
        if project.vfm.risks:
            # the rules forbid the amounts beside a register, so the register always decides here
            shares = [risk_allocation(risk) for risk in project.vfm.risks]
            vfm_changes["transferable_risk"] = math.fsum(private for _, private in shares)
            vfm_changes["retained_risk"] = math.fsum(government for government, _ in shares)
        updates["vfm"] = project.vfm.model_copy(update=vfm_changes)
    return project.model_copy(update=updates)


def risk_allocation(risk: VfmRisk) -> tuple[float, float]:
    """The expected cost of one register risk (probability × impact, a PV amount) as (government's retained
    part, private partner's transferable part), by its allocation.

    Examples
    --------
    >>> risk = VfmRisk(
    ...     name="Demand", probability=0.2, impact=500.0, allocation="shared", government_share=0.4
    ... )
    >>> risk_allocation(risk)
    (40.0, 60.0)
    """
    expected = risk.probability * risk.impact
    if risk.allocation == "government":
        government_share = 1.0
    elif risk.allocation == "private":
        government_share = 0.0
    else:
        # a shared risk without its share is a rule error; 0.5 only keeps a placeholder project computable
        government_share = 0.5 if risk.government_share is None else risk.government_share
    government = expected * government_share
    return government, expected - government


def _or(value: T | None, default: T) -> T:
    return default if value is None else value
