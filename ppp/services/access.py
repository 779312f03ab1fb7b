"""Who may do what: the one place where a principal's role is checked.

Today's rule is small: everybody may read every project; auditors may not change anything (they trace figures
to inputs, they do not edit them). Confidentiality between vendors and per-project roles come later and go
here, so no page has to learn them.
"""

from __future__ import annotations

from typing import Literal

from ppp.services.types import Principal, ServiceError

Action = Literal["read", "write"]

_READ_ONLY_ROLES = frozenset({"auditor"})


def require(principal: Principal, action: Action) -> None:
    """Refuse the action unless the principal's role allows it.

    Raises
    ------
    ServiceError
        ``service.forbidden`` with the principal's ``role``.
    """
    if action == "write" and principal.role in _READ_ONLY_ROLES:
        raise ServiceError("service.forbidden", role=principal.role)
