# ruff: noqa: E501  (messages are kept whole on one line per language, as in catalog.py)
"""Texts of the Streamlit pages (English and Chinese), merged into the message catalog.

Keys start with ``ui.``. Field labels (``ui.field.<table>.<key>``) name the key of the project file they edit;
``{unit}`` in a label is the project's money unit (万元, 元, 亿元). Terms follow ``shared/spec/glossary.md``.
"""

from __future__ import annotations

UI_MESSAGES: dict[str, dict[str, str]] = {
    # ---- The frame: title, navigation, language, user ----------------------------------------------------
    "ui.app.title": {"en": "PPP smart-city projects", "zh": "智慧城市 PPP 项目"},
    "ui.language.label": {"en": "Language", "zh": "语言"},
    "ui.nav.portfolio": {"en": "Portfolio", "zh": "项目组合"},
    "ui.nav.editor": {"en": "Project editor", "zh": "项目编辑"},
    "ui.nav.dashboard": {"en": "Evaluation dashboard", "zh": "财务评价看板"},
    "ui.user.signed_in": {"en": "Signed in as {name} ({role})", "zh": "当前用户：{name}（{role}）"},
    "ui.role.government": {"en": "government", "zh": "政府方"},
    "ui.role.vendor": {"en": "vendor", "zh": "社会资本方"},
    "ui.role.auditor": {"en": "auditor", "zh": "审计方"},
    "ui.role.administrator": {"en": "administrator", "zh": "管理员"},
    "ui.error.service": {
        "en": "The request was refused ({key}).",
        "zh": "请求被拒绝（{key}）。",
    },
    "ui.error.database": {
        "en": "The database {url} cannot be opened ({reason}). Check DATABASE_URL or PPP_DATA_DIR and restart the app.",
        "zh": "无法打开数据库 {url}（{reason}）。请检查 DATABASE_URL 或 PPP_DATA_DIR 后重新启动应用。",
    },
    "ui.error.not_utf8": {
        "en": "{path} is not UTF-8 text (byte {position}).",
        "zh": "{path} 不是 UTF-8 文本（第 {position} 字节）。",
    },
    "ui.project.choose": {"en": "Project", "zh": "项目"},
    "ui.project.none": {
        "en": "There is no project yet: create one in the portfolio.",
        "zh": "还没有项目：请在项目组合中新建。",
    },
    "ui.project.pick": {
        "en": "Choose a project here or open one from the portfolio.",
        "zh": "请在此选择项目，或从项目组合中打开。",
    },
    "ui.project.archived_tag": {"en": "{name} (archived)", "zh": "{name}（已归档）"},
    "ui.not_applicable": {"en": "n/a", "zh": "不适用"},
    "ui.working": {"en": "Working…", "zh": "处理中……"},
    # ---- Portfolio -----------------------------------------------------------------------------------
    "ui.portfolio.title": {"en": "Project portfolio", "zh": "项目组合"},
    "ui.portfolio.caption": {
        "en": "Every project with its key figures; amounts in each project's money unit.",
        "zh": "全部项目及其主要指标；金额按各项目的金额单位列示。",
    },
    "ui.portfolio.search": {"en": "Search name or city", "zh": "按名称或城市搜索"},
    "ui.portfolio.stage_filter": {"en": "Stage", "zh": "阶段"},
    "ui.portfolio.all_stages": {"en": "All stages", "zh": "全部阶段"},
    "ui.portfolio.include_archived": {"en": "Show archived projects", "zh": "显示已归档项目"},
    "ui.portfolio.count": {"en": "{count} project(s)", "zh": "共 {count} 个项目"},
    "ui.portfolio.empty": {"en": "No project matches.", "zh": "没有符合条件的项目。"},
    "ui.portfolio.actions": {"en": "Work on a project", "zh": "项目操作"},
    "ui.portfolio.open_editor": {"en": "Edit inputs", "zh": "编辑输入"},
    "ui.portfolio.open_dashboard": {"en": "Open dashboard", "zh": "查看财务评价"},
    "ui.portfolio.duplicate": {"en": "Duplicate", "zh": "复制"},
    "ui.portfolio.archive": {"en": "Archive", "zh": "归档"},
    "ui.portfolio.unarchive": {"en": "Restore from archive", "zh": "取消归档"},
    "ui.portfolio.duplicated": {"en": "Created “{name}”.", "zh": "已创建“{name}”。"},
    "ui.portfolio.archived": {"en": "“{name}” is archived.", "zh": "已归档“{name}”。"},
    "ui.portfolio.unarchived": {"en": "“{name}” is back in the portfolio.", "zh": "“{name}”已取消归档。"},
    "ui.portfolio.new": {"en": "New project", "zh": "新建项目"},
    "ui.portfolio.from_template": {"en": "From a contract archetype", "zh": "从合同模板创建"},
    "ui.portfolio.template": {"en": "Contract archetype", "zh": "合同模板"},
    "ui.portfolio.new_name": {"en": "Name of the new project", "zh": "新项目名称"},
    "ui.portfolio.create": {"en": "Create", "zh": "创建"},
    "ui.portfolio.created": {"en": "Created “{name}”.", "zh": "已创建“{name}”。"},
    "ui.portfolio.name_required": {"en": "Enter a name for the new project.", "zh": "请输入新项目名称。"},
    "ui.portfolio.import": {"en": "Import a project file", "zh": "导入项目文件"},
    "ui.portfolio.upload": {
        "en": "Project file (TOML or JSON, ppp-project/1)",
        "zh": "项目文件（TOML 或 JSON，ppp-project/1）",
    },
    "ui.portfolio.import_button": {"en": "Import", "zh": "导入"},
    "ui.portfolio.no_file": {"en": "Choose a file first.", "zh": "请先选择文件。"},
    "ui.portfolio.imported": {"en": "Imported “{name}”.", "zh": "已导入“{name}”。"},
    "ui.portfolio.import_failed": {
        "en": "Nothing was imported: the file has {count} problem(s).",
        "zh": "未导入：文件有 {count} 个问题。",
    },
    "ui.portfolio.create_failed": {
        "en": "The project was not created: {count} problem(s).",
        "zh": "未创建项目：发现 {count} 个问题。",
    },
    "ui.portfolio.importing": {"en": "Reading and checking the file…", "zh": "正在读取并检查文件……"},
    "ui.portfolio.creating": {"en": "Creating the project…", "zh": "正在创建项目……"},
    "ui.column.name": {"en": "Project", "zh": "项目名称"},
    "ui.column.city": {"en": "City", "zh": "城市"},
    "ui.column.stage": {"en": "Stage", "zh": "阶段"},
    "ui.column.framework": {"en": "Framework", "zh": "政策框架"},
    "ui.column.payment_mode": {"en": "Payment mode", "zh": "付费机制"},
    "ui.column.money_unit": {"en": "Unit", "zh": "金额单位"},
    "ui.column.next_milestone": {"en": "Next milestone", "zh": "下一里程碑"},
    "ui.column.next_milestone_date": {"en": "Due", "zh": "计划日期"},
    "ui.column.archived": {"en": "Archived", "zh": "已归档"},
    "ui.column.revision": {"en": "Revision", "zh": "版本"},
    "ui.column.updated_at": {"en": "Updated", "zh": "更新时间"},
    # template names and descriptions (the files' own texts are English)
    "ui.template.government_pay_bot_availability": {
        "en": "Government-pay BOT smart-city platform (availability payment)",
        "zh": "政府付费 BOT 智慧城市平台（可用性付费）",
    },
    "ui.template.om_service_lease": {
        "en": "Smart-city service lease (O&M contract, no construction period)",
        "zh": "智慧城市服务租赁（运维合同，无建设期）",
    },
    "ui.template.user_pay_franchise": {
        "en": "User-pay smart-city franchise (2023 mechanism)",
        "zh": "使用者付费智慧城市特许经营（2023 年新机制）",
    },
    "ui.template.viability_gap": {
        "en": "Viability-gap smart-city project (user revenue plus gap funding)",
        "zh": "可行性缺口补助智慧城市项目（使用者收入加缺口补助）",
    },
    "ui.template_description.government_pay_bot_availability": {
        "en": "The SPV finances and builds the platform, operates it and hands it over; the government pays an "
        "availability payment and an O&M performance payment by the 财金〔2015〕21号 formula.",
        "zh": "项目公司投资建设平台并运营，期满移交；政府按财金〔2015〕21号公式支付可用性付费和运维绩效服务费。",
    },
    "ui.template_description.om_service_lease": {
        "en": "The government buys a service, not an asset: the vendor installs and owns the equipment and is "
        "paid a fixed service fee tied to performance.",
        "zh": "政府购买服务而非资产：供应商安装并拥有设备，按绩效领取固定服务费。",
    },
    "ui.template_description.user_pay_franchise": {
        "en": "A concession as 国办函〔2023〕115号 defines it: the operator finances, builds and operates, and "
        "earns its return from users; no government payment.",
        "zh": "国办函〔2023〕115号所称特许经营：经营者投资、建设、运营，收益来自使用者，政府不付费。",
    },
    "ui.template_description.viability_gap": {
        "en": "Users and third parties pay part of the cost; the government pays the viability gap.",
        "zh": "使用者和第三方支付部分成本，政府给予可行性缺口补助。",
    },
    # ---- Allowed words of the project file -----------------------------------------------------------
    "ui.option.stage.identification": {"en": "identification", "zh": "识别"},
    "ui.option.stage.preparation": {"en": "preparation", "zh": "准备"},
    "ui.option.stage.procurement": {"en": "procurement", "zh": "采购"},
    "ui.option.stage.execution": {"en": "execution", "zh": "执行"},
    "ui.option.stage.handover": {"en": "handover", "zh": "移交"},
    "ui.option.framework.mof-2015": {"en": "MOF PPP rules 2015–2023", "zh": "财政部 PPP 规则（2015–2023）"},
    "ui.option.framework.franchise-2023": {
        "en": "Concession, 2023 mechanism (国办函〔2023〕115号)",
        "zh": "特许经营新机制（国办函〔2023〕115号）",
    },
    "ui.option.framework.international": {"en": "International practice", "zh": "国际惯例"},
    "ui.option.payment_mode.government-pay": {"en": "government pay", "zh": "政府付费"},
    "ui.option.payment_mode.viability-gap": {"en": "viability gap funding", "zh": "可行性缺口补助"},
    "ui.option.payment_mode.user-pay": {"en": "user pay", "zh": "使用者付费"},
    "ui.option.mode.BOT": {"en": "BOT (build-operate-transfer)", "zh": "BOT（建设-运营-移交）"},
    "ui.option.mode.BOOT": {"en": "BOOT (build-own-operate-transfer)", "zh": "BOOT（建设-拥有-运营-移交）"},
    "ui.option.mode.BOO": {"en": "BOO (build-own-operate)", "zh": "BOO（建设-拥有-运营）"},
    "ui.option.mode.TOT": {"en": "TOT (transfer-operate-transfer)", "zh": "TOT（转让-运营-移交）"},
    "ui.option.mode.ROT": {"en": "ROT (rehabilitate-operate-transfer)", "zh": "ROT（改建-运营-移交）"},
    "ui.option.mode.OM": {"en": "O&M contract", "zh": "委托运营（O&M）"},
    "ui.option.mode.service-lease": {"en": "service lease", "zh": "服务租赁"},
    "ui.option.repayment.annuity": {"en": "annuity", "zh": "等额本息"},
    "ui.option.repayment.equal-principal": {"en": "equal principal", "zh": "等额本金"},
    "ui.option.repayment.sculpted": {"en": "sculpted to a target DSCR", "zh": "按目标偿债备付率塑形"},
    "ui.option.idc_timing.mid-year": {"en": "drawn mid-year", "zh": "年中提款"},
    "ui.option.idc_timing.start-of-year": {"en": "drawn at the start of the year", "zh": "年初提款"},
    "ui.option.idc_timing.end-of-year": {"en": "drawn at the end of the year", "zh": "年末提款"},
    "ui.option.method.mof-21": {"en": "财金〔2015〕21号 formula", "zh": "财金〔2015〕21号公式"},
    "ui.option.method.annuity": {"en": "annuity (equal yearly amounts)", "zh": "等额年金"},
    "ui.option.method.equal-principal": {"en": "equal principal", "zh": "等额本金"},
    "ui.option.method.schedule": {
        "en": "schedule of amounts (a bid's offer)",
        "zh": "约定付费计划（投标报价）",
    },
    "ui.option.method.user-pay": {"en": "user pay (no government payment)", "zh": "使用者付费（政府不付费）"},
    "ui.option.cost_basis.total-investment": {
        "en": "total investment (with IDC)",
        "zh": "总投资（含建设期利息）",
    },
    "ui.option.cost_basis.construction-investment": {"en": "construction investment", "zh": "建设投资"},
    "ui.option.depreciation_basis.total-investment": {"en": "total investment", "zh": "总投资"},
    "ui.option.depreciation_basis.excluding-government-equity": {
        "en": "total investment less the government's equity",
        "zh": "总投资扣除政府方出资",
    },
    "ui.option.direction.higher": {"en": "higher is better", "zh": "越高越好"},
    "ui.option.direction.lower": {"en": "lower is better", "zh": "越低越好"},
    # ---- Editor --------------------------------------------------------------------------------------
    "ui.editor.title": {"en": "Project editor", "zh": "项目编辑"},
    "ui.editor.revision": {
        "en": "Revision {revision}, saved by {user} on {time}.",
        "zh": "第 {revision} 版，{user} 于 {time} 保存。",
    },
    "ui.editor.conventions": {
        "en": "Amounts in {unit}, base-year prices; rates and shares are fractions (0.049 means 4.9%). "
        "Lists: numbers separated by commas.",
        "zh": "金额单位：{unit}（基准年价格）；比率和比例以小数表示（0.049 即 4.9%）。列表：以逗号分隔的数字。",
    },
    "ui.editor.save": {"en": "Save", "zh": "保存"},
    "ui.editor.discard": {"en": "Discard my changes", "zh": "放弃修改"},
    "ui.editor.reload": {"en": "Load the latest revision", "zh": "载入最新版本"},
    "ui.editor.open_dashboard": {"en": "Open dashboard", "zh": "查看财务评价"},
    "ui.editor.pending": {"en": "Unsaved changes in: {sections}.", "zh": "尚未保存的修改：{sections}。"},
    "ui.editor.no_changes": {"en": "Nothing to save: no input was changed.", "zh": "没有修改，无需保存。"},
    "ui.editor.saved": {"en": "Saved as revision {revision}.", "zh": "已保存为第 {revision} 版。"},
    "ui.editor.invalid": {
        "en": "Not saved: {count} problem(s) in: {sections}. Each is shown in its section; the stored project is unchanged.",
        "zh": "未保存：{sections} 中发现 {count} 个问题，已在对应部分列出。已保存的项目未作改动。",
    },
    "ui.editor.choose": {"en": "Choose…", "zh": "请选择……"},
    "ui.editor.section_pending": {
        "en": "This section has unsaved changes.",
        "zh": "本部分有尚未保存的修改。",
    },
    "ui.editor.newer": {
        "en": "{user} saved revision {revision} on {time}; you are editing revision {base}. Saving now will be "
        "refused.",
        "zh": "{user} 于 {time} 保存了第 {revision} 版；您正在编辑第 {base} 版，现在保存将被拒绝。",
    },
    "ui.editor.someone": {"en": "someone", "zh": "其他用户"},
    "ui.editor.saving": {"en": "Checking and saving…", "zh": "正在检查并保存……"},
    "ui.editor.row": {"en": "row {row}", "zh": "第 {row} 行"},
    "ui.editor.problems": {"en": "Problems in this section:", "zh": "本部分的问题："},
    "ui.editor.include.fiscal": {
        "en": "Assess fiscal affordability ([fiscal] table)",
        "zh": "进行财政承受能力论证（[fiscal] 表）",
    },
    "ui.editor.include.vfm": {
        "en": "Assess value for money ([vfm] table)",
        "zh": "进行物有所值评价（[vfm] 表）",
    },
    "ui.editor.include.deductions": {
        "en": "Point-based deductions ([deductions] table)",
        "zh": "按扣分计算扣款（[deductions] 表）",
    },
    "ui.editor.include.tender": {"en": "Tender ([tender] table)", "zh": "招标（[tender] 表）"},
    "ui.editor.include.bid": {"en": "This file is a bid ([bid] table)", "zh": "本文件为投标文件（[bid] 表）"},
    "ui.editor.table_help": {
        "en": "Add rows at the bottom; select rows to delete them.",
        "zh": "在表格底部添加行；选中行可删除。",
    },
    "ui.section.project": {"en": "Project and timeline", "zh": "项目与合作期"},
    "ui.section.rates": {"en": "Rates", "zh": "折现率与利润率"},
    "ui.section.investment": {"en": "Investment", "zh": "投资"},
    "ui.section.operations": {"en": "Operations: costs and revenue", "zh": "运营：成本与收入"},
    "ui.section.financing": {"en": "Financing", "zh": "融资"},
    "ui.section.payment": {"en": "Government payment and score bands", "zh": "政府付费与绩效系数"},
    "ui.section.tax": {"en": "Tax and depreciation", "zh": "税收与折旧"},
    "ui.section.fiscal": {"en": "Fiscal affordability", "zh": "财政承受能力"},
    "ui.section.vfm": {"en": "Value for money", "zh": "物有所值"},
    "ui.section.kpis": {"en": "KPIs and deductions", "zh": "绩效指标与扣款"},
    "ui.section.tender": {"en": "Tender and bid", "zh": "招标与投标"},
    "ui.table.construction_capex": {
        "en": "Construction investment: capex items and their phasing",
        "zh": "建设投资：投资项目及分年投资比例",
    },
    "ui.table.lifecycle_capex": {
        "en": "Lifecycle capex (refreshes in operation)",
        "zh": "更新改造投资（运营期）",
    },
    "ui.table.opex": {"en": "Operating costs (per operating year)", "zh": "运营成本（每运营年）"},
    "ui.table.revenue": {
        "en": "User and third-party revenue (per operating year)",
        "zh": "使用者付费及第三方收入（每运营年）",
    },
    "ui.table.score_bands": {
        "en": "Payment coefficient by performance score",
        "zh": "绩效得分对应的付费系数",
    },
    "ui.table.payment_schedule": {
        "en": "Payment schedule (used when the method is “schedule”)",
        "zh": "付费计划（付费方式为“约定付费计划”时使用）",
    },
    "ui.table.fiscal_periods": {"en": "Per-year amounts", "zh": "分年金额"},
    "ui.table.risk_scenarios": {
        "en": "Risk scenarios (instead of the risk ratio)",
        "zh": "风险情景（代替风险承担比例）",
    },
    "ui.table.kpis": {"en": "Performance indicators (KPIs)", "zh": "绩效考核指标"},
    "ui.table.deduction_bands": {"en": "Deduction bands (ratchet)", "zh": "扣款区间（累进）"},
    # field labels: ui.field.<table>.<key>
    "ui.field.project.name": {"en": "Project name", "zh": "项目名称"},
    "ui.field.project.city": {"en": "City", "zh": "城市"},
    "ui.field.project.sector": {"en": "Sector", "zh": "行业"},
    "ui.field.project.stage": {"en": "Stage", "zh": "阶段"},
    "ui.field.project.framework": {"en": "Framework", "zh": "政策框架"},
    "ui.field.project.mode": {"en": "Contract mode", "zh": "运作方式"},
    "ui.field.project.payment_mode": {"en": "Payment mode", "zh": "付费机制"},
    "ui.field.project.currency": {"en": "Currency", "zh": "币种"},
    "ui.field.project.money_unit": {"en": "Money unit", "zh": "金额单位"},
    "ui.field.timeline.start_year": {"en": "First year (period 1)", "zh": "起始年份（第 1 期）"},
    "ui.field.timeline.construction_years": {"en": "Construction period (years)", "zh": "建设期（年）"},
    "ui.field.timeline.operation_years": {"en": "Operation period (years)", "zh": "运营期（年）"},
    "ui.field.timeline.base_year": {"en": "Price base year", "zh": "价格基准年"},
    "ui.field.rates.discount_rate": {"en": "Annual discount rate (fraction)", "zh": "年度折现率（小数）"},
    "ui.field.rates.reasonable_profit_rate": {
        "en": "Reasonable profit rate (fraction)",
        "zh": "合理利润率（小数）",
    },
    "ui.field.rates.om_profit_rate": {
        "en": "Profit rate on O&M (fraction; empty: the reasonable profit rate)",
        "zh": "运维成本利润率（小数；留空即合理利润率）",
    },
    "ui.field.rates.inflation": {
        "en": "Inflation, default escalation (fraction)",
        "zh": "通胀率/默认调价率（小数）",
    },
    "ui.field.rates.equity_hurdle_rate": {
        "en": "Equity hurdle rate (fraction; optional)",
        "zh": "资本金基准收益率（小数；可选）",
    },
    "ui.field.capex.name": {"en": "Item", "zh": "项目"},
    "ui.field.capex.amount": {"en": "Amount ({unit})", "zh": "金额（{unit}）"},
    "ui.field.capex.phasing": {
        "en": "Phasing: share per construction year",
        "zh": "分年投资比例（每个建设年一个）",
    },
    "ui.field.capex.amounts": {
        "en": "Or amounts per construction year ({unit})",
        "zh": "或分年金额（{unit}）",
    },
    "ui.field.capex.escalation": {"en": "Escalation (fraction)", "zh": "调价率（小数）"},
    "ui.field.capex.every_years": {"en": "Every … operating years", "zh": "每隔几个运营年"},
    "ui.field.capex.operating_years": {"en": "Or in operating years", "zh": "或指定运营年"},
    "ui.field.capex.life_years": {"en": "Depreciation life (years)", "zh": "折旧年限（年）"},
    "ui.field.opex.name": {"en": "Cost item", "zh": "成本项目"},
    "ui.field.opex.amount": {"en": "Amount per year ({unit})", "zh": "年金额（{unit}）"},
    "ui.field.opex.escalation": {"en": "Escalation (fraction)", "zh": "调价率（小数）"},
    "ui.field.revenue.name": {"en": "Revenue item", "zh": "收入项目"},
    "ui.field.revenue.amount": {"en": "Amount per year ({unit})", "zh": "年金额（{unit}）"},
    "ui.field.revenue.escalation": {"en": "Escalation (fraction)", "zh": "调价率（小数）"},
    "ui.field.revenue.start_operating_year": {"en": "From operating year", "zh": "起始运营年"},
    "ui.field.financing.equity_ratio": {"en": "Equity ratio (fraction)", "zh": "资本金比例（小数）"},
    "ui.field.financing.government_equity_share": {
        "en": "Government's equity share (fraction)",
        "zh": "政府方持股比例（小数）",
    },
    "ui.field.financing.loan_rate": {"en": "Loan interest rate (fraction)", "zh": "贷款利率（小数）"},
    "ui.field.financing.tenor_years": {"en": "Repayment years", "zh": "还款年限（年）"},
    "ui.field.financing.repayment": {"en": "Repayment", "zh": "还款方式"},
    "ui.field.financing.target_dscr": {
        "en": "Target DSCR (sculpted repayment; optional)",
        "zh": "目标偿债备付率（塑形还款；可选）",
    },
    "ui.field.financing.idc_timing": {"en": "Debt drawings for IDC", "zh": "建设期利息的提款时点"},
    "ui.field.payment.method": {"en": "Payment method", "zh": "付费方式"},
    "ui.field.payment.cost_basis": {"en": "Construction cost basis", "zh": "建设成本口径"},
    "ui.field.payment.subsidy_years": {
        "en": "Subsidy period T (years; empty: the operation period)",
        "zh": "财政运营补贴周期 T（年；留空即运营期）",
    },
    "ui.field.payment.linked_share": {
        "en": "Share of the availability payment linked to performance",
        "zh": "可用性付费与绩效挂钩的比例",
    },
    "ui.field.payment.expected_score": {"en": "Expected performance score", "zh": "预期绩效得分"},
    "ui.field.payment.availability_factor": {
        "en": "Availability payment offered (× the formula)",
        "zh": "可用性付费报价（公式值的倍数）",
    },
    "ui.field.payment.schedule": {"en": "Scheduled payment ({unit})", "zh": "约定付费（{unit}）"},
    "ui.field.score_bands.min": {"en": "Score from", "zh": "得分下限"},
    "ui.field.score_bands.coefficient": {"en": "Payment coefficient", "zh": "付费系数"},
    "ui.field.tax.income_tax_rate": {"en": "Income tax rate (fraction)", "zh": "所得税率（小数）"},
    "ui.field.tax.depreciation_years": {
        "en": "Depreciation years (empty: the operation period)",
        "zh": "折旧年限（留空即运营期）",
    },
    "ui.field.tax.loss_carryforward_years": {"en": "Loss carry-forward (years)", "zh": "亏损结转年限（年）"},
    "ui.field.tax.depreciation_basis": {"en": "Depreciation basis", "zh": "折旧基数"},
    "ui.field.fiscal.general_budget": {
        "en": "General public budget expenditure in the first year ({unit})",
        "zh": "首年一般公共预算支出（{unit}）",
    },
    "ui.field.fiscal.budget_growth": {"en": "Budget growth (fraction)", "zh": "预算支出增长率（小数）"},
    "ui.field.fiscal.risk_ratio": {
        "en": "Risk expenditure ratio (fraction; or risk scenarios)",
        "zh": "风险承担支出比例（小数；或用风险情景）",
    },
    "ui.field.fiscal.other_ppp_expenditure": {
        "en": "Other PPP expenditure ({unit})",
        "zh": "其他 PPP 项目支出（{unit}）",
    },
    "ui.field.fiscal.supporting_inputs": {"en": "Supporting inputs ({unit})", "zh": "配套投入支出（{unit}）"},
    "ui.field.period.year": {"en": "Year", "zh": "年份"},
    "ui.field.risk_scenarios.name": {"en": "Scenario", "zh": "情景"},
    "ui.field.risk_scenarios.probability": {"en": "Probability (fraction)", "zh": "概率（小数）"},
    "ui.field.risk_scenarios.expenditure": {
        "en": "Expenditure per year ({unit})",
        "zh": "分年支出（{unit}）",
    },
    "ui.field.vfm.psc_construction_cost": {
        "en": "PSC construction net cost ({unit}; empty: the capex total)",
        "zh": "PSC 建设净成本（{unit}；留空即建设投资合计）",
    },
    "ui.field.vfm.psc_om_cost": {
        "en": "PSC O&M net cost per year ({unit})",
        "zh": "PSC 年运维净成本（{unit}）",
    },
    "ui.field.vfm.competitive_neutrality": {
        "en": "Competitive neutrality adjustment, PV ({unit})",
        "zh": "竞争性中立调整值，现值（{unit}）",
    },
    "ui.field.vfm.transferable_risk": {
        "en": "Transferable risk, PV ({unit})",
        "zh": "可转移风险，现值（{unit}）",
    },
    "ui.field.vfm.retained_risk": {"en": "Retained risk, PV ({unit})", "zh": "自留风险，现值（{unit}）"},
    "ui.field.kpis.id": {"en": "Id", "zh": "编号"},
    "ui.field.kpis.name": {"en": "Indicator", "zh": "指标"},
    "ui.field.kpis.unit": {"en": "Unit", "zh": "单位"},
    "ui.field.kpis.target": {"en": "Target", "zh": "目标值"},
    "ui.field.kpis.direction": {"en": "Direction", "zh": "方向"},
    "ui.field.kpis.weight": {"en": "Weight (points)", "zh": "权重（分）"},
    "ui.field.kpis.tolerance": {"en": "Tolerance", "zh": "容差"},
    "ui.field.kpis.points_per_unit": {"en": "Points per unit", "zh": "每单位扣分"},
    "ui.field.deductions.free_points": {"en": "Free points per month", "zh": "每月免扣分数"},
    "ui.field.deductions.value_per_point": {"en": "Value per point ({unit})", "zh": "每分扣款（{unit}）"},
    "ui.field.bands.from": {"en": "From point", "zh": "起始分"},
    "ui.field.bands.to": {"en": "To point (empty: no limit)", "zh": "截止分（留空即无上限）"},
    "ui.field.bands.multiplier": {"en": "Multiplier", "zh": "倍数"},
    "ui.field.tender.price_weight": {"en": "Price weight (fraction)", "zh": "价格分权重（小数）"},
    "ui.field.tender.technical_weight": {"en": "Technical weight (fraction)", "zh": "技术分权重（小数）"},
    "ui.field.tender.abnormally_low_margin": {
        "en": "Abnormally low margin (fraction)",
        "zh": "异常低价界限（小数）",
    },
    "ui.field.bid.bidder": {"en": "Bidder", "zh": "投标人"},
    "ui.field.bid.submitted": {"en": "Submitted on", "zh": "投标日期"},
    "ui.field.bid.technical_score": {"en": "Technical score", "zh": "技术得分"},
    # ---- Dashboard -----------------------------------------------------------------------------------
    "ui.dashboard.title": {"en": "Evaluation dashboard", "zh": "财务评价看板"},
    "ui.dashboard.evaluating": {"en": "Evaluating “{name}”…", "zh": "正在评价“{name}”……"},
    "ui.dashboard.caption": {
        "en": "Amounts in {unit}, nominal · revision {revision} · input hash {hash}",
        "zh": "金额单位：{unit}（名义值）· 第 {revision} 版 · 输入哈希 {hash}",
    },
    "ui.dashboard.cannot_evaluate": {
        "en": "This project cannot be evaluated as it stands:",
        "zh": "该项目目前无法评价：",
    },
    "ui.dashboard.open_editor": {"en": "Edit inputs", "zh": "编辑输入"},
    "ui.dashboard.all_metrics": {"en": "All metrics", "zh": "全部指标"},
    "ui.dashboard.metric": {"en": "Metric", "zh": "指标"},
    "ui.dashboard.value": {"en": "Value", "zh": "数值"},
    "ui.dashboard.definition": {"en": "Definition", "zh": "定义"},
    "ui.dashboard.annual": {"en": "Annual table", "zh": "年度表"},
    "ui.dashboard.total": {"en": "Total", "zh": "合计"},
    "ui.dashboard.downloads": {"en": "Downloads", "zh": "下载"},
    "ui.download.project": {"en": "Project file (TOML)", "zh": "项目文件（TOML）"},
    "ui.download.json": {"en": "Evaluation (JSON)", "zh": "评价结果（JSON）"},
    "ui.download.csv": {"en": "Annual table (CSV)", "zh": "年度表（CSV）"},
    "ui.irr.none": {
        "en": "No IRR: the cash flow never changes sign.",
        "zh": "无内部收益率：现金流没有正负变化。",
    },
    "ui.irr.multiple": {
        "en": "More than one IRR: {roots}. None is shown as the rate.",
        "zh": "存在多个内部收益率：{roots}，因此不显示单一数值。",
    },
    "ui.chart.year": {"en": "Year", "zh": "年份"},
    "ui.chart.amount": {"en": "Amount ({unit})", "zh": "金额（{unit}）"},
    "ui.chart.component": {"en": "Component", "zh": "构成"},
    "ui.chart.net": {"en": "Net cash flow", "zh": "净现金流量"},
    "ui.chart.cash_flows": {"en": "Annual cash flows by component", "zh": "年度现金流量构成"},
    "ui.chart.basis": {"en": "Cash flow", "zh": "现金流口径"},
    "ui.chart.basis.project": {"en": "Project, pre-tax", "zh": "项目投资（税前）"},
    "ui.chart.basis.equity": {"en": "Equity", "zh": "项目资本金"},
    "ui.chart.equity_draw": {"en": "Equity invested", "zh": "资本金投入"},
    "ui.chart.debt": {"en": "Debt balance and DSCR", "zh": "借款余额与偿债备付率"},
    "ui.chart.balance": {"en": "Debt, opening balance ({unit})", "zh": "期初借款余额（{unit}）"},
    "ui.chart.dscr": {"en": "DSCR", "zh": "偿债备付率"},
    "ui.chart.line": {"en": "Line", "zh": "参考线"},
    "ui.chart.covenant_target": {"en": "Target DSCR {value}", "zh": "目标偿债备付率 {value}"},
    "ui.chart.covenant_one": {"en": "1.0: debt service just covered", "zh": "1.0：恰好覆盖还本付息"},
    "ui.chart.covenant_common": {"en": "1.2: a common lenders' covenant", "zh": "1.2：常见贷款约定"},
    "ui.chart.covenant_note_target": {
        "en": "The line is the project's target DSCR ({value}, financing.target_dscr).",
        "zh": "参考线为项目的目标偿债备付率（{value}，financing.target_dscr）。",
    },
    "ui.chart.covenant_note_default": {
        "en": "The file sets no target DSCR: the lines show 1.0 (debt service just covered) and 1.2 (a common "
        "lenders' covenant).",
        "zh": "文件未设目标偿债备付率：参考线为 1.0（恰好覆盖还本付息）和 1.2（常见贷款约定）。",
    },
    "ui.chart.no_debt": {"en": "The project has no debt service.", "zh": "该项目没有还本付息。"},
    "ui.chart.payments": {
        "en": "Government payments and fiscal affordability",
        "zh": "政府付费与财政承受能力",
    },
    "ui.chart.payment_axis": {"en": "Government payment ({unit})", "zh": "政府付费（{unit}）"},
    "ui.chart.ratio": {"en": "Affordability ratio", "zh": "财政支出占比"},
    "ui.chart.limit": {"en": "10% ceiling (财金〔2015〕21号)", "zh": "10% 上限（财金〔2015〕21号）"},
    "ui.chart.warning": {"en": "7% early warning", "zh": "7% 预警线"},
    "ui.chart.payments_note": {
        "en": "Bars: the government payment of each year. Line: this project's and the other PPP projects' "
        "fiscal expenditure as a share of the general public budget.",
        "zh": "柱：各年政府付费。线：本项目与其他 PPP 项目财政支出占一般公共预算支出的比例。",
    },
    "ui.chart.no_fiscal": {
        "en": "No [fiscal] table: the affordability ratio is not computed.",
        "zh": "没有 [fiscal] 表：未计算财政支出占比。",
    },
    "ui.chart.cumulative": {
        "en": "Cumulative project cash flow (post-tax) and payback",
        "zh": "累计项目投资净现金流量（税后）与投资回收期",
    },
    "ui.chart.cumulative_axis": {"en": "Cumulative ({unit})", "zh": "累计（{unit}）"},
    "ui.chart.payback": {"en": "Payback: {years} years", "zh": "投资回收期：{years} 年"},
    "ui.chart.no_payback": {
        "en": "The cumulative cash flow never turns positive: no payback within the contract period.",
        "zh": "累计现金流量始终为负：合作期内无法收回投资。",
    },
    # ---- What each metric means (shown on hover) -----------------------------------------------------
    "ui.metric_help.project_npv_pre_tax": {
        "en": "PV at the discount rate of the project cash flow before income tax (revenue − opex − capex).",
        "zh": "按年度折现率计算的税前项目投资净现金流量现值（收入 − 经营成本 − 投资）。",
    },
    "ui.metric_help.project_irr_pre_tax": {
        "en": "The rate at which the pre-tax project cash flow has a PV of zero.",
        "zh": "使税前项目投资净现金流量现值为零的折现率。",
    },
    "ui.metric_help.project_npv_post_tax": {
        "en": "PV at the discount rate of the project cash flow after the adjusted income tax (rate × EBIT).",
        "zh": "按年度折现率计算的税后（扣除调整所得税 = 税率 × 息税前利润）项目投资净现金流量现值。",
    },
    "ui.metric_help.project_irr_post_tax": {
        "en": "The rate at which the post-tax project cash flow has a PV of zero.",
        "zh": "使税后项目投资净现金流量现值为零的折现率。",
    },
    "ui.metric_help.equity_irr": {
        "en": "The return on the shareholders' equity: the rate at which the equity cash flow (− equity, + "
        "revenue − opex − lifecycle capex − interest − principal − tax) has a PV of zero.",
        "zh": "项目资本金的收益率：使资本金净现金流量（− 资本金 + 收入 − 经营成本 − 更新改造 − 利息 − 本金 − 所得税）"
        "现值为零的折现率。",
    },
    "ui.metric_help.equity_npv": {
        "en": "PV of the equity cash flow at the equity hurdle rate.",
        "zh": "按资本金基准收益率计算的资本金净现金流量现值。",
    },
    "ui.metric_help.min_dscr": {
        "en": "The lowest yearly cash available for debt service ÷ (interest + principal).",
        "zh": "各年可用于还本付息的现金 ÷（利息 + 本金）的最低值。",
    },
    "ui.metric_help.mean_dscr": {
        "en": "The average DSCR over the years with debt service.",
        "zh": "有还本付息各年偿债备付率的平均值。",
    },
    "ui.metric_help.llcr": {
        "en": "PV at the loan rate of the cash available for debt service over the loan life ÷ the debt at "
        "the first operating year.",
        "zh": "贷款期内可用于还本付息现金按贷款利率的现值 ÷ 首个运营年的借款余额。",
    },
    "ui.metric_help.payback_years": {
        "en": "Years from the start until the cumulative post-tax project cash flow turns positive.",
        "zh": "自起始年起，累计税后项目投资净现金流量转为正值所需年数。",
    },
    "ui.metric_help.discounted_payback_years": {
        "en": "As the static payback, with the cash flow discounted at the discount rate.",
        "zh": "与静态回收期相同，但现金流量按年度折现率折现。",
    },
    "ui.metric_help.roi": {
        "en": "Mean EBIT over the operating years ÷ total investment.",
        "zh": "运营期平均息税前利润 ÷ 总投资。",
    },
    "ui.metric_help.roe": {
        "en": "Mean net profit over the operating years ÷ equity.",
        "zh": "运营期平均净利润 ÷ 项目资本金。",
    },
    "ui.metric_help.government_pv": {
        "en": "PV at the discount rate of the government's payments: the figure bids are ranked by.",
        "zh": "按年度折现率计算的政府付费现值：评标排序所依据的数值。",
    },
    "ui.metric_help.construction_investment": {
        "en": "All construction capex, escalated to nominal amounts.",
        "zh": "建设期全部投资（按调价率计算的名义值）。",
    },
    "ui.metric_help.idc": {
        "en": "Interest on the loan during construction, capitalised into the investment.",
        "zh": "建设期借款利息，资本化计入投资。",
    },
    "ui.metric_help.total_investment": {
        "en": "Construction investment + interest during construction.",
        "zh": "建设投资 + 建设期利息。",
    },
    "ui.metric_help.max_affordability_ratio": {
        "en": "The highest yearly share of the general public budget spent on this and the other PPP "
        "projects; the ceiling is 10% (财金〔2015〕21号).",
        "zh": "本项目与其他 PPP 项目财政支出占一般公共预算支出比例的最高年度值；上限为 10%（财金〔2015〕21号）。",
    },
    "ui.metric_help.vfm_amount": {
        "en": "PSC − PPP value (both as PVs): positive means the PPP gives value for money.",
        "zh": "PSC 值 − PPP 值（均为现值）：为正说明采用 PPP 模式物有所值。",
    },
    "ui.metric_help.vfm_index": {"en": "VfM amount ÷ PSC.", "zh": "物有所值量值 ÷ PSC 值。"},
    "ui.metric_help.min_icr": {
        "en": "The lowest yearly EBIT ÷ interest.",
        "zh": "各年息税前利润 ÷ 利息的最低值。",
    },
}

