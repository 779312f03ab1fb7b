"""Texts of the operations and lifecycle pages added after the first release (English and Chinese)."""

from __future__ import annotations

OPERATIONS_UI_MESSAGES: dict[str, dict[str, str]] = {
    # the months table of a payment statement (its other columns reuse ui.operations.column.*)
    "ui.operations.column.period": {"en": "Month", "zh": "月份"},
    # why a principal who may read a project is not offered the actions that change it
    "ui.operations.read_only.auditor": {
        "en": "Read-only: as an auditor you can see this project's records but not change them.",
        "zh": "只读：审计方可以查看本项目的记录，但不能修改。",
    },
    "ui.operations.read_only.owner": {
        "en": "Read-only: only {owner} (or an administrator) can change this project's records.",
        "zh": "只读：只有{owner}（或管理员）可以修改本项目的记录。",
    },
    "ui.lifecycle.reached_help": {
        "en": "Untick to record that the milestone has not been reached yet.",
        "zh": "取消勾选表示该里程碑尚未达成。",
    },
}
