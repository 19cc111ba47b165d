"""The painted charts: data checks, words for what is missing, and that they draw."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QImage

from iah_assess.ui.charts import SERIES_COLOURS, AreaBars, BarChart, RadarChart, scale_labels

LABELS = ["Leadership", "Strategy", "Finance", "Curriculum"]


def _colours(widget) -> set[str]:  # noqa: ANN001
    image: QImage = widget.grab().toImage()
    return {QColor(image.pixel(x, y)).name() for x in range(0, image.width(), 2) for y in range(0, image.height(), 2)}


def test_radar_says_which_areas_are_not_assessed(qtbot):
    radar = RadarChart()
    qtbot.addWidget(radar)
    radar.set_data(LABELS, [("2025/26", [60, 40, 55, None]), ("2024/25", [50, 30, None, None])])
    assert radar.axis_label(0) == "Leadership"
    assert radar.axis_label(2) == "Finance (no score in 2024/25)"
    assert radar.axis_label(3) == "Curriculum (no score)"
    summary = radar.accessibleDescription()
    assert "Curriculum — 2025/26: no score; 2024/25: no score" in summary
    assert "Leadership — 2025/26: 60; 2024/25: 50" in summary


def test_radar_draws_each_series_and_has_a_sensible_size(qtbot):
    radar = RadarChart()
    qtbot.addWidget(radar)
    radar.set_data(LABELS, [("a", [60, 40, 55, 70]), ("b", [50, 30, 45, 60]), ("c", [20, 20, 20, None])])
    hint = radar.sizeHint()
    assert 200 < hint.width() < 1000 and 150 < hint.height() < 800
    radar.resize(hint)
    seen = _colours(radar)
    for colour in SERIES_COLOURS:
        assert colour.name() in seen


def test_the_radar_legend_goes_side_by_side_when_it_fits_and_the_chart_grows(qtbot):
    from PySide6.QtGui import QFontMetricsF

    radar = RadarChart()
    qtbot.addWidget(radar)
    radar.set_data(LABELS, [("2025/26", [60, 40, 55, 70]), ("2024/25", [50, 30, 45, 60]), ("2023/24", [20, 20, 20, 30])])
    fm = QFontMetricsF(radar.font())
    radar.resize(int(fm.height() * 40), int(fm.height() * 24))
    wide_h, wide_radius = radar._legend_height(fm), radar._geometry(fm)[1]
    assert wide_h == fm.height() + 6  # one row of three entries
    radar.resize(int(fm.height() * 12), int(fm.height() * 24))
    assert radar._legend_height(fm) == 3 * (fm.height() + 6)  # too narrow: one a line
    assert wide_radius > radar._geometry(fm)[1]
    assert not radar.grab().isNull()


def test_a_series_crossing_a_ring_score_leaves_it_readable(qtbot):
    radar = RadarChart()
    qtbot.addWidget(radar)
    # the line from the first spoke (at 46) to the second runs right through the "50" by the first spoke
    radar.set_data(LABELS, [("2025/26", [46, 46, 46, 46])])
    radar.resize(500, 420)
    boxes = dict(radar.scale_number_boxes())
    assert sorted(boxes) == [25, 50, 75, 100]
    assert all(boxes[a].bottom() < boxes[b].top() for a, b in ((100, 75), (75, 50), (50, 25)))  # one above the other
    image = radar.grab().toImage()
    box = boxes[50].toRect()
    series = SERIES_COLOURS[0]

    def near_series(x: int, y: int) -> bool:
        c = QColor(image.pixel(x, y))
        return abs(c.red() - series.red()) + abs(c.green() - series.green()) + abs(c.blue() - series.blue()) < 60

    # the line does reach the box, and is drawn beneath the score's backdrop
    assert any(near_series(box.left() - 3, y) or near_series(x, box.bottom() + 3)
               for y in range(box.top(), box.bottom() + 1) for x in range(box.left(), box.right() + 1))
    assert not any(near_series(x, y) for x in range(box.left(), box.right() + 1) for y in range(box.top(), box.bottom() + 1))


def test_radar_refuses_bad_data(qtbot):
    radar = RadarChart()
    qtbot.addWidget(radar)
    with pytest.raises(ValueError, match="at most 3"):
        radar.set_data(LABELS, [(str(n), [1, 2, 3, 4]) for n in range(4)])
    with pytest.raises(ValueError, match="3 values for 4 labels"):
        radar.set_data(LABELS, [("a", [1, 2, 3])])


def test_bar_chart_shows_scores_and_missing_answers(qtbot):
    bars = BarChart()
    qtbot.addWidget(bars)
    long = "A very long item title that has to wrap over more than one line in a narrow chart " * 2
    bars.set_data([("One", 75.0, ""), ("Two", None, ""), (long, 25.0, "⚑ disagree")])
    assert bars.summary().splitlines() == ["One: 75", "Two: no level", f"{long}: 25 (⚑ disagree)"]
    # wrapped labels make rows taller in a narrow chart
    assert bars.heightForWidth(300) > bars.heightForWidth(1200)
    bars.resize(500, bars.heightForWidth(500))
    assert QColor("#0072B2").name() in _colours(bars)


def test_an_item_without_an_answer_has_no_bar_that_could_read_as_a_score(qtbot):
    bars = BarChart()
    qtbot.addWidget(bars)
    bars.set_data([("One", 50.0, ""), ("Two", None, "")])
    bars.resize(700, bars.heightForWidth(700))
    image = bars.grab().toImage()
    heights = bars._row_heights(700)
    x0 = bars._label_width(700) + 10
    bar_w = 700 - x0 - (bars.fontMetrics().horizontalAdvance("100") + 12)

    def marks(row: int) -> set[str]:  # the colours between 30 and 45 points across the middle of a row
        y = int(bars._header() + sum(heights[:row]) + heights[row] / 2)
        return {QColor(image.pixel(int(x0 + bar_w * k / 100), y)).name() for k in range(30, 46)}

    assert len(marks(0)) == 1 and marks(0) != marks(1)  # the score 50: one bar colour
    background = QColor(image.pixel(2, 2)).name()
    assert marks(1) == {background}  # before, a hatched bar to 50 stood there, like the score above it


def test_empty_charts_paint(qtbot):
    radar, bars = RadarChart(), BarChart()
    qtbot.addWidget(radar)
    qtbot.addWidget(bars)
    radar.resize(300, 300)
    bars.resize(300, 100)
    assert not radar.grab().isNull() and not bars.grab().isNull()
    assert radar.summary() == "No scores to show."
    assert bars.summary() == "No items to show."


def test_area_bars(qtbot):
    small = AreaBars()
    qtbot.addWidget(small)
    small.set_data([("Leadership", 50.0), ("Curriculum", None)])
    assert small.accessibleDescription() == "Leadership: 50; Curriculum: no score"
    small.resize(small.sizeHint())
    assert QColor("#0072B2").name() in _colours(small)


def test_a_narrow_bar_chart_writes_only_the_scores_that_fit_apart():
    assert scale_labels(400, 30) == (0, 25, 50, 75, 100)
    assert scale_labels(100, 30) == (0, 50, 100)  # a quarter is 25 px: "75" and "100" would touch
    assert scale_labels(40, 30) == (0, 100)


def _in_red(widget):  # noqa: ANN001, ANN202
    from PySide6.QtGui import QPalette

    pal = widget.palette()
    pal.setColor(QPalette.ColorRole.WindowText, QColor(200, 0, 0))
    widget.setPalette(pal)
    return widget


def _reddish(widget, strong: bool) -> int:  # noqa: ANN001
    """Pixels in the red text colour: `strong` as drawn, else made lighter over the background."""
    img = widget.grab().toImage()
    n = 0
    for y in range(img.height()):
        for x in range(img.width()):
            c = QColor(img.pixel(x, y))
            n += (c.red() > 150 and c.green() < 60) if strong else (c.red() - c.green() > 40 and c.red() - c.blue() > 40)
    return n


def test_chart_text_takes_the_widgets_text_colour(qtbot):
    chart = _in_red(BarChart())
    qtbot.addWidget(chart)
    chart.set_data([("Leaders", 75.0, "")])
    chart.resize(300, 80)
    assert _reddish(chart, strong=True) > 50  # the label and the score, in the palette's text colour (as a dark theme needs)

    radar = _in_red(RadarChart())
    qtbot.addWidget(radar)
    radar.set_data(["Leadership", "Finance", "Strategy"], [("2025/26", [40.0, 60.0, 80.0])])
    radar.resize(500, 420)
    assert _reddish(radar, strong=True) > 50  # the area names
    assert _reddish(radar, strong=False) > _reddish(radar, strong=True) + 50  # the grid and its scale, lighter

    bars = _in_red(AreaBars())
    qtbot.addWidget(bars)
    bars.set_data([("Leadership", 50.0)])
    bars.resize(60, 24)
    assert _reddish(bars, strong=False) >= 20  # the base line


def test_long_spoke_labels_at_large_text_neither_overlap_nor_shrink_the_radar_to_a_dot(qtbot, large_text):
    from PySide6.QtGui import QFontMetricsF

    radar = RadarChart()
    qtbot.addWidget(radar)
    areas = ["Leadership", "Institutional strategy", "Finance and resources", "Stakeholder engagement",
             "Staff development", "Curriculum and learning"]
    radar.set_data(areas, [("2026/27", [76, None, None, None, None, None])])  # five spokes "(no score)"
    radar.resize(550, 330)
    fm = QFontMetricsF(radar.font())
    centre, radius, _, _ = radar._geometry(fm)
    rects = radar.label_rects()
    assert radius > 3 * fm.height()
    for k, a in enumerate(rects):
        assert a.left() >= 0 and a.right() <= radar.width() + 0.5
        for b in rects[k + 1:]:
            assert not a.intersects(b), (a, b)


@pytest.mark.parametrize("size", [(552, 291), (552, 251), (424, 268), (400, 250)])
def test_in_a_short_radar_at_large_text_long_spoke_labels_stay_apart_and_whole(qtbot, large_text, size):
    """As Results gives it at 150% text on a 1280x720 or 1024x600 screen: the labels wrap at
    another width, or (the shortest) in slightly smaller letters, but never run into each other,
    and no word is cut."""
    from PySide6.QtGui import QFontMetricsF

    radar = RadarChart()
    qtbot.addWidget(radar)
    areas = ["Leadership", "Institutional strategy", "Finance and resources", "Stakeholder engagement",
             "Staff development", "Curriculum and learning"]
    radar.set_data(areas, [("2026/27", [None, 63, None, None, None, None])])
    radar.resize(*size)
    rects = radar.label_rects()
    for k, a in enumerate(rects):
        assert a.left() >= 0 and a.right() <= radar.width() + 0.5 and a.top() >= 0
        for b in rects[k + 1:]:
            assert not a.intersects(b), (a, b)
    assert radar._geometry(QFontMetricsF(radar.font()))[1] > 2 * QFontMetricsF(radar.font()).height()
    assert radar.label_font().pointSizeF() >= 0.8 * radar.font().pointSizeF()
    fm = QFontMetricsF(radar.label_font())
    for k, a in enumerate(rects):
        assert all(fm.horizontalAdvance(word) <= a.width() for word in radar.axis_label(k).split()), radar.axis_label(k)
    assert not radar.grab().isNull()


def test_a_short_line_chart_writes_only_the_scores_that_stand_apart(qtbot):
    from iah_assess.ui.charts import LineChart

    chart = LineChart()
    qtbot.addWidget(chart)
    chart.set_data(["2023/24", "2024/25"], [(f"Stakeholder engagement {k}", [40.0, 55.0]) for k in range(6)])
    chart.resize(400, 600)
    assert chart.axis_scores() == (0, 25, 50, 75, 100)
    chart.resize(400, 190)  # the legend's six lines leave the plot a few lines: before, the five scores overlapped
    assert chart.axis_scores() in ((0, 50, 100), (0, 100))
    assert not chart.grab().isNull()


ITEMS = [(f"Item number {k} of the area", 25.0 + 15 * (k % 5), "⚑ disagree" if k == 2 else "") for k in range(11)]


def _bar_rows(chart) -> list[int]:  # noqa: ANN001
    """The pixel rows where the bar colour is painted, a few pixels into the bars."""
    image = chart.grab().toImage()
    x = int(chart._label_width(chart.width()) + 10 + 4)
    bar = QColor("#0072B2").name()
    return [y for y in range(image.height()) if QColor(image.pixel(x, y)).name() == bar]


def _runs(rows: list[int]) -> list[int]:
    """The lengths of the runs of consecutive rows: each bar's thickness."""
    out: list[int] = []
    for k, y in enumerate(rows):
        if k and y == rows[k - 1] + 1:
            out[-1] += 1
        else:
            out.append(1)
    return out


