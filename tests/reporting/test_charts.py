"""The report's vector charts: the radar (its series, rings and labels) and the bars of an area's items."""

from __future__ import annotations

import math

import pytest
from reportlab.graphics.shapes import Group, Line, PolyLine, Polygon, Rect, String
from reportlab.graphics.widgetbase import Widget
from reportlab.graphics.widgets.markers import Marker
from reportlab.lib import colors

from iah_assess.reporting import fonts
from iah_assess.reporting.charts import item_bars, radar
from iah_assess.reporting.styles import ACCENT, PREVIOUS


def test_radar_rings_and_their_scores_stay_readable_over_the_series():
    fonts.register()  # as a report does before it draws
    d = radar(["Leadership", "Strategy", "Finance", "Curriculum"], [48.0, 50.0, None, 75.0], [40.0, 45.0, 30.0, 60.0],
              "2025/26", "2024/25", 240, 220)
    shapes = d.contents
    rings = [s for s in shapes if isinstance(s, Polygon)]
    assert len(rings) == 3 and all(s.strokeDashArray and s.fillColor is None for s in rings)  # 25, 50, 75, dotted
    assert all(len(s.points) == 2 * 4 for s in rings)  # a corner on each spoke
    chart = next(i for i, s in enumerate(shapes) if type(s).__name__ == "SpiderChart")
    for score in ("25", "50", "75", "100"):
        i, text = next((i, s) for i, s in enumerate(shapes) if isinstance(s, String) and s.text == score)
        backdrop = shapes[i - 1]
        # drawn after the series, on a white box that holds the whole number
        assert i > chart and isinstance(backdrop, Rect) and backdrop.fillColor == colors.white
        assert backdrop.x < text.x and backdrop.y < text.y < backdrop.y + backdrop.height
    ys = [next(s.y for s in shapes if isinstance(s, String) and s.text == score) for score in ("25", "50", "75", "100")]
    assert ys == sorted(ys)  # the scores climb the first spoke, outward


IAH_AREAS = ["Leadership", "Institutional strategy", "Finance and resources", "Stakeholder engagement",
             "Staff development", "Curriculum and learning"]


def _centre_and_radius(d) -> tuple[float, float, float]:
    """The radar's centre and outer radius, from its dotted ring at 25."""
    ring = next(s for s in d.contents if isinstance(s, Polygon))
    xs, ys = ring.points[0::2], ring.points[1::2]
    cx, cy = sum(xs) / len(xs), sum(ys) / len(ys)
    return cx, cy, 4 * math.hypot(xs[0] - cx, ys[0] - cy)


def _drawn(node):
    """Every shape a drawing draws, its charts and labels drawn out too; markers as they are."""
    for s in getattr(node, "contents", []):
        if isinstance(s, Marker):
            yield s
        elif isinstance(s, Group):
            yield from _drawn(s)
        elif isinstance(s, Widget):
            yield from _drawn(s.draw())
        else:
            yield s


def _series(d) -> tuple[list, list]:
    """The outlines and the markers of the radar's series."""
    shapes = list(_drawn(d))
    outlines = [s for s in shapes if isinstance(s, (Polygon, PolyLine)) and s.strokeColor in (ACCENT, PREVIOUS)]
    return outlines, [s for s in shapes if isinstance(s, Marker)]


def test_an_area_without_a_score_has_no_point_on_its_spoke_in_either_cycle():
    fonts.register()
    scores = [48.0, None, 60.0, 75.0, None, 30.0]
    previous = [40.0, 45.0, None, 60.0, None, 20.0]
    d = radar(IAH_AREAS, scores, previous, "2025/26", "2024/25", 240, 216)
    cx, cy, r = _centre_and_radius(d)
    outlines, markers = _series(d)
    assert outlines
    for shape in outlines:  # no outline drops to the centre, which would read as a score of 0
        for x, y in zip(shape.points[0::2], shape.points[1::2], strict=True):
            assert math.hypot(x - cx, y - cy) > 0.1 * r
    assert len(markers) == 4 + 4  # a point for each area with a score, in each cycle
    for m in markers:
        spoke = round((math.pi / 2 - math.atan2(m.y - cy, m.x - cx)) / (2 * math.pi / 6)) % 6
        values = scores if m.kind == "FilledCircle" else previous
        assert values[spoke] is not None
        assert math.hypot(m.x - cx, m.y - cy) == pytest.approx(r * values[spoke] / 100)


