"""A YAML reader for untrusted files: size cap, UTF-8 only, no anchors, aliases, tags or duplicate keys.

It returns plain Python data and, for every value, the line it stands on, so that validation
errors can name the place in the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 32

# libyaml's parser where PyYAML was built with it, as its wheels are: the same events and nodes
# as the pure-Python one, in a twentieth of the time (0.03 s for the shipped questionnaire)
PARSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Location = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a file, said so that its author can fix it."""

    file: str
    line: int | None
    where: str
    message: str

    def __str__(self) -> str:
        place = f"{self.file}:{self.line}" if self.line else self.file
        where = f" {self.where}:" if self.where else ""
        return f"{place}:{where} {self.message}"

    def in_file(self) -> str:
        """The problem without the file's name, for a list under that name."""
        place = f"line {self.line}:" if self.line else ""
        where = f" {self.where}:" if self.where else ""
        return f"{place}{where} {self.message}".strip()


@dataclass
class Document:
    data: object
    lines: dict[Location, int] = field(default_factory=dict)

    def line(self, loc: Location) -> int | None:
        """The line of the deepest known part of loc."""
        for n in range(len(loc), -1, -1):
            if loc[:n] in self.lines:
                return self.lines[loc[:n]]
        return None


class YamlRejected(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


def read_yaml(path: Path, display: str | None = None) -> Document:
    """Read and parse one untrusted YAML file, or raise YamlRejected with every problem found."""
    name = display or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise YamlRejected(
                [Problem(name, None, "", f"the file is {size:,} bytes; a questionnaire file may have at most {MAX_BYTES:,}. Split it or remove what is not needed.")]
            )
        with path.open("rb") as fh:
            raw = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise YamlRejected([Problem(name, None, "", f"cannot be read ({exc.strerror or exc}). Check that the file exists and that you may read it.")]) from None
    return parse_yaml(raw, name)


def parse_yaml(raw: bytes, name: str) -> Document:
    if len(raw) > MAX_BYTES:
        raise YamlRejected([Problem(name, None, "", f"the file is larger than {MAX_BYTES:,} bytes.")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlRejected(
            [Problem(name, line, "", "the file is not UTF-8 text. Save it as UTF-8 in your editor.")]
        ) from None
    problems: list[Problem] = []
    for n, ch in enumerate(text):
        if ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069":
            problems.append(Problem(name, text.count("\n", 0, n) + 1, "", "a hidden text-direction control character stands here; delete it."))
            break
    depth = 0
    try:
        for event in yaml.parse(text, Loader=PARSER):
            line = event.start_mark.line + 1
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:  # found while reading, before any deep structure is built
                    problems.append(_too_deep(name, line))
                    raise YamlRejected(problems)
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
            if isinstance(event, yaml.AliasEvent):
                problems.append(Problem(name, line, "", f"an alias (*{event.anchor}) is used; write the text out in full, aliases are not allowed."))
            elif getattr(event, "anchor", None):
                problems.append(Problem(name, line, "", f"an anchor (&{event.anchor}) is used; remove it, anchors are not allowed."))
            tag = getattr(event, "tag", None)
            implicit = getattr(event, "implicit", True)
            explicit = (not all(implicit)) if isinstance(implicit, tuple) else not implicit
            if tag and explicit and tag != "!":
                problems.append(Problem(name, line, "", f"a tag ({tag}) is used; remove it, tags are not allowed."))
    except yaml.YAMLError as exc:
        problems.append(_syntax_problem(name, exc))
        raise YamlRejected(problems) from None
    if problems:
        raise YamlRejected(problems)
    try:
        node = yaml.compose(text, Loader=PARSER)
    except yaml.YAMLError as exc:
        raise YamlRejected([_syntax_problem(name, exc)]) from None
    doc = Document(None)
    if node is None:
        raise YamlRejected([Problem(name, None, "", "the file is empty.")])
    # A constructor for this document only: it remembers every node it has made a value of.
    doc.data = _convert(node, (), doc, name, problems, 0, yaml.SafeLoader(""))
    if problems:
        raise YamlRejected(problems)
    return doc


def _syntax_problem(name: str, exc: yaml.YAMLError) -> Problem:
    mark = getattr(exc, "problem_mark", None)
    line = mark.line + 1 if mark is not None else None
    what = getattr(exc, "problem", None) or str(exc)
    if "maximum nesting depth" in what:  # libyaml's own cap (1,000 levels), met before ours
        return _too_deep(name, line)
    return Problem(name, line, "", f"the YAML cannot be read here ({what}). Check indentation, colons and quotes on this line and the one before.")


def _convert(node: yaml.Node, loc: Location, doc: Document, name: str, problems: list[Problem], depth: int,
             constructor: yaml.SafeLoader, key: bool = False) -> object:
    if not key:
        doc.lines[loc] = node.start_mark.line + 1
    if depth > MAX_DEPTH:
        problems.append(_too_deep(name, node.start_mark.line + 1))
        return None
    if isinstance(node, yaml.MappingNode):
        out: dict[object, object] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                problems.append(Problem(name, key_node.start_mark.line + 1, "", "a merge key (<<) is used; write the keys out in full, merge keys are not allowed."))
                continue
            key = _convert(key_node, loc, doc, name, problems, depth + 1, constructor, key=True)
            if not isinstance(key, (str, int)):
                problems.append(Problem(name, key_node.start_mark.line + 1, "", "a key here is not plain text; keys must be simple words."))
                continue
            if key in out:
                problems.append(Problem(name, key_node.start_mark.line + 1, "", f"the key '{key}' appears twice in the same block; keep one."))
                continue
            out[key] = _convert(value_node, (*loc, key), doc, name, problems, depth + 1, constructor)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_convert(v, (*loc, n), doc, name, problems, depth + 1, constructor) for n, v in enumerate(node.value)]
    try:
        return constructor.construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError, OverflowError) as exc:  # e.g. date: 2024-13-45, a 5,000-digit number, <<
        what = (getattr(exc, "problem", None) or str(exc)).split("; use sys.")[0]
        problems.append(Problem(name, node.start_mark.line + 1, "", f"the value {_shown(node.value)} cannot be read ({what}). Put it in quotes if it is meant as text."))
        return None


def _too_deep(name: str, line: int | None) -> Problem:
    return Problem(name, line, "", f"the data is nested more than {MAX_DEPTH} levels deep; a questionnaire needs far fewer.")


def _shown(value: object) -> str:
    text = str(value)
    return repr(text if len(text) <= 40 else text[:40] + "…")
