"""The message catalog: one entry per key, each with its English and Chinese text."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    # Reading files
    "file.not_found": {"en": "file not found: {path}", "zh": "找不到文件：{path}"},
    "file.not_readable": {"en": "cannot read {path}: {reason}", "zh": "无法读取 {path}：{reason}"},
    "file.not_utf8": {
        "en": "{path} is not UTF-8 text (byte {position})",
        "zh": "{path} 不是 UTF-8 文本（第 {position} 字节）",
    },
    "file.bad_toml": {"en": "not valid TOML: {reason}", "zh": "不是有效的 TOML：{reason}"},
    # Problem layout
    "problem.line": {"en": "{path} = {value}: {rule}", "zh": "{path} = {value}：{rule}"},
    "problem.line_no_value": {"en": "{path}: {rule}", "zh": "{path}：{rule}"},
    "problem.error": {"en": "error", "zh": "错误"},
    "problem.warning": {"en": "warning", "zh": "警告"},
    # Structural rules (from pydantic error types)
    "rule.unknown_key": {
        "en": "unknown key (not part of the file format; check the spelling)",
        "zh": "未知的键（不属于文件格式，请检查拼写）",
    },
    "rule.kpi_framework_schema": {
        "en": 'must be "ppp-kpi-framework/1"',
        "zh": '必须为 "ppp-kpi-framework/1"',
    },
    "rule.framework_no_kpis": {
        "en": "a KPI framework needs at least one [[kpis]] table",
        "zh": "KPI 框架至少需要一个 [[kpis]] 表",
    },
    "rule.framework_id_file": {
        "en": 'must equal the file name without .toml ("{file_id}")',
        "zh": '须与文件名（不含 .toml）一致（"{file_id}"）',
    },
    "template.unknown": {
        "en": "no {kind} template with this id in {folder} (available: {available})",
        "zh": "{folder} 中没有此编号的模板（{kind}；可用：{available}）",
    },
    "rule.missing": {"en": "required key is missing", "zh": "缺少必填的键"},
    "rule.number": {"en": "must be a number", "zh": "必须是数字"},
    "rule.integer": {"en": "must be a whole number", "zh": "必须是整数"},
    "rule.text": {"en": "must be text", "zh": "必须是文本"},
    "rule.boolean": {"en": "must be true or false", "zh": "必须是 true 或 false"},
    "rule.list": {"en": "must be a list [ ... ]", "zh": "必须是列表 [ ... ]"},
    "rule.table": {"en": "must be a table", "zh": "必须是表（table）"},
    "rule.date": {"en": "must be a date (YYYY-MM-DD)", "zh": "必须是日期（YYYY-MM-DD）"},
    "rule.finite": {
        "en": "must be a finite number (not nan or inf)",
        "zh": "必须是有限数值（不能是 nan 或 inf）",
    },
    "rule.one_of": {"en": "must be one of {expected}", "zh": "必须是以下之一：{expected}"},
    "rule.gt": {"en": "must be greater than {limit}", "zh": "必须大于 {limit}"},
    "rule.ge": {"en": "must be at least {limit}", "zh": "不能小于 {limit}"},
    "rule.lt": {"en": "must be less than {limit}", "zh": "必须小于 {limit}"},
    "rule.le": {"en": "must be at most {limit}", "zh": "不能大于 {limit}"},
    "rule.rate_le": {
        "en": "must be at most {limit} (rates are fractions: 0.049 means 4.9%)",
        "zh": "不能大于 {limit}（比率用小数表示：0.049 即 4.9%）",
    },
    "rule.text_length": {
        "en": "must be {min_length} to {max_length} characters long",
        "zh": "长度须为 {min_length}–{max_length} 个字符",
    },
    "rule.pattern": {
        "en": "must match {pattern} (lower-case letters, digits, underscore)",
        "zh": "须符合 {pattern}（小写字母、数字、下划线）",
    },
    "rule.other": {"en": "{message}", "zh": "{message}"},
    # Cross-field rules
    "rule.schema": {"en": 'must be "ppp-project/1"', "zh": '必须为 "ppp-project/1"'},
    "rule.periods_max": {
        "en": "construction_years + operation_years must be at most 50 (here {total})",
        "zh": "建设期 + 运营期不能超过 50 年（此处为 {total}）",
    },
    "rule.base_year": {
        "en": "must lie within the contract period {first}–{last} or before it",
        "zh": "须在合作期 {first}–{last} 之内或之前",
    },
    "rule.capex_needs_construction": {
        "en": "construction capex needs construction_years ≥ 1 (mark refreshes lifecycle = true)",
        "zh": "建设投资需要建设期 ≥ 1 年（运营期更新请设 lifecycle = true）",
    },
    "rule.capex_amount_or_amounts": {
        "en": "give either amount with phasing, or amounts (one per construction year), not both",
        "zh": "须给出 amount 加 phasing，或 amounts（每个建设年一个），二者只能取其一",
    },
    "rule.phasing_required": {
        "en": "amount needs phasing: {count} shares summing to 1",
        "zh": "amount 需要 phasing：{count} 个比例，合计为 1",
    },
    "rule.length": {
        "en": "must have {expected} values (one per {unit}), not {actual}",
        "zh": "须有 {expected} 个值（每个{unit}一个），而不是 {actual} 个",
    },
    "unit.construction_year": {"en": "construction year", "zh": "建设年"},
    "unit.operating_year": {"en": "operating year", "zh": "运营年"},
    "unit.period": {"en": "period (construction + operation)", "zh": "期间（建设期 + 运营期）"},
    "rule.phasing_sum": {
        "en": "shares must sum to 1 (±1e-9); they sum to {total}",
        "zh": "各比例之和须为 1（±1e-9）；当前为 {total}",
    },
    "rule.lifecycle_timing": {
        "en": "a lifecycle item needs exactly one of every_years or operating_years",
        "zh": "更新改造投资须且只能给出 every_years 或 operating_years 之一",
    },
    "rule.lifecycle_no_phasing": {
        "en": "a lifecycle item takes amount with every_years or operating_years, not phasing or amounts",
        "zh": "更新改造投资使用 amount 与 every_years 或 operating_years，不使用 phasing 或 amounts",
    },
    "rule.lifecycle_amount": {"en": "a lifecycle item needs amount", "zh": "更新改造投资须给出 amount"},
    "rule.construction_only_key": {
        "en": "only lifecycle items (lifecycle = true) take this key",
        "zh": "只有更新改造投资（lifecycle = true）使用此键",
    },
    "rule.operating_year_range": {
        "en": "operating years run from 1 to {operation_years}",
        "zh": "运营年须在 1 到 {operation_years} 之间",
    },
    "rule.tenor_within_operation": {
        "en": "the loan tenor must not exceed operation_years ({operation_years})",
        "zh": "贷款期限不能超过运营期（{operation_years} 年）",
    },
    "rule.target_dscr_required": {
        "en": "sculpted repayment needs financing.target_dscr",
        "zh": "按偿债备付率塑形还款须给出 financing.target_dscr",
    },
    "rule.target_dscr_only_sculpted": {
        "en": 'target_dscr applies to repayment = "sculpted" only',
        "zh": 'target_dscr 仅用于 repayment = "sculpted"',
    },
    "rule.subsidy_years": {
        "en": "the subsidy period must not exceed operation_years ({operation_years})",
        "zh": "财政运营补贴周期不能超过运营期（{operation_years} 年）",
    },
    "rule.schedule_required": {
        "en": 'method = "schedule" needs payment.schedule (one amount per operating year)',
        "zh": 'method = "schedule" 须给出 payment.schedule（每个运营年一个金额）',
    },
    "rule.schedule_only": {
        "en": 'payment.schedule applies to method = "schedule" only',
        "zh": 'payment.schedule 仅用于 method = "schedule"',
    },
    "rule.user_pay_method": {
        "en": 'payment_mode "user-pay" needs payment.method = "user-pay" and the reverse',
        "zh": '使用者付费项目须 payment.method = "user-pay"，反之亦然',
    },
    "rule.bands_descending": {
        "en": "score bands must be listed highest min first, each min lower than the one before",
        "zh": "绩效分档须按 min 从高到低排列，且逐档递减",
    },
    "rule.score_not_covered": {
        "en": "no score band covers the expected score {score}; add a band with min ≤ {score}",
        "zh": "没有覆盖预期绩效得分 {score} 的分档；请增加 min ≤ {score} 的分档",
    },
    "rule.risk_one_method": {
        "en": "give either risk_ratio or risk_scenarios, not both",
        "zh": "风险承担支出只能用比例法（risk_ratio）或情景法（risk_scenarios）之一",
    },
    "rule.probabilities_sum": {
        "en": "scenario probabilities must sum to 1 (±1e-9); they sum to {total}",
        "zh": "各情景概率之和须为 1（±1e-9）；当前为 {total}",
    },
    "rule.kpi_unique": {"en": 'KPI id "{id}" is used twice', "zh": 'KPI 编号 "{id}" 重复'},
    "rule.kpi_kind": {
        "en": "a KPI is either scored (weight and tolerance) or points-based (points_per_unit)",
        "zh": "KPI 须为评分型（weight 与 tolerance）或扣分型（points_per_unit）之一",
    },
    "rule.kpi_weights": {
        "en": "weights of scored KPIs must sum to 100; they sum to {total}",
        "zh": "评分型 KPI 的权重之和须为 100；当前为 {total}",
    },
    "rule.deduction_bands": {
        "en": "bands must run upward without gaps or overlaps: from = previous to + 1, to ≥ from, "
        "only the last band may omit to",
        "zh": "扣款分档须从低到高连续且不重叠：from = 上一档 to + 1，to ≥ from，只有最后一档可省略 to",
    },
    "rule.tender_weights": {
        "en": "price_weight + technical_weight must be 1; they sum to {total}",
        "zh": "价格权重与技术权重之和须为 1；当前为 {total}",
    },
    "rule.revenue_start": {
        "en": "must be within the operating years 1–{operation_years}",
        "zh": "须在运营年 1–{operation_years} 之内",
    },
    # Warnings
    "warn.linked_share": {
        "en": "under the 2015 framework (财办金〔2017〕92号) at least 30% of the availability part is tied "
        "to performance; here {share}",
        "zh": "按 2015 年框架（财办金〔2017〕92号），可用性付费中至少 30% 须与绩效挂钩；此处为 {share}",
    },
    "warn.franchise_government_pay": {
        "en": "under 国办函〔2023〕115号 new franchise projects are user-pay; {payment_mode} is unusual",
        "zh": "按国办函〔2023〕115号，新建特许经营项目应为使用者付费；{payment_mode} 不符合新机制",
    },
    "warn.franchise_term": {
        "en": "the concession runs {years} years; under 国办函〔2023〕115号 a franchise runs at most {limit} years "
        "in principle",
        "zh": "合作期共 {years} 年；按国办函〔2023〕115号，特许经营期限原则上不超过 {limit} 年",
    },
    "warn.revenue_not_netted": {
        "en": "user revenue of a government-pay project is SPV income, not netted from the payment "
        '(use payment_mode = "viability-gap" to net it)',
        "zh": "政府付费项目的使用者收入计入项目公司收入，不抵减政府付费（如需抵减请用 viability-gap）",
    },
    # Engine
    "engine.sculpt_infeasible": {
        "en": "sculpted repayment at target DSCR {target} cannot repay the loan within {tenor} years: "
        "{shortfall} of the {debt} debt would remain unpaid",
        "zh": "按目标偿债备付率 {target} 塑形还款，无法在 {tenor} 年内还清贷款：{debt} 中仍有 {shortfall} 未偿还",
    },
    # Solve
    "solve.unknown_target": {
        "en": "unknown target {name}; use one of {expected}",
        "zh": "未知的目标 {name}；可用：{expected}",
    },
    "solve.bad_target": {
        "en": "target must look like name=value (e.g. equity_irr=0.08), not {text}",
        "zh": "目标格式须为 名称=数值（如 equity_irr=0.08），而不是 {text}",
    },
    "solve.unknown_variable": {
        "en": "unknown variable {name}; use one of {expected}",
        "zh": "未知的求解变量 {name}；可用：{expected}",
    },
    "solve.variable_not_applicable": {
        "en": "{variable} does not apply to this project ({reason})",
        "zh": "{variable} 不适用于本项目（{reason}）",
    },
    "solve.unreachable": {
        "en": "{target} = {value} is out of reach for {variable} in [{low}, {high}]: the closest is {best} "
        "at {variable} = {at}, {gap} from the target",
        "zh": "在 {variable} ∈ [{low}, {high}] 范围内无法达到 {target} = {value}：最接近为 {best}"
        "（{variable} = {at}），差距 {gap}",
    },
    "solve.bad_range": {
        "en": "the search range must have low < high, not [{low}, {high}]",
        "zh": "求解区间须满足下限 < 上限，而不是 [{low}, {high}]",
    },
}

#: what each metric is and how it is shown: (English label, Chinese label, kind)
METRIC_LABELS: dict[str, tuple[str, str, str]] = {
    "project_npv_pre_tax": ("Project NPV, pre-tax", "项目财务净现值（税前）", "money"),
    "project_irr_pre_tax": ("Project IRR, pre-tax", "项目财务内部收益率（税前）", "rate"),
    "project_npv_post_tax": ("Project NPV, post-tax", "项目财务净现值（税后）", "money"),
    "project_irr_post_tax": ("Project IRR, post-tax", "项目财务内部收益率（税后）", "rate"),
    "equity_irr": ("Equity IRR", "资本金财务内部收益率", "rate"),
    "equity_npv": ("Equity NPV (at hurdle rate)", "资本金财务净现值（按基准收益率）", "money"),
    "min_dscr": ("Minimum DSCR", "最低偿债备付率", "ratio"),
    "mean_dscr": ("Mean DSCR", "平均偿债备付率", "ratio"),
    "llcr": ("LLCR", "贷款期偿债覆盖率（LLCR）", "ratio"),
    "payback_years": ("Payback period, static (years)", "静态投资回收期（年）", "years"),
    "discounted_payback_years": ("Payback period, discounted (years)", "动态投资回收期（年）", "years"),
    "roi": ("Return on investment (ROI)", "总投资收益率", "rate"),
    "roe": ("Return on equity (ROE)", "资本金净利润率", "rate"),
    "government_pv": ("PV of government payments", "政府付费现值", "money"),
    "construction_investment": ("Construction investment", "建设投资", "money"),
    "idc": ("Interest during construction", "建设期利息", "money"),
    "total_investment": ("Total investment", "总投资", "money"),
    "max_affordability_ratio": ("Peak affordability ratio", "最高财政支出占比", "rate"),
    "vfm_amount": ("VfM amount", "物有所值量值", "money"),
    "vfm_index": ("VfM index", "物有所值指数", "rate"),
    "min_icr": ("Minimum ICR", "最低利息备付率", "ratio"),
}

MESSAGES.update(
    {
        "cli.valid": {"en": "{path}: valid ({name})", "zh": "{path}：有效（{name}）"},
        "cli.invalid": {
            "en": "{path}: {count} problem(s) found",
            "zh": "{path}：发现 {count} 个问题",
        },
        "cli.summary_title": {
            "en": "{name}: evaluation ({money_unit}, nominal)",
            "zh": "{name}：财务评价（{money_unit}，名义值）",
        },
        "cli.input_hash": {"en": "input hash", "zh": "输入哈希"},
        "cli.not_applicable": {"en": "n/a", "zh": "不适用"},
        "cli.annual_title": {"en": "Annual table", "zh": "年度表"},
        "cli.solved": {
            "en": "{variable} = {value} gives {target} = {achieved} (target {target_value})",
            "zh": "{variable} = {value} 时 {target} = {achieved}（目标 {target_value}）",
        },
        "cli.internal_error": {
            "en": "internal error ({kind}): {detail}. Please report it with the input file.",
            "zh": "内部错误（{kind}）：{detail}。请连同输入文件一起报告。",
        },
        "column.year": {"en": "year", "zh": "年份"},
        "column.phase": {"en": "phase", "zh": "阶段"},
        "column.capex": {"en": "capex", "zh": "建设投资"},
        "column.government_payment": {"en": "gov. payment", "zh": "政府付费"},
        "column.user_revenue": {"en": "user revenue", "zh": "使用者收入"},
        "column.opex": {"en": "opex", "zh": "运营成本"},
        "column.cfads": {"en": "CFADS", "zh": "可用于偿债现金"},
        "column.dscr": {"en": "DSCR", "zh": "偿债备付率"},
        "column.equity_cf": {"en": "equity CF", "zh": "资本金现金流"},
        "phase.construction": {"en": "construction", "zh": "建设期"},
        "phase.operation": {"en": "operation", "zh": "运营期"},
    }
)

#: the annual table's columns: (English, Chinese, kind) — kind as in METRIC_LABELS, or "text" / "integer"
YEAR_LABELS: dict[str, tuple[str, str, str]] = {
    "period": ("Period", "期间", "integer"),
    "year": ("Year", "年份", "integer"),
    "phase": ("Phase", "阶段", "text"),
    "capex": ("Construction capex", "建设投资", "money"),
    "lifecycle_capex": ("Lifecycle capex", "更新改造投资", "money"),
    "idc": ("Interest during construction", "建设期利息", "money"),
    "equity_draw": ("Equity drawn", "资本金投入", "money"),
    "debt_draw": ("Debt drawn", "借款提取", "money"),
    "debt_opening": ("Debt, opening balance", "期初借款余额", "money"),
    "interest": ("Interest", "利息支付", "money"),
    "principal": ("Principal", "本金偿还", "money"),
    "government_payment": ("Government payment", "政府付费", "money"),
    "availability_payment": ("Availability payment", "可用性付费", "money"),
    "om_payment": ("O&M performance payment", "运维绩效服务费", "money"),
    "user_revenue": ("User revenue", "使用者付费收入", "money"),
    "opex": ("Operating cost", "经营成本", "money"),
    "ebitda": ("EBITDA", "息税折旧摊销前利润", "money"),
    "depreciation": ("Depreciation", "折旧", "money"),
    "ebit": ("EBIT", "息税前利润", "money"),
    "income_tax": ("Income tax", "所得税", "money"),
    "net_profit": ("Net profit", "净利润", "money"),
    "cfads": ("CFADS", "可用于还本付息的现金", "money"),
    "dscr": ("DSCR", "偿债备付率", "ratio"),
    "project_cf_pre_tax": ("Project cash flow, pre-tax", "项目投资净现金流量（税前）", "money"),
    "project_cf_post_tax": ("Project cash flow, post-tax", "项目投资净现金流量（税后）", "money"),
    "equity_cf": ("Equity cash flow", "资本金净现金流量", "money"),
    "fiscal_expenditure": ("Fiscal expenditure", "财政支出责任", "money"),
    "affordability_ratio": ("Affordability ratio", "财政支出占一般公共预算比例", "rate"),
    "icr": ("ICR", "利息备付率", "ratio"),
}

# The pages' texts live in their own module so that the app's wording can grow without touching the above.
from ppp.i18n.ui_catalog import UI_MESSAGES  # noqa: E402

MESSAGES.update(UI_MESSAGES)

# Refusals of the services (ppp/services): what a page shows when a request cannot be carried out.
MESSAGES.update(
    {
        "service.project_not_found": {
            "en": "Project {id} does not exist (it may have been removed).",
            "zh": "项目 {id} 不存在（可能已被删除）。",
        },
        "service.stale_revision": {
            "en": "{project} was changed by {updated_by} at {updated_at} (it is now revision {revision}; your edit started from revision {base_revision}; changed since: {changed}). Nothing was saved: reload the project and make your change again.",
            "zh": "“{project}”已由 {updated_by} 于 {updated_at} 修改（当前为第 {revision} 版，您的修改基于第 {base_revision} 版；此后修改的部分：{changed}）。未保存任何内容：请重新加载项目后再修改。",
        },
        "service.forbidden": {
            "en": "Your role ({role}) may view projects but not change them.",
            "zh": "您的角色（{role}）只能查看项目，不能修改。",
        },
        "service.no_local_user": {
            "en": "The database has no local user: it was not initialised. Restart the app to set it up.",
            "zh": "数据库中没有本地用户：数据库尚未初始化。请重新启动应用以完成初始化。",
        },
    }
)

# Importing: JSON project files and the xlsx schedules template (ppp/model/io.py, ppp/exports/xlsx_import.py,
# ppp/exports/template.py).
MESSAGES.update(
    {
        "file.bad_json": {"en": "not valid JSON: {reason}", "zh": "不是有效的 JSON：{reason}"},
        "file.json_not_object": {
            "en": "a JSON project file must be one object {{ ... }} with the keys of the TOML file",
            "zh": "JSON 项目文件必须是一个对象 {{ ... }}，其键与 TOML 文件相同",
        },
        "file.json_duplicate_key": {
            "en": 'not valid JSON: the key "{key}" appears twice in the same object',
            "zh": '不是有效的 JSON：同一对象中键 "{key}" 出现了两次',
        },
        "import.empty": {
            "en": "the file is empty: download the template, fill it in and upload it",
            "zh": "文件为空：请下载模板，填写后再上传",
        },
        "import.too_large": {
            "en": "the file is too large ({size} bytes; at most {limit} bytes): upload the filled template only",
            "zh": "文件过大（{size} 字节；上限 {limit} 字节）：请只上传填写好的模板",
        },
        "import.not_xlsx": {
            "en": 'the file is not an Excel workbook (.xlsx): download the template, fill it in and save it as "Excel Workbook (*.xlsx)"',
            "zh": "文件不是 Excel 工作簿（.xlsx）：请下载模板，填写后另存为“Excel 工作簿（*.xlsx）”",
        },
        "import.corrupt": {
            "en": "the workbook is damaged or incomplete (was the upload cut off?): {detail}",
            "zh": "工作簿已损坏或不完整（上传是否中断？）：{detail}",
        },
        "import.zip_bomb": {
            "en": "the workbook unpacks to an unsafe size and was not opened (zip bomb?): {detail}",
            "zh": "工作簿解压后的大小不安全，未打开（疑似 zip 炸弹）：{detail}",
        },
        "import.xml_unsafe": {
            "en": "the workbook part {part} declares a DTD or entities (XML bomb?); it was not opened",
            "zh": "工作簿部件 {part} 含有 DTD 或实体声明（疑似 XML 炸弹），未打开",
        },
        "import.macro_enabled": {
            "en": 'the workbook contains macros (.xlsm, vbaProject.bin); macros are never accepted: save it as "Excel Workbook (*.xlsx)"',
            "zh": "工作簿包含宏（.xlsm、vbaProject.bin），不接受含宏的文件：请另存为“Excel 工作簿（*.xlsx）”",
        },
        "import.missing_sheet": {
            "en": "this is not the app's schedules template: the sheet(s) {sheets} are missing (do not rename sheets)",
            "zh": "这不是本应用的计划表模板：缺少工作表 {sheets}（请勿重命名工作表）",
        },
        "import.template_mismatch": {
            "en": "the template was made for {template_construction} construction and {template_operation} operation years, payment method {template_method}; the project now has {construction}, {operation} and {method}: download a new template",
            "zh": "模板对应建设期 {template_construction} 年、运营期 {template_operation} 年、付费方式 {template_method}；项目现为 {construction} 年、{operation} 年、{method}：请重新下载模板",
        },
        "import.at_cell": {"en": "{message} (cell {cell})", "zh": "{message}（单元格 {cell}）"},
        "import.header_changed": {
            "en": 'this header should read "{expected}": columns must not be inserted, moved or removed (download a new template)',
            "zh": "此表头应为“{expected}”：不能插入、移动或删除列（请重新下载模板）",
        },
        "import.formula_in_input": {
            "en": "input cells must hold values, not formulas (type the number itself)",
            "zh": "输入单元格只能填写数值，不能使用公式（请直接输入数字）",
        },
        "import.bad_cell.number": {"en": "must be a number", "zh": "必须是数字"},
        "import.bad_cell.integer": {"en": "must be a whole number", "zh": "必须是整数"},
        "import.bad_cell.finite": {
            "en": "must be a finite number (not NaN or infinity)",
            "zh": "必须是有限数值（不能是 NaN 或无穷大）",
        },
        "import.bad_cell.text": {"en": "must be text", "zh": "必须是文本"},
        "import.bad_cell.required": {
            "en": "is required in a row that has other values",
            "zh": "该行已填写其他内容，此单元格为必填",
        },
        "import.bad_cell.years": {
            "en": "must be operating years as whole numbers separated by commas (e.g. 6, 7, 8)",
            "zh": "须为以逗号分隔的运营年序号（整数，例如 6, 7, 8）",
        },
        "import.bad_cell.error_value": {
            "en": "holds an error value instead of a number",
            "zh": "单元格为错误值，而不是数字",
        },
        "import.beyond_last_row": {
            "en": "the template takes at most {rows} items per sheet; this row is beyond the last one",
            "zh": "每张工作表最多 {rows} 项；此行超出了最后一行",
        },
        # The template's texts
        "xlsx_template.title.instructions": {
            "en": "Schedules template of {project}",
            "zh": "{project} 的计划表模板",
        },
        "xlsx_template.hint.instructions": {
            "en": "Fill in the shaded cells of the other sheets, save as .xlsx and upload it in the project editor.",
            "zh": "请填写其他工作表中带底色的单元格，保存为 .xlsx 后在项目编辑页面上传。",
        },
        "xlsx_template.meta.construction_years": {
            "en": "Construction years of the project (do not change)",
            "zh": "项目建设期年数（请勿修改）",
        },
        "xlsx_template.meta.operation_years": {
            "en": "Operation years of the project (do not change)",
            "zh": "项目运营期年数（请勿修改）",
        },
        "xlsx_template.meta.payment_method": {
            "en": "Payment method of the project (do not change)",
            "zh": "项目付费方式（请勿修改）",
        },
        "xlsx_template.instruction.1": {
            "en": "Type values only in the shaded cells; formulas are refused in them (type the number itself).",
            "zh": "只在带底色的单元格中填写数值；其中不接受公式（请直接输入数字）。",
        },
        "xlsx_template.instruction.2": {
            "en": "One item per row, at most {rows} rows per sheet. A row left blank is no item; to remove an item, clear its row.",
            "zh": "每行一项，每张工作表最多 {rows} 行。空行不计；删除某项时清空其所在行即可。",
        },
        "xlsx_template.instruction.3": {
            "en": "Amounts are in the project's money unit at base-year prices. Rates and shares are fractions (the cells show them as percentages: 2% = 0.02).",
            "zh": "金额以项目的货币单位、基年价格计。比率和比例为小数（单元格以百分比显示：2% = 0.02）。",
        },
        "xlsx_template.instruction.4": {
            "en": "Construction capex: with an amount, the year columns are its shares per construction year (summing to 100%); without one, they are the amounts per year.",
            "zh": "建设投资：填写了金额时，各年列为各建设年的分摊比例（合计 100%）；未填写金额时，各年列为各年投资额。",
        },
        "xlsx_template.instruction.5": {
            "en": "Lifecycle capex: give either 'every how many operating years' or a list of operating years such as 6, 7, 8 — not both.",
            "zh": "更新改造投资：填写“每隔几个运营年”或运营年列表（如 6, 7, 8），二者只填其一。",
        },
        "xlsx_template.instruction.6": {
            "en": "A blank optional cell (escalation, life, start year) takes the project's default.",
            "zh": "可选单元格（调价率、折旧年限、起始年）留空时采用项目默认值。",
        },
        "xlsx_template.instruction.7": {
            "en": "Do not rename, add or remove sheets and do not change the cells above; the template fits this project's timeline only.",
            "zh": "请勿重命名、增加或删除工作表，也不要修改上方单元格；模板只适用于本项目当前的期间设置。",
        },
        "xlsx_template.instruction.8": {
            "en": "Nothing is saved unless every value is valid; the app lists each problem with its cell.",
            "zh": "只有全部数值有效时才会保存；应用会逐一列出问题及其单元格。",
        },
        "xlsx_template.title.construction": {
            "en": "Construction capex ({unit})",
            "zh": "建设投资（{unit}）",
        },
        "xlsx_template.hint.construction": {
            "en": "With an amount the year columns are shares (sum 100%); without one they are amounts per year.",
            "zh": "填写金额时各年列为分摊比例（合计 100%）；不填金额时各年列为各年投资额。",
        },
        "xlsx_template.title.lifecycle": {
            "en": "Lifecycle capex in operation ({unit})",
            "zh": "运营期更新改造投资（{unit}）",
        },
        "xlsx_template.hint.lifecycle": {
            "en": "Every how many operating years, or a list of operating years (6, 7, 8) — not both.",
            "zh": "填写“每隔几个运营年”或运营年列表（6, 7, 8），二者只填其一。",
        },
        "xlsx_template.title.opex": {
            "en": "Operating costs per operating year ({unit})",
            "zh": "每运营年经营成本（{unit}）",
        },
        "xlsx_template.hint.opex": {
            "en": "Amounts per operating year at base-year prices.",
            "zh": "每运营年金额，按基年价格计。",
        },
        "xlsx_template.title.revenue": {
            "en": "User and third-party revenue per operating year ({unit})",
            "zh": "每运营年使用者付费及第三方收入（{unit}）",
        },
        "xlsx_template.hint.revenue": {
            "en": "Amounts per operating year at base-year prices; a blank start year means the first operating year.",
            "zh": "每运营年金额，按基年价格计；起始年留空即第一个运营年。",
        },
        "xlsx_template.title.schedule": {
            "en": "Payment schedule per operating year ({unit})",
            "zh": "各运营年付费计划（{unit}）",
        },
        "xlsx_template.hint.schedule": {
            "en": "One amount per operating year (payment.method = schedule).",
            "zh": "每个运营年一个金额（payment.method = schedule）。",
        },
        "xlsx_template.validation.title": {"en": "Not accepted", "zh": "输入无效"},
        "xlsx_template.validation.money": {
            "en": "Type an amount from {low} to {high} (a number, not a formula).",
            "zh": "请输入 {low} 至 {high} 之间的金额（数字，不是公式）。",
        },
        "xlsx_template.validation.share_or_money": {
            "en": "Type a share (0–100%) or an amount from {low} to {high}.",
            "zh": "请输入比例（0–100%）或 {low} 至 {high} 之间的金额。",
        },
        "xlsx_template.validation.rate": {
            "en": "Type a rate from {low} to {high} as a fraction or a percentage (2% = 0.02).",
            "zh": "请输入 {low} 至 {high} 之间的比率，小数或百分比均可（2% = 0.02）。",
        },
        "xlsx_template.validation.int": {
            "en": "Type a whole number of years from {low} to {high}.",
            "zh": "请输入 {low} 至 {high} 之间的整数年数。",
        },
        "xlsx_template.column.name": {"en": "Item name", "zh": "项目名称"},
        "xlsx_template.column.amount": {"en": "Amount ({unit})", "zh": "金额（{unit}）"},
        "xlsx_template.column.escalation": {"en": "Escalation (per year)", "zh": "年调价率"},
        "xlsx_template.column.every_years": {"en": "Every … operating years", "zh": "每隔几个运营年"},
        "xlsx_template.column.operating_years": {
            "en": "Operating years (e.g. 6, 7, 8)",
            "zh": "运营年（如 6, 7, 8）",
        },
        "xlsx_template.column.life_years": {"en": "Depreciation life (years)", "zh": "折旧年限（年）"},
        "xlsx_template.column.start_operating_year": {
            "en": "First operating year",
            "zh": "起始运营年",
        },
        "xlsx_template.column.construction_year": {
            "en": "Construction year {number} ({year})",
            "zh": "建设第 {number} 年（{year}）",
        },
        "xlsx_template.column.operating_year": {"en": "Operating year", "zh": "运营年"},
        "xlsx_template.column.calendar_year": {"en": "Year", "zh": "年份"},
        "xlsx_template.column.payment": {"en": "Payment ({unit})", "zh": "付费金额（{unit}）"},
    }
)

# KPI readings (ppp.operations.readings) and payment statements (ppp.operations.statement, ``ppp payments``)
MESSAGES.update(
    {
        "readings.bad_header": {
            "en": "the first line must be the header {header}",
            "zh": "第一行须为表头 {header}",
        },
        "readings.columns": {
            "en": "{count} columns where {expected} are expected (kpi_id,period,value)",
            "zh": "列数为 {count}，应为 {expected}（kpi_id,period,value）",
        },
        "readings.unknown_kpi": {
            "en": 'no KPI "{id}" in the project (known: {known})',
            "zh": '项目中没有 KPI "{id}"（已有：{known}）',
        },
        "readings.bad_period": {
            "en": "the period must be YYYY-MM with a month from 01 to 12",
            "zh": "期间须为 YYYY-MM 格式，月份 01 至 12",
        },
        "readings.not_a_number": {
            "en": "the value must be a number (e.g. 99.95; no thousands separators)",
            "zh": "数值须为数字（如 99.95，不带千位分隔符）",
        },
        "readings.not_finite": {"en": "the value must be a finite number", "zh": "数值须为有限数"},
        "readings.negative": {"en": "a reading is never negative", "zh": "读数不能为负"},
        "readings.malformed": {
            "en": "this line cannot be read as CSV (the rest of the file is not read)",
            "zh": "此行无法按 CSV 读取（其后内容未读取）",
        },
        "readings.too_large": {"en": "a reading is at most 10^15", "zh": "读数不能超过 10^15"},
        "readings.over_100": {
            "en": "a percentage (unit {unit}) is at most 100",
            "zh": "百分比（单位 {unit}）不能大于 100",
        },
        "readings.conflict": {
            "en": "{id} {period} already has the value {earlier} on line {line}",
            "zh": "{id} {period} 已在第 {line} 行取值 {earlier}",
        },
        "readings.conflict_stored": {
            "en": "{id} {period} is given twice with different values ({earlier} and this one)",
            "zh": "{id} {period} 出现两个不同的数值（{earlier} 与本值）",
        },
        "readings.outside_operation": {
            "en": "the period {period} is outside the operating years {first}–{last}",
            "zh": "期间 {period} 不在运营期 {first}–{last} 年内",
        },
        "cli.readings_unreadable": {
            "en": "cannot read the readings file {path}: {detail}",
            "zh": "无法读取读数文件 {path}：{detail}",
        },
        "cli.payments_title": {
            "en": "{name}: payment statement (money in {money_unit}, rounded half-up to {minor_unit})",
            "zh": "{name}：付费结算单（金额单位 {money_unit}，四舍五入至 {minor_unit}）",
        },
        "cli.payments_none": {"en": "no readings: no statement", "zh": "没有读数，无结算单"},
        "cli.payments_year": {
            "en": "{year} (operating year {operating_year}, {months} months recorded)",
            "zh": "{year} 年（运营第 {operating_year} 年，已记录 {months} 个月）",
        },
        "cli.payments_score": {"en": "performance score", "zh": "绩效得分"},
        "cli.payments_coefficient": {"en": "payment coefficient", "zh": "付费系数"},
        "cli.payments_points": {"en": "deduction points", "zh": "扣分"},
        "cli.payments_planned": {"en": "planned payment", "zh": "计划付费"},
        "cli.payments_before": {"en": "payment at this coefficient", "zh": "按本系数付费"},
        "cli.payments_deduction": {"en": "deductions", "zh": "扣款"},
        "cli.payments_actual": {"en": "actual payment", "zh": "实际付费"},
        "cli.payments_period": {"en": "month", "zh": "月份"},
        "cli.payments_missing": {"en": "missing readings", "zh": "缺少读数"},
    }
)

# operations services (ppp.services.operations): why a project is at risk
MESSAGES.update(
    {
        "service.risk.score_falling": {
            "en": "the score fell to {score} in {year} (from {previous})",
            "zh": "{year} 年绩效得分降至 {score}（上年 {previous}）",
        },
        "service.risk.ratchet": {
            "en": "deduction points beyond the first band (more than {limit}) in {months}: the ratchet applies",
            "zh": "{months} 扣分超过第一档（{limit} 分以上），触发累进扣款",
        },
        "service.risk.repeated_breach": {
            "en": "{kpis} missed the target in {months} or more consecutive months",
            "zh": "{kpis} 连续 {months} 个月或以上未达目标",
        },
    }
)

# the project lifecycle (ppp.operations.lifecycle, ppp.services.lifecycle): documents and stage changes
MESSAGES.update(
    {
        "lifecycle.document.vfm_report": {"en": "VfM report", "zh": "物有所值评价报告"},
        "lifecycle.document.affordability_report": {
            "en": "Fiscal affordability report",
            "zh": "财政承受能力论证报告",
        },
        "lifecycle.document.implementation_plan": {
            "en": "Implementation plan approved",
            "zh": "实施方案批复",
        },
        "lifecycle.document.contract_signed": {"en": "PPP contract signed", "zh": "PPP 合同签订"},
        "lifecycle.document.spv_established": {"en": "SPV set up", "zh": "项目公司（SPV）设立"},
        "lifecycle.document.financial_close": {"en": "Financial close", "zh": "融资交割"},
        "lifecycle.document.mid_term_review": {"en": "Mid-term review", "zh": "中期评估"},
        "lifecycle.document.asset_register": {
            "en": "Asset register and condition assessed",
            "zh": "资产清单及状况评估",
        },
        "lifecycle.document.performance_test": {"en": "Handover performance test", "zh": "移交性能测试"},
        "lifecycle.document.transfer": {"en": "Transfer to the government", "zh": "资产移交政府"},
        "lifecycle.unknown_stage": {
            "en": "not a stage (identification, preparation, procurement, execution, handover)",
            "zh": "不是项目阶段（识别、准备、采购、执行、移交）",
        },
        "lifecycle.same_stage": {"en": "the project is already in this stage", "zh": "项目已处于该阶段"},
        "lifecycle.skip": {
            "en": "a project moves forward one stage at a time",
            "zh": "项目只能逐级推进，每次一个阶段",
        },
        "lifecycle.reason_required": {
            "en": "moving back to an earlier stage needs a reason",
            "zh": "退回之前的阶段须说明原因",
        },
        "lifecycle.missing.vfm_report": {
            "en": "the VfM report is not done yet",
            "zh": "物有所值评价报告尚未完成",
        },
        "lifecycle.missing.affordability_report": {
            "en": "the fiscal affordability report is not done yet",
            "zh": "财政承受能力论证报告尚未完成",
        },
        "lifecycle.missing.implementation_plan": {
            "en": "the implementation plan is not approved yet",
            "zh": "实施方案尚未批复",
        },
        "lifecycle.missing.contract_signed": {
            "en": "no execution without a signed PPP contract",
            "zh": "PPP 合同未签订，不能进入执行阶段",
        },
        "lifecycle.missing.spv_established": {
            "en": "the SPV is not set up yet",
            "zh": "项目公司（SPV）尚未设立",
        },
        "lifecycle.missing.financial_close": {
            "en": "financial close is not reached yet",
            "zh": "尚未完成融资交割",
        },
        "lifecycle.missing.mid_term_review": {
            "en": "no handover before the mid-term review",
            "zh": "中期评估未完成，不能移交",
        },
        "lifecycle.missing.asset_register": {
            "en": "the asset register is not assessed yet",
            "zh": "资产清单及状况尚未评估",
        },
        "lifecycle.missing.performance_test": {
            "en": "the handover performance test is not done yet",
            "zh": "移交性能测试尚未完成",
        },
        "lifecycle.missing.transfer": {"en": "the transfer is not done yet", "zh": "资产尚未移交"},
        "service.lifecycle.unknown_document": {
            "en": "{kind} is not a lifecycle document",
            "zh": "{kind} 不是生命周期文件类型",
        },
        "service.lifecycle.unknown_milestone": {
            "en": "milestone {id} of this project was not found",
            "zh": "未找到本项目的里程碑 {id}",
        },
        "service.lifecycle.bad_milestone": {
            "en": "a milestone needs a name (at most 200 characters) and a known stage",
            "zh": "里程碑须有名称（不超过 200 字）和有效阶段",
        },
    }
)

# The government's view (issue 6) keeps its texts in modules of its own: bid comparison (pure), the tender
# pages and services, VfM and affordability.
from ppp.i18n.catalog_access import ACCESS_MESSAGES  # noqa: E402
from ppp.i18n.catalog_audit import AUDIT_MESSAGES  # noqa: E402
from ppp.i18n.catalog_backup import BACKUP_MESSAGES  # noqa: E402
from ppp.i18n.catalog_bid_template import BID_TEMPLATE_MESSAGES  # noqa: E402
from ppp.i18n.catalog_bids import BIDS_MESSAGES  # noqa: E402
from ppp.i18n.catalog_government import GOVERNMENT_MESSAGES  # noqa: E402
from ppp.i18n.catalog_operations_ui import OPERATIONS_UI_MESSAGES  # noqa: E402
from ppp.i18n.catalog_projects_ui import PROJECTS_UI_MESSAGES  # noqa: E402
from ppp.i18n.catalog_risk import RISK_MESSAGES  # noqa: E402
from ppp.i18n.catalog_risk_ui import RISK_UI_MESSAGES  # noqa: E402
from ppp.i18n.catalog_sensitivity import SENSITIVITY_MESSAGES  # noqa: E402
from ppp.i18n.catalog_signin import SIGNIN_MESSAGES  # noqa: E402
from ppp.i18n.catalog_tenders import TENDER_MESSAGES  # noqa: E402

for _part in (
    BID_TEMPLATE_MESSAGES,
    BIDS_MESSAGES,
    GOVERNMENT_MESSAGES,
    TENDER_MESSAGES,
    SENSITIVITY_MESSAGES,
    RISK_MESSAGES,
    RISK_UI_MESSAGES,
    ACCESS_MESSAGES,
    AUDIT_MESSAGES,
    BACKUP_MESSAGES,
    SIGNIN_MESSAGES,
    OPERATIONS_UI_MESSAGES,
    PROJECTS_UI_MESSAGES,
):
    _clash = MESSAGES.keys() & _part.keys()
    if _clash:  # a key defined twice would silently win or lose depending on import order
        raise RuntimeError(f"message keys defined twice: {sorted(_clash)}")
    MESSAGES.update(_part)

# Recorded (actual) costs: ppp.services.actuals
MESSAGES.update(
    {
        "rule.actual_cost_kind": {
            "en": "must be one of {allowed}",
            "zh": "必须是以下之一：{allowed}",
        },
        "rule.actual_cost_year": {
            "en": "must be a year of the contract period, {first}–{last}",
            "zh": "必须是合作期内的年份（{first}–{last}）",
        },
        "rule.actual_opex_year": {
            "en": "operating costs are recorded for operating years, from {first}",
            "zh": "运营成本只能记录在运营期年份（{first} 年起）",
        },
        "rule.actual_cost_number": {
            "en": "must be a number (an amount in the project's money unit)",
            "zh": "必须是数字（以项目货币单位计的金额）",
        },
        "rule.actual_cost_range": {
            "en": "must be between 0 and {limit}",
            "zh": "必须在 0 到 {limit} 之间",
        },
        "rule.actual_cost_precision": {
            "en": "must be a whole number of the minor unit {unit} (the fen): round it first",
            "zh": "必须是最小货币单位 {unit}（分）的整数倍，请先取整",
        },
        "rule.actual_cost_note": {
            "en": "the note is too long: at most {limit} characters",
            "zh": "说明过长：最多 {limit} 个字符",
        },
        "service.actual_cost_not_found": {
            "en": "no {kind} is recorded for {year}",
            "zh": "{year} 年没有记录 {kind}",
        },
    }
)

# Named scenarios ([[scenarios]], ppp.model.rules) and `ppp simulate` / `ppp scenarios` (ppp.cli)
MESSAGES.update(
    {
        "rule.scenario_name_unique": {
            "en": "scenario names must be unique: scenario {first} already has this name",
            "zh": "情景名称不能重复：第 {first} 个情景已使用此名称",
        },
        "rule.scenario_name_base": {
            "en": '"base" is the plan itself in a comparison of scenarios: choose another name',
            "zh": "“base”在情景比较中表示基准方案本身，请换一个名称",
        },
        "rule.scenario_multiplier": {
            "en": "a multiple of the plan must be greater than 0 and at most {high} (1.1 = 10 % over plan)",
            "zh": "相对计划值的倍数须大于 0 且不超过 {high}（1.1 即超出计划 10%）",
        },
        "rule.scenario_rate_change": {
            "en": "a change of the rate must lie within ±{limit} (a fraction: 0.01 = +1 point)",
            "zh": "比率的变动须在 ±{limit} 之内（以小数表示：0.01 即上升 1 个百分点）",
        },
        "rule.scenario_loan_rate_negative": {
            "en": "would make the loan rate negative: the plan's rate is {plan}",
            "zh": "会使贷款利率为负：计划贷款利率为 {plan}",
        },
        "rule.scenario_inflation_floor": {
            "en": "would take inflation to -99 % or below: the plan's rate is {plan}",
            "zh": "会使通货膨胀率降至 -99% 或更低：计划通货膨胀率为 {plan}",
        },
        "rule.scenario_score": {
            "en": "the expected performance score is 0 to 100 points",
            "zh": "预期绩效考核得分须在 0 至 100 分之间",
        },
        "rule.scenario_delay": {
            "en": "a construction delay is a whole number of years from 0 to {limit}",
            "zh": "建设期延误须为 0 至 {limit} 之间的整数年",
        },
        "rule.scenario_delay_total": {
            "en": "construction ({years} years) plus the delay may not exceed {limit} years",
            "zh": "建设期（{years} 年）加延误不能超过 {limit} 年",
        },
        "cli.spec_unreadable": {
            "en": "cannot read the Monte Carlo settings {path}",
            "zh": "无法读取蒙特卡洛设置文件 {path}",
        },
        "cli.simulate_title": {
            "en": "{name}: Monte Carlo, {done} of {requested} scenarios, seed {seed} (money in {money_unit})",
            "zh": "{name}：蒙特卡洛模拟，{requested} 个情景中完成 {done} 个，随机种子 {seed}（金额单位：{money_unit}）",
        },
        "cli.simulate_distributions": {"en": "Distributions", "zh": "概率分布"},
        "cli.simulate_correlation": {
            "en": "rank correlation {first} ~ {second}: {rho}",
            "zh": "秩相关 {first} ~ {second}：{rho}",
        },
        "cli.simulate_output": {"en": "output", "zh": "输出指标"},
        "cli.simulate_mean": {"en": "mean", "zh": "均值"},
        "cli.simulate_undefined": {"en": "undefined", "zh": "无定义"},
        "cli.simulate_probabilities": {"en": "Probabilities", "zh": "概率"},
        "cli.simulate_below_hurdle": {
            "en": "equity IRR below the hurdle {hurdle}",
            "zh": "资本金财务内部收益率低于门槛收益率 {hurdle}",
        },
        "cli.simulate_no_hurdle": {
            "en": "equity IRR below a hurdle: no hurdle (set rates.equity_hurdle_rate or --hurdle)",
            "zh": "资本金财务内部收益率低于门槛：未设门槛收益率（请设置 rates.equity_hurdle_rate 或 --hurdle）",
        },
        "cli.simulate_dscr_below_1": {"en": "minimum DSCR below 1.0", "zh": "最低偿债备付率低于 1.0"},
        "cli.simulate_infeasible": {
            "en": "scenarios whose sculpted loan cannot be repaid",
            "zh": "雕塑式还款贷款无法还清的情景",
        },
        "cli.simulate_drivers": {
            "en": "Drivers that matter most (Spearman rank correlation with the output)",
            "zh": "影响最大的因素（与输出指标的 Spearman 秩相关系数）",
        },
        "cli.simulate_no_drivers": {"en": "no driver varies this output", "zh": "没有因素影响此指标"},
        "cli.simulate_clipped": {
            "en": "{driver}: {count} draws clipped to the driver's range",
            "zh": "{driver}：{count} 个抽样值被截断到该因素的取值范围",
        },
        "cli.simulate_csv_written": {
            "en": "scenarios written to {path}",
            "zh": "情景已写入 {path}",
        },
        "cli.simulate_csv_failed": {"en": "cannot write {path}: {detail}", "zh": "无法写入 {path}：{detail}"},
        "cli.scenarios_title": {
            "en": "{name}: named scenarios (money in {money_unit})",
            "zh": "{name}：命名情景（金额单位：{money_unit}）",
        },
        "cli.scenarios_none": {
            "en": "the file has no [[scenarios]]: only the base case is shown",
            "zh": "文件中没有 [[scenarios]]，仅显示基准方案",
        },
        "cli.scenarios_base": {"en": "base", "zh": "基准"},
        "cli.scenarios_points": {"en": "{value} pt", "zh": "{value} 个百分点"},
        "cli.scenarios_feasible": {"en": "loan repaid", "zh": "贷款可还清"},
        "cli.scenarios_yes": {"en": "yes", "zh": "是"},
        "cli.scenarios_no": {"en": "no", "zh": "否"},
        "risk_export.sheet_monte_carlo": {"en": "Monte Carlo", "zh": "蒙特卡洛模拟"},
        "risk_export.column_scenario": {"en": "scenario", "zh": "情景"},
        "risk_export.column_feasible": {"en": "loan repaid (1 = yes)", "zh": "贷款可还清（1 = 是）"},
    }
)
