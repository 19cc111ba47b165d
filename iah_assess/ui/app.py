"""Starting the app: the QApplication, the workspace, the main window; errors as dialogs."""

from __future__ import annotations

import gc
import logging
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from iah_assess.catalog import Catalog, resources_dir
from iah_assess.storage import db, paths
from iah_assess.storage.workspace import Workspace
from iah_assess.ui.dialogs import Dialogs
from iah_assess.ui.i18n import install_translator, tr
from iah_assess.ui.main_window import MainWindow

if TYPE_CHECKING:  # the worker module is imported when the sample is first made; recovery when needed
    from iah_assess.storage.recovery import Rescued
    from iah_assess.ui.workers import SampleBuilder

log = logging.getLogger(__name__)
C = "App"


def open_workspace(data_dir: Path, dialogs: Dialogs) -> Workspace | None:
    """The workspace in the data folder, or None after telling the user clearly why not."""
    opened = _open(data_dir, dialogs, lambda ws: None)
    return None if opened is None else opened[0]


def open_window(data_dir: Path, dialogs: Dialogs, sample: SampleBuilder | None = None) -> tuple[Workspace, MainWindow] | None:
    """The workspace in the data folder and the main window on it, or None after telling the user
    clearly why not."""
    return _open(data_dir, dialogs, lambda ws: MainWindow(
        ws, Catalog(paths.user_questionnaire_dir(Path(data_dir))), dialogs, Path(data_dir), sample))


def _open(data_dir: Path, dialogs: Dialogs, make: Callable[[Workspace], MainWindow | None]) -> tuple[Workspace, MainWindow | None] | None:
    """Open the workspace and `make` what shows it. Damage found on opening, or on reading what
    the first window shows, may be mended by putting the newest sound backup, or what could be
    rescued from the damaged file, in its place, if the user so chooses (R7); then it is tried once
    more. What was rescued may also be opened read-only. A workspace file that is missing or empty
    while backups of it are kept is offered its newest sound backup first (offer_lost_workspace)."""
    if not offer_lost_workspace(data_dir, dialogs):
        return None
    for attempt in (1, 2):
        try:
            ws = Workspace.open_single_writer(Path(data_dir) / db.WORKSPACE_FILE)
        except db.UNREADABLE as exc:
            failed: BaseException = exc
        else:
            try:
                return ws, make(ws)
            except db.UNREADABLE as exc:
                ws.close(as_found=True)  # and so its lock, which a restore takes; the -wal stays as it is
                failed = exc
        if attempt == 2:  # the file put in its place cannot be read either: say what was changed
            cannot_open(data_dir, dialogs, failed, restored=True)
            return None
        way = offer_recovery(data_dir, dialogs, failed)
        if isinstance(way, Path):
            return _open_rescued(data_dir, dialogs, way, make)
        if not way:
            return None
    return None


def _open_rescued(data_dir: Path, dialogs: Dialogs, rescued: Path,
                  make: Callable[[Workspace], MainWindow | None]) -> tuple[Workspace, MainWindow | None] | None:
    """What was rescued from a damaged workspace, open read-only, with the reason on the banner."""
    try:
        ws = Workspace(rescued, read_only=True)
    except db.UNREADABLE as exc:
        cannot_open(data_dir, dialogs, exc)
        return None
    ws.read_only_reason = tr(C, "this is what could be rescued from the damaged workspace, kept as {0}. Look at it, and "
                                "export reports and data from it. To work on with it, close iah-assess and run "
                                "iah-assess restore {0}: it puts this copy in the workspace's place.").format(rescued)
    try:
        return ws, make(ws)
    except db.UNREADABLE as exc:
        ws.close()
        cannot_open(data_dir, dialogs, exc)
        return None


