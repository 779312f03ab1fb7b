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
page = st.navigation(
    [
        st.Page(
            context.PORTFOLIO_PAGE,
            title=context.text("ui.nav.portfolio"),
            icon=":material/table_view:",
            url_path="portfolio",
            default=True,
        ),
        st.Page(
            context.EDITOR_PAGE,
            title=context.text("ui.nav.editor"),
            icon=":material/edit_note:",
            url_path="editor",
        ),
        st.Page(
            context.DASHBOARD_PAGE,
            title=context.text("ui.nav.dashboard"),
            icon=":material/monitoring:",
            url_path="dashboard",
        ),
        st.Page(
            context.RISK_PAGE,
            title=context.text("ui.nav.risk"),
            icon=":material/query_stats:",
            url_path="risk",
        ),
        st.Page(
            context.OPERATIONS_PAGE,
            title=context.text("ui.nav.operations"),
            icon=":material/speed:",
            url_path="operations",
        ),
        st.Page(
            context.LIFECYCLE_PAGE,
            title=context.text("ui.nav.lifecycle"),
            icon=":material/timeline:",
            url_path="lifecycle",
        ),
        st.Page(
            context.TENDERS_PAGE,
            title=context.text("ui.nav.tenders"),
            icon=":material/gavel:",
            url_path="tenders",
        ),
        st.Page(
            context.VALUE_FOR_MONEY_PAGE,
            title=context.text("ui.nav.value_for_money"),
            icon=":material/balance:",
            url_path="value-for-money",
        ),
        st.Page(
            context.AFFORDABILITY_PAGE,
            title=context.text("ui.nav.affordability"),
            icon=":material/account_balance:",
            url_path="affordability",
        ),
    ]
)
page.run()
