"""Messages of the xlsx bid template (English and Chinese); merged into :data:`ppp.i18n.catalog.MESSAGES`."""

from __future__ import annotations

BID_TEMPLATE_MESSAGES: dict[str, dict[str, str]] = {
    # Reading a filled bid template (ppp/exports/bid_template.py)
    "rule.bid_template_missing_sheet": {
        "en": "this is not the app's bid template: the sheet(s) {sheets} are missing (do not rename sheets; "
        "a schedules template is not a bid template)",
        "zh": "这不是本应用的投标模板：缺少工作表 {sheets}（请勿重命名工作表；计划表模板不能当作投标模板）",
    },
    "rule.bid_template_other_tender": {
        "en": 'this bid template was made for another tender, not for "{tender}": download the bid '
        "template of this tender",
        "zh": "此投标模板是为其他招标项目制作的，不是“{tender}”：请下载本招标项目的投标模板",
    },
    "rule.bid_template_tender_changed": {
        "en": 'the tender "{tender}" has changed since this bid template was made (the tender\'s file hash '
        "is now {tender_hash}): download the bid template again and enter the offer in it",
        "zh": "自制作此投标模板以来，招标项目“{tender}”已有变更（招标文件哈希现为 {tender_hash}）："
        "请重新下载投标模板并在其中填写报价",
    },
    "rule.bid_template_row_changed": {
        "en": 'this row should hold the key "{expected}": rows of the bid sheet must not be inserted, '
        "moved or removed (download a new template)",
        "zh": "此行应为键“{expected}”：投标工作表的行不能插入、移动或删除（请重新下载模板）",
    },
    "rule.bid_template_required": {
        "en": "is required: fill in this cell",
        "zh": "为必填项：请填写此单元格",
    },
    "rule.bid_template_technical_score": {
        "en": "the evaluation panel's technical score (0–100) is required before the bid can be imported",
        "zh": "导入投标前须填写评标委员会给出的技术得分（0–100）",
    },
    "rule.bid_template_date": {
        "en": "must be a date such as 2024-05-10 (a spreadsheet date or text YYYY-MM-DD)",
        "zh": "须为日期，例如 2024-05-10（表格日期或 YYYY-MM-DD 格式的文本）",
    },
    # The template's texts
    "bid_template.title.instructions": {
        "en": "Bid template for the tender {tender}",
        "zh": "{tender} 招标项目的投标模板",
    },
    "bid_template.hint.instructions": {
        "en": "Fill in the sheet '{sheet}' and the shaded cells of the schedule sheets, save as .xlsx and "
        "submit it; the tendering office imports it on the tenders page.",
        "zh": "请填写工作表“{sheet}”及各计划表中带底色的单元格，保存为 .xlsx 后提交；"
        "招标方在招标与投标页面导入。",
    },
    "bid_template.instruction.1": {
        "en": "The sheet '{sheet}' holds your offer's terms; the schedule sheets hold your capex, operating "
        "costs and revenue (and, where the tender pays by schedule, your payment per operating year). Every "
        "other input of the bid is the tender's own.",
        "zh": "工作表“{sheet}”填写报价条款；各计划表填写建设投资、经营成本和收入"
        "（按计划付费的项目还要填写各运营年付费额）。投标的其他输入均沿用招标文件。",
    },
    "bid_template.instruction.2": {
        "en": "The terms are prefilled with the tender's values: change those you offer differently. Bidder "
        "and submission date are yours to fill in.",
        "zh": "各条款已预填招标文件的数值：只需修改您报价不同的条款。投标人和递交日期须自行填写。",
    },
    "bid_template.instruction.3": {
        "en": "The technical score is the evaluation panel's (0–100): the bid cannot be imported without it.",
        "zh": "技术得分由评标委员会给出（0–100）：未填写时投标无法导入。",
    },
    "bid_template.instruction.4": {
        "en": "A blank optional term (O&M profit rate, availability factor, target DSCR) takes the default "
        "the project file format gives it.",
        "zh": "可选条款（运维利润率、可用性付费系数、目标偿债备付率）留空时采用项目文件格式的默认值。",
    },
    "bid_template.instruction.5": {
        "en": "The template fits this tender as it stands: if the tender changes, download a new template.",
        "zh": "模板只适用于当前的招标文件：招标文件变更后请重新下载模板。",
    },
    "bid_template.title.bid": {"en": "Bid for the tender {tender}", "zh": "{tender} 投标报价"},
    "bid_template.hint.bid": {
        "en": "Fill in the shaded cells of column C; column B is the key in the project file.",
        "zh": "请填写 C 列带底色的单元格；B 列为项目文件中对应的键。",
    },
    "bid_template.meta.tender": {"en": "Tender (do not change)", "zh": "招标项目（请勿修改）"},
    "bid_template.meta.hash": {
        "en": "Tender file hash (do not change)",
        "zh": "招标文件哈希（请勿修改）",
    },
    "bid_template.column.item": {"en": "Term", "zh": "条款"},
    "bid_template.column.key": {"en": "Key in the project file", "zh": "项目文件中的键"},
    "bid_template.column.value": {"en": "Value", "zh": "数值"},
    "bid_template.column.meaning": {"en": "What it means", "zh": "含义"},
    "bid_template.term.bid.bidder": {"en": "Bidder", "zh": "投标人"},
    "bid_template.term.bid.submitted": {"en": "Submission date", "zh": "递交日期"},
    "bid_template.term.bid.technical_score": {"en": "Technical score", "zh": "技术得分"},
    "bid_template.term.rates.reasonable_profit_rate": {
        "en": "Reasonable profit rate",
        "zh": "合理利润率",
    },
    "bid_template.term.rates.om_profit_rate": {"en": "O&M profit rate", "zh": "运维利润率"},
    "bid_template.term.payment.availability_factor": {
        "en": "Availability factor",
        "zh": "可用性付费系数",
    },
    "bid_template.term.financing.equity_ratio": {"en": "Equity ratio", "zh": "资本金比例"},
    "bid_template.term.financing.loan_rate": {"en": "Loan interest rate", "zh": "贷款利率"},
    "bid_template.term.financing.tenor_years": {"en": "Loan tenor (years)", "zh": "贷款期限（年）"},
    "bid_template.term.financing.repayment": {"en": "Repayment profile", "zh": "还款方式"},
    "bid_template.term.financing.target_dscr": {"en": "Target DSCR", "zh": "目标偿债备付率"},
    "bid_template.meaning.bid.bidder": {
        "en": "The bidding company or consortium, as it signs the bid (1–200 characters).",
        "zh": "投标公司或联合体名称，与投标文件签章一致（1–200 字）。",
    },
    "bid_template.meaning.bid.submitted": {
        "en": "The day the bid was submitted (YYYY-MM-DD); an earlier submission wins an otherwise "
        "exact tie.",
        "zh": "投标递交日（YYYY-MM-DD）；其他条件完全相同时，递交较早者优先。",
    },
    "bid_template.meaning.bid.technical_score": {
        "en": "The evaluation panel's technical score, 0–100; filled in by the panel before the bid is "
        "imported.",
        "zh": "评标委员会给出的技术得分，0–100；由评标委员会在导入投标前填写。",
    },
    "bid_template.meaning.rates.reasonable_profit_rate": {
        "en": "合理利润率 p of the availability payment formula, a fraction (7% = 0.07): the main price "
        "term.",
        "zh": "可用性付费公式中的合理利润率 p，以小数表示（7% = 0.07）：主要报价条款。",
    },
    "bid_template.meaning.rates.om_profit_rate": {
        "en": "Profit on O&M cost inside the payment, a fraction; blank means the reasonable profit rate.",
        "zh": "付费中运维成本的利润率，以小数表示；留空即等于合理利润率。",
    },
    "bid_template.meaning.payment.availability_factor": {
        "en": "The availability payment offered as a multiple of the method's formula (0.95 = a 5% "
        "discount); blank means 1.",
        "zh": "报价的可用性付费相对付费公式的倍数（0.95 即下浮 5%）；留空即为 1。",
    },
    "bid_template.meaning.financing.equity_ratio": {
        "en": "Share of construction investment paid in as equity (资本金), a fraction; the loan covers the "
        "rest (the debt share is 1 minus this).",
        "zh": "建设投资中以资本金投入的比例，以小数表示；其余由贷款解决（债务比例 = 1 − 此值）。",
    },
    "bid_template.meaning.financing.loan_rate": {
        "en": "Annual interest rate of the project loan, a fraction (4.9% = 0.049).",
        "zh": "项目贷款年利率，以小数表示（4.9% = 0.049）。",
    },
    "bid_template.meaning.financing.tenor_years": {
        "en": "Years of repayment from the first operating year; at most the operation period.",
        "zh": "自第一个运营年起的还款年数；不超过运营期。",
    },
    "bid_template.meaning.financing.repayment": {
        "en": "annuity (等额本息), equal-principal (等额本金) or sculpted (debt service follows cash flow "
        "at the target DSCR).",
        "zh": "annuity（等额本息）、equal-principal（等额本金）或 sculpted（按目标偿债备付率塑形还款）。",
    },
    "bid_template.meaning.financing.target_dscr": {
        "en": "Debt service coverage the sculpted repayment keeps (e.g. 1.3); used only with sculpted, "
        "leave blank otherwise.",
        "zh": "塑形还款保持的偿债备付率（如 1.3）；仅用于 sculpted，其他方式请留空。",
    },
    "bid_template.validation.choice": {
        "en": "Choose one of: {choices}.",
        "zh": "请选择其中之一：{choices}。",
    },
    "bid_template.validation.date": {
        "en": "Type a date from {low} to {high}.",
        "zh": "请输入 {low} 至 {high} 之间的日期。",
    },
    "bid_template.validation.text": {
        "en": "Type a name of {low} to {high} characters.",
        "zh": "请输入 {low} 至 {high} 个字符的名称。",
    },
    "bid_template.validation.number": {
        "en": "Type a number from {low} to {high}.",
        "zh": "请输入 {low} 至 {high} 之间的数字。",
    },
    "bid_template.validation.rate": {
        "en": "Type a rate from {low} to {high} as a fraction or a percentage (2% = 0.02).",
        "zh": "请输入 {low} 至 {high} 之间的比率，小数或百分比均可（2% = 0.02）。",
    },
    "bid_template.validation.int": {
        "en": "Type a whole number of years from {low} to {high}.",
        "zh": "请输入 {low} 至 {high} 之间的整数年数。",
    },
}