def test_in_a_large_chart_the_bars_spread_over_its_height(qtbot):
    """At 1920x1080 the bars' side of Results is about 850x800: the bars covered a third of it."""
    chart = BarChart()
    qtbot.addWidget(chart)
    chart.set_data(ITEMS)
    chart.resize(854, 802)
    rows = _bar_rows(chart)
    assert rows[-1] - rows[0] >= 0.75 * chart.height()
    thick = _runs(rows)
    fh = chart.fontMetrics().height()
    assert len(thick) == 11 and max(thick) - min(thick) <= 1  # one thickness for every bar
    assert 1.5 * fh <= min(thick) and max(thick) <= 2.4 * fh + 1  # grown, but not into slabs
    painted = [r for r in chart.bar_rects() if r is not None]
    assert len(painted) == 11 and painted[-1].bottom() - painted[0].top() == pytest.approx(rows[-1] + 1 - rows[0], abs=2)


def test_a_few_bars_in_a_large_chart_keep_sensible_rows(qtbot):
    chart = BarChart()
    qtbot.addWidget(chart)
    chart.set_data(ITEMS[1:4])
    chart.resize(854, 802)
    fh = chart.fontMetrics().height()
    rects = chart.bar_rects()
    assert all(r.height() <= 2.4 * fh + 0.01 for r in rects)
    assert all(b.top() - a.top() <= 4.5 * fh + 0.01 for a, b in zip(rects, rects[1:]))  # rows no further apart
    assert max(r.right() for r in rects) <= 60 * fh + chart._label_width(854) + 10  # nor bars endless


