"""What makes a document fit for the archive, beyond what reportlab writes by itself.

Every document this program makes aims at PDF/A-2b (ISO 19005-2, level B: the pages look
the same wherever and whenever they are opened):

- every font embedded — the shipped DejaVu only (`layout.in_shipped_font`, the canvas's first
  font);
- an XMP metadata packet that says what the document information dictionary says: title,
  subject, author, keywords (the contest id, and for the acta its log hash and results
  hash), the creating tool and producer, the dates, the languages, and that the file claims
  PDF/A-2 level B;
- the document's language in the catalog (``/Lang``: its first language);
- an sRGB output intent, so that every colour on the page has a defined meaning; its ICC
  profile is made by littleCMS through Pillow (no profile file with a licence of its own to
  ship).

What is and is not checked here is in docs/documents.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any
from xml.sax.saxutils import escape

PDFA_PART, PDFA_CONFORMANCE = 2, "B"
OUTPUT_CONDITION = "sRGB IEC61966-2.1"


@dataclass(frozen=True, slots=True)
class ArchiveInfo:
    """What a document says about itself (the same in the XMP packet and the document
    information dictionary)."""

    title: str
    subject: str
    keywords: tuple[str, ...]
    languages: tuple[str, ...]
    author: str = "CLAR Desktop"
    creator: str = "CLAR Desktop"

    @property
    def keyword_text(self) -> str:
        return "; ".join(self.keywords)


@cache
def srgb_profile() -> bytes:
    """An sRGB ICC profile, made by littleCMS (Pillow's ImageCms)."""
    from PIL import ImageCms

    profile: bytes = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    return profile


def xmp_date(stamp: Any) -> str:
    """reportlab's time stamp (the one its document information dictionary prints) in the
    form XMP writes dates: 2026-08-14T08:05:00-05:00."""
    year, month, day, hour, minute, second = stamp.YMDhms
    return (f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}"
            f"{stamp.dhh:+03d}:{abs(stamp.dmm):02d}")


def _alt(text: str) -> str:
    return (f'<rdf:Alt><rdf:li xml:lang="x-default">{escape(text)}</rdf:li></rdf:Alt>')


def xmp_packet(info: ArchiveInfo, date: str, producer: str) -> bytes:
    """The XMP packet: Dublin Core, XMP basic, Adobe PDF and PDF/A identification schemas."""
    languages = "".join(f"<rdf:li>{escape(language)}</rdf:li>" for language in info.languages)
    subjects = "".join(f"<rdf:li>{escape(keyword)}</rdf:li>" for keyword in info.keywords)
    body = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
   <dc:format>application/pdf</dc:format>
   <dc:title>{_alt(info.title)}</dc:title>
   <dc:description>{_alt(info.subject)}</dc:description>
   <dc:creator><rdf:Seq><rdf:li>{escape(info.author)}</rdf:li></rdf:Seq></dc:creator>
   <dc:language><rdf:Bag>{languages}</rdf:Bag></dc:language>
   <dc:subject><rdf:Bag>{subjects}</rdf:Bag></dc:subject>
   <pdf:Keywords>{escape(info.keyword_text)}</pdf:Keywords>
   <pdf:Producer>{escape(producer)}</pdf:Producer>
   <xmp:CreatorTool>{escape(info.creator)}</xmp:CreatorTool>
   <xmp:CreateDate>{date}</xmp:CreateDate>
   <xmp:ModifyDate>{date}</xmp:ModifyDate>
   <xmp:MetadataDate>{date}</xmp:MetadataDate>
   <pdfaid:part>{PDFA_PART}</pdfaid:part>
   <pdfaid:conformance>{PDFA_CONFORMANCE}</pdfaid:conformance>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
    return body.encode("utf-8")


def prepare_archive(canvas: Any, info: ArchiveInfo) -> None:
    """Give the PDF being written by ``canvas`` its XMP packet, language and output intent
    (called once, when the canvas is made)."""
    from reportlab.pdfbase.pdfdoc import (
        XMP,
        PDFArray,
        PDFCatalog,
        PDFDictionary,
        PDFName,
        PDFStream,
        PDFString,
    )

    document = canvas._doc
    catalog = document.Catalog
    catalog.Metadata = XMP(creator=lambda doc: xmp_packet(
        info, xmp_date(doc._timeStamp), doc.info.producer))
    profile = PDFStream(PDFDictionary({"N": 3}), srgb_profile())
    intent = PDFDictionary({
        "Type": PDFName("OutputIntent"), "S": PDFName("GTS_PDFA1"),
        "OutputConditionIdentifier": PDFString(OUTPUT_CONDITION),
        "Info": PDFString(OUTPUT_CONDITION),
        "DestOutputProfile": document.Reference(profile)})
    catalog.OutputIntents = PDFArray([intent])
    # reportlab writes only the catalog keys it knows: this catalog knows one more.
    catalog.__NoDefault__ = [*PDFCatalog.__NoDefault__, "OutputIntents"]


def keywords(contest: str, *hashes: tuple[str, str | None]) -> tuple[str, ...]:
    """The keywords of a document: the contest id, then each named hash it carries."""
    found = [f"CLAR contest {contest}"]
    found.extend(f"{name} {value}" for name, value in hashes if value)
    return tuple(found)
