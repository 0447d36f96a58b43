"""Benchmark of the printed documents: the acta and the award certificates at scale.

Run on purpose (not part of the default test run):

    .venv/bin/python -m tests.benchmarks.bench_documents

A synthetic contest of 300 proposals (9 jurors, two phases of 6 criteria: 12 criteria) gives
the acta (every juror's value per criterion for every proposal: 600 score tables and the
ranking), and the same contest with budgets large enough to fund all 300 gives 300 award
certificates. The baseline is a plain reportlab document with the same tables, made in the
same run: the same rows of the same values in plain `Table`s of the standard Helvetica,
without the acta's extras (embedded font, wrapped names, headings, "page X of Y", the QR
code, the signature block). Each measure is the best of three runs, taken in turn, so that a
burst of load on this shared machine hits them alike; the figures that matter are ratios.

The scoring sheets of the same contests (18 sheets: 9 jurors, 2 phases; one recusal in
about 50 proposals, 6 at 300 and 60 at 3,000, each a grey bar across its row) give
``sheets_s_300``, ``sheets_s_3000`` and ``sheets_scale_ratio`` (≤ 11 wanted: before the
sheets were paginated by the program, reportlab's splitting of long tables with spans made
it 27).

Prints one JSON object: ``acta_s_300``, ``plain_s_300``, ``acta_ratio`` (acta ÷ plain,
≤ 2 wanted), ``acta_s_3000`` and ``scale_ratio`` (3,000 ÷ 300 proposals, ≤ 11 wanted:
linear), ``certificates_s_300``, the sheets' figures, page counts and the time to read a
bundle into a record.
"""

from __future__ import annotations

import io
import json
import time
from collections.abc import Callable
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.platypus import PageBreak, SimpleDocTemplate, Table, TableStyle

from clar_desktop.documents import DocumentOptions, make_document
from clar_desktop.documents.record import SessionRecord, record_from_bundle
from clar_desktop.domain.bundle import parse_bundle
from clar_desktop.domain.model import text_in
from clar_desktop.domain.numbers import format_2dp
from tests.benchmarks.synthetic import synthetic_bundle
from tests.pdf import page_texts

ROUNDS = 3


def _record(n: int, fund_all: bool = False) -> SessionRecord:
    bundle = synthetic_bundle(n, n_jurors=9, criteria_per_phase=6)
    if fund_all:
        contest = bundle["contest"]
        for category in contest["categories"]:
            category["budget"] = "999999999.00"
            category.pop("max_award", None)
        contest["rules"]["pass_score"] = "0"
    return record_from_bundle(parse_bundle(bundle))


def plain_document(record: SessionRecord) -> bytes:
    """The acta's tables and nothing else, as plainly as reportlab makes them."""
    contest = record.contest
    style = TableStyle([("GRID", (0, 0), (-1, -1), 0.4, "grey"),
                        ("FONTSIZE", (0, 0), (-1, -1), 7.5)])
    story: list[Any] = []
    rows = [["No.", "Organization", "Requested"]] + [
        [str(p.order), p.organization, str(p.requested)] for p in record.proposals_in_order()]
    story.append(Table(rows, repeatRows=1, style=style))
    for proposal in record.proposals_in_order():
        result = record.by_proposal[proposal.id]
        for phase in contest.phases:
            jurors = [j for j in contest.jurors if phase.id in j.phases]
            table = [[text_in(phase.name, "es"), "Max."] + [j.id for j in jurors]]
            for criterion in phase.criteria:
                row = [text_in(criterion.name, "es"), str(criterion.max)]
                for juror in jurors:
                    score = contest.scores.get((juror.id, proposal.id, criterion.id))
                    row.append("R" if score is None else str(score.value))
                table.append(row)
            table.append(["Total", ""] + [""] * len(jurors))
            phase_score = (result.phase_scores or {}).get(phase.id)
            table.append(["Phase score", "", "" if phase_score is None
                          else format_2dp(phase_score)] + [""] * (len(jurors) - 1))
            story.append(Table(table, style=style))
    story.append(PageBreak())
    ranking = [["Rank", "Proposal", "Score", "Award", "First", "Second"]] + [
        [str(r.rank or "-"), r.proposal, "" if r.final_score is None else format_2dp(
            r.final_score), format_2dp(r.award), format_2dp(r.first_tranche),
         format_2dp(r.second_tranche)] for r in record.results.results]
    story.append(Table(ranking, repeatRows=1, style=style))
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4).build(story)
    return out.getvalue()


def _best(runs: dict[str, Callable[[], bytes]]) -> tuple[dict[str, float], dict[str, bytes]]:
    """Each function's best time of ROUNDS, the functions run in turn."""
    best = dict.fromkeys(runs, float("inf"))
    made: dict[str, bytes] = {}
    for _round in range(ROUNDS):
        for name, run in runs.items():
            start = time.perf_counter()
            made[name] = run()
            best[name] = min(best[name], time.perf_counter() - start)
    return best, made


def main() -> None:
    start = time.perf_counter()
    record_300 = _record(300)
    record_s_300 = time.perf_counter() - start
    record_3000 = _record(3000)
    winners = _record(300, fund_all=True)
    assert len(winners.funded()) == 300
    options = DocumentOptions(language="es")
    times, made = _best({
        "acta_300": lambda: make_document("minutes", record_300, options),
        "plain_300": lambda: plain_document(record_300),
        "certificates_300": lambda: make_document("certificates", winners, options),
        "sheets_300": lambda: make_document("sheets", record_300, options),
    })
    big, big_made = _best({
        "acta_3000": lambda: make_document("minutes", record_3000, options),
        "sheets_3000": lambda: make_document("sheets", record_3000, options),
    })
    pages = {name: len(page_texts(data)) for name, data in {**made, **big_made}.items()}
    assert pages["certificates_300"] == 300
    figures = {
        "acta_s_300": round(times["acta_300"], 3),
        "plain_s_300": round(times["plain_300"], 3),
        "acta_ratio": round(times["acta_300"] / times["plain_300"], 2),
        "acta_s_3000": round(big["acta_3000"], 3),
        "scale_ratio": round(big["acta_3000"] / times["acta_300"], 2),
        "certificates_s_300": round(times["certificates_300"], 3),
        "sheets_s_300": round(times["sheets_300"], 3),
        "sheets_s_3000": round(big["sheets_3000"], 3),
        "sheets_scale_ratio": round(big["sheets_3000"] / times["sheets_300"], 2),
        "recusals": {"300": len(record_300.contest.recusals),
                     "3000": len(record_3000.contest.recusals)},
        "record_s_300": round(record_s_300, 3),
        "pages": pages,
        "rounds": ROUNDS,
    }
    print(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
