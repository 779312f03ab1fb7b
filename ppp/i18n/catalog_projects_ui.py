"""Texts of the portfolio, editor and dashboard pages added after the first release (English and Chinese)."""

from __future__ import annotations

PROJECTS_UI_MESSAGES: dict[str, dict[str, str]] = {
    "ui.portfolio.page_unavailable": {
        "en": "Your role does not have that page.",
        "zh": "您的角色无法使用该页面。",
    },
    "ui.portfolio.read_only": {
        "en": "“{name}” belongs to {owner}: you can read it but not change it.",
        "zh": "“{name}”属于{owner}：您可以查看，但不能修改。",
    },
    "ui.portfolio.no_new": {
        "en": "Your role reads projects only: it cannot create or import one.",
        "zh": "您的角色只能查看项目，不能新建或导入项目。",
    },
    "ui.editor.read_only": {
        "en": "Read only: this project belongs to {owner}; you can look at its inputs but not save changes.",
        "zh": "只读：该项目属于{owner}，您可以查看其输入，但不能保存修改。",
    },
    "ui.editor.read_only_save": {
        "en": "You may read this project but not change it.",
        "zh": "您可以查看该项目，但不能修改。",
    },
}
