"""Every text a report's Paragraph reads as markup is ours or went through to_para (R14, R18).

reportlab reads a Paragraph's text as markup: a name or a comment put in as it is could carry
tags, or worse (CVE-2023-33733). So every Paragraph in iah_assess/reporting, and every helper that
hands its text to one, must be given markup that this test can trace to our own words, to_para or
another function that escapes (text.paragraphs), or a function of ours that builds markup only
from those (MARKUP_MAKERS, each read and named here). What the rules cannot trace was read and is
listed with why (REVIEWED). Any other text fails the test, with where it is and what to do.
"""

from __future__ import annotations

import ast
import hashlib
import sys
from pathlib import Path

REPORTING = Path(__file__).resolve().parents[2] / "iah_assess" / "reporting"

ESCAPING = {"to_para", "paragraphs", "cell"}  # text.to_para and what builds on it
NUMBERS = {"fmt_score", "fmt_level", "points", "len", "sum", "str", "int", "round", "isoformat", "strftime", "counted"}
# Functions that return markup made only of our words, numbers and escaped parts (each read):
MARKUP_MAKERS = {
    "level_name",  # one of the domain's five level names (records.LEVEL_NAMES), or two with a dash
    "_titles",  # "; ".join(to_para(...))
    "_and",  # joins markup it is given (its callers pass to_para'd labels)
    "no_priorities", "no_strengths",  # our sentences, with counts and to_para(level name)
    "score_or_status",  # a score, or the status word its callers give as a literal
    "direction_text", "level_change",  # an arrow, a number and a word of ours
    "in_plan",  # "see action 3, 5" or our sentence
    "assessed",  # "Finalised on <date>" or "Still open…"
    "in_short",  # the comparison's summary lines, built with to_para
    "left_open_text",  # our sentence with a count, and the plan's name its callers give through to_para
    "_item_name", "_item_row", "_move_rows", "_follow_up",  # table cells made with to_para, cell and numbers
    "basis",  # "From 3 of 4 respondents; scores on 5 of 6 areas": counts and our words
    "due",  # a date, and our "overdue"
    "in_rows",  # joins entries its callers make with to_para, in pieces
}
# What the rules cannot trace, read and found to be ours or escaped, and why: (module, function,
# the text given, or for a long one the start of its SHA-256). Changed, it fails again, to be read again.
REVIEWED = {
    ("comparison_report.py", "cover", "v"): "the cover's facts, each built above with to_para, counted and our words",
    ("comparison_report.py", "step_section", "line"):
        "the targets' sentence: to_para'd labels and counts (an earlier loop names its lines so too)",
    ("sections.py", "area_section", "3872865e8d"): "the table's key: our words, marks and a number",
    ("sections.py", "area_section", "d3300b757b"):
        "the score's sentence: a band (a level name of the domain's), counts and a share",
    ("sections.py", "summary", "b518b6fa42"): "a priority: rank and target are numbers, titles through to_para",
    ("sections.py", "summary", "8c933c6e42"): "the band is a level name of the domain's (scoring.band)",
    ("sections.py", "summary", "rows"): "area titles through to_para, the domain's bands, numbers and statuses",
    ("sections.py", "action_plan", "rows"): "cells made with cell(), to_para, due() and numbers",
    ("sections.py", "method", "rows"): "level names through to_para with numbers; the questionnaire's facts through to_para",
    ("sections.py", "method", "text"): "a loop over our own sentences",
    ("sections.py", "cover", "k"): "the facts' names: our words, or nothing where a list goes on",
    ("sections.py", "cover", "v"): "the facts: to_para'd names and labels, in_rows of to_para'd entries, our words",
}
# Helpers whose parameter is markup that they give to a Paragraph: their callers are checked instead.
MARKUP_PARAMETERS = {
    ("heading_over_table", "text"), ("note_over_table", "text"), ("long_text", "prefix"), ("ruled_table", "header"),
    ("ruled_table", "rows"), ("table_start", "header"), ("table_start", "rows"), ("_item", "number"),
}
SINKS = {"Paragraph"} | {name for name, _ in MARKUP_PARAMETERS}


def _parents(tree: ast.AST) -> dict[ast.AST, ast.AST]:
    return {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}


def _function(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> ast.FunctionDef | None:
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.FunctionDef):
            return node
    return None