def test_a_cycle_with_no_scores_draws_spokes_only():
    fonts.register()
    d = radar(IAH_AREAS, [None] * 6, None, "2025/26", None, 240, 216)
    assert _series(d) == ([], [])


def test_spoke_labels_stay_inside_the_radar_beside_the_score_table():
    fonts.register()
    for width in (240.0, 180.0):  # the summary's half of an A4 page, and narrower
        for scores in ([None] * 6, [50.0] * 6):
            d = radar(IAH_AREAS, scores, None, "2025/26", None, width, width * 0.9)
            x0, y0, x1, y1 = d.getBounds()
            assert 0 <= x0 and x1 <= width and 0 <= y0 and y1 <= width * 0.9
    d = radar(IAH_AREAS, [None] * 6, None, "2025/26", None, 240, 216)
    chart = next(s for s in d.contents if type(s).__name__ == "SpiderChart")
    assert all(label.endswith("\n(no score)") for label in chart.labels)  # the spoke still says it


def test_an_item_with_no_level_says_so_and_is_not_drawn_as_level_0():
    fonts.register()
    d = item_bars(["No level yet", "At level 0", "At level 2"], [None, 0, 2], [3, 3, 3], 400, "0 … 4")
    words = [s for s in d.contents if isinstance(s, String) and s.text == "no level"]
    assert len(words) == 1  # the item at level 0 has no such words: the two read differently
    chart = next(s for s in d.contents if type(s).__name__ == "HorizontalBarChart")
    # in the top row (the first item), in the lower of its two bars, where its level bar would start
    row = chart.height / 3
    top = chart.y + 2 * row
    assert top < words[0].y < top + row / 2 and chart.x < words[0].x < chart.x + 10
    box = next(s for s in d.contents if isinstance(s, Rect) and s.x == chart.x and top < s.y < top + row / 2)
    assert box.fillColor is None and box.strokeDashArray  # an empty, dotted bar, not a solid one


def test_an_item_at_level_0_has_a_bar_marked_0_unlike_one_with_no_level():
    fonts.register()
    d = item_bars(["No level yet", "At level 0", "At level 2"], [None, 0, 2], [3, 3, 3], 400, "0 … 4")
    chart = next(s for s in d.contents if type(s).__name__ == "HorizontalBarChart")
    row = chart.height / 3
    middle = chart.y + row  # the second item, in the lower of its two bars (as "no level" above)
    stubs = [s for s in d.contents if isinstance(s, Rect) and s.x == chart.x and middle < s.y < middle + row / 2]
    assert len(stubs) == 1
    stub = stubs[0]
    assert stub.fillColor == ACCENT and not stub.strokeDashArray and 1.5 <= stub.width < 0.05 * chart.width
    zero = [s for s in d.contents if isinstance(s, String) and s.text == "0"]
    assert len(zero) == 1 and middle < zero[0].y < middle + row / 2 and zero[0].x > stub.x + stub.width
    # nothing of the kind for the item with no level, nor for the one at level 2
    assert not [s for s in d.contents if isinstance(s, Rect) and s.fillColor == ACCENT and s.y > middle + row]
    assert not [s for s in d.contents if isinstance(s, Rect) and s.x == chart.x and chart.y < s.y < middle]


def _strings(d) -> list[String]:
    return [s for s in _drawn(d) if isinstance(s, String)]


