"""The plain pages of the new-contest wizard: how it starts, the contest's data and place,
its programme and office, and the rules (only the settings that apply)."""

from __future__ import annotations

from datetime import date as Date

from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtWidgets import QComboBox, QFormLayout, QListWidgetItem, QWidget

from ...domain.model import AGGREGATIONS, ALLOCATIONS, PLAIN_TIE_BREAKS, text_in
from ...i18n import N_, _, current_language, format_date
from ...labels import TIE_BREAK_CRITERION, TIE_BREAK_WORDS
from .checks import Problems, check_data, check_office, check_rules
from .contest_form import AGGREGATION_LABELS, ALLOCATION_LABELS
from .draft import PLACE_KEYS, Criterion, Ids, TieBreak
from .templates import TEMPLATES
from .wizard_page import WizardPage, say_at

TIME_ZONES = (("America/Lima", N_("Peru")), ("America/La_Paz", N_("Bolivia")),
              ("America/Guayaquil", N_("Ecuador")), ("America/Bogota", N_("Colombia")),
              ("Asia/Ho_Chi_Minh", N_("Viet Nam")), ("Africa/Kigali", N_("Rwanda")))
"""The zones of the countries whose programmes hold CLARs, named by their country."""


def _narrow(box: QComboBox) -> None:
    """A long Quechua choice must not make the wizard wider than a laptop's screen."""
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(24)
    box.currentTextChanged.connect(lambda text, b=box: b.setToolTip(text))


class StartPage(WizardPage):
    """Blank, a template's sheets, or a copy of an earlier contest of the database."""

    def __init__(self, owner: object) -> None:
        super().__init__(owner, "wizard_start")  # type: ignore[arg-type]
        templates = self.child("templateBox")
        _narrow(templates)
        for key, (label, _make) in TEMPLATES.items():
            templates.addItem(_(label), key)
        copies = self.child("copyList")
        for summary in self.owner.contests:
            item = QListWidgetItem(self._describe(summary.title, summary.date))
            item.setData(Qt.ItemDataRole.UserRole, summary.id)
            copies.addItem(item)
            if summary.id == self.owner.current:
                copies.setCurrentItem(item)
        if copies.currentRow() < 0 and copies.count():
            copies.setCurrentRow(0)
        self.child("copyRadio").setEnabled(copies.count() > 0)
        copies.setEnabled(copies.count() > 0)
        self.child("blankRadio").setChecked(True)
        # Choosing in the list or the box picks that way of starting.
        templates.activated.connect(lambda _i: self.child("templateRadio").setChecked(True))
        copies.itemClicked.connect(lambda _item: self.child("copyRadio").setChecked(True))
        copies.currentRowChanged.connect(lambda _row: say_at(self.child("copyProblem"), ""))

    @staticmethod
    def _describe(title: str, day: str) -> str:
        try:
            return f"{title} — {format_date(Date.fromisoformat(day), 'long')}"
        except ValueError:
            return f"{title} — {day}"

    def retranslate(self) -> None:
        box = self.child("templateBox")
        for i in range(box.count()):
            box.setItemText(i, _(TEMPLATES[box.itemData(i)][0]))
        copies = self.child("copyList")
        for i, summary in enumerate(self.owner.contests):
            copies.item(i).setText(self._describe(summary.title, summary.date))

    def choice(self) -> tuple[str, str | None]:
        if self.child("templateRadio").isChecked():
            return "template", self.child("templateBox").currentData()
        if self.child("copyRadio").isChecked():
            item = self.child("copyList").currentItem()
            return "copy", None if item is None else item.data(Qt.ItemDataRole.UserRole)
        return "blank", None

    def choose(self, kind: str, key: str | None = None) -> None:
        """Pick a start as a click would (for the tests and the screenshots)."""
        self.child(f"{kind}Radio").setChecked(True)
        if kind == "template":
            box = self.child("templateBox")
            box.setCurrentIndex(box.findData(key))
        elif kind == "copy":
            copies = self.child("copyList")
            for i in range(copies.count()):
                if copies.item(i).data(Qt.ItemDataRole.UserRole) == key:
                    copies.setCurrentRow(i)

    def problems(self) -> Problems:
        problems = Problems()
        if self.choice() == ("copy", None):
            problems.add(self, "copy", _("Choose the contest to copy."))
        return problems

    def show_problems(self, problems: Problems) -> QWidget | None:
        say_at(self.child("copyProblem"), problems.at(self, "copy"))
        return self.child("copyList") if problems else None

    def validatePage(self) -> bool:  # noqa: N802 — Qt's virtual
        return super().validatePage() and self.owner.start_from(*self.choice())


