"""``arena-lint report``: where the time went, per log and across a whole blog.

Built from the typed trees the pipeline returns. Hours are *computed*, from
the leaves (:func:`arena_lint.model.computed_hours`, as ``--fix`` would make
them); a log's *stated* total is shown beside them when it differs.
Entries of different logs are one row when they are the same entry of the same
course (:attr:`Row.key`): the same number (chapters and exercises; other
entries, the same title) in posts of the same ``course``, the front matter key
(posts without one are one course together). Many courses number their
chapters from 1: rows of one number whose titles disagree are said
(:attr:`HoursReport.problems`), with the remedy, a ``course`` in each post.
The same exercise logged twice is summed and flagged.
"""

from __future__ import annotations

# The names the command and the tests use; the package's own modules import
# from records.py and collect.py.
from .collect import from_results as from_results
from .records import HoursReport as HoursReport
from .records import Unit as Unit
