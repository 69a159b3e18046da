"""``report --format html``: one self-contained page to open in a browser.

The chart is inline SVG, the style an inline sheet; there is no script and
nothing is fetched (the page's Content-Security-Policy forbids both, so even a
title that slipped through could not run or call home). The page is also
well-formed XML, so an XML parser can check it. Every title and path from the
posts is escaped with :mod:`arena_lint.escape`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..escape import xml_attribute, xml_document, xml_text
from ..words import plural
from .chart import PALETTE, render_plan, render_report
from .records import HoursReport, Section

if TYPE_CHECKING:
    from .plan import Plan
    from .records import Timeline

STYLE = """
body { font: 15px/1.45 system-ui, sans-serif; color: #1a1a1a; margin: 2rem auto;
  max-width: 980px; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
.lead { color: #444; margin-top: 0; }
figure { margin: 1.5rem 0; overflow-x: auto; }
figure svg { max-width: 100%; height: auto; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; }
th, td { padding: 0.25rem 0.7rem; border-bottom: 1px solid #ddd; }
th { text-align: left; background: #f4f4f4; }
td:first-child { white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.key { display: inline-block; width: 0.8em; height: 0.8em; margin-right: 0.3em; }
.post { border-top: 1px solid #ddd; padding-top: 0.5rem; }
.tree, .tree ul { list-style: none; padding-left: 1.2rem; margin: 0; }
.tree .hours { color: #444; margin-left: 0.5em; font-variant-numeric: tabular-nums; }
.muted { color: #666; }
.problems { color: #a33; }
.problems.warnings { color: #8a5a00; }
""".strip()


def render(report: HoursReport, title: str = "Study hours") -> str:
    """The whole page."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en" xmlns="http://www.w3.org/1999/xhtml">',
        "<head>",
        '<meta charset="utf-8"/>',
        '<meta name="viewport" content="width=device-width, initial-scale=1"/>',
        '<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; style-src 'unsafe-inline'\"/>",
        f"<title>{xml_text(title)}</title>",
        f"<style>\n{STYLE}\n</style>",
        "</head>",
        "<body>",
        f"<h1>{xml_text(title)}</h1>",
        f'<p class="lead">{_lead(report)}</p>',
    ]
    if report.logs:
        parts.append(f'<figure class="chart">\n{render_report(report).strip()}\n</figure>')
    if report.timeline is not None:
        parts += _periods(report.timeline)
    else:
        parts += _logs(report)
    for plan in report.plans:
        parts += _plan(plan, chart=report.timeline is not None or len(report.plans) > 1)
    parts.append("<h2>Posts</h2>")
    parts += [line for log in report.logs for line in _tree(log)]
    parts += ["</body>", "</html>"]
    return xml_document("\n".join(parts) + "\n")


def _lead(report: HoursReport) -> str:
    if not report.logs:
        return "No logs found."
    posts = len({log.path for log in report.logs})
    text = f"{report.all.show(report.all.total)} in {posts} post{'' if posts == 1 else 's'}"
    line = report.timeline
    if line is not None and (line.since is not None or line.until is not None):
        since = line.since.isoformat() if line.since is not None else "the start"
        until = line.until.isoformat() if line.until is not None else "the end"
        text += f", dated from {since} to {until}"
    return xml_text(text + ".")


def _periods(line: Timeline) -> list[str]:
    show = line.show
    head = "Week of" if line.unit == "week" else "Month"
    cells = "".join(
        f'<th class="num"><span class="key" style="background: {_swatch(i)}"></span>'
        f"{xml_text(row.label)}</th>"
        for i, row in enumerate(line.chapters)
    )
    out = [
        f"<h2>Hours by {line.unit}</h2>",
        '<table class="periods">',
        f'<thead><tr><th>{head}</th><th class="num">Hours</th><th class="num">Total</th>'
        f"{cells}</tr></thead>",
        "<tbody>",
    ]
    for period in line.rows:
        chapters = "".join(
            f'<td class="num">{show(hours) if hours else ""}</td>' for hours in period.chapters
        )
        out.append(
            f'<tr><td>{period.label}</td><td class="num">{show(period.hours)}</td>'
            f'<td class="num"><strong>{show(period.running)}</strong></td>{chapters}</tr>'
        )
    out += ["</tbody>", "</table>"]
    undated = line.undated_posts
    if undated:
        out.append('<ul class="undated">')
        out += [
            f"<li>Undated: <code>{xml_text(post.path)}</code> "
            f'<span class="muted">({xml_text(post.source)})</span></li>'
            for post in undated
        ]
        out.append("</ul>")
    return out


def _plan(plan: Plan, *, chart: bool) -> list[str]:
    """A course against its outline: the summary, the pace, a row per chapter and
    exercise, what was logged that the outline lacks; its own chart when the page's
    is not already it."""
    out = [
        f'<section class="plan" data-course="{xml_attribute(plan.name)}">',
        f"<h2>Plan: {xml_text(plan.name)} "
        f'<span class="muted"><code>{xml_text(plan.outline)}</code></span></h2>',
        f'<p class="lead">{xml_text(plan.summary())}.<br/>{xml_text(plan.pace_line())}.</p>',
    ]
    if chart:
        out.append(f'<figure class="chart">\n{render_plan(plan).strip()}\n</figure>')
    out += [
        '<table class="plan">',
        '<thead><tr><th>Item</th><th class="num">Spent</th><th class="num">Planned</th>'
        "<th>Status</th></tr></thead>",
        "<tbody>",
    ]
    for depth, item in plan.walk():
        label = xml_text(item.label)
        if depth == 0:
            label = f"<strong>{label}</strong>"
        pad = f' style="padding-left: {0.7 + 1.2 * depth:.1f}rem"' if depth else ""
        out.append(
            f'<tr data-status="{item.status}"><td{pad}>{label}</td>'
            f'<td class="num">{plan.spent_cell(item)}</td>'
            f'<td class="num">{plan.planned_cell(item)}</td><td>{item.status}</td></tr>'
        )
    out += ["</tbody>", "</table>"]
    if plan.extra:
        out.append('<ul class="extra">')
        out += [
            f"<li>Not in the outline: {xml_text(row.label)}, "
            f"{'skipped' if row.skipped else plan.show(row.hours)} "
            f'<span class="muted">({xml_text(", ".join(row.sources))})</span></li>'
            for row in plan.extra
        ]
        out.append("</ul>")
    out.append("</section>")
    return out


def _logs(report: HoursReport) -> list[str]:
    out = [
        "<h2>Logs</h2>",
        '<table class="logs">',
        '<thead><tr><th>Log</th><th class="num">Hours</th><th class="num">Stated</th>'
        '<th class="num">Errors</th><th class="num">Warnings</th></tr></thead>',
        "<tbody>",
    ]
    for log in report.logs:
        stated = log.show(log.stated) if log.stated is not None else ""
        out.append(
            f"<tr><td>{_name(log)}</td>"
            f'<td class="num">{log.show(log.total)}</td><td class="num">{stated}</td>'
            f'<td class="num">{log.errors}</td><td class="num">{log.warnings}</td></tr>'
        )
    out += ["</tbody>", "</table>"]
    return out


def _name(log: Section) -> str:
    """A post by its title, with where its log is; by ``path:line`` alone without one."""
    where = f"<code>{xml_text(log.name)}</code>"
    if log.title is None:
        return where
    return f'<cite>{xml_text(log.title)}</cite> <span class="muted">{where}</span>'


def _tree(log: Section) -> list[str]:
    """A post's log as nested lists: entry, hours; skipped and untimed said so."""
    heading = f"{_name(log)}: {log.show(log.total)}"
    if log.stated is not None and log.stated != log.total:
        heading += f' <span class="muted">(stated {log.show(log.stated)})</span>'
    if log.errors or log.warnings:
        # Red for errors only: warnings alone do not fail a run.
        kind = "problems" if log.errors else "problems warnings"
        heading += (
            f' <span class="{kind}">{plural(log.errors, "error")}, '
            f"{plural(log.warnings, 'warning')}: see arena-lint check</span>"
        )
    out = [
        f'<section class="post" data-path="{xml_attribute(log.path or "")}">',
        f"<h3>{heading}</h3>",
    ]
    depth = -1
    for level, row in log.walk():
        if level > depth:
            out.append('<ul class="tree">' if level == 0 else "<ul>")
        else:
            out.append("</li>")
            out += ["</ul></li>"] * (depth - level)
        depth = level
        if row.skipped:
            hours = '<span class="hours muted">skipped</span>'
        elif not row.timed:
            hours = '<span class="hours muted">no time</span>'
        else:
            hours = f'<span class="hours">{log.show(row.hours)}</span>'
        out.append(f"<li>{xml_text(row.label)}{hours}")
    if depth >= 0:
        out.append("</li>")
        out += ["</ul></li>"] * depth
        out.append("</ul>")
    out.append("</section>")
    return out


def _swatch(index: int) -> str:
    # A CSS background cannot use the chart's SVG hatch patterns: past the
    # palette, the key shows the colour the hatching is drawn in.
    return PALETTE[index % len(PALETTE)]
