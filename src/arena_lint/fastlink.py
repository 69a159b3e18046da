"""The inline fast path: a line of plain text around one plain link, read
straight into the tokens markdown-it's inline rules would make.

Nearly every line of a log is `TEXT [LABEL](URL) TEXT`, and on such lines
markdown-it's inline parser spends most of its time trying each of its rules
at each special character. Kept because it pays: without it the "1,000 mixed
files" benchmark row missed its CPU goal (1.07x against 1.0x; see
docs/architecture.md). tests/test_parser_speed.py checks token for token that
both read every line the fast path accepts alike, on generated strings, whole
documents and the CommonMark examples.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

#: The inline rules the fast path stands in for: with any other set (a plugin)
#: it stays off.
_INLINE_RULES = [
    "text", "newline", "escape", "backticks", "emphasis",
    "link", "image", "autolink", "html_inline", "entity",
]  # fmt: skip
_INLINE_RULES2 = ["balance_pairs", "emphasis", "fragments_join"]
# Text that starts no inline syntax: no escape, link or image bracket, autolink
# or HTML, emphasis, code span, entity, line break.
_PLAIN = r"[^\\\[\]<>*_`&!\n\r]*"
# A destination markdown-it reads as written: no space or control character
# (they end it), no parenthesis (nesting), no `<` form, no escape or entity
# (decoded); not empty (an empty one takes another path).
_ONE_LINK = re.compile(
    rf"(?P<before>{_PLAIN})\[(?P<label>{_PLAIN})\]"
    rf"\((?P<url>[^\s()<>\\&\x00-\x1f\x7f]+)\)(?P<after>{_PLAIN})"
)


def one_link(src: str, md: MarkdownIt) -> list[Token] | None:
    """The inline tokens of ``src`` when it is plain text around one plain link
    (what ``md.inline.parse`` would make of it), else ``None``."""
    match = _ONE_LINK.fullmatch(src)
    if match is None:
        return None
    href = md.normalizeLink(match["url"])
    if not md.validateLink(href):
        return None  # `javascript:`: markdown-it reads such a line another way
    before, label, after = match.group("before", "label", "after")
    tokens = []
    if before:
        tokens.append(Token("text", "", 0, content=before))
    tokens.append(Token("link_open", "a", 1, attrs={"href": href}))
    if label:
        tokens.append(Token("text", "", 0, level=1, content=label))
    tokens.append(Token("link_close", "a", -1))
    if after:
        tokens.append(Token("text", "", 0, content=after))
    return tokens


def inline(state: StateCore) -> None:
    """markdown-it's core `inline` rule, with :func:`one_link` tried first."""
    md = state.md
    # Checked at each parse: a rule enabled after the parser was built turns it off.
    applies = (
        md.inline.ruler.get_active_rules() == _INLINE_RULES
        and md.inline.ruler2.get_active_rules() == _INLINE_RULES2
        and md.options["maxNesting"] > 1  # the label is read one level down
    )
    for token in state.tokens:
        if token.type == "inline":
            if token.children is None:
                token.children = []
            fast = one_link(token.content, md) if applies else None
            if fast is None:
                md.inline.parse(token.content, md, state.env, token.children)
            else:
                token.children.extend(fast)
