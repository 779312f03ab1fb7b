"""Messages of the bids part (English and Chinese); merged into :data:`ppp.i18n.catalog.MESSAGES`."""

from __future__ import annotations

BIDS_MESSAGES: dict[str, dict[str, str]] = {}
