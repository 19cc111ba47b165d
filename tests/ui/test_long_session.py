"""A long session on the sample: hundreds of random steps a user could take, in one window.

Moving between pages and cycles, answering by keyboard as different people, agreeing levels,
editing the action plan with undo and redo, and now and then deleting an open cycle. Nothing
may fail (pytest-qt fails the test on an exception in any slot or event), and at the end the
workspace is sound and every kept score summary equals scoring afresh.
"""

from __future__ import annotations

import random

import pytest
from PySide6.QtCore import Qt

from iah_assess.catalog import shipped_dir
from iah_assess.catalog.loader import load
from iah_assess.demo import ensure_demo
from iah_assess.domain.summary import ScoreSummary
from iah_assess.ui.main_window import ACTIONS, AGREE, ANSWER, RESPONDENTS, MainWindow

STEPS = 160
KEYS = (Qt.Key.Key_0, Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4, Qt.Key.Key_D, Qt.Key.Key_N, Qt.Key.Key_Return)


@pytest.mark.slow
def test_a_long_random_session_never_fails_and_leaves_the_workspace_sound(qtbot, ws, mini_catalog, dialogs, data_dir):
    ensure_demo(ws, load(shipped_dir() / "iah-core").questionnaire)
    w = MainWindow(ws, mini_catalog, dialogs, data_dir)
    qtbot.addWidget(w)
    w.resize(1280, 720)
    w.show()
    qtbot.waitExposed(w)
    rng = random.Random(2026)
    done: list[str] = []
    steps = ("page", "cycle", "new cycle", "respondents", "answer", "agree", "plan", "undo or redo", "delete cycle")
    for n in range(STEPS):
        step = rng.choices(steps, weights=(3, 2, 0.4, 1, 4, 2, 2, 2, 0.5))[0]
        if step == "page":
            w.show_page(rng.randrange(w.stack.count()))
        elif step == "cycle" and w.cycle_combo.count():
            last = w.cycle_combo.count() - 1  # the newest, open, most of the time
            w.cycle_combo.setCurrentIndex(rng.choice((last, last, rng.randrange(last + 1))))
        elif step == "new cycle":
            w.show_new_cycle()
            w.new_cycle_view.label.setText(f"Trial {n}")
            if w.new_cycle_view.create() is None:
                continue
        elif step == "respondents" and w.current_cycle_editable():
            w.show_page(RESPONDENTS)
            w.respondents_view.name.setText(rng.choice(("Ана Ѓорѓиевска", "Besa Krasniqi", "Đorđe Čolić")))
            w.respondents_view.role.setCurrentIndex(rng.randrange(1, w.respondents_view.role.count()))
            if rng.random() < 0.7:
                w.respondents_view.add()
            else:
                dialogs.answers = [rng.random() < 0.5]
                w.respondents_view.remove()
        elif step == "answer" and w.cycle_id is not None and (people := ws.respondents(w.cycle_id)):
            w.answer_as(rng.choice(people).id)
            w.show_page(ANSWER)
            for _ in range(rng.randrange(1, 6)):
                qtbot.keyClick(w.answer_view, rng.choice(KEYS))
        elif step == "agree":
            w.show_page(AGREE)
            view = w.page(AGREE)
            if not view.agreed_level.isEnabled():  # type: ignore[attr-defined]
                continue
            view.agreed_level.setCurrentIndex(rng.randrange(view.agreed_level.count()))  # type: ignore[attr-defined]
            view.save_agreed()  # type: ignore[attr-defined]
        elif step == "plan":
            w.show_page(ACTIONS)
            view = w.page(ACTIONS)
            rng.choice((view.add_action, view.remove_selected, view.add_recommended))()  # type: ignore[attr-defined]
            if w.undo_action.isEnabled() and rng.random() < 0.4:
                w.undo_action.trigger()  # as a user taking the change back at once
                done.append("undo or redo")
        elif step == "undo or redo":
            action = rng.choice((w.undo_action, w.redo_action))
            if not action.isEnabled():
                continue
            action.trigger()
        elif step == "delete cycle" and w.delete_cycle_action.isEnabled():
            dialogs.answers = [rng.random() < 0.5]
            w.delete_cycle_action.trigger()
        else:
            continue
        done.append(step)
        qtbot.wait(1)
    # a name typed and not added is dropped: one already in the cycle could not be added, and
    # the window would stay open with it, as it must
    dialogs.answers = [False] * 3
    assert w.close()  # keeps the summaries of the cycles answered in this session
    assert set(done) == set(steps), done  # every kind of step was taken
    assert ws._q("PRAGMA integrity_check")[0][0] == "ok" and ws._q("PRAGMA foreign_key_check") == []
    for cycle in ws.cycles():
        fresh = ScoreSummary.of(ws.cycle_result(cycle.id), ws.cycle_questionnaire(cycle))
        assert ws.cycle_summary(cycle.id) == fresh, cycle.label
