"""The log as the secretary reads it: every event, filterable, and "verify now"."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QHeaderView, QWidget

from ...domain.model import text_in
from ...domain.state import Applied
from ...i18n import N_, _, current_language, format_datetime
from ...times import local_time
from ..forms import FormView, follow_language
from ..live import LiveContest
from ..table_model import ListTableModel

KIND_LABELS = {
    "contest.imported": N_("contest imported"), "contest.created": N_("contest created"),
    "contest.edited": N_("contest edited"), "rules.changed": N_("rules changed"),
    "category.added": N_("category added"), "category.edited": N_("category edited"),
    "phase.added": N_("phase added"), "phase.edited": N_("phase edited"),
    "criterion.added": N_("criterion added"), "criterion.edited": N_("criterion edited"),
    "juror.added": N_("juror added"), "juror.edited": N_("juror edited"),
    "proposal.added": N_("proposal added"), "proposal.edited": N_("proposal edited"),
    "category.removed": N_("category removed"), "phase.removed": N_("phase removed"),
    "criterion.removed": N_("criterion removed"), "juror.removed": N_("juror removed"),
    "proposal.removed": N_("proposal removed"),
    "score.entered": N_("value entered"), "score.changed": N_("value retyped"),
    "score.corrected": N_("value corrected"), "sheet.confirmed": N_("sheet confirmed"),
    "recusal.recorded": N_("recusal"), "draw.recorded": N_("draw recorded"),
    "attendance.marked": N_("attendance"), "observation.added": N_("observation"),
    "session.opened": N_("session opened"), "session.closed": N_("session closed"),
    "session.reopened": N_("session reopened"),
    "minutes.details_set": N_("minutes details"),
    "presentation.started": N_("presentation started"),
    "proposal.image_set": N_("photo or talking map"),
    "absence.recorded": N_("absence"), "absence.withdrawn": N_("absence withdrawn"),
    "proposal.withdrawn": N_("proposal withdrawn"), "score.removed": N_("value removed"),
    "followup.added": N_("follow-up item added"), "followup.edited": N_("follow-up item edited"),
    "followup.removed": N_("follow-up item removed"),
    "followup_phase.added": N_("follow-up phase added"),
    "followup_phase.edited": N_("follow-up phase edited"),
    "followup_phase.removed": N_("follow-up phase removed"),
    "followup_rules.changed": N_("follow-up rules changed"),
    "sheet.second_entry": N_("second entry of a sheet"),
    "sheet.entries_reconciled": N_("first entry kept"),
    "session.double_entry_set": N_("double entry"),
}
COLUMNS = (N_("No."), N_("Time"), N_("Change"), N_("Proposal"), N_("Juror"), N_("Details"),
           N_("Reason"))


def _named(item: dict[str, Any]) -> str:
    """An item of a definition event as people name it: its organization or name."""
    for key in ("organization", "name", "title"):
        value = item.get(key)
        if isinstance(value, (str, dict)) and value:
            return text_in(value, current_language())
    return str(item.get("id", ""))


class EventLogModel(ListTableModel):
    """One row per event, appended as events are committed."""

    columns = COLUMNS

    def __init__(self, live: LiveContest) -> None:
        super().__init__()
        self.live = live
        self.rows = self.events = live.service.events(live.contest_id, light=True)
        live.applied.connect(self._on_applied)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole,
                                               Qt.ItemDataRole.ToolTipRole):
            return None
        return self.cells(self.events[index.row()])[index.column()]

    def cells(self, event: dict[str, Any]) -> list[str]:
        data, kind = event["data"], event["kind"]
        contest = self.live.state.contest
        proposal = juror = ""
        if isinstance(data.get("proposal"), dict):  # proposal.added / .edited: the item
            proposal = _named(data["proposal"])
        elif isinstance(data.get("item"), dict):  # a follow-up item added or edited
            proposal = _named(data["item"])
        elif contest is not None and "proposal" in data:
            found = (contest.proposal(data["proposal"])
                     or contest.followup_item(data["proposal"]))
            proposal = found.organization if found else self._name_of("proposal",
                                                                      data["proposal"])
        if isinstance(data.get("juror"), dict):
            juror = _named(data["juror"])
        elif contest is not None and "juror" in data:
            who = contest.juror(data["juror"])
            juror = who.name if who else self._name_of("juror", data["juror"])
        if kind in ("proposal.removed", "followup.removed"):
            proposal = self._name_of(kind.split(".")[0], data["id"])
        elif kind == "juror.removed":
            juror = self._name_of("juror", data["id"])
        # The hall's clock, whatever the laptop's zone: the acta prints the same hour.
        moment = local_time(event["at"], contest.time_zone if contest else None)
        return [str(event["seq"]), format_datetime(moment), _(KIND_LABELS.get(event["kind"],
                                                                             event["kind"])),
                proposal, juror, self._details(event), str(data.get("reason", ""))]

    def _details(self, event: dict[str, Any]) -> str:
        data, kind = event["data"], event["kind"]
        contest = self.live.state.contest
        if kind.startswith("score.") and contest is not None:
            found = contest.criterion(data["criterion"])
            name = text_in(found[1].name, current_language()) if found else data["criterion"]
            if kind == "score.removed":
                return _("{criterion}: {old} removed").format(criterion=name, old=data["old"])
            if "old" in data:
                return _("{criterion}: {old} → {value}").format(
                    criterion=name, old=data["old"], value=data["value"])
            return _("{criterion}: {value}").format(criterion=name, value=data["value"])
        if kind in ("sheet.confirmed", "absence.recorded", "absence.withdrawn") \
                and contest is not None:
            phase = contest.phase(data["phase"])
            return text_in(phase.name, current_language()) if phase else data["phase"]
        if kind in ("sheet.second_entry", "sheet.entries_reconciled") and contest is not None:
            return self._cells(data["phase"], data.get("values", data.get("kept", [])))
        if kind == "session.double_entry_set":
            return _("required") if data["required"] else _("not required")
        if kind in ("followup.added", "followup.edited") and data.get("reason") \
                and isinstance(data.get("item"), dict):  # the office's review: its reason
            return _("justified share of the first tranche: {percent} %").format(
                percent=data["item"].get("justified_percent"))
        for key in ("category", "phase", "criterion"):  # added / edited: the item's name
            if isinstance(data.get(key), dict):
                return _named(data[key])
        if kind in ("category.removed", "phase.removed", "criterion.removed",
                    "followup_phase.removed"):
            return self._name_of(kind.split(".")[0], data["id"])
        if kind == "draw.recorded":  # the organizations, winner first: never their ids
            names = []
            for pid in data["order"]:
                found = contest.proposal(pid) if contest is not None else None
                names.append(found.organization if found else str(pid))
            return " › ".join(names)
        if kind == "attendance.marked":
            return _("present") if data["present"] else _("absent")
        if kind == "observation.added":
            return str(data["text"])
        if kind == "minutes.details_set" and data.get("number"):
            return _("Minutes No. {number}").format(number=data["number"])
        return ""

    def _name_of(self, noun: str, item_id: str) -> str:
        """How people named the item ``item_id`` (one no longer in the contest: removed),
        from the last event that described it; its id only if no event ever named it."""
        key = {"followup": "item", "followup_phase": "phase"}.get(noun, noun)
        plural = {"category": "categories", "followup": "items"}.get(noun, f"{noun}s")
        for event in reversed(self.events):
            data = event["data"]
            found = data.get(key)
            if isinstance(found, dict) and found.get("id") == item_id:
                return _named(found)
            snapshot = data.get("contest")
            if isinstance(snapshot, dict):
                lists = [snapshot.get(plural, [])]
                if noun == "criterion":
                    lists = [p.get("criteria", []) for p in snapshot.get("phases", [])]
                for items in lists:
                    for item in items:
                        if isinstance(item, dict) and item.get("id") == item_id:
                            return _named(item)
        return str(item_id)

    def _cells(self, phase_id: str, cells: list[dict[str, Any]]) -> str:
        """A double entry's phase and cells: "Phase: criterion: 7; criterion: —"."""
        contest = self.live.state.contest
        assert contest is not None
        phase = contest.phase(phase_id)
        names = {c.id: text_in(c.name, current_language()) for c in phase.criteria} \
            if phase else {}
        listed = "; ".join(_("{criterion}: {value}").format(
            criterion=names.get(c["criterion"], c["criterion"]),
            value="—" if c["value"] is None else c["value"]) for c in cells)
        return _("{phase}: {values}").format(
            phase=text_in(phase.name, current_language()) if phase else phase_id,
            values=listed)

    def _on_applied(self, event: dict[str, Any], _applied: Applied) -> None:
        row = len(self.events)
        self.beginInsertRows(QModelIndex(), row, row)
        self.events.append(event)
        self.endInsertRows()


