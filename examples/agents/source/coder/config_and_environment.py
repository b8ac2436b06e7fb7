"""Coder-role examples: config and environment. Contract: source/README.md."""

EXAMPLES = [
    dict(
        id="coder-122",
        role="coder",
        user=r"""Write `parse_env(text: str) -> dict[str, str]` for .env files. Rules: skip blank lines, lines starting with "#" and lines without "="; allow an optional "export " prefix; split on the first "="; strip whitespace around key and value; remove one pair of matching single or double quotes around the value; later keys override earlier ones.""",
        answer=r'''```python
def parse_env(text):
    env = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        if line.startswith("export "):
            line = line[len("export "):]
        key, _, value = line.partition("=")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        env[key.strip()] = value
    return env
```''',
        check=dict(
            kind="python_tests",
            entry_point="parse_env",
            tests=r"""text = '''
# database
DB_HOST = localhost
export DB_PORT=5432
GREETING="hello world"
TOKEN='a=b=c'
garbage line
DB_HOST=db.internal
EMPTY=
'''
assert parse_env(text) == {"DB_HOST": "db.internal", "DB_PORT": "5432", "GREETING": "hello world", "TOKEN": "a=b=c", "EMPTY": ""}
assert parse_env("") == {}
assert parse_env("Q='it\"s'") == {"Q": "it\"s"}
assert parse_env("X=\"unbalanced'") == {"X": "\"unbalanced'"}""",
        ),
    ),
    dict(
        id="coder-123",
        role="coder",
        user=r"""Write `env_bool(value: str | None, default: bool = False) -> bool`. None or a blank string returns default. Case-insensitively, "1", "true", "yes", "on" are True and "0", "false", "no", "off" are False (surrounding whitespace ignored). Anything else raises ValueError.""",
        answer=r'''```python
def env_bool(value, default=False):
    if value is None or not value.strip():
        return default
    v = value.strip().lower()
    if v in ("1", "true", "yes", "on"):
        return True
    if v in ("0", "false", "no", "off"):
        return False
    raise ValueError(f"not a boolean: {value!r}")
```''',
        check=dict(
            kind="python_tests",
            entry_point="env_bool",
            tests=r"""assert env_bool("TRUE") is True and env_bool(" yes ") is True and env_bool("1") is True
assert env_bool("off") is False and env_bool("0") is False
assert env_bool(None) is False and env_bool(None, True) is True
assert env_bool("  ", default=True) is True
try:
    env_bool("maybe")
except ValueError:
    pass
else:
    raise AssertionError("expected ValueError")""",
        ),
    ),
    dict(
        id="coder-124",
        role="coder",
        user=r"""Config values come from the environment as strings. Write `coerce_env(value: str)` that returns: a bool for "true"/"false" (any case), None for "", "null" or "none" (any case), an int if it parses as int, else a float if it parses as float, else the original string.""",
        answer=r'''```python
def coerce_env(value):
    low = value.strip().lower()
    if low in ("true", "false"):
        return low == "true"
    if low in ("", "null", "none"):
        return None
    for cast in (int, float):
        try:
            return cast(value)
        except ValueError:
            pass
    return value
```
int is tried before float so "8080" stays an integer.''',
        check=dict(
            kind="python_tests",
            entry_point="coerce_env",
            tests=r"""assert coerce_env("True") is True and coerce_env("false") is False
assert coerce_env("") is None and coerce_env("NULL") is None and coerce_env("None") is None
r = coerce_env("8080")
assert r == 8080 and type(r) is int
r = coerce_env("0.25")
assert r == 0.25 and type(r) is float
assert coerce_env("localhost") == "localhost"
assert coerce_env("-3") == -3""",
        ),
    ),
    dict(
        id="coder-125",
        role="coder",
        user=r"""Write `merge_config(base: dict, override: dict) -> dict` returning a new dict: nested dicts are merged recursively, a value of None in `override` deletes that key, any other value replaces the base value. Neither input may be mutated.""",
        answer=r'''```python
def merge_config(base, override):
    merged = dict(base)
    for key, value in override.items():
        if value is None:
            merged.pop(key, None)
        elif isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge_config(merged[key], value)
        else:
            merged[key] = value
    return merged
```''',
        check=dict(
            kind="python_tests",
            entry_point="merge_config",
            tests=r"""base = {"db": {"host": "localhost", "port": 5432}, "debug": True, "cache": {"ttl": 60}}
over = {"db": {"host": "db.prod", "pool": 10}, "debug": None, "cache": "off"}
assert merge_config(base, over) == {"db": {"host": "db.prod", "port": 5432, "pool": 10}, "cache": "off"}
assert base == {"db": {"host": "localhost", "port": 5432}, "debug": True, "cache": {"ttl": 60}}
assert over == {"db": {"host": "db.prod", "pool": 10}, "debug": None, "cache": "off"}
assert merge_config({}, {"a": {"b": None}}) == {"a": {"b": None}}
assert merge_config({"a": 1}, {"missing": None}) == {"a": 1}""",
        ),
    ),
    dict(
        id="coder-126",
        role="coder",
        user=r"""Write `env_int(env: dict, name: str, default: int, lo: int | None = None, hi: int | None = None) -> int`. Missing or blank values give `default`. A value that is not an integer, or is outside [lo, hi] when those bounds are given, raises ValueError whose message includes `name`.""",
        answer=r'''```python
def env_int(env, name, default, lo=None, hi=None):
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"{name} must be an integer, got {raw!r}") from None
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        raise ValueError(f"{name}={value} is out of range")
    return value
```''',
        check=dict(
            kind="python_tests",
            entry_point="env_int",
            tests=r"""assert env_int({"WORKERS": " 8 "}, "WORKERS", 4) == 8
assert env_int({}, "WORKERS", 4) == 4
assert env_int({"WORKERS": ""}, "WORKERS", 4) == 4
assert env_int({"PORT": "65535"}, "PORT", 80, 1, 65535) == 65535
for env in ({"PORT": "eighty"}, {"PORT": "0"}, {"PORT": "70000"}):
    try:
        env_int(env, "PORT", 80, 1, 65535)
    except ValueError as e:
        assert "PORT" in str(e)
    else:
        raise AssertionError(env)""",
        ),
    ),
    dict(
        id="coder-127",
        role="coder",
        user=r"""Feature flags with gradual rollout. A flag is a dict like {"name": "new-ui", "enabled": True, "allow": ["u1"], "percent": 25}. Write `flag_enabled(flag: dict, user_id: str) -> bool`: False if not enabled; True if the user is in "allow"; otherwise True when zlib.crc32 of "<name>:<user_id>" modulo 100 is below "percent" (missing keys: allow = [], percent = 0). It must be deterministic per user.""",
        answer=r'''```python
import zlib

def flag_enabled(flag, user_id):
    if not flag.get("enabled", False):
        return False
    if user_id in flag.get("allow", ()):
        return True
    bucket = zlib.crc32(f"{flag['name']}:{user_id}".encode()) % 100
    return bucket < flag.get("percent", 0)
```
Hashing the flag name with the user gives each flag an independent, stable bucket.''',
        check=dict(
            kind="python_tests",
            entry_point="flag_enabled",
            tests=r"""import zlib
f = {"name": "new-ui", "enabled": True, "allow": ["vip"], "percent": 30}
users = [f"user{i}" for i in range(1000)]
on = sum(flag_enabled(f, u) for u in users)
assert 200 < on < 400
assert all(flag_enabled(f, u) == (zlib.crc32(f"new-ui:{u}".encode()) % 100 < 30) for u in users)
assert flag_enabled({"name": "x", "enabled": True, "allow": ["vip"]}, "vip")
assert not flag_enabled({"name": "x", "enabled": True}, "user1")
assert not flag_enabled({"name": "x", "enabled": False, "allow": ["vip"], "percent": 100}, "vip")
assert all(flag_enabled({"name": "x", "enabled": True, "percent": 100}, u) for u in users)""",
        ),
    ),
    dict(
        id="coder-128",
        role="coder",
        user=r"""Write `env_list(value: str | None, sep: str = ",") -> list[str]` that splits a setting like "a, b,,c " into ["a", "b", "c"]: items are stripped and empty items dropped. None gives [].""",
        answer=r'''```python
def env_list(value, sep=","):
    if value is None:
        return []
    return [item.strip() for item in value.split(sep) if item.strip()]
```''',
        check=dict(
            kind="python_tests",
            entry_point="env_list",
            tests=r"""assert env_list("a, b,,c ") == ["a", "b", "c"]
assert env_list(None) == []
assert env_list("") == []
assert env_list("x:y", sep=":") == ["x", "y"]
assert env_list(" solo ") == ["solo"]""",
        ),
    ),
    dict(
        id="coder-129",
        role="coder",
        user=r"""Write `expand_vars(text: str, env: dict) -> str` that substitutes `${NAME}` and `${NAME:-fallback}` (NAME = letters, digits, underscore; not starting with a digit). `${NAME}` uses env[NAME] and raises KeyError if NAME is missing; with `:-fallback` the fallback is used when NAME is missing or empty. Other text, including a bare `$`, is left alone.""",
        answer=r'''```python
import re

def expand_vars(text, env):
    def sub(m):
        name, fallback = m.groups()
        value = env.get(name)
        if fallback is not None and not value:
            return fallback
        if value is None:
            raise KeyError(name)
        return value
    return re.sub(r"\$\{([A-Za-z_]\w*)(?::-([^}]*))?\}", sub, text)
```''',
        check=dict(
            kind="python_tests",
            entry_point="expand_vars",
            tests=r"""env = {"HOST": "db", "PORT": "5432", "EMPTY": ""}
assert expand_vars("postgres://${HOST}:${PORT}/app", env) == "postgres://db:5432/app"
assert expand_vars("${USER:-guest} ${EMPTY:-x} ${HOST:-y}", env) == "guest x db"
assert expand_vars("cost: $5 ${EMPTY}!", env) == "cost: $5 !"
assert expand_vars("${MISSING:-}", env) == ""
try:
    expand_vars("${MISSING}", env)
except KeyError as e:
    assert "MISSING" in str(e)
else:
    raise AssertionError("expected KeyError")""",
        ),
    ),
    dict(
        id="coder-130",
        role="coder",
        user=r"""Write `config_from_env(env: dict[str, str], prefix: str) -> dict` that builds a nested config from variables starting with `prefix`: strip the prefix, lower-case the rest and split it on "__" into nested keys. E.g. with prefix "APP_", APP_DB__HOST=x becomes {"db": {"host": "x"}}. Values stay strings; other variables are ignored.""",
        answer=r'''```python
def config_from_env(env, prefix):
    config = {}
    for key, value in env.items():
        if not key.startswith(prefix):
            continue
        *parents, leaf = key[len(prefix):].lower().split("__")
        node = config
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = value
    return config
```''',
        check=dict(
            kind="python_tests",
            entry_point="config_from_env",
            tests=r"""env = {"APP_DB__HOST": "db", "APP_DB__PORT": "5432", "APP_DEBUG": "1", "PATH": "/bin", "APP_CACHE__REDIS__URL": "redis://r"}
assert config_from_env(env, "APP_") == {"db": {"host": "db", "port": "5432"}, "debug": "1", "cache": {"redis": {"url": "redis://r"}}}
assert config_from_env(env, "NOPE_") == {}
assert config_from_env({}, "APP_") == {}
assert config_from_env({"X_LOG_LEVEL": "info"}, "X_") == {"log_level": "info"}""",
        ),
    ),
    dict(
        id="coder-131",
        role="coder",
        user=r"""At startup we validate config. Write `missing_keys(config: dict, required: list[str]) -> list[str]` where each required key is a dotted path like "db.host". Return the paths that are absent or whose value is None, in the order given.""",
        answer=r'''```python
def missing_keys(config, required):
    missing = []
    for dotted in required:
        node = config
        for part in dotted.split("."):
            if not isinstance(node, dict) or node.get(part) is None:
                missing.append(dotted)
                break
            node = node[part]
    return missing
```''',
        check=dict(
            kind="python_tests",
            entry_point="missing_keys",
            tests=r"""cfg = {"db": {"host": "x", "port": None}, "name": "svc", "debug": False, "flat": 3}
assert missing_keys(cfg, ["db.host", "db.port", "db.user", "name", "debug"]) == ["db.port", "db.user"]
assert missing_keys(cfg, ["flat.sub", "cache.ttl"]) == ["flat.sub", "cache.ttl"]
assert missing_keys(cfg, []) == []
assert missing_keys({}, ["a"]) == ["a"]""",
        ),
    ),
    dict(
        id="coder-132",
        role="coder",
        user=r"""Write `parse_ini(text: str) -> dict[str, dict[str, str]]` using the standard library's configparser. Keep the case of keys, disable % interpolation, and return one dict per section (values from [DEFAULT] are inherited as configparser does).""",
        answer=r'''```python
import configparser

def parse_ini(text):
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str
    parser.read_string(text)
    return {name: dict(parser[name]) for name in parser.sections()}
```
Overriding `optionxform` stops configparser from lower-casing keys.''',
        check=dict(
            kind="python_tests",
            entry_point="parse_ini",
            tests=r"""text = "[DEFAULT]\nTimeout = 30\n\n[server]\nHost = example.com\nformat = %(levelname)s\n\n[client]\nretries=3\n"
r = parse_ini(text)
assert r["server"] == {"Host": "example.com", "format": "%(levelname)s", "Timeout": "30"}
assert r["client"] == {"retries": "3", "Timeout": "30"}
assert list(r) == ["server", "client"]
assert parse_ini("") == {}""",
        ),
    ),
    dict(
        id="coder-133",
        role="coder",
        user=r"""Before logging the effective config we must hide secrets. Write `redact_config(value)` that returns a copy where every dict entry whose key contains "password", "secret", "token" or "api_key" (case-insensitive) has its value replaced by "***". Recurse into nested dicts and lists; other values are returned as is.""",
        answer=r'''```python
SENSITIVE = ("password", "secret", "token", "api_key")

def redact_config(value):
    if isinstance(value, dict):
        return {
            k: "***" if any(s in str(k).lower() for s in SENSITIVE) else redact_config(v)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [redact_config(v) for v in value]
    return value
```''',
        check=dict(
            kind="python_tests",
            entry_point="redact_config",
            tests=r"""cfg = {"db": {"user": "app", "Password": "pw"}, "API_KEY": "k", "hooks": [{"url": "u", "secret_token": "s"}], "port": 80}
assert redact_config(cfg) == {"db": {"user": "app", "Password": "***"}, "API_KEY": "***", "hooks": [{"url": "u", "secret_token": "***"}], "port": 80}
assert cfg["db"]["Password"] == "pw"
assert redact_config([1, "x"]) == [1, "x"]
assert redact_config({"tokens": {"a": 1}}) == {"tokens": "***"}""",
        ),
    ),
    dict(
        id="coder-134",
        role="coder",
        user=r"""Write `parse_flags(spec: str) -> dict[str, bool]` for a FEATURES setting like "beta, -legacy, +search". A name with "-" prefix is off, with "+" or no prefix it is on. Whitespace and empty items are ignored; later entries win.""",
        answer=r'''```python
def parse_flags(spec):
    flags = {}
    for item in spec.split(","):
        item = item.strip()
        if not item:
            continue
        if item[0] in "+-":
            flags[item[1:].strip()] = item[0] == "+"
        else:
            flags[item] = True
    return flags
```''',
        check=dict(
            kind="python_tests",
            entry_point="parse_flags",
            tests=r"""assert parse_flags("beta, -legacy, +search") == {"beta": True, "legacy": False, "search": True}
assert parse_flags("") == {}
assert parse_flags("a,,-a") == {"a": False}
assert parse_flags(" x , -y ,") == {"x": True, "y": False}""",
        ),
    ),
]
