"""Page under construction in this change (issue 6): its owner replaces this file."""

from __future__ import annotations

import streamlit as st

from ppp.ui.context import text

st.title(text("ui.nav.tenders"))