class EventLogView(FormView):
    """The log tab: a filter, the events, and a plain verdict of "verify now"."""

    def __init__(self, live: LiveContest, parent: QWidget | None = None) -> None:
        super().__init__("event_log", parent)
        self.live = live
        self.model = EventLogModel(live)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        table = self.form.child("eventTable")
        table.setModel(self.proxy)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        table.verticalHeader().hide()
        self.form.child("filterEdit").textChanged.connect(self.proxy.setFilterFixedString)
        self.form.child("verifyButton").clicked.connect(self.verify_now)
        follow_language(self, self._retranslate)

    def _retranslate(self) -> None:
        self.model.retitle()
        self.model.layoutChanged.emit()

    def verify_now(self) -> bool:
        """Check the stored log: hashes, replay, and agreement with every stored row; rows
        that disagree make the contest read-only."""
        service, contest_id = self.live.service, self.live.contest_id
        found = service.full_check(contest_id)
        if isinstance(found, tuple):
            text = _("The log verifies: {events} events, unbroken. Log hash {log}.").format(
                events=found[0], log=found[1])
        else:
            service.read_only[contest_id] = found
            text = _("The log does NOT verify: {problem}").format(problem=found.render(_))
        self.form.child("verdictLabel").setText(text)
        return isinstance(found, tuple)