# The project editor's exchange of schedules through the xlsx template (ppp/exports/template.py).
UI_MESSAGES.update(
    {
        "ui.editor.xlsx.title": {"en": "Schedules in Excel", "zh": "用 Excel 填写计划表"},
        "ui.editor.xlsx.help": {
            "en": "Download the template of this project's capex, lifecycle capex, operating costs, revenue and payment schedule, fill in the shaded cells and upload it: the schedules are replaced and saved as the next revision when every value is valid.",
            "zh": "下载本项目的建设投资、更新改造投资、经营成本、收入及付费计划模板，填写带底色的单元格后上传：全部数值有效时替换计划表并保存为新版本。",
        },
        "ui.editor.xlsx.download": {"en": "Download the template (.xlsx)", "zh": "下载模板（.xlsx）"},
        "ui.editor.xlsx.upload": {"en": "Filled template (.xlsx)", "zh": "填写好的模板（.xlsx）"},
        "ui.editor.xlsx.import": {"en": "Import the schedules", "zh": "导入计划表"},
        "ui.editor.xlsx.pending": {
            "en": "Save or discard your open changes before importing.",
            "zh": "导入前请先保存或放弃尚未保存的修改。",
        },
        "ui.editor.xlsx.no_file": {"en": "Choose the filled template first.", "zh": "请先选择填写好的模板。"},
        "ui.editor.xlsx.refused": {
            "en": "The template was not imported; nothing was saved:",
            "zh": "模板未导入，未保存任何内容：",
        },
        "ui.editor.xlsx.imported": {
            "en": "Schedules imported and saved as revision {revision}.",
            "zh": "计划表已导入并保存为第 {revision} 版。",
        },
        "ui.editor.xlsx.template_unavailable": {
            "en": "The template cannot be made while the stored inputs have problems.",
            "zh": "已保存的输入存在问题，暂时无法生成模板。",
        },
    }
)