class DataPage(WizardPage):
    """Title, date (a date picker), planned time zone, place; the contest's id under
    "Advanced"."""

    def __init__(self, owner: object) -> None:
        super().__init__(owner, "wizard_data")  # type: ignore[arg-type]
        zones = self.child("timeZoneBox")
        _narrow(zones)
        for zone, country in TIME_ZONES:
            zones.addItem(_(country), zone)
        self.bind("titleEdit", lambda text: setattr(self.draft, "title", text))
        self.bind("contestIdEdit", lambda text: setattr(self.draft, "contest_id", text))
        for key in PLACE_KEYS:
            self.bind(f"{key}Edit", lambda text, k=key: self.draft.place.__setitem__(k, text))
        self.child("dateEdit").dateChanged.connect(
            lambda day: self._write(self._set_date, day))
        zones.currentIndexChanged.connect(
            lambda _i: self._write(lambda zone: setattr(self.draft, "time_zone", zone),
                                   zones.currentData()))
        self.child("titleEdit").textChanged.connect(lambda _t: self._show_id())

    def _set_date(self, day: QDate) -> None:
        self.draft.date = day.toString("yyyy-MM-dd")
        self._show_date()
        self._show_id()

    def _show_date(self) -> None:
        day = Date.fromisoformat(self.draft.date)
        self.child("dateWords").setText(format_date(day, "full"))

    def _show_id(self) -> None:
        self.child("contestIdEdit").setPlaceholderText(
            Ids(self.draft, self.owner.contest_ids).contest)

    def load(self) -> None:
        draft = self.draft
        self.child("titleEdit").setText(draft.title)
        self.child("dateEdit").setDate(QDate.fromString(draft.date, "yyyy-MM-dd"))
        zones = self.child("timeZoneBox")
        if zones.findData(draft.time_zone) < 0:  # a copied contest's own zone
            zones.addItem(draft.time_zone, draft.time_zone)
        zones.setCurrentIndex(zones.findData(draft.time_zone))
        for key in PLACE_KEYS:
            self.child(f"{key}Edit").setText(draft.place.get(key, ""))
        self.child("contestIdEdit").setText(draft.contest_id)
        self._show_date()
        self._show_id()

    def retranslate(self) -> None:
        zones = self.child("timeZoneBox")
        for i, (_zone, country) in enumerate(TIME_ZONES):
            zones.setItemText(i, _(country))
        self.child("dateEdit").setLocale(QLocale())
        self._show_date()

    def problems(self) -> Problems:
        return check_data(self.draft, self.owner.contest_ids)

    def show_problems(self, problems: Problems) -> QWidget | None:
        say_at(self.child("titleProblem"), problems.at(self.draft, "title"),
               self.child("titleEdit"))
        say_at(self.child("contestIdProblem"), problems.at(self.draft, "id"),
               self.child("contestIdEdit"))
        if problems.at(self.draft, "title"):
            return self.child("titleEdit")
        if problems.at(self.draft, "id"):
            self.owner.set_advanced(True)
            return self.child("contestIdEdit")
        return None


