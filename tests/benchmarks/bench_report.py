"""The full demo report against a bare reportlab document with as many pages and table rows."""

from __future__ import annotations

import datetime as dt
import io
import statistics
import tempfile
import time
from pathlib import Path

from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table

from iah_assess.catalog import shipped_dir
from iah_assess.catalog.loader import load
from iah_assess.demo import ensure_demo
from iah_assess.reporting import document, fonts, sections
from iah_assess.reporting.report import cycle_report_data, render_cycle_report
from iah_assess.storage.workspace import Workspace

DAY = dt.date(2026, 5, 1)
ROUNDS = 9


def _table_rows(flowables: list) -> int:
    n = 0
    for f in flowables:
        if isinstance(f, Table):
            n += len(f._cellvalues)
            n += _table_rows([c for row in f._cellvalues for c in row if isinstance(c, Table)])
        elif hasattr(f, "_content"):  # KeepTogether
            n += _table_rows(f._content)
    return n


def _bare(pages: int, rows: int, chars: int, embedded: bool) -> bytes:
    """One ruled table of `rows` rows and plain paragraphs carrying `chars` characters of text,
    broken into `pages` pages: no charts, headers, bookmarks or escaping. With `embedded` it
    uses the report's TrueType font (Paragraph cells), else Helvetica and plain string cells."""
    ss = getSampleStyleSheet()
    body = ss["BodyText"]
    if embedded:
        body = ParagraphStyle("bare", parent=body, fontName=fonts.register(), fontSize=9, leading=12)
    cell = ParagraphStyle("bare-cell", parent=body, fontSize=7.5, leading=9.5)
    per_row = ["Item number {r} with a title", "2 median", "1-3 n=4", "3", "1", "disagreement"]
    table_rows = [[Paragraph(c.format(r=r), cell) if embedded else c.format(r=r) for c in per_row] for r in range(rows)]
    rest = max(0, chars - rows * 60)
    per_page = max(1, rest // pages)
    story: list = [Table(table_rows, repeatRows=1, style=[("GRID", (0, 0), (-1, -1), 0.3, "black")])]
    for _ in range(pages):
        story += [Paragraph("Body text of a page. " * 10, body) for _ in range(max(1, per_page // 210))]
        story.append(PageBreak())
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4, invariant=1).build(story)
    return buf.getvalue()


def _timed(*fns, rounds: int = ROUNDS) -> list[tuple[float, bytes]]:
    """Each function's median time and last output. They run in turn, round after round, so that a
    machine that gets busier or quieter meanwhile slows or speeds all alike."""
    outs = [fn() for fn in fns]  # warm up
    times: list[list[float]] = [[] for _ in fns]
    for _ in range(rounds):
        for k, fn in enumerate(fns):
            t0 = time.perf_counter()
            outs[k] = fn()
            times[k].append(time.perf_counter() - t0)
    return [(statistics.median(t), out) for t, out in zip(times, outs, strict=True)]


def run() -> list[str]:
    with tempfile.TemporaryDirectory() as tmp, Workspace.in_folder(Path(tmp)) as ws:
        ensure_demo(ws, load(shipped_dir() / "iah-core").questionnaire)
        cycle = ws.find_cycle("2025/26")
        t0 = time.perf_counter()
        data = cycle_report_data(ws, cycle.id)
        gather = time.perf_counter() - t0
    reader = PdfReader(io.BytesIO(render_cycle_report(data, generated_on=DAY)))
    pages = len(reader.pages)
    chars = sum(len(p.extract_text() or "") for p in reader.pages)
    rows = _table_rows(sections.story(data, DAY, document.text_width("a4")))
    (full, _), (base, bare), (plain, _) = _timed(
        lambda: render_cycle_report(data, generated_on=DAY),
        lambda: _bare(pages, rows, chars, embedded=True),
        lambda: _bare(pages, rows, chars, embedded=False),
    )
    bare_pages = len(PdfReader(io.BytesIO(bare)).pages)
    ratio = full / base
    return [
        f"demo report, {pages} pages, {rows} table rows, {chars} characters: {full * 1000:.0f} ms to render "
        f"(+ {gather * 1000:.0f} ms to gather the data)",
        f"bare reportlab document, same font, {bare_pages} pages, {rows} table rows: {base * 1000:.0f} ms",
        f"ratio {ratio:.2f}x (target <= 2x){'' if ratio <= 2 else '  OVER TARGET'}",
        f"(for reference: the same bare document in Helvetica with plain-string cells takes {plain * 1000:.0f} ms, "
        f"{full / plain:.1f}x)",
    ]


if __name__ == "__main__":
    print("\n".join(run()))