# the Excel workbook (ppp.exports.workbook): the dashboard's download and ``ppp export``
UI_MESSAGES.update(
    {
        "ui.download.xlsx": {
            "en": "Workbook (Excel, live formulas)",
            "zh": "测算工作簿（Excel，公式可追溯）",
        },
        "ui.download.xlsx_help": {
            "en": "Every figure is a formula over the named inputs, with the standard statements and checks; "
            "it recalculates in Excel or LibreOffice and matches the app.",
            "zh": "每个数字都是引用命名输入的公式，含标准财务报表与校验；在 Excel 或 LibreOffice 中重算结果与应用一致。",
        },
        "cli.exported": {"en": "workbook written to {path}", "zh": "工作簿已写入 {path}"},
        "cli.export_failed": {"en": "cannot write {path}: {detail}", "zh": "无法写入 {path}：{detail}"},
    }
)

# the operations page (ppp/ui/pages/operations.py): readings, KPI trends, deductions, payment statement,
# actual vs plan and the projects at risk
UI_MESSAGES.update(
    {
        "ui.nav.operations": {"en": "Operations", "zh": "运营绩效"},
        "ui.operations.title": {"en": "Operations and performance payments", "zh": "运营绩效与按效付费"},
        "ui.operations.caption": {
            "en": "Amounts in {unit}; statements for {years} year(s) with readings.",
            "zh": "金额单位：{unit}；有读数的年度结算单 {years} 个。",
        },
        "ui.operations.record": {"en": "Record KPI readings", "zh": "录入绩效指标读数"},
        "ui.operations.upload_help": {
            "en": "A CSV file with the header kpi_id,period,value (period YYYY-MM). Uploading the same readings again changes nothing; a different value is stored as a correction. A file with any bad line stores nothing.",
            "zh": "CSV 文件，表头为 kpi_id,period,value（period 格式 YYYY-MM）。重复上传相同读数不会改变任何内容；数值不同则作为更正保存。文件中任一行有误则整个文件都不保存。",
        },
        "ui.operations.upload": {"en": "Readings file (.csv)", "zh": "读数文件（.csv）"},
        "ui.operations.reason": {"en": "Reason (kept with corrections)", "zh": "原因（随更正一并记录）"},
        "ui.operations.upload_button": {"en": "Upload the readings", "zh": "上传读数"},
        "ui.operations.no_file": {"en": "Choose a readings file first.", "zh": "请先选择读数文件。"},
        "ui.operations.upload_refused": {
            "en": "The readings were not stored ({count} problem(s)); nothing of this upload was saved:",
            "zh": "读数未保存（{count} 个问题）；本次上传的内容均未保存：",
        },
        "ui.operations.recorded": {
            "en": "Readings recorded: {inserted} new, {corrected} corrected, {unchanged} unchanged.",
            "zh": "读数已保存：新增 {inserted} 条，更正 {corrected} 条，未变 {unchanged} 条。",
        },
        "ui.operations.kpi": {"en": "KPI", "zh": "绩效指标"},
        "ui.operations.period": {"en": "Month (YYYY-MM)", "zh": "月份（YYYY-MM）"},
        "ui.operations.value": {"en": "Value", "zh": "数值"},
        "ui.operations.record_button": {"en": "Record the reading", "zh": "保存读数"},
        "ui.operations.no_kpis": {
            "en": "This project has no KPI framework: add KPIs in the editor to record readings.",
            "zh": "该项目没有绩效指标体系：请先在项目编辑中添加绩效指标。",
        },
        "ui.operations.trends": {"en": "KPI trends against targets", "zh": "绩效指标趋势与目标值"},
        "ui.operations.no_series": {"en": "No readings of this KPI yet.", "zh": "该指标尚无读数。"},
        "ui.operations.breaches": {
            "en": "{count} of {months} month(s) missed the target.",
            "zh": "{months} 个月中有 {count} 个月未达目标。",
        },
        "ui.operations.no_readings": {
            "en": "No readings yet: upload a file or record a reading to see the scores and the payment statement.",
            "zh": "尚无读数：上传文件或录入读数后即可查看得分与付费结算单。",
        },
        "ui.operations.deductions": {"en": "The month's deductions by KPI", "zh": "当月各指标扣款"},
        "ui.operations.month": {"en": "Month", "zh": "月份"},
        "ui.operations.no_deduction": {"en": "No deduction in {period}.", "zh": "{period} 无扣款。"},
        "ui.operations.month_total": {
            "en": "Deductions in {period}: {amount} {unit}.",
            "zh": "{period} 扣款合计：{amount} {unit}。",
        },
        "ui.operations.statement": {"en": "Payment statement", "zh": "付费结算单"},
        "ui.operations.year_months": {"en": "Months of {year}", "zh": "{year} 年各月"},
        "ui.operations.record_payments": {"en": "Record the payments", "zh": "记录实际付费"},
        "ui.operations.payments_recorded": {
            "en": "Payments of {years} year(s) recorded: {total} {unit} in all.",
            "zh": "已记录 {years} 个年度的付费，合计 {total} {unit}。",
        },
        "ui.operations.download_csv": {"en": "Statement (CSV)", "zh": "结算单（CSV）"},
        "ui.operations.download_json": {"en": "Statement (JSON)", "zh": "结算单（JSON）"},
        "ui.operations.column.year": {"en": "Year", "zh": "年份"},
        "ui.operations.column.operating_year": {"en": "Operating year", "zh": "运营年"},
        "ui.operations.column.months_recorded": {"en": "Months with readings", "zh": "有读数月份"},
        "ui.operations.column.score": {"en": "Score", "zh": "绩效得分"},
        "ui.operations.column.coefficient": {"en": "Payment coefficient", "zh": "付费系数"},
        "ui.operations.column.points": {"en": "Deduction points", "zh": "扣分"},
        "ui.operations.column.planned_payment": {"en": "Planned payment", "zh": "计划付费"},
        "ui.operations.column.payment_before_deductions": {
            "en": "Payment at this coefficient",
            "zh": "按本系数付费",
        },
        "ui.operations.column.deduction": {"en": "Deductions", "zh": "扣款"},
        "ui.operations.column.actual_payment": {"en": "Actual payment", "zh": "实际付费"},
        "ui.operations.column.forecast_payment": {
            "en": "Actual or forecast payment",
            "zh": "实际或预测付费",
        },
        "ui.operations.column.planned_affordability": {
            "en": "Affordability ratio (plan)",
            "zh": "财政承受能力比例（计划）",
        },
        "ui.operations.column.actual_affordability": {
            "en": "Affordability ratio (actual and forecast)",
            "zh": "财政承受能力比例（实际及预测）",
        },
        "ui.operations.actual_vs_plan": {"en": "Actual vs plan", "zh": "实际与计划对比"},
        "ui.operations.no_payments": {
            "en": "No payment or cost recorded yet: the realised figures equal the plan until they are recorded.",
            "zh": "尚未记录实际付费或成本：记录之前，实际数据与计划相同。",
        },
        "ui.operations.irr_planned": {"en": "Equity IRR (plan)", "zh": "资本金内部收益率（计划）"},
        "ui.operations.irr_realised": {
            "en": "Equity IRR (realised and forecast)",
            "zh": "资本金内部收益率（实际及预测）",
        },
        "ui.operations.spend": {
            "en": "Government payments recorded ({unit})",
            "zh": "已记录政府付费（{unit}）",
        },
        "ui.operations.at_risk": {"en": "Projects at risk (portfolio)", "zh": "风险项目（项目组合）"},
        "ui.operations.no_risk": {
            "en": "No project shows falling scores or repeated breaches.",
            "zh": "没有项目出现得分下降或反复违约。",
        },
        "ui.chart.kpi.month": {"en": "Month", "zh": "月份"},
        "ui.chart.kpi.value": {"en": "Reading ({unit})", "zh": "读数（{unit}）"},
        "ui.chart.kpi.status": {"en": "Target", "zh": "目标"},
        "ui.chart.kpi.met": {"en": "met", "zh": "达标"},
        "ui.chart.kpi.breach": {"en": "missed", "zh": "未达标"},
        "ui.chart.kpi.target": {"en": "target {value}", "zh": "目标值 {value}"},
        "ui.chart.kpi.kpi": {"en": "KPI", "zh": "绩效指标"},
        "ui.chart.kpi.points": {"en": "Points", "zh": "扣分"},
        "ui.chart.kpi.deduction": {"en": "Deduction ({unit})", "zh": "扣款（{unit}）"},
        "ui.chart.kpi.deductions_title": {"en": "Deductions by KPI, {period}", "zh": "{period} 各指标扣款"},
        "ui.chart.avp.title": {"en": "Government payment: plan vs actual", "zh": "政府付费：计划与实际"},
        "ui.chart.avp.planned": {"en": "planned", "zh": "计划"},
        "ui.chart.avp.actual": {"en": "actual", "zh": "实际"},
        "ui.chart.avp.forecast": {"en": "forecast (plan)", "zh": "预测（按计划）"},
    }
)

