"""report --format html: a self-contained page, well-formed, escaped, and right in a browser."""

from __future__ import annotations

import shutil
import struct
import subprocess
import zlib
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner

from arena_lint.cli import main
from arena_lint.report.chart import PALETTE

XHTML = "{http://www.w3.org/1999/xhtml}"
SVG = "{http://www.w3.org/2000/svg}"
EVIL = 'x" onmouseover="alert(1)" y="'

POSTS = {
    "2024-09-02-start.md": (
        "---\ntitle: Week one\n---\nTotal Hours: 5\n- 5h Chapter 1: Limits\n"
        "    - 2h exercise 1.1 Epsilons\n    - 3h exercise 1.2 Squeezes\n"
    ),
    "2024-09-11-more.md": (
        f"Total Hours: 3\n- 2h Chapter 2: {EVIL}\n    - 2h exercise 2.1 Chains\n"
        "- 1h </svg><script>alert(2)</script>\n"
    ),
    "2024-09-27-late.md": "Total Hours: 4\n- 4h Chapter 2: Derivatives\n",
    "ideas.md": "Total Hours: 0.5\n- 0.5h Chapter 3: Integrals\n",
}


def _page(folder: Path, *args: str) -> Path:
    for name, text in POSTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    target = folder / "out" / "report.html"
    target.parent.mkdir()
    command = ["report", "--format", "html", "-o", str(target), *args, str(folder)]
    result = CliRunner().invoke(main, command)
    assert result.exit_code == 0, result.output
    return target


class _Strict(HTMLParser):
    """Collects start tags and attributes, and checks every element is closed in order."""

    VOID = frozenset({"meta", "br", "img", "link", "input", "hr"})

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        assert self.open.pop() == tag


def test_page_is_well_formed_self_contained_and_escaped(tmp_path: Path) -> None:
    page = _page(tmp_path, "--by", "week").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    root = ElementTree.fromstring(page.split("\n", 1)[1])  # well-formed XML too
    parser = _Strict()
    parser.feed(page)
    parser.close()
    assert parser.open == []
    tags = [tag for tag, _ in parser.tags]
    assert "script" not in tags
    assert not any(name.startswith("on") for _, attrs in parser.tags for name in attrs)
    # Nothing to fetch: no link, image or external reference of any kind.
    assert not {"link", "img", "iframe", "object"} & set(tags)
    assert "http://" not in page.replace('xmlns="http://www.w3.org/', "")
    assert "https://" not in page
    svg = root.find(f".//{XHTML}figure/{SVG}svg")
    assert svg is not None
    legend = svg.find(f".//{SVG}g[@class='legend']")
    assert legend is not None
    assert "".join(legend.itertext()).count("Chapter") == 3
    rows = root.findall(f".//{XHTML}table[@class='periods']/{XHTML}tbody/{XHTML}tr")
    cells = [[("".join(td.itertext())) for td in row] for row in rows]
    assert [row[:3] for row in cells] == [
        ["2024-09-02", "5.0h", "5.0h"],
        ["2024-09-09", "3.0h", "8.0h"],
        ["2024-09-16", "0.0h", "8.0h"],
        ["2024-09-23", "4.0h", "12.0h"],
        ["undated", "0.5h", "12.5h"],
    ]
    text = "".join(root.itertext())
    assert EVIL in text
    assert "</svg><script>alert(2)</script>" in text
    trees = root.findall(f".//{XHTML}section[@class='post']")
    assert len(trees) == 4
    assert "ideas.md" in "".join(root.find(f".//{XHTML}ul[@class='undated']").itertext())  # type: ignore[union-attr]


def test_by_post_page_lists_the_logs(tmp_path: Path) -> None:
    page = _page(tmp_path).read_text(encoding="utf-8")
    root = ElementTree.fromstring(page.split("\n", 1)[1])
    rows = root.findall(f".//{XHTML}table[@class='logs']/{XHTML}tbody/{XHTML}tr")
    assert len(rows) == 4
    assert root.find(f".//{SVG}g[@class='chapter']") is not None


