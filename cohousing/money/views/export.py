"""Downloads of a household's money: CSV for a spreadsheet, JSON for a program.

The files are built (and the export kept in the register) by `services.export`.
"""

from __future__ import annotations

from flask import Response

from cohousing.households.models import Household
from cohousing.money import bp
from cohousing.money.services import csv_export, export_name, json_export
from cohousing.security import staff_required


def _download(household: Household, body: str, kind: str, mimetype: str) -> Response:
    return Response(
        body,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{export_name(household, kind)}"'},
    )


@bp.get("/households/<int:household_id>/money/export.csv")
@staff_required()
def export_csv(household: Household):
    return _download(household, csv_export(household), "csv", "text/csv")


@bp.get("/households/<int:household_id>/money/export.json")
@staff_required()
def export_json(household: Household):
    return _download(household, json_export(household), "json", "application/json")
