"""The second-tranche rules and sheets page: the rules of the evaluation as a form (only the
settings that apply under the current choices, like the contest's rules), and the tables of
its phases and criteria (followup_tables.py, wired by the preparation view)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtWidgets import QComboBox, QFormLayout, QWidget

from ...domain.model import AGGREGATIONS, FollowupRules
from ...domain.sections import followup_rules_to_dict
from ...domain.state import Applied
from ...i18n import Later, _, again
from ..forms import FormView, follow_language
from ..live import LiveContest
from .contest_form import AGGREGATION_LABELS
from .draft import decimal_text
from .followup_tables import NO_PHASE
from .wizard_page import PROBLEM_COLOUR


class FollowupSheetsPage(FormView):
    """Rules of the second-tranche evaluation (Apply records what changed), its phases and
    criteria below."""

    def __init__(self, live: LiveContest, parent: QWidget | None = None) -> None:
        super().__init__("followup_sheets", parent)
        self.live = live
        child = self.form.child
        child("rulesFields").setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        box = child("aggregationBox")
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        box.setMinimumContentsLength(24)
        child("trimSpin").setRange(0, 10)
        child("minJurorsSpin").setRange(1, 50)
        child("rulesProblemLabel").setStyleSheet(f"color: {PROBLEM_COLOUR};")
        child("aggregationBox").currentIndexChanged.connect(self.show_what_applies)
        child("applyRulesButton").clicked.connect(self.apply)
        # The criteria are many, the phases two or three: most of the height to the former.
        child("sheetsSplitter").setSizes([190, 290])
        self.problem = ""
        live.applied.connect(self._on_applied)
        follow_language(self, self._retranslate)
        self.load()

    def rules(self) -> FollowupRules:
        contest = self.live.state.contest
        if contest is None or contest.followups is None:
            return FollowupRules()
        return contest.followups.rules

    def load(self) -> None:
        """The rules as recorded (the defaults while the contest has no second tranche)."""
        rules, child = self.rules(), self.form.child
        box = child("aggregationBox")
        box.blockSignals(True)
        box.clear()
        for value in AGGREGATIONS:
            box.addItem(_(AGGREGATION_LABELS[value]), value)
        box.setCurrentIndex(AGGREGATIONS.index(rules.aggregation))
        box.blockSignals(False)
        child("trimSpin").setValue(rules.trim)
        child("passEdit").setText(str(rules.pass_score))
        child("minJurorsSpin").setValue(rules.min_jurors)
        child("justifiedEdit").setText(str(rules.min_justified_percent))
        self.say("")
        self.show_what_applies()

    def show_what_applies(self) -> None:
        """The trim only with the trimmed mean (hidden, it keeps its value)."""
        child = self.form.child
        child("rulesFields").setRowVisible(
            child("trimLabel"), child("aggregationBox").currentData() == "trimmed_mean")

    def _retranslate(self) -> None:
        box = self.form.child("aggregationBox")
        for i in range(box.count()):
            box.setItemText(i, _(AGGREGATION_LABELS[box.itemData(i)]))
        self.say(self.problem)

    def say(self, problem: str) -> None:
        self.problem = problem
        self.form.child("rulesProblemLabel").setText(again(problem))

    def highest_total(self) -> Decimal | None:
        """The most points the second-tranche sheets give (None while they have none)."""
        contest = self.live.state.contest
        phases = contest.followups.phases if contest and contest.followups else ()
        criteria = [c for phase in phases for c in phase.criteria]
        return sum((c.max * c.weight for c in criteria), Decimal(0)) if criteria else None

    def typed(self) -> tuple[dict[str, Any] | None, str]:
        """The rules as typed, or None and the sentence saying what is wrong."""
        child = self.form.child
        contest = self.live.state.contest
        if contest is None or contest.followups is None or not contest.followups.phases:
            return None, Later(lambda: _(NO_PHASE))
        pass_score = decimal_text(child("passEdit").text())
        if pass_score is None:
            return None, Later(lambda: _("Write the pass mark as a number, such as 70."))
        total = self.highest_total()
        if total is not None and Decimal(pass_score) > total:
            return None, Later(lambda: _(
                "The sheets give at most {total} points: a pass mark of {value} can never be "
                "reached.").format(total=total, value=pass_score))
        justified = decimal_text(child("justifiedEdit").text().rstrip("% "))
        if justified is None or Decimal(justified) > 100:
            return None, Later(lambda: _("Write a percentage from 0 to 100."))
        return {"aggregation": child("aggregationBox").currentData(),
                "trim": child("trimSpin").value(), "pass_score": pass_score,
                "min_jurors": child("minJurorsSpin").value(),
                "min_justified_percent": justified}, ""

    def apply(self) -> bool:
        """Record the rules if they changed; say why in one sentence if refused."""
        rules, problem = self.typed()
        if rules is not None and rules != followup_rules_to_dict(self.rules()):
            problem = self.live.explain_apply("followup_rules.changed", {"rules": rules}) or ""
        self.say(problem)
        return not problem

    def _on_applied(self, _event: dict[str, Any], applied: Applied) -> None:
        if applied.everything:
            self.load()


__all__ = ["FollowupSheetsPage"]
