"""Coder-role examples: files and paths. Contract: source/README.md."""

EXAMPLES = [
    dict(
        id="coder-107",
        role="coder",
        user=r"""Write `normalize_path(p: str) -> str` for POSIX-style paths: treat backslashes as separators, collapse repeated slashes, resolve "." and ".." lexically (without touching the filesystem), and drop trailing slashes. An empty path becomes ".".""",
        answer=r'''```python
import posixpath

def normalize_path(p):
    p = posixpath.normpath(p.replace("\\", "/"))
    if p.startswith("//"):
        p = "/" + p.lstrip("/")
    return p
```
`normpath` keeps exactly two leading slashes (POSIX allows them to mean something special), so those are collapsed by hand.''',
        check=dict(
            kind="python_tests",
            entry_point="normalize_path",
            tests=r"""assert normalize_path("a//b/./c/") == "a/b/c"
assert normalize_path("/srv/app/../data") == "/srv/data"
assert normalize_path("") == "."
assert normalize_path("//etc//hosts") == "/etc/hosts"
assert normalize_path("dir\\sub\\file.txt") == "dir/sub/file.txt"
assert normalize_path("a/../..") == ".."
""",
        ),
    ),
    dict(
        id="coder-108",
        role="coder",
        user=r"""Security ticket: uploads must stay inside the storage root. Write `safe_join(base: str, *parts: str) -> str` that joins the parts onto `base` (POSIX paths) and returns the normalised result. Raise ValueError if any part is absolute or the result would escape `base` (e.g. via "..").""",
        answer=r'''```python
import posixpath

def safe_join(base, *parts):
    base = posixpath.normpath(base)
    if any(p.startswith("/") for p in parts):
        raise ValueError("absolute path not allowed")
    path = posixpath.normpath(posixpath.join(base, *parts))
    if path != base and not path.startswith(base.rstrip("/") + "/"):
        raise ValueError(f"path escapes {base}")
    return path
```
Checking the prefix with a trailing slash stops "/srv/app" from accepting "/srv/appx".''',
        check=dict(
            kind="python_tests",
            entry_point="safe_join",
            tests=r"""assert safe_join("/srv/app", "static", "css/site.css") == "/srv/app/static/css/site.css"
assert safe_join("/srv/app/", "a/../b") == "/srv/app/b"
assert safe_join("/srv/app", ".") == "/srv/app"
for bad in (("../etc/passwd",), ("/etc/passwd",), ("a", "../../x"), ("../appx/f",)):
    try:
        safe_join("/srv/app", *bad)
    except ValueError:
        pass
    else:
        raise AssertionError(bad)""",
        ),
    ),
    dict(
        id="coder-109",
        role="coder",
        user=r"""Write `change_ext(path: str, ext: str) -> str` that replaces the last extension of the file name. `ext` may be given with or without the leading dot; an empty `ext` removes the extension. Dotfiles like ".bashrc" have no extension.""",
        answer=r'''```python
import posixpath

def change_ext(path, ext):
    root, _ = posixpath.splitext(path)
    if ext and not ext.startswith("."):
        ext = "." + ext
    return root + ext
```''',
        check=dict(
            kind="python_tests",
            entry_point="change_ext",
            tests=r"""assert change_ext("img/photo.jpeg", "png") == "img/photo.png"
assert change_ext("img/photo.jpeg", ".webp") == "img/photo.webp"
assert change_ext("archive.tar.gz", "") == "archive.tar"
assert change_ext("conf.d/.bashrc", "bak") == "conf.d/.bashrc.bak"
assert change_ext("v1.2/README", "md") == "v1.2/README.md"
""",
        ),
    ),
    dict(
        id="coder-110",
        role="coder",
        user=r"""Write `split_ext_all(name: str) -> tuple[str, str]` that splits a file name (no directories) into stem and the full multi-part extension: "archive.tar.gz" -> ("archive", ".tar.gz"). Leading dots belong to the stem, so ".bashrc" -> (".bashrc", "") and ".env.local" -> (".env", ".local").""",
        answer=r'''```python
def split_ext_all(name):
    lead = len(name) - len(name.lstrip("."))
    stem, dot, rest = name[lead:].partition(".")
    return name[:lead] + stem, dot + rest
```
The leading dots are set aside first so the split happens at the first dot after them.''',
        check=dict(
            kind="python_tests",
            entry_point="split_ext_all",
            tests=r"""assert split_ext_all("archive.tar.gz") == ("archive", ".tar.gz")
assert split_ext_all(".bashrc") == (".bashrc", "")
assert split_ext_all(".env.local") == (".env", ".local")
assert split_ext_all("Makefile") == ("Makefile", "")
assert split_ext_all("report.final.pdf") == ("report", ".final.pdf")""",
        ),
    ),
    dict(
        id="coder-111",
        role="coder",
        user=r"""Write `matches_any(path: str, patterns: list[str]) -> bool` using shell-style wildcards, case-sensitive. A pattern without "/" is matched against the file name only; a pattern containing "/" is matched against the whole path.""",
        answer=r'''```python
import posixpath
from fnmatch import fnmatchcase

def matches_any(path, patterns):
    name = posixpath.basename(path)
    return any(fnmatchcase(path if "/" in p else name, p) for p in patterns)
```
`fnmatchcase` avoids the platform-dependent case folding of `fnmatch.fnmatch`.''',
        check=dict(
            kind="python_tests",
            entry_point="matches_any",
            tests=r"""assert matches_any("src/app/main.py", ["*.py"])
assert not matches_any("docs/readme.md", ["*.py", "*.txt"])
assert matches_any("build/out/x.o", ["build/*"])
assert not matches_any("src/build/x.o", ["build/*"])
assert not matches_any("src/Main.PY", ["*.py"])
assert not matches_any("a.py", [])""",
        ),
    ),
    dict(
        id="coder-112",
        role="coder",
        user=r"""The deploy tool selects files to upload. Write `filter_paths(paths: list[str], include: list[str], exclude: list[str]) -> list[str]`: keep a path if it matches at least one include glob (or include is empty) and no exclude glob. Match whole paths with fnmatch, case-sensitive, and keep the input order.""",
        answer=r'''```python
from fnmatch import fnmatchcase

def filter_paths(paths, include, exclude):
    def hit(path, patterns):
        return any(fnmatchcase(path, p) for p in patterns)
    return [
        p for p in paths
        if (not include or hit(p, include)) and not hit(p, exclude)
    ]
```''',
        check=dict(
            kind="python_tests",
            entry_point="filter_paths",
            tests=r"""paths = ["src/a.py", "src/a_test.py", "README.md", "src/data.json"]
assert filter_paths(paths, ["*.py"], ["*_test.py"]) == ["src/a.py"]
assert filter_paths(paths, [], ["*.md"]) == ["src/a.py", "src/a_test.py", "src/data.json"]
assert filter_paths(paths, ["src/*"], []) == ["src/a.py", "src/a_test.py", "src/data.json"]
assert filter_paths(paths, ["*.PY"], []) == []
assert filter_paths([], ["*"], []) == []""",
        ),
    ),
    dict(
        id="coder-113",
        role="coder",
        user=r"""Write `group_by_ext(paths: list[str]) -> dict[str, list[str]]` grouping paths by lower-cased extension without the dot ("" for none). Each group is sorted and the dict keys are in sorted order.""",
        answer=r'''```python
import posixpath
from collections import defaultdict

def group_by_ext(paths):
    groups = defaultdict(list)
    for p in paths:
        ext = posixpath.splitext(p)[1].lstrip(".").lower()
        groups[ext].append(p)
    return {ext: sorted(items) for ext, items in sorted(groups.items())}
```''',
        check=dict(
            kind="python_tests",
            entry_point="group_by_ext",
            tests=r"""r = group_by_ext(["b.PY", "a.py", "notes", "img/x.png", "Makefile"])
assert r == {"": ["Makefile", "notes"], "png": ["img/x.png"], "py": ["a.py", "b.PY"]}
assert list(r) == ["", "png", "py"]
assert group_by_ext([]) == {}
assert group_by_ext(["dir.d/.env"]) == {"": ["dir.d/.env"]}""",
        ),
    ),
    dict(
        id="coder-114",
        role="coder",
        user=r"""Write `relative_to(path: str, base: str) -> str` for absolute POSIX paths: normalise both and return `path` relative to `base` ("." when equal). Raise ValueError if path is not base itself or inside it.""",
        answer=r'''```python
import posixpath

def relative_to(path, base):
    path, base = posixpath.normpath(path), posixpath.normpath(base)
    if path != base and not path.startswith(base.rstrip("/") + "/"):
        raise ValueError(f"{path} is not under {base}")
    return posixpath.relpath(path, base)
```''',
        check=dict(
            kind="python_tests",
            entry_point="relative_to",
            tests=r"""assert relative_to("/srv/app/static/a.css", "/srv/app") == "static/a.css"
assert relative_to("/srv/app", "/srv/app/") == "."
assert relative_to("/srv/app/x/../y", "/srv") == "app/y"
assert relative_to("/etc/hosts", "/") == "etc/hosts"
for p in ("/srv/application/x", "/etc"):
    try:
        relative_to(p, "/srv/app")
    except ValueError:
        pass
    else:
        raise AssertionError(p)""",
        ),
    ),
    dict(
        id="coder-115",
        role="coder",
        user=r"""Write `count_code_lines(text: str) -> int`: number of lines in a Python source string that are neither blank nor comment-only (first non-space character is "#").""",
        answer=r'''```python
def count_code_lines(text):
    return sum(
        1 for line in text.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    )
```''',
        check=dict(
            kind="python_tests",
            entry_point="count_code_lines",
            tests=r"""src = "# header\nimport os\n\n    # indented comment\ndef f():\n    return 1  # trailing\n   \n"
assert count_code_lines(src) == 3
assert count_code_lines("") == 0
assert count_code_lines("x = 1") == 1
assert count_code_lines("\n\n#\n") == 0""",
        ),
    ),
    dict(
        id="coder-116",
        role="coder",
        user=r"""Write `parse_ignore(text: str) -> list[str]` reading the contents of an ignore file: strip each line, skip blank lines and lines starting with "#", and drop duplicate patterns while keeping the first occurrence.""",
        answer=r'''```python
def parse_ignore(text):
    patterns = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#") and line not in patterns:
            patterns.append(line)
    return patterns
```''',
        check=dict(
            kind="python_tests",
            entry_point="parse_ignore",
            tests=r"""text = "# build output\n*.pyc\n\nbuild/*\n  *.pyc  \n!keep.pyc\n"
assert parse_ignore(text) == ["*.pyc", "build/*", "!keep.pyc"]
assert parse_ignore("") == []
assert parse_ignore("#only\n\n   \n") == []""",
        ),
    ),
    dict(
        id="coder-117",
        role="coder",
        user=r"""Write `is_ignored(path: str, patterns: list[str]) -> bool`, a small gitignore subset. Patterns apply in order and the last matching one wins. A pattern starting with "!" re-includes matching paths. A pattern without "/" is matched (fnmatch, case-sensitive) against the file name, otherwise against the whole path. No match means not ignored.""",
        answer=r'''```python
import posixpath
from fnmatch import fnmatchcase

def is_ignored(path, patterns):
    name = posixpath.basename(path)
    ignored = False
    for pat in patterns:
        negate = pat.startswith("!")
        if negate:
            pat = pat[1:]
        if fnmatchcase(path if "/" in pat else name, pat):
            ignored = not negate
    return ignored
```
Scanning every pattern and keeping the last verdict gives "last match wins".''',
        check=dict(
            kind="python_tests",
            entry_point="is_ignored",
            tests=r"""pats = ["*.log", "!keep.log", "build/*"]
assert is_ignored("logs/app.log", pats)
assert not is_ignored("logs/keep.log", pats)
assert is_ignored("build/out.bin", pats)
assert not is_ignored("src/main.py", pats)
assert is_ignored("keep.log", ["!keep.log", "*.log"])
assert not is_ignored("a.log", [])""",
        ),
    ),
    dict(
        id="coder-118",
        role="coder",
        user=r"""Write `common_dir(paths: list[str]) -> str` returning the deepest directory that contains every given file path (POSIX, all absolute or all relative), compared component by component. Return "" for an empty list.""",
        answer=r'''```python
import posixpath

def common_dir(paths):
    if not paths:
        return ""
    return posixpath.commonpath([posixpath.dirname(p) for p in paths])
```
`commonpath` compares whole components, so "/a/bc" and "/a/bd" share "/a", not "/a/b".''',
        check=dict(
            kind="python_tests",
            entry_point="common_dir",
            tests=r"""assert common_dir(["/srv/app/a.py", "/srv/app/lib/b.py"]) == "/srv/app"
assert common_dir(["/a/bc/x", "/a/bd/y"]) == "/a"
assert common_dir(["/srv/app/a.py"]) == "/srv/app"
assert common_dir(["src/a.py", "src/b/c.py"]) == "src"
assert common_dir([]) == ""
""",
        ),
    ),
    dict(
        id="coder-119",
        role="coder",
        user=r"""Write `tail_lines(text: str, n: int) -> list[str]` returning the last n lines of the text (like `tail -n`), without line endings. n <= 0 gives [].""",
        answer=r'''```python
def tail_lines(text, n):
    return text.splitlines()[-n:] if n > 0 else []
```
The `n > 0` guard matters because `[-0:]` would return every line.''',
        check=dict(
            kind="python_tests",
            entry_point="tail_lines",
            tests=r"""assert tail_lines("a\nb\nc\n", 2) == ["b", "c"]
assert tail_lines("a\nb", 10) == ["a", "b"]
assert tail_lines("a\nb", 0) == []
assert tail_lines("", 3) == []
assert tail_lines("x\r\ny\r\n", 1) == ["y"]""",
        ),
    ),
    dict(
        id="coder-120",
        role="coder",
        user=r"""Write `path_depth(p: str) -> int`: the number of components in a POSIX path after lexical normalisation. "/" and "" have depth 0; "/srv/app/" has depth 2; "a/./b/../c" has depth 2.""",
        answer=r'''```python
import posixpath

def path_depth(p):
    norm = posixpath.normpath(p) if p else "."
    return len([part for part in norm.split("/") if part not in ("", ".")])
```''',
        check=dict(
            kind="python_tests",
            entry_point="path_depth",
            tests=r"""assert path_depth("/") == 0
assert path_depth("") == 0
assert path_depth("/srv/app/") == 2
assert path_depth("a/./b/../c") == 2
assert path_depth("a") == 1
assert path_depth("//x//y//z") == 3""",
        ),
    ),
    dict(
        id="coder-121",
        role="coder",
        user=r"""When a user uploads a file whose name is taken, we add a counter like desktop file managers do. Write `unique_filename(name: str, existing: set[str]) -> str`: return name if free, else "stem (1).ext", "stem (2).ext", ... using the first free number.""",
        answer=r'''```python
import posixpath

def unique_filename(name, existing):
    if name not in existing:
        return name
    stem, ext = posixpath.splitext(name)
    n = 1
    while f"{stem} ({n}){ext}" in existing:
        n += 1
    return f"{stem} ({n}){ext}"
```''',
        check=dict(
            kind="python_tests",
            entry_point="unique_filename",
            tests=r"""assert unique_filename("report.pdf", set()) == "report.pdf"
assert unique_filename("report.pdf", {"report.pdf"}) == "report (1).pdf"
assert unique_filename("report.pdf", {"report.pdf", "report (1).pdf"}) == "report (2).pdf"
assert unique_filename("notes", {"notes"}) == "notes (1)"
assert unique_filename("a.tar.gz", {"a.tar.gz"}) == "a.tar (1).gz"
""",
        ),
    ),
]
