"""Messages of the government part (English and Chinese); merged into :data:`ppp.i18n.catalog.MESSAGES`."""

from __future__ import annotations

GOVERNMENT_MESSAGES: dict[str, dict[str, str]] = {
    "ui.nav.value_for_money": {"en": "Value for money", "zh": "物有所值"},
    "ui.nav.affordability": {"en": "Fiscal affordability", "zh": "财政承受能力"},
    # Rules of the [vfm] extensions (ppp/model/rules.py)
    "rule.vfm_register_and_amount": {
        "en": "give either the risk register [[vfm.risks]] or this amount, not both (the register sets it)",
        "zh": "风险清单 [[vfm.risks]] 与此金额只能给出其一（金额由风险清单计算）",
    },
    "rule.vfm_shared_needs_share": {
        "en": "a shared risk needs government_share, the government's part (0–1)",
        "zh": "共担风险须给出 government_share，即政府承担的比例（0–1）",
    },
    "rule.vfm_share_only_shared": {
        "en": "government_share applies to shared risks only; this risk is allocated to {allocation}",
        "zh": "government_share 仅用于共担风险；此风险由 {allocation} 承担",
    },
    "rule.vfm_source_key": {
        "en": "not a [vfm] input whose source can be stated; expected one of {expected}",
        "zh": "不是可注明来源的 [vfm] 输入项；应为以下之一：{expected}",
    },
    "rule.vfm_core_weights": {
        "en": "the weights of the core criteria must sum to {expected}; they sum to {total}",
        "zh": "基本评价指标权重之和须为 {expected}；当前为 {total}",
    },
    "rule.vfm_supplementary_weights": {
        "en": "the weights of the supplementary criteria must sum to {expected}; they sum to {total}",
        "zh": "补充评价指标权重之和须为 {expected}；当前为 {total}",
    },
    "rule.vfm_core_count": {
        "en": "财金〔2015〕167号 names {expected} core criteria; {count} are given",
        "zh": "财金〔2015〕167号 规定 {expected} 项基本评价指标；当前为 {count} 项",
    },
    # Service refusals
    "vfm.no_table": {
        "en": "“{name}” has no [vfm] table: add the PSC inputs to assess value for money",
        "zh": "“{name}”没有 [vfm] 表：请先填写公共部门比较值（PSC）的输入",
    },
    "affordability.no_budget": {
        "en": "no budget forecast for {city}: none of its projects has a [fiscal] table",
        "zh": "{city} 没有一般公共预算支出预测：其项目均无 [fiscal] 表",
    },
    "affordability.mixed_units": {
        "en": "the projects of {city} use different money units ({units}); use one unit to add them up",
        "zh": "{city} 的项目使用不同的金额单位（{units}）；请统一单位后再汇总",
    },
    "affordability.file_too_large": {
        "en": "the file is larger than {limit} bytes",
        "zh": "文件超过 {limit} 字节",
    },
    "affordability.file_not_utf8": {
        "en": "not UTF-8 text (byte {position})",
        "zh": "不是 UTF-8 文本（第 {position} 字节）",
    },
    # VfM inputs, parts and sources
    "vfm.input.discount_rate": {"en": "Discount rate", "zh": "折现率"},
    "vfm.input.psc_construction_cost": {
        "en": "PSC construction net cost (base-year prices)",
        "zh": "参照项目建设净成本（基年价格）",
    },
    "vfm.input.psc_om_cost": {
        "en": "PSC O&M net cost per operating year (base-year prices)",
        "zh": "参照项目年运营维护净成本（基年价格）",
    },
    "vfm.input.competitive_neutrality": {
        "en": "Competitive neutrality adjustment (PV)",
        "zh": "竞争性中立调整值（现值）",
    },
    "vfm.input.transferable_risk": {"en": "Transferable risk (PV)", "zh": "可转移风险承担成本（现值）"},
    "vfm.input.retained_risk": {"en": "Retained risk (PV)", "zh": "自留风险承担成本（现值）"},
    "vfm.part.construction_cost": {"en": "Construction net cost (PV)", "zh": "建设净成本（现值）"},
    "vfm.part.om_cost": {"en": "O&M net cost (PV)", "zh": "运营维护净成本（现值）"},
    "vfm.part.competitive_neutrality": {"en": "Competitive neutrality", "zh": "竞争性中立调整值"},
    "vfm.part.transferable_risk": {"en": "Transferable risk", "zh": "可转移风险"},
    "vfm.part.retained_risk": {"en": "Retained risk", "zh": "自留风险"},
    "vfm.part.psc": {"en": "PSC", "zh": "公共部门比较值（PSC）"},
    "vfm.part.equity_expenditure": {"en": "Equity expenditure (PV)", "zh": "股权投资支出（现值）"},
    "vfm.part.government_payment": {"en": "Government payments (PV)", "zh": "运营补贴支出（现值）"},
    "vfm.part.risk_expenditure": {"en": "Risk expenditure (PV)", "zh": "风险承担支出（现值）"},
    "vfm.part.supporting_expenditure": {"en": "Supporting inputs (PV)", "zh": "配套投入支出（现值）"},
    "vfm.part.ppp_retained_risk": {"en": "Retained risk in the PPP value", "zh": "PPP 值中的自留风险"},
    "vfm.part.ppp_value": {"en": "PPP value", "zh": "PPP 值"},
    "vfm.part.vfm_amount": {"en": "VfM amount", "zh": "物有所值量值"},
    "vfm.part.vfm_index": {"en": "VfM index", "zh": "物有所值指数"},
    "vfm.source.given": {"en": "given in the project file", "zh": "项目文件给定"},
    "vfm.source.default_capex": {
        "en": "default: the project's construction capex total",
        "zh": "默认：项目建设投资合计",
    },
    "vfm.source.default_opex": {
        "en": "default: the project's operating cost total",
        "zh": "默认：项目年运营成本合计",
    },
    "vfm.source.register": {
        "en": "from the risk register (probability × impact, by allocation)",
        "zh": "由风险清单计算（概率 × 影响，按分配）",
    },
    "vfm.source.absent": {"en": "not given: 0", "zh": "未给定：0"},
    "vfm.source.stated": {"en": "stated in the project file", "zh": "项目文件注明"},
    "vfm.allocation.government": {"en": "government", "zh": "政府"},
    "vfm.allocation.private": {"en": "private partner", "zh": "社会资本方"},
    "vfm.allocation.shared": {"en": "shared", "zh": "共担"},
    "vfm.group.core": {"en": "core", "zh": "基本指标"},
    "vfm.group.supplementary": {"en": "supplementary", "zh": "补充指标"},
    "vfm.qualitative.pass": {
        "en": "Weighted score {score}: passes (at least {pass_score}).",
        "zh": "加权得分 {score}：通过（不低于 {pass_score}）。",
    },
    "vfm.qualitative.fail": {
        "en": "Weighted score {score}: does not pass (below {pass_score}).",
        "zh": "加权得分 {score}：未通过（低于 {pass_score}）。",
    },
    "vfm.qualitative.inconclusive": {
        "en": "Weighted score {score}, not conclusive: {problems}",
        "zh": "加权得分 {score}，结论不成立：{problems}",
    },
    "vfm.quantitative.pass": {
        "en": "VfM amount {amount} {unit} (index {index}): the PPP option costs the government less "
        "than the PSC.",
        "zh": "物有所值量值 {amount} {unit}（指数 {index}）：PPP 模式的政府支出低于公共部门比较值。",
    },
    "vfm.quantitative.fail": {
        "en": "VfM amount {amount} {unit} (index {index}): the PPP option costs the government more "
        "than the PSC.",
        "zh": "物有所值量值 {amount} {unit}（指数 {index}）：PPP 模式的政府支出高于公共部门比较值。",
    },
    # Affordability
    "affordability.type.equity": {"en": "Equity", "zh": "股权投资"},
    "affordability.type.payments": {"en": "Operating subsidy", "zh": "运营补贴"},
    "affordability.type.risk": {"en": "Risk", "zh": "风险承担"},
    "affordability.type.supporting": {"en": "Supporting inputs", "zh": "配套投入"},
    "affordability.line.limit": {"en": "10% limit (财金〔2015〕21号)", "zh": "10% 上限（财金〔2015〕21号）"},
    "affordability.line.warning": {"en": "7% early warning", "zh": "7% 预警线"},
    "affordability.line.new_projects": {
        "en": "5%: no new government-pay projects (财金〔2022〕119号)",
        "zh": "5%：不得新上政府付费项目（财金〔2022〕119号）",
    },
    "affordability.crossed": {
        "en": "{line}: first crossed in {year} at {ratio}, {excess} {unit} above the line.",
        "zh": "{line}：{year} 年首次超过，占比 {ratio}，超出 {excess} {unit}。",
    },
    "affordability.never_crossed": {"en": "{line}: never crossed.", "zh": "{line}：未超过。"},
    "affordability.risk_method.ratio": {"en": "ratio method", "zh": "比例法"},
    "affordability.risk_method.scenario": {"en": "scenario method", "zh": "情景分析法"},
    "affordability.risk_method.none": {"en": "no risk line", "zh": "无风险承担支出"},
    # Value-for-money page
    "ui.vfm.title": {"en": "Value for money", "zh": "物有所值评价"},
    "ui.vfm.caption": {
        "en": "PSC against PPP value at the discount rate {rate}; amounts in {unit}, present values at the "
        "start of the first year (财金〔2015〕167号, methodology §8).",
        "zh": "按折现率 {rate} 比较公共部门比较值与 PPP 值；金额单位 {unit}，现值折算至第一年年初"
        "（财金〔2015〕167号，方法论第 8 节）。",
    },
    "ui.vfm.no_vfm": {
        "en": "This project has no [vfm] table. Add the reference project's costs in the editor.",
        "zh": "该项目没有 [vfm] 表。请在编辑器中填写参照项目的成本。",
    },
    "ui.vfm.quantitative": {"en": "Quantitative assessment", "zh": "定量评价"},
    "ui.vfm.qualitative": {"en": "Qualitative assessment", "zh": "定性评价"},
    "ui.vfm.no_criteria": {
        "en": "No qualitative criteria in the file ([[vfm.criteria]]: name, group, weight, score).",
        "zh": "文件中没有定性评价指标（[[vfm.criteria]]：name、group、weight、score）。",
    },
    "ui.vfm.inputs": {"en": "Inputs and their sources", "zh": "输入及其来源"},
    "ui.vfm.register": {"en": "Risk register", "zh": "风险清单"},
    "ui.vfm.no_register": {
        "en": "No risk register: the risk amounts are given directly.",
        "zh": "无风险清单：风险金额直接给定。",
    },
    "ui.vfm.components": {"en": "PSC and PPP value by part", "zh": "PSC 与 PPP 值构成"},
    "ui.vfm.metric.psc": {"en": "PSC", "zh": "公共部门比较值"},
    "ui.vfm.metric.ppp_value": {"en": "PPP value", "zh": "PPP 值"},
    "ui.vfm.metric.vfm_amount": {"en": "VfM amount", "zh": "物有所值量值"},
    "ui.vfm.metric.vfm_index": {"en": "VfM index", "zh": "物有所值指数"},
    "ui.vfm.chart.title": {"en": "From PSC to VfM amount", "zh": "从 PSC 到物有所值量值"},
    "ui.vfm.chart.part": {"en": "Part", "zh": "构成"},
    "ui.vfm.chart.kind": {"en": "Step", "zh": "类别"},
    "ui.vfm.chart.increase": {"en": "adds to the PSC", "zh": "计入 PSC"},
    "ui.vfm.chart.decrease": {"en": "PPP value, taken off", "zh": "扣除 PPP 值"},
    "ui.vfm.chart.total": {"en": "total", "zh": "合计"},
    "ui.vfm.column.input": {"en": "Input", "zh": "输入项"},
    "ui.vfm.column.key": {"en": "Key", "zh": "键"},
    "ui.vfm.column.value": {"en": "Value", "zh": "数值"},
    "ui.vfm.column.source": {"en": "Source", "zh": "来源"},
    "ui.vfm.column.part": {"en": "Part", "zh": "构成"},
    "ui.vfm.column.amount": {"en": "Amount ({unit})", "zh": "金额（{unit}）"},
    "ui.vfm.column.risk": {"en": "Risk", "zh": "风险"},
    "ui.vfm.column.probability": {"en": "Probability", "zh": "发生概率"},
    "ui.vfm.column.impact": {"en": "Impact (PV)", "zh": "影响（现值）"},
    "ui.vfm.column.allocation": {"en": "Allocation", "zh": "分配"},
    "ui.vfm.column.government_share": {"en": "Government's share", "zh": "政府承担比例"},
    "ui.vfm.column.expected_cost": {"en": "Expected cost", "zh": "风险承担成本"},
    "ui.vfm.column.retained": {"en": "Retained", "zh": "自留"},
    "ui.vfm.column.transferable": {"en": "Transferable", "zh": "可转移"},
    "ui.vfm.column.criterion": {"en": "Criterion", "zh": "指标"},
    "ui.vfm.column.group": {"en": "Group", "zh": "类别"},
    "ui.vfm.column.weight": {"en": "Weight", "zh": "权重"},
    "ui.vfm.column.score": {"en": "Score", "zh": "评分"},
    "ui.vfm.column.weighted": {"en": "Weighted", "zh": "加权得分"},
    # Affordability page
    "ui.affordability.title": {"en": "Fiscal affordability", "zh": "财政承受能力论证"},
    "ui.affordability.city": {"en": "City or county", "zh": "市县"},
    "ui.affordability.no_cities": {
        "en": "No project names a city yet: set project.city in the editor.",
        "zh": "尚无项目填写所在市县：请在编辑器中填写 project.city。",
    },
    "ui.affordability.caption": {
        "en": "Committed: the city's projects at execution or handover ({count}). Budget forecast from "
        "{source}: {budget} {unit} in {year}, growing {growth} a year.",
        "zh": "已承诺：该市县处于执行或移交阶段的项目（{count} 个）。一般公共预算支出预测来自 {source}："
        "{year} 年 {budget} {unit}，年增长 {growth}。",
    },
    "ui.affordability.source_given": {"en": "the figures given", "zh": "给定数值"},
    "ui.affordability.no_committed": {
        "en": "No committed project in this city: add candidates to see their ratio.",
        "zh": "该市县没有已承诺项目：可添加候选项目查看占比。",
    },
    "ui.affordability.candidates_alone": {
        "en": "No committed project in this city: each curve is one candidate on its own against the budget.",
        "zh": "该市县没有已承诺项目：每条曲线为单个候选项目单独占预算的比例。",
    },
    "ui.affordability.chart.key": {"en": "Chart key: {entries}.", "zh": "图例说明：{entries}。"},
    "ui.affordability.column.project": {"en": "{name} (amount, {unit})", "zh": "{name}（金额，{unit}）"},
    "ui.affordability.crossings": {"en": "Lines crossed", "zh": "警戒线"},
    "ui.affordability.candidates": {"en": "What-if: add candidates", "zh": "情景分析：加入候选项目"},
    "ui.affordability.stored_candidates": {
        "en": "Projects of this city not yet committed",
        "zh": "该市县尚未承诺的项目",
    },
    "ui.affordability.upload": {
        "en": "Or a project file (TOML or JSON), e.g. a bid",
        "zh": "或上传项目文件（TOML 或 JSON），如投标文件",
    },
    "ui.affordability.upload_refused": {
        "en": "The file cannot be added ({count} problems):",
        "zh": "无法加入该文件（{count} 个问题）：",
    },
    "ui.affordability.show": {"en": "Bars show", "zh": "柱状图显示"},
    "ui.affordability.base_curve": {"en": "Committed projects", "zh": "已承诺项目"},
    "ui.affordability.with": {"en": "With {name}", "zh": "加入 {name}"},
    "ui.affordability.table": {"en": "Year by year", "zh": "逐年明细"},
    "ui.affordability.risk_methods": {
        "en": "Risk expenditure by project: {methods}.",
        "zh": "各项目风险承担支出测算方法：{methods}。",
    },
    "ui.affordability.chart.title": {
        "en": "Fiscal expenditure by project and type, and its share of the budget",
        "zh": "各项目分类财政支出及其占一般公共预算支出比例",
    },
    "ui.affordability.chart.series": {"en": "Project · type", "zh": "项目 · 类型"},
    "ui.affordability.chart.curve": {"en": "Portfolio", "zh": "组合"},
    "ui.affordability.chart.project": {"en": "Project", "zh": "项目"},
    "ui.affordability.chart.type": {"en": "Type", "zh": "类型"},
    "ui.affordability.candidate_crossings": {"en": "With {name}", "zh": "加入 {name} 后"},
    "ui.affordability.column.year": {"en": "Year", "zh": "年份"},
    "ui.affordability.column.budget": {"en": "Budget ({unit})", "zh": "一般公共预算支出（{unit}）"},
    "ui.affordability.column.total": {"en": "Total ({unit})", "zh": "合计（{unit}）"},
    "ui.affordability.column.ratio": {"en": "Ratio", "zh": "占比"},
}