def cannot_open(data_dir: Path, dialogs: Dialogs, exc: BaseException, more: str = "", restored: bool = False,
                advice: str = "") -> None:
    """Why the workspace cannot be opened, where it and its backups are, and what to do (`advice`,
    else to close it elsewhere and try again). After a copy was put in its place (`restored`),
    that is said, not "nothing was changed"."""
    file = Path(data_dir) / db.WORKSPACE_FILE
    log.error("cannot open the workspace %s", file, exc_info=exc)
    changed = (tr(C, "The copy just put in the workspace's place cannot be read either; the file it replaced is "
                     "kept beside it (workspace-damaged-….sqlite). Start iah-assess again to be offered an older backup, "
                     "or choose another data folder with --data-dir.") if restored else advice if advice else
               tr(C, "Nothing was changed. Close iah-assess on every computer that uses this folder and start it again, "
                     "or choose another data folder with --data-dir."))
    dialogs.error(None, tr(C, "The workspace cannot be opened"), tr(
        C, "{0}\n\nWorkspace file: {1}\nBackups folder: {2}\n\n{3}{4}").format(
        _reason(file, exc), file, Path(data_dir) / db.BACKUP_DIR, more, changed))


def _reason(file: Path, exc: BaseException) -> str:
    return str(exc) if isinstance(exc, db.WorkspaceError) else tr(C, "{0} cannot be read as a workspace ({1}).").format(file, exc)


def _dated_ahead_note(folder: Path) -> str:
    """A word on the newest backup dated days ahead, made while the clock was wrong: offered last
    (see db.backups), it may still be the one that holds the latest work, as when the clock was
    put right since; "" when there is none."""
    ahead = [b for b in db.backups(folder) if db.dated_ahead(b)]
    if not ahead:
        return ""
    return tr(C, "\n\nThe backup {0} is dated {1}, days from now: it was made while the computer's clock was wrong, "
                 "so it is not offered as the newest. If it holds the latest work, close iah-assess and run "
                 "iah-assess restore {0}.").format(ahead[0].path.name, ahead[0].made.strftime("%d.%m.%Y"))


def _made(b: db.Backup) -> str:
    """When a backup was made and why, as the recovery question names it."""
    why = {"daily": tr(C, "the day's first change"), "before-delete": tr(C, "before a cycle was deleted"),
           "manual": tr(C, "on request")}.get(b.reason, tr(C, "before an update of the workspace's format")
                                               if b.reason.startswith("before-format") else b.reason)
    return tr(C, "{0} ({1})").format(b.made.strftime("%d.%m.%Y %H:%M"), why)


def offer_recovery(data_dir: Path, dialogs: Dialogs, exc: BaseException) -> bool | Path:
    """After the workspace could not be opened or read: when the file is damaged, offer to put
    its newest sound backup in its place, or to rescue what can still be read from it; else say
    what is wrong. True once a copy is in the workspace's place, the damaged file kept aside; the
    rescued file when the user chose to open it read-only; False to quit."""
    from iah_assess.storage import recovery  # only now: a sound workspace never needs it
    from iah_assess.storage.lock import WorkspaceLock

    file = Path(data_dir) / db.WORKSPACE_FILE
    if not db.is_damage(exc):
        cannot_open(data_dir, dialogs, exc)
        return False
    lock = WorkspaceLock(file)
    try:
        held = lock.acquire()
    except OSError as no_lock:  # the lock file cannot be made: nor could a backup be put in place
        cannot_open(data_dir, dialogs, exc, tr(C, "No backup can be put in its place: the folder cannot be written to "
                                                  "({0}). ").format(no_lock.strerror or no_lock))
        return False
    if not held:  # another window has it open: the file cannot be swapped under it
        cannot_open(data_dir, dialogs, exc, tr(C, "It is open in another iah-assess window; close that window first. "))
        return False
    try:
        log.error("the workspace %s is damaged", file, exc_info=exc)
        best, passed_over = recovery.newest_sound_backup(Path(data_dir) / db.BACKUP_DIR)
        skipped = "".join(tr(C, "\nThe backup of {0} cannot be used: {1}.").format(_made(c.backup), c.problem)
                          for c in passed_over[:5])
        what = exc.what if isinstance(exc, db.WorkspaceDamaged) else _reason(file, exc)
        if best is not None:
            text = tr(C, "{0}\n\nThe newest sound backup is of {1}. Restoring it puts a copy of it in the workspace's "
                         "place: what was changed after it is not in it and must be entered again. Or rescue what can "
                         "still be read from the damaged file, to look at it or to use it instead. The damaged file is "
                         "never deleted: restoring a backup, or using what was rescued, keeps it beside the workspace "
                         "as workspace-damaged-….sqlite.{2}{4}\n\n"
                         "Workspace file: {3}").format(what, _made(best), "\n" + skipped if skipped else "", file,
                                                       _dated_ahead_note(Path(data_dir) / db.BACKUP_DIR))
            choices = [tr(C, "Restore the backup"), tr(C, "Rescue what can be read"), tr(C, "Quit")]
        else:
            text = tr(C, "{0}\n\nNo backup that could take its place was found.{1}\n\nWhat can still be read from the "
                         "damaged file can be rescued into a new file, to look at it or to use it as the workspace. The "
                         "damaged file is not changed.\n\nWorkspace file: {2}\nBackups folder: {3}").format(
                what, skipped, file, Path(data_dir) / db.BACKUP_DIR)
            choices = [tr(C, "Rescue what can be read"), tr(C, "Quit")]
        picked = dialogs.choose(None, tr(C, "The workspace is damaged"), text, choices)
        if picked is None or picked == len(choices) - 1:
            return False
        if best is not None and picked == 0:
            return _put_in_place(dialogs, file, best.path, tr(C, "The backup is restored"), tr(
                C, "The workspace is now the backup of {0}. Enter again what was changed after it.").format(_made(best)))
        return _rescue(data_dir, dialogs, file, best)
    finally:
        lock.release()


