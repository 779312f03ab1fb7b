"""Role × action: every service function, called by every kind of principal, is allowed, hidden or refused
exactly as docs/access.md says.

Six principals act on the seeded database: the local administrator, the officers of 新余市 (whose tender
the sample bids answer) and of 阳信县 (whose project is in operation), Vendor A and Vendor B (bidders of the
tender) and an auditor assigned to 阳信县 only. Each call runs in its own unit of work, rolled back at the
end, so one principal's change never decides another's outcome.

Outcomes: ``ok`` (done), ``hidden`` (the project or bid does not exist for that principal:
``service.project_not_found`` / ``service.bids.not_found``), ``refused`` (``service.forbidden``,
``service.access.*``, or a vendor's bid filed under another name) or the key of a refusal that is not about
access (``affordability.no_budget``: nothing of the city is visible).
"""

from __future__ import annotations

import dataclasses
import datetime
import importlib
import inspect
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Final

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from ppp import services
from ppp.exports.template import schedules_template
from ppp.model import ProjectError, load_project, parse_project
from ppp.services import Principal, ServiceError
from ppp.services.access import readable_organisations
from ppp.store.seed import DEMO_USERS
from ppp.store.tables import BidRow, ProjectRow, UserRow

# ppp.services re-exports a function named ``lifecycle``: take the modules themselves
actuals, bids, government, lifecycle, operations, projects, risk, users = (
    importlib.import_module(f"ppp.services.{name}")
    for name in ("actuals", "bids", "government", "lifecycle", "operations", "projects", "risk", "users")
)
ROOT: Final = Path(__file__).resolve().parents[2]
SAMPLES: Final = ROOT / "sample_projects"
XINYU: Final = "新余市"
YANGXIN: Final = "阳信县"
VENDOR_A: Final = "Vendor A (甲公司)"
VENDOR_B: Final = "Vendor B (乙公司)"

#: the principals, in the order of the outcome rows below
WHO: Final = ("admin", "officer_xinyu", "officer_yangxin", "vendor_a", "vendor_b", "auditor_yangxin")


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """A seeded SQLite database, its principals and the ids the calls need."""
    from ppp.store import init_database, make_engine, session_scope

    path = tmp_path_factory.mktemp("access") / "access.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    init_database(engine)
    with session_scope(engine, read_only=True) as session:
        by_email = {row.email: row for row in session.exec(select(UserRow)).all()}
        tender_id = session.exec(select(ProjectRow.id).where(ProjectRow.name.contains("新余"))).first()  # type: ignore[attr-defined]
        yangxin_id = session.exec(select(ProjectRow.id).where(ProjectRow.organisation == YANGXIN)).first()
        bid_a = session.exec(select(BidRow.id).where(BidRow.organisation == VENDOR_A)).first()
        admin = services.local_principal(session=session)

    def demo(email: str, **changes: Any) -> Principal:
        row = by_email[email]
        assert row.id is not None
        values = {"user_id": row.id, "name": row.name, "role": row.role, "organisation": row.organisation}
        return Principal(**{**values, **changes})

    emails = {user["organisation"]: user["email"] for user in DEMO_USERS}
    principals = {
        "admin": admin,
        "officer_xinyu": demo(emails[XINYU]),
        "officer_yangxin": demo(emails[YANGXIN]),
        "vendor_a": demo(emails[VENDOR_A]),
        "vendor_b": demo(emails[VENDOR_B]),
        "auditor_yangxin": demo("auditor@audit.example", audits=frozenset({YANGXIN})),
    }
    assert None not in (tender_id, yangxin_id, bid_a)
    yield {"engine": engine, "principals": principals, "T": tender_id, "Y": yangxin_id, "BA": bid_a}
    engine.dispose()


Call = Callable[[Session, Principal, dict[str, Any]], object]