def _called(node: ast.Call) -> str | None:
    return getattr(node.func, "id", None) or getattr(node.func, "attr", None)


class Tracer:
    """Whether an expression in a function is markup of ours, by the rules the module says."""

    def __init__(self, func: ast.FunctionDef | None):
        self.func = func
        self.params = {a.arg for a in (func.args.args + func.args.kwonlyargs)} if func else set()

    def safe(self, e: ast.AST | None, seen: frozenset[str] = frozenset()) -> bool:
        if e is None:
            return False
        if isinstance(e, ast.Constant):
            return True
        if isinstance(e, ast.JoinedStr):
            return all(self.safe(v, seen) for v in e.values)
        if isinstance(e, ast.FormattedValue):  # a number's format ({x:g}, {x:.0%}) gives a number
            return self.safe(e.value, seen) or (e.format_spec is not None and _numeric(e.format_spec))
        if isinstance(e, ast.BinOp):
            return self.safe(e.left, seen) and self.safe(e.right, seen)
        if isinstance(e, ast.IfExp):
            return self.safe(e.body, seen) and self.safe(e.orelse, seen)
        if isinstance(e, ast.BoolOp):  # paragraphs(text) or [""]
            return all(self.safe(v, seen) for v in e.values)
        if isinstance(e, ast.Starred):
            return self.safe(e.value, seen)
        if isinstance(e, (ast.Tuple, ast.List)):
            return all(self.safe(x, seen) for x in e.elts)
        if isinstance(e, ast.Subscript):
            return self.safe(e.value, seen)
        if isinstance(e, (ast.ListComp, ast.GeneratorExp)):
            return self.safe(e.elt, seen | self._bound_by(e.generators, seen))
        if isinstance(e, ast.Call):
            name = _called(e)
            if name in ESCAPING | NUMBERS | MARKUP_MAKERS:
                return True
            if name == "join" and isinstance(e.func, ast.Attribute):
                return self.safe(e.func.value, seen) and all(self.safe(a, seen) for a in e.args)
            return False
        if isinstance(e, ast.Name):
            if e.id.isupper() or e.id in seen:
                return True
            if self.func is not None and (self.func.name, e.id) in MARKUP_PARAMETERS:
                return True  # checked where the helper is called
            if e.id in self.params:
                return False
            values = self._values_of(e.id)
            return bool(values) and all(self.safe(v, seen | {e.id}) for v in values)
        return False

    def _bound_by(self, generators: list[ast.comprehension], seen: frozenset[str]) -> frozenset[str]:
        """The names a comprehension binds from an iterable whose every element is safe."""
        out: set[str] = set()
        for g in generators:
            if self.safe(g.iter, seen):
                out |= {n.id for n in ast.walk(g.target) if isinstance(n, ast.Name)}
        return frozenset(out)

    def _values_of(self, name: str) -> list[ast.AST | None]:
        """Everything the function gives the name: assignments, += and appends, and loop targets
        (as the loop's iterable, whose elements must then be safe)."""
        out: list[ast.AST | None] = []
        for node in ast.walk(self.func) if self.func else []:
            if isinstance(node, ast.Assign):
                for t in node.targets:
                    if isinstance(t, ast.Name) and t.id == name:
                        out.append(node.value)
                    elif isinstance(t, ast.Tuple) and any(isinstance(x, ast.Name) and x.id == name for x in t.elts):
                        out.append(node.value if isinstance(node.value, ast.Tuple) else None)
            elif isinstance(node, (ast.AugAssign, ast.AnnAssign)) and getattr(node.target, "id", None) == name:
                out.append(node.value)
            elif isinstance(node, ast.For) and any(isinstance(x, ast.Name) and x.id == name for x in ast.walk(node.target)):
                out.extend(self._elements(node.target, node.iter, name))
            elif isinstance(node, ast.Call) and _called(node) in ("append", "extend", "insert") \
                    and isinstance(node.func, ast.Attribute) and getattr(node.func.value, "id", None) == name:
                out.extend(node.args[-1:])
            elif isinstance(node, ast.comprehension) and any(
                    isinstance(x, ast.Name) and x.id == name for x in ast.walk(node.target)):
                out.extend(self._elements(node.target, node.iter, name))
        return out

    def _elements(self, target: ast.AST, iterable: ast.AST, name: str) -> list[ast.AST | None]:
        """What a loop gives `name`: the iterable itself for a plain name; for a tuple of names
        (for heading, rows in ((...), (...))), the part at the name's place in each element the
        iterable is known to hold (a literal, or a list the function builds of literals)."""
        if isinstance(target, ast.Name):
            return [iterable]
        if not isinstance(target, ast.Tuple):
            return [None]
        place = next((i for i, x in enumerate(target.elts) if isinstance(x, ast.Name) and x.id == name), None)
        if place is None:
            return [None]
        if isinstance(iterable, ast.Call) and _called(iterable) == "enumerate" and iterable.args:
            return [ast.Constant(0)] if place == 0 else [iterable.args[0]]  # a count, and what is counted
        if isinstance(iterable, (ast.Tuple, ast.List)):
            held: list[ast.AST | None] = list(iterable.elts)
        elif isinstance(iterable, ast.Name) and iterable.id not in self.params:
            held = []
            for value in self._values_of(iterable.id):
                held.extend(value.elts if isinstance(value, (ast.Tuple, ast.List)) else [value])
        else:
            return [None]
        return [e.elts[place] if isinstance(e, ast.Tuple) and place < len(e.elts) else None for e in held]


