"""Use cases, each ``verb(*, session, principal, ...)``: check the principal, load, call the pure parts, save,
audit. Pages and the CLI call these; they never touch :mod:`ppp.store` tables themselves.

A unit of work from a page::

    from ppp.store import session_scope
    from ppp import services

    with session_scope(engine) as session:
        principal = services.local_principal(session=session)
        stored = services.get_project(session=session, principal=principal, project_id=3)
"""

from ppp.services.actuals import (
    COST_KINDS,
    ActualCost,
    ActualVsPlan,
    YearComparison,
    actual_costs,
    actual_vs_plan,
    record_actual_cost,
    remove_actual_cost,
)
from ppp.services.lifecycle import (
    DocumentView,
    LifecycleView,
    MilestoneView,
    ProjectSlippage,
    TransitionView,
    add_milestone,
    change_stage,
    lifecycle,
    portfolio_slippage,
    record_document,
    record_milestone,
)
from ppp.services.operations import (
    ProjectRisk,
    RiskReason,
    UploadResult,
    latest_readings,
    monthly_series,
    payment_statement,
    projects_at_risk,
    record_payments,
    record_reading,
    stored_payments,
    upload_readings,
)
from ppp.services.projects import (
    EvaluationCacheInfo,
    archive_project,
    clear_evaluation_cache,
    create_from_template,
    create_project,
    duplicate_project,
    evaluate_project,
    evaluation_cache_info,
    export_project_toml,
    get_project,
    import_project_file,
    import_schedules,
    list_projects,
    save_project,
)
from ppp.services.types import LOCAL_USER_NAME, Principal, ProjectSummary, ServiceError, StoredProject
from ppp.services.users import local_principal

__all__ = [
    "COST_KINDS",
    "LOCAL_USER_NAME",
    "ActualCost",
    "ActualVsPlan",
    "DocumentView",
    "EvaluationCacheInfo",
    "LifecycleView",
    "MilestoneView",
    "Principal",
    "ProjectRisk",
    "ProjectSlippage",
    "ProjectSummary",
    "RiskReason",
    "ServiceError",
    "StoredProject",
    "TransitionView",
    "UploadResult",
    "YearComparison",
    "actual_costs",
    "actual_vs_plan",
    "add_milestone",
    "archive_project",
    "change_stage",
    "clear_evaluation_cache",
    "create_from_template",
    "create_project",
    "duplicate_project",
    "evaluate_project",
    "evaluation_cache_info",
    "export_project_toml",
    "get_project",
    "import_project_file",
    "import_schedules",
    "latest_readings",
    "lifecycle",
    "list_projects",
    "local_principal",
    "monthly_series",
    "payment_statement",
    "portfolio_slippage",
    "projects_at_risk",
    "record_actual_cost",
    "record_document",
    "record_milestone",
    "record_payments",
    "record_reading",
    "remove_actual_cost",
    "save_project",
    "stored_payments",
    "upload_readings",
]