# the lifecycle page (ppp/ui/pages/lifecycle.py) and its timeline chart
UI_MESSAGES.update(
    {
        "ui.nav.lifecycle": {"en": "Lifecycle", "zh": "项目生命周期"},
        "ui.lifecycle.title": {"en": "Project lifecycle", "zh": "项目生命周期"},
        "ui.lifecycle.stage": {"en": "Current stage", "zh": "当前阶段"},
        "ui.lifecycle.next": {"en": "Next stage", "zh": "下一阶段"},
        "ui.lifecycle.none": {"en": "none (last stage)", "zh": "无（最后阶段）"},
        "ui.lifecycle.ready": {
            "en": "Every document needed for the next stage is done.",
            "zh": "进入下一阶段所需文件均已完成。",
        },
        "ui.lifecycle.blocked": {
            "en": "Before the next stage:",
            "zh": "进入下一阶段之前：",
        },
        "ui.lifecycle.documents": {"en": "Documents and approvals", "zh": "文件与审批"},
        "ui.lifecycle.documents_help": {
            "en": "What each stage records; those of the current and earlier stages are needed to move on.",
            "zh": "各阶段须记录的文件；进入下一阶段须完成当前及之前阶段的文件。",
        },
        "ui.lifecycle.stage_documents": {"en": "{stage} stage", "zh": "{stage}阶段"},
        "ui.lifecycle.done_on": {"en": "Done on", "zh": "完成日期"},
        "ui.lifecycle.reference": {"en": "Reference (document number)", "zh": "文号"},
        "ui.lifecycle.mark_done": {"en": "Mark done", "zh": "标记为完成"},
        "ui.lifecycle.mark_pending": {"en": "Mark pending", "zh": "标记为未完成"},
        "ui.lifecycle.document_done": {"en": "done on {date}", "zh": "已于 {date} 完成"},
        "ui.lifecycle.document_pending": {"en": "pending", "zh": "未完成"},
        "ui.lifecycle.document_recorded": {"en": "{document}: recorded.", "zh": "{document}：已记录。"},
        "ui.lifecycle.milestones": {"en": "Milestones", "zh": "里程碑"},
        "ui.lifecycle.no_milestones": {"en": "No milestones yet.", "zh": "尚无里程碑。"},
        "ui.lifecycle.milestone": {"en": "Milestone", "zh": "里程碑"},
        "ui.lifecycle.actual": {"en": "Reached on", "zh": "实际完成日期"},
        "ui.lifecycle.reached": {"en": "Reached", "zh": "已完成"},
        "ui.lifecycle.record_milestone": {"en": "Save the milestone", "zh": "保存里程碑"},
        "ui.lifecycle.milestone_recorded": {"en": "Milestone saved.", "zh": "里程碑已保存。"},
        "ui.lifecycle.add_milestone": {"en": "Add a milestone", "zh": "新增里程碑"},
        "ui.lifecycle.milestone_name": {"en": "Name", "zh": "名称"},
        "ui.lifecycle.milestone_stage": {"en": "Stage", "zh": "阶段"},
        "ui.lifecycle.planned": {"en": "Planned", "zh": "计划日期"},
        "ui.lifecycle.add_button": {"en": "Add", "zh": "新增"},
        "ui.lifecycle.change": {"en": "Change the stage", "zh": "变更阶段"},
        "ui.lifecycle.target": {"en": "Move to", "zh": "变更为"},
        "ui.lifecycle.reason": {
            "en": "Reason (needed to move back)",
            "zh": "原因（退回时必填）",
        },
        "ui.lifecycle.change_button": {"en": "Change the stage", "zh": "变更阶段"},
        "ui.lifecycle.changed": {
            "en": "The project moved to {stage} (revision {revision}).",
            "zh": "项目已进入{stage}阶段（第 {revision} 版）。",
        },
        "ui.lifecycle.refused": {"en": "The stage was not changed:", "zh": "阶段未变更："},
        "ui.lifecycle.transitions": {"en": "Stage changes", "zh": "阶段变更记录"},
        "ui.lifecycle.no_transitions": {"en": "No stage changes recorded yet.", "zh": "尚无阶段变更记录。"},
        "ui.lifecycle.slippage": {"en": "Slippage against plan (portfolio)", "zh": "进度偏差（项目组合）"},
        "ui.lifecycle.column.from": {"en": "From", "zh": "原阶段"},
        "ui.lifecycle.column.to": {"en": "To", "zh": "新阶段"},
        "ui.lifecycle.column.revision": {"en": "Revision", "zh": "版本"},
        "ui.lifecycle.column.at": {"en": "When", "zh": "时间"},
        "ui.lifecycle.column.by": {"en": "By", "zh": "操作人"},
        "ui.lifecycle.column.reason": {"en": "Reason", "zh": "原因"},
        "ui.lifecycle.column.name": {"en": "Name", "zh": "名称"},
        "ui.lifecycle.column.stage": {"en": "Stage", "zh": "阶段"},
        "ui.lifecycle.column.planned": {"en": "Planned", "zh": "计划日期"},
        "ui.lifecycle.column.actual": {"en": "Actual", "zh": "实际日期"},
        "ui.lifecycle.column.days": {"en": "Days late", "zh": "延误天数"},
        "ui.lifecycle.column.project": {"en": "Project", "zh": "项目"},
        "ui.lifecycle.column.milestones": {"en": "Milestones", "zh": "里程碑数"},
        "ui.lifecycle.column.late": {"en": "Late", "zh": "延误数"},
        "ui.lifecycle.column.max_days": {"en": "Most days late", "zh": "最长延误天数"},
        "ui.lifecycle.column.total_days": {"en": "Days late in all", "zh": "累计延误天数"},
        "ui.lifecycle.column.worst": {"en": "Latest milestone", "zh": "延误最久的里程碑"},
        "ui.chart.lifecycle.title": {"en": "Milestones: plan and actual", "zh": "里程碑：计划与实际"},
        "ui.chart.lifecycle.milestone": {"en": "Milestone", "zh": "里程碑"},
        "ui.chart.lifecycle.date": {"en": "Date", "zh": "日期"},
        "ui.chart.lifecycle.status": {"en": "Status", "zh": "状态"},
        "ui.chart.lifecycle.planned": {"en": "Planned", "zh": "计划日期"},
        "ui.chart.lifecycle.actual": {"en": "Actual", "zh": "实际日期"},
        "ui.chart.lifecycle.days": {"en": "Days late", "zh": "延误天数"},
        "ui.chart.lifecycle.stage": {"en": "Stage", "zh": "阶段"},
        "ui.chart.lifecycle.on_time": {"en": "reached on time", "zh": "按期完成"},
        "ui.chart.lifecycle.late": {"en": "late", "zh": "延误"},
        "ui.chart.lifecycle.open": {"en": "not due yet", "zh": "未到期"},
        "ui.chart.lifecycle.today": {"en": "today ({date})", "zh": "今天（{date}）"},
    }
)

