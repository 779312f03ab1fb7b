"""Messages of the risk core (English and Chinese); merged into :data:`ppp.i18n.catalog.MESSAGES`."""

from __future__ import annotations

RISK_MESSAGES: dict[str, dict[str, str]] = {
    # Driver values out of their domain (ppp/risk/drivers.py)
    "risk.driver_shape": {
        "en": "must be one value per scenario: an array of {expected} values",
        "zh": "每个情景须有一个值：应为含 {expected} 个值的数组",
    },
    "risk.driver_multiplier": {
        "en": "must be a finite multiplier ≥ 0 (1 is the plan)",
        "zh": "必须是 ≥ 0 的有限倍数（1 表示计划值）",
    },
    "risk.driver_loan_rate": {
        "en": "must be a finite change that keeps the loan rate ({rate}) at 0 or above",
        "zh": "必须是有限的变动值，且变动后的贷款利率（{rate}）不低于 0",
    },
    "risk.driver_inflation": {
        "en": "must be a finite change that keeps the inflation rate ({rate}) above −100 %",
        "zh": "必须是有限的变动值，且变动后的通货膨胀率（{rate}）高于 −100%",
    },
    "risk.driver_score": {
        "en": "must be a performance score between 0 and 100 points",
        "zh": "必须是 0 到 100 分之间的绩效得分",
    },
    "risk.driver_delay": {
        "en": "must be whole years of delay from 0 to {most} ({construction_years} construction years + the "
        "delay may not exceed 49)",
        "zh": "必须是 0 到 {most} 之间的整年数（建设期 {construction_years} 年加延期不得超过 49 年）",
    },
    "risk.driver_delay_integer": {
        "en": "must be whole years (an integer array)",
        "zh": "必须是整年数（整数数组）",
    },
    # Distribution parameters (ppp/risk/distributions.py)
    "risk.param_number": {
        "en": "must be a finite number",
        "zh": "必须是有限数值",
    },
    "risk.param_at_least": {
        "en": "must be at least {name} ({bound})",
        "zh": "不得小于 {name}（{bound}）",
    },
    "risk.param_not_negative": {
        "en": "must be 0 or more",
        "zh": "必须大于或等于 0",
    },
    "risk.param_positive": {
        "en": "must be greater than 0",
        "zh": "必须大于 0",
    },
    "risk.kind_unknown": {
        "en": "is not a distribution; expected one of {expected}",
        "zh": "不是可用的分布；应为以下之一：{expected}",
    },
    "risk.param_unknown": {
        "en": "is not a parameter of this distribution; expected {expected}",
        "zh": "不是此分布的参数；应为 {expected}",
    },
    "risk.param_missing": {
        "en": "is missing: the {kind} distribution needs it",
        "zh": "缺失：{kind} 分布需要此参数",
    },
    # Monte Carlo settings (ppp/risk/montecarlo.py)
    "risk.driver_unknown": {
        "en": "is not a risk driver; expected one of {expected}",
        "zh": "不是风险因素；应为以下之一：{expected}",
    },
    "risk.scenarios_range": {
        "en": "must be a whole number of scenarios from {low} to {high}",
        "zh": "情景数必须是 {low} 到 {high} 之间的整数",
    },
    "risk.seed_range": {
        "en": "must be a whole number from 0 to {high}",
        "zh": "必须是 0 到 {high} 之间的整数",
    },
    "risk.chunk_range": {
        "en": "must be a whole number of scenarios per chunk from 1 to {high}",
        "zh": "每批情景数必须是 1 到 {high} 之间的整数",
    },
    "risk.correlation_range": {
        "en": "must be a correlation between −1 and 1",
        "zh": "相关系数必须在 −1 到 1 之间",
    },
    "risk.correlation_self": {
        "en": "a driver cannot be correlated with itself",
        "zh": "风险因素不能与自身相关",
    },
    "risk.correlation_twice": {
        "en": "this pair of drivers is given a correlation more than once",
        "zh": "这一对风险因素的相关系数重复给出",
    },
    "risk.correlation_no_distribution": {
        "en": "{driver} has no distribution: give it one or drop the correlation",
        "zh": "{driver} 没有设定分布：请为其设定分布或删除此相关系数",
    },
    "risk.correlation_not_psd": {
        "en": "these correlations cannot hold together (the matrix is not positive semi-definite, smallest "
        "eigenvalue {eigenvalue}): weaken the strongest ones",
        "zh": "这些相关系数不能同时成立（相关矩阵不是半正定的，最小特征值 {eigenvalue}）："
        "请减弱最强的相关系数",
    },
    "risk.hurdle_range": {
        "en": "must be a rate (fraction) between −1 and 10",
        "zh": "必须是 −1 到 10 之间的比率（小数）",
    },
}
