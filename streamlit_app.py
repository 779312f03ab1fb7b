"""Streamlit entry point: `streamlit run streamlit_app.py`. A router only: who acts, which language and
which pages.

The pages live in ppp/ui/pages/ (one file each); they call services, never the store.
"""

import streamlit as st

from ppp.ui import context

st.set_page_config(page_title="PPP smart-city", page_icon="🏙️", layout="wide")
context.connect()  # one engine per process (st.cache_resource): schema created and seeded on first start
language = context.language_selector()
user = context.sign_in()
st.sidebar.caption(
    context.text("ui.user.signed_in", name=user.name, role=context.text(f"ui.role.{user.role}"))
)
#: (page file, title key, icon, url path); the first is the default page
PAGES = (
    (context.PORTFOLIO_PAGE, "ui.nav.portfolio", ":material/table_view:", "portfolio"),
    (context.EDITOR_PAGE, "ui.nav.editor", ":material/edit_note:", "editor"),
    (context.DASHBOARD_PAGE, "ui.nav.dashboard", ":material/monitoring:", "dashboard"),
    (context.RISK_PAGE, "ui.nav.risk", ":material/query_stats:", "risk"),
    (context.OPERATIONS_PAGE, "ui.nav.operations", ":material/speed:", "operations"),
    (context.LIFECYCLE_PAGE, "ui.nav.lifecycle", ":material/timeline:", "lifecycle"),
    (context.TENDERS_PAGE, "ui.nav.tenders", ":material/gavel:", "tenders"),
    (context.VALUE_FOR_MONEY_PAGE, "ui.nav.value_for_money", ":material/balance:", "value-for-money"),
    (context.AFFORDABILITY_PAGE, "ui.nav.affordability", ":material/account_balance:", "affordability"),
)
page = st.navigation(
    [
        st.Page(file, title=context.text(title), icon=icon, url_path=url_path, default=index == 0)
        for index, (file, title, icon, url_path) in enumerate(PAGES)
    ]
)
page.run()
