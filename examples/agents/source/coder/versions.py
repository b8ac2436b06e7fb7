"""Coder-role examples: versions. Contract: source/README.md."""

EXAMPLES = [
    dict(
        id="coder-040",
        role="coder",
        user=r"""Write `compare_versions(a: str, b: str) -> int` for dotted numeric versions such as "1.10.2" vs "1.9": return -1, 0 or 1. Compare components numerically; missing components count as 0, so "1.2" == "1.2.0".""",
        answer=r'''```python
def compare_versions(a, b):
    pa = [int(x) for x in a.split(".")]
    pb = [int(x) for x in b.split(".")]
    n = max(len(pa), len(pb))
    pa += [0] * (n - len(pa))
    pb += [0] * (n - len(pb))
    return (pa > pb) - (pa < pb)
```''',
        check=dict(
            kind="python_tests",
            entry_point="compare_versions",
            tests=r"""assert compare_versions("1.10.2", "1.9") == 1
assert compare_versions("1.2", "1.2.0") == 0
assert compare_versions("0.9.9", "1.0") == -1
assert compare_versions("2", "2.0.1") == -1
assert compare_versions("3.0.0", "3") == 0""",
        ),
    ),
    dict(
        id="coder-041",
        role="coder",
        user=r"""Write `semver_cmp(a: str, b: str) -> int` (-1/0/1) following SemVer precedence for "MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]": build metadata is ignored; a pre-release sorts before its release; pre-release identifiers are compared dot by dot, numeric ones numerically and lower than alphanumeric ones; if all shared identifiers are equal, the shorter list is lower.""",
        answer=r'''```python
def semver_cmp(a, b):
    def key(version):
        core, _, pre = version.split("+", 1)[0].partition("-")
        nums = tuple(int(x) for x in core.split("."))
        if not pre:
            return nums, (1,)
        ids = tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in pre.split("."))
        return nums, (0, ids)

    ka, kb = key(a), key(b)
    return (ka > kb) - (ka < kb)
```
The sort key encodes every precedence rule so tuples compare correctly.''',
        check=dict(
            kind="python_tests",
            entry_point="semver_cmp",
            tests=r"""order = ["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2",
         "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.10.0"]
assert all(semver_cmp(x, y) == -1 for x, y in zip(order, order[1:]))
assert all(semver_cmp(y, x) == 1 for x, y in zip(order, order[1:]))
assert semver_cmp("1.0.0+build.5", "1.0.0") == 0
assert semver_cmp("2.0.0-rc.1+x", "2.0.0-rc.1") == 0""",
        ),
    ),
    dict(
        id="coder-042",
        role="coder",
        user=r"""Release tooling: write `bump_version(version: str, part: str) -> str` for "X.Y.Z" strings, where part is "major", "minor" or "patch". Bumping a part resets the lower parts to 0. Raise ValueError for an unknown part.""",
        answer=r'''```python
def bump_version(version, part):
    major, minor, patch = (int(x) for x in version.split("."))
    if part == "major":
        return f"{major + 1}.0.0"
    if part == "minor":
        return f"{major}.{minor + 1}.0"
    if part == "patch":
        return f"{major}.{minor}.{patch + 1}"
    raise ValueError(f"unknown part: {part!r}")
```''',
        check=dict(
            kind="python_tests",
            entry_point="bump_version",
            tests=r"""assert bump_version("1.4.9", "patch") == "1.4.10"
assert bump_version("1.4.9", "minor") == "1.5.0"
assert bump_version("1.4.9", "major") == "2.0.0"
assert bump_version("0.0.0", "patch") == "0.0.1"
try:
    bump_version("1.0.0", "build")
except ValueError:
    pass
else:
    raise AssertionError("expected ValueError")""",
        ),
    ),
    dict(
        id="coder-043",
        role="coder",
        user=r"""Write `version_key(tag: str) -> tuple[int, ...]` so that `sorted(tags, key=version_key)` puts "v1.2.10" after "v1.2.9". Tags are dotted integers with an optional leading "v" or "V".""",
        answer=r'''```python
def version_key(tag):
    return tuple(int(part) for part in tag.lstrip("vV").split("."))
```''',
        check=dict(
            kind="python_tests",
            entry_point="version_key",
            tests=r"""assert version_key("v1.2.10") == (1, 2, 10)
assert sorted(["v1.2.10", "v1.2.9", "1.10.0", "V0.9"], key=version_key) == ["V0.9", "v1.2.9", "v1.2.10", "1.10.0"]
assert version_key("3") == (3,)""",
        ),
    ),
    dict(
        id="coder-044",
        role="coder",
        user=r"""Write `is_semver(version: str) -> bool` accepting "MAJOR.MINOR.PATCH" with an optional "-prerelease" made of dot-separated identifiers of [0-9A-Za-z-]. The three numbers must not have leading zeros ("01.2.3" is invalid) but "0" itself is fine.""",
        answer=r'''```python
import re

_NUM = r"(?:0|[1-9][0-9]*)"
_SEMVER = re.compile(rf"{_NUM}\.{_NUM}\.{_NUM}(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?")


def is_semver(version):
    return _SEMVER.fullmatch(version) is not None
```''',
        check=dict(
            kind="python_tests",
            entry_point="is_semver",
            tests=r"""assert is_semver("1.2.3")
assert is_semver("0.0.0-rc.1")
assert is_semver("10.20.30-alpha-2.x")
assert not is_semver("01.2.3")
assert not is_semver("1.2")
assert not is_semver("1.2.3-") and not is_semver("1.2.3-a..b") and not is_semver("v1.2.3")""",
        ),
    ),
    dict(
        id="coder-045",
        role="coder",
        user=r"""Write `parse_requirement(line: str) -> tuple[str, str] | None` for requirements lines like "Django>=4.2,<5", "numpy == 1.26.4" or "rich": return (name lowercased, specifier with all spaces removed), e.g. ("django", ">=4.2,<5") or ("rich", ""). Strip trailing "#" comments; blank or comment-only lines give None.""",
        answer=r'''```python
import re


def parse_requirement(line):
    line = line.split("#", 1)[0].strip()
    m = re.match(r"([A-Za-z0-9][A-Za-z0-9._-]*)(.*)", line)
    if not m:
        return None
    return m.group(1).lower(), re.sub(r"\s+", "", m.group(2))
```''',
        check=dict(
            kind="python_tests",
            entry_point="parse_requirement",
            tests=r"""assert parse_requirement("Django>=4.2,<5") == ("django", ">=4.2,<5")
assert parse_requirement("numpy == 1.26.4  # pinned") == ("numpy", "==1.26.4")
assert parse_requirement("rich") == ("rich", "")
assert parse_requirement("   ") is None
assert parse_requirement("# just a comment") is None""",
        ),
    ),
]
