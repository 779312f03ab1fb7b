"""Messages of the tenders part (English and Chinese); merged into :data:`ppp.i18n.catalog.MESSAGES`."""

from __future__ import annotations

TENDER_MESSAGES: dict[str, dict[str, str]] = {
    "ui.nav.tenders": {"en": "Tenders and bids", "zh": "招标与投标"},
}
