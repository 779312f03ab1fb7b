"""Numbers as a reader expects them: money with separators, rates in percent, ratios and years."""

from __future__ import annotations

from ppp.i18n import Language, translate
from ppp.i18n.catalog import METRIC_LABELS


def metric_label(key: str, language: Language) -> str:
    english, chinese, _ = METRIC_LABELS[key]
    return chinese if language == "zh" else english


def format_number(value: float | None, kind: str, language: Language) -> str:
    """``money`` → ``12,345.67``; ``rate`` → ``6.25%``; ``ratio`` → ``1.35``; ``years`` → ``8.42``.

    Examples
    --------
    >>> format_number(0.0625, "rate", "en")
    '6.25%'
    >>> format_number(None, "money", "zh")
    '不适用'
    """
    if value is None:
        return translate("cli.not_applicable", language)
    if kind == "rate":
        return f"{value * 100:.2f}%"
    if kind == "money":
        return f"{value:,.2f}"
    return f"{value:.2f}"


def format_metric(key: str, value: float | None, language: Language) -> str:
    return format_number(value, METRIC_LABELS[key][2], language)
