"""The indicators report as a PDF: landscape A4, made the way every document of the project is
made (documents/layout.py: the shipped DejaVu embedded, PDF/A-2b metadata, "page X of Y").

First page: the title, what the report covers, and the figures of the whole. Then one part per
grouping, each on a new page: its groups as rows in three tables (proposals and families,
co-investment, second tranches — the 21 indicators do not fit one row of an A4 page), headers
repeated on every page, then the charts of `charts.CHARTED`, two side by side, drawn by the
shared chart module and placed as 200 dpi images.

Text from the bundles (office, place and category names) is printed as text: control
characters as spaces and reportlab's markup characters escaped (`layout.escape`).
"""

from __future__ import annotations

import io
from typing import Any

from matplotlib.backends.backend_agg import FigureCanvasAgg
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Image, PageBreak, Paragraph, Spacer, Table, TableStyle

from ...documents.layout import Footer, Section, Styles, build, escape, table, text_width
from ...documents.words import Words
from ...i18n import N_
from ..charts import CHARTED, indicator_figure
from ..indicators import FOLLOWUP, INDICATORS
from ..labels import EVERYTHING, format_indicator
from .content import Grouping, Report
from .text import (
    BAND_TITLES,
    BANDS,
    NULL_NOTE,
    TITLE,
    Translate,
    covers,
    full_name,
    grouping_title,
    indicator_label,
    key_label,
    name_of,
)

PAGE = landscape(A4)
MARGIN = 15 * mm
WIDTH = text_width(PAGE, MARGIN)
HEIGHT = PAGE[1] - 2 * MARGIN - 5 * mm
NAME_COLUMN = 52 * mm
WIDEST_COLUMN = 32 * mm
DPI = 200
CHART_WIDTH = (WIDTH - 6 * mm) / 2
CHART_ROW = (HEIGHT - 14 * mm) / 3 - 3 * mm
SMALLEST_CHART = 0.6
"""How far a chart may shrink so that three rows of charts fit a page."""
MOST_CHARTED = 40
"""Groups beyond which a chart's bars and names would be too small to read on a page."""
RIGHT = ("ALIGN", (1, 0), (-1, -1), "RIGHT")


class _Language(Words):
    """`layout.Footer`'s words in one language of the program's (en too, which documents
    for the sessions do not print) through the report's ``translate``."""

    def __init__(self, language: str, translate: Translate) -> None:  # noqa: D107
        self.mode = language
        self.languages = (language,)
        self.used = set()
        self._labels = {}
        self._translate = translate

    def __call__(self, msgid: str, **params: Any) -> str:
        text = self._translate(msgid)
        return text.format(**params) if params else text


def _p(text: str, style: Any) -> Paragraph:
    return Paragraph(escape(text), style)


def _covers(report: Report, translate: Translate, language: str, s: Styles) -> Table:
    rows = [[_p(label, s.cell_bold), _p(value, s.cell)]
            for label, value in covers(report, translate, language)]
    return Table(rows, colWidths=[45 * mm, WIDTH - 45 * mm], hAlign="LEFT", style=TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))


def _summary(report: Report, translate: Translate, language: str, s: Styles) -> Table:
    """The whole's 21 figures in two columns of label and value."""
    cells = [(_p(indicator_label(name, translate), s.cell),
              format_indicator(name, report.whole.figures.get(name), language))
             for name in INDICATORS]
    half = (len(cells) + 1) // 2
    rows: list[list[Any]] = []
    for i in range(half):
        right = cells[half + i] if half + i < len(cells) else ("", "")
        rows.append([*cells[i], *right])
    label, value = 82 * mm, 40 * mm
    return table(rows, [label, value, label, value], header_rows=0, extra=[
        ("ALIGN", (1, 0), (1, -1), "RIGHT"), ("ALIGN", (3, 0), (3, -1), "RIGHT"),
        ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#f6f6f6")),
        ("BACKGROUND", (2, 0), (2, -1), colors.HexColor("#f6f6f6"))])


def _widths(rows: list[list[Any]], s: Styles) -> list[float]:
    """The indicator columns' widths: each as wide as its longest header word and its
    longest value need (no word cut in two), the room left shared, none wider than
    `WIDEST_COLUMN`."""
    def need(cell: Any) -> float:
        if isinstance(cell, Paragraph):
            words = cell.text.split() or [""]
            return max(stringWidth(w, s.bold, s.cell_bold.fontSize) for w in words)
        return stringWidth(str(cell), s.regular, s.cell.fontSize)

    columns = len(rows[0]) - 1
    least = [max(need(row[c]) for row in rows) + 8 for c in range(1, columns + 1)]
    share = max(0.0, (WIDTH - NAME_COLUMN - sum(least)) / columns)
    return [min(max(w, WIDEST_COLUMN), w + share) for w in least]