def _right(s: String) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return s.x + stringWidth(s.text, s.fontName, s.fontSize)


def test_the_radar_legend_keeps_a_long_cycle_name_clear_of_the_previous_cycle():
    fonts.register()
    current = "2025/26 – пролетен семестар (Ѓ Ќ Љ Њ Џ)"
    d = radar(IAH_AREAS, [50.0] * 6, [40.0] * 6, current, "2024/25", 246, 221)
    now = next(s for s in d.contents if isinstance(s, String) and s.text.endswith("(solid)"))
    then = next(s for s in d.contents if isinstance(s, String) and s.text.endswith("(dashed)"))
    assert now.text == f"{current} (solid)"  # whole: there is room for it
    sample = next(s for s in d.contents if isinstance(s, Line))
    # on a row of their own, or each after the other's end; the dashed sample clear of the text too
    assert then.y != now.y or then.x > _right(now)
    assert sample.y1 < now.y or sample.x1 > _right(now)
    assert max(_right(now), _right(then)) <= 246
    short = radar(IAH_AREAS, [50.0] * 6, [40.0] * 6, "2025/26", "2024/25", 246, 221)
    texts = {s.text: s.y for s in short.contents if isinstance(s, String) and "(" in s.text}
    assert texts["2025/26 (solid)"] == texts["2024/25 (dashed)"]  # short names still share a row


def test_item_bar_labels_are_cut_only_when_they_do_not_fit():
    fonts.register()
    title = "Development for leaders of internationalisation"  # 47 characters, which fit
    d = item_bars([title, "x" * 120], [3, 2], [3, 3], 493, "0 … 4")
    chart = next(s for s in d.contents if type(s).__name__ == "HorizontalBarChart")
    names = chart.categoryAxis.categoryNames
    assert title in names
    long = next(n for n in names if n.startswith("x"))
    assert long.endswith("…")
    from reportlab.pdfbase.pdfmetrics import stringWidth

    assert stringWidth(long, fonts.REGULAR, 6.5) <= chart.x  # inside the room left of the bars


def test_score_lines_break_where_a_cycle_has_no_score():
    from iah_assess.reporting.charts import score_lines

    fonts.register()
    d = score_lines(["2023/24", "2024/25", "2025/26", "2026/27"], [("Overall index", [0.0, None, 100.0, 40.0])], 480)
    chart = next(s for s in d.contents if type(s).__name__ == "HorizontalLineChart")
    xs = [chart.x + chart.width * (k + 0.5) / 4 for k in range(4)]
    for line in (s for s in _drawn(d) if isinstance(s, PolyLine)):
        points = line.points[0::2]
        # no line passes over 2024/25, which would read as a score there
        assert not (min(points) < xs[1] < max(points)), points
    segments = [s for s in _drawn(d) if isinstance(s, PolyLine) and len(s.points) == 4]
    assert len(segments) == 1  # 2025/26 to 2026/27 is still joined


def test_score_line_legend_names_stay_in_their_column():
    from iah_assess.reporting.charts import score_lines

    fonts.register()
    names = ["Overall index", "Лидерство и управување со интернационализацијата дома на ниво на целиот универзитет",
             "Student voice and participation in the governance of internationalisation", "Research"]
    width = 480
    series = [(n, [50.0, 60.0]) for n in names[:2]] + [(n, [None, None]) for n in names[2:]]
    d = score_lines(["2024/25", "2025/26"], series, width)
    legend = [s for s in d.contents if isinstance(s, String)]
    column = (width - 8) / 2
    for s in legend:
        start = 4 + (0 if s.x < 4 + column else column)
        assert _right(s) <= start + column - 6, s.text  # clear of the next column's line
    assert any(s.text.endswith("(no score)") and s.text.startswith("Student voice") for s in legend)