def _bid_text(bidder: str) -> str:
    text = (SAMPLES / "xinyu_bid_a.toml").read_text(encoding="utf-8")
    # a new offer (another hash: the technical score moves by 0.5) under the bidder's own name
    score = re.search(r"^technical_score = ([0-9.]+)", text, flags=re.MULTILINE)
    assert score is not None
    moved = text.replace(score.group(0), f"technical_score = {float(score.group(1)) - 0.5}")
    return moved.replace('bidder = "Vendor A (甲公司)"', f'bidder = "{bidder}"')


def _own_bid(session: Session, principal: Principal, ids: dict[str, Any]) -> object:
    bidder = principal.organisation if principal.role == "vendor" else VENDOR_A
    return bids.submit_bid_file(
        session=session, principal=principal, project_id=ids["T"], text=_bid_text(bidder)
    )


def _stored(session: Session, project_id: int) -> Any:
    admin = services.local_principal(session=session)
    return projects.get_project(session=session, principal=admin, project_id=project_id)


def _save(project_key: str) -> Call:
    def call(session: Session, principal: Principal, ids: dict[str, Any]) -> object:
        stored = _stored(session, ids[project_key])
        return projects.save_project(
            session=session,
            principal=principal,
            project_id=ids[project_key],
            base_revision=stored.revision,
            project=stored.project,
        )

    return call


def _remove_cost(session: Session, principal: Principal, ids: dict[str, Any]) -> object:
    admin = services.local_principal(session=session)
    year = _stored(session, ids["Y"]).project.timeline.start_year + 2
    actuals.record_actual_cost(
        session=session, principal=admin, project_id=ids["Y"], year=year, kind="opex", amount="10"
    )
    return actuals.remove_actual_cost(
        session=session, principal=principal, project_id=ids["Y"], year=year, kind="opex"
    )


def _record_milestone(session: Session, principal: Principal, ids: dict[str, Any]) -> object:
    admin = services.local_principal(session=session)
    view = lifecycle.lifecycle(session=session, principal=admin, project_id=ids["Y"])
    milestone = view.milestones[0]
    return lifecycle.record_milestone(
        session=session,
        principal=principal,
        project_id=ids["Y"],
        milestone_id=milestone.id,
        actual=datetime.date(2020, 1, 2),
    )


def _readings() -> str:
    return (SAMPLES / "yangxin_readings_2019.csv").read_text(encoding="utf-8")


def _first_year(session: Session, ids: dict[str, Any]) -> int:
    project = _stored(session, ids["Y"]).project
    return int(project.timeline.start_year + project.timeline.construction_years)


def _city(session: Session, ids: dict[str, Any], key: str) -> str:
    return str(_stored(session, ids[key]).project.project.city)


def _import_schedules(session: Session, principal: Principal, ids: dict[str, Any]) -> object:
    stored = _stored(session, ids["Y"])
    return projects.import_schedules(
        session=session,
        principal=principal,
        project_id=ids["Y"],
        base_revision=stored.revision,
        data=schedules_template(stored.project, language="en"),
    )


def _user_in() -> Any:
    return users.new_user(
        email="new.person@xinyu.example", name="New person", role="government", organisation=XINYU
    )


def _any_user(session: Session) -> int:
    found = session.exec(select(UserRow.id).where(UserRow.email == "auditor@audit.example")).one()
    assert found is not None
    return found


def _risk(function: Callable[..., object], **arguments: Any) -> Callable[[str], Call]:
    def on(project_key: str) -> Call:
        return lambda session, principal, ids: function(
            session=session, principal=principal, project_id=ids[project_key], **arguments
        )

    return on


def _read(function: Callable[..., object], project_key: str, **arguments: Any) -> Call:
    return lambda session, principal, ids: function(
        session=session, principal=principal, project_id=ids[project_key], **arguments
    )


