"""Hatch build hook: compile every ``locale/*/LC_MESSAGES/*.po`` into its ``.mo`` for the wheel.

The ``.mo`` files are written beside their ``.po`` (they are git-ignored, as after
``make compile``), so the ``locale`` force-include in pyproject.toml carries them into
``clar_desktop/locale`` exactly once. Editable installs skip this: clar_desktop/i18n.py compiles
a ``.po`` in memory when no up-to-date ``.mo`` exists.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CompileCatalogsHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        for po_path in sorted(Path(self.root, "locale").glob("*/LC_MESSAGES/*.po")):
            with po_path.open("rb") as po_file:
                catalog = read_po(po_file, locale=po_path.parent.parent.name)
            # Fuzzy entries are guesses awaiting review: never ship them.
            with po_path.with_suffix(".mo").open("wb") as mo_file:
                write_mo(mo_file, catalog, use_fuzzy=False)
            self.app.display_info(f"compiled {po_path.relative_to(self.root)}")
