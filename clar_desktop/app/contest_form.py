"""The contest's data and rules as a form: what the acta states in plain words."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QWidget

from ..domain.bundle import contest_to_dict, place_to_dict
from ..domain.model import AGGREGATIONS, ALLOCATIONS
from ..domain.state import Applied
from ..i18n import N_, _
from .forms import FormView, follow_language
from .live import LiveContest

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
        self.form.child("trimSpin").setRange(0, 10)
        self.form.child("minJurorsSpin").setRange(1, 50)
        self.form.child("applyButton").clicked.connect(self.apply)
        live.applied.connect(self._on_applied)
        follow_language(self, self.load)
        self.load()

    def _fill_box(self, name: str, labels: dict[str, str], values: tuple[str, ...],
                  current: str) -> None:
        box = self.form.child(name)
        box.clear()
        for value in values:
            box.addItem(_(labels[value]), value)
        box.setCurrentIndex(values.index(current))

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
        child("tieBreakEdit").setText(", ".join(rules.tie_break))
        child("partialEdit").setText(str(rules.partial_min_percent))
        child("trancheEdit").setText(str(rules.first_tranche_percent))
        child("problemLabel").setText("")

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
                 "tie_break": [k.strip() for k in child("tieBreakEdit").text().split(",")
                               if k.strip()],
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
