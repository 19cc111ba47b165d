"""The report's one stylesheet: paragraph styles, colours and table styles, all in DejaVu Sans.

Colours only support what words and shapes already say, so a greyscale print loses nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from iah_assess.reporting import fonts

INK = colors.HexColor("#1a1a1a")
ACCENT = colors.HexColor("#1f3b5c")  # headings, the current cycle on charts
MUTED = colors.HexColor("#5c5c5c")
RULE = colors.HexColor("#9a9a9a")
SHADE = colors.HexColor("#e8ebef")  # table headers and boxes
LIGHT = colors.HexColor("#f5f6f8")
PREVIOUS = colors.HexColor("#8c8c8c")  # the previous cycle on charts (also dashed)

MARGIN = 18 * mm


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    small: ParagraphStyle
    note: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    cell_head: ParagraphStyle
    cell_center: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle
    big: ParagraphStyle
    bullet: ParagraphStyle
    remark: ParagraphStyle
    remark_more: ParagraphStyle
    quote: ParagraphStyle


@cache
def styles() -> Styles:
    base = fonts.register()
    body = ParagraphStyle(
        "body", fontName=base, bulletFontName=base, fontSize=9, leading=12.5, textColor=INK, spaceAfter=4, splitLongWords=1,
        alignment=TA_LEFT,
    )

    def s(name: str, **kw: object) -> ParagraphStyle:
        return ParagraphStyle(name, parent=body, **kw)

    cell = s("cell", fontSize=7.5, leading=9.5, spaceAfter=0)
    return Styles(
        body=body,
        small=s("small", fontSize=8, leading=10.5, textColor=MUTED),
        note=s("note", fontSize=8, leading=10.5, textColor=MUTED, spaceBefore=2, spaceAfter=6),
        cell=cell,
        cell_bold=ParagraphStyle("cell_bold", parent=cell, fontName=fonts.BOLD),
        cell_head=ParagraphStyle("cell_head", parent=cell, fontName=fonts.BOLD, textColor=INK),
        cell_center=ParagraphStyle("cell_center", parent=cell, alignment=TA_CENTER),
        title=s("title", fontName=fonts.BOLD, fontSize=24, leading=29, textColor=ACCENT, spaceAfter=10),
        subtitle=s("subtitle", fontSize=13, leading=17, textColor=INK, spaceAfter=6),
        h1=s("h1", fontName=fonts.BOLD, fontSize=16, leading=20, textColor=ACCENT, spaceBefore=0, spaceAfter=8,
             keepWithNext=1),
        h2=s("h2", fontName=fonts.BOLD, fontSize=11.5, leading=15, textColor=ACCENT, spaceBefore=10, spaceAfter=4,
             keepWithNext=1),
        h3=s("h3", fontName=fonts.BOLD, fontSize=9.5, leading=12.5, spaceBefore=7, spaceAfter=2, keepWithNext=1),
        big=s("big", fontName=fonts.BOLD, fontSize=20, leading=24, textColor=ACCENT, spaceAfter=2),
        bullet=s("bullet", leftIndent=12, bulletIndent=2, spaceAfter=3),
        remark=s("remark", fontSize=8.5, leading=11.5, leftIndent=10, spaceAfter=1, spaceBefore=3),
        remark_more=s("remark_more", fontSize=8.5, leading=11.5, leftIndent=10, spaceAfter=1),
        quote=s("quote", leftIndent=14, textColor=INK, spaceAfter=4),
    )


# Every table names the font, or reportlab starts its cells in (unembedded) Helvetica.
FONT = ("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR)


def table_style(n_header_rows: int = 1) -> list[tuple]:
    """Ruled tables with a shaded header row; rules, not colour, separate the rows."""
    if n_header_rows == 0:
        return [FONT, ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEABOVE", (0, 0), (-1, 0), 0.8, INK),
                ("LINEBELOW", (0, -1), (-1, -1), 0.8, INK), ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5), ("LEFTPADDING", (0, 0), (-1, -1), 3)]
    return [
        ("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, n_header_rows - 1), SHADE),
        ("LINEABOVE", (0, 0), (-1, 0), 0.8, INK),
        ("LINEBELOW", (0, n_header_rows - 1), (-1, n_header_rows - 1), 0.8, INK),
        ("LINEBELOW", (0, -1), (-1, -1), 0.8, INK),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]
