"""Who may see and do what: the one place where a principal's rights are decided.

Every service calls these checks before it reads or changes anything; pages hide what a role cannot use, but
hiding is never the protection. The rules (docs/access.md, "Access rules"):

======================  =============================================  ======================================
role                    reads                                          changes
======================  =============================================  ======================================
administrator           everything                                     everything
government officer      its government body's projects, tenders and    its body's projects (and their
                        every bid submitted to them                    operations, lifecycle, actual costs)
vendor                  its organisation's own projects; every         its own projects; its own bids
                        tender's published file; its own bids only
auditor                 everything of the bodies it is assigned        nothing
======================  =============================================  ======================================

A project belongs to one organisation (``projects.organisation``): a government body for the projects and
tenders of a government, a vendor for the working projects it simulates before bidding. A bid belongs to the
bidder's organisation (``bids.organisation``). What a principal may not read does not exist for it: the
refusal is "not found", so that a vendor cannot learn that another vendor's project or bid is there.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ppp.services.types import Principal, ServiceError

Action = Literal["read", "write"]

_READ_ONLY_ROLES = frozenset({"auditor"})


def require(principal: Principal, action: Action) -> None:
    """Refuse the action unless the principal's role allows it at all (auditors never change anything).

    Raises
    ------
    ServiceError
        ``service.forbidden`` with the principal's ``role``.
    """
    if action == "write" and principal.role in _READ_ONLY_ROLES:
        raise ServiceError("service.forbidden", role=principal.role)


def require_administrator(principal: Principal) -> None:
    """Refuse anyone but an administrator (managing users and roles).

    Raises
    ------
    ServiceError
        ``service.access.administrators_only`` with the principal's ``role``.
    """
    if principal.role != "administrator":
        raise ServiceError("service.access.administrators_only", role=principal.role)


def require_government_view(principal: Principal) -> None:
    """Refuse vendors the government's own analyses (value for money, the city's fiscal affordability): they
    weigh every project and offer of a government, which no bidder may see.

    Raises
    ------
    ServiceError
        ``service.access.government_only`` with the principal's ``role``.
    """
    if principal.role == "vendor":
        raise ServiceError("service.access.government_only", role=principal.role)


@dataclass(frozen=True)
class ProjectAccess:
    """What decides access to one stored project: its id, owner and whether it is a published tender."""

    project_id: int
    organisation: str
    is_tender: bool


def may_read_project(principal: Principal, project: ProjectAccess, *, published: bool = False) -> bool:
    """Whether ``principal`` may read ``project``.

    Parameters
    ----------
    principal
        Who acts.
    project
        The project's owner and kind.
    published
        The caller reads only what a tender publishes to every bidder (its file, its evaluation, analyses of
        it): vendors may read any tender for that. Operations, lifecycle records, bids and comparisons are
        never published.

    Examples
    --------
    >>> vendor = Principal(user_id=3, name="A", role="vendor", organisation="Vendor A")
    >>> tender = ProjectAccess(project_id=1, organisation="新余市", is_tender=True)
    >>> may_read_project(vendor, tender, published=True), may_read_project(vendor, tender)
    (True, False)
    """
    role = principal.role
    if role == "administrator":
        return True
    if role == "auditor":
        return project.organisation in principal.audits
    if project.organisation == principal.organisation and principal.organisation != "":
        return True
    return role == "vendor" and published and project.is_tender


def may_change_project(principal: Principal, project: ProjectAccess) -> bool:
    """Whether ``principal`` may change ``project`` (its inputs, stage, documents, readings, costs, payments).

    Examples
    --------
    >>> officer = Principal(user_id=2, name="O", role="government", organisation="新余市")
    >>> may_change_project(officer, ProjectAccess(project_id=1, organisation="新余市", is_tender=True))
    True
    >>> may_change_project(officer, ProjectAccess(project_id=2, organisation="阳信县", is_tender=False))
    False
    """
    if principal.role == "administrator":
        return True
    if principal.role in _READ_ONLY_ROLES:
        return False
    return project.organisation == principal.organisation and principal.organisation != ""


def require_project(
    principal: Principal, project: ProjectAccess, action: Action, *, published: bool = False
) -> None:
    """Refuse unless ``principal`` may ``action`` the project.

    Raises
    ------
    ServiceError
        ``service.project_not_found`` (with ``id``) when the principal may not even read it;
        ``service.forbidden`` (with ``role``) for auditors; ``service.access.project_change`` (with ``role``
        and ``owner``) when it may read the project but not change it.
    """
    if action == "read":
        if not may_read_project(principal, project, published=published):
            raise ServiceError("service.project_not_found", id=project.project_id)
        return
    if may_change_project(principal, project):
        return
    if principal.role in _READ_ONLY_ROLES:
        raise ServiceError("service.forbidden", role=principal.role)
    if may_read_project(principal, project, published=True):
        raise ServiceError("service.access.project_change", role=principal.role, owner=project.organisation)
    raise ServiceError("service.project_not_found", id=project.project_id)


def may_read_bid(principal: Principal, *, bid_organisation: str, tender: ProjectAccess) -> bool:
    """Whether ``principal`` may read a bid of ``bid_organisation`` submitted to ``tender``.

    A vendor reads its own organisation's bids only; the tender's government and its auditors read all of
    them.

    Examples
    --------
    >>> tender = ProjectAccess(project_id=1, organisation="新余市", is_tender=True)
    >>> vendor_b = Principal(user_id=4, name="B", role="vendor", organisation="Vendor B")
    >>> may_read_bid(vendor_b, bid_organisation="Vendor A", tender=tender)
    False
    >>> may_read_bid(vendor_b, bid_organisation="Vendor B", tender=tender)
    True
    """
    if principal.role == "vendor":
        return bid_organisation == principal.organisation and principal.organisation != ""
    return may_read_project(principal, tender)


def require_bid_submission(principal: Principal, *, bid_organisation: str, tender: ProjectAccess) -> None:
    """Refuse unless ``principal`` may submit a bid of ``bid_organisation`` to ``tender``.

    Vendors submit their own organisation's bids to any tender; an administrator records a bid for any
    bidder (a bid delivered on paper, the sample tender). Government officers and auditors submit none.

    Raises
    ------
    ServiceError
        ``service.project_not_found`` when the tender is not visible; ``service.access.submit_forbidden``
        (with ``role`` and ``bidder``) when the principal may not submit for that bidder.
    """
    if not may_read_project(principal, tender, published=True):
        raise ServiceError("service.project_not_found", id=tender.project_id)
    if principal.role == "administrator":
        return
    if principal.role != "vendor" or bid_organisation != principal.organisation or not bid_organisation:
        raise ServiceError("service.access.submit_forbidden", role=principal.role, bidder=bid_organisation)


def require_all_bids(principal: Principal, tender: ProjectAccess) -> None:
    """Refuse unless ``principal`` may see every bid of ``tender`` (the comparison, scores and ranking).

    Raises
    ------
    ServiceError
        ``service.access.other_bids`` for vendors (a comparison shows the competitors' offers);
        ``service.project_not_found`` when the tender is not the principal's to read.
    """
    if principal.role == "vendor":
        if may_read_project(principal, tender, published=True):
            raise ServiceError("service.access.other_bids", role=principal.role)
        raise ServiceError("service.project_not_found", id=tender.project_id)
    require_project(principal, tender, "read")


def readable_organisations(principal: Principal) -> frozenset[str] | None:
    """The owners whose projects ``principal`` reads in full; ``None`` for all (administrators).

    Vendors additionally read every tender's published file (see :func:`may_read_project`).

    Examples
    --------
    >>> readable_organisations(Principal(user_id=5, name="X", role="auditor", organisation="审计局",
    ...                                  audits=frozenset({"新余市"})))
    frozenset({'新余市'})
    """
    if principal.role == "administrator":
        return None
    if principal.role == "auditor":
        return principal.audits
    return frozenset({principal.organisation}) if principal.organisation else frozenset()
