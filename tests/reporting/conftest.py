"""Report fixtures: the demo workspace, a small hostile one, and helpers that look inside PDFs."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader

from iah_assess.catalog import shipped_dir
from iah_assess.catalog.loader import load
from iah_assess.demo import ensure_demo
from iah_assess.domain.records import Action, Institution
from iah_assess.storage.workspace import Workspace

DAY = dt.date(2026, 5, 1)
LETTERS = "č ć đ š ž ë ç Ѓ Ќ Љ Њ Џ Ѕ Ј"
MARKER_NAME = "exploited-marker"


def hostile(marker: str, port: int) -> dict[str, str]:
    """The R14 corpus: markup, local and remote images, the CVE-2023-33733 payload, and worse."""
    cve = (
        "<para><font color=\"[ [ getattr(pow,Word('__globals__'))['os'].system('touch " + marker + "') "
        "for Word in [orgTypeFun('Word', (str,), { 'mutated': 1, 'startswith': lambda self, x: False, "
        "'__eq__': lambda self,x: self.mutate() and self.mutated < 0 and str(self) == x, "
        "'mutate': lambda self: {setattr(self, 'mutated', self.mutated - 1)}, "
        "'__hash__': lambda self: hash(str(self)) })] ] for orgTypeFun in [type(type(1))] ] and 'red'\">"
        "exploit</font></para>"
    )
    return {
        "img": '<img src="/etc/hostname"/> local image',
        "remote": f'<img src="http://127.0.0.1:{port}/x.png" width="10" height="10"/> remote image',
        "cve": cve,
        "bold": "Plan <b>bold and 5 < 6 & more",
        "amp": "Research & Development & more",
        "control": "bell\x07 null\x00 escape\x1b form\x0c end",
        "rtl": "before \u202eevil\u202c after",
        "long": (" ".join(f"word{n}" for n in range(9000)))[:50000],
        "token": "x" * 20000,
    }


@pytest.fixture(scope="session")
def iah_core():
    return load(shipped_dir() / "iah-core").questionnaire


@pytest.fixture(scope="session")
def demo_ws(tmp_path_factory, iah_core):
    ws = Workspace.in_folder(tmp_path_factory.mktemp("demo"))
    ensure_demo(ws, iah_core)
    yield ws
    ws.close()


@pytest.fixture(scope="session")
def demo_cycle(demo_ws):
    return demo_ws.find_cycle("2025/26")


@pytest.fixture(scope="session")
def demo_pdf(demo_ws, demo_cycle) -> bytes:
    from iah_assess.reporting.report import cycle_report_data, render_cycle_report

    return render_cycle_report(cycle_report_data(demo_ws, demo_cycle.id), generated_on=DAY)


def mini_workspace(ws: Workspace, mini, *, institution: str = "Mini College", comment: str = "",
                   name: str = "Ana", role: str = "Rector", action_text: str | None = None) -> int:
    """A cycle on the small questionnaire with two respondents; returns the cycle id."""
    inst = ws.save_institution(Institution(name=institution))
    cycle = ws.create_cycle(inst.id, "2025/26", mini)  # type: ignore[arg-type]
    a = ws.add_respondent(cycle.id, name, role)
    b = ws.add_respondent(cycle.id, "Bora", "Dean")
    for n, item in enumerate(mini.items):
        ws.save_response(a.id, item.id, n % 5, comment if n == 0 else "", "")
        ws.save_response(b.id, item.id, (n + 2) % 5, "", "")
    if action_text is not None:
        ws.save_action(Action(cycle_id=cycle.id, item_id=mini.items[0].id, text=action_text[:20000],
                              owner=action_text[:300], success_indicator=action_text))
    return cycle.id


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


def flat(text: str) -> str:
    """Extracted text with all whitespace removed, for strings a line break may cut."""
    return re.sub(r"\s+", "", text)


def _walk_resources(resources, seen: set[int]):
    """Yield every (kind, object) in a resource dictionary, descending into form XObjects."""
    if resources is None:
        return
    resources = resources.get_object()
    for font in (resources.get("/Font") or {}).values():
        yield "font", font.get_object()
    for xobj in (resources.get("/XObject") or {}).values():
        obj = xobj.get_object()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        yield "xobject", obj
        if obj.get("/Subtype") == "/Form":
            yield from _walk_resources(obj.get("/Resources"), seen)


def resources(pdf: bytes):
    seen: set[int] = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        yield from _walk_resources(page.get("/Resources"), seen)
