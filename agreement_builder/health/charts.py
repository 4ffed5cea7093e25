"""The health report's two charts, drawn by pygal as inline SVG (no script, no network, no fonts fetched).

pygal builds its SVG with an XML library, so a behaviour's or a partner's text
in a label is escaped like any other XML text. Labels are cut to a length that
fits; the tables beside the charts give every text in full and every number.
"""
from __future__ import annotations

import pygal
from lxml import etree
from pygal.style import Style

from .. import vocabulary

COLORS = ("#1D5C74", "#D98E04", "#B42318")  # first partner, second partner, the gap
LABEL_CHARS = 46
_STYLE = Style(background="#FFFFFF", plot_background="#FFFFFF", foreground="#1F2A37",
               foreground_strong="#1F2A37", foreground_subtle="#D0D5DD", colors=COLORS,
               font_family="Arial, Helvetica, sans-serif", label_font_size=12, major_label_font_size=12,
               legend_font_size=13, title_font_size=15, value_font_size=11)
_COMMON = dict(style=_STYLE, js=[], disable_xml_declaration=True, legend_at_bottom=True, truncate_label=-1,
               truncate_legend=-1, print_values=False, show_y_guides=True, explicit_size=False)


def gap_chart(figures: dict) -> str:
    """Each partner's score per item in the latest survey period, side by side."""
    if not figures["survey_periods"]:
        return ""
    labels = [_label(item) for item in figures["items"]]
    chart = pygal.HorizontalBar(width=900, height=120 + 34 * len(labels), range=(0, 5), xrange=(0, 5),
                                title=f"{figures['survey_periods'][-1]}", **_COMMON)
    chart.x_labels = list(reversed(labels))  # pygal draws the first label at the bottom
    for partner in figures["partners"]:
        chart.add(partner["name"], list(reversed([item["periods"][-1]["scores"][partner["key"]]
                                                  for item in figures["items"]])))
    return _svg(chart)


def trend_chart(figures: dict) -> str:
    """Each partner's overall score, and the gap between them, period by period."""
    if not figures["survey_periods"]:
        return ""
    chart = pygal.Line(width=900, height=360, range=(0, 5), dots_size=5, stroke_style={"width": 3},
                       **_COMMON)
    chart.x_labels = figures["survey_periods"]
    for partner in figures["partners"]:
        chart.add(partner["name"], [row["scores"][partner["key"]] for row in figures["overall"]])
    chart.add(vocabulary.words("health", "report", "gap"), [row["gap"] for row in figures["overall"]],
              stroke_style={"width": 2, "dasharray": "6, 4"})
    return _svg(chart)


def _label(item: dict) -> str:
    text = item["text"] if item["tag"].startswith("behaviour-") else f"{item['group']}: {item['text']}"
    return text if len(text) <= LABEL_CHARS else text[:LABEL_CHARS - 1].rstrip() + "…"


def _svg(chart) -> str:
    """The chart as SVG markup without the script pygal embeds (its settings and labels for an
    interactive viewer this page does not load): nothing on the page runs."""
    root = chart.render_tree()
    for node in list(root.iter("script", _SCRIPT, etree.Comment)):
        node.getparent().remove(node)
    # The table beside each chart holds the same figures for screen readers; the picture is for the eye.
    root.set("aria-hidden", "true")
    root.set("focusable", "false")
    return etree.tostring(root, encoding="unicode")


_SCRIPT = "{http://www.w3.org/2000/svg}script"