# Recorded (actual) costs on the operations page
UI_MESSAGES.update(
    {
        "ui.operations.dscr_realised": {
            "en": "Min DSCR (realised and forecast)",
            "zh": "最低偿债备付率（实际及预测）",
        },
        "ui.operations.column.planned_opex": {"en": "Operating costs (plan)", "zh": "运营成本（计划）"},
        "ui.operations.column.actual_opex": {"en": "Operating costs (actual)", "zh": "运营成本（实际）"},
        "ui.operations.column.planned_capex": {"en": "Capital spending (plan)", "zh": "资本性支出（计划）"},
        "ui.operations.column.actual_capex": {"en": "Capital spending (actual)", "zh": "资本性支出（实际）"},
        "ui.actuals.title": {"en": "Actual costs", "zh": "实际成本"},
        "ui.actuals.help": {
            "en": "What the SPV really spent in a year ({unit}, from its accounts): operating costs, or capital "
            "spending (construction in construction years, refreshes in operating years). Actual vs plan "
            "re-runs the evaluation with them; the government's payment terms keep the plan.",
            "zh": "项目公司某年的实际支出（{unit}，以财务账目为准）：运营成本，或资本性支出（建设期为建设投资，"
            "运营期为更新改造）。实际与计划对比据此重新测算；政府付费条款仍按计划。",
        },
        "ui.actuals.year": {"en": "Year", "zh": "年份"},
        "ui.actuals.kind": {"en": "Kind", "zh": "类别"},
        "ui.actuals.kind.opex": {"en": "Operating costs", "zh": "运营成本"},
        "ui.actuals.kind.capex": {"en": "Capital spending", "zh": "资本性支出"},
        "ui.actuals.amount": {"en": "Amount ({unit})", "zh": "金额（{unit}）"},
        "ui.actuals.note": {"en": "Source (accounts, invoice, ...)", "zh": "来源（财务账目、发票等）"},
        "ui.actuals.by": {"en": "Recorded by", "zh": "记录人"},
        "ui.actuals.record": {"en": "Record the cost", "zh": "记录成本"},
        "ui.actuals.recorded": {"en": "{kind} of {year} recorded.", "zh": "已记录 {year} 年{kind}。"},
        "ui.actuals.none": {
            "en": "No actual cost recorded: the plan stands.",
            "zh": "尚未记录实际成本：仍按计划测算。",
        },
        "ui.actuals.refused": {
            "en": "The cost was not recorded ({count} problem(s)):",
            "zh": "成本未记录（{count} 个问题）：",
        },
        "ui.actuals.remove_which": {"en": "Recorded cost", "zh": "已记录的成本"},
        "ui.actuals.remove": {"en": "Remove (the plan stands again)", "zh": "删除（恢复按计划）"},
        "ui.actuals.removed": {"en": "{kind} of {year} removed.", "zh": "已删除 {year} 年{kind}。"},
    }
)

