"""Qt's own words — standard buttons, file and print dialogs, text menus — in our language.

Qt ships Spanish (``qtbase_es.qm``) but no Quechua, and its Spanish leaves a few words of
the file and print dialogs in English and writes *fichero* where Peru says *archivo*. So two
translators are installed on the application:

1. Qt's own ``qtbase_es`` for Spanish *and* Quechua: a Quechua reader of these programmes
   reads Spanish, and Spanish is better than English for what remains (the file and print
   dialogs, key names such as *Mayúsculas*).
2. :class:`CatalogTranslator`, searched first, which answers the Qt strings listed in
   :data:`QT_STRINGS` from our own gettext catalogs (message context = Qt's context): the
   standard buttons, the text-field menus and message-box words in Quechua, and in Spanish
   the gaps and Peruvian words of the file and print dialogs.

Both are installed once, at start-up, and never taken out: ours reads the active language
at each request (and in English answers every request with Qt's own English, so that Qt's
Spanish is not reached). Installing or removing a translator while another thread asks Qt
for a word deadlocks: Qt's translator lock against Python's interpreter lock, which our
translator needs (a test switches 200 times while a thread translates). A change of
language instead sends the application a ``LanguageChange`` event, which Qt passes to every
window: standard buttons retranslate themselves while they are open.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QLibraryInfo,
    QLocale,
    QObject,
    QTranslator,
)

from ..i18n import current_language, has_translation, on_language_changed, translations_in

QT_LOCALES = {"es": "es_PE", "qu": "qu_PE", "en": "en_US"}
"""QLocale per language, for Qt's number and date widgets (month names of a calendar)."""
QT_TRANSLATED = ("es", "qu")
"""The languages whose Qt words come from Qt's Spanish and our catalogs."""


def qt_(context: str, source: str) -> tuple[str, str]:
    """Mark one of Qt's own strings (its translation context and English source)."""
    return context, source


