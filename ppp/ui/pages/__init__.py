"""The app's pages, one file each, run by ``st.navigation`` from ``streamlit_app.py`` (not imported)."""