def _monte_carlo(project_key: str) -> Call:
    def call(session: Session, principal: Principal, ids: dict[str, Any]) -> object:
        admin = services.local_principal(session=session)
        spec = risk.monte_carlo_defaults(session=session, principal=admin, project_id=ids[project_key])
        small = dataclasses.replace(spec, scenarios=1_000)
        return risk.monte_carlo(session=session, principal=principal, project_id=ids[project_key], spec=small)

    return call


# outcome rows, in the order of WHO: admin, officer 新余, officer 阳信, vendor A, vendor B, auditor 阳信
OWNED_Y_READ: Final = ("ok", "hidden", "ok", "hidden", "hidden", "ok")
OWNED_Y_WRITE: Final = ("ok", "hidden", "ok", "hidden", "hidden", "refused")
PUBLISHED_T_READ: Final = ("ok", "ok", "hidden", "ok", "ok", "hidden")
OWNED_T_WRITE: Final = ("ok", "ok", "hidden", "refused", "refused", "refused")
ANYONE_CREATES: Final = ("ok", "ok", "ok", "ok", "ok", "refused")
GOVERNMENT_T: Final = ("ok", "ok", "hidden", "refused", "refused", "hidden")
ADMINISTRATOR_ONLY: Final = ("ok", "refused", "refused", "refused", "refused", "refused")

