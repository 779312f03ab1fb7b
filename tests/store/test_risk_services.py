"""The risk services on SQLite and PostgreSQL: results equal the pure analyses of the stored revision, are
kept per (project, revision, settings) and recomputed after a save, a cancelled run is not kept, and an
auditor (who may not change anything) may run every analysis."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from access_helpers import auditor_of_everything
from sqlalchemy.engine import Engine

from ppp import services
from ppp.engine.solve import solve
from ppp.model import ProjectError
from ppp.risk.defaults import default_monte_carlo
from ppp.risk.montecarlo import MonteCarloSpec, run_monte_carlo
from ppp.risk.scenarios import compare_scenarios
from ppp.risk.sensitivity import break_even, tornado, two_way
from ppp.services import Principal, ServiceError
from ppp.store import session_scope

YANGXIN = "Smart Yangxin"


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    services.clear_risk_cache()


def _yangxin(engine: Engine, principal: Principal) -> services.StoredProject:
    with session_scope(engine) as session:
        (summary,) = [
            item
            for item in services.list_projects(session=session, principal=principal)
            if YANGXIN in item.name
        ]
        return services.get_project(session=session, principal=principal, project_id=summary.id)


def _spec(stored: services.StoredProject, *, seed: int = 3) -> MonteCarloSpec:
    return replace(default_monte_carlo(stored.project), scenarios=1_000, seed=seed)


def test_the_analyses_are_the_pure_ones_of_the_stored_revision(seeded: Engine, principal: Principal) -> None:
    stored = _yangxin(seeded, principal)
    project = stored.project
    with session_scope(seeded, read_only=True) as session:
        arguments = {"session": session, "principal": principal, "project_id": stored.id}
        solved = services.goal_seek(**arguments, target="equity_irr", target_value=0.09)
        result = services.sensitivity(**arguments)
        table = services.two_way_table(
            **arguments,
            row_driver="capex",
            row_values=[1.0, 1.2],
            column_driver="performance_score",
            column_values=[80.0, 92.0],
            output="equity_irr",
        )
        found = services.break_even_value(
            **arguments, driver="capex", output="min_dscr", target=1.0, low=1.0, high=3.0
        )
        simulated = services.monte_carlo(**arguments, spec=_spec(stored))
        compared = services.scenario_comparison(**arguments)
        defaults = services.monte_carlo_defaults(**arguments)
    assert solved.value == solve(project, target="equity_irr", target_value=0.09).value
    assert abs(solved.achieved - 0.09) < 1e-8
    assert result.to_json() == tornado(project).to_json()
    assert (
        table.to_json()
        == two_way(project, "capex", [1.0, 1.2], "performance_score", [80.0, 92.0], "equity_irr").to_json()
    )
    assert found.to_json() == break_even(project, "capex", "min_dscr", 1.0, 1.0, 3.0).to_json()
    assert simulated.to_json() == run_monte_carlo(project, _spec(stored)).to_json()
    assert compared.to_json() == compare_scenarios(project).to_json()
    assert defaults == default_monte_carlo(project)


def test_a_result_is_kept_per_project_revision_and_settings(seeded: Engine, principal: Principal) -> None:
    stored = _yangxin(seeded, principal)
    with session_scope(seeded, read_only=True) as session:
        arguments = {"session": session, "principal": principal, "project_id": stored.id}
        first = services.monte_carlo(**arguments, spec=_spec(stored))
        again = services.monte_carlo(**arguments, spec=_spec(stored))
        other_seed = services.monte_carlo(**arguments, spec=_spec(stored, seed=4))
        tornado_first = services.sensitivity(**arguments)
        tornado_again = services.sensitivity(**arguments, steps=None)
    assert again is first
    assert other_seed is not first
    assert tornado_again is tornado_first
    info = services.risk_cache_info()
    assert (info.hits, info.misses, info.currsize) == (2, 3, 3)

    # a save makes a new revision: the analyses of the old one are not reused
    changed = stored.project.model_copy(
        update={"rates": stored.project.rates.model_copy(update={"equity_hurdle_rate": 0.075})}
    )
    with session_scope(seeded) as session:
        saved = services.save_project(
            session=session,
            principal=principal,
            project_id=stored.id,
            base_revision=stored.revision,
            project=changed,
        )
    assert saved.revision == stored.revision + 1
    with session_scope(seeded, read_only=True) as session:
        after = services.monte_carlo(
            session=session, principal=principal, project_id=stored.id, spec=_spec(stored)
        )
    assert after is not first
    assert after.hurdle == 0.075
    assert services.risk_cache_info().misses == 4


def test_a_cancelled_run_reports_progress_and_is_not_kept(seeded: Engine, principal: Principal) -> None:
    stored = _yangxin(seeded, principal)
    spec = replace(_spec(stored), scenarios=3_000, chunk_size=1_000)
    seen: list[tuple[int, int]] = []

    def stop_after_first(done: int, total: int) -> bool:
        seen.append((done, total))
        return False

    with session_scope(seeded, read_only=True) as session:
        arguments = {"session": session, "principal": principal, "project_id": stored.id}
        cancelled = services.monte_carlo(**arguments, spec=spec, on_chunk=stop_after_first)
        complete = services.monte_carlo(
            **arguments, spec=spec, on_chunk=lambda done, total: seen.append((done, total)) is None
        )
    assert cancelled.cancelled
    assert cancelled.scenarios_done == 1_000
    assert not complete.cancelled
    assert seen == [(1_000, 3_000), (1_000, 3_000), (2_000, 3_000), (3_000, 3_000)]
    # the complete run's first chunk is the cancelled run's: the same draws, the same figures
    assert np.array_equal(
        complete.outputs["equity_irr"][:1_000], cancelled.outputs["equity_irr"], equal_nan=True
    )


def test_an_auditor_may_run_every_analysis(seeded: Engine, principal: Principal) -> None:
    stored = _yangxin(seeded, principal)
    auditor = auditor_of_everything(seeded, user_id=principal.user_id)
    with session_scope(seeded, read_only=True) as session:
        arguments = {"session": session, "principal": auditor, "project_id": stored.id}
        assert services.goal_seek(**arguments, target="min_dscr", target_value=1.3).achieved == pytest.approx(
            1.3
        )
        assert services.sensitivity(**arguments).outputs
        assert services.monte_carlo(**arguments, spec=_spec(stored)).scenarios_done == 1_000
        assert services.scenario_comparison(**arguments).names[0] == "base"


def test_an_unknown_project_and_bad_settings_are_refused(seeded: Engine, principal: Principal) -> None:
    stored = _yangxin(seeded, principal)
    with session_scope(seeded, read_only=True) as session:
        with pytest.raises(ServiceError) as refused:
            services.sensitivity(session=session, principal=principal, project_id=999_999)
        assert refused.value.key == "service.project_not_found"
        with pytest.raises(ProjectError) as unreachable:
            services.goal_seek(
                session=session,
                principal=principal,
                project_id=stored.id,
                target="min_dscr",
                target_value=50.0,
            )
        assert unreachable.value.problems[0].rule == "solve.unreachable"
        with pytest.raises(ProjectError) as bad_steps:
            services.sensitivity(
                session=session, principal=principal, project_id=stored.id, steps={"capex": [-2.0]}
            )
        assert bad_steps.value.problems[0].path == "steps.capex[1]"
    assert services.risk_cache_info().currsize == 0
