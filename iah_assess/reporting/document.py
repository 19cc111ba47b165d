"""The page frame: paper size, headers and footers with "page x of y", bookmarks and metadata."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from functools import partial

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, NextPageTemplate, PageTemplate

from iah_assess.reporting import fonts
from iah_assess.reporting.styles import INK, MARGIN, MUTED, RULE
from iah_assess.reporting.text import plain

PAGE_SIZES = {"a4": A4, "letter": LETTER}
_TOTAL_FORM = "iahPageTotal"


class _Canvas(Canvas):
    """A canvas that writes the page total into a form every footer already refers to.

    Footers draw "Page 3 of " followed by the form; the form gets its number when the
    document is saved, so the pages are laid out once.
    """

    def save(self) -> None:
        if len(self._code):
            self.showPage()
        self.beginForm(_TOTAL_FORM)
        self.setFont(fonts.REGULAR, 7.5)
        self.setFillColor(MUTED)
        self.drawString(0, 0, str(self.getPageNumber() - 1))
        self.endForm()
        super().save()


def mark(flowable: Flowable, key: str, title: str, level: int = 0) -> Flowable:
    """Give a flowable (a heading) a bookmark in the PDF outline, added when it is drawn."""
    flowable._iah_bookmark = (key, plain(title, 120), level)  # type: ignore[attr-defined]
    return flowable


class ReportDocument(BaseDocTemplate):
    def __init__(
        self,
        buffer: io.BytesIO,
        *,
        paper: str,
        title: str,
        author: str,
        subject: str,
        language: str,
        header: tuple[str, str],
        footer: str,
        invariant: bool,
    ):
        super().__init__(
            buffer,
            pagesize=PAGE_SIZES[paper],
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=22 * mm,
            bottomMargin=20 * mm,
            title=plain(title, 300),
            author=plain(author, 300),
            subject=plain(subject, 300),
            creator=plain(footer, 100),
            producer="iah-assess (reportlab)",
            lang=language,
            invariant=1 if invariant else 0,
            initialFontName=fonts.register(),
            pageCompression=1,
        )
        self._header = (plain(header[0]), plain(header[1]))
        self._footer = plain(footer)
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([
            PageTemplate("cover", [frame], onPage=self._cover),
            PageTemplate("body", [frame], onPage=self._page),
        ])

    def afterFlowable(self, flowable: Flowable) -> None:
        bookmark = getattr(flowable, "_iah_bookmark", None)
        if bookmark:
            key, title, level = bookmark
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(title, key, level=level, closed=level > 0)

    # --- page decorations --------------------------------------------------------------------

    def _footer_line(self, canv: Canvas) -> None:
        w, _ = self.pagesize
        y = 11 * mm
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.4)
        canv.line(self.leftMargin, y + 9, w - self.rightMargin, y + 9)
        canv.setFont(fonts.REGULAR, 7.5)
        canv.setFillColor(MUTED)
        page = f"Page {canv.getPageNumber()} of "
        canv.drawString(self.leftMargin, y, page)
        canv.saveState()
        canv.translate(self.leftMargin + stringWidth(page, fonts.REGULAR, 7.5), y)
        canv.doForm(_TOTAL_FORM)
        canv.restoreState()
        room = w - self.leftMargin - self.rightMargin - 40 * mm
        canv.drawRightString(w - self.rightMargin, y, _fit(self._footer, fonts.REGULAR, 7.5, room))

    def _cover(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        canv.saveState()
        self._footer_line(canv)
        canv.restoreState()

    def _page(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        canv.saveState()
        w, h = self.pagesize
        y = h - 13 * mm
        canv.setFont(fonts.REGULAR, 7.5)
        canv.setFillColor(INK)
        half = (w - self.leftMargin - self.rightMargin) / 2 - 6 * mm
        canv.drawString(self.leftMargin, y, _fit(self._header[0], fonts.REGULAR, 7.5, half * 1.3))
        canv.drawRightString(w - self.rightMargin, y, _fit(self._header[1], fonts.REGULAR, 7.5, half * 0.7))
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.4)
        canv.line(self.leftMargin, y - 4, w - self.rightMargin, y - 4)
        self._footer_line(canv)
        canv.restoreState()


def _fit(text: str, font: str, size: float, width: float) -> str:
    """Shorten a one-line string with an ellipsis until it fits the width."""
    if stringWidth(text, font, size) <= width:
        return text
    lo, hi = 0, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if stringWidth(text[:mid] + "…", font, size) <= width:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo].rstrip() + "…"


def build(
    story: list[Flowable],
    *,
    paper: str,
    title: str,
    author: str,
    subject: str,
    language: str,
    header: tuple[str, str],
    footer: str,
    generated_on: dt.date | None,
) -> bytes:
    """Lay out the story (which starts with the cover) and return the PDF bytes."""
    buffer = io.BytesIO()
    doc = ReportDocument(
        buffer, paper=paper, title=title, author=author, subject=subject, language=language,
        header=header, footer=footer, invariant=generated_on is not None,
    )
    maker: Callable[..., Canvas] = partial(_Canvas)
    doc.build([NextPageTemplate("body"), *story], canvasmaker=maker)
    return buffer.getvalue()



def text_width(paper: str) -> float:
    """The width of the text frame on a paper size."""
    return PAGE_SIZES[paper][0] - 2 * MARGIN