MATRIX: Final[dict[str, tuple[Call, tuple[str, ...]]]] = {
    # projects
    "projects.get_project": (_read(projects.get_project, "T"), PUBLISHED_T_READ),
    "projects.get_project/Y": (_read(projects.get_project, "Y"), OWNED_Y_READ),
    "projects.export_project_toml": (_read(projects.export_project_toml, "T"), PUBLISHED_T_READ),
    "projects.evaluate_project": (_read(projects.evaluate_project, "T"), PUBLISHED_T_READ),
    "projects.evaluate_project/Y": (_read(projects.evaluate_project, "Y"), OWNED_Y_READ),
    "projects.create_project": (
        lambda s, p, ids: projects.create_project(
            session=s, principal=p, project=load_project(SAMPLES / "yangxin_smart_city_bot.toml").project
        ),
        ANYONE_CREATES,
    ),
    "projects.import_project_file": (
        lambda s, p, ids: projects.import_project_file(
            session=s, principal=p, text=(SAMPLES / "yangxin_smart_city_bot.toml").read_text(encoding="utf-8")
        ),
        ANYONE_CREATES,
    ),
    "projects.create_from_template": (
        lambda s, p, ids: projects.create_from_template(
            session=s, principal=p, template_id="government_pay_bot_availability", name="From a template"
        ),
        ANYONE_CREATES,
    ),
    "projects.duplicate_project": (
        _read(projects.duplicate_project, "T"),
        ("ok", "ok", "hidden", "ok", "ok", "refused"),
    ),
    "projects.duplicate_project/Y": (_read(projects.duplicate_project, "Y"), OWNED_Y_WRITE),
    "projects.save_project": (_save("Y"), OWNED_Y_WRITE),
    "projects.save_project/T": (_save("T"), OWNED_T_WRITE),
    "projects.import_schedules": (_import_schedules, OWNED_Y_WRITE),
    "projects.archive_project": (
        lambda s, p, ids: projects.archive_project(
            session=s, principal=p, project_id=ids["Y"], base_revision=_stored(s, ids["Y"]).revision
        ),
        OWNED_Y_WRITE,
    ),
    # actual costs
    "actuals.record_actual_cost": (
        lambda s, p, ids: actuals.record_actual_cost(
            session=s, principal=p, project_id=ids["Y"], year=_first_year(s, ids), kind="opex", amount="12.5"
        ),
        OWNED_Y_WRITE,
    ),
    "actuals.remove_actual_cost": (_remove_cost, OWNED_Y_WRITE),
    "actuals.actual_costs": (_read(actuals.actual_costs, "Y"), OWNED_Y_READ),
    "actuals.actual_vs_plan": (_read(actuals.actual_vs_plan, "Y"), OWNED_Y_READ),
    # operations
    "operations.upload_readings": (
        lambda s, p, ids: operations.upload_readings(
            session=s, principal=p, project_id=ids["Y"], text=_readings()
        ),
        OWNED_Y_WRITE,
    ),
    "operations.record_reading": (
        lambda s, p, ids: operations.record_reading(
            session=s,
            principal=p,
            project_id=ids["Y"],
            kpi_id="platform_availability",
            period="2019-03",
            value="99.9",
        ),
        OWNED_Y_WRITE,
    ),
    "operations.latest_readings": (_read(operations.latest_readings, "Y"), OWNED_Y_READ),
    "operations.monthly_series": (
        _read(operations.monthly_series, "Y", kpi_id="platform_availability"),
        OWNED_Y_READ,
    ),
    "operations.payment_statement": (_read(operations.payment_statement, "Y"), OWNED_Y_READ),
    "operations.record_payments": (_read(operations.record_payments, "Y"), OWNED_Y_WRITE),
    "operations.stored_payments": (_read(operations.stored_payments, "Y"), OWNED_Y_READ),
    # lifecycle
    "lifecycle.lifecycle": (_read(lifecycle.lifecycle, "Y"), OWNED_Y_READ),
    "lifecycle.lifecycle/T": (
        _read(lifecycle.lifecycle, "T"),
        ("ok", "ok", "hidden", "hidden", "hidden", "hidden"),
    ),
    "lifecycle.record_document": (
        _read(
            lifecycle.record_document,
            "Y",
            kind="vfm_report",
            done_on=datetime.date(2018, 1, 1),
            reference="x",
        ),
        OWNED_Y_WRITE,
    ),
    "lifecycle.add_milestone": (
        _read(
            lifecycle.add_milestone, "Y", name="Check", stage="execution", planned=datetime.date(2030, 1, 1)
        ),
        OWNED_Y_WRITE,
    ),
    "lifecycle.record_milestone": (_record_milestone, OWNED_Y_WRITE),
    "lifecycle.change_stage": (
        lambda s, p, ids: lifecycle.change_stage(
            session=s,
            principal=p,
            project_id=ids["Y"],
            base_revision=_stored(s, ids["Y"]).revision,
            target_stage="procurement",
            reason="the contract is renegotiated",
        ),
        OWNED_Y_WRITE,
    ),
    # risk analyses: what a tender publishes, so vendors may run them on a tender
    "risk.goal_seek": (_risk(risk.goal_seek, target="min_dscr", target_value=1.3)("T"), PUBLISHED_T_READ),
    "risk.goal_seek/Y": (_risk(risk.goal_seek, target="min_dscr", target_value=1.3)("Y"), OWNED_Y_READ),
    "risk.sensitivity": (_risk(risk.sensitivity)("T"), PUBLISHED_T_READ),
    "risk.two_way_table": (
        _risk(
            risk.two_way_table,
            row_driver="capex",
            row_values=[0.9, 1.1],
            column_driver="performance_score",
            column_values=[90.0, 95.0],
            output="equity_irr",
        )("T"),
        PUBLISHED_T_READ,
    ),
    "risk.break_even_value": (
        _risk(risk.break_even_value, driver="capex", output="min_dscr", target=1.0, low=0.5, high=3.0)("T"),
        PUBLISHED_T_READ,
    ),
    "risk.monte_carlo_defaults": (_risk(risk.monte_carlo_defaults)("T"), PUBLISHED_T_READ),
    "risk.monte_carlo": (_monte_carlo("T"), PUBLISHED_T_READ),
    "risk.monte_carlo/Y": (_monte_carlo("Y"), OWNED_Y_READ),
    "risk.scenario_comparison": (_risk(risk.scenario_comparison)("T"), PUBLISHED_T_READ),
    # tenders and bids
    "bids.submit_bid_file": (_own_bid, ("ok", "refused", "hidden", "ok", "ok", "refused")),
    "bids.submit_bid": (
        lambda s, p, ids: bids.submit_bid(
            session=s,
            principal=p,
            project_id=ids["T"],
            bid=parse_project(_bid_text(VENDOR_A)).project,
        ),
        # Vendor B may not file a bid under Vendor A's name
        ("ok", "refused", "hidden", "ok", "refused", "refused"),
    ),
    "bids.list_bids": (_read(bids.list_bids, "T"), PUBLISHED_T_READ),
    "bids.bid_snapshot": (
        lambda s, p, ids: bids.bid_snapshot(session=s, principal=p, bid_id=ids["BA"]),
        ("ok", "ok", "hidden", "ok", "hidden", "hidden"),
    ),
    "bids.compare_tender": (_read(bids.compare_tender, "T"), GOVERNMENT_T),
    # the government's own analyses
    "government.vfm_report": (_read(government.vfm_report, "T"), GOVERNMENT_T),
    "government.cities": (
        lambda s, p, ids: government.cities(session=s, principal=p),
        ("ok", "ok", "ok", "refused", "refused", "ok"),
    ),
    "government.candidate_projects": (
        lambda s, p, ids: government.candidate_projects(session=s, principal=p, city=_city(s, ids, "T")),
        ("ok", "ok", "ok", "refused", "refused", "ok"),
    ),
    "government.city_affordability": (
        lambda s, p, ids: government.city_affordability(session=s, principal=p, city=_city(s, ids, "T")),
        ("ok", "ok", "affordability.no_budget", "refused", "refused", "affordability.no_budget"),
    ),
    # users and roles
    "users.list_users": (lambda s, p, ids: users.list_users(session=s, principal=p), ADMINISTRATOR_ONLY),
    "users.find_user": (
        lambda s, p, ids: users.find_user(session=s, principal=p, email="auditor@audit.example"),
        ADMINISTRATOR_ONLY,
    ),
    "users.create_user": (
        lambda s, p, ids: users.create_user(session=s, principal=p, user_in=_user_in()),
        ADMINISTRATOR_ONLY,
    ),
    "users.set_auditor_scopes": (
        lambda s, p, ids: users.set_auditor_scopes(
            session=s, principal=p, user_id=_any_user(s), organisations=[XINYU]
        ),
        ADMINISTRATOR_ONLY,
    ),
    "users.set_role": (
        lambda s, p, ids: users.set_role(
            session=s, principal=p, user_id=_any_user(s), role="auditor", audits=[XINYU, YANGXIN]
        ),
        ADMINISTRATOR_ONLY,
    ),
}