def test_spoke_labels_of_many_areas_do_not_run_into_each_other():
    fonts.register()
    titles = ["Лидерство и управување со интернационализацијата дома", "Strategjia institucionale", "Finansije",
              "Ангажман на засегнатите страни", "Razvoj osoblja: čćđšž", "Curriculum", "Digital",
              "Student voice and participation in the governance of internationalisation", "Research"]
    for scores in ([None] * 9, [50.0] * 9):  # "(no score)" makes each label a line longer
        d = radar(titles, scores, None, "2025/26", None, 246, 221)
        chart = next(s for s in d.contents if type(s).__name__ == "SpiderChart")
        boxes = [s.getBounds() for s in chart.draw().contents if type(s).__name__ == "SpokeLabel"]
        assert len(boxes) == 9
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:
                assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (a, b)
        x0, y0, x1, y1 = d.getBounds()
        assert 0 <= x0 and x1 <= 246 and 0 <= y0 and y1 <= 221


# area names of a translated questionnaire, in Macedonian and Albanian, some 50 characters long; one with
# a word joined by a slash, wider than a line
LONG_AREAS = ["Лидерство и управување со интернационализацијата дома",
              "Strategjia institucionale e ndërkombëtarizimit në shtëpi",
              "Интернационализација/интеркултурност на наставата",
              "Angazhimi i palëve të interesuara në komunitetin lokal",
              "Професионален развој на наставниот и ненаставниот кадар",
              "Kurrikula dhe mësimdhënia ndërkulturore/ndërkombëtare"]


def _spoke_labels(d) -> list[tuple[list[String], tuple[float, float, float, float]]]:
    """Each spoke label's strings and its box in the drawing (left, bottom, right, top), measured with
    stringWidth and the font's ascent and descent."""
    from reportlab.pdfbase.pdfmetrics import getAscentDescent, stringWidth

    chart = next(s for s in d.contents if type(s).__name__ == "SpiderChart")
    out = []
    for label in (s for s in chart.draw().contents if type(s).__name__ == "SpokeLabel"):
        group = label.draw()
        dx, dy = group.transform[4], group.transform[5]
        strings = [s for s in group.contents if isinstance(s, String)]
        x0 = y0 = math.inf
        x1 = y1 = -math.inf
        for s in strings:
            w = stringWidth(s.text, s.fontName, s.fontSize)
            left = dx + s.x - {"start": 0, "middle": w / 2, "end": w}[s.textAnchor]
            ascent, descent = getAscentDescent(s.fontName, s.fontSize)
            x0, x1 = min(x0, left), max(x1, left + w)
            y0, y1 = min(y0, dy + s.y + descent), max(y1, dy + s.y + ascent)
        out.append((strings, (x0, y0, x1, y1)))
    return out


def _overlap(a: list[tuple[float, float]], b: list[tuple[float, float]]) -> bool:
    """Whether two convex shapes (their corners in order) overlap: no edge of either separates them."""
    for shape in (a, b):
        for (x0, y0), (x1, y1) in zip(shape, shape[1:] + shape[:1], strict=True):
            nx, ny = y1 - y0, x0 - x1
            pa, pb = [nx * x + ny * y for x, y in a], [nx * x + ny * y for x, y in b]
            if max(pa) <= min(pb) + 1e-6 or max(pb) <= min(pa) + 1e-6:
                return False
    return True


