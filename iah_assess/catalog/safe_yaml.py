"""A YAML reader for untrusted files: caps on size, depth and the number of values, UTF-8 only, no
anchors, aliases, tags or duplicate keys, no control or text-direction characters in any text or key.

It returns plain Python data and, for every value, the line it stands on, so that validation
errors can name the place in the file.
"""

from __future__ import annotations

import re
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 32
# Values of every kind (texts, numbers, lists, blocks): iah-core 1.1 has 3,037. Reading stops at
# the first one over, so a file of a hundred thousand tiny values costs no more than this many:
# a few tenths of a second even when each is a date or a number, the dearest to read.
MAX_VALUES = 30_000
# Problems listed for one file: more would only bury the first ones, and cost time to find and show.
MAX_PROBLEMS = 100
# The longest unquoted value read as something other than text (a number, a date, yes/no); the
# longest a questionnaire needs is a date or a weight of a few characters.
MAX_PLAIN_VALUE = 100

# libyaml's parser where PyYAML was built with it, as its wheels are: the same events as the
# pure-Python one, in a twentieth of the time
PARSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Location = tuple[str | int, ...]

# Hidden characters that turn the direction of the text after them (Trojan Source).
_DIRECTION = re.compile("[\u202a-\u202e\u2066-\u2069]")
# What no text or key may hold once its escapes ("\e", "\x07", "\u202e", "\0") are decoded: C0
# and C1 controls but tab and line feed (YAML makes every line break a line feed, so a carriage
# return can only be written as an escape), DEL, text-direction characters and lone surrogates.
# Each can make a terminal, the app or a report show something other than what the file says.
_HIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
# The controls' names (Unicode's aliases: unicodedata has no name for them), from U+0000 and U+0080.
_C0 = ("NULL|START OF HEADING|START OF TEXT|END OF TEXT|END OF TRANSMISSION|ENQUIRY|ACKNOWLEDGE|BELL|"
       "BACKSPACE|CHARACTER TABULATION|LINE FEED|LINE TABULATION|FORM FEED|CARRIAGE RETURN|SHIFT OUT|"
       "SHIFT IN|DATA LINK ESCAPE|DEVICE CONTROL ONE|DEVICE CONTROL TWO|DEVICE CONTROL THREE|"
       "DEVICE CONTROL FOUR|NEGATIVE ACKNOWLEDGE|SYNCHRONOUS IDLE|END OF TRANSMISSION BLOCK|CANCEL|"
       "END OF MEDIUM|SUBSTITUTE|ESCAPE|INFORMATION SEPARATOR FOUR|INFORMATION SEPARATOR THREE|"
       "INFORMATION SEPARATOR TWO|INFORMATION SEPARATOR ONE").split("|")