def _band(report: Report, grouping: Grouping, band: tuple[str, ...], translate: Translate,
          language: str, s: Styles) -> Table:
    head = [_p(key_label(grouping.key, translate), s.cell_bold),
            *(_p(indicator_label(name, translate), s.cell_bold) for name in band)]
    rows: list[list[Any]] = [head]
    for group in grouping.groups:
        name = _p(name_of(group, grouping.key, translate), s.cell)
        full = full_name(report, group, grouping.key, language)
        rows.append([[name, _p(full, s.small)] if full else name,
                     *(format_indicator(name, group.figures.get(name), language)
                       for name in band)])
    return table(rows, [NAME_COLUMN, *_widths(rows, s)], header_rows=1,
                 extra=[RIGHT, ("VALIGN", (0, 0), (-1, 0), "BOTTOM")])


def _chart(report: Report, grouping: Grouping, indicator: str, translate: Translate,
           language: str) -> Image:
    figure = indicator_figure(grouping.groups, (grouping.key,), indicator,
                              translate=translate, language=language, names=report.names,
                              width_inches=CHART_WIDTH / 72)
    out = io.BytesIO()
    figure.set_dpi(DPI)
    FigureCanvasAgg(figure).print_png(out)
    width, height = (x * 72 for x in figure.get_size_inches())
    # three rows of two on a page when a chart can shrink to a third of it legibly
    third = min(1.0, max(CHART_ROW / height, SMALLEST_CHART))
    scale = min(third, CHART_WIDTH / width, (HEIGHT - 12 * mm) / height)
    out.seek(0)
    return Image(out, width=width * scale, height=height * scale)


def _grouping(report: Report, grouping: Grouping, translate: Translate, language: str,
              s: Styles) -> list[Flowable]:
    title = grouping_title(grouping, translate)
    story: list[Flowable] = [PageBreak(), Section(title), _p(title, s.heading)]
    if not grouping.groups:
        return [*story, _p(translate(N_("No contest has been ingested yet.")), s.body)]
    by_category = grouping.key == "category"
    for title, band in zip(BAND_TITLES, BANDS, strict=True):
        if by_category and set(band) <= set(FOLLOWUP):
            story.append(_p(translate(N_("Second-tranche evaluations have no category: "
                                         "their figures are in the other groupings.")),
                            s.second))
            continue
        story += [_p(translate(title), s.subheading),
                  _band(report, grouping, band, translate, language, s), Spacer(1, 4 * mm)]
    if len(grouping.groups) > MOST_CHARTED:
        story.append(_p(translate(N_("{count} groups are too many to chart legibly: their "
                                     "figures are in the tables above.")).format(
            count=len(grouping.groups)), s.second))
        return story
    charted = [i for i in CHARTED if not (by_category and i in FOLLOWUP)]
    charts = [_chart(report, grouping, i, translate, language) for i in charted]
    story.append(PageBreak())
    story.append(_p(translate(N_("{grouping}: charts")).format(
        grouping=grouping_title(grouping, translate)), s.heading))
    for start in range(0, len(charts), 2):
        pair: list[Any] = charts[start:start + 2]
        pair += [""] * (2 - len(pair))
        story.append(Table([pair], colWidths=[WIDTH / 2] * 2, hAlign="LEFT",
                           style=TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                             ("LEFTPADDING", (0, 0), (-1, -1), 0)])))
        story.append(Spacer(1, 3 * mm))
    return story


def report_pdf(report: Report, translate: Translate, language: str) -> bytes:
    """The PDF's bytes, in ``language`` (es, qu or en) through ``translate``."""
    s = Styles()
    title = translate(TITLE)
    story: list[Flowable] = [
        _p(title, s.title), Spacer(1, 2 * mm), _covers(report, translate, language, s),
        Spacer(1, 2 * mm), _p(translate(NULL_NOTE), s.second),
        _p(translate(EVERYTHING), s.heading), _summary(report, translate, language, s)]
    for grouping in report.groupings:
        story += _grouping(report, grouping, translate, language, s)
    words = _Language(language, translate)
    subject = "; ".join(f"{label}: {value}" for label, value in
                        covers(report, translate, language)[:3])
    return build(story, PAGE, Footer(words, left=title), title, subject=subject,
                 margins=MARGIN, keywords=("CLAR", *report.keys))
