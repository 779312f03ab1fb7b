"""What services take and return: the acting principal and read models. Plain data, no database types."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Literal

from ppp.model.schema import Project

Role = Literal["government", "vendor", "auditor", "administrator"]


@dataclass(frozen=True)
class Principal:
    """Who acts. Every service function takes one; roles are enforced in services, never by hiding pages."""

    user_id: int
    name: str
    role: Role
    #: a government officer's government body, a vendor's bidding organisation (empty for the others)
    organisation: str
    #: the government bodies an auditor may read (``auditor_scopes``); empty for every other role
    audits: frozenset[str] = frozenset()


#: the embedded default's single local user (an administrator of its own machine)
LOCAL_USER_NAME = "local"


@dataclass(frozen=True)
class ProjectSummary:
    """One row of the portfolio."""

    id: int
    name: str
    city: str
    stage: str
    framework: str
    payment_mode: str
    money_unit: str
    archived: bool
    revision: int
    total_investment: float | None
    government_pv: float | None
    equity_irr: float | None
    next_milestone: str | None
    next_milestone_date: datetime.date | None
    updated_at: datetime.datetime
    #: who owns the project: a government body, or a vendor for its own working projects
    organisation: str = ""


@dataclass(frozen=True)
class StoredProject:
    """A project as stored: its validated inputs and the revision an edit must be based on."""

    id: int
    revision: int
    project: Project
    input_hash: str
    archived: bool
    updated_at: datetime.datetime
    updated_by: str


class ServiceError(Exception):
    """A refused request: a catalog key and the parameters of its message in the user's language."""

    def __init__(self, key: str, **params: object) -> None:
        self.key = key
        self.params = params
        super().__init__(f"{key}: {params}")
