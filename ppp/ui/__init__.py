"""Streamlit pages and components. They call the model and engine (later: services), never the store."""
