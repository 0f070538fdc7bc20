"""Logging utilities: :func:`formatTrace`."""

from __future__ import annotations

from twistio.logger._interfaces import LogTrace

__name__ = "twisted.logger._util"

__all__ = ["formatTrace"]


def formatTrace(trace: LogTrace) -> str:
    """Text showing the path an event took: each emitter and the observers it passed the
    event to, indented under it."""

    def formatWithName(obj: object) -> str:
        if hasattr(obj, "name"):
            return f"{obj} ({obj.name})"
        return f"{obj}"

    result = []
    lineage: list[object] = []

    for parent, child in trace:
        if not lineage or lineage[-1] is not parent:
            if parent in lineage:
                while lineage[-1] is not parent:
                    lineage.pop()
            else:
                if not lineage:
                    result.append(f"{formatWithName(parent)}\n")
                lineage.append(parent)
        result.append("  " * len(lineage))
        result.append(f"-> {formatWithName(child)}\n")
    return "".join(result)
