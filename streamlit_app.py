"""Streamlit entry point: `streamlit run streamlit_app.py`. A router only: which language, who acts and which
pages that role sees.

The pages live in ppp/ui/pages/ (one file each); they call services, never the store.
"""

import streamlit as st

from ppp.ui import context

st.set_page_config(page_title="PPP smart-city", page_icon="🏙️", layout="wide")
language = context.language_selector()
# refuses an exposed server without [auth] before the database is opened; then signs in (or stops)
user = context.sign_in()
#: (page file, title key, icon, url path); the first the role sees is its default page. Which roles see a page
#: is context.PAGE_ROLES, which the pages' own buttons ask too. Hiding a page is a convenience, never the
#: protection: every service checks the principal it is given.
PAGES = (
    (context.PORTFOLIO_PAGE, "ui.nav.portfolio", ":material/table_view:", "portfolio"),
    (context.EDITOR_PAGE, "ui.nav.editor", ":material/edit_note:", "editor"),
    (context.DASHBOARD_PAGE, "ui.nav.dashboard", ":material/monitoring:", "dashboard"),
    (context.RISK_PAGE, "ui.nav.risk", ":material/query_stats:", "risk"),
    (context.OPERATIONS_PAGE, "ui.nav.operations", ":material/speed:", "operations"),
    (context.LIFECYCLE_PAGE, "ui.nav.lifecycle", ":material/timeline:", "lifecycle"),
    (context.TENDERS_PAGE, "ui.nav.tenders", ":material/gavel:", "tenders"),
    (
        context.VALUE_FOR_MONEY_PAGE,
        "ui.nav.value_for_money",
        ":material/balance:",
        "value-for-money",
    ),
    (
        context.AFFORDABILITY_PAGE,
        "ui.nav.affordability",
        ":material/account_balance:",
        "affordability",
    ),
)
visible = [
    (file, title, icon, path) for file, title, icon, path in PAGES if context.has_page(file, user.role)
]
page = st.navigation(
    [
        st.Page(file, title=context.text(title), icon=icon, url_path=url_path, default=index == 0)
        for index, (file, title, icon, url_path) in enumerate(visible)
    ]
)
page.run()
