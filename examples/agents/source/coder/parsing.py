"""Coder-role examples: parsing. Contract: source/README.md."""

EXAMPLES = [
    dict(
        id="coder-046",
        role="coder",
        user=r"""Write `parse_kv(line: str) -> dict[str, str]` for log fields like "user=bob status=200 path=/login": whitespace-separated key=value tokens; tokens without "=" are ignored; split each token on the first "=" only.""",
        answer=r'''```python
def parse_kv(line):
    pairs = {}
    for token in line.split():
        if "=" in token:
            key, value = token.split("=", 1)
            pairs[key] = value
    return pairs
```''',
        check=dict(
            kind="python_tests",
            entry_point="parse_kv",
            tests=r"""assert parse_kv("user=bob status=200 path=/login") == {"user": "bob", "status": "200", "path": "/login"}
assert parse_kv("noise x=1") == {"x": "1"}
assert parse_kv("q=a=b k=") == {"q": "a=b", "k": ""}
assert parse_kv("") == {}""",
        ),
    ),
    dict(
        id="coder-047",
        role="coder",
        user=r"""Write `parse_logfmt(line: str) -> dict[str, str]` for logfmt lines such as: level=info msg="user logged in" user=42
Values are bare (no spaces) or double-quoted (may contain spaces; a backslash escapes the next character, e.g. \"). A key with no "=" maps to "".""",
        answer=r'''```python
import re

_PAIR = re.compile(r'([^\s=]+)(?:=("(?:[^"\\]|\\.)*"|\S*))?')


def parse_logfmt(line):
    out = {}
    for key, value in _PAIR.findall(line):
        if value.startswith('"'):
            value = re.sub(r"\\(.)", r"\1", value[1:-1])
        out[key] = value
    return out
```
Quoted values are matched as a unit, then their escapes are removed.''',
        check=dict(
            kind="python_tests",
            entry_point="parse_logfmt",
            tests=r'''assert parse_logfmt('level=info msg="user logged in" user=42') == {"level": "info", "msg": "user logged in", "user": "42"}
assert parse_logfmt("debug") == {"debug": ""}
assert parse_logfmt('msg="say \\"hi\\"" n=1') == {"msg": 'say "hi"', "n": "1"}
assert parse_logfmt("a= b=2") == {"a": "", "b": "2"}
assert parse_logfmt("") == {}''',
        ),
    ),
    dict(
        id="coder-048",
        role="coder",
        user=r"""Our log shipper emits lines like `2024-05-01 13:45:09 ERROR [billing] Payment declined for order 881`. Write `parse_log_line(line: str) -> dict | None` returning a dict with keys date, time, level, component and message (all strings), or None if the line does not match that layout. Ignore a trailing newline.""",
        answer=r'''```python
import re

_LINE = re.compile(
    r"(?P<date>\d{4}-\d{2}-\d{2}) (?P<time>\d{2}:\d{2}:\d{2}) "
    r"(?P<level>[A-Z]+) \[(?P<component>[^\]]+)\] (?P<message>.*)"
)


def parse_log_line(line):
    m = _LINE.fullmatch(line.rstrip("\n"))
    return m.groupdict() if m else None
```''',
        check=dict(
            kind="python_tests",
            entry_point="parse_log_line",
            tests=r"""r = parse_log_line("2024-05-01 13:45:09 ERROR [billing] Payment declined for order 881\n")
assert r == {"date": "2024-05-01", "time": "13:45:09", "level": "ERROR", "component": "billing", "message": "Payment declined for order 881"}
assert parse_log_line("2024-05-01 13:45:09 INFO [api] ")["message"] == ""
assert parse_log_line("garbage") is None
assert parse_log_line("2024-05-01 13:45:09 info [api] x") is None""",
        ),
    ),
    dict(
        id="coder-049",
        role="coder",
        user=r"""Write `parse_size(text: str) -> int` converting sizes like "512", "10KB", "1.5 MB" or "2gb" to bytes. Units B, KB, MB, GB, TB are powers of 1024, case-insensitive, with optional spaces; no unit means bytes. Raise ValueError for anything else.""",
        answer=r'''```python
import re

_UNITS = {"": 1, "B": 1, "KB": 1024, "MB": 1024**2, "GB": 1024**3, "TB": 1024**4}


def parse_size(text):
    m = re.fullmatch(r"\s*([0-9]+(?:\.[0-9]+)?)\s*([KMGT]?B)?\s*", text, re.IGNORECASE)
    if not m:
        raise ValueError(f"invalid size: {text!r}")
    number, unit = m.groups()
    return int(float(number) * _UNITS[(unit or "").upper()])
```''',
        check=dict(
            kind="python_tests",
            entry_point="parse_size",
            tests=r"""assert parse_size("512") == 512
assert parse_size("10KB") == 10240
assert parse_size("1.5 MB") == 1572864
assert parse_size("2gb") == 2 * 1024**3
assert parse_size(" 7 b ") == 7
for bad in ("10 XB", "", "MB", "1,5MB"):
    try:
        parse_size(bad)
    except ValueError:
        pass
    else:
        raise AssertionError(bad)""",
        ),
    ),
    dict(
        id="coder-050",
        role="coder",
        user=r"""Write `parse_duration(text: str) -> int` returning seconds for strings like "90s", "1h30m", "2d" or "1h 5m 10s". Units are d, h, m, s; each at most once and in that order; spaces between parts are allowed. Raise ValueError for anything else, including an empty string or a bare number.""",
        answer=r'''```python
import re

_DURATION = re.compile(r"(?:(\d+)d)?\s*(?:(\d+)h)?\s*(?:(\d+)m)?\s*(?:(\d+)s)?")


def parse_duration(text):
    text = text.strip()
    m = _DURATION.fullmatch(text)
    if not text or not m:
        raise ValueError(f"invalid duration: {text!r}")
    days, hours, minutes, seconds = (int(g or 0) for g in m.groups())
    return days * 86400 + hours * 3600 + minutes * 60 + seconds
```''',
        check=dict(
            kind="python_tests",
            entry_point="parse_duration",
            tests=r"""assert parse_duration("90s") == 90
assert parse_duration("1h30m") == 5400
assert parse_duration("2d") == 172800
assert parse_duration(" 1h 5m 10s ") == 3910
for bad in ("", "5", "1m1h", "1x", "h"):
    try:
        parse_duration(bad)
    except ValueError:
        pass
    else:
        raise AssertionError(bad)""",
        ),
    ),
    dict(
        id="coder-051",
        role="coder",
        user=r"""Write `parse_query(qs: str) -> dict[str, list[str]]` for query strings like "tag=a&tag=b&q=hello+world&empty=". Keep repeated keys as lists in order, decode "+" and %XX escapes, skip empty segments, strip a leading "?", and map a key without "=" to [""].""",
        answer=r'''```python
from urllib.parse import unquote_plus


def parse_query(qs):
    result = {}
    for part in qs.lstrip("?").split("&"):
        if not part:
            continue
        key, _, value = part.partition("=")
        result.setdefault(unquote_plus(key), []).append(unquote_plus(value))
    return result
```''',
        check=dict(
            kind="python_tests",
            entry_point="parse_query",
            tests=r"""assert parse_query("?tag=a&tag=b&q=hello+world&empty=") == {"tag": ["a", "b"], "q": ["hello world"], "empty": [""]}
assert parse_query("") == {}
assert parse_query("a=1&&b=%2F") == {"a": ["1"], "b": ["/"]}
assert parse_query("flag") == {"flag": [""]}
assert parse_query("x=1=2") == {"x": ["1=2"]}""",
        ),
    ),
    dict(
        id="coder-052",
        role="coder",
        user=r"""Without using the csv module, write `split_csv_row(row: str) -> list[str]`. Fields are separated by commas; a field may be wrapped in double quotes, and then it may contain commas, and two double quotes in a row inside it stand for one literal quote. An empty row gives [""].""",
        answer=r'''```python
def split_csv_row(row):
    fields, field, quoted, i = [], [], False, 0
    while i < len(row):
        ch = row[i]
        if quoted:
            if ch == '"' and row[i + 1:i + 2] == '"':
                field.append('"')
                i += 1
            elif ch == '"':
                quoted = False
            else:
                field.append(ch)
        elif ch == '"':
            quoted = True
        elif ch == ",":
            fields.append("".join(field))
            field = []
        else:
            field.append(ch)
        i += 1
    fields.append("".join(field))
    return fields
```
A small state machine tracks whether we are inside quotes.''',
        check=dict(
            kind="python_tests",
            entry_point="split_csv_row",
            tests=r'''assert split_csv_row("a,b,c") == ["a", "b", "c"]
assert split_csv_row('a,"b,c",d') == ["a", "b,c", "d"]
assert split_csv_row('"say ""hi""",x') == ['say "hi"', "x"]
assert split_csv_row("") == [""]
assert split_csv_row("a,,") == ["a", "", ""]''',
        ),
    ),
    dict(
        id="coder-053",
        role="coder",
        user=r"""Write `read_records(text: str) -> list[dict[str, str]]`: the first line of the CSV text is the header, and each following row becomes a dict keyed by the header. Use the csv module so quoted fields work, and skip empty lines.""",
        answer=r'''```python
import csv
import io


def read_records(text):
    return list(csv.DictReader(io.StringIO(text)))
```
`csv.DictReader` already skips blank rows and handles quoting.''',
        check=dict(
            kind="python_tests",
            entry_point="read_records",
            tests=r'''text = 'name,city\nAnn,"Paris, FR"\n\nBo,Oslo\n'
assert read_records(text) == [{"name": "Ann", "city": "Paris, FR"}, {"name": "Bo", "city": "Oslo"}]
assert read_records("a,b\n") == []
assert read_records("") == []''',
        ),
    ),
    dict(
        id="coder-054",
        role="coder",
        user=r"""Write `parse_commit_subject(subject: str) -> dict | None` for Conventional Commit subjects like "feat(api)!: add bulk export". Return {"type": "feat", "scope": "api", "breaking": True, "description": "add bulk export"}; scope is None when absent and breaking is True only with "!". Return None if the subject does not follow the `type(scope)!: description` format (type is lowercase letters).""",
        answer=r'''```python
import re

_SUBJECT = re.compile(r"([a-z]+)(?:\(([^()]+)\))?(!)?: (.+)")


def parse_commit_subject(subject):
    m = _SUBJECT.fullmatch(subject.strip())
    if not m:
        return None
    kind, scope, bang, description = m.groups()
    return {"type": kind, "scope": scope, "breaking": bool(bang), "description": description}
```''',
        check=dict(
            kind="python_tests",
            entry_point="parse_commit_subject",
            tests=r"""assert parse_commit_subject("feat(api)!: add bulk export") == {"type": "feat", "scope": "api", "breaking": True, "description": "add bulk export"}
assert parse_commit_subject("fix: handle empty body") == {"type": "fix", "scope": None, "breaking": False, "description": "handle empty body"}
assert parse_commit_subject("Update readme") is None
assert parse_commit_subject("feat(): x") is None
assert parse_commit_subject("feat:no space") is None""",
        ),
    ),
    dict(
        id="coder-055",
        role="coder",
        user=r"""Write `parse_trailers(message: str) -> dict[str, list[str]]` reading git trailers (lines like "Signed-off-by: Ann <a@x.io>") from the last paragraph of a commit message. Paragraphs are separated by blank lines; a message with a single paragraph has no trailers. Keys keep their case (letters, digits, dashes); repeated keys collect values in order. If any line of the last paragraph is not "Key: value", return {}.""",
        answer=r'''```python
import re


def parse_trailers(message):
    paragraphs = [p for p in re.split(r"\n\s*\n", message.strip()) if p.strip()]
    if len(paragraphs) < 2:
        return {}
    trailers = {}
    for line in paragraphs[-1].splitlines():
        m = re.fullmatch(r"([A-Za-z0-9-]+): (.+)", line.strip())
        if not m:
            return {}
        trailers.setdefault(m.group(1), []).append(m.group(2))
    return trailers
```''',
        check=dict(
            kind="python_tests",
            entry_point="parse_trailers",
            tests=r"""msg = "fix: x\n\nBody text.\n\nSigned-off-by: Ann <a@x.io>\nCo-authored-by: Bo <b@x.io>\nSigned-off-by: Cy <c@x.io>\n"
assert parse_trailers(msg) == {"Signed-off-by": ["Ann <a@x.io>", "Cy <c@x.io>"], "Co-authored-by": ["Bo <b@x.io>"]}
assert parse_trailers("fix: x") == {}
assert parse_trailers("fix: x\n\nJust prose here.") == {}
assert parse_trailers("fix: x\n\nRefs: 12\nnot a trailer") == {}""",
        ),
    ),
    dict(
        id="coder-056",
        role="coder",
        user=r"""Write `tokenize(expr: str) -> list[str]` for our calculator: split into numbers (integers or decimals like "3.14"), identifiers ([A-Za-z_] then word characters) and the single-character operators + - * / ( ) and ",". Skip whitespace. Any other character raises ValueError whose message includes its 0-based position.""",
        answer=r'''```python
import re

_TOKEN = re.compile(r"[0-9]+(?:\.[0-9]+)?|[A-Za-z_]\w*|[-+*/(),]")


def tokenize(expr):
    tokens, pos = [], 0
    while pos < len(expr):
        if expr[pos].isspace():
            pos += 1
            continue
        m = _TOKEN.match(expr, pos)
        if not m:
            raise ValueError(f"unexpected {expr[pos]!r} at position {pos}")
        tokens.append(m.group())
        pos = m.end()
    return tokens
```''',
        check=dict(
            kind="python_tests",
            entry_point="tokenize",
            tests=r"""assert tokenize("max(3.5, x1)*2") == ["max", "(", "3.5", ",", "x1", ")", "*", "2"]
assert tokenize("  ") == []
assert tokenize("a-b/ 10") == ["a", "-", "b", "/", "10"]
try:
    tokenize("2 $ 3")
except ValueError as e:
    assert "2" in str(e)
else:
    raise AssertionError("expected ValueError")""",
        ),
    ),
    dict(
        id="coder-057",
        role="coder",
        user=r"""Write `expand_braces(pattern: str) -> list[str]` expanding shell-style alternatives such as "test_{unit,e2e}_{fast,slow}" into every combination, left alternatives varying slowest. Braces are never nested; an empty alternative is allowed ("a{,b}" -> ["a", "ab"]). A pattern without braces returns [pattern].""",
        answer=r'''```python
import itertools
import re


def expand_braces(pattern):
    parts = re.split(r"\{([^{}]*)\}", pattern)
    choices = [part.split(",") if i % 2 else [part] for i, part in enumerate(parts)]
    return ["".join(combo) for combo in itertools.product(*choices)]
```
`re.split` with a capture group puts the brace contents at odd indices.''',
        check=dict(
            kind="python_tests",
            entry_point="expand_braces",
            tests=r"""assert expand_braces("test_{unit,e2e}_{fast,slow}") == ["test_unit_fast", "test_unit_slow", "test_e2e_fast", "test_e2e_slow"]
assert expand_braces("plain") == ["plain"]
assert expand_braces("a{,b}") == ["a", "ab"]
assert expand_braces("{x,y,z}") == ["x", "y", "z"]""",
        ),
    ),
]
