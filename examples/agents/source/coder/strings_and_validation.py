"""Coder-role examples: strings and validation. Contract: source/README.md."""

EXAMPLES = [
    dict(
        id="coder-058",
        role="coder",
        user=r"""Write `is_hex_color(value: str) -> bool`: True for "#" followed by exactly 3 or 6 hex digits in either case, such as "#fff" or "#1A2b3C"; False otherwise.""",
        answer=r'''```python
import re


def is_hex_color(value):
    return re.fullmatch(r"#(?:[0-9a-fA-F]{3}){1,2}", value) is not None
```''',
        check=dict(
            kind="python_tests",
            entry_point="is_hex_color",
            tests=r"""assert is_hex_color("#fff")
assert is_hex_color("#1A2b3C")
assert not is_hex_color("fff")
assert not is_hex_color("#ffff")
assert not is_hex_color("#ggg")
assert not is_hex_color("#fff\n")""",
        ),
    ),
    dict(
        id="coder-059",
        role="coder",
        user=r"""Theme loader: write `hex_to_rgb(color: str) -> tuple[int, int, int]` for CSS colors like "#ff8800" or the shorthand "#f80" (each digit doubled). Raise ValueError for anything else.""",
        answer=r'''```python
import re


def hex_to_rgb(color):
    m = re.fullmatch(r"#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})", color)
    if not m:
        raise ValueError(f"invalid color: {color!r}")
    digits = m.group(1)
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return tuple(int(digits[i:i + 2], 16) for i in (0, 2, 4))
```''',
        check=dict(
            kind="python_tests",
            entry_point="hex_to_rgb",
            tests=r"""assert hex_to_rgb("#ff8800") == (255, 136, 0)
assert hex_to_rgb("#f80") == (255, 136, 0)
assert hex_to_rgb("#000000") == (0, 0, 0)
for bad in ("ff8800", "#12345", "#xyz"):
    try:
        hex_to_rgb(bad)
    except ValueError:
        pass
    else:
        raise AssertionError(bad)""",
        ),
    ),
    dict(
        id="coder-060",
        role="coder",
        user=r"""Config keys must be snake_case. Write `is_snake_case(name: str) -> bool`: only lowercase ASCII letters, digits and single underscores, starting with a letter and not ending with an underscore. "max_retries" and "v2_api" pass; "Max", "2fa", "a__b" and "x_" do not.""",
        answer=r'''```python
import re


def is_snake_case(name):
    return re.fullmatch(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*", name) is not None
```''',
        check=dict(
            kind="python_tests",
            entry_point="is_snake_case",
            tests=r"""assert is_snake_case("max_retries")
assert is_snake_case("v2_api") and is_snake_case("x")
for bad in ("Max", "2fa", "a__b", "x_", "", "_x", "a-b"):
    assert not is_snake_case(bad), bad""",
        ),
    ),
    dict(
        id="coder-061",
        role="coder",
        user=r"""For our code generator, write `is_valid_field_name(name: str) -> bool`: the name must be a valid Python identifier, must not be a keyword (like "class"), and must not start with an underscore.""",
        answer=r'''```python
import keyword


def is_valid_field_name(name):
    return name.isidentifier() and not keyword.iskeyword(name) and not name.startswith("_")
```''',
        check=dict(
            kind="python_tests",
            entry_point="is_valid_field_name",
            tests=r"""assert is_valid_field_name("user_id")
assert not is_valid_field_name("class")
assert not is_valid_field_name("_secret")
assert not is_valid_field_name("2nd")
assert not is_valid_field_name("")""",
        ),
    ),
    dict(
        id="coder-062",
        role="coder",
        user=r"""Signup form pre-check: write `looks_like_email(value: str) -> bool`. Require exactly one "@", no whitespace anywhere, a non-empty local part, and a domain that contains a dot and neither starts nor ends with one.""",
        answer=r'''```python
def looks_like_email(value):
    if value.count("@") != 1 or any(c.isspace() for c in value):
        return False
    local, domain = value.split("@")
    return bool(local) and "." in domain and not domain.startswith(".") and not domain.endswith(".")
```''',
        check=dict(
            kind="python_tests",
            entry_point="looks_like_email",
            tests=r"""assert looks_like_email("ann@example.com")
assert looks_like_email("a.b+tag@mail.co.uk")
for bad in ("ann@example", "@example.com", "a@b@c.com", "ann @x.com", "ann@.com", "ann@x.com.", ""):
    assert not looks_like_email(bad), bad""",
        ),
    ),
    dict(
        id="coder-063",
        role="coder",
        user=r"""Write `password_problems(pw: str) -> list[str]` returning the rules a password breaks, in this order: "length" (fewer than 12 characters), "lower", "upper", "digit" (no character of that kind) and "symbol" (no character that is neither a letter nor a digit). A good password gives [].""",
        answer=r'''```python
def password_problems(pw):
    checks = [
        ("length", len(pw) >= 12),
        ("lower", any(c.islower() for c in pw)),
        ("upper", any(c.isupper() for c in pw)),
        ("digit", any(c.isdigit() for c in pw)),
        ("symbol", any(not c.isalnum() for c in pw)),
    ]
    return [name for name, ok in checks if not ok]
```''',
        check=dict(
            kind="python_tests",
            entry_point="password_problems",
            tests=r"""assert password_problems("Correct-horse-9") == []
assert password_problems("") == ["length", "lower", "upper", "digit", "symbol"]
assert password_problems("abcdefghijkl") == ["upper", "digit", "symbol"]
assert password_problems("SHORT1!a") == ["length"]""",
        ),
    ),
    dict(
        id="coder-064",
        role="coder",
        user=r"""Write `camel_to_snake(name: str) -> str`: "userId" -> "user_id", "HTTPServerError" -> "http_server_error", "getHTTP" -> "get_http"; names already in snake_case are returned unchanged.""",
        answer=r'''```python
import re


def camel_to_snake(name):
    name = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", name)
    name = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    return name.lower()
```
The first pass splits acronyms from the following word, the second splits lower-to-upper transitions.''',
        check=dict(
            kind="python_tests",
            entry_point="camel_to_snake",
            tests=r"""assert camel_to_snake("userId") == "user_id"
assert camel_to_snake("HTTPServerError") == "http_server_error"
assert camel_to_snake("getHTTP") == "get_http"
assert camel_to_snake("already_snake") == "already_snake"
assert camel_to_snake("Version2Name") == 'version2_name'""",
        ),
    ),
    dict(
        id="coder-065",
        role="coder",
        user=r"""Write `snake_to_camel(name: str) -> str` turning "max_retry_count" into "maxRetryCount". Leading, trailing and repeated underscores are ignored; an empty result gives "".""",
        answer=r'''```python
def snake_to_camel(name):
    parts = [p for p in name.split("_") if p]
    if not parts:
        return ""
    return parts[0].lower() + "".join(p.capitalize() for p in parts[1:])
```''',
        check=dict(
            kind="python_tests",
            entry_point="snake_to_camel",
            tests=r"""assert snake_to_camel("max_retry_count") == "maxRetryCount"
assert snake_to_camel("id") == "id"
assert snake_to_camel("_private_value") == "privateValue"
assert snake_to_camel("a__b_") == "aB"
assert snake_to_camel("___") == ''""",
        ),
    ),
    dict(
        id="coder-066",
        role="coder",
        user=r"""Write `slugify(title: str, max_len: int = 50) -> str` for blog URLs: strip accents with unicodedata, lowercase, replace every run of characters other than ASCII letters and digits with a single "-", trim "-" from both ends, then cut to max_len without leaving a trailing "-".""",
        answer=r'''```python
import re
import unicodedata


def slugify(title, max_len=50):
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:max_len].rstrip("-")
```
NFKD splits accented letters into base letter plus accent, and the ASCII encode drops the accent.''',
        check=dict(
            kind="python_tests",
            entry_point="slugify",
            tests=r"""assert slugify("Crème Brûlée: A Recipe!") == "creme-brulee-a-recipe"
assert slugify("  --Hello,   World--  ") == "hello-world"
assert slugify("abc def", 4) == "abc"
assert slugify("日本") == ""
assert len(slugify("word " * 30)) <= 50""",
        ),
    ),
    dict(
        id="coder-067",
        role="coder",
        user=r"""Write `word_counts(text: str) -> dict[str, int]` counting words case-insensitively, where a word is a run of ASCII letters, digits or apostrophes.""",
        answer=r'''```python
import re
from collections import Counter


def word_counts(text):
    return dict(Counter(re.findall(r"[a-z0-9']+", text.lower())))
```''',
        check=dict(
            kind="python_tests",
            entry_point="word_counts",
            tests=r"""assert word_counts("The cat and the hat.") == {"the": 2, "cat": 1, "and": 1, "hat": 1}
assert word_counts("") == {}
assert word_counts("don't Don't stop") == {"don't": 2, "stop": 1}
assert word_counts("v2, V2!") == {"v2": 2}""",
        ),
    ),
    dict(
        id="coder-068",
        role="coder",
        user=r"""Write `extract_mentions(text: str) -> list[str]` returning the @usernames in a chat message, without the "@", lowercased, deduplicated in first-seen order. A username is 2 to 20 characters of [A-Za-z0-9_] and the "@" must not directly follow a word character or ".", so email addresses do not count.""",
        answer=r'''```python
import re


def extract_mentions(text):
    names = re.findall(r"(?<![\w.])@([A-Za-z0-9_]{2,20})(?![A-Za-z0-9_])", text)
    return list(dict.fromkeys(name.lower() for name in names))
```''',
        check=dict(
            kind="python_tests",
            entry_point="extract_mentions",
            tests=r"""assert extract_mentions("hey @Ann and @bob, mail bob@corp.io; cc @ann @x") == ["ann", "bob"]
assert extract_mentions("no mentions") == []
assert extract_mentions("@" + "a" * 21) == []
assert extract_mentions("(@dev_team) @ops.") == ["dev_team", "ops"]""",
        ),
    ),
    dict(
        id="coder-069",
        role="coder",
        user=r"""Before logs leave the cluster, write `redact_emails(text: str) -> str` replacing every email address with "<email>". An email is a local part of [A-Za-z0-9._%+-]+, an "@", then dot-separated domain labels of [A-Za-z0-9-] ending in a TLD of 2+ letters.""",
        answer=r'''```python
import re

_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}")


def redact_emails(text):
    return _EMAIL.sub("<email>", text)
```''',
        check=dict(
            kind="python_tests",
            entry_point="redact_emails",
            tests=r"""assert redact_emails("contact ann.lee+ops@mail.example.com now.") == "contact <email> now."
assert redact_emails("a@b.io, c@d.org") == "<email>, <email>"
assert redact_emails("no at sign here") == "no at sign here"
assert redact_emails("user@localhost") == 'user@localhost'""",
        ),
    ),
    dict(
        id="coder-070",
        role="coder",
        user=r"""Our CI logs contain color codes. Write `strip_ansi(text: str) -> str` removing ANSI CSI sequences: ESC (\x1b) then "[", then digits and semicolons, ending in a letter. Example: "\x1b[31mred\x1b[0m" -> "red".""",
        answer=r'''```python
import re

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def strip_ansi(text):
    return _ANSI.sub("", text)
```''',
        check=dict(
            kind="python_tests",
            entry_point="strip_ansi",
            tests=r"""assert strip_ansi("\x1b[31mred\x1b[0m") == "red"
assert strip_ansi("\x1b[1;32mOK\x1b[0m done") == "OK done"
assert strip_ansi("plain [text]") == "plain [text]"
assert strip_ansi("") == ''""",
        ),
    ),
    dict(
        id="coder-071",
        role="coder",
        user=r"""Write `strip_links(text: str) -> str` that turns markdown links "[label](url)" into just "label". Images ("![alt](src)") must be left untouched.""",
        answer=r'''```python
import re


def strip_links(text):
    return re.sub(r"(?<!!)\[([^\]]*)\]\([^)]*\)", r"\1", text)
```''',
        check=dict(
            kind="python_tests",
            entry_point="strip_links",
            tests=r"""assert strip_links("See [the docs](https://x.io/docs) and [FAQ](/faq).") == "See the docs and FAQ."
assert strip_links("![logo](logo.png)") == "![logo](logo.png)"
assert strip_links("no links [here]") == 'no links [here]'""",
        ),
    ),
    dict(
        id="coder-072",
        role="coder",
        user=r"""Write `render(template: str, values: dict) -> str` replacing placeholders like "{{ name }}" (spaces inside the braces optional; names match [A-Za-z_][A-Za-z0-9_]*) with str(values[name]). Placeholders whose name is missing from values are left untouched.""",
        answer=r'''```python
import re


def render(template, values):
    def replace(m):
        name = m.group(1)
        return str(values[name]) if name in values else m.group(0)

    return re.sub(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}", replace, template)
```''',
        check=dict(
            kind="python_tests",
            entry_point="render",
            tests=r"""assert render("Hi {{name}}, you have {{ n }} alerts", {"name": "Ann", "n": 3}) == "Hi Ann, you have 3 alerts"
assert render("{{ missing }} stays", {}) == "{{ missing }} stays"
assert render("{{a}}{{a}}", {"a": 0}) == "00"
assert render("{single}", {"single": 1}) == '{single}'""",
        ),
    ),
    dict(
        id="coder-073",
        role="coder",
        user=r"""Write `natural_key(s: str) -> list` for sorting build labels the way humans expect, so "build2" sorts before "build10". Split the string into digit and non-digit runs; compare digit runs as integers and text runs case-insensitively.""",
        answer=r'''```python
import re


def natural_key(s):
    parts = re.split(r"([0-9]+)", s)
    return [int(p) if i % 2 else p.lower() for i, p in enumerate(parts)]
```
Splitting on a capture group keeps text at even and numbers at odd positions, so compared elements always share a type.''',
        check=dict(
            kind="python_tests",
            entry_point="natural_key",
            tests=r"""assert sorted(["build10", "build2", "Build1", "build2a"], key=natural_key) == ["Build1", "build2", "build2a", "build10"]
assert sorted(["v1.10", "v1.9", "v1.09b"], key=natural_key) == ["v1.9", "v1.09b", "v1.10"]
assert natural_key("") == [""]
assert sorted(["10", "9", "a"], key=natural_key) == ["9", "10", "a"]""",
        ),
    ),
    dict(
        id="coder-074",
        role="coder",
        user=r"""Command palette: write `fuzzy_match(query: str, candidate: str) -> bool` that is True when all characters of query appear in candidate in the same order (not necessarily adjacent), ignoring case. An empty query matches everything.""",
        answer=r'''```python
def fuzzy_match(query, candidate):
    remaining = iter(candidate.lower())
    return all(ch in remaining for ch in query.lower())
```
Each `in` test consumes the iterator up to the match, which enforces the order.''',
        check=dict(
            kind="python_tests",
            entry_point="fuzzy_match",
            tests=r"""assert fuzzy_match("gco", "Git: Checkout")
assert not fuzzy_match("ocg", "Git: Checkout")
assert fuzzy_match("", "anything")
assert not fuzzy_match("aa", "a")
assert fuzzy_match("AB", "xaxb")""",
        ),
    ),
    dict(
        id="coder-075",
        role="coder",
        user=r"""Write `complete(words: list[str], prefix: str, limit: int = 5) -> list[str]` for autocompletion: return up to `limit` distinct words that start with prefix (case-insensitive match, original spelling kept), shortest first, then alphabetical.""",
        answer=r'''```python
def complete(words, prefix, limit=5):
    p = prefix.lower()
    matches = {w for w in words if w.lower().startswith(p)}
    return sorted(matches, key=lambda w: (len(w), w))[:limit]
```''',
        check=dict(
            kind="python_tests",
            entry_point="complete",
            tests=r"""words = ["deploy", "delete", "Debug", "deploy", "describe", "list"]
assert complete(words, "de") == ["Debug", "delete", "deploy", "describe"]
assert complete(words, "DEP") == ["deploy"]
assert complete(words, "de", limit=2) == ["Debug", "delete"]
assert complete(words, "zz") == []""",
        ),
    ),
    dict(
        id="coder-076",
        role="coder",
        user=r"""We must never log API keys. Write `mask_secret(secret: str, visible: int = 4) -> str` replacing all but the last `visible` characters with "*". Secrets no longer than `visible` are fully masked; visible=0 masks everything.""",
        answer=r'''```python
def mask_secret(secret, visible=4):
    if len(secret) <= visible:
        return "*" * len(secret)
    hidden = len(secret) - visible
    return "*" * hidden + secret[hidden:]
```
Slicing from `hidden` avoids the `secret[-0:]` trap when visible is 0.''',
        check=dict(
            kind="python_tests",
            entry_point="mask_secret",
            tests=r"""assert mask_secret("sk_live_12345678") == "************5678"
assert mask_secret("abc") == "***"
assert mask_secret("abcdef", 0) == "******"
assert mask_secret("") == ""
assert mask_secret("abcdef", 2) == '****ef'""",
        ),
    ),
    dict(
        id="coder-077",
        role="coder",
        user=r"""Write `strip_comment(line: str) -> str` removing a trailing "#" comment and surrounding whitespace from a requirements-style line, e.g. "requests>=2  # http" -> "requests>=2". A line that is only a comment becomes "".""",
        answer=r'''```python
def strip_comment(line):
    return line.split("#", 1)[0].strip()
```''',
        check=dict(
            kind="python_tests",
            entry_point="strip_comment",
            tests=r"""assert strip_comment("requests>=2  # http") == "requests>=2"
assert strip_comment("# only a comment") == ""
assert strip_comment("  flask  ") == "flask"
assert strip_comment("") == ''""",
        ),
    ),
]
