"""Every document carries what an archive needs (issue 14): an XMP packet that says what its
document information says, the contest and hashes among its keywords, its languages, the
PDF/A-2b claim, and an sRGB output intent."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from datetime import datetime

import pypdf
import pytest

from clar_desktop.documents import DocumentOptions, make_document
from clar_desktop.documents.archive import OUTPUT_CONDITION
from clar_desktop.documents.record import SessionRecord
from tests.test_documents import session

NS = {"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
      "dc": "http://purl.org/dc/elements/1.1/", "xmp": "http://ns.adobe.com/xap/1.0/",
      "pdf": "http://ns.adobe.com/pdf/1.3/", "pdfaid": "http://www.aiim.org/pdfa/ns/id/"}


def _pdf_date(text: str) -> datetime:
    """D:20261202190420+00'00' as a datetime."""
    body = text[2:].replace("'", "")
    return datetime.strptime(body if body[-5] in "+-" else body + "+0000", "%Y%m%d%H%M%S%z")


def _second_tranche() -> SessionRecord:
    from tests.test_documents_followups import alone

    return alone()


@pytest.mark.parametrize("language", ["es", "qu", "es+qu"])
@pytest.mark.parametrize(("kind", "source"), [
    ("minutes", "demo"), ("certificates", "demo"), ("sheets", "demo"), ("poster", "demo"),
    # a session of second-tranche items only (issue 15), and its constancias
    ("minutes", "second tranche"), ("constancias", "second tranche"),
    ("sheets", "second tranche"), ("poster", "second tranche")])
def test_the_xmp_packet_says_what_the_document_information_says(kind: str, source: str,
                                                                 language: str) -> None:
    record = session() if source == "demo" else _second_tranche()
    pdf = make_document(kind, record, DocumentOptions(language=language))
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    info = reader.metadata
    assert info is not None
    root = reader.trailer["/Root"]
    stream = root["/Metadata"].get_object()
    assert stream["/Subtype"] == "/XML" and "/Filter" not in stream  # readable as it is
    packet = ET.fromstring(stream.get_data())
    described = packet.find("rdf:RDF/rdf:Description", NS)
    assert described is not None

    def one(path: str) -> str:
        found = described.find(path, NS)
        assert found is not None and found.text is not None, path
        return found.text

    assert one("dc:title/rdf:Alt/rdf:li") == info.title
    assert one("dc:description/rdf:Alt/rdf:li") == info.subject
    assert one("dc:creator/rdf:Seq/rdf:li") == info.author == "CLAR Desktop"
    assert one("pdf:Keywords") == info["/Keywords"]
    assert one("pdf:Producer") == info.producer
    assert one("xmp:CreatorTool") == info.creator
    assert datetime.fromisoformat(one("xmp:CreateDate")) == _pdf_date(info["/CreationDate"])
    assert (one("pdfaid:part"), one("pdfaid:conformance")) == ("2", "B")
    languages = [li.text for li in described.findall("dc:language/rdf:Bag/rdf:li", NS)]
    assert languages == language.split("+")
    assert root["/Lang"] == language.split("+")[0]
    # The contest, and the hashes the document carries, among the keywords.
    keywords = [li.text for li in described.findall("dc:subject/rdf:Bag/rdf:li", NS)]
    assert f"CLAR contest {record.contest.id}" in keywords
    if kind in ("minutes", "certificates", "poster", "constancias"):
        assert f"results hash {record.results_hash}" in keywords
    if kind == "minutes":
        assert record.log_hash and f"log hash {record.log_hash}" in keywords
    # Colours with a defined meaning: the sRGB output intent and its ICC profile.
    [intent] = root["/OutputIntents"]
    intent = intent.get_object()
    assert intent["/S"] == "/GTS_PDFA1" and intent["/OutputConditionIdentifier"] == \
        OUTPUT_CONDITION
    profile = intent["/DestOutputProfile"].get_object()
    assert profile["/N"] == 3 and profile.get_data()[36:40] == b"acsp"