# -- in a real browser ------------------------------------------------------------------


def _chromium() -> str:
    found = shutil.which("chromium")
    if found is None:
        pytest.skip("no chromium here; .ci/run installs Debian's package")
    return found


def _browse(page: Path, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    command = [
        _chromium(),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--hide-scrollbars",
        "--force-device-scale-factor=1",
        f"--user-data-dir={tmp_path / 'profile'}",
        *args,
        page.as_uri(),
    ]
    return subprocess.run(command, capture_output=True, timeout=120, check=True)


def _pixels(png: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and RGB rows of a non-interlaced 8-bit RGB(A) PNG."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    position, data, header = 8, b"", b""
    while position < len(png):
        (size,) = struct.unpack(">I", png[position : position + 4])
        kind = png[position + 4 : position + 8]
        body = png[position + 8 : position + 8 + size]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            data += body
        position += 12 + size
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert (depth, interlace) == (8, 0)
    channels = {2: 3, 6: 4}[colour]
    stride = width * channels
    raw = zlib.decompress(data)
    rows: list[bytes] = []
    previous = bytearray(stride)
    for y in range(height):
        kind, line = (
            raw[y * (stride + 1)],
            bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)]),
        )
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up, corner = previous[i], previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                estimate = left + up - corner
                near = min((abs(estimate - v), n) for n, v in enumerate((left, up, corner)))[1]
                line[i] = (line[i] + (left, up, corner)[near]) & 0xFF
        previous = line
        rows.append(bytes(b for i, b in enumerate(line) if i % channels < 3))
    return width, height, rows


@pytest.mark.slow
def test_the_page_in_headless_chromium(tmp_path: Path) -> None:
    page = _page(tmp_path, "--by", "week")
    dom = _browse(page, tmp_path, "--dump-dom").stdout.decode("utf-8")
    # The browser built the page we meant: its text, the chart inline, no script.
    assert "<h2>Hours by week</h2>" in dom
    assert "Hours per week: 12.5h" in dom
    parser = _Strict()
    parser.feed(dom)
    assert "script" not in [tag for tag, _ in parser.tags]
    assert not any(name.startswith("on") for _, attrs in parser.tags for name in attrs)
    assert f"Chapter 2 {EVIL}" in dom  # as text, in the table
    assert "Undated: <code>" in dom
    # Weeks 1 and 4 one chapter each, week 2 two (Chapter 2 is matched by number).
    assert dom.count('class="segment"') == 4

    shot = tmp_path / "page.png"
    _browse(page, tmp_path, f"--screenshot={shot}", "--window-size=1000,1400")
    width, height, rows = _pixels(shot.read_bytes())
    assert (width, height) == (1000, 1400)
    # The chart is drawn at its own size: the first chapter's colour covers the
    # area of its bars (5h, 2 parts of 2 and 3h, in the 1st week; none later)
    # and its legend key, as the SVG says, to within anti-aliasing at the edges.
    orange = bytes.fromhex(PALETTE[0][1:])
    painted = sum(row[i : i + 3] == orange for row in rows for i in range(0, len(row), 3))
    svg = ElementTree.fromstring(page.read_text(encoding="utf-8").split("\n", 1)[1]).find(
        f".//{SVG}svg"
    )
    assert svg is not None
    expected = sum(
        float(rect.get("width", "")) * float(rect.get("height", ""))
        for rect in svg.iter(f"{SVG}rect")
        if rect.get("fill") == PALETTE[0]
    )
    assert expected > 5000
    print(f"orange pixels {painted}, expected {expected:.0f}")
    assert painted == pytest.approx(expected, rel=0.06)
    # Text and bars are on the page, not a blank screenshot.
    dark = sum(max(row[i : i + 3]) < 80 for row in rows[:300] for i in range(0, len(row), 3))
    assert dark > 2000