# Which framework a project follows (a badge on every page that works on one project)
UI_MESSAGES.update(
    {
        "ui.project.framework_badge": {"en": "Framework: {framework}", "zh": "政策框架：{framework}"},
        "ui.project.framework_rules.mof-2015": {
            "en": "MOF rules (Cai Jin [2014] No. 113, 财金〔2015〕21号): government pay or viability gap; fiscal "
            "PPP spending at most 10% of the general public budget; at least 30% of the construction cost's "
            "payment linked to performance (Cai Ban Jin [2017] No. 92).",
            "zh": "财金〔2014〕113号、财金〔2015〕21号：政府付费或可行性缺口补助；PPP 财政支出不超过一般公共预算"
            "支出的 10%；建设成本对应付费至少 30% 与绩效挂钩（财办金〔2017〕92号）。",
        },
        "ui.project.framework_rules.franchise-2023": {
            "en": "国办函〔2023〕115号: user-pay franchises only, no government payment of construction cost, "
            "concessions up to 40 years; a government-pay payment mode is flagged.",
            "zh": "国办函〔2023〕115号：仅限使用者付费的特许经营，政府不承担建设成本付费，特许期最长 40 年；"
            "政府付费模式会被提示。",
        },
        "ui.project.framework_rules.international": {
            "en": "International availability-PPP practice: the method of this app without the Chinese "
            "regulatory checks.",
            "zh": "国际可用性付费 PPP 惯例：采用本应用的方法，不做中国监管规则检查。",
        },
    }
)

