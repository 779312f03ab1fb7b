"""Returns and risk, the vendor's view: goal seek (the payment level that earns a target), sensitivity
(tornado, two-way table, break-even values), Monte Carlo (distributions of the returns, with progress and
cancel) and the project's named scenarios side by side. Every figure comes from ``ppp.services.risk``.

Cancelling a run. In Streamlit 1.67 a click on any widget while the script runs stops that run at its next
element update (with the default ``runner.fastReruns`` the old run is told to stop and a new run starts at
once; without it the old run is rerun): the running script raises Streamlit's own stop exception there. The
progress bar is updated from ``run_monte_carlo``'s ``on_chunk`` callback after every chunk of scenarios, so a
click on Cancel ends the simulation within one chunk (at most 10,000 scenarios, a fraction of a second). A
flag set by the button and read by the callback would never be read in time: the click's own run starts
only after the old run was told to stop, and the old run stops at the progress update before any such check.
So the button's flag only tells the next run to say that the simulation was cancelled and how far it got;
the last complete result stays shown.

Coming back. Every input keeps its value when the user goes to another page and comes back: the keyed
widgets persist for the session, and the data editors (which cannot) are rebuilt from the values last edited,
kept under keys of the page's own. A Monte Carlo result shown with inputs other than those it was run with
says so, naming the settings it was computed with.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, Final, TypeVar

import pandas as pd
import streamlit as st

from ppp import services
from ppp.engine.solve import VARIABLES, SolveResult, Variable
from ppp.exports.risk_export import monte_carlo_csv
from ppp.model import ProjectError
from ppp.risk.drivers import DRIVER_KEYS, OUTPUT_KEYS
from ppp.risk.montecarlo import MAX_SCENARIOS, MIN_SCENARIOS, MonteCarloResult, MonteCarloSpec
from ppp.risk.sensitivity import DEFAULT_STEPS, BreakEven
from ppp.services.risk import settings_hash
from ppp.services.types import Principal, ProjectSummary, ServiceError, StoredProject
from ppp.ui import charts, context, risk_charts
from ppp.ui import risk_view as view
from ppp.ui.components import chart, project_picker
from ppp.ui.context import text

if TYPE_CHECKING:
    from sqlmodel import Session

Result = TypeVar("Result")

#: session-state keys of the Monte Carlo run (not widget keys: they outlive the run that sets them)
RESULT_KEY: Final = "risk_mc_result"
CANCEL_KEY: Final = "risk_mc_cancel_requested"
PROGRESS_KEY: Final = "risk_mc_progress"
#: set while a simulation runs; a run stopped by a click never clears it
RUNNING_KEY: Final = "risk_mc_running"
TIMING_KEY: Final = "risk_mc_seconds"
#: the data editors' values last edited (language-free), kept for the next visit of the page
STEPS_KEPT_KEY: Final = "risk_steps_kept"
DISTRIBUTIONS_KEPT_KEY: Final = "risk_mc_distributions_kept"
CORRELATIONS_KEPT_KEY: Final = "risk_mc_correlations_kept"
#: keeps every keyed widget's value across page switches (Streamlit drops it otherwise)
PERSIST: Final = "session"

Kept = TypeVar("Kept")


def render() -> None:
    st.title(text("ui.risk.title"))
    with st.container():
        context.show_flash()
    summary = project_picker("risk_project")
    if summary is None:
        return
    stored = _analysis(
        lambda session, principal: services.get_project(
            session=session, principal=principal, project_id=summary.id
        )
    )
    if stored is None:
        return
    project = stored.project
    st.caption(text("ui.risk.caption", unit=project.project.money_unit, revision=stored.revision))
    planned_hurdle = project.rates.equity_hurdle_rate
    hurdle_percent = st.number_input(
        text("ui.risk.hurdle"),
        min_value=-99.0,
        max_value=1000.0,
        value=round((planned_hurdle if planned_hurdle is not None else view.FALLBACK_HURDLE) * 100.0, 6),
        step=0.5,
        format="%.2f",
        help=text("ui.risk.hurdle_help"),
        key=f"risk_hurdle_{stored.id}",
        persist_state=PERSIST,
    )
    hurdle = float(hurdle_percent) / 100.0
    goal, sensitivity, simulation, scenarios = st.tabs(
        [
            text("ui.risk.tab.goal_seek"),
            text("ui.risk.tab.sensitivity"),
            text("ui.risk.tab.monte_carlo"),
            text("ui.risk.tab.scenarios"),
        ]
    )
    with goal:
        _goal_seek(stored, hurdle)
    with sensitivity:
        _sensitivity(stored, hurdle)
    with simulation:
        _monte_carlo(stored, hurdle)
    with scenarios:
        _scenarios(stored, summary)


def _analysis(call: Callable[[Session, Principal], Result]) -> Result | None:
    """One service call in a read-only unit of work; a refusal or a bad input is a message, not a trace."""
    try:
        with context.unit_of_work(read_only=True) as session:
            return call(session, context.principal())
    except ServiceError as error:
        st.error(context.service_error_message(error))
    except ProjectError as error:
        _problems(error)
    return None


def _kept_editor(
    data: Callable[[Kept | None], pd.DataFrame],
    read: Callable[[pd.DataFrame], Kept],
    *,
    key: str,
    kept_key: str,
    **options: Any,
) -> pd.DataFrame:
    """A data editor whose edits outlive a visit to another page (``st.data_editor`` has no persist_state).

    ``read`` keeps the edited table's values under ``kept_key`` on every run; ``data`` builds the table from
    those values (None: the defaults). The editor's data changes only when Streamlit has no state for it (on
    the first visit, after another page, in another language), so its edits of this visit are never applied
    twice or lost.
    """
    base_key = f"{kept_key}_base"
    base = st.session_state.get(base_key)
    if key not in st.session_state or not (isinstance(base, tuple) and base[0] == key):
        base = (key, st.session_state.get(kept_key))
        st.session_state[base_key] = base
    edited = st.data_editor(data(base[1]), key=key, **options)
    st.session_state[kept_key] = read(edited)
    return edited


def _problems(error: ProjectError) -> None:
    lines = error.messages(context.language())
    st.error(text("ui.risk.problems", count=len(lines)) + "\n\n" + "\n".join(f"- {line}" for line in lines))


# ---- goal seek ---------------------------------------------------------------------------------------------


def _goal_seek(stored: StoredProject, hurdle: float) -> None:
    st.caption(text("ui.risk.goal.help"))
    variable_column, target_column, value_column = st.columns(3)
    default = view.default_variable(stored.project)
    variable: Variable = variable_column.selectbox(
        text("ui.risk.goal.variable"),
        options=list(VARIABLES),
        index=VARIABLES.index(default),
        format_func=lambda key: text(f"ui.risk.variable.{key.replace('-', '_')}"),
        key="risk_goal_variable",
        persist_state=PERSIST,
    )
    target: str = target_column.selectbox(
        text("ui.risk.goal.target"),
        options=list(view.GOAL_TARGETS),
        format_func=lambda key: text(f"ui.risk.target.{key}"),
        key="risk_goal_target",
        persist_state=PERSIST,
    )
    typed = value_column.number_input(
        text(f"ui.risk.target_value.{target}", unit=stored.project.project.money_unit),
        value=view.default_target_input(target, hurdle),
        format="%.4f",
        key=f"risk_goal_value_{target}",
        persist_state=PERSIST,
    )
    result = _analysis(
        lambda session, principal: services.goal_seek(
            session=session,
            principal=principal,
            project_id=stored.id,
            target=target,
            target_value=view.target_value(target, float(typed)),
            variable=variable,
        )
    )
    if result is None:
        return
    _goal_result(stored, result, variable)


def _goal_result(stored: StoredProject, result: SolveResult, variable: Variable) -> None:
    language = context.language()
    solved, achieved = st.columns(2)
    solved.metric(text(f"ui.risk.solved.{variable.replace('-', '_')}"), f"{result.value:.8g}", border=True)
    achieved.metric(text(f"ui.risk.target.{result.target}"), view.achieved_text(result), border=True)
    st.success(
        text(
            "ui.risk.goal.found",
            variable=text(f"ui.risk.variable.{variable.replace('-', '_')}"),
            value=f"{result.value:.8g}",
            target=text(f"ui.risk.target.{result.target}"),
            achieved=view.achieved_text(result),
        )
    )
    left, right = st.columns([2, 3], gap="medium")
    with left:
        st.dataframe(
            view.goal_metrics_frame(result, language),
            hide_index=True,
            column_config={
                "metric": st.column_config.TextColumn(text("ui.dashboard.metric")),
                "value": st.column_config.TextColumn(text("ui.dashboard.value")),
            },
            key="risk_goal_metrics",
        )
    with right:
        option = settings_hash([result.variable, result.target, result.target_value, result.value])
        chart(
            "risk_payments",
            stored.input_hash,
            language,
            option,
            lambda: charts.payments_chart(result.evaluation, language),
        )


# ---- sensitivity -------------------------------------------------------------------------------------------


def _sensitivity(stored: StoredProject, hurdle: float) -> None:
    language = context.language()
    st.subheader(text("ui.risk.tornado"))
    st.caption(text("ui.risk.steps_help"))
    edited = _kept_editor(
        partial(view.steps_frame, DEFAULT_STEPS, language),
        view.steps_texts,
        key=f"risk_steps_{language}",
        kept_key=STEPS_KEPT_KEY,
        hide_index=True,
        disabled=["driver", "unit"],
        column_config={
            "driver": st.column_config.TextColumn(text("ui.risk.column.driver")),
            "unit": st.column_config.TextColumn(text("ui.risk.column.unit"), width="medium"),
            "steps": st.column_config.TextColumn(text("ui.risk.column.steps"), width="large"),
        },
    )
    try:
        steps = view.steps_from_texts(dict(zip(DRIVER_KEYS, map(str, edited["steps"]), strict=True)))
    except ProjectError as error:
        _problems(error)
        steps = None
    if steps is not None:
        result = _analysis(
            lambda session, principal: services.sensitivity(
                session=session, principal=principal, project_id=stored.id, steps=steps
            )
        )
        if result is not None:
            option = settings_hash({key: list(values) for key, values in steps.items()})
            columns = st.columns(2, gap="medium")
            for index, output in enumerate(OUTPUT_KEYS):
                frame = view.tornado_frame(result, output, language)
                with columns[index % 2]:
                    chart(
                        f"risk_tornado_{output}",
                        stored.input_hash,
                        language,
                        option,
                        partial(risk_charts.tornado_chart, frame, output, language),
                    )
            if not result.base_feasible:
                st.warning(text("ui.risk.base_infeasible"))
    _two_way(stored)
    _break_even(stored, hurdle)


def _two_way(stored: StoredProject) -> None:
    st.subheader(text("ui.risk.two_way"))
    defaults = view.default_two_way_values(stored.project)
    row_default, column_default, output_default = view.TWO_WAY_DEFAULT
    row_column, column_column, output_column = st.columns(3)
    row_driver = row_column.selectbox(
        text("ui.risk.two_way.row"),
        options=list(DRIVER_KEYS),
        index=DRIVER_KEYS.index(row_default),
        format_func=lambda key: view.driver_label(key, context.language()),
        key="risk_two_way_row",
        persist_state=PERSIST,
    )
    row_text = row_column.text_input(
        text("ui.risk.two_way.values"),
        value=view.numbers_text(defaults[row_driver]),
        key=f"risk_two_way_row_values_{row_driver}",
        persist_state=PERSIST,
    )
    column_driver = column_column.selectbox(
        text("ui.risk.two_way.column"),
        options=list(DRIVER_KEYS),
        index=DRIVER_KEYS.index(column_default),
        format_func=lambda key: view.driver_label(key, context.language()),
        key="risk_two_way_column",
        persist_state=PERSIST,
    )
    column_text = column_column.text_input(
        text("ui.risk.two_way.values"),
        value=view.numbers_text(defaults[column_driver]),
        key=f"risk_two_way_column_values_{column_driver}",
        persist_state=PERSIST,
    )
    output = output_column.selectbox(
        text("ui.risk.two_way.output"),
        options=list(OUTPUT_KEYS),
        index=OUTPUT_KEYS.index(output_default),
        format_func=lambda key: view.output_label(key, context.language()),
        key="risk_two_way_output",
        persist_state=PERSIST,
    )
    try:
        row_values = view.parse_numbers(row_text, "two_way.row_values")
        column_values = view.parse_numbers(column_text, "two_way.column_values")
    except ProjectError as error:
        _problems(error)
        return
    table = _analysis(
        lambda session, principal: services.two_way_table(
            session=session,
            principal=principal,
            project_id=stored.id,
            row_driver=row_driver,
            row_values=row_values,
            column_driver=column_driver,
            column_values=column_values,
            output=output,
        )
    )
    if table is None:
        return
    frame = view.two_way_frame(table, context.language())
    st.dataframe(
        frame,
        column_config={
            # the rows' names ("Capex = 1.1") are cut in a narrow index column
            "_index": st.column_config.TextColumn(width="medium"),
            **{name: _output_column(output, None) for name in frame.columns},
        },
        placeholder="",
        key="risk_two_way_table",
    )
    st.caption(text("ui.risk.two_way.base", value=view.output_text(output, table.base)))


def _break_even(stored: StoredProject, hurdle: float) -> None:
    st.subheader(text("ui.risk.break_even"))
    language = context.language()
    searches = (
        ("capex", "min_dscr", view.DSCR_FLOOR, view.CAPEX_BREAK_EVEN_RANGE),
        ("performance_score", "equity_irr", hurdle, view.SCORE_BREAK_EVEN_RANGE),
    )
    for driver, output, target, (low, high) in searches:
        found = _analysis(
            partial(
                _break_even_search,
                project_id=stored.id,
                driver=driver,
                output=output,
                target=target,
                low=low,
                high=high,
            )
        )
        if found is None:
            continue
        sentence = view.break_even_text(found, language)
        if found.status in ("reached", "jump"):
            st.info(sentence, icon=":material/flag:")
        else:
            st.warning(sentence)


def _break_even_search(
    session: Session,
    principal: Principal,
    *,
    project_id: int,
    driver: str,
    output: str,
    target: float,
    low: float,
    high: float,
) -> BreakEven:
    return services.break_even_value(
        session=session,
        principal=principal,
        project_id=project_id,
        driver=driver,
        output=output,
        target=target,
        low=low,
        high=high,
    )


# ---- Monte Carlo -------------------------------------------------------------------------------------------


def _monte_carlo(stored: StoredProject, hurdle: float) -> None:
    language = context.language()
    defaults = _analysis(
        lambda session, principal: services.monte_carlo_defaults(
            session=session, principal=principal, project_id=stored.id
        )
    )
    if defaults is None:
        return
    st.caption(text("ui.risk.mc.help"))
    # the tables' keys name the project: another project's defaults start from its own plan
    distributions = _kept_editor(
        partial(view.distribution_frame, defaults, language),
        view.distribution_values,
        key=f"risk_mc_distributions_{stored.id}_{language}",
        kept_key=f"{DISTRIBUTIONS_KEPT_KEY}_{stored.id}",
        hide_index=True,
        # a parameter the distribution does not take is left blank, not shown as "None"
        placeholder="",
        disabled=["driver", "unit"],
        column_config={
            "driver": st.column_config.TextColumn(text("ui.risk.column.driver")),
            "unit": st.column_config.TextColumn(text("ui.risk.column.unit")),
            "kind": st.column_config.SelectboxColumn(
                text("ui.risk.column.kind"),
                options=list(view.DISTRIBUTION_CHOICES),
                format_func=lambda kind: text(f"ui.risk.kind.{kind}"),
                required=True,
            ),
            **{
                name: st.column_config.NumberColumn(text(f"ui.risk.column.{name}"), format="%.4f")
                for name in view.PARAMETER_COLUMNS
            },
        },
    )
    st.caption(text("ui.risk.mc.correlations_help"))
    correlations = _kept_editor(
        partial(view.correlation_frame, defaults),
        view.correlation_rows,
        key=f"risk_mc_correlations_{stored.id}",
        kept_key=f"{CORRELATIONS_KEPT_KEY}_{stored.id}",
        hide_index=True,
        placeholder="",
        num_rows="dynamic",
        column_config={
            "first": st.column_config.SelectboxColumn(
                text("ui.risk.column.first"),
                options=list(DRIVER_KEYS),
                format_func=lambda key: view.driver_label(str(key), context.language()),
            ),
            "second": st.column_config.SelectboxColumn(
                text("ui.risk.column.second"),
                options=list(DRIVER_KEYS),
                format_func=lambda key: view.driver_label(str(key), context.language()),
            ),
            "rho": st.column_config.NumberColumn(
                text("ui.risk.column.rho"), min_value=-1.0, max_value=1.0, format="%.2f"
            ),
        },
    )
    count_column, seed_column = st.columns(2)
    scenarios = count_column.number_input(
        text("ui.risk.mc.scenarios"),
        min_value=MIN_SCENARIOS,
        max_value=MAX_SCENARIOS,
        value=10_000,
        step=1_000,
        key="risk_mc_scenarios",
        persist_state=PERSIST,
    )
    seed = seed_column.number_input(
        text("ui.risk.mc.seed"),
        min_value=0,
        max_value=view.SEED_LIMIT,
        value=0,
        step=1,
        key="risk_mc_seed",
        persist_state=PERSIST,
    )
    run_column, cancel_column = st.columns([1, 5])
    run = run_column.button(
        text("ui.risk.mc.run"), key="risk_mc_run", type="primary", icon=":material/play_arrow:"
    )
    cancel_column.button(
        text("ui.risk.mc.cancel"),
        key="risk_mc_cancel",
        icon=":material/stop:",
        on_click=_request_cancel,
    )
    cancelled = st.session_state.pop(CANCEL_KEY, False)
    if st.session_state.pop(RUNNING_KEY, False) and cancelled:
        done, total = st.session_state.get(PROGRESS_KEY, (0, 0))
        st.warning(text("ui.risk.mc.cancelled", done=done, total=total))
    rows = [
        {"driver_key": key, **row}
        for key, row in zip(DRIVER_KEYS, distributions.to_dict("records"), strict=True)
    ]
    data = view.spec_data(
        rows, correlations.to_dict("records"), scenarios=int(scenarios), seed=int(seed), hurdle=hurdle
    )
    # the settings shown, read on every run: a kept result run with others is labelled as such
    shown: MonteCarloSpec | ProjectError
    try:
        shown = MonteCarloSpec.from_dict(data)
    except ProjectError as error:
        shown = error
    if run:
        if isinstance(shown, ProjectError):
            _problems(shown)
        else:
            _run(stored, shown)
    kept = st.session_state.get(RESULT_KEY)
    if isinstance(kept, tuple) and len(kept) == 3 and kept[0] == (stored.id, stored.revision):
        result: MonteCarloResult = kept[1]
        if shown != result.spec:
            st.warning(
                text(
                    "ui.risk.mc.stale",
                    scenarios=f"{result.spec.scenarios:,}",
                    seed=result.spec.seed,
                    hurdle=view.output_text("equity_irr", result.spec.hurdle),
                ),
                icon=":material/history:",
            )
        _monte_carlo_result(stored, result, kept[2])


def _request_cancel() -> None:
    st.session_state[CANCEL_KEY] = True


def _run(stored: StoredProject, spec: MonteCarloSpec) -> None:
    st.session_state[RUNNING_KEY] = True
    st.session_state[PROGRESS_KEY] = (0, spec.scenarios)
    progress = st.progress(0.0, text=text("ui.risk.mc.progress", done=0, total=spec.scenarios))

    def on_chunk(done: int, total: int) -> bool:
        # recorded before the update, which is where a click on Cancel stops this run
        st.session_state[PROGRESS_KEY] = (done, total)
        progress.progress(done / total, text=text("ui.risk.mc.progress", done=done, total=total))
        return True

    started = time.perf_counter()
    result = _analysis(
        lambda session, principal: services.monte_carlo(
            session=session, principal=principal, project_id=stored.id, spec=spec, on_chunk=on_chunk
        )
    )
    seconds = time.perf_counter() - started
    st.session_state.pop(RUNNING_KEY, None)
    progress.empty()
    if result is None:
        return
    run_id = settings_hash([stored.input_hash, spec.to_json()])
    st.session_state[RESULT_KEY] = ((stored.id, stored.revision), result, run_id)
    st.session_state[TIMING_KEY] = seconds


def _monte_carlo_result(stored: StoredProject, result: MonteCarloResult, run_id: str) -> None:
    language = context.language()
    st.success(
        text(
            "ui.risk.mc.done",
            done=result.scenarios_done,
            seed=result.spec.seed,
            seconds=f"{st.session_state.get(TIMING_KEY, 0.0):.2f}",
        )
    )
    probability_columns = st.columns(3)
    for column, key in zip(
        probability_columns, ("equity_irr_below_hurdle", "min_dscr_below_1", "infeasible"), strict=True
    ):
        value = result.probabilities[key]
        column.metric(
            text(f"ui.risk.mc.probability.{key}", hurdle=f"{(result.hurdle or 0.0) * 100:.2f}%"),
            "—" if value is None else f"{value * 100:.2f}%",
            border=True,
        )
    st.dataframe(
        view.percentile_frame(result, language),
        column_config={key: _output_column(key, view.output_label(key, language)) for key in OUTPUT_KEYS},
        placeholder=text("ui.not_applicable"),
        key="risk_mc_percentiles",
    )
    # one output's histogram and CDF at a time: eight charts would double the time from the click to the
    # result, and each chart is built once per run and language (then reused on every rerun)
    chosen = st.segmented_control(
        text("ui.risk.mc.output"),
        options=list(OUTPUT_KEYS),
        default=OUTPUT_KEYS[0],
        format_func=lambda key: view.output_label(key, language),
        key="risk_mc_output",
        persist_state=PERSIST,
    )
    output = chosen if chosen in OUTPUT_KEYS else OUTPUT_KEYS[0]
    values = result.outputs[output]
    reference = view.reference_line(output, result.hurdle)
    histogram_column, cdf_column = st.columns(2, gap="medium")
    with histogram_column:
        chart(
            f"risk_histogram_{output}",
            run_id,
            language,
            "",
            partial(
                risk_charts.histogram_chart,
                view.histogram_frame(values),
                output,
                language,
                reference=reference,
            ),
        )
    with cdf_column:
        chart(
            f"risk_cdf_{output}",
            run_id,
            language,
            "",
            partial(risk_charts.cdf_chart, view.cdf_frame(values), output, language, reference=reference),
        )
    st.subheader(text("ui.risk.mc.importance"))
    st.caption(text("ui.risk.mc.importance_help"))
    st.dataframe(
        view.importance_frame(result, language),
        column_config={
            key: st.column_config.NumberColumn(view.output_label(key, language), format="%.3f")
            for key in OUTPUT_KEYS
        },
        placeholder=text("ui.not_applicable"),
        key="risk_mc_importance",
    )
    with st.expander(text("ui.risk.mc.settings")):
        st.json(result.spec.to_json())
    _downloads(stored, result)


def _downloads(stored: StoredProject, result: MonteCarloResult) -> None:
    language = context.language()
    stem = f"project-{stored.id}-r{stored.revision}-monte-carlo-seed{result.spec.seed}"
    csv_column, xlsx_column = st.columns(2)
    csv_column.download_button(
        text("ui.risk.download.csv"),
        data=lambda: monte_carlo_csv(result, input_hash=stored.input_hash).encode("utf-8"),
        file_name=f"{stem}.csv",
        mime="text/csv",
        key="risk_mc_download_csv",
        on_click="ignore",
        icon=":material/download:",
    )

    def workbook() -> bytes:
        with context.unit_of_work(read_only=True) as session:
            evaluation = services.evaluate_project(
                session=session, principal=context.principal(), project_id=stored.id
            )
        return view.monte_carlo_workbook(evaluation, stored.project, result, language)

    xlsx_column.download_button(
        text("ui.risk.download.xlsx"),
        data=workbook,
        file_name=f"{stem}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="risk_mc_download_xlsx",
        on_click="ignore",
        icon=":material/download:",
        help=text("ui.risk.download.xlsx_help"),
    )


# ---- named scenarios ---------------------------------------------------------------------------------------


def _scenarios(stored: StoredProject, summary: ProjectSummary) -> None:
    language = context.language()
    comparison = _analysis(
        lambda session, principal: services.scenario_comparison(
            session=session, principal=principal, project_id=stored.id
        )
    )
    if comparison is None:
        return
    if len(comparison.names) == 1:
        _no_scenarios(stored, summary)
    frame = view.scenario_frame(comparison, language)
    labels: dict[str, str] = frame.attrs["labels"]
    st.dataframe(
        frame,
        hide_index=True,
        column_config={
            "scenario": st.column_config.TextColumn(text("ui.risk.column.scenario")),
            "feasible": st.column_config.CheckboxColumn(text("ui.risk.column.feasible")),
            **{key: st.column_config.NumberColumn(labels[key], format="%.4g") for key in DRIVER_KEYS},
            **{key: _output_column(key, labels[key]) for key in OUTPUT_KEYS},
        },
        placeholder=text("ui.not_applicable"),
        key="risk_scenarios_table",
    )
    st.markdown(f"**{text('ui.risk.chart.scenarios')}**")
    # two charts a row: four side by side do not fit a laptop's screen
    for first in range(0, len(OUTPUT_KEYS), 2):
        columns = st.columns(2, gap="medium")
        for column, output in zip(columns, OUTPUT_KEYS[first : first + 2], strict=False):
            chart_frame = view.scenario_chart_frame(comparison, output, language)
            if not len(chart_frame):
                continue
            with column:
                chart(
                    f"risk_scenarios_{output}",
                    stored.input_hash,
                    language,
                    "",
                    partial(risk_charts.scenario_chart, chart_frame, output, language),
                )


def _no_scenarios(stored: StoredProject, summary: ProjectSummary) -> None:
    """Say that the project has no named scenarios, and what this user can do about it: add them in the
    editor only where the user may change the project (not a vendor on a tender, nor an auditor)."""
    if context.may_change(summary):
        st.info(text("ui.risk.scenarios.none"))
        if context.has_page(context.EDITOR_PAGE) and st.button(
            text("ui.dashboard.open_editor"), key="risk_open_editor", icon=":material/edit:"
        ):
            context.open_project(stored.id, context.EDITOR_PAGE)
    elif context.may_write():
        st.info(text("ui.risk.scenarios.none_copy"))
    else:
        st.info(text("ui.risk.scenarios.none_read_only"))


def _output_column(output: str, label: str | None) -> Any:
    """A table column of one output, in the output's one format (:data:`ppp.ui.risk_view.TABLE_FORMATS`)."""
    fmt, step = view.TABLE_FORMATS[output]
    return st.column_config.NumberColumn(label, format=fmt, step=step)


render()
