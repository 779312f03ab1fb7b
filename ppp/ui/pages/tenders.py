"""Tenders and bids: pick a tender, see its submitted bids (frozen, with their hashes), add a bid (bid file,
xlsx bid template or form), compare the bids side by side with their flags and tie explanations, the payment
profiles, the city's affordability with each bid, and download the comparison. Every figure comes from
``ppp.services`` (bids and government)."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import streamlit as st

from ppp import services
from ppp.exports.bid_template import BidTerm, bid_template, bid_terms, read_bid_workbook
from ppp.exports.comparison import comparison_csv, comparison_workbook
from ppp.government.affordability import budget_forecast
from ppp.government.bids import Comparison
from ppp.i18n.catalog import MESSAGES
from ppp.model import Project, ProjectError
from ppp.services.bids import TenderSummary
from ppp.services.government import city_affordability
from ppp.services.types import ServiceError
from ppp.ui import context
from ppp.ui.components import chart, framework_badge
from ppp.ui.context import text
from ppp.ui.government_view import PERCENT_FORMAT, percent_points
from ppp.ui.operations_view import problems_markdown
from ppp.ui.tenders_charts import affordability_chart, payment_profiles_chart
from ppp.ui.tenders_view import (
    BID_COLUMNS,
    COMPARISON_COLUMNS,
    MONEY_COLUMNS,
    PEAK_COLUMNS,
    RATE_COLUMNS,
    bid_from_form,
    bids_frame,
    column_label,
    comparison_frame,
    flag_lines,
    peaks_frame,
    peaks_note,
    ranking_line,
    term_value,
    tie_lines,
)

if TYPE_CHECKING:
    from sqlmodel import Session

TENDER_KEY = "tenders_tender"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def render() -> None:
    st.title(text("ui.nav.tenders"))
    st.caption(text("ui.tenders.caption"))
    with st.container():
        context.show_flash()
    try:
        with context.unit_of_work(read_only=True) as session:
            tenders = services.list_tenders(session=session, principal=context.principal())
    except ServiceError as error:
        st.error(context.service_error_message(error))
        return
    if not tenders:
        st.info(text("ui.tenders.none"))
        return
    tender = _choose(tenders)
    _tender(tender)


def _choose(tenders: list[TenderSummary]) -> TenderSummary:
    by_id = {tender.id: tender for tender in tenders}
    current = context.current_project_id()
    index = list(by_id).index(current) if current in by_id else 0
    if st.session_state.get(TENDER_KEY) not in by_id:
        st.session_state.pop(TENDER_KEY, None)
    chosen = st.selectbox(
        text("ui.tenders.choose"),
        options=list(by_id),
        index=index,
        format_func=lambda tender_id: _tender_label(by_id[tender_id]),
        key=TENDER_KEY,
    )
    return by_id[chosen if chosen in by_id else next(iter(by_id))]


def _tender_label(tender: TenderSummary) -> str:
    if tender.bidders is None:  # a vendor: how many compete is not shown
        return text("ui.tenders.option_published", name=tender.name)
    return text("ui.tenders.option", name=tender.name, bidders=tender.bidders)


def _tender(summary: TenderSummary) -> None:
    language = context.language()
    try:
        with context.unit_of_work(read_only=True) as session:
            principal = context.principal()
            stored = services.get_project(session=session, principal=principal, project_id=summary.id)
            listed = services.list_bids(session=session, principal=principal, project_id=summary.id)
            # a vendor sees its own bids only; the services refuse it the comparison in any case
            sees_all_bids = principal.role != "vendor"
            comparison = (
                services.compare_tender(session=session, principal=principal, project_id=summary.id)
                if listed.latest and sees_all_bids
                else None
            )
    except ServiceError as error:
        st.error(context.service_error_message(error))
        return
    except ProjectError as error:
        st.error(problems_markdown(error, language, heading="ui.tenders.refused"))
        return
    tender = stored.project
    framework_badge(tender.project.framework)
    st.caption(text("ui.tenders.tender_hash", hash=stored.input_hash, unit=tender.project.money_unit))
    _bids(listed)
    if principal.role in ("vendor", "administrator"):  # who may submit (ppp.services.access)
        _add(summary.id, tender)
    if not sees_all_bids:
        st.info(text("ui.tenders.own_bids_only"))
        return
    if comparison is None:
        st.info(text("ui.tenders.no_bids"))
        return
    _comparison(comparison)
    _affordability(summary.id, tender, comparison)
    _downloads(summary.id, comparison)


# ---- the bids ----------------------------------------------------------------------------------------------


def _bids(listed: services.TenderBids) -> None:
    language = context.language()
    st.subheader(text("ui.tenders.bids"))
    if not listed.latest:
        return
    config = {key: column_label(key, language) for key in BID_COLUMNS}
    st.dataframe(bids_frame(listed.latest), hide_index=True, column_config=config, key="tenders_bids")
    st.caption(text("ui.tenders.frozen_note"))
    if len(listed.history) > len(listed.latest):
        with st.expander(text("ui.tenders.history", count=len(listed.history))):
            st.dataframe(bids_frame(listed.history), hide_index=True, column_config=config)


# ---- adding a bid ------------------------------------------------------------------------------------------


def _add(tender_id: int, tender: Project) -> None:
    st.subheader(text("ui.tenders.add"))
    file_tab, template_tab, form_tab = st.tabs(
        [text("ui.tenders.add_file"), text("ui.tenders.add_template"), text("ui.tenders.add_form")]
    )
    with file_tab:
        uploaded = st.file_uploader(text("ui.tenders.file"), type=["toml", "json"], key="tenders_file")
        if st.button(text("ui.tenders.submit_file"), key="tenders_submit_file", icon=":material/upload:"):
            if uploaded is None:
                st.warning(text("ui.tenders.no_file"))
            else:
                file_text = _utf8(uploaded.name, uploaded.getvalue())
                if file_text is not None:
                    _submit(
                        lambda session: services.submit_bid_file(
                            session=session,
                            principal=context.principal(),
                            project_id=tender_id,
                            text=file_text,
                        )
                    )
    with template_tab:
        language = context.language()
        st.download_button(
            text("ui.tenders.template_download"),
            # made on the click only: building the workbook on every run was most of the page's time
            data=lambda: bid_template(tender, language=language),
            file_name=f"tender-{tender_id}-bid-template.xlsx",
            mime=XLSX_MIME,
            key="tenders_template_download",
            on_click="ignore",
            icon=":material/download:",
        )
        workbook = st.file_uploader(text("ui.tenders.template_upload"), type=["xlsx"], key="tenders_xlsx")
        if st.button(text("ui.tenders.submit_template"), key="tenders_submit_xlsx", icon=":material/upload:"):
            if workbook is None:
                st.warning(text("ui.tenders.no_file"))
            else:
                data = workbook.getvalue()
                _submit(lambda session: _submit_workbook(session, tender_id, tender, data))
    with form_tab:
        _form(tender_id, tender)


def _submit_workbook(session: Session, tender_id: int, tender: Project, data: bytes) -> services.BidView:
    bid = read_bid_workbook(data, tender)
    return services.submit_bid(session=session, principal=context.principal(), project_id=tender_id, bid=bid)


def _utf8(name: str, raw: bytes) -> str | None:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        st.error(text("ui.error.not_utf8", path=name, position=error.start))
        return None


def _form(tender_id: int, tender: Project) -> None:
    st.caption(text("ui.tenders.form_help"))
    values: dict[str, Any] = {}
    with st.form("tenders_form"):
        for term in bid_terms(tender):
            values[term.key] = _term_input(term, tender)
        submitted = st.form_submit_button(text("ui.tenders.submit_form"), icon=":material/add:")
    if submitted:
        _submit(lambda session: _submit_form(session, tender_id, tender, values))


def _submit_form(
    session: Session, tender_id: int, tender: Project, values: dict[str, Any]
) -> services.BidView:
    bid = bid_from_form(tender, values)
    return services.submit_bid(session=session, principal=context.principal(), project_id=tender_id, bid=bid)


def _term_input(term: BidTerm, tender: Project) -> Any:
    """One input of the form, prefilled with the tender's value (bidder, date and score start empty)."""
    label_key = f"bid_template.term.{term.key}"
    meaning_key = f"bid_template.meaning.{term.key}"
    label = f"{text(label_key) if label_key in MESSAGES else term.key} ({term.key})"
    help_text = text(meaning_key) if meaning_key in MESSAGES else None
    key = f"tenders_form:{term.key}"
    current = term_value(tender, term.key)
    if term.kind == "text":
        principal = context.principal()
        if term.key == "bid.bidder" and principal.role == "vendor":
            # a vendor bids as its own organisation (the service checks it)
            entered = st.text_input(
                label, value=principal.organisation, key=key, help=help_text, disabled=True
            )
            return principal.organisation
        entered = st.text_input(label, key=key, help=help_text).strip()
        return entered or None
    if term.kind == "date":
        return st.date_input(label, value=datetime.date.today(), key=key, help=help_text)
    if term.kind == "choice":
        choices = list(term.choices)
        chosen = choices.index(current) if current in choices else 0
        return st.selectbox(label, options=choices, index=chosen, key=key, help=help_text)
    # the keyword arguments go as one mapping: streamlit's overloads of number_input cannot type optional
    # bounds together with an empty value
    options: dict[str, Any] = {"key": key, "help": help_text}
    if term.kind == "int":
        options |= {
            "min_value": None if term.low is None else int(term.low),
            "max_value": None if term.high is None else int(term.high),
            "value": current if isinstance(current, int) else None,
            "step": 1,
        }
        return st.number_input(label, **options)
    # the technical score is the panel's, never the tender's: it starts empty
    prefilled = isinstance(current, int | float) and term.key != "bid.technical_score"
    options |= {
        "min_value": term.low,
        "max_value": term.high,
        "value": float(current) if prefilled else None,
        "step": 0.001 if term.kind == "rate" else 0.01,
        "format": "%.4f" if term.kind == "rate" else "%.2f",
    }
    return st.number_input(label, **options)


