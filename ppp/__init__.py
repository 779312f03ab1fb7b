"""PPP smart-city projects: a pure financial engine, project files, the ``ppp`` command, a Streamlit app."""

__version__ = "0.1.0"
