"""Planning a child's descriptor table: ``posix_spawn`` file actions from a wanted mapping.

Pure functions (no I/O): given the parent's open descriptors and which parent descriptor each
child descriptor should be, list the ``close``/``dup2`` steps that build the child's table.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

__name__ = "twisted.internet.process"


def _getFileActions(
    fdState: Sequence[tuple[int, bool]],
    childToParentFD: Mapping[int, int],
    doClose: Any,
    doDup2: Any,
) -> list[tuple[Any, ...]]:
    """The steps that turn the parent's descriptors into the child's.

    ``fdState`` lists the parent's open descriptors as ``(fd, closeOnExec)``;
    ``childToParentFD`` maps each child descriptor to the parent descriptor it must be.
    Steps are ``(doDup2, source, target)`` and ``(doClose, fd)``.  Parent descriptors the
    child does not ask for are closed unless they are close-on-exec already; a wanted
    close-on-exec descriptor that is already in place is copied out and back, since a
    ``dup2`` onto itself would leave the flag set.  Descriptors that a later child slot still
    needs are moved aside before their slot is overwritten.
    """
    closeOnExec = dict(fdState)
    #: where each parent descriptor can be found now, and what each slot holds now
    location = {fd: fd for fd in closeOnExec}
    holder = {fd: fd for fd in closeOnExec}
    reserved = set(closeOnExec) | set(childToParentFD)
    temporaries: list[int] = []
    actions: list[tuple[Any, ...]] = []

    def freeSlot() -> int:
        slot = 0
        while slot in reserved:
            slot += 1
        reserved.add(slot)
        temporaries.append(slot)
        return slot

    order = sorted(childToParentFD)
    for index, childFD in enumerate(order):
        parentFD = childToParentFD[childFD]
        source = location.get(parentFD, parentFD)
        if source == childFD:
            if closeOnExec.get(parentFD, False) and source == parentFD:
                spare = freeSlot()
                actions.append((doDup2, source, spare))
                actions.append((doDup2, spare, childFD))
                actions.append((doClose, spare))
                temporaries.remove(spare)
            continue
        occupant = holder.get(childFD)
        laterNeeds = {childToParentFD[c] for c in order[index + 1 :]}
        if occupant is not None and occupant in laterNeeds and location.get(occupant) == childFD:
            spare = freeSlot()
            actions.append((doDup2, childFD, spare))
            location[occupant] = spare
            holder[spare] = occupant
        actions.append((doDup2, source, childFD))
        holder[childFD] = parentFD
    for fd, cloexec in fdState:
        if not cloexec and fd not in childToParentFD:
            actions.append((doClose, fd))
    for spare in temporaries:
        actions.append((doClose, spare))
    return actions
