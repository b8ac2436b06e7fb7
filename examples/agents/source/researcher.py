"""Researcher-role examples: an engineering question, a short prose answer, a rubric check.

Contract (docs/data-format.md): the answer is plain prose; each `required` point is a list of
case-insensitive regex alternatives of which one must match, no `forbidden` pattern may match,
and the word count must lie within [min_words, max_words].
"""

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
