"""Tester-role examples: paths (posixpath). Contract: source/README.md."""

EXAMPLES = [
    dict(
        id="tester-056",
        role="tester",
        user=r'''Write tests for `top_level_dir`, used to group changed files:
```python
def top_level_dir(path: str) -> str:
    """First directory component of a normalized POSIX path:
    "a/b/c.txt" -> "a", "/srv/app/x" -> "srv", "./a/b" -> "a".
    A bare file name has no directory: ""."""
```''',
        answer=r'''```python
def test_relative_and_absolute():
    assert top_level_dir("a/b/c.txt") == "a"
    assert top_level_dir("/srv/app/x") == "srv"

def test_normalizes_first():
    assert top_level_dir("./a/b") == "a"
    assert top_level_dir("a//b") == "a"

def test_bare_file():
    assert top_level_dir("file.txt") == ""
```''',
        check=dict(
            kind="test_suite",
            entry_point="top_level_dir",
            reference=r"""import posixpath

def top_level_dir(path):
    parts = [p for p in posixpath.normpath(path).split("/") if p]
    return parts[0] if len(parts) > 1 else ""
""",
            mutants=[
                r"""def top_level_dir(path):
    parts = path.split("/")
    return parts[0] if len(parts) > 1 else ""
""",
                r"""import posixpath

def top_level_dir(path):
    parts = [p for p in posixpath.normpath(path).split("/") if p]
    return parts[0] if parts else ""
""",
                r"""def top_level_dir(path):
    parts = [p for p in path.split("/") if p]
    return parts[0] if len(parts) > 1 else ""
""",
            ],
        ),
    ),
    dict(
        id="tester-057",
        role="tester",
        user=r'''Write tests for `relative_to`; the archive tool must refuse paths outside the base:
```python
def relative_to(path: str, base: str) -> str:
    """path relative to base; both absolute POSIX paths, normalized first.
    "." when equal. Raise ValueError if path is not inside base."""
```''',
        answer=r'''```python
def test_inside():
    assert relative_to("/srv/app/logs/a.log", "/srv/app") == "logs/a.log"
    assert relative_to("/srv/app/x/../y", "/srv/app") == "y"

def test_same_directory():
    assert relative_to("/srv/app", "/srv/app/") == "."

def test_outside_raises():
    for p in ["/srv/application/x", "/etc"]:
        try:
            relative_to(p, "/srv/app")
        except ValueError:
            continue
        raise AssertionError(p)
```''',
        check=dict(
            kind="test_suite",
            entry_point="relative_to",
            reference=r"""import posixpath

def relative_to(path, base):
    p = posixpath.normpath(path)
    b = posixpath.normpath(base)
    if p == b:
        return "."
    prefix = b if b.endswith("/") else b + "/"
    if not p.startswith(prefix):
        raise ValueError(path)
    return p[len(prefix):]
""",
            mutants=[
                r"""import posixpath

def relative_to(path, base):
    return posixpath.relpath(path, base)
""",
                r"""import posixpath

def relative_to(path, base):
    p = posixpath.normpath(path)
    b = posixpath.normpath(base)
    if p == b:
        return "."
    if not p.startswith(b):
        raise ValueError(path)
    return p[len(b) + 1:]
""",
                r"""def relative_to(path, base):
    if path == base:
        return "."
    prefix = base if base.endswith("/") else base + "/"
    if not path.startswith(prefix):
        raise ValueError(path)
    return path[len(prefix):]
""",
                r"""import posixpath

def relative_to(path, base):
    p = posixpath.normpath(path)
    b = posixpath.normpath(base)
    if p == b:
        return "."
    if not p.startswith(b + "/"):
        raise ValueError(path)
    return p[len(b):]
""",
            ],
        ),
    ),
    dict(
        id="tester-058",
        role="tester",
        user=r'''Write tests for the converter's output-name helper:
```python
def with_suffix(path: str, ext: str) -> str:
    """Replace (or add) the extension of the last path component; ext has no
    dot. "a/b.txt","md" -> "a/b.md"; "a.d/b","md" -> "a.d/b.md";
    dotfiles keep their name: ".env","bak" -> ".env.bak"."""
```''',
        answer=r'''```python
def test_replaces_extension():
    assert with_suffix("a/b.txt", "md") == "a/b.md"
    assert with_suffix("x.tar.gz", "zst") == "x.tar.zst"

def test_adds_extension():
    assert with_suffix("notes", "txt") == "notes.txt"
    assert with_suffix("a.d/b", "md") == "a.d/b.md"

def test_dotfile():
    assert with_suffix(".env", "bak") == ".env.bak"
```''',
        check=dict(
            kind="test_suite",
            entry_point="with_suffix",
            reference=r"""import posixpath

def with_suffix(path, ext):
    return posixpath.splitext(path)[0] + "." + ext
""",
            mutants=[
                r"""def with_suffix(path, ext):
    return path.rsplit(".", 1)[0] + "." + ext
""",
                r"""def with_suffix(path, ext):
    return path.split(".")[0] + "." + ext
""",
                r"""import posixpath

def with_suffix(path, ext):
    if "." in posixpath.basename(path):
        return path.rsplit(".", 1)[0] + "." + ext
    return path + "." + ext
""",
            ],
        ),
    ),
    dict(
        id="tester-059",
        role="tester",
        user=r'''The backup job must skip hidden files. Write tests for:
```python
def is_hidden(path: str) -> bool:
    """True if any component of the POSIX path starts with "." (".git/config",
    "a/.cache/b"). The special components "." and ".." do not count."""
```''',
        answer=r'''```python
def test_hidden_anywhere():
    assert is_hidden(".git/config")
    assert is_hidden("a/.cache/b")
    assert is_hidden("src/.env")

def test_visible():
    assert not is_hidden("src/main.py")
    assert not is_hidden("a/b.c/d")

def test_dot_and_dotdot_do_not_count():
    assert not is_hidden("./src/x")
    assert not is_hidden("../a/b")
```''',
        check=dict(
            kind="test_suite",
            entry_point="is_hidden",
            reference=r"""def is_hidden(path):
    return any(p.startswith(".") and p not in (".", "..") for p in path.split("/"))
""",
            mutants=[
                r"""import posixpath

def is_hidden(path):
    return posixpath.basename(path).startswith(".")
""",
                r"""def is_hidden(path):
    return any(p.startswith(".") for p in path.split("/"))
""",
                r"""def is_hidden(path):
    return any(p.startswith(".") and p != "." for p in path.split("/"))
""",
            ],
        ),
    ),
]
