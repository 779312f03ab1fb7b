"""Messages of the tenders part (English and Chinese); merged into :data:`ppp.i18n.catalog.MESSAGES`."""

from __future__ import annotations

TENDER_MESSAGES: dict[str, dict[str, str]] = {
    "ui.nav.tenders": {"en": "Tenders and bids", "zh": "招标与投标"},
    # services
    "service.bids.bid_required": {
        "en": "a bid file needs a [bid] table (bidder, submitted, technical_score)",
        "zh": "投标文件须包含 [bid] 表（bidder、submitted、technical_score）",
    },
    "service.bids.not_a_tender": {
        "en": 'Project "{name}" is not a tender: its file has no [tender] table.',
        "zh": "项目“{name}”不是招标项目：其文件中没有 [tender] 表。",
    },
    "service.bids.tender_archived": {
        "en": 'Tender "{name}" is archived: it accepts no more bids.',
        "zh": "招标项目“{name}”已归档，不再接受投标。",
    },
    "service.bids.seed_no_tender": {
        "en": "this sample bid names no sample tender: call it <prefix>_bid_<x>.toml, "
        "beside <prefix>_tender.toml",
        "zh": "此示例投标未对应任何示例招标文件：请命名为 <prefix>_bid_<x>.toml，"
        "并与 <prefix>_tender.toml 放在一起",
    },
    "service.bids.not_found": {
        "en": "Bid {id} does not exist.",
        "zh": "投标 {id} 不存在。",
    },
    "service.bids.hash_mismatch": {
        "en": "The stored bid of {bidder} (version {version}) no longer matches its hash: stored {stored}, "
        "recomputed {recomputed}. It is not used; tell the administrator.",
        "zh": "{bidder} 的已存投标（第 {version} 版）与其哈希值不符：存储值 {stored}，"
        "重新计算值 {recomputed}。该投标不予使用，请联系管理员。",
    },
    # the tenders page
    "ui.tenders.caption": {
        "en": "A tender is a project file with [tender]; each bid is the same project with [bid] and the "
        "bidder's offer. Submitted bids are frozen: a change is a new version, and every bid shows its hash.",
        "zh": "招标项目是含 [tender] 表的项目文件；每份投标是同一项目加 [bid] 表及投标人的报价。"
        "已提交的投标即被冻结：任何修改都是新版本，每份投标均显示其哈希值。",
    },
    "ui.tenders.none": {
        "en": "No tender yet: import or create a project file with a [tender] table (price and technical "
        "weights) to receive bids.",
        "zh": "尚无招标项目：请导入或新建含 [tender] 表（价格与技术权重）的项目文件以接收投标。",
    },
    "ui.tenders.choose": {"en": "Tender", "zh": "招标项目"},
    "ui.tenders.option": {"en": "{name} ({bidders} bidders)", "zh": "{name}（{bidders} 个投标人）"},
    "ui.tenders.option_published": {"en": "{name}", "zh": "{name}"},
    "ui.tenders.own_bids_only": {
        "en": "You see your own organisation's bids. The comparison of all bids, the scores and the ranking "
        "are for the tendering government and its auditors.",
        "zh": "您只能看到本单位的投标。全部投标的比选、评分与排名仅向招标方政府及其审计人员开放。",
    },
    "ui.tenders.tender_hash": {
        "en": "Tender input hash: {hash} · money in {unit}",
        "zh": "招标文件输入哈希：{hash} · 金额单位：{unit}",
    },
    "ui.tenders.refused": {
        "en": "The bid was not stored ({count} problems):",
        "zh": "投标未保存（{count} 个问题）：",
    },
    "ui.tenders.no_bids": {
        "en": "No bid submitted yet: add one above to see the comparison.",
        "zh": "尚未提交投标：请在上方添加投标后查看比较。",
    },
    "ui.tenders.no_valid_bids": {
        "en": "No valid bid: there is no affordability to show.",
        "zh": "没有有效投标，无法显示财政承受能力。",
    },
    "ui.tenders.bids": {
        "en": "Submitted bids (latest version of each bidder)",
        "zh": "已提交投标（各投标人最新版本）",
    },
    "ui.tenders.frozen_note": {
        "en": "Stored bids cannot be changed or deleted (the database refuses it); the input hash identifies "
        "exactly what each bidder submitted.",
        "zh": "已存投标不能修改或删除（数据库拒绝此类操作）；输入哈希唯一标识每位投标人提交的内容。",
    },
    "ui.tenders.history": {"en": "Every version ({count})", "zh": "全部版本（{count}）"},
    "ui.tenders.column.version": {"en": "version", "zh": "版本"},
    "ui.tenders.column.submitted_at": {"en": "stored at", "zh": "存储时间"},
    "ui.tenders.column.submitted_by": {"en": "stored by", "zh": "存储人"},
    "ui.tenders.column.file_peak_ratio": {
        "en": "peak ratio in the tender's fiscal file",
        "zh": "招标文件财政测算中的最高支出占比",
    },
    "ui.tenders.column.city_peak_ratio": {
        "en": "peak ratio of the city's committed projects plus this bid",
        "zh": "本市已签约项目加本投标的最高支出占比",
    },
    "ui.tenders.peaks_note": {
        "en": "Why they differ: the tender's file adds the bid to the other PPP spending its [fiscal] table "
        "estimates ({other} {unit} in {year}); the city's adds it to the {committed} committed projects "
        "stored in the app, each by its own fiscal lines. Same budget, same 10% ceiling.",
        "zh": "两者差异的原因：招标文件口径将投标与其 [fiscal] 表估计的其他 PPP 项目支出相加"
        "（{year} 年 {other} {unit}）；本市口径将投标与本系统中 {committed} 个已签约项目"
        "（各按其自身财政支出）相加。两者预算相同，上限均为 10%。",
    },
    "ui.tenders.ranking": {
        "en": "Ranked by total score = {price} × price score + {technical} × technical score; the lowest "
        "government PV scores 100 on price, the others 100 × lowest PV / their PV; equal totals go to the "
        "lower government PV, then the earlier submission.",
        "zh": "按综合得分排名：综合得分 = {price} × 价格得分 + {technical} × 技术得分；政府付费现值最低者"
        "价格得分为 100，其余为 100 × 最低现值 / 本投标现值；"
        "综合得分相同时现值较低者优先，再按提交时间先后。",
    },
    "ui.tenders.add": {"en": "Add a bid", "zh": "添加投标"},
    "ui.tenders.add_file": {"en": "Bid file (TOML or JSON)", "zh": "投标文件（TOML 或 JSON）"},
    "ui.tenders.add_template": {"en": "xlsx bid template", "zh": "xlsx 投标模板"},
    "ui.tenders.add_form": {"en": "Form", "zh": "表单"},
    "ui.tenders.file": {"en": "Bid file with a [bid] table", "zh": "含 [bid] 表的投标文件"},
    "ui.tenders.submit_file": {"en": "Submit the bid file", "zh": "提交投标文件"},
    "ui.tenders.no_file": {"en": "Choose a file first.", "zh": "请先选择文件。"},
    "ui.tenders.template_download": {
        "en": "Download the bid template of this tender",
        "zh": "下载本招标项目的投标模板",
    },
    "ui.tenders.template_upload": {"en": "Filled bid template (xlsx)", "zh": "已填写的投标模板（xlsx）"},
    "ui.tenders.submit_template": {"en": "Submit the filled template", "zh": "提交已填写的模板"},
    "ui.tenders.form_help": {
        "en": "The bid is the tender's file with these terms replaced by the bidder's offer.",
        "zh": "投标即招标文件，其中以下条款替换为投标人的报价。",
    },
    "ui.tenders.submit_form": {"en": "Submit the bid", "zh": "提交投标"},
    "ui.tenders.form_key": {
        "en": "is not a key path of the project file (section.key)",
        "zh": "不是项目文件的键路径（表名.键名）",
    },
    "ui.tenders.submitted": {
        "en": "Bid of {bidder} stored as version {version} (hash {hash}).",
        "zh": "{bidder} 的投标已存为第 {version} 版（哈希 {hash}）。",
    },
    "ui.tenders.comparison": {"en": "Comparison", "zh": "投标比较"},
    "ui.tenders.terms": {
        "en": "Price {price} and technical {technical} of the total; government PV at the tender's discount "
        "rate {rate}; PSC {psc} {unit}.",
        "zh": "综合得分中价格占 {price}、技术占 {technical}；政府付费现值按招标文件折现率 {rate} 计算；"
        "PSC 为 {psc} {unit}。",
    },
    "ui.tenders.flag_line": {"en": "{bidder}: {flag}", "zh": "{bidder}：{flag}"},
    "ui.tenders.problem_line": {"en": "{bidder}: {problem}", "zh": "{bidder}：{problem}"},
    "ui.tenders.tie_line": {
        "en": "{bidders} (rank in brackets) have the same total {total}: {rule}",
        "zh": "{bidders}（括号内为排名）综合得分同为 {total}：{rule}",
    },
    "ui.tenders.affordability": {
        "en": "The city's fiscal affordability with each bid",
        "zh": "加入各投标后本市的财政承受能力",
    },
    "ui.tenders.affordability_caption": {
        "en": "{city}: the {committed} committed projects (dashed) and the portfolio with each bid added, "
        "against the budget of the tender's [fiscal] table.",
        "zh": "{city}：{committed} 个已签约项目（虚线）及分别加入各投标后的组合，"
        "按招标文件 [fiscal] 表的预算计算。",
    },
    "ui.tenders.export": {"en": "Export the comparison", "zh": "导出投标比较"},
    "ui.tenders.export_note": {
        "en": "Every export carries the tender's hash ({hash}) and each bid's input hash.",
        "zh": "每份导出文件均包含招标文件哈希（{hash}）及每份投标的输入哈希。",
    },
    "ui.tenders.download_xlsx": {"en": "Workbook (xlsx)", "zh": "工作簿（xlsx）"},
    "ui.tenders.download_csv": {"en": "Table (CSV)", "zh": "表格（CSV）"},
    "ui.tenders.download_json": {"en": "Data (JSON)", "zh": "数据（JSON）"},
    # charts
    "ui.tenders.chart.payments": {
        "en": "Annual government payment of each bid",
        "zh": "各投标的年度政府付费",
    },
    "ui.tenders.chart.payment_axis": {"en": "government payment ({unit})", "zh": "政府付费（{unit}）"},
    "ui.tenders.chart.affordability": {
        "en": "Affordability ratio of the city with each bid",
        "zh": "加入各投标后本市的财政支出占比",
    },
    "ui.tenders.chart.curve": {"en": "portfolio", "zh": "项目组合"},
    "ui.tenders.chart.committed": {"en": "committed projects", "zh": "已签约项目"},
    "ui.tenders.line.new_projects": {
        "en": "5%: no new government-pay project",
        "zh": "5%：不得新上政府付费项目",
    },
    "ui.tenders.line.warning": {"en": "7%: early warning", "zh": "7%：预警线"},
    "ui.tenders.line.limit": {"en": "10%: limit", "zh": "10%：红线"},
}
