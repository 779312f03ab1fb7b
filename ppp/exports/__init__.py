"""Exports: the auditable Excel workbook (live formulas over named inputs, cached engine values)."""

from __future__ import annotations

from ppp.exports.sanitise import as_text
from ppp.exports.workbook import ExtraSheet, export_workbook, write_workbook

__all__ = ["ExtraSheet", "as_text", "export_workbook", "write_workbook"]
