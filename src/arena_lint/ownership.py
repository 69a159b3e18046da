"""A replacement file given the owner, group and extended attributes of the one
it replaces (:mod:`.atomic` writes it beside the old one, then renames it).

arena-lint often runs as root on a repository it does not trust: a repaired
post must not change who owns it nor lose its tags and ACLs.
"""

from __future__ import annotations

import os
from pathlib import Path


class OwnerUnkept(Exception):
    """The temporary file cannot be given the old file's owner or group."""


#: Left to the system: it labels a new file by its policy, and copying a label
#: needs a privilege that relabelling by policy does not.
SYSTEM_LABELS = frozenset({"security.selinux"})


def copy_attributes(source: Path, handle: int, *, strict: bool) -> None:
    """Give the open file ``source``'s extended attributes (``user.*`` tags, POSIX
    ACLs as ``system.posix_acl_access``, ...), where the system has them.

    ``strict`` (a post): an attribute that cannot be given is
    :class:`OwnerUnkept`, and the post is not replaced. A report keeps what it can.
    """
    if not hasattr(os, "listxattr"):  # macOS and Windows: not through os
        return
    try:
        names = os.listxattr(source)
    except OSError:
        return  # a file system without them
    for name in names:
        if name in SYSTEM_LABELS:
            continue
        try:
            os.setxattr(handle, name, os.getxattr(source, name))
        except OSError as error:
            if strict:
                raise OwnerUnkept(
                    f"has the extended attribute {name!r}, which a new file cannot be given "
                    f"({error.strerror})"
                ) from None


def own_like(handle: int, info: os.stat_result, *, strict: bool) -> None:
    """Give the open file ``info``'s owner and group, or :class:`OwnerUnkept`."""
    mine = os.fstat(handle)
    if (mine.st_uid, mine.st_gid) == (info.st_uid, info.st_gid):
        return
    try:
        os.fchown(handle, info.st_uid, info.st_gid)
    except PermissionError:
        raise OwnerUnkept(
            f"is owned by {info.st_uid}:{info.st_gid}, which a new file cannot be given"
        ) from None