QT_STRINGS: frozenset[tuple[str, str]] = frozenset((
    # TRANSLATORS: the standard buttons of every dialog (the "&" marks the Alt+letter key).
    qt_("QPlatformTheme", "OK"),
    qt_("QPlatformTheme", "Save"),
    qt_("QPlatformTheme", "Save All"),
    qt_("QPlatformTheme", "Open"),
    qt_("QPlatformTheme", "&Yes"),
    qt_("QPlatformTheme", "Yes to &All"),
    qt_("QPlatformTheme", "&No"),
    qt_("QPlatformTheme", "N&o to All"),
    qt_("QPlatformTheme", "Abort"),
    qt_("QPlatformTheme", "Retry"),
    qt_("QPlatformTheme", "Ignore"),
    qt_("QPlatformTheme", "Close"),
    qt_("QPlatformTheme", "Cancel"),
    qt_("QPlatformTheme", "Discard"),
    qt_("QPlatformTheme", "Help"),
    qt_("QPlatformTheme", "Apply"),
    qt_("QPlatformTheme", "Reset"),
    qt_("QPlatformTheme", "Restore Defaults"),
    qt_("QMessageBox", "Show Details..."),
    qt_("QMessageBox", "Hide Details..."),
    qt_("QInputDialog", "Enter a value:"),
    # TRANSLATORS: the menu of a text field (right click).
    qt_("QLineEdit", "&Undo"),
    qt_("QLineEdit", "&Redo"),
    qt_("QLineEdit", "Cu&t"),
    qt_("QLineEdit", "&Copy"),
    qt_("QLineEdit", "&Paste"),
    qt_("QLineEdit", "Delete"),
    qt_("QLineEdit", "Select All"),
    qt_("QWidgetTextControl", "&Undo"),
    qt_("QWidgetTextControl", "&Redo"),
    qt_("QWidgetTextControl", "Cu&t"),
    qt_("QWidgetTextControl", "&Copy"),
    qt_("QWidgetTextControl", "&Paste"),
    qt_("QWidgetTextControl", "Delete"),
    qt_("QWidgetTextControl", "Select All"),
    qt_("QWidgetTextControl", "Copy &Link Location"),
    qt_("QUndoStack", "Undo"),
    qt_("QUndoStack", "Redo"),
    # TRANSLATORS: "%1" is what is undone or redone, e.g. "Undo add a proposal".
    qt_("QUndoStack", "Undo %1"),
    qt_("QUndoStack", "Redo %1"),
    # The file dialog: what Qt's Spanish leaves in English or says the Spanish way.
    qt_("QFileDialog", "&Look in:"),
    qt_("QFileDialog", "Files of &type:"),
    qt_("QFileDialog", "File &name:"),
    qt_("QFileDialog", "All Files (*)"),
    qt_("QFileDialog", "Show &hidden files"),
    qt_("QFileDialog", "Go to the parent directory"),
    qt_("QAbstractFileIconProvider", "Drive"),
    qt_("QAbstractFileIconProvider", "Folder"),
    # The print dialog's gaps in Qt's Spanish, and its "fichero".
    qt_("QPrintWidget", "Output &file:"),
    qt_("QPageSetupWidget", "Page &order:"),
    qt_("QPageSetupWidget", "Pages &per sheet:"),
    qt_("QPrintSettingsOutput", "Double Sided Printing"),
    qt_("QPrintSettingsOutput", "Long side binding"),
    qt_("QPrintSettingsOutput", "Short side binding"),
    qt_("QPrintSettingsOutput", "Off"),
    qt_("QPrintSettingsOutput", "Page &Set:"),
    qt_("QPrintSettingsOutput", "Pages"),
    qt_("QPrintSettingsOutput", "Specify pages or ranges separated by commas. Ranges are "
                                "specified by two numbers separated by a hyphen. E.g: 3,5-7,9 "
                                "prints pages 3, 5, 6, 7 and 9."),
    # TRANSLATORS: the buttons of a panel docked in the main window (the projector preview),
    # as screen readers name them.
    qt_("QDockWidget", "Float"),
    qt_("QDockWidget", "Undocks and re-attaches the dock widget"),
    qt_("QDockWidget", "Close"),
    qt_("QDockWidget", "Closes the dock widget"),
))


class CatalogTranslator(QTranslator):
    """Answers the strings of :data:`QT_STRINGS` from our catalog in the active language;
    every other request (and a listed string the catalog lacks) goes on to Qt's own."""

    def translate(self, context: str, source: str,  # type: ignore[override]
                  disambiguation: str | None = None, n: int = -1) -> str | None:
        language = current_language()
        if language not in QT_TRANSLATED:
            return source  # English: Qt's own words, before Qt's Spanish is reached
        if (context, source) not in QT_STRINGS:
            return None  # a null string: Qt asks the next translator
        if not has_translation(language, source, context):
            return None
        return translations_in(language).pgettext(context, source)

    def isEmpty(self) -> bool:  # noqa: N802 — Qt's virtual
        return False


class QtLanguage(QObject):
    """Qt's translators, installed once, and the default QLocale, on the active language."""

    def __init__(self, app: QCoreApplication) -> None:
        super().__init__(app)
        self.app = app
        self.catalog = CatalogTranslator(self)
        self.spanish = QTranslator(self)
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if self.spanish.load("qtbase_es", folder):  # else Qt's words stay English
            app.installTranslator(self.spanish)
        app.installTranslator(self.catalog)  # installed last, searched first
        QLocale.setDefault(QLocale(QT_LOCALES.get(current_language(), "en_US")))
        unsubscribe = on_language_changed(lambda _language: self.apply())
        self.destroyed.connect(lambda *_args: unsubscribe())

    def apply(self) -> None:
        QLocale.setDefault(QLocale(QT_LOCALES.get(current_language(), "en_US")))
        # What installing a translator would do, without touching Qt's translator list.
        QCoreApplication.sendEvent(self.app, QEvent(QEvent.Type.LanguageChange))
