"""Backups and restores (``ppp backup`` / ``ppp restore``) and the crash harness.
English and Chinese; merged into :data:`ppp.i18n.catalog.MESSAGES`."""

from __future__ import annotations

BACKUP_MESSAGES: dict[str, dict[str, str]] = {
    # why a backup or restore is refused (ppp.store.backup.BackupError): the value and the rule
    "backup.database_missing": {
        "en": "database file {path}: not found (a backup needs an existing database; check DATABASE_URL, "
        "PPP_DATA_DIR or --database-url)",
        "zh": "数据库文件 {path}：不存在（备份需要已存在的数据库；"
        "请检查 DATABASE_URL、PPP_DATA_DIR 或 --database-url）",
    },
    "backup.source_missing": {
        "en": "backup file {path}: not found (give a file written by ppp backup)",
        "zh": "备份文件 {path}：不存在（请指定由 ppp backup 生成的文件）",
    },
    "backup.same_file": {
        "en": "{path}: is the database itself; restore from a backup file elsewhere",
        "zh": "{path}：就是数据库本身；请从其他位置的备份文件恢复",
    },
    "backup.not_a_database": {
        "en": "{path}: not a SQLite database ({detail})",
        "zh": "{path}：不是 SQLite 数据库（{detail}）",
    },
    "backup.not_ppp": {
        "en": "{path}: not a database of this application (it needs the projects table and an Alembic "
        "version)",
        "zh": "{path}：不是本应用的数据库（须有 projects 表和 Alembic 版本）",
    },
    "backup.newer_revision": {
        "en": "{path}: schema revision {revision} is unknown to this version of ppp (its newest is {head}); "
        "upgrade ppp first",
        "zh": "{path}：数据库结构版本 {revision} 高于本版本 ppp 所知（最新为 {head}）；请先升级 ppp",
    },
    "backup.integrity_failed": {
        "en": "{path}: PRAGMA integrity_check must return ok, it found: {detail}",
        "zh": "{path}：PRAGMA integrity_check 须返回 ok，发现：{detail}",
    },
    "backup.foreign_keys_failed": {
        "en": "{path}: PRAGMA foreign_key_check must be empty, it found {count} rows referring to missing "
        "rows: {detail}",
        "zh": "{path}：PRAGMA foreign_key_check 须为空，发现 {count} 行引用了不存在的行：{detail}",
    },
    "backup.folder_missing": {
        "en": "{path}: the folder {folder} does not exist (create it first)",
        "zh": "{path}：文件夹 {folder} 不存在（请先创建）",
    },
    "backup.destination_is_folder": {
        "en": "{path}: is a folder; the backup must be a file name",
        "zh": "{path}：是文件夹；备份须指定文件名",
    },
    "backup.write_failed": {
        "en": "{path}: cannot be written ({detail})",
        "zh": "{path}：无法写入（{detail}）",
    },
    "backup.unsupported_url": {
        "en": "database URL {url}: must be a SQLite file (sqlite:///path) or PostgreSQL "
        "(postgresql://user@host/database)",
        "zh": "数据库 URL {url}：须为 SQLite 文件（sqlite:///path）或 PostgreSQL（postgresql://user@host/database）",
    },
    "backup.target_not_empty": {
        "en": "{target} holds {projects} projects: a restore replaces them all, so it needs --replace",
        "zh": "{target} 中有 {projects} 个项目：恢复将全部替换，须加 --replace",
    },
    "backup.target_has_other_tables": {
        "en": "{target} has tables the backup does not ({tables}): a restore would leave them behind; "
        "restore into an empty database",
        "zh": "{target} 含有备份中没有的表（{tables}）：恢复后它们会残留；请恢复到空数据库",
    },
    "backup.tool_missing": {
        "en": "{tool}: not found on PATH or in /usr/lib/postgresql/*/bin (apt-get install postgresql-client)",
        "zh": "{tool}：在 PATH 和 /usr/lib/postgresql/*/bin 中均未找到（apt-get install postgresql-client）",
    },
    "backup.tool_failed": {
        "en": "{tool} failed: {detail}",
        "zh": "{tool} 执行失败：{detail}",
    },
    "backup.not_an_archive": {
        "en": "{path}: not a pg_dump archive that pg_restore can read ({detail})",
        "zh": "{path}：不是 pg_restore 可读取的 pg_dump 归档（{detail}）",
    },
    # the CLI's reports
    "cli.backup.written": {
        "en": "Backup written: {path} ({bytes} bytes, {seconds} s)",
        "zh": "备份已写入：{path}（{bytes} 字节，{seconds} 秒）",
    },
    "cli.backup.restored": {
        "en": "Restored {path} into {url} ({seconds} s)",
        "zh": "已将 {path} 恢复到 {url}（{seconds} 秒）",
    },
    "cli.backup.database": {"en": "Database: {url} ({backend})", "zh": "数据库：{url}（{backend}）"},
    "cli.backup.revision": {
        "en": "Schema revision: {revision}",
        "zh": "数据库结构版本：{revision}",
    },
    "cli.backup.rows": {"en": "Rows: {counts}", "zh": "行数：{counts}"},
    "cli.backup.checks": {
        "en": "Checks: integrity ok, foreign keys ok",
        "zh": "检查：完整性正常，外键正常",
    },
    "cli.backup.archive_checked": {
        "en": "Checks: pg_restore --list reads the archive",
        "zh": "检查：pg_restore --list 可读取该归档",
    },
    "cli.backup.replaced": {
        "en": "Replaced {projects} projects that were there before",
        "zh": "已替换原有的 {projects} 个项目",
    },
    "cli.backup.migrate_hint": {
        "en": "The app migrates an older schema to the newest when it starts.",
        "zh": "应用启动时会将较旧的数据库结构迁移到最新版本。",
    },
    # the crash harness (python -m ppp.bench_crash)
    "backup.crash.title": {
        "en": "Crash harness: {kills} SIGKILLs of a writer saving bids and KPI readings ({backend})",
        "zh": "崩溃测试：在写入投标和 KPI 读数时 {kills} 次 SIGKILL 写入进程（{backend}）",
    },
    "backup.crash.progress": {
        "en": "kill {kill}/{kills}: after {milliseconds} ms, {acknowledged} acknowledged; missing {missing}, "
        "partial {partial}",
        "zh": "第 {kill}/{kills} 次终止：{milliseconds} 毫秒后，已确认 {acknowledged} 次；丢失 {missing}，"
        "不完整 {partial}",
    },
    "backup.crash.figure": {"en": "Figure", "zh": "指标"},
    "backup.crash.value": {"en": "Value", "zh": "数值"},
    "backup.crash.kills": {"en": "kills", "zh": "强制终止次数"},
    "backup.crash.acknowledged": {"en": "acknowledged saves", "zh": "已确认的保存"},
    "backup.crash.acknowledged_bids": {"en": "  of which bids", "zh": "  其中投标"},
    "backup.crash.acknowledged_uploads": {"en": "  of which reading uploads", "zh": "  其中读数上传"},
    "backup.crash.stored_bids": {"en": "bid versions stored", "zh": "已存储的投标版本"},
    "backup.crash.stored_batches": {"en": "reading batches stored", "zh": "已存储的读数批次"},
    "backup.crash.unacknowledged": {
        "en": "stored, killed before acknowledging",
        "zh": "已存储但确认前被终止",
    },
    "backup.crash.missing": {"en": "missing acknowledged saves", "zh": "丢失的已确认保存"},
    "backup.crash.partial": {"en": "partial transactions", "zh": "不完整的事务"},
    "backup.crash.integrity": {"en": "integrity and foreign-key checks", "zh": "完整性与外键检查"},
    "backup.crash.seconds": {"en": "seconds", "zh": "秒"},
    "backup.crash.ok": {"en": "ok", "zh": "正常"},
    "backup.crash.failed": {"en": "FAILED", "zh": "失败"},
    "backup.crash.problem": {"en": "problem: {detail}", "zh": "问题：{detail}"},
    "backup.crash.bad_kills": {
        "en": "--kills {value}: must be a whole number from 1 to 100000",
        "zh": "--kills {value}：须为 1 到 100000 之间的整数",
    },
}
