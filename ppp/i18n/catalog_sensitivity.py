"""Messages of the sensitivity analysis (English and Chinese); merged into :data:`ppp.i18n.catalog.MESSAGES`.

Used by :mod:`ppp.risk.sensitivity`: problems with the steps, values and ranges it is given, the names of its
drivers and outputs, and the sentences that describe a break-even result.
"""

from __future__ import annotations

SENSITIVITY_MESSAGES: dict[str, dict[str, str]] = {
    # Drivers and outputs, as a page, the CLI or the workbook label them
    "sensitivity.driver.capex": {"en": "Capex", "zh": "建设投资"},
    "sensitivity.driver.opex": {"en": "Operating costs", "zh": "运营成本"},
    "sensitivity.driver.user_revenue": {"en": "User revenue", "zh": "使用者付费收入"},
    "sensitivity.driver.loan_rate": {"en": "Loan rate", "zh": "贷款利率"},
    "sensitivity.driver.inflation": {"en": "Inflation", "zh": "通货膨胀率"},
    "sensitivity.driver.performance_score": {"en": "Performance score", "zh": "绩效考核得分"},
    "sensitivity.driver.construction_delay": {"en": "Construction delay", "zh": "建设期延误"},
    "sensitivity.output.equity_irr": {"en": "Equity IRR", "zh": "资本金财务内部收益率"},
    "sensitivity.output.project_npv": {"en": "Project NPV (post-tax)", "zh": "项目财务净现值（所得税后）"},
    "sensitivity.output.government_pv": {"en": "PV of government payments", "zh": "政府付费现值"},
    "sensitivity.output.min_dscr": {"en": "Minimum DSCR", "zh": "最低偿债备付率"},
    # Problems with what the analysis is given
    "sensitivity.unknown_driver": {
        "en": "{name} is not a sensitivity driver; expected one of {expected}",
        "zh": "{name} 不是敏感性因素；应为以下之一：{expected}",
    },
    "sensitivity.unknown_output": {
        "en": "{name} is not a sensitivity output; expected one of {expected}",
        "zh": "{name} 不是敏感性分析的输出指标；应为以下之一：{expected}",
    },
    "sensitivity.no_drivers": {
        "en": "give at least one driver with its steps",
        "zh": "请至少给出一个敏感性因素及其变动幅度",
    },
    "sensitivity.no_values": {
        "en": "give at least one value for {driver}",
        "zh": "请为 {driver} 至少给出一个取值",
    },
    "sensitivity.not_finite": {
        "en": "must be a finite number (not nan or inf)",
        "zh": "必须是有限数值（不能是 nan 或 inf）",
    },
    "sensitivity.multiplier_negative": {
        "en": "would make {driver} negative: a multiple of the plan must be at least 0 (a step at least -1, "
        "i.e. -100 %)",
        "zh": "会使 {driver} 为负：相对计划值的倍数不能小于 0（变动幅度不能小于 -1，即 -100%）",
    },
    "sensitivity.rate_out_of_range": {
        "en": "would make {driver} {rate}: the rate must stay within {low} to {high} (a change is in "
        "points as a fraction: 0.01 = +1 point)",
        "zh": "会使 {driver} 变为 {rate}：该比率须在 {low} 至 {high} 之间"
        "（变动以小数表示：0.01 即上升 1 个百分点）",
    },
    "sensitivity.score_out_of_range": {
        "en": "a performance score is 0 to 100 points",
        "zh": "绩效考核得分须在 0 至 100 分之间",
    },
    "sensitivity.delay_whole_years": {
        "en": "a construction delay is a whole number of years from 0 to {limit}",
        "zh": "建设期延误须为 0 至 {limit} 之间的整数年",
    },
    "sensitivity.too_many_scenarios": {
        "en": "{count} scenarios are too many for one sensitivity analysis: at most {limit}",
        "zh": "一次敏感性分析包含 {count} 个情景，过多：最多 {limit} 个",
    },
    "sensitivity.same_driver": {
        "en": "a two-way table needs two different drivers, not {driver} twice",
        "zh": "双因素敏感性表需要两个不同的因素，而不是两次 {driver}",
    },
    "sensitivity.bad_range": {
        "en": "the search range must have low < high, not [{low}, {high}]",
        "zh": "搜索区间须满足下限 < 上限，而不是 [{low}, {high}]",
    },
    "sensitivity.no_break_even_whole_years": {
        "en": "construction_delay moves in whole years and has no break-even value; compare delays in the "
        "tornado or a two-way table",
        "zh": "建设期延误按整年变化，没有盈亏平衡值；请在龙卷风图或双因素敏感性表中比较不同的延误年数",
    },
    # Break-even results
    "sensitivity.break_even.reached": {
        "en": "{output} reaches {target} at {driver} = {value}",
        "zh": "{driver} = {value} 时 {output} 达到 {target}",
    },
    "sensitivity.break_even.jump": {
        "en": "{output} jumps across {target} at {driver} = {value}: from {before} just below to {after} "
        "at and above it (e.g. at a score band's edge)",
        "zh": "{output} 在 {driver} = {value} 处跳过 {target}：略低于该值时为 {before}，达到及高于该值时为 "
        "{after}（例如绩效得分档位的分界处）",
    },
    "sensitivity.break_even.unreachable": {
        "en": "{output} does not reach {target} for {driver} in [{low}, {high}]: the closest is {best} at "
        "{driver} = {at}, {gap} from the target",
        "zh": "在 {driver} ∈ [{low}, {high}] 范围内 {output} 无法达到 {target}：最接近为 {best}"
        "（{driver} = {at}），差距 {gap}",
    },
    "sensitivity.break_even.undefined": {
        "en": "{output} is not defined for {driver} anywhere in [{low}, {high}] (no IRR, no debt service, "
        "or a loan that cannot be repaid)",
        "zh": "在 {driver} ∈ [{low}, {high}] 范围内 {output} 均无定义"
        "（无内部收益率、无还本付息或贷款无法偿还）",
    },
}
