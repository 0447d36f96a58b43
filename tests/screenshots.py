"""Save pictures of the desktop app's screens, in Spanish and Quechua, to look at them.

    Xvfb :99 -screen 0 1366x768x24 &
    DISPLAY=:99 QT_QPA_PLATFORM=xcb .venv/bin/python -m tests.screenshots OUT_FOLDER

(With QT_QPA_PLATFORM=offscreen it works too, without window decorations.)
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from clar_desktop.app.audience.feed import AudienceFeed
from clar_desktop.app.audience.window import (
    BLANK,
    COUNTDOWN,
    MESSAGE,
    RANKING,
    SCENES,
    AudienceWindow,
)
from clar_desktop.app.live import LiveContest
from clar_desktop.app.main import application
from clar_desktop.app.main_window import MainWindow
from clar_desktop.app.prepare.import_preview import ImportPreviewDialog
from clar_desktop.app.session.dialogs import CorrectionDialog
from clar_desktop.demo import demo_bundle
from clar_desktop.domain.bundle import parse_bundle
from clar_desktop.i18n import set_language
from clar_desktop.importing import preview_proposals, read_table
from clar_desktop.services import ContestService
from clar_desktop.store.database import open_database


def _settle() -> None:
    for _ in range(5):
        QCoreApplication.processEvents()


def live_session(out: Path, language: str) -> Path:
    """The live screen mid-session: a sheet partly typed, one confirmed."""
    set_language(language)
    application()
    folder = Path(tempfile.mkdtemp(prefix="clar-shots-"))
    service = ContestService(open_database(str(folder / "shots.sqlite3"), create=True))
    bundle = demo_bundle()
    contest = bundle["contest"]
    assert isinstance(contest, dict)
    contest["scores"] = [s for s in contest["scores"]
                         if not (s["proposal"] == "p03" and s["criterion"] in
                                 ("claridad", "identidad", "participacion_publica")
                                 and s["juror"] in ("j3", "j4", "j5", "j6"))]
    parsed = parse_bundle(bundle)
    service.import_bundle(parsed)
    cid = parsed.contest.id
    service.open_session(cid)
    for juror in ("j1", "j2"):
        service.confirm_sheet(cid, juror, "p03", "publico")
    window = MainWindow(LiveContest(service, cid))
    window.resize(1366, 740)
    window.show()
    window.view.show_proposal("p03", "publico")
    window.live.apply("attendance.marked", {"juror": "j6", "present": False})  # j6 absent
    _settle()
    target = out / f"live-session-{language}.png"
    window.grab().save(str(target))
    # The correction dialog over a confirmed value.
    window.view.grid_view.setCurrentIndex(window.view.grid.index(0, 2))
    dialog = CorrectionDialog(window, window.live, "j1", "p03",
                              window.view.grid.criteria[2])
    dialog.fill("7", "")
    dialog.say(dialog.submit() or "")
    dialog.dialog.show()
    _settle()
    dialog.dialog.grab().save(str(out / f"correction-{language}.png"))
    dialog.dialog.reject()
    # The log tab after a correction and an observation.
    service.correct_score(cid, "j2", "p03", "claridad", "7", "la jurado leyó 7")
    service.add_observation(cid, "La sesión empezó con 20 minutos de retraso por la lluvia.")
    window.live.poll()
    window.tabs.setCurrentWidget(window.log_view)
    window.log_view.verify_now()
    _settle()
    window.grab().save(str(out / f"log-{language}.png"))
    window.tabs.setCurrentWidget(window.results_view)
    _settle()
    window.grab().save(str(out / f"results-{language}.png"))
    rows = folder / "propuestas.csv"
    rows.write_text("Organización;Plan;Categoría;Monto solicitado\n"
                    "Asociación Sumaq Away;Tejidos;pdn;12500\n"
                    "Comunidad de Pallpata;Qochas;zzz;16000\n", encoding="utf-8")
    preview = ImportPreviewDialog(window, window.live, preview_proposals(
        read_table(rows), service, cid))
    preview.dialog.show()
    _settle()
    preview.dialog.grab().save(str(out / f"import-preview-{language}.png"))
    preview.dialog.reject()
    window.tabs.setCurrentWidget(window.prepare_view)
    _settle()
    window.grab().save(str(out / f"prepare-{language}.png"))
    window.close_without_asking()
    return target


def double_entry(out: Path, language: str) -> list[Path]:
    """Double entry: the second person's empty fields (partly typed), the comparison of
    the two entries, and the grid marking the cells still to resolve."""
    from clar_desktop.app.session.double_entry import EntriesComparisonDialog, SecondEntryDialog

    set_language(language)
    application()
    folder = Path(tempfile.mkdtemp(prefix="clar-shots-"))
    service = ContestService(open_database(str(folder / "double.sqlite3"), create=True))
    parsed = parse_bundle(demo_bundle())
    service.import_bundle(parsed)
    cid = parsed.contest.id
    service.open_session(cid)
    window = MainWindow(LiveContest(service, cid))
    window.resize(1366, 740)
    window.show()
    window.view.show_proposal("p03", "publico")
    window.view.grid_view.setCurrentIndex(window.view.grid.index(0, 0))
    state = window.live.state
    criteria = window.view.grid.criteria
    first = [state.current_value("j1", "p03", c.id) for c in criteria]
    typed = [str(v) for v in first[:-1]]
    typed[2] = str((int(first[2] or 0) + 3) % 11)
    made = []
    entry = SecondEntryDialog(window, window.live, "j1", "p03", "publico")
    entry.fill(typed[:3])
    entry.dialog.show()
    _settle()
    made.append(out / f"second-entry-{language}.png")
    entry.dialog.grab().save(str(made[-1]))
    entry.fill(typed)
    entry.say(entry.submit() or "")
    entry.dialog.reject()
    comparison = EntriesComparisonDialog(window, window.live, "j1", "p03", "publico")
    comparison.choose(criteria[2].id, 1)
    comparison.dialog.show()
    _settle()
    made.append(out / f"entries-comparison-{language}.png")
    comparison.dialog.grab().save(str(made[-1]))
    comparison.dialog.reject()
    window.view.confirm_current_sheet()  # refused: the status bar says why
    _settle()
    made.append(out / f"double-entry-grid-{language}.png")
    window.grab().save(str(made[-1]))
    window.close_without_asking()
    return made


def audience(out: Path, sizes: tuple[tuple[int, int], ...] = ((1024, 768), (1920, 1080)),
             modes: tuple[str, ...] = ("es", "qu", "es+qu")) -> list[Path]:
    """Every scene of the audience window, late in a session (most sheets confirmed, two
    proposals still pending), at each size and in each language of the projection."""
    application()
    folder = Path(tempfile.mkdtemp(prefix="clar-shots-"))
    service = ContestService(open_database(str(folder / "audience.sqlite3"), create=True))
    parsed = parse_bundle(demo_bundle())
    service.import_bundle(parsed)
    cid = parsed.contest.id
    service.open_session(cid)
    live = LiveContest(service, cid)
    contest = live.state.contest
    assert contest is not None
    pending = {contest.proposals[1].id, contest.proposals[4].id}
    for proposal in contest.proposals:
        if proposal.id in pending:
            continue
        for juror, phase in live.state.unconfirmed_sheets(proposal.id):
            service.confirm_sheet(cid, juror, proposal.id, phase)
    live.poll()
    service.apply(cid, "presentation.started", {"proposal": contest.proposals[1].id})
    live.poll()
    window = AudienceWindow(AudienceFeed(live.state, live.applied), "es")
    window.transition_ms = 0
    window.read_back_sheet = (contest.jurors[2].id, contest.proposals[1].id,
                              contest.phases[1].id)
    window.follow(contest.proposals[1].id, contest.phases[1].id)
    saved = []
    for width, height in sizes:
        window.resize(width, height)
        for mode in modes:
            window.set_language(mode)
            for scene in SCENES:
                if scene == BLANK:
                    continue
                if scene == MESSAGE:
                    window.set_message("Refrigerio: volvemos en 15 minutos · "
                                       "Samarisunchis: 15 minutumanta kutimusun")
                elif scene == COUNTDOWN:
                    window.start_countdown(15 * 60)
                else:
                    window.show_scene(scene)
                target = out / f"audience-{scene}-{mode}-{width}x{height}.png"
                window.grab().save(str(target))
                saved.append(target)
            window.withhold(True)
            window.show_scene(RANKING)
            target = out / f"audience-withheld-{mode}-{width}x{height}.png"
            window.grab().save(str(target))
            window.withhold(False)
            saved.append(target)
    return saved


def audience_items(out: Path, size: tuple[int, int] = (1920, 1080),
                   modes: tuple[str, ...] = ("es", "qu", "es+qu")) -> list[Path]:
    """The second-tranche scenes (issue 15) on the version 2 example's items: an item
    presenting before and after its read-back (approved, not approved, not eligible), and
    the results board provisional, withheld and final; each also as a small copy, a quarter
    of the width, which is about what the back of a hall sees."""
    from PySide6.QtCore import Qt

    from clar_desktop.app.audience.window import FOLLOWUPS, PRESENTING
    from tests.audience_items import confirm, items_session

    application()
    live = items_session(Path(tempfile.mkdtemp(prefix="clar-shots-items-")))
    window = AudienceWindow(AudienceFeed(live.state, live.applied), "es")
    window.transition_ms = 0
    window.resize(*size)
    saved = []

    def shot(name: str, mode: str) -> None:
        target = out / f"audience-{name}-{mode}-{size[0]}x{size[1]}.png"
        picture = window.grab()
        picture.save(str(target))
        small = out / f"audience-{name}-{mode}-small.png"
        picture.scaled(size[0] // 4, size[1] // 4, Qt.AspectRatioMode.KeepAspectRatio,
                       Qt.TransformationMode.SmoothTransformation).save(str(small))
        saved.extend((target, small))

    def present(item: str) -> None:
        live.service.apply(live.contest_id, "presentation.started", {"proposal": item})
        live.poll()
        window.follow(item, "campo2")
        window.show_scene(PRESENTING)

    for mode in modes:
        window.set_language(mode)
        present("f1")
        shot("item-pending", mode)
        window.show_scene(FOLLOWUPS)
        shot("followups-provisional", mode)
        window.withhold(True)
        shot("followups-withheld", mode)
        window.withhold(False)
    confirm(live)
    for mode in modes:
        window.set_language(mode)
        for item, name in (("f1", "item-approved"), ("f5", "item-not-approved"),
                           ("f2", "item-not-eligible")):
            present(item)
            shot(name, mode)
        window.show_scene(FOLLOWUPS)
        shot("followups-final", mode)
    return saved


def documents(out: Path, language: str) -> list[Path]:
    """The documents dialog with each document made (in the same language), and the minutes'
    details; the PDFs themselves are saved beside the pictures, to render with pdftoppm."""
    from clar_desktop.app.documents.dialog import DocumentsDialog
    from clar_desktop.app.documents.minutes_details import MinutesDetailsDialog
    from clar_desktop.app.places import Places
    from clar_desktop.demo import demo_session_bundle

    set_language(language)
    application()
    folder = Path(tempfile.mkdtemp(prefix="clar-shots-"))
    service = ContestService(open_database(str(folder / "docs.sqlite3"), create=True))
    parsed = parse_bundle(demo_session_bundle())
    service.import_bundle(parsed)
    live = LiveContest(service, parsed.contest.id)
    saved = []
    for kind in ("minutes", "certificates", "sheets", "poster"):
        dialog = DocumentsDialog(None, live, Places(), kind)
        dialog.choose(language=language)
        dialog.dialog.resize(1200, 800)
        dialog.dialog.show()
        dialog.make()
        dialog.wait()
        _settle()
        target = out / f"documents-{kind}-{language}.png"
        dialog.dialog.grab().save(str(target))
        dialog.save_to(out / f"{kind}-{language}.pdf")
        dialog.dialog.close()
        saved.append(target)
    details = MinutesDetailsDialog(None, live)
    details.dialog.show()
    _settle()
    target = out / f"minutes-details-{language}.png"
    details.dialog.grab().save(str(target))
    details.dialog.close()
    return [*saved, target]


def wizard(out: Path, language: str) -> list[Path]:
    """Each page of the new-contest wizard (from the business-plan template), a page whose
    Next was refused (a juror's bad DNI, no name), and the ids under "Advanced"."""
    from PySide6.QtCore import QDate

    from clar_desktop.app.prepare.draft import Juror
    from clar_desktop.app.prepare.wizard import NewContestWizard

    set_language(language)
    application()
    folder = Path(tempfile.mkdtemp(prefix="clar-shots-"))
    service = ContestService(open_database(str(folder / "wizard.sqlite3"), create=True))
    parsed = parse_bundle(demo_bundle())
    service.import_bundle(parsed)
    window = NewContestWizard(None, service, parsed.contest.id)
    window.ask = lambda *_args: True  # type: ignore[method-assign]
    window.show()
    saved = []

    def shot(name: str) -> None:
        _settle()
        target = out / f"wizard-{name}-{language}.png"
        window.grab().save(str(target))
        saved.append(target)

    window.pages[0].choose("template", "pdn")
    shot("1-start")
    window.next()
    page = window.currentPage()
    page.child("titleEdit").setText("Concurso de planes de negocio 2027 – Oficina local "
                                    "Chumbivilcas")
    page.child("dateEdit").setDate(QDate(2027, 5, 14))
    for key, text in (("community", "Llusco"), ("district", "Llusco"),
                      ("province", "Chumbivilcas"), ("region", "Cusco")):
        page.child(f"{key}Edit").setText(text)
    shot("2-data")
    window.next()
    window.currentPage().child("programmeEdit").setText("Proyecto Sierra Sur II – AGRO RURAL")
    window.currentPage().child("officeNameEdit").setText("Oficina local Chumbivilcas")
    shot("3-office")
    window.next()
    shot("4-phases")
    tree = window.currentPage().tree
    tree.setCurrentItem(tree.topLevelItem(1).child(2))
    shot("4-criterion")
    window.next()
    box = window.currentPage().child("allocationBox")
    box.setCurrentIndex(box.findData("partial"))
    shot("5-rules")
    window.next()
    window.next()  # refused: the template leaves the budget to the secretary
    shot("6-categories-refused")
    window.currentPage().child("budgetEdit").setText("60,000.00")
    window.next()
    page = window.currentPage()
    window.draft.jurors += [
        Juror("Edilberto Huamán Quispe", "24813576", "Presidente – alcalde distrital",
              list(window.draft.phases)),
        Juror("", "4051729", "Miembro – Federación de Mujeres Campesinas",
              list(window.draft.phases))]
    page.refresh()
    page.list.setCurrentRow(1)
    window.next()  # refused: no name, a DNI of 7 digits
    shot("7-jurors-refused")
    page.child("nameEdit").setText("Lucía Mamani Condori")
    page.child("documentEdit").setText("40517293")
    window.set_advanced(True)
    shot("7-jurors-advanced")
    window.next()
    shot("8-summary")
    window.close()
    return saved


def preparation(out: Path, language: str) -> list[Path]:
    """The Preparation tab of a contest being prepared: each table (names, the id last),
    a juror's phases being ticked, a category being chosen, and the new-juror and
    new-proposal dialogs — empty, and refused (a DNI of 7 digits) with the id unfolded."""
    from PySide6.QtWidgets import QAbstractItemDelegate

    from clar_desktop.app.prepare.new_item import NewItemDialog
    from clar_desktop.i18n import N_

    set_language(language)
    application()
    folder = Path(tempfile.mkdtemp(prefix="clar-shots-"))
    service = ContestService(open_database(str(folder / "prepare.sqlite3"), create=True))
    parsed = parse_bundle(demo_bundle())
    service.import_bundle(parsed)
    window = MainWindow(LiveContest(service, parsed.contest.id))
    window.resize(1366, 740)
    window.show()
    window.tabs.setCurrentWidget(window.prepare_view)
    prepare = window.prepare_view
    tabs = prepare.form.child("tables")
    saved = []

    def shot(widget: object, name: str) -> None:
        _settle()
        target = out / f"prepare-{name}-{language}.png"
        widget.grab().save(str(target))  # type: ignore[attr-defined]
        saved.append(target)

    for page, table_name, model, key in (
            ("proposalsPage", "proposalsTable", prepare.proposals, "category"),
            ("jurorsPage", "jurorsTable", prepare.jurors, "phases"),
            ("categoriesPage", "categoriesTable", prepare.categories, None),
            ("criteriaPage", "criteriaTable", prepare.criteria, None)):
        tabs.setCurrentWidget(prepare.form.child(page))
        shot(window, page.removesuffix("Page"))
        if key is not None:
            table = prepare.form.child(table_name)
            cell = model.index(2, [f.key for f in model.fields].index(key))
            table.setCurrentIndex(cell)
            table.edit(cell)
            shot(window, f"{page.removesuffix('Page')}-editing")
            table.closeEditor(table.indexWidget(cell),
                              QAbstractItemDelegate.EndEditHint.RevertModelCache)
    dialog = NewItemDialog(window, N_("New juror"), prepare.jurors)
    dialog.show()
    shot(dialog, "new-juror")
    dialog.fill({"name": "Eusebia Quispe Huamán", "document": "4051729",
                 "role": "Miembro – Asociación de Regantes", "phases": ["publico"]})
    dialog.submit()  # refused: a DNI of 7 digits
    dialog.show_advanced(True)
    shot(dialog, "new-juror-refused")
    dialog.reject()
    dialog = NewItemDialog(window, N_("New proposal"), prepare.proposals)
    dialog.show()
    dialog.fill({"organization": "Comunidad Campesina de Pallpata",
                 "title": "Qochas para la crianza de truchas", "requested": "16,000"})
    dialog.submit()  # refused: no category chosen
    shot(dialog, "new-proposal-refused")
    dialog.reject()
    window.close_without_asking()
    return saved


def second_tranche_preparation(out: Path, language: str) -> list[Path]:
    """The second-tranche pages of the Preparation tab in a 1280×720 window: the items (one
    with an office's review recorded, scrolled to the review), the rules and sheets, the
    office's review dialog below the minimum and refused, and a new item refused for want of
    the review's reference."""
    from clar_desktop.app.prepare.new_item import NewItemDialog
    from clar_desktop.app.prepare.review_dialog import ReviewDialog
    from clar_desktop.i18n import N_
    from tests.helpers import v2_bundle

    set_language(language)
    application()
    folder = Path(tempfile.mkdtemp(prefix="clar-shots-"))
    service = ContestService(open_database(str(folder / "second.sqlite3"), create=True))
    parsed = parse_bundle(v2_bundle())
    service.import_bundle(parsed)
    cid = parsed.contest.id
    item = service.export_bundle(cid)["contest"]["followups"]["items"][2]
    service.apply(cid, "followup.edited", {"item": dict(item, justified_percent="85"),
                                           "reason": "Informe 012-2026-OL"})
    window = MainWindow(LiveContest(service, cid))
    window.resize(1280, 720)
    window.show()
    window.tabs.setCurrentWidget(window.prepare_view)
    prepare = window.prepare_view
    tabs = prepare.form.child("tables")
    saved = []

    def shot(widget: object, name: str) -> None:
        _settle()
        target = out / f"second-tranche-{name}-{language}.png"
        widget.grab().save(str(target))  # type: ignore[attr-defined]
        saved.append(target)

    tabs.setCurrentWidget(prepare.form.child("followupsPage"))
    shot(window, "items")
    bar = prepare.followups_table.horizontalScrollBar()
    bar.setValue(bar.maximum())
    shot(window, "items-review")
    tabs.setCurrentWidget(prepare.followup_sheets)
    shot(window, "sheets")
    review = ReviewDialog(window, window.live, prepare.followups.items[1]["id"], "60", None)
    review.dialog.show()
    review.say(review.submit() or "")  # refused: no reference
    shot(review.dialog, "review-refused")
    review.dialog.reject()
    dialog = NewItemDialog(window, N_("New second-tranche item"), prepare.followups)
    dialog.show()
    dialog.fill({"organization": "Asociación Sumaq Away", "title": "Tejidos",
                 "first_tranche": "4,000", "second_tranche": "6,000",
                 "justified_percent": "80"})
    dialog.submit()  # refused: a justified share with no review behind it
    shot(dialog, "new-item-refused")
    dialog.reject()
    window.tabs.setCurrentWidget(window.log_view)
    shot(window, "log")
    window.close_without_asking()
    return saved


def languages(out: Path) -> list[Path]:
    """The Language menu, a switch from Spanish to Quechua with a dialog open, and Qt's own
    dialogs (a question, a file dialog, the print dialog) in each language."""
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    set_language("es")
    application()
    folder = Path(tempfile.mkdtemp(prefix="clar-shots-"))
    service = ContestService(open_database(str(folder / "languages.sqlite3"), create=True))
    parsed = parse_bundle(demo_bundle())
    service.import_bundle(parsed)
    service.open_session(parsed.contest.id)
    window = MainWindow(LiveContest(service, parsed.contest.id))
    window.resize(1366, 740)
    window.show()
    window.view.show_proposal("p03", "publico")
    dialog = CorrectionDialog(window, window.live, "j1", "p03", window.view.grid.criteria[0])
    dialog.dialog.show()
    _settle()
    saved = []

    def shot(widget: object, name: str) -> None:
        target = out / name
        widget.grab().save(str(target))  # type: ignore[attr-defined]
        saved.append(target)

    shot(dialog.dialog, "switch-before-es.png")
    window.language_menu.popup(window.mapToGlobal(window.rect().center()))
    _settle()
    shot(window.language_menu, "language-menu-es.png")
    window.language_menu.hide()
    window.language_actions["qu"].trigger()
    _settle()
    shot(dialog.dialog, "switch-after-qu.png")
    shot(window, "main-after-switch-qu.png")
    dialog.dialog.reject()
    for language in ("es", "qu"):
        set_language(language)
        _settle()
        box = QMessageBox(QMessageBox.Icon.Question, "CLAR Desktop", "?",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
                          | QMessageBox.StandardButton.Cancel, window)
        box.setDetailedText("…")
        box.show()
        _settle()
        shot(box, f"question-{language}.png")
        box.close()
        files = QFileDialog(window, "", str(folder), "JSON (*.json)")
        files.setOption(QFileDialog.Option.DontUseNativeDialog)
        files.resize(900, 560)
        files.show()
        _settle()
        shot(files, f"file-dialog-{language}.png")
        files.close()
        printer = QPrinter()
        printing = QPrintDialog(printer, window)
        printing.show()
        _settle()
        shot(printing, f"print-dialog-{language}.png")
        printing.close()
    window.close_without_asking()
    return saved


def session_aids(out: Path, language: str) -> list[Path]:
    """What helps the secretary put a session right: the checklist and the projector's
    preview beside the grid, an out-of-range value held framed in its cell, a juror leaving
    (what her absence takes off), a recusal after values were typed."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from clar_desktop.app.session.dialogs import RecusalDialog
    from clar_desktop.app.session.leaving import LeavingDialog

    set_language(language)
    application()
    folder = Path(tempfile.mkdtemp(prefix="clar-shots-"))
    service = ContestService(open_database(str(folder / "aids.sqlite3"), create=True))
    bundle = demo_bundle()
    contest = bundle["contest"]
    assert isinstance(contest, dict)
    contest["scores"] = [s for s in contest["scores"]
                         if not (s["proposal"] == "p02" and s["juror"] in ("j4", "j5"))]
    parsed = parse_bundle(bundle)
    service.import_bundle(parsed)
    cid = parsed.contest.id
    service.open_session(cid)
    window = MainWindow(LiveContest(service, cid))
    window.resize(1366, 740)
    window.show()
    window.view.show_proposal("p02", "campo")
    _settle()
    saved = []

    def shot(widget: object, name: str) -> None:
        _settle()
        target = out / f"{name}-{language}.png"
        widget.grab().save(str(target))  # type: ignore[attr-defined]
        saved.append(target)

    shot(window, "checklist-and-preview")
    # 11 typed on a criterion whose maximum is lower: the cell stays in edit, framed.
    grid = window.view.grid_view
    row = [j.id for j in window.view.grid.jurors].index("j4")
    grid.setCurrentIndex(window.view.grid.index(row, 0))
    grid.setFocus()
    for key in "99":
        QTest.keyClick(QApplication.focusWidget() or grid, key)
    QTest.keyClick(QApplication.focusWidget() or grid, Qt.Key.Key_Return)
    shot(window, "value-out-of-range")
    QTest.keyClick(QApplication.focusWidget() or grid, Qt.Key.Key_Escape)
    leaving = LeavingDialog(window, window.live, "j3", "p02")
    leaving.dialog.show()
    shot(leaving.dialog, "juror-leaves")
    leaving.dialog.reject()
    recusal = RecusalDialog(window, window.live, "j2", "p02")
    recusal.form.child("reasonEdit").setText("Es hermana del presidente de la asociación")
    recusal.dialog.show()
    shot(recusal.dialog, "recusal-with-values")
    recusal.dialog.reject()
    window.close_without_asking()
    return saved


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots")
    out.mkdir(parents=True, exist_ok=True)
    for language in ("es", "qu"):
        print(live_session(out, language))
        for path in documents(out, language):
            print(path)
        for path in wizard(out, language):
            print(path)
        for path in preparation(out, language):
            print(path)
        for path in second_tranche_preparation(out, language):
            print(path)
        for path in session_aids(out, language):
            print(path)
        for path in double_entry(out, language):
            print(path)
    for path in audience(out):
        print(path)
    for path in audience_items(out):
        print(path)
    for path in languages(out):
        print(path)
    app = QApplication.instance()
    if app is not None:
        app.quit()


if __name__ == "__main__":
    main()