# The VfM risk register and qualitative criteria in the project editor
UI_MESSAGES.update(
    {
        "ui.table.vfm_risks": {"en": "Risk register", "zh": "风险清单"},
        "ui.table.vfm_criteria": {
            "en": "Qualitative criteria (expert panel)",
            "zh": "定性评价指标（专家评分）",
        },
        "ui.field.risks.name": {"en": "Risk", "zh": "风险"},
        "ui.field.risks.probability": {"en": "Probability", "zh": "发生概率"},
        "ui.field.risks.impact": {"en": "Impact (PV)", "zh": "影响（现值）"},
        "ui.field.risks.allocation": {"en": "Borne by", "zh": "承担方"},
        "ui.field.risks.government_share": {"en": "Government share", "zh": "政府承担比例"},
        "ui.field.risks.source": {"en": "Source", "zh": "来源"},
        "ui.option.allocation.government": {"en": "government (retained)", "zh": "政府（自留）"},
        "ui.option.allocation.private": {"en": "private partner (transferred)", "zh": "社会资本（转移）"},
        "ui.option.allocation.shared": {"en": "shared", "zh": "共担"},
        "ui.field.criteria.name": {"en": "Criterion", "zh": "指标"},
        "ui.field.criteria.group": {"en": "Group", "zh": "类别"},
        "ui.field.criteria.weight": {"en": "Weight (points)", "zh": "权重（分）"},
        "ui.field.criteria.score": {"en": "Expert score", "zh": "专家评分"},
        "ui.option.group.core": {"en": "core (80%)", "zh": "基本指标（80%）"},
        "ui.option.group.supplementary": {"en": "supplementary (20%)", "zh": "补充指标（20%）"},
    }
)

