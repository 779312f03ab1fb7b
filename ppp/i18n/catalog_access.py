"""Roles and access: who may see and do what (ppp.services.access, users, the role switch).
English and Chinese; merged into :data:`ppp.i18n.catalog.MESSAGES`."""

from __future__ import annotations

ACCESS_MESSAGES: dict[str, dict[str, str]] = {
    "service.access.administrators_only": {
        "en": "Only an administrator may manage users and roles (your role: {role}).",
        "zh": "只有管理员可以管理用户和角色（您的角色：{role}）。",
    },
    "service.access.other_bids": {
        "en": "Your role ({role}) sees only your own organisation's bids: the comparison of all bids of a "
        "tender is for the tendering government and its auditors.",
        "zh": "您的角色（{role}）只能查看本单位的投标："
        "招标项目全部投标的比选仅向招标方政府及其审计人员开放。",
    },
    "service.access.submit_forbidden": {
        "en": "Your role ({role}) may not submit a bid for “{bidder}”: vendors submit their own "
        "organisation's bids; an administrator records a bid delivered on paper.",
        "zh": "您的角色（{role}）不能以“{bidder}”的名义提交投标：社会资本方只能提交本单位的投标；"
        "纸质投标由管理员录入。",
    },
    "rule.bidder_is_organisation": {
        "en": "must be your organisation's name, {organisation}: a vendor submits its own bids only",
        "zh": "必须是本单位名称“{organisation}”：社会资本方只能提交本单位的投标",
    },
    "service.access.government_only": {
        "en": "Value for money and fiscal affordability are the government's analyses: your role ({role}) "
        "may not see them.",
        "zh": "物有所值评价和财政承受能力论证是政府方的分析，您的角色（{role}）无权查看。",
    },
    "service.access.project_change": {
        "en": "Your role ({role}) may view this project but not change it: only {owner} (its owner) may.",
        "zh": "您的角色（{role}）可以查看本项目，但不能修改：只有项目所属单位（{owner}）可以修改。",
    },
}
