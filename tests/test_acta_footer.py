"""The acta's footer names the acta and the contest as people do — its number (or that it
has none yet) and the contest's title — never the contest's id."""

from __future__ import annotations

import dataclasses

from clar_desktop.documents import DocumentOptions, make_document
from clar_desktop.i18n import gettext_in
from tests.pdf import page_texts
from tests.test_documents import session


def test_every_page_of_the_acta_says_its_number_and_the_contests_title() -> None:
    record = session()
    pages = page_texts(make_document("minutes", record, DocumentOptions()))
    number = gettext_in("es", "Minutes No. {number}").format(number=record.minutes.number)
    assert all(number in page for page in pages)
    assert all(record.contest.title[:30] in page for page in pages)
    assert not any(f"· {record.contest.id}" in page for page in pages)


def test_an_acta_not_numbered_yet_says_so_on_every_page() -> None:
    record = session()
    unnumbered = dataclasses.replace(record, minutes=dataclasses.replace(record.minutes,
                                                                         number=None))
    pages = page_texts(make_document("minutes", unnumbered, DocumentOptions(language="qu")))
    said = gettext_in("qu", "Minutes (not numbered yet)")
    assert said != "Minutes (not numbered yet)"
    assert all(said in page for page in pages)
