"""Researcher-role examples: questions (2 of 2). Contract: source/README.md."""

EXAMPLES = [
    dict(
        id="researcher-014",
        role="researcher",
        user="""Should we store event times in UTC or in each user's local time? Some of the events are recurring weekly meetings.""",
        answer="""Store instants, things that already happened such as logs, created_at or payment times, in UTC (timestamptz, or ISO 8601 with an offset) and convert to the user's zone only for display. UTC has no daylight saving gaps or repeated hours, so ordering and arithmetic stay correct. Future recurring events are the exception: "every Monday at 09:00 in Berlin" must be stored as local wall-clock time plus the IANA zone name (Europe/Berlin), not as a precomputed UTC instant or a fixed offset, because DST transitions and government rule changes would shift the meeting. Compute each occurrence's UTC time when needed, and keep the tz database updated.""",
        check=dict(
            kind="rubric",
            min_words=15,
            max_words=220,
            required=[
                [r"\butc\b"],
                [r"\bdst\b", "daylight sav", "summer time", r"offsets? (change|shift)"],
                [r"\biana\b", r"zone (name|id)", "europe/", "america/", r"tz ?database", "olson", r"time ?zone (identifier|name)"],
                ["recurr", "future", r"wall[- ]clock"],
            ],
            forbidden=[
                r"store (everything|all (timestamps|times|events)) (in|as) (the user's )?local time",
                r"(fixed|utc) offsets? (is|are) (enough|sufficient) for recurring",
            ],
        ),
    ),
    dict(
        id="researcher-015",
        role="researcher",
        user="""Our /orders endpoint uses offset/limit pagination. Deep pages are slow and users sometimes see duplicates while paging. Should we switch to cursor pagination?""",
        answer="""Probably yes. With OFFSET n the database still reads and discards the first n rows, so deep pages get slower and slower, and rows inserted or deleted between requests shift the window, causing duplicates or missed items. Cursor (keyset) pagination remembers the last seen sort key and asks for rows after it, e.g. WHERE (created_at, id) < (last_created_at, last_id) ORDER BY created_at DESC, id DESC LIMIT n, which uses an index and stays fast and stable at any depth. Include a unique tiebreaker such as id and hand it out as an opaque cursor token. Trade-offs: no jumping to an arbitrary page number, total counts need a separate query, and the sort order must be indexed.""",
        check=dict(
            kind="rubric",
            min_words=15,
            max_words=220,
            required=[
                ["cursor", "keyset", "seek"],
                ["index"],
                [r"discard", r"scan", "linear", r"slow(er)? (as|with) (the )?(offset|page)", r"skip(s|ped)? (over )?(the )?(first|previous|earlier)", r"reads? (and throws away|past)"],
                [r"(jump|go|skip) (directly )?to (an? )?(arbitrary|specific|random|given) page", r"page numbers?", "total counts?"],
            ],
            forbidden=[
                r"offset pagination is (faster|more stable)",
                r"cursor pagination (allows|supports|lets you) (jumping|random access)",
            ],
        ),
    ),
    dict(
        id="researcher-016",
        role="researcher",
        user="""Our service retries failed calls to a flaky downstream API in a tight loop. What retry policy should we use instead?""",
        answer="""Use capped exponential backoff with jitter: wait roughly base times 2^attempt up to a maximum delay, with a random component so many clients do not retry in lockstep and swamp the recovering service. Limit the total attempts or total time, and retry only transient failures such as timeouts, connection resets, 429 and 503, not validation errors like 400. Retry only idempotent operations, or make them idempotent with idempotency keys, otherwise a retry after a timeout may duplicate work. Honour Retry-After when the server sends it. For sustained outages add a circuit breaker that stops calling for a while, and a retry budget so retries at several layers do not multiply load.""",
        check=dict(
            kind="rubric",
            min_words=15,
            max_words=220,
            required=[
                ["exponential", r"back-?off"],
                ["jitter", "random"],
                ["idempot", "transient", "retryable"],
                [r"limit (the )?(total )?(number of )?(attempts|retries|time)", r"max(imum)? (number of )?(attempts|retries)", r"circuit[- ]breaker", "retry budget", r"cap(ped)? (the )?(attempts|retries)", "give up", r"stop after", r"(maximum|max|limited) number of"],
            ],
            forbidden=[
                r"retry (forever|indefinitely|immediately)",
                r"retry (all|every) (errors|failures)",
            ],
        ),
    ),
    dict(
        id="researcher-017",
        role="researcher",
        user="""Our SQS standard queue sometimes delivers the same message twice and the consumer double-processes orders. Can we configure exactly-once delivery?""",
        answer="""Not end to end. SQS standard queues provide at-least-once delivery, so duplicates appear after visibility timeouts expire, when consumers crash before deleting a message, or from internal redelivery. FIFO queues deduplicate within a five-minute window, but even there a consumer that processes a message and crashes before deleting it will receive it again. The robust fix is an idempotent consumer: use a stable business ID such as the order ID, record processed IDs in a table with a unique constraint in the same transaction as the side effect, and skip messages already recorded. Also set the visibility timeout above the worst-case processing time and delete messages only after successful processing.""",
        check=dict(
            kind="rubric",
            min_words=15,
            max_words=220,
            required=[
                [r"at[- ]least[- ]once"],
                ["idempot", "dedup", "de-dup", r"unique (id|constraint|key)"],
                ["visibility timeout", r"\back", r"delet(e|ing) (the )?messages?", "crash"],
            ],
            forbidden=[
                r"(standard )?(queues? )?(guarantees?|provides?|supports?) exactly[- ]once (delivery|processing)",
                r"(enable|turn on|set) exactly[- ]once",
            ],
        ),
    ),
    dict(
        id="researcher-018",
        role="researcher",
        user="""Should our web app use JWTs or server-side sessions for login? Admins must be able to lock a user out immediately.""",
        answer="""Given the need for immediate revocation, server-side sessions are the simpler fit. A session is an opaque random ID in an HttpOnly, Secure cookie; the server looks it up on every request, so deleting the session record logs the user out at once. A JWT is self-contained and verified by its signature alone, which saves the lookup but means it stays valid until it expires; revoking it needs a denylist or a user-state check on each request, which gives up the stateless benefit. If you choose JWTs anyway, keep access tokens short-lived (minutes) and check refresh tokens server-side. Avoid keeping tokens in localStorage, where any XSS can read them.""",
        check=dict(
            kind="rubric",
            min_words=15,
            max_words=220,
            required=[
                ["revo", r"logs? (them|the user|users?) out", "invalidat", "denylist", "blacklist", "blocklist"],
                ["expir", r"short[- ]lived", "lifetime"],
                ["session"],
                ["stateless", "self-contained", "signature", "lookup", r"look(s|ed)? (it )?up"],
            ],
            forbidden=[
                r"jwts? can be (instantly|immediately) revoked without",
                r"localstorage is (safe|secure)",
            ],
        ),
    ),
    dict(
        id="researcher-019",
        role="researcher",
        user="""A reviewer flagged a query we build with f-strings from request parameters. We escape quotes by hand. Is that enough to prevent SQL injection?""",
        answer="""No. Hand-rolled escaping is fragile: it misses backslash tricks, numeric contexts where no quotes are involved, character-set issues and identifiers, and one forgotten call reopens the hole. Use parameterized queries, with placeholders such as %s or ? and the values passed separately, so the driver sends them as data that can never change the structure of the SQL. Table and column names cannot be parameters, so pick them from a fixed allowlist. ORMs and query builders parameterize for you, but their raw-SQL escape hatches need the same care. A least-privilege database account limits the damage if something slips through.""",
        check=dict(
            kind="rubric",
            min_words=15,
            max_words=220,
            required=[
                [r"parameteri[sz]", r"placeholders?", r"bind (variables|parameters)", r"prepared statements?"],
                [r"^\s*no\b", r"n[o']t (enough|sufficient|safe|reliable|adequate)", "insufficient", "unreliable", "fragile", "error-prone", "unsafe"],
                ["separate", "as data", "structure", r"never (be )?(interpreted|executed)", "driver"],
            ],
            forbidden=[
                r"escaping (quotes )?(by hand |manually )?is (enough|sufficient|safe)",
                r"f-strings? (are|is) (safe|fine)",
            ],
        ),
    ),
    dict(
        id="researcher-020",
        role="researcher",
        user="""Queries that filter orders by customer_id and status are slow. Should we simply add an index on every column?""",
        answer="""No. Each index speeds up the reads that can use it but costs disk and memory and adds work to every INSERT, UPDATE and DELETE, so indexing every column slows writes and bloats storage, and most single-column indexes would go unused. Here, add one composite index on (customer_id, status), extended with created_at if you also sort by date. Column order matters: the leftmost columns must match your equality filters, so this index also serves queries on customer_id alone but not on status alone. Check the plan with EXPLAIN ANALYZE before and after, and drop indexes that usage statistics show are never scanned. A low-selectivity column like status is rarely worth indexing by itself.""",
        check=dict(
            kind="rubric",
            min_words=15,
            max_words=220,
            required=[
                ["composite", r"multi-?column", "compound", r"\(customer_id, ?status"],
                ["write", "insert", "update"],
                ["explain", "query plan", r"\bplan\b", "measure", "benchmark", "profil"],
            ],
            forbidden=[
                r"index(ing)? (on )?every column is (fine|good|a good idea|recommended)",
                r"indexes (have|has|carry) no (cost|downside)",
            ],
        ),
    ),
    dict(
        id="researcher-021",
        role="researcher",
        user="""Usernames that look identical, like "café", sometimes fail to match in our lookups. What's going on and how should we compare them?""",
        answer="""Unicode allows the same visible text to be encoded in different ways: "é" can be the single code point U+00E9 or "e" followed by the combining acute accent U+0301, and a plain comparison treats them as different strings. Normalize at the boundary, before storing and before comparing, usually to NFC; for identifiers like usernames, NFKC additionally folds compatibility characters such as full-width letters. For case-insensitive matching use str.casefold() rather than lower(), which handles cases like the German sharp s. Store the normalized form in a unique-indexed column. Normalization does not catch confusables (Cyrillic "а" versus Latin "a"); a confusables check or a restricted character set helps against impersonation.""",
        check=dict(
            kind="rubric",
            min_words=15,
            max_words=220,
            required=[
                [r"normali[sz]"],
                [r"\bnfc\b", r"\bnfkc\b", r"\bnfd\b", r"\bnfkd\b"],
                ["combining", r"code ?points?", "compos", "accent", r"different(ly)? (ways|encod|bytes?|byte sequences?)"],
            ],
            forbidden=[
                r"(utf-?8|the encoding) (fixes|solves) (this|it)",
                r"\.?lower\(\) (is|handles) (enough|all|every)",
            ],
        ),
    ),
    dict(
        id="researcher-022",
        role="researcher",
        user="""Our team keeps arguing about merge versus rebase for updating feature branches from main. What are the trade-offs?""",
        answer="""Merging main into a feature branch preserves history exactly and is safe on shared branches, but it adds merge commits that clutter the log. Rebasing replays your commits on top of main, giving a linear history that is easier to read and bisect, but it rewrites commit hashes; rebasing a branch others have pulled forces them to reconcile diverged history, so only rebase commits that are yours and unpublished, and push with --force-with-lease rather than --force. Rebasing can also make you resolve the same conflict in several commits, which git rerere eases. A common compromise is to rebase private branches and merge or squash-merge into main through pull requests.""",
        check=dict(
            kind="rubric",
            min_words=15,
            max_words=220,
            required=[
                ["rewrit", r"new (commit )?(hashes|ids|shas)", r"changes? (the )?(commit )?(hashes|ids|shas)"],
                ["linear", r"clean(er)? history"],
                ["shared", "published", "pushed", "others", "collaborat"],
                [r"merge commits?", r"merge bubbles?", r"extra commits?", r"non-?linear", "noisy"],
            ],
            forbidden=[
                r"rebas(e|ing) (is|are) always (safe|better)",
                r"rebas(e|ing) (a )?(shared|public) branch(es)? is (fine|safe)",
            ],
        ),
    ),
    dict(
        id="researcher-023",
        role="researcher",
        user="""How should our REST API use ETag and Cache-Control so that clients stop re-downloading resources that have not changed?""",
        answer="""Cache-Control tells clients and shared caches how long a response may be reused without asking: max-age=60 means fresh for 60 seconds, private keeps it out of shared caches, no-cache means it may be stored but must be revalidated before each use, and no-store forbids storing it. An ETag is a validator naming the version of the representation. Once the cached copy is stale, the client sends If-None-Match with that ETag; if nothing changed, the server replies 304 Not Modified with no body, saving bandwidth though not the round trip. Compute ETags cheaply, for example from a version column or content hash, so the 304 path skips building the response, and send Vary for headers that change the response.""",
        check=dict(
            kind="rubric",
            min_words=15,
            max_words=220,
            required=[
                ["if-none-match"],
                [r"\b304\b", "not modified"],
                ["max-age", "no-cache", "no-store", "fresh"],
            ],
            forbidden=[
                r"no-cache (forbids|prevents|disables|turns off) (all |any )?(caching|storing|storage)",
                r"no-cache means (do not|don't|never|nothing is) (cache|store|cached|stored)",
            ],
        ),
    ),
    dict(
        id="researcher-024",
        role="researcher",
        user="""Our helper `def add_tag(tag, tags=[])` keeps returning tags from earlier calls. Why does that happen?""",
        answer="""Default argument values are evaluated once, when the def statement runs, not on each call. The list created at that moment is shared by every call that omits tags, so appending to it mutates the default, and the items show up in later calls. Use None as a sentinel: declare tags=None and inside the function set tags = [] when it is None, or build and return a new list instead of mutating the argument. The same trap applies to dicts, sets and any other mutable default; in dataclasses the fix is field(default_factory=list). Linters such as flake8-bugbear (rule B006) flag it.""",
        check=dict(
            kind="rubric",
            min_words=15,
            max_words=220,
            required=[
                [r"\bonce\b", "definition time", r"at definition", r"when (the function|it) is defined", r"when the (function|def) (is|was) (defined|created)", "def statement"],
                [r"\bnone\b"],
                ["shared", r"same (list|object)", "mutat"],
            ],
            forbidden=[
                r"defaults? (values? )?(is|are) (re-?evaluated|re-?created|evaluated|created) (on|at|for) (each|every) call",
                r"(this is|it's|it is) a bug in (python|the interpreter)",
            ],
        ),
    ),
    dict(
        id="researcher-025",
        role="researcher",
        user="""Our order list page takes 3 seconds, and the logs show hundreds of nearly identical SELECTs against the customers table. What's happening?""",
        answer="""That is the N+1 query problem: the code runs one query for the list of orders and then one more per order when it lazily loads each order's customer, so 200 orders cost 201 round trips. Load related rows in bulk instead: an eager-loading option in the ORM (select_related or prefetch_related in Django, joinedload or selectinload in SQLAlchemy), a JOIN, or a single query with WHERE id IN (...) plus an in-memory lookup. Add a test that asserts the number of queries so the regression does not come back, and paginate the list if it can grow without bound.""",
        check=dict(
            kind="rubric",
            min_words=15,
            max_words=220,
            required=[
                [r"n ?\+ ?1", r"n plus one"],
                ["eager", "join", "prefetch", r"select_?related", "selectinload", r"\bin \(", "batch", "bulk"],
                ["lazy", "lazily", r"per (order|row|item)", r"(a|one) (separate |extra )?query per", r"one (more )?(query )?(for|per) each", r"(for )?each (order|row)"],
            ],
            forbidden=[
                r"increase the (connection )?pool size",
                r"add more (database )?(replicas|servers|hardware)",
            ],
        ),
    ),
    dict(
        id="researcher-026",
        role="researcher",
        user="""After moving reads to a PostgreSQL read replica, users sometimes don't see their own comment right after posting it. Why, and what can we do?""",
        answer="""Streaming replication to the replica is usually asynchronous, so the replica lags the primary by milliseconds to seconds, and a read right after a write can miss it: a read-your-writes violation. Options: send a user's reads to the primary for a short window after they write; record the write's WAL position (LSN) and read from a replica only once it has replayed past it; show the new comment from the client's own state; or use synchronous replication with remote_apply, at the cost of write latency and availability. Monitor replication lag and fall back to the primary when it grows.""",
        check=dict(
            kind="rubric",
            min_words=15,
            max_words=220,
            required=[
                [r"\blag", "asynchronous", r"\basync\b", "delay"],
                [r"read[- ]your[- ](own[- ])?writes?", "primary", "master", "leader"],
                [r"\blsn\b", "synchronous", "sticky", "window", "client's own", "optimistic", r"\broute", r"\bpin"],
            ],
            forbidden=[
                r"replicas? (are|is) always (consistent|up to date|in sync)",
                r"(replication|replicas) (is|are) synchronous by default",
            ],
        ),
    ),
    dict(
        id="researcher-027",
        role="researcher",
        user="""Should our internal Python library pin exact dependency versions, the way the service that uses it does?""",
        answer="""Generally no. Applications and services should pin exact versions, ideally in a lockfile with hashes (pip-tools, uv or Poetry), so builds are reproducible and upgrades are deliberate. A library is installed next to other packages, and exact pins in its metadata make dependency resolution fail whenever another package needs a different version. Libraries should declare compatible ranges instead: a lower bound for the features you rely on, and an upper bound only when a known major version breaks you. Test the library in CI against both the minimum and the latest allowed versions, and let the consuming service's lockfile choose the exact versions.""",
        check=dict(
            kind="rubric",
            min_words=15,
            max_words=220,
            required=[
                ["range", "lower bound", ">=", "compatible", "loose", "flexible"],
                ["conflict", "resol", "incompatib", "unsatisf"],
                [r"lock ?file", "reproduc", "deterministic", r"(applications?|apps?|services?) (should )?pin"],
            ],
            forbidden=[
                r"librar(y|ies) should (always )?pin exact",
                r"(yes|always),? pin exact versions in (the|your) library",
            ],
        ),
    ),
]
