"""Messages of the bids part (English and Chinese); merged into :data:`ppp.i18n.catalog.MESSAGES`."""

from __future__ import annotations

BIDS_MESSAGES: dict[str, dict[str, str]] = {
    # why a bid cannot be compared (Problem rules: path, value, rule)
    "rule.bid_tender_missing": {
        "en": "the tender needs a [tender] table (price_weight, technical_weight, abnormally_low_margin)",
        "zh": "招标文件须有 [tender] 表（price_weight、technical_weight、abnormally_low_margin）",
    },
    "rule.bid_missing": {
        "en": "a bid needs a [bid] table (bidder, submitted, technical_score)",
        "zh": "投标文件须有 [bid] 表（bidder、submitted、technical_score）",
    },
    "rule.bid_timeline_differs": {
        "en": "must equal the tender's {tender}: bids are compared over the tender's contract period",
        "zh": "须与招标文件的 {tender} 一致：各投标按招标文件的合作期比较",
    },
    "rule.bid_pv_not_positive": {
        "en": "must be positive to score the price (price score = 100 × lowest PV / this PV)",
        "zh": "政府付费现值须为正数才能计算价格得分（价格得分 = 最低现值 / 本投标现值）",
    },
    # flags
    "bids.flag.abnormally_low": {
        "en": "abnormally low: government PV below the PSC by more than the tender's margin",
        "zh": "异常低价：政府付费现值低于 PSC 超过招标文件规定的幅度",
    },
    "bids.flag.equity_irr_below_loan_rate": {
        "en": "equity IRR below the loan rate (or none)",
        "zh": "资本金内部收益率低于贷款利率（或无解）",
    },
    "bids.flag.dscr_below_one": {
        "en": "minimum DSCR below 1 (not bankable)",
        "zh": "最低偿债备付率低于 1（难以融资）",
    },
    "bids.flag.fails_vfm": {
        "en": "fails value for money: its PPP value exceeds the PSC (negative VfM amount)",
        "zh": "未通过物有所值：PPP 值高于 PSC（物有所值量值为负）",
    },
    "bids.flag.not_valid": {"en": "not valid: not scored", "zh": "无效投标：不计分"},
    "bids.flag_short.abnormally_low": {"en": "abnormally low", "zh": "异常低价"},
    "bids.flag_short.equity_irr_below_loan_rate": {"en": "IRR < loan rate", "zh": "收益率低于贷款利率"},
    "bids.flag_short.dscr_below_one": {"en": "DSCR < 1", "zh": "偿债备付率 < 1"},
    "bids.flag_short.fails_vfm": {"en": "VfM < 0", "zh": "物有所值为负"},
    "bids.flag_short.not_valid": {"en": "not valid", "zh": "无效"},
    # ties
    "bids.tie.government_pv": {
        "en": "equal total: the lower government PV ranks first",
        "zh": "总分相同：政府付费现值较低者排名在前",
    },
    "bids.tie.submitted": {
        "en": "equal total and PV: the earlier submission ranks first (equal dates share the rank)",
        "zh": "总分与政府付费现值均相同：提交较早者排名在前（日期相同则并列）",
    },
    # figures (CLI columns, CSV and workbook headers)
    "bids.column.rank": {"en": "rank", "zh": "排名"},
    "bids.column.bidder": {"en": "bidder", "zh": "投标人"},
    "bids.column.submitted": {"en": "submitted", "zh": "提交日期"},
    "bids.column.input_hash": {"en": "input hash", "zh": "输入哈希"},
    "bids.column.valid": {"en": "valid", "zh": "有效"},
    "bids.column.government_pv": {"en": "government PV", "zh": "政府付费现值"},
    "bids.column.price_score": {"en": "price score", "zh": "价格得分"},
    "bids.column.technical_score": {"en": "technical score", "zh": "技术得分"},
    "bids.column.total_score": {"en": "total score", "zh": "综合得分"},
    "bids.column.tie_break": {"en": "tie break", "zh": "同分处理"},
    "bids.column.equity_irr": {"en": "equity IRR", "zh": "资本金内部收益率"},
    "bids.column.min_dscr": {"en": "min DSCR", "zh": "最低偿债备付率"},
    "bids.column.max_affordability_ratio": {"en": "peak affordability ratio", "zh": "最高财政支出占比"},
    "bids.column.vfm_amount": {"en": "VfM amount", "zh": "物有所值量值"},
    "bids.column.total_investment": {"en": "total investment", "zh": "总投资"},
    "bids.column.flags": {"en": "flags", "zh": "提示"},
    "bids.column.problems": {"en": "problems", "zh": "问题"},
    "bids.column.year": {"en": "year", "zh": "年份"},
    "bids.yes": {"en": "yes", "zh": "是"},
    "bids.no": {"en": "no", "zh": "否"},
    # ppp compare
    "compare.title": {
        "en": "Bid comparison: {name} (money in {money_unit}, government PV at {rate})",
        "zh": "投标比较：{name}（金额单位 {money_unit}，政府付费现值折现率 {rate}）",
    },
    "compare.tender_hash": {"en": "tender hash", "zh": "招标文件哈希"},
    "compare.weights": {
        "en": "total = {price_weight} × price score + {technical_weight} × technical score; "
        "price score = 100 × lowest government PV / this bid's",
        "zh": "综合得分 = {price_weight} × 价格得分 + {technical_weight} × 技术得分；"
        "价格得分 = 100 × 最低政府付费现值 / 本投标现值",
    },
    "compare.psc": {
        "en": "PSC {psc}: abnormally low below {threshold} (margin {margin})",
        "zh": "PSC {psc}：低于 {threshold} 为异常低价（幅度 {margin}）",
    },
    "compare.no_psc": {
        "en": "no [vfm] in the tender: no PSC, no abnormally-low test",
        "zh": "招标文件无 [vfm]：无 PSC，不做异常低价判断",
    },
    "compare.no_bids": {"en": "no bids given", "zh": "未提供投标文件"},
    "compare.bid_line": {"en": "{bidder} ({path})", "zh": "{bidder}（{path}）"},
    "compare.tender_without_table": {
        "en": "{path}: is not a tender: [tender] is missing",
        "zh": "{path}：不是招标文件：缺少 [tender]",
    },
    "compare.bid_without_table": {
        "en": "{path}: is not a bid: [bid] is missing",
        "zh": "{path}：不是投标文件：缺少 [bid]",
    },
    "compare.file_invalid": {
        "en": "{path}: {count} problem(s)",
        "zh": "{path}：{count} 个问题",
    },
    # the comparison workbook and CSV
    "bids.sheet.comparison": {"en": "Comparison", "zh": "投标比较"},
    "bids.sheet.payments": {"en": "Payment profile", "zh": "付费曲线"},
    "bids.book.title": {"en": "Bid comparison", "zh": "投标比较"},
    "bids.book.tender": {"en": "tender", "zh": "招标项目"},
    "bids.book.tender_hash": {"en": "tender input hash", "zh": "招标文件输入哈希"},
    "bids.book.program_version": {"en": "program version", "zh": "程序版本"},
    "bids.book.money_unit": {"en": "money unit", "zh": "金额单位"},
    "bids.book.discount_rate": {"en": "discount rate (tender)", "zh": "折现率（招标文件）"},
    "bids.book.price_weight": {"en": "price weight", "zh": "价格权重"},
    "bids.book.technical_weight": {"en": "technical weight", "zh": "技术权重"},
    "bids.book.margin": {"en": "abnormally-low margin", "zh": "异常低价幅度"},
    "bids.book.psc": {"en": "PSC (PV)", "zh": "公共部门比较值 PSC（现值）"},
    "bids.book.rounded_total": {"en": "total, rounded for ties", "zh": "综合得分（同分比较用）"},
    "bids.book.rounded_pv": {"en": "government PV, rounded for ties", "zh": "政府付费现值（同分比较用）"},
    "bids.book.formula_note": {
        "en": "Figures of each bid are the engine's values; price score, total and rank are live formulas "
        "(rank: higher total, then lower government PV, then earlier submission; not-valid bids unranked).",
        "zh": "各投标的数据为计算引擎的结果；价格得分、综合得分和排名为公式（排名：综合得分高者在前，"
        "其次政府付费现值低者，再次提交早者；无效投标不排名）。",
    },
}
