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

from .collect import build as build
from .collect import combine as combine
from .collect import course_of as course_of
from .collect import from_results as from_results
from .collect import section as section
from .collect import title_conflicts as title_conflicts
from .records import UNITS as UNITS
from .records import HoursReport as HoursReport
from .records import Period as Period
from .records import PostDate as PostDate
from .records import Row as Row
from .records import Section as Section
from .records import Timeline as Timeline
from .records import Unit as Unit
from .records import decimals_for as decimals_for
from .records import show as show
