"""Researcher-role examples: questions (1 of 2). Contract: source/README.md."""

EXAMPLES = [
    dict(
        id="researcher-001",
        role="researcher",
        user="""Should we use optimistic or pessimistic locking for the inventory table? Concurrent order updates conflict only rarely.""",
        answer="""With rare conflicts, optimistic locking is usually the better fit. Add a version column (or compare a last-modified timestamp) and make each update conditional on the version you read; if zero rows changed, another writer got there first, so re-read and retry or report a conflict. Readers never block and no locks are held while the application thinks. Pessimistic locking (SELECT ... FOR UPDATE) holds row locks until commit, which serializes writers and invites lock waits and deadlocks, but it is the safer choice when contention is high and retries would be frequent or expensive. Either way, keep transactions short and cap the number of retries.""",
        check=dict(
            kind="rubric",
            min_words=15,
            max_words=220,
            required=[
                ["optimistic"],
                ["version", "timestamp", "compare-and-(set|swap)", r"\bcas\b"],
                ["retry", "retries", r"re-?read", "conflict"],
                ["deadlock", "for update", "block", "contention", "serializ", "serialis"],
            ],
            forbidden=[
                r"pessimistic locking is (always )?(better|preferable|the right choice) (for|when|with) (rare|low|few)",
                r"optimistic locking (prevents|avoids|eliminates) (all )?conflicts",
            ],
        ),
    ),
    dict(
        id="researcher-002",
        role="researcher",
        user="""Our client sometimes gets HTTP 429 from a partner API. What does it mean and how should the client respond?""",
        answer="""429 Too Many Requests means the server is rate limiting you: the client sent more requests than its quota allows in some time window. It is not a server fault, and hammering the API makes it worse. Pause and retry later: honour the Retry-After header when present (either seconds or an HTTP date), otherwise use exponential backoff with jitter and a cap on attempts. Also lower the request rate itself, for example with a client-side token bucket, batching, or caching responses, and surface a clear error once retries are exhausted. Only automatically retry requests that are safe to repeat, or make them idempotent.""",
        check=dict(
            kind="rubric",
            min_words=15,
            max_words=220,
            required=[
                ["too many requests", r"rate[- ]limit", "quota", "throttl"],
                ["retry-after"],
                [r"back-?off", "jitter", r"increasing (delay|wait)", r"wait (before|and) retr"],
            ],
            forbidden=[
                r"429 (means|is|indicates) an? (internal )?server error",
                r"(should|just|simply) retry (it )?immediately",
            ],
        ),
    ),
    dict(
        id="researcher-003",
        role="researcher",
        user="""Compare SQLite WAL mode with the default rollback journal for our read-heavy CLI tool that occasionally writes.""",
        answer="""For a read-heavy tool, WAL mode is usually the better choice. In WAL, commits append pages to a separate -wal file, so readers keep reading a consistent snapshot while a writer commits; readers and the writer do not block each other, and commits need fewer fsyncs. The rollback journal copies original pages aside and takes an exclusive lock while committing, which blocks readers. WAL caveats: there is still only one writer at a time, it relies on shared memory so it does not work on network filesystems, it adds -wal and -shm files next to the database, and the log must be checkpointed back into the main file (automatic by default). Setting PRAGMA journal_mode=WAL is persistent.""",
        check=dict(
            kind="rubric",
            min_words=15,
            max_words=220,
            required=[
                [r"\bwal\b", "write-ahead"],
                ["block", "concurren", "snapshot", "simultaneous", "at the same time"],
                [r"(one|single) writer", r"network (file ?systems?|drives?|shares?)", r"\bnfs\b", "checkpoint"],
            ],
            forbidden=[
                r"wal (mode )?(allows|supports|enables|permits) (multiple|concurrent|parallel) writers",
                r"rollback journal (mode )?is (faster|better) for (reads|read-heavy)",
            ],
        ),
    ),
    dict(
        id="researcher-004",
        role="researcher",
        user="""Our payment endpoint sometimes charges a card twice when the mobile app retries after a timeout. How would idempotency keys fix this?""",
        answer="""The client generates a unique key, such as a random UUID, for each logical payment and sends it in a header on every retry of that payment. The server stores the key together with the outcome, ideally in the same transaction as the charge and under a unique constraint. When a request arrives with a key it has already seen, the server returns the stored response instead of charging again; if the first attempt is still in progress, it answers with a conflict. Keys expire after a retention window, and a reused key with a different request body is rejected. Retries become safe, so at-least-once requests yield one charge.""",
        check=dict(
            kind="rubric",
            min_words=15,
            max_words=220,
            required=[
                ["idempot", "unique key", "same key"],
                [r"stor(e|es|ed|ing)", "persist", "record", r"\bsaves?\b"],
                [
                    r"(return|replay|send)s? (the )?(stored|saved|cached|original|same|previous|first)",
                    r"instead of (charging|processing|executing)",
                    r"(not|never) charg(e|ed|ing) (again|twice)",
                    r"without (charging|processing)",
                ],
            ],
            forbidden=[
                r"guarantees? exactly[- ]once delivery",
                r"(client|server) (should|can) generate a new key (for|on) each retry",
            ],
        ),
    ),
    dict(
        id="researcher-005",
        role="researcher",
        user="""For primary keys in a large Postgres table, should we use UUIDv4 or ULID? We insert millions of rows a day.""",
        answer="""Both are 128-bit identifiers that services can generate without coordination. A UUIDv4 is almost entirely random (122 random bits), so consecutive inserts land all over the B-tree index, causing page splits, poor cache locality and index bloat on a table this size. A ULID puts a 48-bit millisecond timestamp first and 80 random bits after it, so IDs sort roughly by creation time and new rows append near the right edge of the index. Trade-offs: ULIDs reveal creation time, ordering within one millisecond is only monotonic if the generator enforces it, and Postgres has no native ULID type. UUIDv7 gives the same time-ordered layout in standard UUID format and is often the better pick today.""",
        check=dict(
            kind="rubric",
            min_words=15,
            max_words=220,
            required=[
                ["random"],
                [r"time(stamp)?", "sort", "order"],
                ["index", r"b-?tree", "page split", "locality", "fragment", "write amplification", "insert performance"],
            ],
            forbidden=[
                r"uuid ?v?4s? (is|are) (time[- ]ordered|sortable|sequential|monotonic)",
                r"ulids? (are|is) (random|unordered) like uuid ?v?4",
            ],
        ),
    ),
    dict(
        id="researcher-006",
        role="researcher",
        user="""A new service stores user passwords as sha256(salt + password). Is that fine, or should we use bcrypt?""",
        answer="""Use bcrypt (or Argon2id or scrypt), not a plain SHA-256. SHA-256 is designed to be fast, so an attacker who steals the table can test billions of guesses per second on GPUs; the salt only defeats precomputed rainbow tables, not brute force of each hash. Bcrypt is a deliberately slow, salted password hashing function with a tunable cost factor, so you can raise the work as hardware improves. Choose a cost that takes around 100 ms or more per hash on your servers, store the full encoded hash (it includes salt and cost), verify with the library's constant-time check, and rehash on login after raising the cost. Bcrypt ignores input beyond 72 bytes.""",
        check=dict(
            kind="rubric",
            min_words=15,
            max_words=220,
            required=[
                ["bcrypt", "argon2", "scrypt", "pbkdf2"],
                ["fast", "speed", "brute", "guesses", "gpu"],
                ["cost", "work factor", "slow", "iterations"],
            ],
            forbidden=[
                r"sha-?256 (with a salt )?(is|are) (safe|secure|fine|suitable|good|enough|sufficient) for (storing )?passwords",
                r"md5 is (secure|safe|fine)",
            ],
        ),
    ),
    dict(
        id="researcher-007",
        role="researcher",
        user="""Our single-page app's PUT requests to the API fail with a CORS error, but GETs work. What is a CORS preflight and what must the server do?""",
        answer="""Before a cross-origin request that is not "simple" (a method like PUT or DELETE, a JSON Content-Type, or custom headers such as Authorization), the browser sends a preflight OPTIONS request asking permission. Plain GETs usually skip it, which is why they work. The server must answer the OPTIONS request with a 2xx status and headers allowing the real request: Access-Control-Allow-Origin matching the app's origin, Access-Control-Allow-Methods including PUT, and Access-Control-Allow-Headers listing the request headers. Access-Control-Max-Age lets the browser cache the result. With cookies, also send Access-Control-Allow-Credentials: true, and the origin cannot be a wildcard. CORS is enforced by browsers only; it does not stop other clients.""",
        check=dict(
            kind="rubric",
            min_words=15,
            max_words=220,
            required=[
                [r"\boptions\b"],
                [r"access-control-allow-(origin|methods|headers)"],
                ["simple", r"custom (request )?headers?", "content-type", "json"],
            ],
            forbidden=[
                r"cors (protects|secures) (the|your) (api|server|backend)",
                r"(fix|solve) (it|this) (on|in) the (client|browser|front-?end) (alone|only)",
            ],
        ),
    ),
    dict(
        id="researcher-008",
        role="researcher",
        user="""The security team suggests certificate pinning in our mobile app. What are the trade-offs?""",
        answer="""Pinning makes the app accept only a specific certificate or public key (usually its hash) for your API, rather than anything signed by a CA the device trusts. It defends against mis-issued certificates and interception through user-installed or compromised CAs. The cost is operational: when the pinned key changes, whether by routine certificate rotation, a CA switch or an emergency replacement, app versions that ship the old pin can no longer connect until users update, which amounts to an outage. Mitigate by pinning the public key (SPKI) instead of the leaf certificate, shipping backup pins for reserve keys, and rehearsing rotation. Pinning also gets in the way of debugging proxies, and many teams conclude standard CA validation is enough.""",
        check=dict(
            kind="rubric",
            min_words=15,
            max_words=220,
            required=[
                [r"\bmitm\b", "man-in-the-middle", "intercept", r"mis-?issued", "compromised", "rogue"],
                ["rotat", "renew", "expir", "key changes", r"chang(e|es|ing) (the |your )?(cert|certificate|key)", r"replac(e|es|ing) (the |your )?(cert|certificate|key)"],
                [r"backup (pins?|keys?)", "outage", r"lock(ed)? out", "no longer connect", "cannot connect", "break", "brick"],
            ],
            forbidden=[
                r"pinning (has|with) no (real )?(downsides?|drawbacks?|costs?)",
                r"pinning (replaces|removes the need for) (tls|certificate) validation",
            ],
        ),
    ),
    dict(
        id="researcher-009",
        role="researcher",
        user="""Our Python service resizes images and also makes many outbound HTTP calls. Should we use threads or processes?""",
        answer="""In CPython the GIL lets only one thread execute Python bytecode at a time, so threads do not speed up CPU-bound pure-Python work. They remain a good fit for I/O-bound work like HTTP calls, because the GIL is released while a thread waits on the network; a thread pool or asyncio works well there. For the CPU-bound image resizing, use processes (multiprocessing or ProcessPoolExecutor) to use several cores, accepting the cost of pickling data between processes and the extra memory. Libraries such as Pillow and NumPy release the GIL inside some C routines, so threads may partly scale for them; measure before deciding. Free-threaded CPython builds change the picture but are still young.""",
        check=dict(
            kind="rubric",
            min_words=15,
            max_words=220,
            required=[
                [r"\bgil\b", "global interpreter lock"],
                [r"i/?o[- ]bound", r"\bi/o\b", r"network[- ]bound", "waits? on (the )?network", r"(while )?waiting (on|for)"],
                [r"cpu[- ]bound", r"cpu[- ]heavy", "compute-bound"],
                ["multiprocessing", "processpool", r"process(es)? .{0,40}cores?"],
            ],
            forbidden=[
                r"threads? (run|execute) python (code|bytecode) in parallel",
                r"the gil (makes|is) .{0,20}(irrelevant|no problem) for cpu",
            ],
        ),
    ),
    dict(
        id="researcher-010",
        role="researcher",
        user="""Every request in our web app opens a new PostgreSQL connection. Why would a connection pool help, and how big should it be?""",
        answer="""Opening a PostgreSQL connection is expensive: a TCP and often TLS handshake, authentication, and a new backend process on the server. A pool keeps connections open and lends them to requests, cutting latency and capping the load on the database. Keep it small: Postgres throughput drops with many active connections, so a few connections per database CPU core often beats hundreds. The real total is pool size times the number of app processes, and it must stay below max_connections. Set a checkout timeout so requests fail fast when the pool is exhausted, recycle stale connections, and always return connections, ideally via a context manager. With many app instances, an external pooler such as PgBouncer helps.""",
        check=dict(
            kind="rubric",
            min_words=15,
            max_words=220,
            required=[
                ["handshake", "expensive", "overhead", "latency", "costly"],
                ["max_connections", "limit", r"\bcap"],
                ["small", r"cores?\b", "fewer", r"per (cpu|core)"],
            ],
            forbidden=[
                r"(bigger|larger) pools? (is|are) always (better|faster)",
                r"one connection per request is (fine|best|ideal)",
            ],
        ),
    ),
    dict(
        id="researcher-011",
        role="researcher",
        user="""We cache product pages in Redis, and customers sometimes see stale prices for minutes after a change. What invalidation strategies do we have?""",
        answer="""A TTL bounds staleness by expiring entries after a fixed time; it is simple but stale for up to the TTL. Explicit invalidation deletes the cache key whenever the price is written (cache-aside with delete-on-write); delete after the database commit, not before, or a concurrent reader can repopulate the old value. Write-through updates the cache and the database together on every write. Event-driven invalidation publishes change events, for example from the database change log, that consumers use to evict keys, which helps when several services write prices. Versioned keys that include a version or updated_at avoid races since old entries simply age out. For prices, combine delete-on-write with a short TTL as a safety net.""",
        check=dict(
            kind="rubric",
            min_words=15,
            max_words=220,
            required=[
                [r"\bttl\b", "expir", r"time[- ]to[- ]live"],
                ["delet", "evict", "purge", r"remov(e|ing) (the )?(key|entry)"],
                ["write-through", "on write", r"after (the )?(db |database )?(commit|write|update)", "event", "version"],
            ],
            forbidden=[
                r"(just|simply) (increase|raise|lengthen) the ttl",
                r"stale (data|prices) (is|are) unavoidable",
            ],
        ),
    ),
    dict(
        id="researcher-012",
        role="researcher",
        user="""Our library is at 2.4.1. This release removes a deprecated function and adds a new optional parameter elsewhere. What version number should it get under semantic versioning?""",
        answer="""3.0.0. Semantic versioning is MAJOR.MINOR.PATCH, and any backwards-incompatible change to the public API requires a major bump. Removing a function is incompatible even if it was deprecated, because callers still using it break. The new optional parameter is a backwards-compatible feature, which on its own would be a minor bump to 2.5.0, and bug fixes alone would be a patch. When a release mixes kinds of change, the most significant one decides, and the lower components reset to zero. Deprecating in a minor release first, as you did, is good practice; the removal still has to ship in a major.""",
        check=dict(
            kind="rubric",
            min_words=15,
            max_words=220,
            required=[
                [r"\b3\.0\.0\b", r"\b3\.0\b"],
                ["major"],
                ["incompatib", "breaking", r"\bbreaks?\b"],
            ],
            forbidden=[
                r"(next|should be|use|release|answer is|get) (version )?2\.5\.0",
                r"(next|should be|use|release|answer is|get) (version )?2\.4\.2",
            ],
        ),
    ),
    dict(
        id="researcher-013",
        role="researcher",
        user="""A teammate stores prices as Python floats and invoice totals are sometimes off by a cent. Is float acceptable for money?""",
        answer="""No. Binary floating point cannot represent most decimal fractions exactly, so 0.1 + 0.2 gives 0.30000000000000004, and the errors accumulate over sums and conversions into off-by-a-cent totals. Store money either as integer minor units (cents) or as a decimal type: decimal.Decimal constructed from strings in Python and NUMERIC columns in the database. Make the rounding rule explicit, such as half-even or half-up as your business requires, and round at well-defined points like each line item. Keep the currency next to the amount, since not every currency has two decimal places, and parse JSON amounts as strings or integers so floats do not sneak back in.""",
        check=dict(
            kind="rubric",
            min_words=15,
            max_words=220,
            required=[
                ["decimal"],
                ["integer", "cents", r"minor units?"],
                ["round"],
                ["binary", "exact", "represent", "precision"],
            ],
            forbidden=[
                r"floats? (are|is) (fine|ok|okay|safe|acceptable|good enough) for (money|currency|prices)",
                r"^\s*yes\b",
            ],
        ),
    ),
]
