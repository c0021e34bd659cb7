"""Write the API's OpenAPI document to docs/openapi.json, as the app serves it.

    .venv/bin/python scripts/openapi.py

tests/api/test_openapi_document.py fails when the committed file differs from what the app
serves, and says to run this.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cohousing import create_app  # noqa: E402
from config import TestConfig  # noqa: E402

DOCUMENT = ROOT / "docs" / "openapi.json"


def served_document() -> str:
    """The document at /api/v1/openapi.json, as stable text (sorted keys, indented)."""
    app = create_app(TestConfig)
    response = app.test_client().get("/api/v1/openapi.json")
    return json.dumps(response.get_json(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    DOCUMENT.write_text(served_document(), encoding="utf-8")
    print(f"wrote {DOCUMENT.relative_to(ROOT)}")