class OfficePage(WizardPage):
    """The programme (or executing entity) and the local office (bundle version 2)."""

    def __init__(self, owner: object) -> None:
        super().__init__(owner, "wizard_office")  # type: ignore[arg-type]
        self.bind("programmeEdit", lambda text: setattr(self.draft, "programme", text))
        self.bind("officeNameEdit", lambda text: setattr(self.draft, "office_name", text))
        self.bind("officeIdEdit", lambda text: setattr(self.draft, "office_id", text))
        self.child("officeNameEdit").textChanged.connect(lambda _t: self._show_id())

    def _show_id(self) -> None:
        self.child("officeIdEdit").setPlaceholderText(Ids(self.draft).office)

    def load(self) -> None:
        self.child("programmeEdit").setText(self.draft.programme)
        self.child("officeNameEdit").setText(self.draft.office_name)
        self.child("officeIdEdit").setText(self.draft.office_id)
        self._show_id()

    def problems(self) -> Problems:
        return check_office(self.draft)

    def show_problems(self, problems: Problems) -> QWidget | None:
        first = None
        for field, name in (("programme", "programme"), ("office_name", "officeName"),
                            ("id", "officeId")):
            text = problems.at(self.draft, field)
            say_at(self.child(f"{name}Problem"), text, self.child(f"{name}Edit"))
            if text and first is None:
                first = self.child(f"{name}Edit")
                if field == "id":
                    self.owner.set_advanced(True)
        return first


