"""Changing cycle loads only the view on screen; a hidden view catches up when it is shown."""

from __future__ import annotations

from iah_assess.domain.records import Institution
from iah_assess.ui.main_window import RESULTS, MainWindow


def test_hidden_result_views_load_the_new_cycle_when_shown(qtbot, ws, mini_catalog, dialogs, data_dir):
    mini = mini_catalog.get("mini").questionnaire
    inst = ws.save_institution(Institution(name="Lazy"))
    first = ws.create_cycle(inst.id, "2025/26", mini)
    second = ws.create_cycle(inst.id, "2026/27", mini)
    w = MainWindow(ws, mini_catalog, dialogs, data_dir)
    qtbot.addWidget(w)
    w.select_cycle(first.id)
    w.select_cycle(second.id)
    assert w.results_view in w._stale
    w.show_page(RESULTS)
    assert w.results_view not in w._stale
    assert w.results_view.cycle_id == second.id
    w.close()


def test_the_action_plan_screen_exports_the_pdf(qtbot, ws, mini_catalog, dialogs, data_dir, tmp_path):
    from iah_assess.ui.main_window import ACTIONS

    mini = mini_catalog.get("mini").questionnaire
    inst = ws.save_institution(Institution(name="Универзитет"))
    cycle = ws.create_cycle(inst.id, "2025/26", mini)
    r = ws.add_respondent(cycle.id, "Ѓорѓи", "Dean")
    for item in mini.items:
        ws.save_response(r.id, item.id, 1)
    w = MainWindow(ws, mini_catalog, dialogs, data_dir)
    qtbot.addWidget(w)
    w.select_cycle(cycle.id)
    w.show_page(ACTIONS)
    target = tmp_path / "plan.pdf"
    dialogs.save_paths.append(str(target))
    dialogs.answers.append(False)  # do not open the file afterwards
    w.actions_view.export_button.click()
    w.results_view.wait_for_export()
    qtbot.waitUntil(lambda: target.exists(), timeout=20000)
    assert target.read_bytes().startswith(b"%PDF")
    w.close()