def offer_lost_workspace(data_dir: Path, dialogs: Dialogs) -> bool:
    """When the workspace file is missing or empty (deleted, or cut short by a copy or a
    synchronisation) but backups of it are kept: offer to put the newest sound one in its place,
    or to start a new, empty workspace, as the user chooses; opened as it is, the file would
    silently become a new, empty workspace. False to quit; True to go on (nothing was lost, or
    the backup is in place, or the user starts anew)."""
    file = Path(data_dir) / db.WORKSPACE_FILE
    kept = db.backups_of_a_lost_workspace(file)
    if not kept:
        return True
    from iah_assess.storage import recovery  # only now: a workspace that is there never needs it
    from iah_assess.storage.lock import WorkspaceLock

    lock = WorkspaceLock(file)
    try:
        held = lock.acquire()
    except OSError as no_lock:  # the lock file cannot be made: the workspace opens read-only and says why
        log.warning("the workspace %s is missing or empty, and its lock cannot be made: %s", file, no_lock)
        return True
    if not held:  # another window has it: that one has seen it
        return True
    try:
        log.error("the workspace %s is missing or empty; %d backups of it are kept", file, len(kept))
        best, passed_over = recovery.newest_sound_backup(Path(data_dir) / db.BACKUP_DIR)
        state = (tr(C, "The workspace file is empty (0 bytes): it may have been cut short by a copy, a synchronisation "
                       "or a full disk.") if file.exists() else
                 tr(C, "The workspace file is missing: it may have been moved or deleted."))
        new = tr(C, "Or start a new, empty workspace. The backups stay in the backups folder, but as the new workspace "
                    "makes its own they are thinned like them, the older first: to keep one, copy it elsewhere now.")
        ahead = _dated_ahead_note(Path(data_dir) / db.BACKUP_DIR)
        if best is not None:
            skipped = "".join(tr(C, "\nThe backup of {0} cannot be used: {1}.").format(_made(c.backup), c.problem)
                              for c in passed_over[:5])
            text = tr(C, "{0} Its backups folder holds %n backup(s) of it, the newest sound one of {1}.{2}\n\nRestoring "
                         "it puts a copy of it in the workspace's place: what was changed after it is not in it and must "
                         "be entered again. {3}{5}\n\nWorkspace file: {4}", n=len(kept)).format(
                state, _made(best), "\n" + skipped if skipped else "", new, file, ahead)
            choices = [tr(C, "Restore the backup"), tr(C, "Start a new, empty workspace"), tr(C, "Quit")]
        else:
            text = tr(C, "{0} Its backups folder holds %n backup(s) of it, but none can be used (the newest: {1}). {2}"
                         "\n\nWorkspace file: {3}\nBackups folder: {4}", n=len(kept)).format(
                state, passed_over[0].problem, new, file, Path(data_dir) / db.BACKUP_DIR)
            choices = [tr(C, "Start a new, empty workspace"), tr(C, "Quit")]
        title = tr(C, "The workspace file is empty") if file.exists() else tr(C, "The workspace is missing")
        picked = dialogs.choose(None, title, text, choices)
        if picked is None or picked == len(choices) - 1:
            return False
        if best is not None and picked == 0:
            return _put_in_place(dialogs, file, best.path, tr(C, "The backup is restored"), tr(
                C, "The workspace is now the backup of {0}. Enter again what was changed after it.").format(_made(best)))
        log.warning("starting a new, empty workspace in %s beside %d backups", file, len(kept))
        return True
    finally:
        lock.release()


