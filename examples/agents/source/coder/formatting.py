"""Coder-role examples: formatting. Contract: source/README.md."""

EXAMPLES = [
    dict(
        id="coder-078",
        role="coder",
        user=r"""Write `pluralize(count: int, singular: str, plural: str | None = None) -> str` returning strings like "1 file", "0 files", "3 files". When plural is None, add "s" to the singular.""",
        answer=r'''```python
def pluralize(count, singular, plural=None):
    word = singular if count == 1 else (plural or singular + "s")
    return f"{count} {word}"
```''',
        check=dict(
            kind="python_tests",
            entry_point="pluralize",
            tests=r"""assert pluralize(1, "file") == "1 file"
assert pluralize(0, "file") == "0 files"
assert pluralize(2, "entry", "entries") == "2 entries"
assert pluralize(1, "entry", "entries") == "1 entry"
assert pluralize(-1, "point") == '-1 points'""",
        ),
    ),
    dict(
        id="coder-079",
        role="coder",
        user=r"""Table cells overflow in the CLI. Write `truncate(text: str, width: int) -> str`: return text unchanged if it fits in `width` characters; otherwise cut it and end with "..." so the result is exactly `width` long. Assume width >= 3.""",
        answer=r'''```python
def truncate(text, width):
    if len(text) <= width:
        return text
    return text[:width - 3] + "..."
```''',
        check=dict(
            kind="python_tests",
            entry_point="truncate",
            tests=r"""assert truncate("hello", 10) == "hello"
assert truncate("hello world", 8) == "hello..."
assert truncate("abcd", 3) == "..."
assert truncate("abc", 3) == "abc"
assert len(truncate("x" * 50, 12)) == 12""",
        ),
    ),
    dict(
        id="coder-080",
        role="coder",
        user=r"""Write `human_size(n: int) -> str` for our CLI: byte counts below 1024 print as "512 B"; larger values use the largest unit among KB, MB, GB, TB (powers of 1024, TB at most) with one decimal place, e.g. 1536 -> "1.5 KB", 1048576 -> "1.0 MB".""",
        answer=r'''```python
def human_size(n):
    if n < 1024:
        return f"{n} B"
    value = float(n)
    for unit in ("KB", "MB", "GB", "TB"):
        value /= 1024
        if value < 1024 or unit == "TB":
            return f"{value:.1f} {unit}"
```''',
        check=dict(
            kind="python_tests",
            entry_point="human_size",
            tests=r"""assert human_size(0) == "0 B"
assert human_size(1023) == "1023 B"
assert human_size(1536) == "1.5 KB"
assert human_size(1048576) == "1.0 MB"
assert human_size(5 * 1024**4) == "5.0 TB"
assert human_size(3 * 1024**5) == '3072.0 TB'""",
        ),
    ),
    dict(
        id="coder-081",
        role="coder",
        user=r"""For UI messages, write `human_join(items: list[str], conj: str = "and") -> str`: [] -> "", ["a"] -> "a", ["a", "b"] -> "a and b", ["a", "b", "c"] -> "a, b and c" (no Oxford comma).""",
        answer=r'''```python
def human_join(items, conj="and"):
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {conj} " + items[-1]
```''',
        check=dict(
            kind="python_tests",
            entry_point="human_join",
            tests=r"""assert human_join([]) == ""
assert human_join(["a"]) == "a"
assert human_join(["a", "b"]) == "a and b"
assert human_join(["a", "b", "c"]) == "a, b and c"
assert human_join(["x", "y"], "or") == 'x or y'""",
        ),
    ),
    dict(
        id="coder-082",
        role="coder",
        user=r"""Write `initials(full_name: str) -> str` returning the uppercase first letter of each whitespace-separated part: "ada  lovelace" -> "AL", "Jean-Luc picard" -> "JP".""",
        answer=r'''```python
def initials(full_name):
    return "".join(part[0].upper() for part in full_name.split())
```''',
        check=dict(
            kind="python_tests",
            entry_point="initials",
            tests=r"""assert initials("ada  lovelace") == "AL"
assert initials("Jean-Luc picard") == "JP"
assert initials("") == ""
assert initials("  grace ") == 'G'""",
        ),
    ),
    dict(
        id="coder-083",
        role="coder",
        user=r"""Write `wrap(text: str, width: int) -> list[str]` doing greedy word wrapping without the textwrap module: split on whitespace, put as many words on each line as fit in `width` characters with single spaces between them; a word longer than width goes on its own line unbroken.""",
        answer=r'''```python
def wrap(text, width):
    lines, current = [], ""
    for word in text.split():
        if not current:
            current = word
        elif len(current) + 1 + len(word) <= width:
            current += " " + word
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines
```''',
        check=dict(
            kind="python_tests",
            entry_point="wrap",
            tests=r"""assert wrap("the quick brown fox jumps", 10) == ["the quick", "brown fox", "jumps"]
assert wrap("", 5) == []
assert wrap("a verylongword b", 4) == ["a", "verylongword", "b"]
assert wrap("  one\ttwo\nthree ", 20) == ["one two three"]""",
        ),
    ),
    dict(
        id="coder-084",
        role="coder",
        user=r"""Write `split_message(text: str, limit: int) -> list[str]` that splits a long chat message into parts of at most `limit` characters. Break at the last space that keeps the part within the limit (that space is dropped); if there is none, hard-cut at `limit`. An empty message gives [].""",
        answer=r'''```python
def split_message(text, limit):
    parts = []
    while len(text) > limit:
        cut = text.rfind(" ", 0, limit + 1)
        if cut <= 0:
            parts.append(text[:limit])
            text = text[limit:]
        else:
            parts.append(text[:cut])
            text = text[cut + 1:]
    if text:
        parts.append(text)
    return parts
```''',
        check=dict(
            kind="python_tests",
            entry_point="split_message",
            tests=r"""assert split_message("hello world foo", 11) == ["hello world", "foo"]
assert split_message("abcdefgh", 3) == ["abc", "def", "gh"]
assert split_message("", 5) == []
assert split_message("a b", 10) == ["a b"]
assert split_message("ab cdefg", 4) == ["ab", "cdef", "g"]
assert all(len(p) <= 7 for p in split_message("lorem ipsum dolor sit amet consectetur", 7))""",
        ),
    ),
    dict(
        id="coder-085",
        role="coder",
        user=r"""Write `format_pairs(pairs: dict) -> str` for a CLI "info" command: one line per entry, "key:" followed by the value, with the keys padded so all values start in the same column (one space after the longest "key:"). An empty dict gives "".""",
        answer=r'''```python
def format_pairs(pairs):
    if not pairs:
        return ""
    width = max(len(k) for k in pairs) + 1
    return "\n".join(f"{(k + ':').ljust(width)} {v}" for k, v in pairs.items())
```''',
        check=dict(
            kind="python_tests",
            entry_point="format_pairs",
            tests=r"""assert format_pairs({"name": "api", "replicas": 3}) == "name:     api\nreplicas: 3"
assert format_pairs({}) == ""
assert format_pairs({"a": None}) == 'a: None'""",
        ),
    ),
    dict(
        id="coder-086",
        role="coder",
        user=r"""Write `format_table(headers: list[str], rows: list[list]) -> str` rendering a plain-text table: columns separated by two spaces, each column as wide as its widest cell, a line of dashes under the header, int/float cells right-aligned and everything else left-aligned. Lines have no trailing spaces.""",
        answer=r'''```python
def format_table(headers, rows):
    cells = [[str(c) for c in r] for r in [headers] + rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]

    def line(texts, raw):
        parts = []
        for text, w, value in zip(texts, widths, raw):
            numeric = isinstance(value, (int, float)) and not isinstance(value, bool)
            parts.append(text.rjust(w) if numeric else text.ljust(w))
        return "  ".join(parts).rstrip()

    out = [line(cells[0], headers), "  ".join("-" * w for w in widths)]
    out += [line(c, r) for c, r in zip(cells[1:], rows)]
    return "\n".join(out)
```''',
        check=dict(
            kind="python_tests",
            entry_point="format_table",
            tests=r"""assert format_table(["name", "qty"], [["apple", 3], ["kiwi", 12]]) == "name   qty\n-----  ---\napple    3\nkiwi    12"
assert format_table(["a"], []) == "a\n-"
t = format_table(["x", "y"], [[1.5, "z"], [True, ""]])
assert t.splitlines() == ["x     y", "----  -", " 1.5  z", "True"]""",
        ),
    ),
    dict(
        id="coder-087",
        role="coder",
        user=r"""For CLI "did you mean" hints, write `suggest(word: str, candidates: list[str], max_distance: int = 2) -> list[str]`: compute the Levenshtein distance (insert, delete or substitute, each costing 1) from word to each candidate and return those within max_distance, closest first, ties alphabetical.""",
        answer=r'''```python
def suggest(word, candidates, max_distance=2):
    def distance(a, b):
        prev = list(range(len(b) + 1))
        for i, ca in enumerate(a, 1):
            cur = [i]
            for j, cb in enumerate(b, 1):
                cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
            prev = cur
        return prev[-1]

    scored = sorted((distance(word, c), c) for c in candidates)
    return [c for d, c in scored if d <= max_distance]
```
The distance uses the two-row dynamic programming table.''',
        check=dict(
            kind="python_tests",
            entry_point="suggest",
            tests=r"""cmds = ["status", "stash", "start", "push", "pull"]
assert suggest("statsu", cmds) == ["stash", "status"]
assert suggest("stat", cmds) == ["start", "stash", "status"]
assert suggest("xyz", cmds) == []
assert suggest("pull", cmds, 0) == ["pull"]
assert suggest("puls", cmds) == ["pull", "push"]
assert suggest("puls", cmds, 1) == ["pull"]""",
        ),
    ),
]
