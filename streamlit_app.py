"""Streamlit entry point: `streamlit run streamlit_app.py`. A router only; pages live in ppp/ui/."""

import streamlit as st

from ppp.ui.evaluation_page import render

st.set_page_config(page_title="PPP smart-city", layout="wide")
render()