def _numeric(spec: ast.JoinedStr) -> bool:
    text = "".join(v.value for v in spec.values if isinstance(v, ast.Constant))
    return bool(text) and text[-1] in "bcdeEfFgGnoxX%" and len(spec.values) == 1


def _untraced() -> list[str]:
    found = []
    for path in sorted(REPORTING.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        parents = _parents(tree)
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and _called(node) in SINKS and node.args):
                continue
            func = _function(node, parents)
            tracer = Tracer(func)
            name = _called(node)
            params = [p for f, p in MARKUP_PARAMETERS if f == name]
            if name == "Paragraph":
                given = [node.args[0]]
            elif any(isinstance(a, ast.Starred) for a in node.args):  # ruled_table(*_follow_up(...), st)
                given = [a for a in node.args if isinstance(a, ast.Starred)]
            else:
                given = [a for i, a in enumerate(node.args) if _param_name(tree, name, i) in params]
            given += [k.value for k in node.keywords if k.arg in params]
            for arg in given:
                if not tracer.safe(arg):
                    found.append((path.name, func.name if func else "", ast.unparse(arg), node.lineno, name))
    return found


def _key(found: tuple) -> tuple[str, str, str]:
    file, func, text = found[:3]
    return file, func, text if len(text) <= 40 else hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]


def _said(found: list[tuple]) -> list[str]:
    return [f"{file}:{line} in {func or 'the module'}: {name}({text[:80]})" for file, func, text, line, name in found]


def _param_name(tree: ast.Module, function: str, index: int) -> str | None:
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.name == function:
            args = node.args.args
            return args[index].arg if index < len(args) else None
    return None


def test_every_paragraph_is_given_markup_of_ours_or_escaped_text():
    found = _untraced()
    untraced = _said([f for f in found if _key(f) not in REVIEWED])
    assert untraced == [], (
        "These give a Paragraph text that cannot be traced to our words or to_para. Pass a user's or a "
        "file's text through to_para (iah_assess/reporting/text.py); for a function that builds markup "
        "only from escaped parts, read it and add it to MARKUP_MAKERS here:\n  " + "\n  ".join(untraced))
    stale = sorted(set(REVIEWED) - {_key(f) for f in found})
    assert stale == [], f"reviewed texts no longer in the code (take them out of REVIEWED): {stale}"


def test_the_check_catches_a_name_put_in_as_it_is(tmp_path, monkeypatch):
    """The control: a Paragraph given a respondent's name as it is, and one through to_para."""
    bad = tmp_path / "bad.py"
    bad.write_text(
        "def cover(data, st):\n"
        "    name = data.name\n"
        "    ok = to_para(data.name)\n"
        "    return [Paragraph(f'By {name}', st.body), Paragraph(f'By {ok}', st.body), Paragraph(data.note, st.body)]\n",
        encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "REPORTING", tmp_path)
    assert _said(_untraced()) == ["bad.py:4 in cover: Paragraph(f'By {name}')", "bad.py:4 in cover: Paragraph(data.note)"]
