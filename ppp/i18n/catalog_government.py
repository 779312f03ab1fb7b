"""Messages of the government part (English and Chinese); merged into :data:`ppp.i18n.catalog.MESSAGES`."""

from __future__ import annotations

GOVERNMENT_MESSAGES: dict[str, dict[str, str]] = {
    "ui.nav.value_for_money": {"en": "Value for money", "zh": "物有所值"},
    "ui.nav.affordability": {"en": "Fiscal affordability", "zh": "财政承受能力"},
}
