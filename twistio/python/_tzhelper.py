"""Time zones with a fixed offset from UTC: :class:`FixedOffsetTimeZone`."""

from __future__ import annotations

from datetime import UTC as _UTC
from datetime import datetime, timedelta, timezone, tzinfo

__name__ = "twisted.python._tzhelper"

__all__ = ["FixedOffsetTimeZone", "UTC"]


class FixedOffsetTimeZone(tzinfo):
    """A time zone that is always ``offset`` from UTC, without daylight saving time."""

    def __init__(self, offset: timedelta, name: str | None = None) -> None:
        self.offset = offset
        self.name = name

    @classmethod
    def fromSignHoursMinutes(cls, sign: str, hours: int, minutes: int) -> FixedOffsetTimeZone:
        """The zone ``sign`` (``"+"`` or ``"-"``) ``hours``:``minutes`` from UTC."""
        name = "%s%.2i:%.2i" % (sign, hours, minutes)  # noqa: UP031
        if sign == "-":
            hours = -hours
            minutes = -minutes
        elif sign != "+":
            raise ValueError(f"Invalid sign for timezone {sign!r}")
        return cls(timedelta(hours=hours, minutes=minutes), name)

    @classmethod
    def fromLocalTimeStamp(cls, timeStamp: float) -> FixedOffsetTimeZone:
        """The local time zone's offset at the POSIX time ``timeStamp``, as a fixed zone."""
        utc = datetime.fromtimestamp(timeStamp, _UTC).replace(tzinfo=None)
        local = datetime.fromtimestamp(timeStamp)
        return cls(local - utc)

    def utcoffset(self, dt: datetime | None) -> timedelta:
        return self.offset

    def dst(self, dt: datetime | None) -> timedelta:
        return timedelta(0)

    def tzname(self, dt: datetime | None) -> str:
        if self.name is not None:
            return self.name
        # "UTC+HHMM", as the offset's strftime("%z") would show it.
        dt2 = datetime.fromtimestamp(0, timezone(self.offset))
        return "UTC" + dt2.strftime("%z")


#: UTC, as a :class:`FixedOffsetTimeZone`.
UTC = FixedOffsetTimeZone.fromSignHoursMinutes("+", 0, 0)
