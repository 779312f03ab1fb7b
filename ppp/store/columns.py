"""Column types that behave the same on SQLite and PostgreSQL: UTC timestamps and exact decimals.

Both types are kept stable on purpose: the migrations create their columns with the plain types they render
(``TIMESTAMP WITH TIME ZONE`` / ``DATETIME`` and ``NUMERIC(20, 6)``), so changing what these classes store
would need a data migration, not just an edit here.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Final

from sqlalchemy import DateTime, Numeric
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine, UserDefinedType

#: NUMERIC(20, 6): 20 significant digits, 6 after the point
PRECISION: Final = 20
SCALE: Final = 6
_QUANTUM: Final = Decimal(1).scaleb(-SCALE)
_LIMIT: Final = Decimal(10) ** (PRECISION - SCALE)
# SQLite keeps the value as a 64-bit integer count of millionths (see ExactDecimal)
_SQLITE_MAX_MICROS: Final = 2**63 - 1


def utc_now() -> datetime.datetime:
    """The current time, timezone-aware in UTC (what every timestamp column stores)."""
    return datetime.datetime.now(datetime.UTC)


class UtcDateTime(TypeDecorator[datetime.datetime]):
    """A timestamp stored in UTC and always read back timezone-aware in UTC.

    PostgreSQL keeps ``timestamptz`` and returns aware values; SQLite has no time zones and returns naive
    ones. Normalising both here means services compare and format timestamps without asking which backend
    they came from. Naive values are refused on the way in: a naive time is ambiguous, and guessing the
    machine's zone would store a wrong instant.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime.datetime | None, dialect: Dialect) -> Any:
        """Convert to UTC; on SQLite drop the zone (the text form then sorts chronologically)."""
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"timestamp {value.isoformat()} has no time zone; pass an aware datetime")
        utc = value.astimezone(datetime.UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime.datetime | None:
        """Mark naive values (SQLite) as UTC, convert aware ones (PostgreSQL) to UTC."""
        if value is None:
            return None
        if not isinstance(value, datetime.datetime):
            raise TypeError(f"expected a datetime from the database, got {type(value).__name__}")
        if value.tzinfo is None:
            return value.replace(tzinfo=datetime.UTC)
        return value.astimezone(datetime.UTC)


class _SqliteMillionths(UserDefinedType[int]):
    """SQLite's side of :class:`ExactDecimal`: declared ``NUMERIC(20, 6)``, passed through untouched.

    SQLAlchemy's own ``Numeric`` converts to float for SQLite, which keeps only 15–17 significant digits.
    """

    cache_ok = True

    def get_col_spec(self, **kw: Any) -> str:
        return f"NUMERIC({PRECISION}, {SCALE})"


class ExactDecimal(TypeDecorator[Decimal]):
    """``NUMERIC(20, 6)`` read and written as :class:`~decimal.Decimal`, exact on both backends.

    PostgreSQL's ``numeric`` is exact. SQLite has no exact decimal storage (a ``NUMERIC`` column turns
    ``'12345678901234.123456'`` into a float), so there the value is stored as the integer number of
    millionths, which SQLite keeps as an exact 64-bit integer. Comparisons with bound values
    (``column < Decimal("5")``), ``ORDER BY`` and ``SUM`` therefore stay correct in SQL on both backends.

    Values are rounded to 6 decimals half away from zero, as PostgreSQL rounds on assignment. Magnitudes must
    be below 10^14 (the NUMERIC(20, 6) range); on SQLite below 2^63 millionths (≈ 9.22 × 10^12). A value
    outside the range raises :class:`ValueError` instead of being stored wrongly.
    """

    impl = Numeric(PRECISION, SCALE, asdecimal=True)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(_SqliteMillionths())
        return dialect.type_descriptor(Numeric(PRECISION, SCALE, asdecimal=True))

    def process_bind_param(self, value: Decimal | int | str | float | None, dialect: Dialect) -> Any:
        """Round to 6 decimals, check the range; on SQLite give the integer number of millionths."""
        if value is None:
            return None
        exact = to_decimal(value)
        if dialect.name != "sqlite":
            return exact
        millionths = int(exact.scaleb(SCALE))
        if abs(millionths) > _SQLITE_MAX_MICROS:
            raise ValueError(f"{exact} is outside the range SQLite stores exactly (±{_SQLITE_MAX_MICROS}e-6)")
        return millionths

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        """The stored value as a Decimal with exactly 6 decimals."""
        if value is None:
            return None
        if dialect.name == "sqlite":
            # an aggregate such as AVG can come back as a float: round it to whole millionths first
            millionths = round(value) if isinstance(value, float) else int(value)
            return Decimal(millionths).scaleb(-SCALE).quantize(_QUANTUM)
        return Decimal(value).quantize(_QUANTUM, rounding=ROUND_HALF_UP)


def to_decimal(value: Decimal | int | str | float) -> Decimal:
    """A value as NUMERIC(20, 6) holds it: rounded to 6 decimals half away from zero, range-checked.

    Floats are read through their shortest ``repr`` (``0.1`` → ``Decimal("0.1")``), not their binary
    expansion, so a value typed as ``0.1`` is stored as 0.100000.

    Raises
    ------
    ValueError
        When the value is not finite or its magnitude is 10^14 or more.

    Examples
    --------
    >>> to_decimal(0.1)
    Decimal('0.100000')
    >>> to_decimal("2.0000005")
    Decimal('2.000001')
    """
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if not number.is_finite():
        raise ValueError(f"{value!r} is not a finite number")
    exact = number.quantize(_QUANTUM, rounding=ROUND_HALF_UP)
    if abs(exact) >= _LIMIT:
        raise ValueError(f"{value!r} is outside NUMERIC({PRECISION}, {SCALE}) (magnitude below 10^14)")
    return exact
