"""Every page that works on one project says which framework the project follows."""

from __future__ import annotations

import pytest
from app_helpers import open_page, project_id_named
from streamlit.testing.v1 import AppTest

from ppp.ui import context

PROJECT_PAGES = [
    context.EDITOR_PAGE,
    context.DASHBOARD_PAGE,
    context.OPERATIONS_PAGE,
    context.LIFECYCLE_PAGE,
    context.PORTFOLIO_PAGE,
    context.VALUE_FOR_MONEY_PAGE,
    context.RISK_PAGE,
]


def _badges(app: AppTest) -> list[str]:
    return [element.value for element in app.markdown if "badge[" in element.value]


@pytest.mark.parametrize("page", PROJECT_PAGES)
def test_the_framework_of_the_project_shows_on_the_page(app: AppTest, page: str) -> None:
    open_page(app, page, project_id_named(app, "Yangxin"))
    assert not app.exception
    assert any("Framework: MOF PPP rules 2015–2023" in badge for badge in _badges(app))


def test_a_franchise_under_the_2023_mechanism_is_marked_as_such(app: AppTest) -> None:
    open_page(app, context.DASHBOARD_PAGE, project_id_named(app, "parking and charging concession"))
    (badge,) = _badges(app)
    assert "green-badge" in badge
    assert "2023" in badge
    app.radio(key="ppp_language_widget").set_value("zh").run()
    assert any("政策框架" in badge for badge in _badges(app))


def test_the_tenders_page_shows_the_framework_of_the_tender(app: AppTest) -> None:
    open_page(app, context.TENDERS_PAGE)
    assert not app.exception
    assert any("Framework: MOF PPP rules 2015–2023" in badge for badge in _badges(app))
