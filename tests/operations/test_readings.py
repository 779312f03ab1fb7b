"""The readings CSV: accepted files, and every bad row reported by its line with nothing returned."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ppp.model.problems import ProjectError
from ppp.model.schema import Kpi
from ppp.operations.readings import Reading, parse_period, parse_readings_csv

KPIS = [
    Kpi(
        id="availability",
        name="Availability",
        unit="%",
        target=99.9,
        direction="higher",
        weight=60,
        tolerance=0.9,
    ),
    Kpi(id="response", name="Response", unit="min", target=30, direction="lower", weight=40, tolerance=30),
    Kpi(
        id="camera_outage", name="Cameras out", unit="cameras", target=0, direction="lower", points_per_unit=1
    ),
]
HEADER = "kpi_id,period,value\n"


def problems_of(text: str) -> list[tuple[str, str, object]]:
    with pytest.raises(ProjectError) as caught:
        parse_readings_csv(text, KPIS)
    return [(problem.path, problem.rule, problem.value) for problem in caught.value.problems]


def test_a_good_file_in_file_order() -> None:
    text = HEADER + "availability,2019-01,99.95\nresponse,2019-01,25\ncamera_outage,2019-02,130\n"
    assert parse_readings_csv(text, KPIS) == [
        Reading("availability", "2019-01", Decimal("99.95")),
        Reading("response", "2019-01", Decimal("25")),
        Reading("camera_outage", "2019-02", Decimal("130")),
    ]


def test_bom_crlf_spaces_blank_lines_and_limits_are_accepted() -> None:
    text = "\ufeffkpi_id, period ,value\r\n availability , 2019-12 , 100 \r\n\r\navailability,2020-01,0\r\n"
    readings = parse_readings_csv(text, KPIS)
    assert readings == [
        Reading("availability", "2019-12", Decimal("100")),
        Reading("availability", "2020-01", Decimal("0")),
    ]


def test_the_same_reading_twice_is_kept_once() -> None:
    # 99.90 and 99.9 are the same number: not a conflict
    text = HEADER + "availability,2019-01,99.9\navailability,2019-01,99.90\navailability,2019-01,99.9\n"
    assert parse_readings_csv(text, KPIS) == [Reading("availability", "2019-01", Decimal("99.9"))]


def test_header_only_is_no_readings() -> None:
    assert parse_readings_csv(HEADER, KPIS) == []


@pytest.mark.parametrize(
    ("row", "rule", "value"),
    [
        ("unknown,2019-01,1", "readings.unknown_kpi", "unknown"),
        ("availability,2019-13,99", "readings.bad_period", "2019-13"),
        ("availability,2019-00,99", "readings.bad_period", "2019-00"),
        ("availability,2019-1,99", "readings.bad_period", "2019-1"),
        ("availability,19-01,99", "readings.bad_period", "19-01"),
        ("availability,2019/01,99", "readings.bad_period", "2019/01"),
        ("availability,2019-01,abc", "readings.not_a_number", "abc"),
        ("availability,2019-01,", "readings.not_a_number", ""),
        ('availability,2019-01,"1,5"', "readings.not_a_number", "1,5"),
        ("availability,2019-01,nan", "readings.not_finite", "nan"),
        ("availability,2019-01,Infinity", "readings.not_finite", "Infinity"),
        ("response,2019-01,-inf", "readings.not_finite", "-inf"),
        ("availability,2019-01,100.01", "readings.over_100", "100.01"),
        ("availability,2019-01,-0.5", "readings.negative", "-0.5"),
        ("camera_outage,2019-01,-1", "readings.negative", "-1"),
        ("response,2019-01,-3", "readings.negative", "-3"),
        ("camera_outage,2019-01,1e16", "readings.too_large", "1e16"),
        ("availability,2019-01", "readings.columns", "availability,2019-01"),
        ("availability,2019-01,99,extra", "readings.columns", "availability,2019-01,99,extra"),
    ],
)
def test_each_bad_row_is_reported_on_its_line(row: str, rule: str, value: str) -> None:
    text = HEADER + "availability,2019-02,99.95\n" + row + "\n"
    assert problems_of(text) == [("line 3", rule, value)]


def test_a_count_may_exceed_100() -> None:
    readings = parse_readings_csv(HEADER + "camera_outage,2019-01,250\nresponse,2019-01,120\n", KPIS)
    assert [reading.value for reading in readings] == [Decimal(250), Decimal(120)]


def test_a_different_value_for_the_same_month_names_the_first_line() -> None:
    text = HEADER + "availability,2019-01,99.9\nresponse,2019-01,25\navailability,2019-01,99.5\n"
    with pytest.raises(ProjectError) as caught:
        parse_readings_csv(text, KPIS)
    (problem,) = caught.value.problems
    assert (problem.path, problem.rule, problem.value) == ("line 4", "readings.conflict", "99.5")
    assert problem.params["line"] == 2
    assert "line 2" in problem.message("en")


def test_every_bad_line_is_listed_and_nothing_returned() -> None:
    text = (
        HEADER
        + "availability,2019-01,99.95\n"  # line 2: good
        + "nope,2019-01,1\n"  # line 3
        + "response,2019-02,25\n"  # line 4: good
        + "response,2019-14,25\n"  # line 5
        + "availability,2019-02,x\n"  # line 6
        + "availability,2019-03,101\n"  # line 7
        + "camera_outage,2019-03,-2\n"  # line 8
        + "response,2019-02,26\n"  # line 9: conflicts with line 4
        + "response,2019-03\n"  # line 10
    )
    assert [path for path, _, _ in problems_of(text)] == [f"line {n}" for n in (3, 5, 6, 7, 8, 9, 10)]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\n\n",
        "availability,2019-01,99.9\n",  # no header
        "kpi_id,period\navailability,2019-01\n",
        "kpi_id,period,value,comment\n",
        "id,month,value\n",
    ],
)
def test_a_missing_or_wrong_header_is_line_1(text: str) -> None:
    problems = problems_of(text)
    assert [(path, rule) for path, rule, _ in problems] == [("line 1", "readings.bad_header")]


def test_messages_exist_in_both_languages() -> None:
    text = HEADER + "nope,2019-01,1\navailability,2019-13,1\navailability,2019-01,101\n"
    with pytest.raises(ProjectError) as caught:
        parse_readings_csv(text, KPIS)
    for language in ("en", "zh"):
        messages = caught.value.messages(language)
        assert len(messages) == 3
        assert all(message.startswith("line ") for message in messages)


def test_parse_period() -> None:
    assert parse_period("2031-12") == (2031, 12)
    assert parse_period("2031-12 ") is None
    assert parse_period("２０１９-01") is None  # full-width digits are not YYYY


def test_a_line_the_csv_module_cannot_read_is_reported() -> None:
    text = HEADER + "availability,2019-01,99\n" + 'availability,2019-02,"' + "9" * 200_000 + '"\n'
    assert [(path, rule) for path, rule, _ in problems_of(text)] == [("line 3", "readings.malformed")]


GOOD_ROWS = st.tuples(
    st.sampled_from(["availability", "response", "camera_outage"]),
    st.integers(2000, 2099),
    st.integers(1, 12),
    st.decimals(min_value=0, max_value=100, places=2),
)
BAD_ROWS_LIST = [
    "nope,2019-01,1",
    "availability,2019-13,1",
    "availability,2019-01,x",
    "availability,2019-01,101",
    "a,b",
]
BAD_ROWS = st.sampled_from(BAD_ROWS_LIST)


@settings(max_examples=100, deadline=None)
@given(
    rows=st.lists(GOOD_ROWS, max_size=30), bad=st.lists(st.tuples(st.integers(0, 30), BAD_ROWS), max_size=4)
)
def test_good_rows_round_trip_and_any_bad_row_rejects_the_file(
    rows: list[tuple[str, int, int, Decimal]], bad: list[tuple[int, str]]
) -> None:
    # one value per (kpi, period): the first drawn wins, repeated rows carry the same value
    first: dict[tuple[str, str], Decimal] = {}
    lines = []
    for kpi, year, month, value in rows:
        period = f"{year}-{month:02d}"
        value = first.setdefault((kpi, period), value)
        lines.append(f"{kpi},{period},{value}")
    for position, row in sorted(bad, reverse=True):
        lines.insert(min(position, len(lines)), row)
    text = HEADER + "".join(line + "\n" for line in lines)
    if not bad:
        assert parse_readings_csv(text, KPIS) == [
            Reading(kpi, period, v) for (kpi, period), v in first.items()
        ]
        return
    expected = [f"line {index + 2}" for index, line in enumerate(lines) if line in BAD_ROWS_LIST]
    assert [path for path, _, _ in problems_of(text)] == expected
