"""Small helpers shared by the store, service and command-line tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

DATA = Path(__file__).with_name("data")
EXAMPLE = DATA / "colquemarca.json"
EXPECTED = DATA / "colquemarca.expected.json"


def example_bundle() -> dict[str, Any]:
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))


def expected_tally() -> dict[str, Any]:
    return json.loads(EXPECTED.read_text(encoding="utf-8"))


def write_json(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


V2_EXAMPLE = DATA / "v2-followups.json"
V2_EXPECTED = DATA / "v2-followups.expected.json"


def v2_bundle() -> dict[str, Any]:
    """The spec's version 2 example: absences, withdrawals and follow-up evaluations."""
    return json.loads(V2_EXAMPLE.read_text(encoding="utf-8"))


def v2_expected() -> dict[str, Any]:
    return json.loads(V2_EXPECTED.read_text(encoding="utf-8"))
