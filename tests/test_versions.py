"""twisted.python.versions.Version prints what incremental's Version prints (observed on 26.10)."""

from __future__ import annotations

import pytest

from twistio.python.versions import Version


@pytest.mark.parametrize(
    ("parts", "public"),
    [
        ({}, "26.10.0"),
        ({"release_candidate": 1}, "26.10.0rc1"),
        ({"dev": 2}, "26.10.0.dev2"),
        ({"post": 3}, "26.10.0.post3"),
        ({"release_candidate": 1, "dev": 2}, "26.10.0rc1.dev2"),
    ],
)
def test_public_and_str(parts: dict[str, int], public: str) -> None:
    v = Version("twisted", 26, 10, 0, **parts)
    assert v.public() == public
    assert str(v) == f"[twisted, version {public}]"


def test_release_candidate_sorts_before_release() -> None:
    assert Version("twisted", 26, 10, 0, release_candidate=1) < Version("twisted", 26, 10, 0)
