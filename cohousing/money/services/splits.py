"""Share a cost among people to the exact cent. Pure: no database.

A split that cannot be made raises RuleError naming the form field to blame. Every split
is largest-remainder rounding: each person gets the floor of their exact part,
and the few cents left over go to the largest remainders. Ties (an equal split always has
them) are broken by a rotation: people in id order, starting at `rotation % n`. Pass the
expense's sequence number as `rotation`, so the spare cent goes round the house instead of
always landing on the same person.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from cohousing.money.models import SplitKind
from cohousing.rules import RuleError

PERCENT_TOTAL = 10_000  # percentages are kept in basis points: 33.33% is 3333


@dataclass(frozen=True)
class Split:
    """How a cost is shared: the kind, and per person a weight, basis points or cents.

    For EQUAL the values are ignored (use `Split.equal(people)`).
    """

    kind: SplitKind
    values: Mapping[int, int] = field(default_factory=dict)

    @classmethod
    def equal(cls, people: Iterable[int]) -> Split:
        return cls(SplitKind.EQUAL, dict.fromkeys(people, 1))

    @property
    def people(self) -> list[int]:
        return sorted(self.values)


def _rotated(people: Iterable[int], rotation: int) -> list[int]:
    ordered = sorted(people)
    start = rotation % len(ordered)
    return ordered[start:] + ordered[:start]


def _need_people(people: Mapping[int, int] | list[int]) -> None:
    if not people:
        raise RuleError(_l("Choose at least one person to share the cost."), "participants")


def _check_total(total: int) -> None:
    if total < 0:
        raise RuleError(_l("Enter an amount above zero."), "amount")


def split_by_shares(total: int, weights: Mapping[int, int], rotation: int = 0) -> dict[int, int]:
    """`total` in proportion to whole-number weights (2 shares pay twice 1 share)."""
    _check_total(total)
    _need_people(weights)
    if any(weight < 0 for weight in weights.values()):
        raise RuleError(_l("Shares cannot be negative."), "shares")
    weight_sum = sum(weights.values())
    if weight_sum <= 0:
        raise RuleError(_l("Give at least one person a share."), "shares")
    result: dict[int, int] = {}
    remainders: dict[int, int] = {}
    for person, weight in weights.items():
        result[person], remainders[person] = divmod(total * weight, weight_sum)
    leftover = total - sum(result.values())  # fewer cents than people
    order = {person: index for index, person in enumerate(_rotated(weights, rotation))}
    by_remainder = sorted(weights, key=lambda person: (-remainders[person], order[person]))
    for person in by_remainder[:leftover]:
        result[person] += 1
    return result


def split_equal(total: int, people: Iterable[int], rotation: int = 0) -> dict[int, int]:
    """`total` in equal parts; the spare cents go to the next people in the rotation."""
    return split_by_shares(total, dict.fromkeys(people, 1), rotation)


def split_by_percent(
    total: int, basis_points: Mapping[int, int], rotation: int = 0
) -> dict[int, int]:
    """`total` by percentages in basis points (2500 = 25%), which must make 100%."""
    _need_people(basis_points)
    if any(points < 0 for points in basis_points.values()):
        raise RuleError(_l("Percentages cannot be negative."), "percent")
    if sum(basis_points.values()) != PERCENT_TOTAL:
        raise RuleError(_l("The percentages must add up to 100%."), "percent")
    return split_by_shares(total, basis_points, rotation)


def split_exact(total: int, amounts: Mapping[int, int]) -> dict[int, int]:
    """The amounts as given, once checked: none negative, and they add up to `total`."""
    _check_total(total)
    _need_people(amounts)
    if any(cents < 0 for cents in amounts.values()):
        raise RuleError(_l("Amounts cannot be negative."), "exact")
    if sum(amounts.values()) != total:
        raise RuleError(_l("The amounts must add up to the total."), "exact")
    return dict(amounts)


def compute(total: int, split: Split, rotation: int = 0) -> dict[int, int]:
    """Apply `split` to `total`; the result always adds up to `total` exactly."""
    if split.kind is SplitKind.EQUAL:
        return split_equal(total, split.values, rotation)
    if split.kind is SplitKind.SHARES:
        return split_by_shares(total, split.values, rotation)
    if split.kind is SplitKind.PERCENT:
        return split_by_percent(total, split.values, rotation)
    return split_exact(total, split.values)


def shares_or_errors(
    total: int, split: Split, rotation: int, errors: dict[str, object]
) -> dict[int, int]:
    """`compute`, for a service gathering every message at once: on a split that cannot
    be made, its message goes into `errors` and the shares are empty."""
    try:
        return compute(total, split, rotation)
    except RuleError as error:
        errors.update(error.errors)
        return {}
