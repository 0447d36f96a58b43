"""Scoring sheets (*fichas de calificación*), printed before the session.

One sheet per juror and phase the juror scores: the proposals in presentation order down the
side (for a phase of the second-tranche evaluation, the follow-up items in running order),
the phase's criteria with their maximum points across the top, an empty box for every value
and for the total, the proposals the juror is recused on greyed out, and a line for the
juror's signature. A sheet longer than a page repeats its header row and names its juror
and phase at the foot of every page.

The sheets are paginated here, not by reportlab: each page is a table of its own, whose rows
are counted before anything is drawn, so that

- the signature line is always on the page of the last scores it signs (never alone on a
  page of its own); a last page that would hold only the signature takes a few rows with it;
- every language takes the same pages: the rows a page holds are counted with the tallest
  title, header row and instructions of Spanish, Quechua and both, so the Spanish, Quechua
  and bilingual sheets of a contest have the same proposals on the same pages;
- the rows are as high as handwriting wants (`ROW_HEIGHT`) unless a little less
  (down to `MIN_ROW_HEIGHT`) saves a page;
- time grows with the contest: reportlab never splits a long table (splitting one with
  spans, as a recusal's grey bar is, recomputed every span at every page: 114 s for 3,000
  proposals with 60 recusals).

Header cells are fitted to their column: whole words in type from 6.5 down to 5.5 points;
only when a word is wider than its column even then does it break, at a syllable and with a
hyphen (`hyphenation.py`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer, Table, TableStyle

from ..domain.model import (
    Criterion,
    FollowupItem,
    Juror,
    LocalizedText,
    Phase,
    Proposal,
    text_in,
)
from ..i18n import N_, format_number
from ..labels import FOLLOWUP_STATUS, FOLLOWUP_WHY
from .archive import keywords
from .hyphenation import Word, wrap
from .layout import (
    GRID,
    SHADE,
    DocumentError,
    DocumentOptions,
    Footer,
    Section,
    Styles,
    build,
    escape,
    fit_words,
    in_shipped_font,
    page_size,
    shorten,
    signature_grid,
    text_width,
    wrap_lines,
)
from .record import SessionRecord
from .words import DOCUMENT_LANGUAGES, Words

ROW_HEIGHT = 8.5 * mm
"""A proposal's row: room for handwritten figures."""
MIN_ROW_HEIGHT = 7.75 * mm
"""The least a row is made, to save a page: still two lines of its name and a figure."""
HEADER_SIZES = (6.5, 6.0, 5.5)
HEADER_LINES = 8
TAIL = 3
"""Rows that go with the signature to a last page, rather than a signature alone."""
NAME_WIDTH = 78 * mm
MARGIN = 15 * mm
BOTTOM = MARGIN + 5 * mm
SLACK = 2.0
"""Points kept free on every page, against rounding in reportlab's frame."""


def write_sheets(record: SessionRecord, options: DocumentOptions) -> bytes:
    """Every juror's sheet for every phase they score, as one PDF: the proposals' phases
    with the proposals down the side, then the follow-up phases with the second-tranche
    items (each juror's sheets together)."""
    from ..i18n import _

    writer = _Sheets(record, options)
    contest = record.contest
    items = record.items_in_order()
    followup_phases = contest.followups.phases if contest.followups is not None else ()
    pairs: list[tuple[Juror, Phase, Sequence[Proposal | FollowupItem]]] = []
    for juror in contest.jurors:
        if writer.proposals:
            pairs += [(juror, p, writer.proposals) for p in contest.phases
                      if p.id in juror.phases]
        if items:
            pairs += [(juror, p, items) for p in followup_phases if p.id in juror.phases]
    if not pairs:
        raise DocumentError(_("there are no jurors, phases or proposals yet, so there is no "
                              "sheet to print"))
    story: list[Flowable] = []
    for i, (juror, phase, rows) in enumerate(pairs):
        if i:
            story.append(PageBreak())
        story.extend(writer.sheet(juror, phase, rows))
    return build(story, writer.size, Footer(writer.words, record.contest.id),
                 title=writer.words("Scoring sheets"), subject=record.contest.title,
                 progress=options.progress, keywords=keywords(record.contest.id))


