"""The Streamlit app: pages (``pages/``, one file each), the shared context (engine, principal, language),
the project form's diff logic, tables and Altair charts. Pages call services, never the store."""
