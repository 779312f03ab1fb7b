"""The distributions a driver's uncertainty can follow, with validated parameters.

Five families: triangular (low, mode, high), PERT (low, mode, high; the beta distribution of the
programme-evaluation technique, λ = 4), normal (mean, sd), lognormal (median, sigma of the logarithm) and
uniform (low, high). Parameters are in the driver's own unit (a multiplier, a change of a rate, points of
score, years of delay). A spread of zero is allowed and gives the value itself in every scenario, exactly.

Bad parameters raise :class:`~ppp.model.problems.ProjectError` with one problem per broken rule, each naming
the parameter, the value and the rule (messages in :mod:`ppp.i18n.catalog_risk`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any, ClassVar

import numpy as np

from ppp.engine.inputs import FloatArray
from ppp.model.problems import Problem, ProjectError

# PERT's weight of the mode (the classic λ = 4 of the programme-evaluation technique)
PERT_MODE_WEIGHT = 4.0


class _Base:
    """Shared validation and serialisation of the distribution dataclasses."""

    kind: ClassVar[str]

    def __post_init__(self) -> None:
        problems = self.problems()
        if problems:
            raise ProjectError(problems)

    def parameters(self) -> dict[str, float]:
        """The parameters by name, in the order the constructor takes them."""
        return {field.name: float(getattr(self, field.name)) for field in fields(self)}  # type: ignore[arg-type]

    def to_json(self) -> dict[str, Any]:
        """``{"kind": ..., <parameters>}``: what :func:`distribution_from_dict` reads back."""
        return {"kind": self.kind, **self.parameters()}

    def problems(self, path: str = "") -> list[Problem]:
        """Every broken rule of the parameters, each with its key path under ``path``."""
        problems = [
            Problem(_join(path, name), "risk.param_number", value)
            for name, value in vars(self).items()
            if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value)
        ]
        return problems or self._rules(path)

    def _rules(self, path: str) -> list[Problem]:
        return []


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _ordered(path: str, low: float, mode: float, high: float) -> list[Problem]:
    problems: list[Problem] = []
    if mode < low:
        problems.append(
            Problem(_join(path, "mode"), "risk.param_at_least", mode, {"name": "low", "bound": low})
        )
    if high < max(low, mode):
        bound_name = "mode" if mode > low else "low"
        problems.append(
            Problem(
                _join(path, "high"),
                "risk.param_at_least",
                high,
                {"name": bound_name, "bound": max(low, mode)},
            )
        )
    return problems


@dataclass(frozen=True)
class Triangular(_Base):
    """Triangular on [low, high] with its peak at ``mode``.

    Examples
    --------
    >>> Triangular(low=0.9, mode=1.0, high=1.3).mean
    1.0666666666666667
    """

    kind: ClassVar[str] = "triangular"
    low: float
    mode: float
    high: float

    def _rules(self, path: str) -> list[Problem]:
        return _ordered(path, self.low, self.mode, self.high)

    @property
    def mean(self) -> float:
        return (self.low + self.mode + self.high) / 3.0

    def sample(self, rng: np.random.Generator, size: int) -> FloatArray:
        """``size`` independent draws (the inverse of the CDF at uniform draws)."""
        uniform = rng.random(size)
        width = self.high - self.low
        if width == 0.0:
            return np.full(size, float(self.low))
        split = (self.mode - self.low) / width
        rising = self.low + np.sqrt(uniform * width * (self.mode - self.low))
        falling = self.high - np.sqrt((1.0 - uniform) * width * (self.high - self.mode))
        values: FloatArray = np.where(uniform < split, rising, falling)
        return values


@dataclass(frozen=True)
class Pert(_Base):
    """PERT on [low, high] with its mode at ``mode``: low + (high − low) × Beta(α, β),
    α = 1 + 4 (mode − low) / (high − low), β = 1 + 4 (high − mode) / (high − low).

    Examples
    --------
    >>> Pert(low=0.0, mode=1.0, high=4.0).mean
    1.3333333333333333
    """

    kind: ClassVar[str] = "pert"
    low: float
    mode: float
    high: float

    def _rules(self, path: str) -> list[Problem]:
        return _ordered(path, self.low, self.mode, self.high)

    @property
    def mean(self) -> float:
        return (self.low + PERT_MODE_WEIGHT * self.mode + self.high) / (PERT_MODE_WEIGHT + 2.0)

    def sample(self, rng: np.random.Generator, size: int) -> FloatArray:
        width = self.high - self.low
        if width == 0.0:
            return np.full(size, float(self.low))
        alpha = 1.0 + PERT_MODE_WEIGHT * (self.mode - self.low) / width
        beta = 1.0 + PERT_MODE_WEIGHT * (self.high - self.mode) / width
        return self.low + width * rng.beta(alpha, beta, size)


@dataclass(frozen=True)
class Normal(_Base):
    """Normal with ``mean`` and standard deviation ``sd`` (≥ 0).

    Examples
    --------
    >>> Normal(mean=0.0, sd=0.01).mean
    0.0
    """

    kind: ClassVar[str] = "normal"
    mean: float
    sd: float

    def _rules(self, path: str) -> list[Problem]:
        if self.sd < 0.0:
            return [Problem(_join(path, "sd"), "risk.param_not_negative", self.sd)]
        return []

    def sample(self, rng: np.random.Generator, size: int) -> FloatArray:
        return self.mean + self.sd * rng.standard_normal(size)


@dataclass(frozen=True)
class LogNormal(_Base):
    """Lognormal: ``median`` × exp(``sigma`` × Z), Z standard normal; median > 0, sigma ≥ 0.

    Examples
    --------
    >>> round(LogNormal(median=1.0, sigma=0.1).mean, 6)
    1.005013
    """

    kind: ClassVar[str] = "lognormal"
    median: float
    sigma: float

    def _rules(self, path: str) -> list[Problem]:
        problems: list[Problem] = []
        if self.median <= 0.0:
            problems.append(Problem(_join(path, "median"), "risk.param_positive", self.median))
        if self.sigma < 0.0:
            problems.append(Problem(_join(path, "sigma"), "risk.param_not_negative", self.sigma))
        return problems

    @property
    def mean(self) -> float:
        return self.median * math.exp(self.sigma**2 / 2.0)

    def sample(self, rng: np.random.Generator, size: int) -> FloatArray:
        return self.median * np.exp(self.sigma * rng.standard_normal(size))


@dataclass(frozen=True)
class Uniform(_Base):
    """Uniform on [low, high].

    Examples
    --------
    >>> Uniform(low=60.0, high=100.0).mean
    80.0
    """

    kind: ClassVar[str] = "uniform"
    low: float
    high: float

    def _rules(self, path: str) -> list[Problem]:
        if self.high < self.low:
            return [
                Problem(
                    _join(path, "high"), "risk.param_at_least", self.high, {"name": "low", "bound": self.low}
                )
            ]
        return []

    @property
    def mean(self) -> float:
        return (self.low + self.high) / 2.0

    def sample(self, rng: np.random.Generator, size: int) -> FloatArray:
        return self.low + (self.high - self.low) * rng.random(size)


Distribution = Triangular | Pert | Normal | LogNormal | Uniform

DISTRIBUTIONS: dict[str, type[Triangular] | type[Pert] | type[Normal] | type[LogNormal] | type[Uniform]] = {
    cls.kind: cls for cls in (Triangular, Pert, Normal, LogNormal, Uniform)
}
DISTRIBUTION_KINDS: tuple[str, ...] = tuple(DISTRIBUTIONS)


def distribution_from_dict(data: Mapping[str, Any], path: str = "") -> Distribution:
    """A distribution from ``{"kind": ..., <parameters>}`` (as JSON or a form gives it).

    Raises
    ------
    ProjectError
        For an unknown kind, a missing or unknown parameter, a value that is not a finite number or a broken
        rule (order of low, mode and high; sd, sigma ≥ 0; median > 0), each under ``path``.

    Examples
    --------
    >>> distribution_from_dict({"kind": "uniform", "low": 0.9, "high": 1.1})
    Uniform(low=0.9, high=1.1)
    >>> try:
    ...     distribution_from_dict({"kind": "normal", "mean": 1.0, "sd": -0.1}, "drivers.opex")
    ... except ProjectError as error:
    ...     print(error.problems[0].message("en"))
    drivers.opex.sd = -0.1: must be 0 or more
    """
    kind = data.get("kind")
    cls = DISTRIBUTIONS.get(kind) if isinstance(kind, str) else None
    if cls is None:
        raise ProjectError(
            [
                Problem(
                    _join(path, "kind"),
                    "risk.kind_unknown",
                    kind,
                    {"expected": ", ".join(DISTRIBUTION_KINDS)},
                )
            ]
        )
    names = [field.name for field in fields(cls)]
    problems = [
        Problem(_join(path, name), "risk.param_unknown", data[name], {"expected": ", ".join(names)})
        for name in data
        if name != "kind" and name not in names
    ]
    problems += [
        Problem(_join(path, name), "risk.param_missing", params={"kind": kind})
        for name in names
        if name not in data
    ]
    if problems:
        raise ProjectError(problems)
    values = {name: data[name] for name in names}
    bad = [
        Problem(_join(path, name), "risk.param_number", value)
        for name, value in values.items()
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value)
    ]
    if bad:
        raise ProjectError(bad)
    try:
        return cls(**{name: float(value) for name, value in values.items()})
    except ProjectError as error:
        raise ProjectError(
            [
                Problem(_join(path, problem.path), problem.rule, problem.value, problem.params)
                for problem in error.problems
            ]
        ) from None