def test_long_area_names_stay_whole_and_inside_the_radar_and_off_the_chart():
    fonts.register()
    for width in (246.6, 255.1):  # beside the score table, on A4 and on letter paper
        height = width * 0.9
        d = radar(LONG_AREAS, [50.0, None, 60.0, 40.0, None, 70.0], [40.0] * 6, "2025/26", "2024/25", width, height)
        labels = _spoke_labels(d)
        assert len(labels) == 6
        cx, cy, r = _centre_and_radius(d)
        assert r >= 40, r  # a chart still, not a dot
        ring = [(cx + r * math.cos(math.pi / 2 - k * math.pi / 3), cy + r * math.sin(math.pi / 2 - k * math.pi / 3))
                for k in range(6)]
        for name, (strings, (x0, y0, x1, y1)) in zip(LONG_AREAS, labels, strict=True):
            lines = [s.text for s in strings if s.text != "(no score)"]
            assert "".join(lines).replace(" ", "") == name.replace(" ", ""), lines  # whole, no "…"
            assert all(s.fontSize >= 5.5 for s in strings)  # smaller, within limits
            assert 0 <= x0 and x1 <= width and 0 <= y0 and y1 <= height, (name, (x0, y0, x1, y1))
            assert not _overlap([(x0, y0), (x1, y0), (x1, y1), (x0, y1)], ring), name  # off the chart
        for i, (_, a) in enumerate(labels):
            for _, b in labels[i + 1:]:
                assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (a, b)


def _every_layout(titles, scored, angles, anchors, cx, cy, area):
    """The radar's label layout as it was found before: every line limit, size and width set apart and
    scored, the best kept (of equals, the first)."""
    import itertools

    from iah_assess.reporting import charts

    half = min(area[2] - area[0], area[3] - area[1]) / 2
    best = None
    for most, size, width in itertools.product(charts.LABEL_LINES, charts.LABEL_SIZES, charts.LABEL_WIDTHS):
        laid = [charts._spoke_label(t, s, size, width * (1 if align != "middle" else 2), most)
                for t, s, (_, align) in zip(titles, scored, anchors, strict=True)]
        texts = [lines for lines, _, _ in laid]
        boxes = [charts._label_box(a, lines, size) for (a, _), lines in zip(anchors, texts, strict=True)]
        r, shifts, inside = charts._place(angles, boxes, cx, cy, area)
        key = (inside, -sum(c for _, c, _ in laid), r >= charts.SMALLEST_CHART * half,
               -sum(b for _, _, b in laid), r >= charts.GOOD_CHART * half, size, r)
        if best is None or key > best[0]:
            best = (key, (size, texts, r, shifts))
    return best[1]


def _layout_case(titles: list[str], width: float, unscored: int = 0):
    n = len(titles)
    angles = [math.pi / 2 - 2 * math.pi * i / n for i in range(n)]
    from iah_assess.reporting import charts

    anchors = [charts._label_anchor(a) for a in angles]
    height = width * 0.9
    scored = [not unscored or i % unscored != 1 for i in range(n)]
    return titles, scored, angles, anchors, width / 2, 22 + (height - 22) / 2, (4, 26, width - 4, height - 4)


def test_the_radar_sets_the_labels_of_the_usual_areas_apart_once_or_twice(monkeypatch):
    """Setting the labels apart for every one of the 30 layouts made the report's radar ten times slower;
    the layout kept is the one trying them all finds."""
    from iah_assess.reporting import charts

    fonts.register()
    placed = []
    real = charts._place
    monkeypatch.setattr(charts, "_place", lambda *a: placed.append(1) or real(*a))
    for titles in (IAH_AREAS, ["Leadership", "Strategy", "Finance", "Curriculum"], IAH_AREAS * 4):
        for width in (240, 246.6, 255.1):
            for unscored in (0, 3):
                case = _layout_case(titles, width, unscored)
                placed.clear()
                kept = charts._label_layout(*case)
                assert len(placed) <= 2, (titles[:2], width, len(placed))
                assert kept == _every_layout(*case)


def test_the_radar_keeps_the_layout_trying_them_all_finds_for_long_and_many_names():
    from iah_assess.reporting import charts

    fonts.register()
    for titles in (LONG_AREAS, LONG_AREAS * 2, [t.upper() for t in IAH_AREAS] * 2, ["Supercalifragilistic"], ["", "x", ""]):
        for width in (140, 200, 246.6, 400):
            for unscored in (0, 3):
                case = _layout_case(titles, width, unscored)
                assert charts._label_layout(*case) == _every_layout(*case), (titles[:1], width, unscored)
