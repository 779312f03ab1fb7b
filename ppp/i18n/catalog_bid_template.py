"""Messages of the xlsx bid template (English and Chinese); merged into :data:`ppp.i18n.catalog.MESSAGES`."""

from __future__ import annotations

BID_TEMPLATE_MESSAGES: dict[str, dict[str, str]] = {}
