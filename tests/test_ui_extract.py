"""Designer forms and Python code feed one catalog (babel.cfg, clar_desktop/tools/ui_extract.py)."""

from __future__ import annotations

import io
from pathlib import Path

from babel.messages.extract import extract, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg

ROOT = Path(__file__).resolve().parent.parent

FORM = b"""<?xml version="1.0" encoding="UTF-8"?>
<ui version="4.0">
 <class>ScoreDialog</class>
 <widget class="QDialog" name="ScoreDialog">
  <property name="windowTitle">
   <string>Enter a score</string>
  </property>
  <widget class="QLabel" name="jurorLabel">
   <property name="text">
    <string extracomment="The person who scores, not the contest.">Juror</string>
   </property>
  </widget>
  <widget class="QPushButton" name="closeButton">
   <property name="text">
    <string comment="verb">Close</string>
   </property>
   <property name="objectName">
    <string notr="true">closeButton</string>
   </property>
  </widget>
  <widget class="QComboBox" name="phase">
   <property name="items">
    <stringlist comment="phase">
     <string>Field visit</string>
     <string>Public</string>
    </stringlist>
   </property>
  </widget>
 </widget>
</ui>
"""


def test_designer_strings_become_messages() -> None:
    found = list(extract("clar_ui", io.BytesIO(FORM)))
    messages = {(context, message): comments for _, message, comments, context in found}
    assert messages == {
        (None, "Enter a score"): [],
        (None, "Juror"): ["The person who scores, not the contest."],
        ("verb", "Close"): [],
        ("phase", "Field visit"): [],
        ("phase", "Public"): [],
    }
    # Each message points at the line that holds it, for translators looking for context.
    lines = FORM.decode().splitlines()
    for line, message, *_ in found:
        assert f">{message}</string>" in lines[line - 1]


def test_babel_cfg_covers_the_code_and_the_forms() -> None:
    with (ROOT / "babel.cfg").open() as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    assert ("ui/**.ui", "clar_ui") in method_map
    found = {
        message: filename
        for filename, _, message, _, _ in extract_from_dir(str(ROOT), method_map, options_map)
    }
    assert found["Unknown language “{language}”. Choose one of: {choices}."] == (
        "clar_desktop/i18n.py"
    )
