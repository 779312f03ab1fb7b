"""Streamlit entry point: `streamlit run streamlit_app.py`. A router only: which language, who acts and which
pages that role sees.

The pages live in ppp/ui/pages/ (one file each); they call services, never the store.
"""

from typing import Final

import streamlit as st

from ppp.services.types import Role
from ppp.ui import context

ALL_ROLES: Final[frozenset[Role]] = frozenset({"government", "vendor", "auditor", "administrator"})
#: a vendor simulates and bids: operations, lifecycle, value for money and affordability are a government's
GOVERNMENT_SIDE: Final[frozenset[Role]] = frozenset({"government", "auditor", "administrator"})
#: an auditor reads everything of its bodies and edits nothing
EDITORS: Final[frozenset[Role]] = frozenset({"government", "vendor", "administrator"})

st.set_page_config(page_title="PPP smart-city", page_icon="🏙️", layout="wide")
language = context.language_selector()
# refuses an exposed server without [auth] before the database is opened; then signs in (or stops)
user = context.sign_in()
#: (page file, title key, icon, url path, roles that see it); the first the role sees is its default page.
#: Hiding a page is a convenience, never the protection: every service checks the principal it is given.
PAGES = (
    (context.PORTFOLIO_PAGE, "ui.nav.portfolio", ":material/table_view:", "portfolio", ALL_ROLES),
    (context.EDITOR_PAGE, "ui.nav.editor", ":material/edit_note:", "editor", EDITORS),
    (context.DASHBOARD_PAGE, "ui.nav.dashboard", ":material/monitoring:", "dashboard", ALL_ROLES),
    (context.RISK_PAGE, "ui.nav.risk", ":material/query_stats:", "risk", ALL_ROLES),
    (context.OPERATIONS_PAGE, "ui.nav.operations", ":material/speed:", "operations", GOVERNMENT_SIDE),
    (context.LIFECYCLE_PAGE, "ui.nav.lifecycle", ":material/timeline:", "lifecycle", GOVERNMENT_SIDE),
    (context.TENDERS_PAGE, "ui.nav.tenders", ":material/gavel:", "tenders", ALL_ROLES),
    (
        context.VALUE_FOR_MONEY_PAGE,
        "ui.nav.value_for_money",
        ":material/balance:",
        "value-for-money",
        GOVERNMENT_SIDE,
    ),
    (
        context.AFFORDABILITY_PAGE,
        "ui.nav.affordability",
        ":material/account_balance:",
        "affordability",
        GOVERNMENT_SIDE,
    ),
)
visible = [(file, title, icon, path) for file, title, icon, path, roles in PAGES if user.role in roles]
page = st.navigation(
    [
        st.Page(file, title=context.text(title), icon=icon, url_path=url_path, default=index == 0)
        for index, (file, title, icon, url_path) in enumerate(visible)
    ]
)
page.run()
