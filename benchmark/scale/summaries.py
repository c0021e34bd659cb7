"""The dashboard's kept summaries, made once at the end: the rows above went in straight,
past the session hook that keeps them on every write (`dashboard.services.kept`)."""

from __future__ import annotations

import random

from benchmark.scale.core import CityIds
from cohousing.dashboard.services import rebuild
from cohousing.extensions import db


def fill_summaries(rng: random.Random, ids: CityIds, scale: int) -> str:
    count = rebuild()
    db.session.commit()
    return f"{count} household summaries"