def _submit(action: Callable[[Session], services.BidView]) -> None:
    """Store one bid in its own unit of work; problems are shown, nothing is half-stored."""
    language = context.language()
    try:
        with context.unit_of_work() as session:
            view = action(session)
    except ProjectError as error:
        st.error(problems_markdown(error, language, heading="ui.tenders.refused"))
        return
    except ServiceError as error:
        st.error(context.service_error_message(error))
        return
    context.flash(
        "success",
        text("ui.tenders.submitted", bidder=view.bidder, version=view.version, hash=view.input_hash),
    )
    st.rerun()


# ---- the comparison ----------------------------------------------------------------------------------------


def _comparison(comparison: Comparison) -> None:
    language = context.language()
    st.subheader(text("ui.tenders.comparison"))
    psc = "—" if comparison.psc is None else f"{comparison.psc:,.2f}"
    st.caption(
        text(
            "ui.tenders.terms",
            price=f"{comparison.price_weight:.0%}",
            technical=f"{comparison.technical_weight:.0%}",
            rate=f"{comparison.discount_rate:.2%}",
            psc=psc,
            unit=comparison.money_unit,
        )
    )
    st.caption(ranking_line(comparison, language))
    config: dict[str, Any] = {}
    for key in COMPARISON_COLUMNS:
        label = column_label(key, language)
        if key in MONEY_COLUMNS:
            config[key] = st.column_config.NumberColumn(f"{label} ({comparison.money_unit})", format="%,.2f")
        elif key in RATE_COLUMNS:
            config[key] = st.column_config.NumberColumn(label, format=PERCENT_FORMAT)
        elif key in ("min_dscr", "price_score", "technical_score", "total_score"):
            config[key] = st.column_config.NumberColumn(label, format="%.2f")
        else:
            config[key] = label
    # rank and bidder stay in view when the reader scrolls to the figures on the right
    config["rank"] = st.column_config.NumberColumn(column_label("rank", language), width="small", pinned=True)
    config["bidder"] = st.column_config.TextColumn(column_label("bidder", language), pinned=True)
    st.dataframe(
        percent_points(comparison_frame(comparison, language), RATE_COLUMNS),
        hide_index=True,
        column_config=config,
        column_order=COMPARISON_COLUMNS,
        key="tenders_comparison",
    )
    ties = tie_lines(comparison, language)
    if ties:
        st.info("\n".join(f"- {line}" for line in ties))
    flags = flag_lines(comparison, language)
    if flags:
        st.warning("\n".join(f"- {line}" for line in flags))
    if any(result.years for result in comparison.bids):
        chart(
            "tender_payments",
            comparison.tender_hash + "".join(result.input_hash for result in comparison.bids),
            language,
            "",
            lambda: payment_profiles_chart(comparison, language),
        )


