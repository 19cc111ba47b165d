"""The command line: arguments, the log, and the GUI. With no command the GUI starts.

Every other command lives in `commands` and is imported only when it runs, so that starting
the app pays for none of them.
"""

from __future__ import annotations

try:  # Ctrl+C while the modules load, the first quarter second: interrupted, without a traceback
    import argparse
    import datetime
    import gc
    import logging
    import os
    import sys
    from collections.abc import Callable, Sequence
    from pathlib import Path
    from typing import TYPE_CHECKING

    from iah_assess import __version__
    from iah_assess.storage import db, paths
except KeyboardInterrupt:
    raise SystemExit(130) from None

if TYPE_CHECKING:
    from iah_assess.storage.workspace import Workspace

log = logging.getLogger("iah_assess")


# The exit codes (README, "The command line"): 0 done; 1 an error, or "no" to a question; 2 a
# usage error (argparse's); TRY_LATER; 130 interrupted (Ctrl+C)
TRY_LATER = 75  # EX_TEMPFAIL: the app has the workspace open; the same command later may succeed
INTERRUPTED = 130


class UserError(Exception):
    """A problem the user can fix; printed as one line, exit code 1."""

    exit_code = 1


class UsageError(UserError):
    """Options that do not go together (argparse cannot say so); exit code 2, as argparse's errors."""

    exit_code = 2


class AppHasIt(UserError):
    """The app has the workspace open, so a command that would change it (or copy it whole) does
    nothing; exit code TRY_LATER, so that a script can tell "try again later" from a failure."""

    exit_code = TRY_LATER


def data_dir(args: argparse.Namespace) -> Path:
    return paths.data_dir(args.data_dir)


def _command(name: str) -> Callable[[argparse.Namespace], int]:
    """The command `name`, run from the `commands` module, which is imported then."""

    def run(args: argparse.Namespace) -> int:
        from iah_assess import commands

        return getattr(commands, f"cmd_{name.replace('-', '_')}")(args)

    return run


# --- the GUI -------------------------------------------------------------------------------


def cmd_gui(args: argparse.Namespace) -> int:
    # Until the window is on screen, Python's cycle collector is held off: the start makes tens of
    # thousands of objects that live as long as the app (PySide6's classes and enums, our modules,
    # the window) and next to no garbage, so its forty-odd collections by then, 10-15 ms, would
    # find nothing. run() turns it back on once the first frame is painted; here it is on again
    # however run() ends.
    gc.disable()
    try:
        from iah_assess.ui.app import run  # PySide6 is loaded only when the GUI starts

        return run(data_dir(args), sys.argv[:1], sample=sample_builder())
    finally:
        gc.enable()


def no_desktop() -> bool:
    """Whether the app cannot open a window here: on Linux and the other Unixes without a display
    (DISPLAY and WAYLAND_DISPLAY unset: a server, an SSH session), where Qt would abort with
    "Reinstalling the application may fix this problem". Not when QT_QPA_PLATFORM names the
    platform to use (offscreen, for tests), and never on Windows or macOS, which have no DISPLAY."""
    if sys.platform in ("win32", "darwin", "cygwin") or os.environ.get("QT_QPA_PLATFORM", "").strip():
        return False
    return not (os.environ.get("DISPLAY", "").strip() or os.environ.get("WAYLAND_DISPLAY", "").strip())


def sample_builder() -> Callable[[Workspace, Callable[[int, int], None]], int]:
    """What the GUI's "Open the sample institution" runs (in a worker thread, on its own workspace):
    the sample on the shipped iah-core, never on a user's file of that id.

    Passed in from here because the ui layer does not import the demo module.
    """

    def build(ws: Workspace, progress: Callable[[int, int], None]) -> int:
        from iah_assess.demo import ensure_demo

        inst = ensure_demo(ws, progress=progress)  # on the shipped iah-core, whatever the user's folder holds
        return inst.id  # type: ignore[return-value]

    return build


# --- wiring --------------------------------------------------------------------------------


def _for_a_cycle(add: Callable[[str, str], argparse.ArgumentParser], name: str, help_: str,
                 example: str = "2025/26") -> argparse.ArgumentParser:
    """A command that acts on one cycle: the cycle's label, and the institution when several have it."""
    p = add(name, help_)
    p.add_argument("cycle", metavar="CYCLE", type=_given(f"a cycle label, such as {example}"),
                   help=f"the cycle label, such as {example}")
    p.add_argument("--institution", metavar="NAME", type=_given("an institution's name"),
                   help="the institution, when more than one has a cycle of that label")
    return p


