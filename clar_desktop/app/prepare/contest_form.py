"""The contest's data and rules as a form: what the acta states in plain words."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtWidgets import QComboBox, QFormLayout, QListWidgetItem, QWidget

from ...domain.bundle import contest_to_dict, place_to_dict
from ...domain.model import (
    AGGREGATIONS,
    ALLOCATIONS,
    CRITERION_TIE_BREAK,
    PLAIN_TIE_BREAKS,
    text_in,
)
from ...domain.state import Applied
from ...i18n import N_, _, current_language
from ...labels import TIE_BREAK_CRITERION, TIE_BREAK_WORDS
from ..forms import FormView, follow_language
from ..live import LiveContest

AGGREGATION_LABELS = {"mean": N_("mean of the totals"), "median": N_("median of the totals"),
                      "trimmed_mean": N_("trimmed mean of the totals")}
ALLOCATION_LABELS = {"skip": N_("skip it and go on down the ranking"),
                     "stop": N_("stop funding there"),
                     "partial": N_("fund it partly with what remains")}
PLACE_KEYS = ("community", "district", "province", "region")


class ContestForm(FormView):
    """Title, date, place, currency and rules; Apply records what changed."""

    def __init__(self, live: LiveContest, parent: QWidget | None = None) -> None:
        super().__init__("contest_form", parent)
        self.live = live
        # Long Quechua labels and choices must not make the window wider than a laptop's
        # screen: a label too long goes above its field, a choice box may be narrower than
        # its longest choice.
        for layout in self.form.widget.findChildren(QFormLayout):
            layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for box in self.form.widget.findChildren(QComboBox):
            box.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(24)
            # The whole of a cut-off choice. (A lambda: a form's widgets have no Python
            # wrapper class for Qt to find their slots in.)
            box.currentTextChanged.connect(lambda text, b=box: b.setToolTip(text))
        self.form.child("trimSpin").setRange(0, 10)
        self.form.child("minJurorsSpin").setRange(1, 50)
        self.form.child("applyButton").clicked.connect(self.apply)
        child = self.form.child
        child("addTieBreakButton").clicked.connect(self.add_tie_break)
        child("removeTieBreakButton").clicked.connect(self.remove_tie_break)
        child("upTieBreakButton").clicked.connect(lambda: self.move_tie_break(-1))
        child("downTieBreakButton").clicked.connect(lambda: self.move_tie_break(1))
        # Only the settings that apply under the current choices: the trim with the trimmed
        # mean, the partial percentage with "fund it partly".
        child("aggregationBox").currentIndexChanged.connect(self.show_what_applies)
        child("allocationBox").currentIndexChanged.connect(self.show_what_applies)
        live.applied.connect(self._on_applied)
        follow_language(self, self._retranslate)
        self.load()

    def _row_layout(self, label: str) -> QFormLayout:
        widget = self.form.child(label)
        for layout in self.form.widget.findChildren(QFormLayout):
            if layout.getWidgetPosition(widget)[0] >= 0:
                return layout
        raise LookupError(label)

    def show_what_applies(self) -> None:
        """The trim row only with the trimmed mean, the partial row only with partial
        funding; a hidden setting keeps its value (it is recorded as it was)."""
        child = self.form.child
        for label, shown in (
                ("trimLabel", child("aggregationBox").currentData() == "trimmed_mean"),
                ("partialLabel", child("allocationBox").currentData() == "partial")):
            self._row_layout(label).setRowVisible(child(label), shown)

    def _fill_box(self, name: str, labels: dict[str, str], values: tuple[str, ...],
                  current: str) -> None:
        box = self.form.child(name)
        box.clear()
        for value in values:
            box.addItem(_(labels[value]), value)
        box.setCurrentIndex(values.index(current))

    def _retranslate(self) -> None:
        """Rename the choices in the new language; what the secretary typed and has not
        applied yet stays as it is."""
        for name, labels in (("aggregationBox", AGGREGATION_LABELS),
                             ("allocationBox", ALLOCATION_LABELS)):
            box = self.form.child(name)
            for i in range(box.count()):
                box.setItemText(i, _(labels[box.itemData(i)]))
        self.form.child("dateEdit").setLocale(QLocale())  # the new default (qt_language)
        tie_breaks = self.form.child("tieBreakList")
        for i in range(tie_breaks.count()):
            item = tie_breaks.item(i)
            item.setText(self.tie_break_words(item.data(Qt.ItemDataRole.UserRole)))
        self._fill_tie_break_choice()

    # -- the tie-break chain, in words --------------------------------------------------------
    def tie_break_words(self, key: str) -> str:
        """A tie-break key as the acta says it: "the smaller amount requested"…"""
        contest = self.live.state.contest
        if key.startswith(CRITERION_TIE_BREAK) and contest is not None:
            found = contest.criterion(key[len(CRITERION_TIE_BREAK):])
            if found is not None:
                return _(TIE_BREAK_CRITERION).format(
                    criterion=text_in(found[1].name, current_language()))
        return _(TIE_BREAK_WORDS[key]) if key in TIE_BREAK_WORDS else key

    def tie_break_keys(self) -> list[str]:
        tie_breaks = self.form.child("tieBreakList")
        return [tie_breaks.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(tie_breaks.count())]

    def _fill_tie_break_choice(self) -> None:
        """The keys not in the chain yet: each criterion, then the plain keys."""
        contest = self.live.state.contest
        criteria = [CRITERION_TIE_BREAK + c.id for phase in (contest.phases if contest else [])
                    for c in phase.criteria]
        chosen = set(self.tie_break_keys())
        box = self.form.child("tieBreakChoice")
        picked = box.currentData()  # kept across a refill (a change of language)
        box.clear()
        for key in (*criteria, *PLAIN_TIE_BREAKS):
            if key not in chosen:
                box.addItem(self.tie_break_words(key), key)
        if picked is not None and box.findData(picked) >= 0:
            box.setCurrentIndex(box.findData(picked))
        self.form.child("addTieBreakButton").setEnabled(box.count() > 0)

    def _set_tie_breaks(self, keys: list[str], current: int = -1) -> None:
        tie_breaks = self.form.child("tieBreakList")
        tie_breaks.clear()
        for key in keys:
            item = QListWidgetItem(self.tie_break_words(key))
            item.setData(Qt.ItemDataRole.UserRole, key)
            tie_breaks.addItem(item)
        tie_breaks.setCurrentRow(current)
        self._fill_tie_break_choice()

    def add_tie_break(self) -> None:
        key = self.form.child("tieBreakChoice").currentData()
        if key:
            keys = [*self.tie_break_keys(), key]
            self._set_tie_breaks(keys, len(keys) - 1)

    def remove_tie_break(self) -> None:
        row = self.form.child("tieBreakList").currentRow()
        keys = self.tie_break_keys()
        if 0 <= row < len(keys):
            del keys[row]
            self._set_tie_breaks(keys, min(row, len(keys) - 1))

    def move_tie_break(self, step: int) -> None:
        row = self.form.child("tieBreakList").currentRow()
        keys = self.tie_break_keys()
        target = row + step
        if 0 <= row < len(keys) and 0 <= target < len(keys):
            keys[row], keys[target] = keys[target], keys[row]
            self._set_tie_breaks(keys, target)

    def load(self) -> None:
        contest = self.live.state.contest
        if contest is None:
            return
        child = self.form.child
        child("titleEdit").setText(contest.title)
        child("dateEdit").setDate(QDate.fromString(contest.date, "yyyy-MM-dd"))
        place = place_to_dict(contest.place) or {}
        for key in PLACE_KEYS:
            child(f"{key}Edit").setText(place.get(key, ""))
        child("currencyEdit").setText(contest.currency)
        rules = contest.rules
        self._fill_box("aggregationBox", AGGREGATION_LABELS, AGGREGATIONS, rules.aggregation)
        self._fill_box("allocationBox", ALLOCATION_LABELS, ALLOCATIONS, rules.allocation)
        child("trimSpin").setValue(rules.trim)
        child("passEdit").setText(str(rules.pass_score))
        child("minJurorsSpin").setValue(rules.min_jurors)
        self._set_tie_breaks(list(rules.tie_break))
        child("partialEdit").setText(str(rules.partial_min_percent))
        child("trancheEdit").setText(str(rules.first_tranche_percent))
        child("problemLabel").setText("")
        self.show_what_applies()

    def typed(self) -> tuple[dict[str, Any], dict[str, Any]]:
        """(contest changes, rules) as typed in the form."""
        child = self.form.child
        place = {k: child(f"{k}Edit").text().strip() for k in PLACE_KEYS}
        changes = {"title": child("titleEdit").text().strip(),
                   "date": child("dateEdit").date().toString("yyyy-MM-dd"),
                   "place": {k: v for k, v in place.items() if v} or None,
                   "currency": child("currencyEdit").text().strip().upper()}
        rules = {"aggregation": child("aggregationBox").currentData(),
                 "trim": child("trimSpin").value(),
                 "pass_score": child("passEdit").text().strip().replace(",", "."),
                 "min_jurors": child("minJurorsSpin").value(),
                 "tie_break": self.tie_break_keys(),
                 "allocation": child("allocationBox").currentData(),
                 "partial_min_percent": child("partialEdit").text().strip().replace(",", "."),
                 "first_tranche_percent": child("trancheEdit").text().strip().replace(",",
                                                                                      ".")}
        return changes, rules

    def apply(self) -> bool:
        """Record the changed contest data and rules; say why in one sentence if refused."""
        contest = self.live.state.contest
        assert contest is not None
        current = contest_to_dict(contest)
        changes, rules = self.typed()
        changed = {k: v for k, v in changes.items() if current.get(k) != v}
        problem = None
        if changed:
            problem = self.live.explain_apply("contest.edited", {"changes": changed})
        if problem is None and rules != current["rules"]:
            problem = self.live.explain_apply("rules.changed", {"rules": rules})
        self.form.child("problemLabel").setText(problem or "")
        return problem is None

    def _on_applied(self, _event: dict[str, Any], applied: Applied) -> None:
        if applied.everything:
            self.load()