def _affordability(tender_id: int, tender: Project, comparison: Comparison) -> None:
    language = context.language()
    st.subheader(text("ui.tenders.affordability"))
    candidates = [
        (result.bidder, result.evaluation) for result in comparison.bids if result.evaluation is not None
    ]
    if not candidates:
        st.info(text("ui.tenders.no_valid_bids"))
        return
    try:
        with context.unit_of_work(read_only=True) as session:
            affordability = city_affordability(
                session=session,
                principal=context.principal(),
                city=tender.project.city,
                candidates=candidates,
                budget=budget_forecast(tender),
                exclude_project_id=tender_id,
            )
    except ServiceError as error:
        st.error(context.service_error_message(error))
        return
    st.caption(
        text(
            "ui.tenders.affordability_caption",
            city=affordability.city or "—",
            committed=len(affordability.committed),
        )
    )
    peaks = {name: portfolio.max_ratio for name, portfolio in affordability.with_candidates.items()}
    st.dataframe(
        percent_points(peaks_frame(comparison, peaks), PEAK_COLUMNS[1:]),
        hide_index=True,
        column_order=PEAK_COLUMNS,
        column_config={
            key: (
                st.column_config.NumberColumn(column_label(key, language), format=PERCENT_FORMAT)
                if key != "bidder"
                else st.column_config.TextColumn(column_label(key, language))
            )
            for key in PEAK_COLUMNS
        },
        key="tenders_affordability",
    )
    st.caption(peaks_note(tender, len(affordability.committed), language))
    chart(
        "tender_affordability",
        comparison.tender_hash + "".join(result.input_hash for result in comparison.bids),
        language,
        affordability.city,
        lambda: affordability_chart(affordability.base, affordability.with_candidates, language),
    )


def _downloads(tender_id: int, comparison: Comparison) -> None:
    language = context.language()
    st.subheader(text("ui.tenders.export"))
    st.caption(text("ui.tenders.export_note", hash=comparison.tender_hash))
    stem = f"tender-{tender_id}-comparison"
    xlsx_column, csv_column, json_column = st.columns(3)
    xlsx_column.download_button(
        text("ui.tenders.download_xlsx"),
        data=comparison_workbook(comparison, language=language),
        file_name=f"{stem}.xlsx",
        mime=XLSX_MIME,
        key="tenders_download_xlsx",
        on_click="ignore",
        icon=":material/download:",
    )
    csv_column.download_button(
        text("ui.tenders.download_csv"),
        data=comparison_csv(comparison, language=language).encode("utf-8"),
        file_name=f"{stem}.csv",
        mime="text/csv",
        key="tenders_download_csv",
        on_click="ignore",
        icon=":material/download:",
    )
    json_column.download_button(
        text("ui.tenders.download_json"),
        data=json.dumps(comparison.to_json(language), ensure_ascii=False, indent=2).encode("utf-8"),
        file_name=f"{stem}.json",
        mime="application/json",
        key="tenders_download_json",
        on_click="ignore",
        icon=":material/download:",
    )


render()
