"""Alembic environment and revisions of the store (run through :mod:`ppp.store.migrate`)."""
