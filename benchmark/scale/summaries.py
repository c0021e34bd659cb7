"""What the app keeps on every write, made once at the end of the fill: the rows above went
in straight, past the services that keep them. The chore balances (`rebuild-chore-balances`:
without them every fairness read recounts the whole chore history, as a real database
never does after its first chore write) and the dashboard's summaries
(`dashboard.services.kept`). The money balances are made by `fill_money` itself."""

from __future__ import annotations

import random

from benchmark.scale.core import CityIds
from cohousing.chores.services import rebuild_all_balances
from cohousing.dashboard.services import rebuild
from cohousing.extensions import db


def fill_summaries(rng: random.Random, ids: CityIds, scale: int) -> str:
    counted = rebuild_all_balances()  # commits one household at a time
    summarised = rebuild()
    db.session.commit()
    return f"chore balances of {counted} households, {summarised} household summaries"