def test_a_chart_at_the_height_its_rows_need_draws_them_as_before(qtbot, large_text):
    from PySide6.QtGui import QFontMetricsF

    chart = BarChart()
    qtbot.addWidget(chart)
    chart.set_data(ITEMS)
    chart.resize(420, chart.heightForWidth(420))
    fh = QFontMetricsF(chart.font()).height()
    heights = chart._row_heights(420)
    for rect, rh in zip(chart.bar_rects(), heights, strict=True):
        assert rect.height() == pytest.approx(min(rh - 6, fh * 1.2))
        assert rect.right() <= chart.width()
    assert _runs(_bar_rows(chart))  # painted


def test_the_item_bars_measure_their_labels_once_a_paint(qtbot, monkeypatch):
    """A paint measured every wrapped label some five times (its rows, the height for its width, the bars)."""
    chart = BarChart()
    qtbot.addWidget(chart)
    chart.set_data(ITEMS)
    chart.resize(600, 700)
    measured = []
    real = BarChart._row_heights
    monkeypatch.setattr(BarChart, "_row_heights", lambda self, width: measured.append(width) or real(self, width))
    font = chart.font()
    font.setPointSizeF(font.pointSizeF() * 1.5)  # another font: the labels are measured anew
    chart.setFont(font)
    measured.clear()
    chart.grab()
    assert len(measured) == 1
    chart.grab()
    assert len(measured) == 1  # the same size, font and rows: nothing to measure again
    taller = chart.heightForWidth(600)
    chart.set_data([(label + " and a good deal more words to wrap", score, flags) for label, score, flags in ITEMS])
    assert chart.heightForWidth(600) > taller  # new rows: measured anew
    assert len(measured) == 2
    chart.resize(500, 700)
    measured.clear()
    chart.grab()
    assert len(measured) == 1  # a new width