#: functions that everyone may call and that answer with what the principal may read (checked below)
FILTERED: Final = {
    "projects.list_projects",
    "bids.list_tenders",
    "operations.projects_at_risk",
    "lifecycle.portfolio_slippage",
}

#: the checks themselves, which every function above calls
CHECKS: Final = {"projects.authorise_project", "projects.load_project_row"}

_NOT_FOUND: Final = {"service.project_not_found", "service.bids.not_found"}


def _outcome(call: Call, engine: Engine, principal: Principal, ids: dict[str, Any]) -> str:
    with Session(engine, expire_on_commit=False) as session:
        try:
            call(session, principal, ids)
        except ServiceError as error:
            if error.key in _NOT_FOUND:
                return "hidden"
            if error.key == "service.forbidden" or error.key.startswith("service.access."):
                return "refused"
            return error.key
        except ProjectError as error:
            if [problem.rule for problem in error.problems] == ["rule.bidder_is_organisation"]:
                return "refused"
            raise
        finally:
            session.rollback()
    return "ok"


@pytest.mark.parametrize("action", sorted(MATRIX))
def test_each_role_is_allowed_hidden_or_refused_as_documented(world: dict[str, Any], action: str) -> None:
    call, expected = MATRIX[action]
    found = tuple(_outcome(call, world["engine"], world["principals"][who], world) for who in WHO)
    assert dict(zip(WHO, found, strict=True)) == dict(zip(WHO, expected, strict=True))


