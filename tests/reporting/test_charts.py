"""The report's vector charts: what the radar draws besides the series."""

from __future__ import annotations

from reportlab.graphics.shapes import Polygon, Rect, String
from reportlab.lib import colors

from iah_assess.reporting import fonts
from iah_assess.reporting.charts import radar


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