def test_in_a_narrow_chart_each_label_goes_over_its_bar_and_the_bars_take_the_width(qtbot, large_text):
    """Large text on a small screen: beside their labels the bars of 100 points were a few lines
    long and 50 could not be told from 63; the labels go over the bars, which take the width."""
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QFontMetricsF

    from iah_assess.ui.paint import WRAP

    chart = BarChart()
    qtbot.addWidget(chart)
    rows = [("Vidljiva posvećenost uprave internacionalizaciji kod kuće", 50.0, "(agreed) ⚑ disagree"),
            ("Заедничка работна дефиниција", 63.0, ""), ("Odgovorna osoba", None, ""), ("Ekipa", 100.0, "")]
    chart.set_data(rows)
    fh = QFontMetricsF(chart.font()).height()
    wide = int(fh * 45)
    chart.resize(wide, chart.heightForWidth(wide))
    assert not chart.stacked()  # room beside the labels
    narrow = int(fh * 22)
    chart.resize(narrow, chart.heightForWidth(narrow))
    assert chart.stacked()
    bars = chart.bar_rects()
    full = bars[3]
    assert all(b.left() == full.left() == 4 for b in bars if b is not None)  # from the left edge, under their labels
    assert full.width() >= narrow - 4 - chart._value_width() - 1  # a bar of 100 takes what the score leaves
    assert bars[0].width() / full.width() == pytest.approx(0.5) and bars[1].width() / full.width() == pytest.approx(0.63)
    assert bars[2] is None  # no level: the words, not a bar
    tops = [b.top() for b in bars if b is not None]
    label_h = QFontMetricsF(chart.font()).boundingRect(QRectF(0, 0, narrow - 8, 10000), WRAP, rows[0][0]).height()
    assert tops[0] >= chart._header() + label_h  # under its label's lines
    assert tops == sorted(tops) and _runs(_stacked_rows(chart))  # one under another, and painted


