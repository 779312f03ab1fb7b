"""Whether the acting user may change a project, and why not: one rule for every page's buttons.

The services refuse what a principal may not do anyway (:mod:`ppp.services.access`); the pages ask here so
that they do not offer it in the first place.
"""

from __future__ import annotations

from ppp.i18n import Language, translate
from ppp.services.access import ProjectAccess, may_change_project
from ppp.services.types import Principal, ProjectSummary


def may_change(principal: Principal, summary: ProjectSummary) -> bool:
    """Whether ``principal`` may change the project of ``summary`` (its inputs and its records), as
    :func:`ppp.services.access.may_change_project` decides it (a vendor reads a government's tender but does
    not change it; an auditor changes nothing).

    Examples
    --------
    >>> import datetime
    >>> summary = ProjectSummary(1, "P", "阳信县", "execution", "mof_2015", "government_pay", "万元", False,
    ...                          1, None, None, None, None, None, datetime.datetime(2024, 1, 1), "阳信县")
    >>> may_change(Principal(user_id=2, name="O", role="government", organisation="阳信县"), summary)
    True
    >>> may_change(Principal(user_id=3, name="V", role="vendor", organisation="甲公司"), summary)
    False
    """
    # whether it is a tender decides what a vendor may read, never what anyone may change
    access = ProjectAccess(project_id=summary.id, organisation=summary.organisation, is_tender=False)
    return may_change_project(principal, access)


def read_only_reason(principal: Principal, summary: ProjectSummary, language: Language) -> str | None:
    """Why ``principal`` may read but not change ``summary``'s records (readings, payments, costs, documents,
    milestones, stage), in one line; ``None`` when it may change them.

    The services refuse such changes anyway (:mod:`ppp.services.access`); the pages use this to not offer
    them at all.

    Examples
    --------
    >>> import datetime
    >>> auditor = Principal(user_id=5, name="A", role="auditor", organisation="审计局",
    ...                     audits=frozenset({"阳信县"}))
    >>> summary = ProjectSummary(1, "P", "阳信县", "execution", "mof_2015", "government_pay", "万元", False,
    ...                          1, None, None, None, None, None, datetime.datetime(2024, 1, 1), "阳信县")
    >>> read_only_reason(auditor, summary, "en")[:10]
    'Read-only:'
    >>> officer = Principal(user_id=2, name="O", role="government", organisation="阳信县")
    >>> read_only_reason(officer, summary, "en") is None
    True
    """
    if may_change(principal, summary):
        return None
    if principal.role == "auditor":
        return translate("ui.operations.read_only.auditor", language)
    return translate("ui.operations.read_only.owner", language, owner=summary.organisation)