def _service_functions() -> set[str]:
    names = set()
    for module in (actuals, bids, government, lifecycle, operations, projects, risk, users):
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("_") or function.__module__ != module.__name__:
                continue
            parameters = inspect.signature(function).parameters
            if "principal" in parameters and parameters["principal"].kind is inspect.Parameter.KEYWORD_ONLY:
                names.add(f"{module.__name__.rsplit('.', 1)[1]}.{name}")
    return names


def test_the_matrix_covers_every_service_function_that_takes_a_principal() -> None:
    covered = {action.split("/")[0] for action in MATRIX} | FILTERED | CHECKS
    assert _service_functions() - covered == set()


def test_lists_show_each_principal_only_what_it_may_read(world: dict[str, Any]) -> None:
    engine: Engine = world["engine"]
    with Session(engine) as session:
        organisation_of = dict(session.exec(select(ProjectRow.id, ProjectRow.organisation)).all())
        for who, principal in world["principals"].items():
            readable = readable_organisations(principal)
            listed = projects.list_projects(session=session, principal=principal)
            tenders = {tender.id for tender in bids.list_tenders(session=session, principal=principal)}
            for summary in listed:
                own = readable is None or summary.organisation in readable
                # a vendor also lists the tenders, published to every bidder
                assert own or (principal.role == "vendor" and summary.id in tenders), (who, summary.name)
            at_risk = operations.projects_at_risk(session=session, principal=principal)
            slipping = lifecycle.portfolio_slippage(session=session, principal=principal)
            for project_id in [risk_row.project_id for risk_row in at_risk] + [
                row.project_id for row in slipping
            ]:
                assert readable is None or organisation_of[project_id] in readable, (who, project_id)
            if who == "officer_xinyu":
                assert {summary.organisation for summary in listed} == {XINYU}
            if who == "vendor_a":
                assert world["T"] in {summary.id for summary in listed}
                assert all(
                    tender.bidders is None
                    for tender in bids.list_tenders(session=session, principal=principal)
                )
        session.rollback()


def test_a_vendor_lists_only_its_own_bids_and_the_officer_all(world: dict[str, Any]) -> None:
    with Session(world["engine"]) as session:
        for who, organisations in (
            ("vendor_a", {VENDOR_A}),
            ("vendor_b", {VENDOR_B}),
        ):
            listed = bids.list_bids(
                session=session, principal=world["principals"][who], project_id=world["T"]
            )
            assert {view.bidder for view in listed.history} == organisations
        everything = bids.list_bids(
            session=session, principal=world["principals"]["officer_xinyu"], project_id=world["T"]
        )
        assert {VENDOR_A, VENDOR_B} <= {view.bidder for view in everything.latest}
        session.rollback()


def test_a_project_that_only_mentions_a_tender_is_not_published_to_vendors(world: dict[str, Any]) -> None:
    """A tender is a file with a [tender] table, not a name or note containing the word."""
    with Session(world["engine"]) as session:
        admin = services.local_principal(session=session)
        project = load_project(SAMPLES / "yangxin_smart_city_bot.toml").project
        named = project.model_copy(
            update={
                "project": project.project.model_copy(update={"name": "智慧阳信 [tender]\n[tender]\n二期"})
            }
        )
        stored = projects.create_project(session=session, principal=admin, project=named)
        vendor = world["principals"]["vendor_a"]
        with pytest.raises(ServiceError) as hidden:
            projects.get_project(session=session, principal=vendor, project_id=stored.id)
        assert hidden.value.key == "service.project_not_found"
        listed = {summary.id for summary in projects.list_projects(session=session, principal=vendor)}
        assert stored.id not in listed
        assert world["T"] in listed
        session.rollback()