def _stacked_rows(chart) -> list[int]:  # noqa: ANN001
    image = chart.grab().toImage()
    bar = QColor("#0072B2").name()
    return [y for y in range(image.height()) if QColor(image.pixel(8, y)).name() == bar]


def test_a_cycle_with_no_score_yet_is_named_in_the_legend_and_not_drawn_as_low_scores(qtbot, monkeypatch):
    """A new cycle, or an earlier year entered later, with no answers yet: hollow markers at every
    spoke's centre end read as very low scores; it is drawn not at all, and the legend says why."""
    from iah_assess.ui import paint

    radar = RadarChart()
    qtbot.addWidget(radar)
    radar.resize(420, 420)
    radar.set_data(["Leadership", "Strategy", "Finance"], [("2025/26", [None, None, None]), ("2026/27", [40.0, None, 70.0])])
    assert [radar.legend_name(k) for k in range(2)] == ["2025/26 (no score yet)", "2026/27"]
    assert [radar.axis_label(i) for i in range(3)] == ["Leadership", "Strategy (no score)", "Finance"]
    drawn: list[tuple] = []
    real = paint.draw_marker
    monkeypatch.setattr(paint, "draw_marker", lambda p, kind, *a, **k: drawn.append((kind, k.get("filled", True)))
                        or real(p, kind, *a, **k))
    radar.grab()
    assert ("circle", False) not in drawn and drawn.count(("circle", True)) == 1  # 2025/26: its legend's sample only
    assert drawn.count(("square", True)) == 2 + 1 and drawn.count(("square", False)) == 1  # 2026/27: 2 scores, 1 gap