def _put_in_place(dialogs: Dialogs, file: Path, copy: Path, title: str, said: str) -> bool:
    """Put a copy of `copy` (a backup, or what was rescued) in the damaged workspace's place, the
    damaged file kept aside, and say so; whether it is done."""
    from iah_assess.storage import recovery

    try:
        aside = recovery.restore(file, copy)
    except db.WorkspaceError as failed:
        log.error("putting %s in the workspace's place failed: %s", copy, failed)
        dialogs.error(None, tr(C, "The copy could not be put in the workspace's place"), str(failed))
        return False
    log.warning("put %s in the place of %s; the damaged file is kept as %s", copy, file, aside)
    dialogs.inform(None, title, said if aside is None else  # there was no file to keep (a lost workspace)
                   tr(C, "{0}\n\nThe damaged file is kept as {1}.").format(said, aside))
    return True


def _rescue(data_dir: Path, dialogs: Dialogs, file: Path, best: db.Backup | None) -> bool | Path:
    """Rescue what can be read from the damaged workspace into a new file beside it, say what it
    holds and what it lacks, and put it in the workspace's place or open it read-only, as the user
    chooses (True, or its path); False to quit."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication

    from iah_assess.storage import recovery

    waiting = QGuiApplication.instance() is not None
    if waiting:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # a second or two, before any window
    try:
        rescued = recovery.rescue(file, recovery.aside_name(file, prefix=recovery.RESCUED_PREFIX),
                                  Catalog(paths.user_questionnaire_dir(Path(data_dir))).contents())
    except recovery.NothingToRescue as nothing:
        log.error("nothing can be rescued from %s: %s", file, nothing)
        cannot_open(data_dir, dialogs, nothing, advice=tr(
            C, "Keep a copy of the whole data folder for whoever can help to rescue it, or choose another data folder "
               "with --data-dir."))
        return False
    except (db.WorkspaceError, OSError) as failed:
        log.error("rescuing %s failed: %s", file, failed)
        dialogs.error(None, tr(C, "What can be read could not be rescued"), str(failed))
        return False
    finally:
        if waiting:
            QGuiApplication.restoreOverrideCursor()
    log.warning("rescued what could be read from %s into %s: %s", file, rescued.path, rescued)
    backup = (tr(C, "\n\nThe newest sound backup, of {0}, can still be restored instead.").format(_made(best))
              if best is not None else "")
    text = tr(C, "{0}\n\nIt is kept as {1}. The damaged workspace is not changed.{2}").format(
        rescued_summary(rescued), rescued.path, backup)
    choices = [tr(C, "Use it as the workspace"), tr(C, "Open it read-only")]
    if best is not None:
        choices.append(tr(C, "Restore the backup instead"))
    picked = dialogs.choose(None, tr(C, "What could be read is rescued"), text, [*choices, tr(C, "Quit")],
                            warning=not rescued.whole)
    if picked == 1:
        return rescued.path
    if picked == 2 and best is not None:
        return _put_in_place(dialogs, file, best.path, tr(C, "The backup is restored"), tr(
            C, "The workspace is now the backup of {0}. Enter again what was changed after it. What was rescued is "
               "still kept as {1}.").format(_made(best), rescued.path))
    if picked != 0:
        return False
    if not _put_in_place(dialogs, file, rescued.path, tr(C, "What was rescued is the workspace"), tr(
            C, "The workspace is now what could be rescued. Check the cycles it holds, and enter again what is missing.")):
        return False
    rescued.path.unlink(missing_ok=True)  # the workspace is now a copy of it
    return True


# What each table of a workspace holds, as the rescue names it; a count is its %n
_HOLDS = {
    "institution": lambda n: tr(C, "%n institution(s)", n=n),
    "cycle": lambda n: tr(C, "%n cycle(s)", n=n),
    "respondent": lambda n: tr(C, "%n respondent(s)", n=n),
    "response": lambda n: tr(C, "%n answer(s)", n=n),
    "decision": lambda n: tr(C, "%n agreed level(s) or target(s)", n=n),
    "action": lambda n: tr(C, "%n action(s)", n=n),
}


def _lost_by_cycle(r: Rescued) -> list[str]:
    """A line for each cycle known to have lost some of what it held, and for what was lost whose
    cycle cannot be known; none when nothing of a cycle is known to be lost."""
    lost_of = {"respondent": lambda n: tr(C, "%n respondent(s)", n=n), "response": lambda n: tr(C, "%n answer(s)", n=n),
               "decision": lambda n: tr(C, "%n agreed level(s) or target(s)", n=n),
               "action": lambda n: tr(C, "%n action(s)", n=n)}
    lines = []
    for c in r.cycles_with_losses:
        name = (tr(C, "{0}, {1}").format(c.institution or tr(C, "an institution that could not be read"), c.label)
                if c.label else tr(C, "A cycle whose own row could not be read"))
        lost = [count(c.lost[t]) for t, count in lost_of.items() if c.lost[t]]
        if not c.kept:
            lines.append(tr(C, "{0}: the cycle itself was left out, with {1}.").format(
                name, tr(C, ", ").join(lost) or tr(C, "nothing else known")))
        else:
            lines.append(tr(C, "{0} lost {1}.").format(name, tr(C, ", ").join(lost)))
    for t, n in r.lost_any_cycle.items():
        if n and t in lost_of:
            lines.append(tr(C, "Left out, as what they belong to was lost, and may belong to any cycle: {0}.").format(
                lost_of[t](n)))
    if r.unreadable_any_cycle:
        lines.append(tr(C, "What could not be read may belong to any cycle."))
    return lines


def rescued_summary(r: Rescued) -> str:
    """What a rescue read, what it could not read, and what it left out or mended, in words."""
    from iah_assess.storage import recovery

    names = {"questionnaire_snapshot": tr(C, "the stored questionnaires"), "institution": tr(C, "the institutions"),
             "cycle": tr(C, "the cycles"), "respondent": tr(C, "the respondents"), "response": tr(C, "the answers"),
             "decision": tr(C, "the agreed levels and targets"), "action": tr(C, "the actions"),
             "ui_state": tr(C, "the window's settings")}
    lines = [tr(C, "Read from the damaged workspace: {0}.").format(
        tr(C, ", ").join(count(r.read.get(table, 0)) for table, count in _HOLDS.items()))]
    if r.unreadable:
        lines.append(tr(C, "Part of {0} could not be read.").format(
            tr(C, ", ").join(names[t] for t in recovery.RESCUED_TABLES if t in r.unreadable)))
    left = [count(r.left_out[t]) for t, count in _HOLDS.items() if r.left_out.get(t)]
    if r.left_out.get("questionnaire_snapshot"):
        left.append(tr(C, "%n stored questionnaire(s)", n=r.left_out["questionnaire_snapshot"]))
    if left:
        lines.append(tr(C, "Left out, because damage changed them or what they belong to was lost: {0}.").format(
            tr(C, ", ").join(left)))
    if (mended := sum(r.mended.values())) > 0:
        lines.append(tr(C, "Kept with the characters that could not be read shown as \ufffd: %n text(s).", n=mended))
    if r.questionnaires_from_files:
        lines.append(tr(C, "Taken again from the questionnaire files, as damage had changed or lost the stored copy: "
                           "%n questionnaire(s).", n=r.questionnaires_from_files))
    lines += _lost_by_cycle(r)
    if r.not_known:  # as the command line says them: names of the file's own, not words of ours
        lines.append(tr(C, "Left out, as this version of iah-assess does not know them: {0}.").format(
            tr(C, ", ").join(r.not_known)))
    if r.whole:
        lines.append(tr(C, "Nothing was lost."))
    return "\n".join(lines)


def run(data_dir: Path, argv: list[str], sample: SampleBuilder | None = None, dialogs: Dialogs | None = None) -> int:
    """Show the main window on the workspace in data_dir until the user quits; the exit code.

    If the caller held the cycle collector off for the start (cli.cmd_gui does), it is on again
    once the window's first frame is painted, or after two seconds at the latest: a window started
    minimised paints later.
    """
    app = QApplication.instance() or QApplication(argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("iah-assess")
    app.setApplicationDisplayName("iah-assess")
    install_translator(app, resources_dir() / "i18n")
    dialogs = dialogs or Dialogs()
    opened = open_window(data_dir, dialogs, sample)
    if opened is None:
        return 1
    ws, window = opened
    window.first_frame.connect(gc.enable)
    at_the_latest = QTimer(window)
    at_the_latest.setSingleShot(True)
    at_the_latest.timeout.connect(gc.enable)
    at_the_latest.start(2000)

    save_when_the_app_is_left(app, window)
    warn_if_unsafe(window, dialogs, Path(data_dir))
    restore_hooks = install_error_hooks(window, dialogs, Path(data_dir))
    try:
        window.show()
        return app.exec()
    finally:
        restore_hooks()
        ws.close()


def save_when_the_app_is_left(app: QApplication, window: MainWindow) -> None:
    """What was typed and waits for its pause is saved at once when the app is left (another
    window in front, the app hidden or suspended, as a laptop's lid closes) and when the session
    ends (logging out, shutting down), which may end the app without closing its window (R2)."""
    # the window's own method, so that the connections go with it; nothing waits: nothing is done
    app.applicationStateChanged.connect(window.save_what_waits)
    app.commitDataRequest.connect(window.save_what_waits)


def warn_if_unsafe(window: MainWindow, dialogs: Dialogs, data_dir: Path) -> None:
    """Once the window is on screen: a loud word when the data folder is on a network share or in
    a synchronised folder, where the workspace can be damaged (R4). The app still opens it."""
    risk = paths.data_folder_risk(data_dir)
    if risk is None:
        return
    log.warning("the data folder %s is in %s", data_dir, risk)
    text = tr(C, "The data folder {0} is in {1}. Synchronisation or the network can copy or lock the workspace "
                 "while iah-assess writes to it, and damage it.\n\nKeep the data folder on this computer's own disk "
                 "(the usual place is {2}) and put only exports in shared folders. Until then, close iah-assess on "
                 "every other computer before opening it here.").format(data_dir, risk, paths.data_dir_default())
    window.first_frame.connect(lambda: dialogs.error(window, tr(C, "The data folder is not a safe place"), text))


class _Relay(QObject):
    """Carries an error from a worker thread to the GUI thread (a queued signal)."""

    raised = Signal(object)


def install_error_hooks(window: MainWindow, dialogs: Dialogs, data_dir: Path) -> Callable[[], None]:
    """What an error nobody caught does (R15): it goes to the log, what was typed and not yet
    saved is saved, and the user gets one plain message, never a traceback; the app keeps
    running. One raised in a QThread's slot is reported so on the GUI thread; one in a plain
    Python thread is logged (its work reports its own failure). Returns what puts the previous
    hooks back."""

    def report(value: BaseException) -> None:  # on the GUI thread
        if window.save_what_waits():
            safe = tr(C, "Your saved answers are safe.")
        else:
            safe = tr(C, "What you typed last could not be saved yet: it stays on screen and is tried again.")
        dialogs.error(window, tr(C, "Something went wrong"), tr(C, "{0}\n\n{1} The details are in {2}.").format(
            value, safe, paths.log_file(data_dir)))

    relay = _Relay(window)  # lives on the GUI thread: an error in a worker's slot is reported there
    relay.raised.connect(report)

    def excepthook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        log.error("unexpected error", exc_info=(kind, value, tb))
        if threading.current_thread() is threading.main_thread():
            report(value)
        else:  # a QThread's slot: the window and the workspace are the GUI thread's to touch
            relay.raised.emit(value)

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        log.error("unexpected error in thread %s", getattr(args.thread, "name", "?"),
                  exc_info=(args.exc_type, args.exc_value, args.exc_traceback))  # type: ignore[arg-type]

    previous, previous_thread = sys.excepthook, threading.excepthook
    sys.excepthook, threading.excepthook = excepthook, thread_hook

    def restore() -> None:
        sys.excepthook, threading.excepthook = previous, previous_thread

    return restore
