"""Texts of the "Returns and risk" page (English and Chinese); merged into :data:`ppp.i18n.catalog.MESSAGES`.

Used by :mod:`ppp.ui.pages.risk` and its helpers :mod:`ppp.ui.risk_view` and :mod:`ppp.ui.risk_charts`. The
names of drivers and outputs are the sensitivity analysis' own (``sensitivity.driver.*``,
``sensitivity.output.*``); terms follow the glossary (资本金财务内部收益率, 偿债备付率, 可用性付费, ...).
"""

from __future__ import annotations

RISK_UI_MESSAGES: dict[str, dict[str, str]] = {
    "ui.nav.risk": {"en": "Returns and risk", "zh": "收益与风险"},
    "ui.risk.title": {"en": "Returns and risk", "zh": "收益与风险分析"},
    "ui.risk.caption": {
        "en": "Money in {unit}; analyses of revision {revision} as stored. Nothing here changes the project.",
        "zh": "金额单位：{unit}；分析基于已保存的第 {revision} 版。本页的分析不会修改项目。",
    },
    "ui.risk.hurdle": {"en": "Equity hurdle rate (%)", "zh": "资本金基准收益率（%）"},
    "ui.risk.hurdle_help": {
        "en": "The equity return the SPV needs: the break-even score and the Monte Carlo's probability of "
        "falling short are measured against it. Starts at the project's rates.equity_hurdle_rate (8 % when "
        "the file sets none).",
        "zh": "社会资本方要求的资本金收益率：绩效得分盈亏平衡值与蒙特卡洛模拟中"
        "收益率低于基准的概率均以此衡量。"
        "初始值为项目文件的 rates.equity_hurdle_rate（未设置时为 8%）。",
    },
    "ui.risk.problems": {
        "en": "{count} problem(s) with the settings; nothing was computed:",
        "zh": "设置中有 {count} 个问题，未进行计算：",
    },
    "ui.risk.not_a_number": {
        "en": "must be a number (use a point for decimals and commas between numbers)",
        "zh": "必须是数字（小数用小数点，数字之间用逗号分隔）",
    },
    "ui.risk.tab.goal_seek": {"en": "Goal seek", "zh": "目标求解"},
    "ui.risk.tab.sensitivity": {"en": "Sensitivity", "zh": "敏感性分析"},
    "ui.risk.tab.monte_carlo": {"en": "Monte Carlo", "zh": "蒙特卡洛模拟"},
    "ui.risk.tab.scenarios": {"en": "Scenarios", "zh": "情景对比"},
    # goal seek
    "ui.risk.goal.help": {
        "en": "The lowest value of the chosen input that makes the target hold (the cheapest payment, the "
        "lowest profit rate or tariff); when no value in the allowed range reaches it, how close it came.",
        "zh": "求使目标成立的所选输入的最低值（最低的付费、合理利润率或收费水平）；若允许范围内无法达到，"
        "则给出最接近的结果及差距。",
    },
    "ui.risk.goal.variable": {"en": "Input to solve for", "zh": "求解变量"},
    "ui.risk.goal.target": {"en": "Target", "zh": "目标"},
    "ui.risk.variable.payment_level": {
        "en": "Availability payment level (multiple of its formula)",
        "zh": "可用性付费水平（相对公式值的倍数）",
    },
    "ui.risk.variable.profit_rate": {"en": "Reasonable profit rate", "zh": "合理利润率"},
    "ui.risk.variable.tariff": {
        "en": "Tariff (multiple of user revenue)",
        "zh": "收费水平（使用者付费收入的倍数）",
    },
    "ui.risk.solved.payment_level": {"en": "Payment level found", "zh": "求得的可用性付费水平"},
    "ui.risk.solved.profit_rate": {"en": "Reasonable profit rate found", "zh": "求得的合理利润率"},
    "ui.risk.solved.tariff": {"en": "Tariff multiple found", "zh": "求得的收费倍数"},
    "ui.risk.target.equity_irr": {"en": "Equity IRR", "zh": "资本金财务内部收益率"},
    "ui.risk.target.project_irr": {"en": "Project IRR (post-tax)", "zh": "项目财务内部收益率（所得税后）"},
    "ui.risk.target.min_dscr": {"en": "Minimum DSCR", "zh": "最低偿债备付率"},
    "ui.risk.target.repayment_capacity": {
        "en": "Repayment capacity (net profit + depreciation − principal, lowest year)",
        "zh": "偿债能力（净利润 + 折旧 − 还本，最低年份）",
    },
    "ui.risk.target_value.equity_irr": {"en": "Target equity IRR (%)", "zh": "目标资本金内部收益率（%）"},
    "ui.risk.target_value.project_irr": {"en": "Target project IRR (%)", "zh": "目标项目内部收益率（%）"},
    "ui.risk.target_value.min_dscr": {"en": "Target minimum DSCR", "zh": "目标最低偿债备付率"},
    "ui.risk.target_value.repayment_capacity": {
        "en": "Margin every repayment year ({unit}; 0 = just repays)",
        "zh": "每个还款年份的余量（{unit}；0 即恰好偿还）",
    },
    "ui.risk.goal.found": {
        "en": "{variable} = {value} gives {target} {achieved}.",
        "zh": "{variable} = {value} 时，{target}为 {achieved}。",
    },
    # sensitivity
    "ui.risk.tornado": {"en": "Tornado: one driver at a time", "zh": "龙卷风图：单因素敏感性"},
    "ui.risk.steps_help": {
        "en": "Steps are changes from the plan, separated by commas: capex 0.1 is a 10 % overrun, loan rate "
        "0.01 is one point more, score −10 is ten points lower, delay 2 is two years late. Leave a driver "
        "blank to keep it at the plan.",
        "zh": "变动幅度为相对计划值的变化，用逗号分隔：建设投资 0.1 即超支 10%，"
        "贷款利率 0.01 即上升 1 个百分点，"
        "得分 −10 即降低 10 分，延误 2 即推迟两年。留空的因素保持计划值。",
    },
    "ui.risk.unit.capex": {
        "en": "multiple of plan (step 0.1 = +10 %)",
        "zh": "相对计划的倍数（0.1 即 +10%）",
    },
    "ui.risk.unit.opex": {"en": "multiple of plan (step 0.1 = +10 %)", "zh": "相对计划的倍数（0.1 即 +10%）"},
    "ui.risk.unit.user_revenue": {
        "en": "multiple of plan (step 0.1 = +10 %)",
        "zh": "相对计划的倍数（0.1 即 +10%）",
    },
    "ui.risk.unit.loan_rate": {
        "en": "change of rate (0.01 = +1 point)",
        "zh": "利率变化（0.01 即 +1 个百分点）",
    },
    "ui.risk.unit.inflation": {
        "en": "change of rate (0.01 = +1 point)",
        "zh": "通胀率变化（0.01 即 +1 个百分点）",
    },
    "ui.risk.unit.performance_score": {"en": "points (0–100)", "zh": "分（0–100）"},
    "ui.risk.unit.construction_delay": {"en": "whole years", "zh": "整年"},
    "ui.risk.column.driver": {"en": "Driver", "zh": "风险因素"},
    "ui.risk.column.unit": {"en": "Unit", "zh": "单位"},
    "ui.risk.column.steps": {"en": "Steps", "zh": "变动幅度"},
    "ui.risk.base_infeasible": {
        "en": "The plan itself cannot be financed (a sculpted loan is left unpaid): its figures are "
        "left out.",
        "zh": "计划方案本身无法完成融资（按偿债能力设计的贷款无法还清），其数值未列入。",
    },
    "ui.risk.two_way": {"en": "Two-way table", "zh": "双因素敏感性表"},
    "ui.risk.two_way.row": {"en": "Rows: driver", "zh": "行：风险因素"},
    "ui.risk.two_way.column": {"en": "Columns: driver", "zh": "列：风险因素"},
    "ui.risk.two_way.values": {
        "en": "Values (the driver's own units, comma-separated)",
        "zh": "取值（该因素自身单位，逗号分隔）",
    },
    "ui.risk.two_way.output": {"en": "Output", "zh": "输出指标"},
    "ui.risk.two_way.base": {
        "en": "The plan gives {value}. Empty cells: not defined or cannot be financed.",
        "zh": "计划方案为 {value}。空白单元格：无定义或无法完成融资。",
    },
    "ui.risk.break_even": {"en": "Break-even values", "zh": "盈亏平衡值"},
    # a driver's value as its steps are defined; the break-even sentences
    "ui.risk.value.multiple": {"en": "{driver} {change} %", "zh": "{driver}变动 {change}%"},
    "ui.risk.value.rate": {
        "en": "{driver} {change} percentage points",
        "zh": "{driver} {change} 个百分点",
    },
    "ui.risk.value.score": {
        "en": "{driver} {value} (plan {plan})",
        "zh": "{driver} {value} 分（计划 {plan} 分）",
    },
    "ui.risk.value.delay": {"en": "{driver} {value} years", "zh": "{driver} {value} 年"},
    "ui.risk.points": {"en": "{value} percentage points", "zh": "{value} 个百分点"},
    "ui.risk.break_even.reached": {
        "en": "{output} reaches {target} at {value}.",
        "zh": "{value} 时，{output}达到 {target}。",
    },
    "ui.risk.break_even.jump": {
        "en": "{output} jumps across {target} at {value}: from {before} just below to {after} at and above "
        "it (e.g. at a score band's edge).",
        "zh": "{output}在 {value} 处跳过 {target}：略低于该值时为 {before}，达到及高于该值时为 {after}"
        "（例如绩效得分档位的分界处）。",
    },
    "ui.risk.break_even.unreachable": {
        "en": "{output} does not reach {target} for {driver} from {range}: the closest is {best} at {at}, "
        "{gap} from the target.",
        "zh": "{driver}在 {range} 范围内，{output}无法达到 {target}：最接近为 {best}（{at}），差距 {gap}。",
    },
    "ui.risk.break_even.undefined": {
        "en": "{output} is not defined for {driver} anywhere from {range} (no IRR, no debt service, or a "
        "loan that cannot be repaid).",
        "zh": "{driver}在 {range} 范围内，{output}均无定义（无内部收益率、无还本付息或贷款无法偿还）。",
    },
    # a range searched, in the units of the driver's steps
    "ui.risk.range.multiple": {"en": "{low} % to {high} %", "zh": "{low}% 至 {high}%"},
    "ui.risk.range.rate": {"en": "{low} to {high} percentage points", "zh": "{low} 至 {high} 个百分点"},
    "ui.risk.range.score": {"en": "{low} to {high} points", "zh": "{low} 至 {high} 分"},
    "ui.risk.range.delay": {"en": "{low} to {high} years", "zh": "{low} 至 {high} 年"},
    # Monte Carlo
    "ui.risk.mc.help": {
        "en": "A distribution per driver (none: the driver keeps the plan), parameters in the driver's "
        "units. The defaults are documented in docs/risk.md. The same settings and seed give the same "
        "figures.",
        "zh": "为每个风险因素选择分布（无：保持计划值），参数使用该因素自身单位。默认设置见 docs/risk.md。"
        "相同的设置和随机种子给出相同的结果。",
    },
    "ui.risk.mc.correlations_help": {
        "en": "Rank correlations between drivers (−1 to 1), e.g. capex overruns with construction delay.",
        "zh": "风险因素之间的秩相关系数（−1 至 1），例如建设投资超支与建设期延误。",
    },
    "ui.risk.column.kind": {"en": "Distribution", "zh": "分布"},
    "ui.risk.column.low": {"en": "low", "zh": "最小值"},
    "ui.risk.column.mode": {"en": "mode", "zh": "最可能值"},
    "ui.risk.column.high": {"en": "high", "zh": "最大值"},
    "ui.risk.column.mean": {"en": "mean", "zh": "均值"},
    "ui.risk.column.sd": {"en": "sd", "zh": "标准差"},
    "ui.risk.column.median": {"en": "median", "zh": "中位数"},
    "ui.risk.column.sigma": {"en": "sigma (of the log)", "zh": "对数标准差"},
    "ui.risk.column.first": {"en": "Driver", "zh": "风险因素"},
    "ui.risk.column.second": {"en": "with driver", "zh": "相关因素"},
    "ui.risk.column.rho": {"en": "Rank correlation", "zh": "秩相关系数"},
    "ui.risk.kind.none": {"en": "none (plan)", "zh": "无（计划值）"},
    "ui.risk.kind.triangular": {"en": "triangular", "zh": "三角分布"},
    "ui.risk.kind.pert": {"en": "PERT", "zh": "PERT 分布"},
    "ui.risk.kind.normal": {"en": "normal", "zh": "正态分布"},
    "ui.risk.kind.lognormal": {"en": "lognormal", "zh": "对数正态分布"},
    "ui.risk.kind.uniform": {"en": "uniform", "zh": "均匀分布"},
    "ui.risk.mc.scenarios": {"en": "Scenarios (1,000–100,000)", "zh": "模拟情景数（1,000–100,000）"},
    "ui.risk.mc.seed": {"en": "Seed", "zh": "随机种子"},
    "ui.risk.mc.run": {"en": "Run", "zh": "运行"},
    "ui.risk.mc.cancel": {"en": "Cancel", "zh": "取消"},
    "ui.risk.mc.progress": {"en": "{done} of {total} scenarios", "zh": "已完成 {done} / {total} 个情景"},
    "ui.risk.mc.cancelled": {
        "en": "Simulation cancelled: it had done {done} of {total} scenarios. Results shown below, if any, "
        "are from the last complete run.",
        "zh": "模拟已取消：当时已完成 {done} / {total} 个情景。下方如有结果，来自上一次完整运行。",
    },
    "ui.risk.mc.done": {
        "en": "{done} scenarios, seed {seed}, in {seconds} s.",
        "zh": "共 {done} 个情景，随机种子 {seed}，用时 {seconds} 秒。",
    },
    "ui.risk.mc.probability.equity_irr_below_hurdle": {
        "en": "Probability equity IRR < {hurdle}",
        "zh": "资本金内部收益率低于 {hurdle} 的概率",
    },
    "ui.risk.mc.probability.min_dscr_below_1": {
        "en": "Probability min DSCR < 1.0",
        "zh": "最低偿债备付率低于 1.0 的概率",
    },
    "ui.risk.mc.probability.infeasible": {
        "en": "Share that cannot be financed",
        "zh": "无法完成融资的情景占比",
    },
    "ui.risk.mc.stale": {
        "en": "These results are from a run with other settings than those shown above ({scenarios} "
        'scenarios, seed {seed}, hurdle {hurdle}; all of them under "Settings of this run"). Click Run to '
        "compute with the settings shown.",
        "zh": "以下结果来自与上方所示设置不同的一次运行（{scenarios} 个情景，随机种子 {seed}，基准收益率 "
        "{hurdle}；完整设置见“本次模拟的设置”）。点击“运行”按上方设置重新计算。",
    },
    "ui.risk.mc.mean": {"en": "mean", "zh": "均值"},
    "ui.risk.mc.output": {"en": "Distribution of", "zh": "查看分布的指标"},
    "ui.risk.mc.importance": {"en": "Which drivers matter most", "zh": "关键风险因素"},
    "ui.risk.mc.importance_help": {
        "en": "Spearman rank correlation of each driver with each output over the scenarios; the larger its "
        "size, the more the output follows the driver.",
        "zh": "各风险因素与各输出指标在全部情景中的 Spearman 秩相关系数；"
        "绝对值越大，该指标受此因素影响越大。",
    },
    "ui.risk.mc.settings": {"en": "Settings of this run", "zh": "本次模拟的设置"},
    "ui.risk.download.csv": {"en": "Scenarios (CSV)", "zh": "全部情景（CSV）"},
    "ui.risk.download.xlsx": {"en": "Workbook with the values sheet", "zh": "含模拟数据表的工作簿"},
    "ui.risk.download.xlsx_help": {
        "en": "The project's workbook of live formulas plus a sheet with every scenario's drivers and "
        "outputs.",
        "zh": "项目的公式工作簿，另附一张列出每个情景风险因素与输出指标的数据表。",
    },
    # charts
    "ui.risk.chart.driver": {"en": "Driver", "zh": "风险因素"},
    "ui.risk.chart.low": {"en": "Lowest", "zh": "最低值"},
    "ui.risk.chart.high": {"en": "Highest", "zh": "最高值"},
    "ui.risk.chart.base": {"en": "Plan", "zh": "计划值"},
    "ui.risk.chart.share": {"en": "Share of scenarios", "zh": "情景占比"},
    "ui.risk.chart.from": {"en": "From", "zh": "自"},
    "ui.risk.chart.to": {"en": "To", "zh": "至"},
    "ui.risk.chart.count": {"en": "Scenarios", "zh": "情景数"},
    "ui.risk.chart.histogram": {"en": "{output}: distribution", "zh": "{output}：分布"},
    "ui.risk.chart.cdf": {"en": "{output}: cumulative probability", "zh": "{output}：累积概率"},
    "ui.risk.chart.probability": {"en": "Probability at or below", "zh": "不高于该值的概率"},
    "ui.risk.chart.reference": {"en": "Threshold", "zh": "临界值"},
    "ui.risk.chart.scenario": {"en": "Scenario", "zh": "情景"},
    "ui.risk.chart.by_scenario": {"en": "{output} by scenario", "zh": "各情景的{output}"},
    "ui.risk.chart.scenarios": {
        "en": "Named scenarios against the base, per output",
        "zh": "各命名情景与基准情景对比（按输出指标）",
    },
    # named scenarios
    "ui.risk.scenarios.none": {
        "en": "The project has no named scenarios: add them ([[scenarios]]: downside, upside, lender's case) "
        "in the project editor. The base is shown alone.",
        "zh": "该项目没有命名情景：请在项目编辑中添加（[[scenarios]]：不利、有利、贷款方情景等）。"
        "下表仅显示基准情景。",
    },
    "ui.risk.scenarios.none_copy": {
        "en": "The project has no named scenarios, and you may not change this project (its owner adds "
        "them). To compare cases of your own: duplicate it in the portfolio and add scenarios "
        "([[scenarios]]) to your copy; or test changes here in the sensitivity and Monte Carlo tabs, which "
        "change nothing. "
        "The base is shown alone.",
        "zh": "该项目没有命名情景，且您无权修改此项目（命名情景由项目所有方添加）。如需对比自己的情景："
        "请在项目组合中复制该项目，并在副本中添加情景（[[scenarios]]）；或在本页的敏感性分析和蒙特卡洛模拟"
        "中测试变化（不会修改项目）。下表仅显示基准情景。",
    },
    "ui.risk.scenarios.none_read_only": {
        "en": "The project has no named scenarios: its owner adds them, and they will show here. Your access "
        "is read-only; the sensitivity and Monte Carlo tabs test other cases without changing anything. "
        "The base is shown alone.",
        "zh": "该项目没有命名情景：命名情景由项目所有方添加，添加后将显示在此处。您的权限为只读；"
        "可在敏感性分析和蒙特卡洛模拟中测试其他情况，不会修改任何内容。下表仅显示基准情景。",
    },
    "ui.risk.scenario.base": {"en": "base", "zh": "基准情景"},
    "ui.risk.column.scenario": {"en": "Scenario", "zh": "情景"},
    "ui.risk.column.feasible": {"en": "Can be financed", "zh": "可完成融资"},
}
