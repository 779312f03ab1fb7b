"""Message catalogs (English and Chinese) and the language in force.

Messages are looked up by key and formatted with named parameters. The language is chosen explicitly by the
caller (CLI ``--lang``, the app's language switch) or from ``PPP_LANG`` / ``LANG``; English is the fallback.
"""

from __future__ import annotations

import os
from typing import Any, Literal

from ppp.i18n.catalog import MESSAGES

Language = Literal["en", "zh"]
LANGUAGES: tuple[Language, ...] = ("en", "zh")


def default_language() -> Language:
    """The language from ``PPP_LANG``, else from ``LANG`` (``zh_CN.UTF-8`` → ``zh``), else English."""
    for variable in ("PPP_LANG", "LANG"):
        value = os.environ.get(variable, "").lower()
        if value.startswith("zh"):
            return "zh"
        if value.startswith("en"):
            return "en"
    return "en"


def translate(key: str, language: Language, /, **params: Any) -> str:
    """The message ``key`` in ``language`` with ``params`` filled in.

    Examples
    --------
    >>> translate("rule.unknown_key", "en")
    'unknown key (not part of the file format; check the spelling)'
    """
    entry = MESSAGES[key]
    return entry[language].format(**params)