def _add_compare_and_export(add: Callable[[str, str], argparse.ArgumentParser]) -> None:
    p = add("compare", "compare two or more cycles of one institution: scores, changes, items, targets, actions")
    p.add_argument("cycles", nargs="+", metavar="CYCLE", type=_given("a cycle label, such as 2024/25"),
                   help="cycle labels, such as 2024/25 2025/26")
    p.add_argument("--institution", metavar="NAME", type=_given("an institution's name"),
                   help="the institution, when more than one has cycles of those labels")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("-o", "--output", metavar="FILE",
                   help="write the comparison to FILE.csv, FILE.json or FILE.pdf (a report) instead")
    p.add_argument("--paper", choices=("a4", "letter"), help="paper size of FILE.pdf (default: a4)")
    p.add_argument("--date", metavar="YYYY-MM-DD", type=_iso_date,
                   help="the date printed in FILE.pdf; also makes the file byte-for-byte reproducible")
    p = _for_a_cycle(add, "delete-cycle", "delete an open cycle started by mistake, with everything in it, after a kept "
                                          "copy of the workspace", "2026/27")
    p.add_argument("--yes", action="store_true", help="do not ask; needed when the input is not a terminal")
    p = add("delete-institution", "delete an institution with all its cycles (the sample institution, say), after a "
                                  "kept copy of the workspace")
    p.add_argument("institution", metavar="NAME", type=_given("the institution's name, as `iah-assess list` shows it"),
                   help="the institution's name, as `iah-assess list` shows it")
    p.add_argument("--yes", action="store_true", help="do not ask; needed when the input is not a terminal")
    p = _for_a_cycle(add, "export", "write a cycle's responses and scores to FILE.csv (and FILE-scores.csv) or FILE.json")
    p.add_argument("-o", "--output", metavar="FILE", required=True, help="FILE.csv or FILE.json")


def _add_backups(add: Callable[[str, str], argparse.ArgumentParser]) -> None:
    add("backups", "list the backups of the workspace, newest first: when and why each was made, and whether it is sound")
    p = add("restore", "put a backup in the workspace's place (the newest sound one unless named); the current "
                       "file is kept aside, never deleted")
    p.add_argument("backup", nargs="?", metavar="BACKUP", type=_given("a backup's file name, or leave it out for the newest sound one"),
                   help="a backup's file name as `iah-assess backups` lists it, or a backup file's path")
    p.add_argument("--yes", action="store_true", help="do not ask; needed when the input is not a terminal")
    p = add("rescue", "copy what can still be read from a damaged workspace into a new workspace file; the "
                      "workspace is not changed (put the copy in its place with `iah-assess restore FILE`)")
    p.add_argument("-o", "--output", metavar="FILE",
                   help="the new file (default: workspace-rescued-<date>-<time>.sqlite in the data folder)")


def _given(what: str) -> Callable[[str], str]:
    """An argument's type that refuses an empty one (`validate ""` checked the current folder,
    `show ""` and `restore ""` said garbled things): a usage error saying what to give."""

    def given(text: str) -> str:
        if not text.strip():
            raise argparse.ArgumentTypeError(f"is empty; give {what}")
        return text

    return given