_C1 = ("PADDING CHARACTER|HIGH OCTET PRESET|BREAK PERMITTED HERE|NO BREAK HERE|INDEX|NEXT LINE|"
       "START OF SELECTED AREA|END OF SELECTED AREA|CHARACTER TABULATION SET|"
       "CHARACTER TABULATION WITH JUSTIFICATION|LINE TABULATION SET|PARTIAL LINE FORWARD|"
       "PARTIAL LINE BACKWARD|REVERSE LINE FEED|SINGLE SHIFT TWO|SINGLE SHIFT THREE|DEVICE CONTROL STRING|"
       "PRIVATE USE ONE|PRIVATE USE TWO|SET TRANSMIT STATE|CANCEL CHARACTER|MESSAGE WAITING|"
       "START OF GUARDED AREA|END OF GUARDED AREA|START OF STRING|SINGLE GRAPHIC CHARACTER INTRODUCER|"
       "SINGLE CHARACTER INTRODUCER|CONTROL SEQUENCE INTRODUCER|STRING TERMINATOR|"
       "OPERATING SYSTEM COMMAND|PRIVACY MESSAGE|APPLICATION PROGRAM COMMAND").split("|")


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a file, said so that its author can fix it."""

    file: str
    line: int | None
    where: str
    message: str
    # The file within a questionnaire folder (questionnaire.yaml, translations/sq.yaml), for a list
    # under the folder's name: the problem then names its file there too, not the folder alone.
    part: str = ""

    def __str__(self) -> str:
        place = f"{self.file}:{self.line}" if self.line else self.file
        where = f" {self.where}:" if self.where else ""
        return f"{place}:{where} {self.message}"

    def as_note(self) -> str:
        """The problem as a note on a file that can be used all the same (see loader.replaces_notes)."""
        place = f"{self.file}:{self.line}" if self.line else self.file
        where = f" {self.where}:" if self.where else ""
        return f"{place}: note:{where} {self.message}"

    def in_file(self) -> str:
        """The problem without the file's name, for a list under that name; within a folder,
        with the name of its file there."""
        place = f"line {self.line}:" if self.line else ""
        if self.part:
            place = f"{self.part}, {place}" if place else f"{self.part}:"
        where = f" {self.where}:" if self.where else ""
        return f"{place}{where} {self.message}".strip()


@dataclass
class Document:
    data: object
    lines: dict[Location, int] = field(default_factory=dict)
    # Each unquoted text that a comment follows on its line (`guidance: Course #1` is read as
    # "Course"), with that line: the loader refuses it where the value is meant as prose.
    commented: dict[Location, int] = field(default_factory=dict)

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
    """Read and parse one untrusted YAML file, or raise YamlRejected with its problems."""
    name = display or str(path)
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # a pipe or a device would never end, or never begin
            raise YamlRejected([Problem(name, None, "", (
                "is not a file but a pipe, a device or a socket; give the questionnaire file itself."))])
        size = info.st_size
        if size > MAX_BYTES:
            raise YamlRejected(
                [Problem(name, None, "", (
                f"the file is {size:,} bytes; a questionnaire file may have at most {MAX_BYTES:,} (2 MB), ten times the "
                f"size of the built-in one. Check that this is the questionnaire you meant, and take out what does not "
                f"belong in it, such as pasted documents; a questionnaire cannot be split over several files."))]
            )
        with path.open("rb") as fh:
            raw = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise YamlRejected([Problem(name, None, "", f"cannot be read ({exc.strerror or exc}). Check that the file exists and that you may read it.")]) from None
    return parse_yaml(raw, name)


def parse_yaml(raw: bytes, name: str) -> Document:
    """Read untrusted YAML in one pass over the parser's events, building the values as they come.

    No node tree is built and the text is parsed once: what an event says (an anchor, a tag, too
    deep) is refused as it is met, before the rest of the file costs anything.
    """
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
    if found := _DIRECTION.search(text):  # in a comment too, where it can hide what a line says
        problems.append(Problem(name, text.count("\n", 0, found.start()) + 1, "", f"a hidden text-direction character ({_named(found[0])}) stands on this line; delete it."))
    builder = _Builder(name, problems, text)
    try:
        for event in yaml.parse(text, Loader=PARSER):
            builder.feed(event)
    except yaml.YAMLError as exc:
        problems.append(_syntax_problem(name, exc, text))
        raise YamlRejected(problems) from None
    if builder.documents == 0:
        raise YamlRejected([Problem(name, None, "", "the file is empty.")])
    if found and problems[0].line in builder.direction_lines:  # the same character, named with its field
        problems.pop(0)
    if problems:
        raise YamlRejected(problems)
    return builder.doc


def _syntax_problem(name: str, exc: yaml.YAMLError, text: str = "") -> Problem:
    """A YAML layout error in plain words, with the fix, at the line it is on. The parser's own
    words ("mapping values are not allowed in this context") tell a questionnaire's author nothing;
    the common causes are told by them and by what stands on the line."""
    mark = getattr(exc, "problem_mark", None)
    line = mark.line + 1 if mark is not None else None
    what = getattr(exc, "problem", None) or str(exc)
    if "maximum nesting depth" in what:  # libyaml's own cap (1,000 levels), met before ours
        return _too_deep(name, line)
    opened = getattr(exc, "context_mark", None)
    lines = _LINE_BREAK.split(text)
    source = lines[mark.line] if mark is not None and mark.line < len(lines) else ""
    column = mark.column if mark is not None else 0
    char = source[column:column + 1]
    said = _layout_fix(what, getattr(exc, "context", None) or "", source, column, char)
    if said is not None:
        at_start, message = said
        if at_start and opened is not None:  # said where it starts: a quote or a bracket opened, a key begun
            line = opened.line + 1
        return Problem(name, line, "", message)
    return Problem(name, line, "", f"the YAML cannot be read here ({what}). Check indentation, colons and quotes on this line and the one before.")


_ALIGN = ("this line does not line up with the lines around it: the keys of one block, and the '-' entries of "
          "one list, must each start in the same column. Check the spaces at the start of this line and the one before.")


def _layout_fix(what: str, context: str, source: str, column: int, char: str) -> tuple[bool, str] | None:
    """What a YAML error means and how to fix it, and whether to say so where it started; None if
    it is not one of the common ones."""
    if "tab character" in what or char == "\t":
        return False, ("a tab stands here, where YAML does not allow one: indent with spaces, never tabs (set your "
                       "editor to put spaces for the Tab key).")
    if "cannot start any token" in what and char in ("@", "`", "%"):
        return False, (f"a text here starts with {char}, which YAML does not allow at the start of an unquoted "
                       f"text: put the whole text in quotes.")
    if "mapping values are not allowed" in what:
        key = _KEY.match(source)
        if key is not None and column >= key.end():
            return False, (f"this text holds ': ' (a colon and a space), which YAML reads as the start of a key: put "
                           f"the whole text in quotes{_quoted_example(source)}")
        return False, ("a ': ' here is read as a new key, where none can start: check the indentation of this line "
                       "and the one before; if the text of the line before goes on here, put that whole text in quotes.")
    if "sequence entries are not allowed" in what:
        return False, ("a text here starts with '- ', which YAML reads as a list entry: put the whole text in quotes; "
                       "or, for a list, start it on the next line, one '- ' entry per line, indented.")
    if "did not find expected key" in what or ("expected <block end>" in what and "<scalar>" in what):
        before = source[:column].rstrip()
        if before.endswith(("\"", "'")) and "block mapping" in context:
            quote = before[-1]
            other = "'" if quote == '"' else '"'
            return False, (f"the text starts with a quote mark ({quote}) but goes on after the closing one: put the "
                           f"whole text in quotes of the other kind ({other}...{other}){_quoted_example(source)}")
        return False, _ALIGN
    if "did not find expected key" in what or "expected <block end>" in what or "expected '-' indicator" in what:
        return False, _ALIGN
    if "could not find expected ':'" in what:
        return True, ("this line has no ': ' after a key, among lines of 'key: value': add the ': ', or, if it goes "
                      "on the text of the line before, indent it further than that line's key, or put that whole "
                      "text in quotes.")
    if "quoted scalar" in context and "end of stream" in what:
        return True, "a quote mark opened on this line is never closed: end the text with the same quote mark."
    if "scanning an alias" in context or "scanning an anchor" in context:
        return True, "a text here starts with * or &, which YAML reads as an alias or anchor: put the whole text in quotes."
    for opening, closing in (("[", "]"), ("{", "}")):
        if f"expected ',' or '{closing}'" in what:
            return True, (f"a {opening} opened on this line is not closed with {closing}; if the text is meant to start "
                          f"with {opening}, put the whole text in quotes.")
    return None


# The key at the start of a line (after a '- ' entry mark, if any), and its ': '.
_KEY = re.compile(r"\s*(?:-\s+)?[^\s#'\"{\[][^:]*?:\s")


def _quoted_example(source: str) -> str:
    """The end of a message: how the line would read with its text in quotes, if it is short
    enough to show; else a full stop."""
    key = _KEY.match(source)
    text = source[key.end():].strip() if key is not None else ""
    if not text or len(text) > 60:
        return "."
    quoted = '"' + text + '"' if '"' not in text else "'" + text.replace("'", "''") + "'"
    return f", like this: {source[:key.end()].strip()} {quoted}"


# What YAML takes for the end of a line (both parsers count lines by these), and a comment after a value.
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_COMMENT = re.compile(r"[ \t]+#")
_STR = "tag:yaml.org,2002:str"
_MERGE = "tag:yaml.org,2002:merge"
_NO_KEY = object()
_VALUE_EVENTS = {yaml.ScalarEvent, yaml.AliasEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent}


class _Open:
    """A mapping or list being read: where it is and, in a mapping, the key its next value goes under."""

    __slots__ = ("value", "loc", "keep", "line", "key", "skip", "lines")

    def __init__(self, value: dict | list, loc: Location, keep: bool, line: int):
        self.value = value
        self.loc = loc
        self.keep = keep  # whether its lines are remembered: not inside a key, nor under a refused one
        self.line = line
        self.key: object = _NO_KEY  # the key read, waiting for its value
        self.skip = False  # that key was refused, so its value is not kept
        self.lines: dict[object, int] = {}  # in a mapping, the line of each key


class _Builder:
    """Plain Python values and the line of each, made from parser events as they come; what an
    event says (an anchor, a tag, too deep) is refused as it is met."""

    def __init__(self, name: str, problems: list[Problem], text: str = ""):
        self.name = name
        self.text = text
        self._lines: list[str] | None = None  # the text's lines, split when first needed
        self.problems = problems
        self.doc = Document(None)
        self.stack: list[_Open] = []
        self.documents = 0
        self.values = 0
        self.direction_lines: set[int] = set()  # where a text or key holds a text-direction character
        # A resolver and constructor for this document only: a shared one would keep what it made.
        self.loader = yaml.SafeLoader("")

    def feed(self, event: yaml.Event) -> None:
        kind = type(event)
        if len(self.problems) >= MAX_PROBLEMS:
            self.problems.append(Problem(self.name, event.start_mark.line + 1, "", f"reading stopped here after {MAX_PROBLEMS} problems; fix these, then check the file again."))
            raise YamlRejected(self.problems)
        if kind in _VALUE_EVENTS:
            self.values += 1
            if self.values > MAX_VALUES:
                self.problems.append(Problem(self.name, event.start_mark.line + 1, "", (
                    f"the file holds more than {MAX_VALUES:,} values (texts, numbers, lists and blocks), far more than "
                    f"a questionnaire needs (iah-core has about 3,000), so reading stopped here. Check that this is "
                    f"the questionnaire you meant, and remove what does not belong in it.")))
                raise YamlRejected(self.problems)
        if kind is yaml.ScalarEvent:
            line = self._checked(event)
            loc, keep = self._place()
            if keep:
                self.doc.lines[loc] = line
            tag = event.tag
            if tag is not None and tag != "!":  # refused already; never made into a value
                self._add(None, line)
            elif not event.implicit[0]:  # quoted: text, whatever it looks like
                self._add(self._text(event.value, loc, line), line)
            else:
                tag = self.loader.resolve(yaml.ScalarNode, event.value, event.implicit)
                if tag == _MERGE and self._expects_key():
                    self._add(None, line, merge=True)
                elif tag == _STR:
                    if keep and not event.style and not self._expects_key() and self._comment_after(event):
                        self.doc.commented[loc] = event.end_mark.line + 1
                    self._add(self._text(event.value, loc, line), line)
                else:
                    self._add(self._scalar(event, tag, line), line)
        elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            line = self._checked(event)
            if len(self.stack) >= MAX_DEPTH:  # found while reading, before any deep structure is built
                self.problems.append(_too_deep(self.name, line))
                raise YamlRejected(self.problems)
            loc, keep = self._place()
            if keep:
                self.doc.lines[loc] = line
            self.stack.append(_Open({} if kind is yaml.MappingStartEvent else [], loc, keep, line))
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            done = self.stack.pop()
            self._add(done.value, done.line)
        elif kind is yaml.AliasEvent:
            line = event.start_mark.line + 1
            self.problems.append(Problem(self.name, line, "", f"an alias (*{event.anchor}) is used; write the text out in full, aliases are not allowed. If the text is meant to start with *, put the whole text in quotes."))
            self._place()
            self._add(None, line)
        elif kind is yaml.DocumentStartEvent:
            self.documents += 1
            if self.documents > 1:
                self.problems.append(Problem(self.name, event.start_mark.line + 1, "", "a second document starts here; a questionnaire file holds one. Remove the '---' line and what follows, or move it to a file of its own."))
                raise YamlRejected(self.problems)

    def _comment_after(self, event: yaml.ScalarEvent) -> bool:
        """Whether a comment follows this unquoted value on the line where it ends."""
        if self._lines is None:
            self._lines = _LINE_BREAK.split(self.text)
        mark = event.end_mark
        return mark.line < len(self._lines) and _COMMENT.match(self._lines[mark.line], mark.column) is not None

    def _checked(self, event: yaml.NodeEvent) -> int:
        """The event's line, after noting an anchor or a tag on it."""
        line = event.start_mark.line + 1
        if event.anchor is not None:
            self.problems.append(Problem(self.name, line, "", f"an anchor (&{event.anchor}) is used; remove it, anchors are not allowed. If the text is meant to start with &, put the whole text in quotes."))
        if event.tag is not None and event.tag != "!":  # "!" only asks for the usual reading
            self.problems.append(Problem(self.name, line, "", f"a tag ({event.tag}) is used; remove it, tags are not allowed. If the text is meant to start with !, put the whole text in quotes."))
        return line

    def _expects_key(self) -> bool:
        return bool(self.stack) and isinstance(self.stack[-1].value, dict) and self.stack[-1].key is _NO_KEY

    def _place(self) -> tuple[Location, bool]:
        """Where the value that starts now goes, and whether its lines are remembered."""
        if not self.stack:
            return (), True
        top = self.stack[-1]
        if type(top.value) is list:
            return (*top.loc, len(top.value)), top.keep
        if top.key is _NO_KEY or top.skip:  # a key, or the value of a refused one
            return top.loc, False
        return (*top.loc, top.key), top.keep  # type: ignore[has-type]

    def _add(self, value: object, line: int, merge: bool = False) -> None:
        if not self.stack:
            self.doc.data = value
            return
        top = self.stack[-1]
        if type(top.value) is list:
            top.value.append(value)
        elif top.key is not _NO_KEY:
            if not top.skip:
                top.value[top.key] = value
            top.key, top.skip = _NO_KEY, False
        else:
            top.key, top.skip = value, True
            if merge:
                self.problems.append(Problem(self.name, line, "", "a merge key (<<) is used; write the keys out in full, merge keys are not allowed."))
            elif not isinstance(value, (str, int)):
                self.problems.append(Problem(self.name, line, "", "a key here is not plain text; keys must be simple words."))
            elif isinstance(value, str) and _HIDDEN.search(value):
                self._hidden(value, line)
                self.problems.append(Problem(self.name, line, _path(top.loc), f"the key {_visible(value)} {_holds(value)}"))
            elif value in top.value:
                self.problems.append(Problem(self.name, line, self._open_where(), (
                    f"the key '{value}' appears twice in the same block (first on line {top.lines[value]}); keep one.")))
            else:
                top.skip = False
                top.lines[value] = line

    def _open_where(self) -> str:
        """The area and item (or glossary entry) being read, by id where it is known already, as
        problems found with the data name them (see loader._where)."""
        parts = []
        for block in self.stack:
            loc, value = block.loc, block.value
            known = value.get("id") if isinstance(value, dict) else None
            if len(loc) == 2 and loc[0] in ("areas", "glossary") and isinstance(loc[1], int):
                kind = "area" if loc[0] == "areas" else "glossary entry"
                parts.append(f"{kind} '{known}'" if isinstance(known, str) else f"{kind} {loc[1] + 1}")
            elif len(loc) == 4 and loc[0] == "areas" and loc[2] == "items" and isinstance(loc[3], int):
                parts.append(f"item '{known}'" if isinstance(known, str) else f"item {loc[3] + 1}")
            elif len(loc) == 2 and loc[0] in ("items", "areas", "glossary") and isinstance(loc[1], str):  # a translation's
                parts.append(f"{ {'items': 'item', 'areas': 'area', 'glossary': 'glossary entry'}[loc[0]] } '{loc[1]}'")
        return ", ".join(parts)

    def _text(self, text: str, loc: Location, line: int) -> str:
        """A text, after noting any hidden character in it; a key is checked as it is placed."""
        if _HIDDEN.search(text) and not self._expects_key():
            self._hidden(text, line)
            self.problems.append(Problem(self.name, line, _path(loc), f"the text {_holds(text)}"))
        return text

    def _hidden(self, text: str, line: int) -> None:
        if _DIRECTION.search(text):
            self.direction_lines.add(line)

    def _scalar(self, event: yaml.ScalarEvent, tag: str, line: int) -> object:
        if len(event.value) > MAX_PLAIN_VALUE:  # a number or date that long is none: PyYAML would take
            # minutes over a 2 MB base-60 number, and a 4,000-digit hex one cannot even be shown
            self.problems.append(Problem(self.name, line, "", (
                f"a value of {len(event.value):,} characters stands here unquoted, where a number, a date or "
                f"yes/no is read; put it in quotes if it is meant as text.")))
            return None
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        constructors = self.loader.yaml_constructors
        try:  # the constructor itself: construct_object would also keep every node it was given
            return (constructors.get(tag) or constructors[None])(self.loader, node)
        except (yaml.YAMLError, ValueError, OverflowError) as exc:  # e.g. date: 2024-13-45, a 5,000-digit number
            what = (getattr(exc, "problem", None) or str(exc)).split("; use sys.")[0]
            self.problems.append(Problem(self.name, line, "", f"the value {_shown(event.value)} cannot be read ({what}). Put it in quotes if it is meant as text."))
            return None