class RulesPage(WizardPage):
    """How the tally combines and funds: the trim only with the trimmed mean, the partial
    share only when a proposal that does not fit may be funded partly."""

    def __init__(self, owner: object) -> None:
        super().__init__(owner, "wizard_rules")  # type: ignore[arg-type]
        for layout in self.form.widget.findChildren(QFormLayout):
            layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.fields: QFormLayout = self.child("fields")
        for name, labels, values in (("aggregationBox", AGGREGATION_LABELS, AGGREGATIONS),
                                     ("allocationBox", ALLOCATION_LABELS, ALLOCATIONS)):
            box = self.child(name)
            _narrow(box)
            for value in values:
                box.addItem(_(labels[value]), value)
        _narrow(self.child("tieBreakChoice"))
        self.child("tieBreakAdd").setStretch(0, 1)
        self.child("trimSpin").setRange(1, 10)
        self.child("minJurorsSpin").setRange(1, 50)
        self.choices: list[TieBreak] = []
        self.child("aggregationBox").currentIndexChanged.connect(
            lambda _i: self._write(self._set_box, ("aggregation", "aggregationBox")))
        self.child("allocationBox").currentIndexChanged.connect(
            lambda _i: self._write(self._set_box, ("allocation", "allocationBox")))
        self.child("trimSpin").valueChanged.connect(
            lambda value: self._write(lambda v: setattr(self.draft, "trim", v), value))
        self.child("minJurorsSpin").valueChanged.connect(
            lambda value: self._write(lambda v: setattr(self.draft, "min_jurors", v), value))
        self.bind("passEdit", lambda text: setattr(self.draft, "pass_score", text))
        self.bind("partialEdit", lambda text: setattr(self.draft, "partial_min_percent", text))
        self.bind("trancheEdit", lambda text: setattr(self.draft, "first_tranche_percent",
                                                      text))
        self.child("addTieBreakButton").clicked.connect(self.add_tie_break)
        self.child("removeTieBreakButton").clicked.connect(self.remove_tie_break)
        self.child("upTieBreakButton").clicked.connect(lambda: self.move_tie_break(-1))
        self.child("downTieBreakButton").clicked.connect(lambda: self.move_tie_break(1))

    def _set_box(self, what: tuple[str, str]) -> None:
        setattr(self.draft, what[0], self.child(what[1]).currentData())
        self._show_applicable()

    def _show_applicable(self) -> None:
        """Only the settings that apply to the choices made."""
        self.fields.setRowVisible(self.child("trimLabel"),
                                  self.draft.aggregation == "trimmed_mean")
        self.fields.setRowVisible(self.child("partialLabel"), self.draft.allocation == "partial")
        # Showing a row shows every widget in it: an empty problem label stays hidden.
        problem = self.child("partialProblem")
        problem.setVisible(self.draft.allocation == "partial" and bool(problem.text()))

    def load(self) -> None:
        draft = self.draft
        for name, value in (("aggregationBox", draft.aggregation),
                            ("allocationBox", draft.allocation)):
            self.child(name).setCurrentIndex(self.child(name).findData(value))
        self.child("trimSpin").setValue(draft.trim)
        self.child("minJurorsSpin").setValue(draft.min_jurors)
        self.child("passEdit").setText(draft.pass_score)
        self.child("partialEdit").setText(draft.partial_min_percent)
        self.child("trancheEdit").setText(draft.first_tranche_percent)
        # A criterion taken out of the sheets leaves the chain with it.
        criteria = self.draft.criteria()
        draft.tie_break[:] = [key for key in draft.tie_break
                              if isinstance(key, str) or any(key is c for c in criteria)]
        self._show_chain()
        self._show_applicable()

    def words(self, key: TieBreak) -> str:
        if isinstance(key, Criterion):
            name = text_in({"es": key.es, "qu": key.qu}, current_language()) or _(
                "(no name yet)")
            return _(TIE_BREAK_CRITERION).format(criterion=name)
        return _(TIE_BREAK_WORDS[key])

    def _show_chain(self, current: int = -1) -> None:
        chain = self.child("tieBreakList")
        chain.clear()
        for key in self.draft.tie_break:
            chain.addItem(self.words(key))
        chain.setCurrentRow(current)
        box = self.child("tieBreakChoice")
        box.clear()
        keys: list[TieBreak] = [*self.draft.criteria(), *PLAIN_TIE_BREAKS]
        self.choices = [k for k in keys if not any(k is chosen for chosen in self.draft.tie_break)]
        for key in self.choices:
            box.addItem(self.words(key))
        self.child("addTieBreakButton").setEnabled(bool(self.choices))

    def retranslate(self) -> None:
        for name, labels in (("aggregationBox", AGGREGATION_LABELS),
                             ("allocationBox", ALLOCATION_LABELS)):
            box = self.child(name)
            for i in range(box.count()):
                box.setItemText(i, _(labels[box.itemData(i)]))
        self._show_chain(self.child("tieBreakList").currentRow())

    def add_tie_break(self) -> None:
        index = self.child("tieBreakChoice").currentIndex()
        if 0 <= index < len(self.choices):
            self.draft.tie_break.append(self.choices[index])
            self._show_chain(len(self.draft.tie_break) - 1)
            self.changed()

    def remove_tie_break(self) -> None:
        row = self.child("tieBreakList").currentRow()
        chain = self.draft.tie_break
        if 0 <= row < len(chain):
            del chain[row]
            self._show_chain(min(row, len(chain) - 1))
            self.changed()

    def move_tie_break(self, step: int) -> None:
        row = self.child("tieBreakList").currentRow()
        chain, target = self.draft.tie_break, row + step
        if 0 <= row < len(chain) and 0 <= target < len(chain):
            chain[row], chain[target] = chain[target], chain[row]
            self._show_chain(target)
            self.changed()

    def problems(self) -> Problems:
        return check_rules(self.draft)

    def show_problems(self, problems: Problems) -> QWidget | None:
        first = None
        for field, name in (("pass_score", "pass"), ("partial_min_percent", "partial"),
                            ("first_tranche_percent", "tranche")):
            text = problems.at(self.draft, field)
            say_at(self.child(f"{name}Problem"), text, self.child(f"{name}Edit"))
            if text and first is None:
                first = self.child(f"{name}Edit")
        return first