# Named scenarios ([[scenarios]]) in the project editor
UI_MESSAGES.update(
    {
        "ui.section.scenarios": {"en": "Named scenarios", "zh": "命名情景"},
        "ui.table.scenarios": {
            "en": "Named scenarios: overrides of the plan (empty = plan)",
            "zh": "命名情景：对基准方案的调整（留空 = 按计划）",
        },
        "ui.field.scenarios.name": {"en": "Scenario", "zh": "情景"},
        "ui.field.scenarios.capex": {"en": "Capex (× plan)", "zh": "建设投资（计划值倍数）"},
        "ui.field.scenarios.opex": {"en": "Operating costs (× plan)", "zh": "运营成本（计划值倍数）"},
        "ui.field.scenarios.user_revenue": {
            "en": "User revenue (× plan)",
            "zh": "使用者付费收入（计划值倍数）",
        },
        "ui.field.scenarios.loan_rate": {
            "en": "Loan rate change (0.01 = +1 point)",
            "zh": "贷款利率变动（0.01 即上升 1 个百分点）",
        },
        "ui.field.scenarios.inflation": {
            "en": "Inflation change (0.01 = +1 point)",
            "zh": "通货膨胀率变动（0.01 即上升 1 个百分点）",
        },
        "ui.field.scenarios.performance_score": {
            "en": "Expected performance score",
            "zh": "预期绩效考核得分",
        },
        "ui.field.scenarios.construction_delay": {
            "en": "Construction delay (years)",
            "zh": "建设期延误（年）",
        },
    }
)