def _iso_date(text: str) -> datetime.date:
    """YYYY-MM-DD only: Python 3.11's fromisoformat also takes 20260501 and 2026-W18-5, which no
    one means as a date and which a slip of the finger can turn into a valid but wrong one."""
    import re  # only now (argparse has loaded it already)

    if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:  # 2026-02-30
            pass
    raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2026-05-01")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="iah-assess",
        description="Assess and plan Internationalisation at Home. With no command, the app starts.",
    )
    parser.add_argument("--version", action="version", version=f"iah-assess {__version__}")
    parser.add_argument("--data-dir", metavar="DIR", help=f"the workspace folder (default: ${paths.ENV_VAR} or the user data folder)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add(name: str, help_: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_, description=help_)
        p.set_defaults(func=cmd_gui if name == "gui" else _command(name))
        return p

    add("gui", "start the app")
    p = add("validate", "check questionnaire files or folders; exit 1 if any problem")
    p.add_argument("paths", nargs="+", metavar="PATH", type=_given("a questionnaire file or folder"),
                   help="questionnaire files, or folders of them")
    add("schema", "print the questionnaire JSON Schema, for editors")
    p = add("show", "print a questionnaire as the app reads it")
    p.add_argument("questionnaire", metavar="QUESTIONNAIRE", type=_given("an id such as iah-core, or a file or folder"),
                   help="an id such as iah-core, or a file or folder")
    p.add_argument("--lang", metavar="L", help="a language the questionnaire has a translation for")
    p.add_argument("--json", action="store_true", help="print JSON")
    add("demo", "create the fictional sample institution with three yearly cycles; safe to run twice: what is there "
                "already is left as it is")
    p = add("list", "list institutions and cycles with status, overall index and progress")
    p.add_argument("--questionnaires", action="store_true", help="list the questionnaires instead")
    p.add_argument("--json", action="store_true", help="print JSON")
    p = _for_a_cycle(add, "score", "print a cycle's area scores, coverage and overall index")
    p.add_argument("--json", action="store_true", help="print JSON")
    p = _for_a_cycle(add, "report", "write a cycle's scored report and action plan to a PDF file")
    p.add_argument("-o", "--output", metavar="FILE.pdf", required=True, help="the PDF file to write")
    p.add_argument("--paper", choices=("a4", "letter"), default="a4", help="paper size (default: a4)")
    who = p.add_mutually_exclusive_group()
    who.add_argument("--names", action="store_true", help="show respondents' names beside their roles")
    who.add_argument("--anonymous", action="store_true", help="show comments and evidence without attribution")
    p.add_argument("--lang", metavar="L", help="the report's language (only en ships now)")
    p.add_argument("--date", metavar="YYYY-MM-DD", type=_iso_date,
                   help="the date printed in the report; also makes the file byte-for-byte reproducible")
    p = add("blank", "write a blank questionnaire to a PDF file, for preparing evidence before answering")
    p.add_argument("questionnaire", metavar="QUESTIONNAIRE", type=_given("an id such as iah-core, or a file or folder"),
                   help="an id such as iah-core, or a file or folder")
    p.add_argument("-o", "--output", metavar="FILE.pdf", required=True, help="the PDF file to write")
    p.add_argument("--paper", choices=("a4", "letter"), default="a4", help="paper size (default: a4)")
    p.add_argument("--lang", metavar="L", help="a language the questionnaire has a translation for")
    p.add_argument("--date", metavar="YYYY-MM-DD", type=_iso_date, help="the date printed on the pages")
    _add_compare_and_export(add)
    _add_backups(add)
    return parser


LOG_MAX_BYTES = 1_000_000
LOG_BACKUPS = 3


def rotate_log(file: Path, max_bytes: int = LOG_MAX_BYTES, backups: int = LOG_BACKUPS) -> None:
    """Before a run, move a log over max_bytes to .1 (and .1 to .2, and so on; the oldest goes).

    Done once at start rather than by logging.handlers, whose import (sockets, pickle, queues)
    would slow every start for a log that grows a few lines a run.
    """
    if not file.exists() or file.stat().st_size <= max_bytes:
        return
    for n in range(backups - 1, 0, -1):
        older = file.with_name(f"{file.name}.{n}")
        if older.exists():
            older.replace(file.with_name(f"{file.name}.{n + 1}"))
    file.replace(file.with_name(f"{file.name}.1"))


# The commands that make the data folder when it is missing; the others only read, or work on
# files named on the command line, and leave a folder that is not there as it is.
MAKE_THE_FOLDER = (None, "gui", "demo")
# The commands that work only on files named on the command line
NO_FOLDER_NEEDED = ("schema", "validate")
# The commands that never read the workspace (the others may meet damage in it: said as such)
NO_WORKSPACE_READ = (*NO_FOLDER_NEEDED, "show", "blank")


def _missing_folder(args: argparse.Namespace, folder: Path) -> str | None:
    """What to say when the data folder named with --data-dir or IAH_ASSESS_DATA_DIR is not there
    and the command works on the workspace in it: a mistyped name (/srv/iah-asess) must not look
    like an empty workspace, exit 0. None when it is there, when the command needs none or makes
    it, or when it is the usual folder, which the app makes on its first start."""
    if args.command in (*MAKE_THE_FOLDER, *NO_WORKSPACE_READ) or getattr(args, "questionnaires", False):
        return None
    if args.data_dir is None and not os.environ.get(paths.ENV_VAR, "").strip():
        return None
    try:
        if folder.exists():
            return None
    except OSError:
        return None
    given = "--data-dir" if args.data_dir is not None else paths.ENV_VAR
    return f"there is no folder {folder}; check {given}."


def _folder_fix(exc: OSError) -> str:
    """What to do about a data folder the system refuses to look at."""
    import errno  # only now: the start does without it

    if exc.errno == errno.ENAMETOOLONG:
        return "Give a shorter path with --data-dir DIR."
    return "Give another folder with --data-dir DIR, or one you may open."


def _setup_logging(folder: Path, make_folder: bool) -> bool:
    """Log to the data folder's log file; whether there is one (there is none in a folder that
    is not there and is not to be made, or that cannot be written to)."""
    try:
        if make_folder:
            folder.mkdir(parents=True, exist_ok=True)
        rotate_log(paths.log_file(folder))
        handler: logging.Handler = logging.FileHandler(paths.log_file(folder), encoding="utf-8")
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    return isinstance(handler, logging.FileHandler)


def app_only(argv: Sequence[str]) -> argparse.Namespace | None:
    """The arguments when the command line only starts the app, else None.

    That is no arguments, `gui`, or either after `--data-dir DIR` (or `--data-dir=DIR`): the way
    nearly every user starts. The whole parser (a dozen commands, each looking up translations
    of argparse's own words) takes longer to build than the rest of the command line's work, so
    these are read here; anything else, or anything unusual, goes to the whole parser, which
    gives the same result (a test checks it).
    """
    rest = list(argv)
    folder = None
    if len(rest) >= 2 and rest[0] == "--data-dir" and not rest[1].startswith("-"):
        folder, rest = rest[1], rest[2:]
    elif rest and rest[0].startswith("--data-dir="):
        folder, rest = rest[0].partition("=")[2], rest[1:]
    if rest not in ([], ["gui"]):
        return None
    return argparse.Namespace(data_dir=folder, command="gui", func=cmd_gui)


def _never_fail_on_a_letter() -> None:
    """Let stdout and stderr write every letter, in whatever encoding they have.

    Output redirected on Windows (`> log.txt`, Task Scheduler), or with PYTHONIOENCODING=cp1252,
    is written in a code page without Đ, Ж or ▲: a print of such a name raised, after the work
    was done and before it was reported (a deletion without the line naming its backup). The
    encoding is kept, as the reader of the file or pipe decodes it in that code page (UTF-8
    there would turn every č into two wrong letters); a letter it lacks is written as '?'.
    """
    for stream in (sys.stdout, sys.stderr):  # None under pythonw
        if stream is not None and getattr(stream, "errors", "") == "strict" and hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(errors="replace")
            except (OSError, ValueError):  # a stream already closed, or one that cannot change
                pass


def _damaged(file: Path, what: str) -> db.WorkspaceDamaged:
    """The damage `what` in the workspace `file`, with the ways out there are: `restore` only when
    there is a sound backup to restore (with none, it would only say "there are no backups")."""
    from iah_assess.storage import recovery  # only now: on damage

    try:
        sound, _ = recovery.newest_sound_backup(file.parent / db.BACKUP_DIR)
    except OSError:  # a backups folder that cannot be read: restore would say why
        return db.WorkspaceDamaged.at(file, what)
    if sound is not None:
        return db.WorkspaceDamaged.at(file, what)
    return db.WorkspaceDamaged(f"{what} It is left untouched. There is no sound backup of it in {file.parent / db.BACKUP_DIR} "
                               f"to restore; `iah-assess rescue` copies what can still be read from it into a new "
                               f"workspace file.", what)


def _output_failed(exc: OSError) -> str | None:
    """Why the output could not be written, when `exc` says the disk it goes to is full (`list >
    /dev/full`); else None. Files the commands write raise their own errors, with the file named:
    one of these that reaches main() is the output's."""
    import errno

    return {errno.ENOSPC: "no space left on the device", errno.EDQUOT: "the disk quota is used up",
            errno.EFBIG: "the file is too large"}.get(exc.errno)  # type: ignore[call-overload]


def _drop_the_output() -> None:
    """Send what is left of the output nowhere, so that Python's own flush at exit does not fail
    again and print a traceback of its own."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError, AttributeError):  # no real stdout (a test's capture, pythonw)
        pass


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _main(argv)
    except KeyboardInterrupt:  # before the command runs (reading the arguments, the data folder)
        return INTERRUPTED


def _main(argv: Sequence[str] | None) -> int:
    _never_fail_on_a_letter()
    argv = sys.argv[1:] if argv is None else list(argv)
    args = app_only(argv) or build_parser().parse_args(argv)
    if args.command is None:
        args.func = cmd_gui
    try:
        folder = data_dir(args)
    except paths.NoFolderGiven:
        print("iah-assess: --data-dir was given an empty folder name; name a folder (--data-dir DIR), or leave the "
              "option out for the usual one.", file=sys.stderr)
        return UsageError.exit_code  # an empty argument, as argparse's own
    try:
        in_the_way = next((p for p in (folder, *folder.parents) if p.exists()), folder)
        a_folder = in_the_way.is_dir()
    except OSError as exc:  # a name too long for the file system, a folder one may not look into
        if args.command in NO_FOLDER_NEEDED:
            in_the_way, a_folder = folder, True
        else:
            print(f"iah-assess: the data folder {folder} cannot be used ({exc.strerror or exc}). {_folder_fix(exc)}",
                  file=sys.stderr)
            return 1
    if not a_folder and args.command not in NO_FOLDER_NEEDED:
        where = "is a file" if in_the_way == folder else f"is inside {in_the_way}, which is a file"
        made = " (it is made if it does not exist)" if args.command in MAKE_THE_FOLDER else ""
        print(f"iah-assess: the data folder {folder} {where}, not a folder. Give a folder with --data-dir DIR{made}.",
              file=sys.stderr)
        return 1
    if (missing := _missing_folder(args, folder)) is not None:
        print(f"iah-assess: {missing}", file=sys.stderr)
        return 1
    if args.func is cmd_gui and no_desktop():
        # DISPLAY and WAYLAND_DISPLAY unset is not always no screen (a kiosk on eglfs, Wayland's
        # default socket): QT_QPA_PLATFORM names the platform, and this check then stands aside
        print("iah-assess: the app needs a desktop session, and there is no display here (DISPLAY and "
              "WAYLAND_DISPLAY are not set); if there is a screen, name Qt's platform, such as "
              "QT_QPA_PLATFORM=wayland or QT_QPA_PLATFORM=xcb (eglfs on a kiosk). For the command line, see "
              "`iah-assess --help`.", file=sys.stderr)
        return 1
    logged = _setup_logging(folder, args.command in MAKE_THE_FOLDER)
    try:
        code = args.func(args)
        if sys.stdout is not None:
            sys.stdout.flush()  # here, where a failure is said plainly, not at exit
        return code
    except UserError as exc:
        print(f"iah-assess: {exc}", file=sys.stderr)
        return exc.exit_code
    except db.WorkspaceError as exc:
        if isinstance(exc, db.WorkspaceDamaged) and exc.ways_out_at is not None:
            exc = _damaged(exc.ways_out_at, exc.what)  # the ways out there are
        print(f"iah-assess: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return INTERRUPTED
    except BrokenPipeError:  # the reader (`| head`) stopped reading; nothing is wrong
        sys.stderr.close()
        return 0
    except Exception as exc:
        from iah_assess.catalog.loader import QuestionnaireInvalid  # only now: it loads the questionnaire model

        if isinstance(exc, OSError) and (why := _output_failed(exc)):
            _drop_the_output()
            print(f"iah-assess: could not write the output: {why}.", file=sys.stderr)
            return 1
        if isinstance(exc, QuestionnaireInvalid):
            for p in exc.problems:
                print(p, file=sys.stderr)
            return 1
        if db.is_damage(exc) and args.command not in NO_WORKSPACE_READ:
            # damage in a part only now read (a text that is not UTF-8, a page SQLite finds
            # malformed): the user's way out, as on opening, not an internal fault
            file = folder / db.WORKSPACE_FILE
            log.warning("command %s found the workspace %s damaged: %s", args.command, file, exc)
            print(f"iah-assess: {_damaged(file, f'{file} is damaged: part of it cannot be read ({exc}).')}", file=sys.stderr)
            return 1
        # Anything else: one line here, the traceback in the log.
        log.exception("command %s failed", args.command)
        details = f" (details in {paths.log_file(folder)})" if logged else ""
        print(f"iah-assess: {type(exc).__name__}: {exc}{details}", file=sys.stderr)
        return 1
    finally:
        for h in list(log.handlers):
            h.close()
            log.removeHandler(h)


if __name__ == "__main__":  # `python -m iah_assess.cli`: run as the module the commands import, whose
    from iah_assess.cli import main as module_main  # UserError is the one they raise

    sys.exit(module_main())