def _too_deep(name: str, line: int | None) -> Problem:
    return Problem(name, line, "", f"the data is nested more than {MAX_DEPTH} levels deep; a questionnaire needs far fewer.")


def _path(loc: Location) -> str:
    """A place in the data as a field path, such as areas[2].items[5].title (counting from 0)."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _named(ch: str) -> str:
    """A character by its code point and name, such as U+202E RIGHT-TO-LEFT OVERRIDE."""
    code = ord(ch)
    if code < 0x20:
        name = _C0[code]
    elif code == 0x7F:
        name = "DELETE"
    elif 0x80 <= code < 0xA0:
        name = _C1[code - 0x80]
    elif 0xD800 <= code < 0xE000:
        name = "(half of a character)"
    else:
        name = unicodedata.name(ch, "")
    return f"U+{code:04X} {name}".rstrip()


def _holds(text: str) -> str:
    """What a text holds that it may not, and what to do: the end of a problem's message."""
    found = list(dict.fromkeys(_HIDDEN.findall(text)))  # each character once, in order
    names = [_named(ch) for ch in found[:4]] + ([f"{len(found) - 4} more"] if len(found) > 4 else [])
    named = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    one = len(found) == 1
    if all(_DIRECTION.match(ch) for ch in found):
        kind = "a hidden text-direction character" if one else "hidden text-direction characters"
    elif all(ord(ch) < 0xA0 for ch in found):
        kind = "a control character" if one else "control characters"
    else:
        kind = "a hidden character" if one else "hidden characters"
    fix = "remove it" if one else "remove them"
    if any(0xD800 <= ord(ch) < 0xE000 for ch in found):
        fix += ", and write an emoji or other character as itself, not as two \\u escapes"
    return f"holds {named}, {kind} that can make the text show other than it reads; {fix}."


def _visible(text: str) -> str:
    """A text in quotes, its hidden characters written as escapes, so that it can be shown."""
    cut = text if len(text) <= 40 else text[:40] + "…"
    return "'" + _HIDDEN.sub(lambda m: ascii(m[0])[1:-1], cut) + "'"


def _shown(value: object) -> str:
    text = str(value)
    return repr(text if len(text) <= 40 else text[:40] + "…")
