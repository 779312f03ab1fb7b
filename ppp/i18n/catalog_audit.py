"""The audit trail: the hash chain, ``ppp audit verify`` and reproducing a stored evaluation.
English and Chinese; merged into :data:`ppp.i18n.catalog.MESSAGES`."""

from __future__ import annotations

AUDIT_MESSAGES: dict[str, dict[str, str]] = {
    # provenance beside exported figures (workbook cover, CSV columns)
    "audit.result_hash": {"en": "Result hash", "zh": "结果哈希"},
    "audit.column.tender_input_hash": {"en": "tender input hash", "zh": "招标文件输入哈希"},
    "audit.column.program_version": {"en": "program version", "zh": "程序版本"},
    # what verify finds, one message per kind, each naming the row
    "audit.problem.altered": {
        "en": "entry {row}: altered: its stored hash {stored} is not the hash of its content ({recomputed})",
        "zh": "第 {row} 条记录被篡改：其存储的哈希 {stored} 与其内容的哈希（{recomputed}）不符",
    },
    "audit.problem.broken_link": {
        "en": "entry {row}: broken link: it does not follow entry {previous} (its previous hash {stored} is "
        "not that entry's hash {recomputed}): an entry between them was deleted, or one of them rewritten",
        "zh": "第 {row} 条记录链接断裂：它未接在第 {previous} 条记录之后"
        "（其前一哈希 {stored} 不是该记录的哈希 {recomputed}）：两者之间有记录被删除，或其中一条被改写",
    },
    "audit.problem.inserted": {
        "en": "entry {row}: inserted: it links to the same entry as entry {previous} before it, so one of "
        "the two was slipped in",
        "zh": "第 {row} 条记录为插入：它与其前的第 {previous} 条记录链接到同一条记录，两者之一是事后插入的",
    },
    "audit.problem.missing_start": {
        "en": "entry {row}: the first entry left does not start the chain (its previous hash is {stored}, "
        "not 64 zeros): older entries were deleted",
        "zh": "第 {row} 条记录：现存的第一条记录不是链的起点（其前一哈希为 {stored}，而非 64 个 0）："
        "更早的记录被删除",
    },
    "audit.problem.missing_head": {
        "en": "the recorded head {stored} is not in the chain: entries were removed from its end, or the "
        "chain was rewritten",
        "zh": "记录的链头 {stored} 不在链中：链尾的记录被删除，或整条链被改写",
    },
    # ppp audit verify
    "cli.audit.verify_checked": {
        "en": "Audit log: {rows} entries checked in {seconds} s",
        "zh": "审计日志：已核验 {rows} 条记录，用时 {seconds} 秒",
    },
    "cli.audit.verify_head": {
        "en": "Head: entry {id}, hash {hash}",
        "zh": "链头：第 {id} 条记录，哈希 {hash}",
    },
    "cli.audit.verify_empty": {"en": "The audit log is empty.", "zh": "审计日志为空。"},
    "cli.audit.verify_record_head": {
        "en": "Record this head and count outside the database; later, `ppp audit verify --expect-head HASH` "
        "checks that the chain still contains it (a chain alone cannot show its newest entries removed).",
        "zh": "请将此链头哈希与条数记录在数据库之外；日后运行 `ppp audit verify --expect-head 哈希` "
        "可核验链中仍含该记录（仅凭哈希链无法发现最新的记录被删除）。",
    },
    "cli.audit.verify_expected_found": {
        "en": "The recorded head {hash} is entry {id}: {after} entries were appended since.",
        "zh": "记录的链头 {hash} 为第 {id} 条记录：此后新增 {after} 条记录。",
    },
    "cli.audit.verify_intact": {
        "en": "Intact: every entry's hash and link check out.",
        "zh": "完整：每条记录的哈希与链接均核验无误。",
    },
    "cli.audit.verify_problems": {
        "en": "{count} problem(s) found in the audit log:",
        "zh": "审计日志中发现 {count} 个问题：",
    },
    # ppp audit reproduce
    "cli.audit.reproduce_revision": {
        "en": "project {project}, revision {number}: {status}",
        "zh": "项目 {project}，第 {number} 版：{status}",
    },
    "cli.audit.reproduce_bid": {
        "en": "bid {id} ({label}, version {number}) to project {project}: {status}",
        "zh": "投标 {id}（{label}，第 {number} 版），项目 {project}：{status}",
    },
    "cli.audit.reproduce_input_hash": {"en": "input hash", "zh": "输入哈希"},
    "cli.audit.reproduce_stored": {"en": "stored result hash", "zh": "存储的结果哈希"},
    "cli.audit.reproduce_recomputed": {"en": "recomputed result hash", "zh": "重新计算的结果哈希"},
    "cli.audit.reproduce_file_hash": {"en": "hash of the stored file now", "zh": "所存文件现在的哈希"},
    "cli.audit.reproduce_none": {"en": "(none)", "zh": "（无）"},
    "cli.audit.status.equal": {"en": "reproduced (equal)", "zh": "已复现（一致）"},
    "cli.audit.status.differs": {
        "en": "DIFFERS: the result is not the one stored",
        "zh": "不一致：结果与存储的不同",
    },
    "cli.audit.status.no_stored_hash": {
        "en": "no stored result hash (stored without one, as before migration 0008): recomputed only",
        "zh": "无存储的结果哈希（存储时未记录，如迁移 0008 之前的快照）：仅重新计算",
    },
    "cli.audit.status.input_hash_mismatch": {
        "en": "INPUT CHANGED: the stored file no longer has its stored input hash",
        "zh": "输入已改变：所存文件的哈希与存储的输入哈希不符",
    },
    "cli.audit.status.not_evaluable": {
        "en": "NOT EVALUABLE: the stored file no longer evaluates",
        "zh": "无法测算：所存文件已无法测算",
    },
    "cli.audit.reproduce_summary": {
        "en": "{total} snapshot(s): {equal} reproduced, {unhashed} without a stored hash, "
        "{failed} not reproduced",
        "zh": "共 {total} 个快照：{equal} 个已复现，{unhashed} 个无存储的哈希，{failed} 个未能复现",
    },
    "cli.audit.reproduce_nothing": {
        "en": "no stored snapshot matches {selection}",
        "zh": "没有与 {selection} 相符的存储快照",
    },
    # ppp audit log
    "cli.audit.log_application": {"en": "(application)", "zh": "（系统）"},
    "cli.audit.log_empty": {"en": "No audit entries match.", "zh": "没有相符的审计记录。"},
    "cli.audit.log_unknown_user": {"en": "user {id}", "zh": "用户 {id}"},
    # bad input and an unusable database
    "cli.audit.bad_number": {
        "en": "{option} {value!r}: must be a whole number of at least {minimum}",
        "zh": "{option} {value!r}：须为不小于 {minimum} 的整数",
    },
    "cli.audit.bad_head": {
        "en": "--expect-head {value!r}: must be an entry hash, 64 hexadecimal digits (as `ppp audit verify` "
        "prints it)",
        "zh": "--expect-head {value!r}：须为记录哈希，即 64 位十六进制数字"
        "（与 `ppp audit verify` 输出的相同）",
    },
    "cli.audit.revision_needs_project": {
        "en": "--revision {value}: needs --project (the project the revision belongs to)",
        "zh": "--revision {value}：须同时给出 --project（该版本所属的项目）",
    },
    "cli.audit.bad_database_url": {
        "en": "--database-url {value!r}: not a database URL ({detail})",
        "zh": "--database-url {value!r}：不是数据库地址（{detail}）",
    },
    "cli.audit.no_database": {
        "en": "no database at {path}: set DATABASE_URL or PPP_DATA_DIR, or give --database-url",
        "zh": "{path} 处没有数据库：请设置 DATABASE_URL 或 PPP_DATA_DIR，或给出 --database-url",
    },
    "cli.audit.database_unavailable": {
        "en": "cannot read the database {url}: {detail}",
        "zh": "无法读取数据库 {url}：{detail}",
    },
    "cli.audit.wrong_schema": {
        "en": "the database {url} is at schema revision {current}; this program reads revision {head} "
        "(start the app once with this version to upgrade it)",
        "zh": "数据库 {url} 的结构版本为 {current}；本程序读取版本 {head}（请用本版本启动一次应用以升级）",
    },
}