def plan_pages(rows: int, first: float, later: float, signature: float,
               row: float) -> list[int]:
    """How many rows go on each page of a sheet: ``first`` and ``later`` the room for rows
    on the first and on later pages, ``signature`` what the signature takes. The last page
    holds the signature and at least one row (up to `TAIL` taken from the page before)."""
    counts: list[int] = []
    room = first
    while True:
        fit = max(int(room // row), 0)
        signed = max(int((room - signature) // row), 0)
        take = min(fit, rows)
        if rows <= fit:  # all would fit, the signature would not: some rows go with it
            take = rows - max(1, min(TAIL, rows // 2))
        if rows <= signed or (counts and take <= 0):  # (the latter: no page would do)
            counts.append(rows)
            return counts
        counts.append(max(take, 0))
        rows -= max(take, 0)
        room = later


def column_widths(width: float, criteria: int) -> list[float]:
    """The columns of a sheet ``width`` wide: number, organization and plan, the criteria
    (alike), total."""
    first, name, total = 9 * mm, NAME_WIDTH, 16 * mm
    column = (width - first - name - total) / max(criteria, 1)
    return [first, name] + [column] * criteria + [total]


def _words(text: str, language: str | None) -> list[Word]:
    return [(word, language) for word in text.split()]


class _Language:
    """The words and type of a sheet in one document language; measured in every language
    so that the pages are counted alike."""

    def __init__(self, mode: str, record: SessionRecord, width: float) -> None:
        self.w = Words(mode)
        self.s = Styles()
        self.record, self.width = record, width

    # -- the top of a sheet's first page -------------------------------------------------
    def preamble(self, juror: Juror, phase: Phase) -> list[Flowable]:
        w, s = self.w, self.s
        phase_name = w.value(w.name(phase.name))
        story: list[Flowable] = [
            Section(w("{juror} · {phase}", juror=juror.name, phase=phase_name)),
            Paragraph(escape(w("Scoring sheet: {phase}", phase=w.name(phase.name))), s.title),
            Paragraph(escape(self.record.contest.title), s.subtitle)]
        who = [[Paragraph(escape(w("Juror")), s.cell_bold),
                Paragraph(escape(juror.name), s.body),
                Paragraph(escape(w("DNI")), s.cell_bold),
                Paragraph(escape(juror.document or "—"), s.body),
                Paragraph(escape(w("Date")), s.cell_bold),
                Paragraph(escape(w.value(w.day(self.record.held_on))), s.body)]]
        story.append(Table(who, colWidths=[22 * mm, 91 * mm, 12 * mm, 30 * mm, 22 * mm,
                                           self.width - 177 * mm], hAlign="LEFT",
                           style=TableStyle([in_shipped_font(), *GRID])))
        story.append(Spacer(1, 3))
        low = min((c.min for c in phase.criteria), default=0)
        # Every language in the small type: the Quechua under the Spanish takes no more room
        # than it needs (in the larger "second" style it pushed the signature off the page).
        for text in w.each(N_("Write one value for each criterion, from {low} up to the "
                              "maximum shown, and the total of the row. Cross out and "
                              "rewrite a mistake; the secretary reads your sheet aloud "
                              "before it is recorded."), low=format_number(low)):
            story.append(Paragraph(escape(text), s.small))
        story.append(Spacer(1, 3))
        return story

    # -- the header row ------------------------------------------------------------------
    def label(self, msgid: str) -> list[Word]:
        """A label in each language as words to wrap, "Spanish / Quechua"."""
        return self._joined([(text, lang) for lang, text
                             in zip(self.w.languages, self.w.each(msgid), strict=True)])

    def name(self, text: LocalizedText) -> list[Word]:
        return self._joined([(text_in(text, lang), lang) for lang in self.w.languages])

    @staticmethod
    def _joined(texts: Sequence[tuple[str, str]]) -> list[Word]:
        words: list[Word] = []
        seen: list[str] = []
        for text, lang in texts:
            if text in seen:
                continue
            if seen:
                words.append(("/", None))
            seen.append(text)
            words += _words(text, lang)
        return words

    def maximum(self, criterion: Criterion) -> list[Word]:
        """The line under a criterion's name: "máx. 4", or the range, step and weight."""
        if criterion.step != 1 or criterion.min != 0:
            top = f"{format_number(criterion.min)}–{format_number(criterion.max)}"
            if criterion.step != 1:
                top += f" ({format_number(criterion.step)})"
            words = _words(top, None)
        else:  # "máx. 4" is one word: its figure never goes to the next line alone
            texts = self.w.each("max. {points}", points=format_number(criterion.max))
            words = self._joined([(text.replace(" ", "\xa0"), lang)
                                  for lang, text in zip(self.w.languages, texts, strict=True)])
        if criterion.weight != 1:
            words.append((f"×{format_number(criterion.weight)}", None))
        return words

    def header(self, phase: Phase, widths: Sequence[float]) -> tuple[list[str],
                                                                    list[tuple[Any, ...]]]:
        """The header row's texts, fitted each to its column, and their type sizes."""
        cells = [[self.label("No.")], [self.label("Organization and plan")],
                 *([self.name(c.name), self.maximum(c)] for c in phase.criteria),
                 [self.label("Total")]]
        row: list[str] = []
        style: list[tuple[Any, ...]] = []
        for col, (paragraphs, width) in enumerate(zip(cells, widths, strict=True)):
            lines, size = fit_heading(paragraphs, self.s.regular, width - 6)
            row.append("\n".join(lines))
            style += [("FONTSIZE", (col, 0), (col, 0), size),
                      ("LEADING", (col, 0), (col, 0), size + 1)]
        return row, style


def fit_heading(paragraphs: Sequence[Sequence[Word]], font: str,
                width: float) -> tuple[list[str], float]:
    """Lines of a header cell no wider than ``width``, at most `HEADER_LINES`: whole words at
    the largest of `HEADER_SIZES` that will do; else words broken at syllables; only when no
    syllable will do either, cut (and what does not fit ends with "…")."""
    for hyphenate in (False, True):
        for size in HEADER_SIZES:
            lines = wrap(paragraphs, font, size, width, hyphenate)
            if lines is not None and len(lines) <= HEADER_LINES:
                return lines, size
    smallest = HEADER_SIZES[-1]
    lines = [line for words in paragraphs
             for line in wrap_lines(" ".join(word for word, _lang in words), font, smallest,
                                    width)]
    if len(lines) > HEADER_LINES:
        lines = [*lines[:HEADER_LINES - 1],
                 shorten(" ".join(lines[HEADER_LINES - 1:]), font, smallest, width)]
    return lines, smallest


class _Grid(Table):
    """A sheet's table: its many empty boxes are ruled, not drawn as empty strings."""

    def _drawCell(self, cellval: Any, *args: Any) -> None:  # noqa: N802 (reportlab's name)
        if cellval != "":
            super()._drawCell(cellval, *args)


class _Sheets:
    def __init__(self, record: SessionRecord, options: DocumentOptions) -> None:
        self.record, self.contest = record, record.contest
        self.size = page_size(options, wide=True)
        self.width = text_width(self.size, MARGIN)
        self.frame = self.size[1] - MARGIN - BOTTOM - SLACK
        self.language = _Language(options.language, record, self.width)
        self.words = self.language.w
        self.others = [_Language(mode, record, self.width) for mode in DOCUMENT_LANGUAGES
                       if mode != options.language]
        self.proposals = record.proposals_in_order()
        self.columns: dict[str, list[float]] = {}
        self.label_cache: dict[str, tuple[str, float]] = {}
        self.headers: dict[tuple[str, str], tuple[list[str], list[tuple[Any, ...]], float]] = {}

    def widths(self, phase: Phase) -> list[float]:
        widths = self.columns.get(phase.id)
        if widths is None:
            widths = self.columns[phase.id] = column_widths(self.width, len(phase.criteria))
        return widths

    def header(self, language: _Language, phase: Phase,
               ) -> tuple[list[str], list[tuple[Any, ...]], float]:
        """A phase's header row in ``language``, its type sizes and its height."""
        key = (language.w.mode, phase.id)
        found = self.headers.get(key)
        if found is None:
            row, style = language.header(phase, self.widths(phase))
            height = _height([self._table([row], self.widths(phase), style, [])], self.width)
            found = self.headers[key] = (row, style, height)
        return found

    def sheet(self, juror: Juror, phase: Phase,
              entries: Sequence[Proposal | FollowupItem] | None = None) -> list[Flowable]:
        """``entries``: the rows, the proposals (default) or the second-tranche items."""
        rows = self.proposals if entries is None else entries
        widths = self.widths(phase)
        header, header_style, _height_ = self.header(self.language, phase)
        tops, heads = [], []
        for language in [self.language, *self.others]:
            heads.append(self.header(language, phase)[2])
            tops.append(_height(language.preamble(juror, phase), self.width))
        signature = [Spacer(1, 2 * mm), signature_grid(
            [[(juror.name, True), (self.words("Signature of the juror"), False)]],
            self.width / 2, self.language.s, columns=1, space=11 * mm)]
        signed = _height(signature, self.width)
        first = self.frame - max(t + h for t, h in zip(tops, heads, strict=True))
        later = self.frame - max(heads)
        n = len(rows)
        fewest = len(plan_pages(n, first, later, signed, MIN_ROW_HEIGHT))
        row = ROW_HEIGHT
        while row > MIN_ROW_HEIGHT and len(plan_pages(n, first, later, signed, row)) > fewest:
            row -= 0.25 * mm
        row = max(row, MIN_ROW_HEIGHT)
        story = self.language.preamble(juror, phase)
        start = 0
        for page, count in enumerate(plan_pages(n, first, later, signed, row)):
            if page:
                story.append(PageBreak())
            if count:
                story.append(self._rows(juror, header, header_style, widths,
                                        rows[start:start + count], row))
            start += count
        return story + signature

    def _rows(self, juror: Juror, header: list[str], header_style: list[tuple[Any, ...]],
              widths: list[float], proposals: Sequence[Proposal | FollowupItem],
              row: float) -> Table:
        criteria = len(widths) - 3
        rows: list[list[Any]] = [header]
        style: list[tuple[Any, ...]] = [*header_style]
        recused = self.words("recused")
        for i, proposal in enumerate(proposals, start=1):
            label, size = self._label(proposal)
            if size != 7.5:
                style += [("FONTSIZE", (1, i), (1, i), size),
                          ("LEADING", (1, i), (1, i), size + 1.2)]
            instead = (recused if (juror.id, proposal.id) in self.record.recused
                       else self.not_scored(proposal))
            if instead:
                lines, said = fit_words(instead, self.language.s.regular, 7.5,
                                        sum(widths[2:]) - 6, 5.5, 2)
                rows.append([str(proposal.order), label, "\n".join(lines)] + [""] * criteria)
                style += [("BACKGROUND", (0, i), (-1, i), SHADE),
                          ("SPAN", (2, i), (-1, i)), ("ALIGN", (2, i), (2, i), "CENTER"),
                          ("FONTSIZE", (2, i), (2, i), said),
                          ("LEADING", (2, i), (2, i), said + 1.2)]
            else:
                rows.append([str(proposal.order), label] + [""] * (criteria + 1))
        return self._table(rows, widths, style, [row] * len(proposals))

    def not_scored(self, entry: Proposal | FollowupItem) -> str | None:
        """Why no juror scores ``entry`` (a shaded row instead of boxes to fill), or None:
        withdrawn, or an item whose justified share is below the minimum (it waits for no
        sheet: not eligible whatever its scores)."""
        if any(w.proposal == entry.id for w in self.record.contest.withdrawals):
            return self.words(FOLLOWUP_STATUS["withdrawn"])
        followups = self.record.contest.followups
        if (isinstance(entry, FollowupItem) and followups is not None
                and entry.justified_percent < followups.rules.min_justified_percent):
            words, minimum = self.words, followups.rules.min_justified_percent

            def share(value: Decimal) -> Callable[[str], str]:
                return lambda lang: f"{words.percent(value)(lang)}\u00a0%"

            why = words.each(FOLLOWUP_WHY["ineligible"], justified=share(entry.justified_percent),
                             minimum=share(minimum))
            status = words.each(FOLLOWUP_STATUS["ineligible"])
            return words.join([f"{s} · {w}" for s, w in zip(status, why, strict=True)])
        return None

    def _label(self, proposal: Proposal | FollowupItem) -> tuple[str, float]:
        """A proposal's organization and plan in two lines of its cell (same on every
        sheet, so fitted once)."""
        found = self.label_cache.get(proposal.id)
        if found is None:
            lines, size = fit_words(f"{proposal.organization} — {proposal.title}",
                                    self.language.s.regular, 7.5, NAME_WIDTH - 6, 5.5, 2)
            found = self.label_cache[proposal.id] = ("\n".join(lines), size)
        return found

    def _table(self, rows: list[list[Any]], widths: Sequence[float],
               header_style: list[tuple[Any, ...]], heights: list[float]) -> Table:
        s = self.language.s
        style = [in_shipped_font(), *GRID, ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                 ("VALIGN", (0, 0), (-1, 0), "BOTTOM"), ("ALIGN", (2, 0), (-1, 0), "CENTER"),
                 ("FONT", (0, 1), (0, -1), s.bold, 9),
                 ("FONTSIZE", (1, 1), (1, -1), 7.5), ("LEADING", (1, 1), (1, -1), 9),
                 *header_style]
        return _Grid(rows, colWidths=list(widths), rowHeights=[None, *heights],
                     style=TableStyle(style), hAlign="LEFT", repeatRows=1)


def _height(flowables: Sequence[Flowable], width: float) -> float:
    """The height ``flowables`` take one after the other in a frame ``width`` wide."""
    total = 0.0
    for i, flowable in enumerate(flowables):
        _w, h = flowable.wrap(width, 10_000)
        total += h + flowable.getSpaceAfter() + (flowable.getSpaceBefore() if i else 0)
    return total
