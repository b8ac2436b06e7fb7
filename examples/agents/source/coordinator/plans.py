"""Coordinator-role examples: plans. Contract: source/README.md."""

EXAMPLES = [
    dict(
        id="coordinator-001",
        role="coordinator",
        user="""Users report that the CSV export drops or splits rows when a customer name contains a comma. Plan the fix.""",
        answer="""{"goal": "CSV export keeps every row intact when fields contain commas, quotes or newlines",
 "steps": [
  {"id": 1, "role": "tester", "task": "Write a failing regression test that exports names like 'Smith, John' plus names with quotes and line breaks, and checks row count and values round-trip through csv.reader", "depends_on": []},
  {"id": 2, "role": "coder", "task": "Replace the hand-built ','.join rows in the exporter with csv.writer so fields with commas, quotes and newlines are quoted", "depends_on": [1]},
  {"id": 3, "role": "tester", "task": "Run the regression test and the export suite, and verify a sample file imports cleanly into a spreadsheet", "depends_on": [2]}]}""",
        check=dict(
            kind="json_plan",
            max_steps=6,
            required_steps=[
                dict(role="tester", pattern=r"regression|failing|reproduc|test"),
                dict(role="coder", pattern=r"csv\.?writer|quot|escap|fix"),
            ],
        ),
    ),
    dict(
        id="coordinator-002",
        role="coordinator",
        user="""Add rate limiting to the public API.""",
        answer="""{"goal": "Protect the public API with per-client rate limits",
 "steps": [
  {"id": 1, "role": "researcher", "task": "Compare token bucket, fixed window and sliding window algorithms, and where to keep counters (Redis vs in-process) given we run several API instances", "depends_on": []},
  {"id": 2, "role": "coder", "task": "Implement a Redis-backed token bucket middleware keyed by API key (client IP for anonymous calls) that returns 429 with Retry-After when a client exceeds its limit", "depends_on": [1]},
  {"id": 3, "role": "tester", "task": "Test that calls under the limit pass, the first call over it gets 429 with Retry-After, buckets refill over time and keys are limited independently", "depends_on": [2]},
  {"id": 4, "role": "coder", "task": "Make the limits configurable and document them and the X-RateLimit-Remaining header in the API reference", "depends_on": [2]}]}""",
        check=dict(
            kind="json_plan",
            max_steps=6,
            required_steps=[
                dict(role="researcher", pattern=r"token bucket|sliding window|algorithm|compar|strateg|approach"),
                dict(role="coder", pattern=r"implement|middleware|limiter|rate limit"),
                dict(role="tester", pattern=r"test|429|verify"),
            ],
        ),
    ),
    dict(
        id="coordinator-003",
        role="coordinator",
        user="""Evaluate whether we should switch our HTTP client from requests to httpx, then migrate if it is worth it.""",
        answer="""{"goal": "Decide on requests vs httpx and migrate only if the benefits justify it",
 "steps": [
  {"id": 1, "role": "researcher", "task": "Evaluate httpx against requests for our code: async support, HTTP/2, timeout defaults, API differences and maintenance; recommend migrate or stay", "depends_on": []},
  {"id": 2, "role": "coordinator", "task": "Review the recommendation and make a go/no-go decision; stop here if the migration is not worth it", "depends_on": [1]},
  {"id": 3, "role": "coder", "task": "Migrate call sites from requests to a shared httpx.Client with explicit timeouts, mapping requests exceptions to httpx ones", "depends_on": [2]},
  {"id": 4, "role": "tester", "task": "Switch HTTP mocks from responses to respx and run the integration suite to verify retries, timeouts and error handling behave as before", "depends_on": [3]}]}""",
        check=dict(
            kind="json_plan",
            max_steps=6,
            required_steps=[
                dict(role="researcher", pattern=r"evaluat|compar|assess|httpx"),
                dict(role="coder", pattern=r"migrat|replac|port|switch"),
                dict(role="tester", pattern=r"test|verify|suite"),
            ],
        ),
    ),
    dict(
        id="coordinator-004",
        role="coordinator",
        user="""Switch the /orders endpoint from offset pagination to cursor pagination without breaking existing clients.""",
        answer="""{"goal": "Cursor pagination for /orders with a graceful deprecation of offset",
 "steps": [
  {"id": 1, "role": "researcher", "task": "Design the cursor: opaque base64 of (created_at, id), the sort order, and a deprecation timeline for the offset parameter", "depends_on": []},
  {"id": 2, "role": "coder", "task": "Add an index on (created_at, id) and implement keyset queries that accept a cursor and return next_cursor; keep offset working with a Deprecation header", "depends_on": [1]},
  {"id": 3, "role": "tester", "task": "Test that paging with cursors returns every order exactly once even when rows are inserted between pages, and that offset requests still work", "depends_on": [2]}]}""",
        check=dict(
            kind="json_plan",
            max_steps=6,
            required_steps=[
                dict(role="researcher", pattern=r"design|cursor|format|deprecat"),
                dict(role="coder", pattern=r"cursor|keyset|implement"),
                dict(role="tester", pattern=r"test|verify|exactly once|duplicat"),
            ],
        ),
    ),
    dict(
        id="coordinator-005",
        role="coordinator",
        user="""Our users table stores unsalted SHA-256 password hashes. Plan a migration to a proper password hash without forcing everyone to reset their password.""",
        answer="""{"goal": "All stored passwords protected by a slow salted hash, with no forced resets",
 "steps": [
  {"id": 1, "role": "researcher", "task": "Recommend argon2id or bcrypt with parameters, and a migration that works without plaintext passwords (wrapping the old hash)", "depends_on": []},
  {"id": 2, "role": "coder", "task": "Backfill: replace every stored hash with argon2id(old_sha256_hash) and record the scheme per user", "depends_on": [1]},
  {"id": 3, "role": "coder", "task": "On successful login, rehash the plaintext directly with argon2id and mark the user as migrated", "depends_on": [2]},
  {"id": 4, "role": "tester", "task": "Test login for wrapped, rehashed and new accounts, rejection of wrong passwords, and that no bare SHA-256 hashes remain", "depends_on": [2, 3]}]}""",
        check=dict(
            kind="json_plan",
            max_steps=6,
            required_steps=[
                dict(role="researcher", pattern=r"argon|bcrypt|scrypt|hash|scheme"),
                dict(role="coder", pattern=r"wrap|rehash|migrat|backfill"),
                dict(role="tester", pattern=r"test|verify"),
            ],
        ),
    ),
    dict(
        id="coordinator-006",
        role="coordinator",
        user="""test_parse_due_date fails in CI about once a week but never on our laptops. Investigate and fix it.""",
        answer="""{"goal": "test_parse_due_date passes deterministically in CI",
 "steps": [
  {"id": 1, "role": "researcher", "task": "Collect the failing CI runs and compare their timestamps, CI timezone and locale with local settings to locate the nondeterminism", "depends_on": []},
  {"id": 2, "role": "tester", "task": "Reproduce the failure deterministically by freezing the clock near midnight UTC and running under TZ=Pacific/Auckland", "depends_on": [1]},
  {"id": 3, "role": "coder", "task": "Fix the parser to use timezone-aware UTC datetimes instead of date.today() and naive local time", "depends_on": [2]},
  {"id": 4, "role": "tester", "task": "Run the test 200 times in random order under several TZ values to verify it is no longer flaky", "depends_on": [3]}]}""",
        check=dict(
            kind="json_plan",
            max_steps=6,
            required_steps=[
                dict(role="tester", pattern=r"reproduc|freez|deterministic"),
                dict(role="coder", pattern=r"fix|aware|utc|timezone"),
                dict(role="tester", pattern=r"repeat|times|verify|flaky|rerun|loop"),
            ],
        ),
    ),
    dict(
        id="coordinator-007",
        role="coordinator",
        user="""Add a --json flag to the `inv list` command so scripts can consume its output.""",
        answer="""{"goal": "inv list --json prints machine-readable output",
 "steps": [
  {"id": 1, "role": "coder", "task": "Add a --json option to the list command that prints a JSON array of items with stable keys and ISO 8601 dates, keeping the table as the default", "depends_on": []},
  {"id": 2, "role": "tester", "task": "Test that --json output parses with json.loads, has the documented keys, handles an empty inventory, and that the default table output is unchanged", "depends_on": [1]},
  {"id": 3, "role": "coder", "task": "Document the --json flag and its fields in the command help and README", "depends_on": [1]}]}""",
        check=dict(
            kind="json_plan",
            max_steps=5,
            required_steps=[
                dict(role="coder", pattern=r"--json|json (option|flag|output)|implement|add"),
                dict(role="tester", pattern=r"test|json\.loads|pars|verify"),
            ],
        ),
    ),
    dict(
        id="coordinator-008",
        role="coordinator",
        user="""The background worker's memory grows by about 1 GB per day until the kernel OOM-kills it. Plan the investigation and the fix.""",
        answer="""{"goal": "Worker memory stays flat over long runs",
 "steps": [
  {"id": 1, "role": "researcher", "task": "Profile the worker with periodic tracemalloc snapshots over a few hours and compare them to find the allocations that keep growing", "depends_on": []},
  {"id": 2, "role": "coder", "task": "Fix the leak the profile points to, e.g. bound the per-job cache with an LRU limit or drop references kept after each job", "depends_on": [1]},
  {"id": 3, "role": "tester", "task": "Add a soak test that runs 10,000 jobs and asserts resident memory growth stays under a threshold", "depends_on": [2]},
  {"id": 4, "role": "coder", "task": "As a safety net, restart worker processes after a fixed number of jobs", "depends_on": [2]}]}""",
        check=dict(
            kind="json_plan",
            max_steps=6,
            required_steps=[
                dict(role="researcher", pattern=r"profil|tracemalloc|investigat|heap|memory|snapshot"),
                dict(role="coder", pattern=r"fix|leak|bound|cache"),
                dict(role="tester", pattern=r"test|soak|memory"),
            ],
        ),
    ),
    dict(
        id="coordinator-009",
        role="coordinator",
        user="""Upgrade our service from Python 3.9 to Python 3.12.""",
        answer="""{"goal": "The service runs and is tested on Python 3.12",
 "steps": [
  {"id": 1, "role": "researcher", "task": "List breaking changes between 3.9 and 3.12 that affect us (distutils removal, deprecated APIs) and check every dependency ships 3.12 wheels", "depends_on": []},
  {"id": 2, "role": "coder", "task": "Add 3.12 to the CI matrix next to 3.9, bump incompatible dependencies and fix failures and deprecation warnings", "depends_on": [1]},
  {"id": 3, "role": "tester", "task": "Run the full suite with warnings as errors plus a staging smoke test on 3.12 and report behaviour differences", "depends_on": [2]},
  {"id": 4, "role": "coder", "task": "Switch the Docker base image and requires-python to 3.12 and drop 3.9 from CI", "depends_on": [3]}]}""",
        check=dict(
            kind="json_plan",
            max_steps=6,
            required_steps=[
                dict(role="researcher", pattern=r"breaking|changes|dependenc|compatib|wheel"),
                dict(role="coder", pattern=r"\bci\b|matrix|fix|upgrad|bump"),
                dict(role="tester", pattern=r"test|smoke|suite"),
            ],
        ),
    ),
    dict(
        id="coordinator-010",
        role="coordinator",
        user="""Webhook deliveries get lost when a customer's endpoint is briefly down. Make delivery reliable.""",
        answer="""{"goal": "Webhooks are retried until delivered or explicitly marked dead",
 "steps": [
  {"id": 1, "role": "researcher", "task": "Define the retry policy: exponential backoff with jitter over 24 hours, which responses are retryable, and an event ID receivers can deduplicate on", "depends_on": []},
  {"id": 2, "role": "coder", "task": "Persist deliveries in an outbox table and send them from a worker that retries per the policy and marks them dead after the last attempt", "depends_on": [1]},
  {"id": 3, "role": "coder", "task": "Send an event ID header with every delivery and add an admin action to replay dead deliveries", "depends_on": [2]},
  {"id": 4, "role": "tester", "task": "Test against a fake receiver that fails then recovers: delivery succeeds after retries, 4xx is not retried, and dead deliveries replay", "depends_on": [2, 3]}]}""",
        check=dict(
            kind="json_plan",
            max_steps=6,
            required_steps=[
                dict(role="researcher", pattern=r"retry|backoff|policy"),
                dict(role="coder", pattern=r"outbox|persist|retr|queue|store"),
                dict(role="tester", pattern=r"test|fake|verify|simulat"),
            ],
        ),
    ),
    dict(
        id="coordinator-011",
        role="coordinator",
        user="""GET /search got much slower after the last release (p95 went from 200 ms to 2 s). Find the cause and fix it.""",
        answer="""{"goal": "Search p95 back under 250 ms, with a guard against regressions",
 "steps": [
  {"id": 1, "role": "researcher", "task": "Diff the last two releases and run EXPLAIN ANALYZE on the search queries to identify what made them slower", "depends_on": []},
  {"id": 2, "role": "coder", "task": "Fix the identified cause, e.g. restore the dropped index or replace per-result lookups with one joined query", "depends_on": [1]},
  {"id": 3, "role": "tester", "task": "Add a performance regression test on a seeded dataset that asserts the query count and latency stay within budget", "depends_on": [2]}]}""",
        check=dict(
            kind="json_plan",
            max_steps=6,
            required_steps=[
                dict(role="researcher", pattern=r"explain|profil|diff|investigat|slow|compar|identif"),
                dict(role="coder", pattern=r"fix|index|query|optimi"),
                dict(role="tester", pattern=r"test|latency|benchmark|performance"),
            ],
        ),
    ),
    dict(
        id="coordinator-012",
        role="coordinator",
        user="""Two accounts were registered as "Zoë" with different byte sequences. Prevent visually identical duplicate usernames.""",
        answer="""{"goal": "One canonical form per username, enforced as unique",
 "steps": [
  {"id": 1, "role": "researcher", "task": "Recommend a normalization form (NFC vs NFKC) plus casefolding for usernames and a policy for confusable characters", "depends_on": []},
  {"id": 2, "role": "coder", "task": "Normalize usernames with NFKC and casefold at signup and login, storing the canonical form in a unique-indexed column", "depends_on": [1]},
  {"id": 3, "role": "coder", "task": "Write a migration that backfills canonical usernames and reports existing collisions for manual resolution", "depends_on": [2]},
  {"id": 4, "role": "tester", "task": "Test that composed and decomposed Zoë, mixed case and full-width variants resolve to one account and duplicates are rejected", "depends_on": [2]}]}""",
        check=dict(
            kind="json_plan",
            max_steps=6,
            required_steps=[
                dict(role="researcher", pattern=r"normali[sz]|nfc|nfkc|unicode"),
                dict(role="coder", pattern=r"normali[sz]|canonical|casefold|nfkc|nfc"),
                dict(role="tester", pattern=r"test|duplicat|reject|verify"),
            ],
        ),
    ),
    dict(
        id="coordinator-013",
        role="coordinator",
        user="""We want to roll out the new checkout flow gradually. Plan a feature flag setup for it.""",
        answer="""{"goal": "New checkout ships behind a flag with a staged percentage rollout",
 "steps": [
  {"id": 1, "role": "researcher", "task": "Compare a hosted flag service with a small in-house flag table: percentage rollout, user targeting, audit trail and cost", "depends_on": []},
  {"id": 2, "role": "coder", "task": "Implement a flag check with deterministic percentage rollout by hashing the user ID, and gate the new checkout behind it", "depends_on": [1]},
  {"id": 3, "role": "tester", "task": "Test checkout with the flag on and off, and that a user always gets the same variant for a given percentage", "depends_on": [2]},
  {"id": 4, "role": "coordinator", "task": "Schedule the rollout at 1%, 10%, 50% and 100% with error-rate checks and a rollback owner at each stage", "depends_on": [3]}]}""",
        check=dict(
            kind="json_plan",
            max_steps=6,
            required_steps=[
                dict(role="researcher", pattern=r"compar|evaluat|service|option|build or buy"),
                dict(role="coder", pattern=r"implement|flag|gate"),
                dict(role="tester", pattern=r"test|variant|on and off|verify"),
            ],
        ),
    ),
    dict(
        id="coordinator-014",
        role="coordinator",
        user="""The database password and a payment API token are hard-coded in settings.py. Plan the cleanup.""",
        answer="""{"goal": "No secrets in the repository; leaked credentials rotated",
 "steps": [
  {"id": 1, "role": "coordinator", "task": "Treat both credentials as leaked and arrange rotation of the database password and API token with their owners", "depends_on": []},
  {"id": 2, "role": "coder", "task": "Read both secrets from environment variables populated by the secrets manager, failing at startup with a clear error when one is missing", "depends_on": []},
  {"id": 3, "role": "tester", "task": "Test that settings load from the environment and startup fails without them, and add a secret-scanning check to CI", "depends_on": [2]},
  {"id": 4, "role": "coder", "task": "Deploy with the rotated credentials and remove the old literals from settings.py", "depends_on": [1, 3]}]}""",
        check=dict(
            kind="json_plan",
            max_steps=6,
            required_steps=[
                dict(role="coder", pattern=r"environment|\benv\b|secrets? (manager|store)|vault"),
                dict(role="tester", pattern=r"test|scan|verify"),
            ],
        ),
    ),
    dict(
        id="coordinator-015",
        role="coordinator",
        user="""Invoice totals are sometimes off by a cent because amounts are stored as floats. Plan the move to exact money arithmetic.""",
        answer="""{"goal": "Invoice amounts use exact decimal arithmetic with an explicit rounding rule",
 "steps": [
  {"id": 1, "role": "researcher", "task": "Decide between Decimal and integer cents, the rounding mode, and where rounding happens under our tax rules", "depends_on": []},
  {"id": 2, "role": "coder", "task": "Migrate amount columns to NUMERIC(12,2) and replace float arithmetic in invoicing with Decimal, rounding per line item", "depends_on": [1]},
  {"id": 3, "role": "tester", "task": "Add regression tests with amounts that broke under floats (many small line items, tax rounding edges) and compare totals to hand-computed values", "depends_on": [2]}]}""",
        check=dict(
            kind="json_plan",
            max_steps=6,
            required_steps=[
                dict(role="researcher", pattern=r"decimal|cents|round|represent"),
                dict(role="coder", pattern=r"decimal|numeric|migrat|cents"),
                dict(role="tester", pattern=r"test|regression|verify"),
            ],
        ),
    ),
    dict(
        id="coordinator-016",
        role="coordinator",
        user="""Product pages are slow. Add caching, but customers must never see a stale price for more than a few seconds.""",
        answer="""{"goal": "Faster product pages with prices no more than seconds stale",
 "steps": [
  {"id": 1, "role": "researcher", "task": "Choose a caching strategy: cache-aside in Redis, TTL length, invalidation on price change, and expected hit rate", "depends_on": []},
  {"id": 2, "role": "coder", "task": "Implement cache-aside for product page data with a TTL and delete the product key after every price or stock update commits", "depends_on": [1]},
  {"id": 3, "role": "tester", "task": "Test that repeat requests hit the cache and that a price update invalidates it so the next request shows the new price", "depends_on": [2]},
  {"id": 4, "role": "tester", "task": "Load test product pages before and after to measure latency and hit rate", "depends_on": [2]}]}""",
        check=dict(
            kind="json_plan",
            max_steps=6,
            required_steps=[
                dict(role="researcher", pattern=r"strateg|ttl|invalidat|cach"),
                dict(role="coder", pattern=r"cach|invalidat|ttl"),
                dict(role="tester", pattern=r"invalidat|stale|new price|price update"),
            ],
        ),
    ),
    dict(
        id="coordinator-017",
        role="coordinator",
        user="""A security report says the admin search box is vulnerable to SQL injection. Handle it.""",
        answer="""{"goal": "No SQL injection in admin search or elsewhere",
 "steps": [
  {"id": 1, "role": "tester", "task": "Reproduce with a failing test that sends payloads like ' OR 1=1 -- to admin search and asserts no extra rows come back", "depends_on": []},
  {"id": 2, "role": "coder", "task": "Replace the string-built query with a parameterized query and allowlist the sortable column names", "depends_on": [1]},
  {"id": 3, "role": "researcher", "task": "Audit the codebase for other SQL built with string formatting or f-strings and list each location", "depends_on": []},
  {"id": 4, "role": "coder", "task": "Fix every query found in the audit using bound parameters", "depends_on": [3]},
  {"id": 5, "role": "tester", "task": "Run the injection tests and full suite, and add a Bandit check to CI that flags string-built SQL", "depends_on": [2, 4]}]}""",
        check=dict(
            kind="json_plan",
            max_steps=7,
            required_steps=[
                dict(role="tester", pattern=r"reproduc|payload|inject|test"),
                dict(role="coder", pattern=r"parameteri[sz]|placeholder|bind|bound"),
                dict(role="researcher", pattern=r"audit|search|find|other|scan"),
            ],
        ),
    ),
    dict(
        id="coordinator-018",
        role="coordinator",
        user="""Our logs are free-form strings and hard to search. Move the service to structured JSON logging.""",
        answer="""{"goal": "Every log line is a JSON object with common fields",
 "steps": [
  {"id": 1, "role": "researcher", "task": "Compare structlog with stdlib logging plus a JSON formatter, and define common fields: timestamp, level, request_id, event", "depends_on": []},
  {"id": 2, "role": "coder", "task": "Configure JSON logging, propagate request_id through middleware, and convert request-path log calls to key-value events", "depends_on": [1]},
  {"id": 3, "role": "tester", "task": "Test that each captured log line is valid JSON with the required fields and that passwords and tokens never appear", "depends_on": [2]}]}""",
        check=dict(
            kind="json_plan",
            max_steps=6,
            required_steps=[
                dict(role="coder", pattern=r"json|structlog|configur|log"),
                dict(role="tester", pattern=r"test|valid|verify"),
            ],
        ),
    ),
    dict(
        id="coordinator-019",
        role="coordinator",
        user="""We need to retire the v1 REST API within six months. Plan it.""",
        answer="""{"goal": "v1 shut down on schedule with every active client moved to v2",
 "steps": [
  {"id": 1, "role": "researcher", "task": "Analyze access logs to find which clients still call v1 and which v1 features have no v2 equivalent", "depends_on": []},
  {"id": 2, "role": "coder", "task": "Add Deprecation and Sunset headers to all v1 responses with a link to the migration guide", "depends_on": [1]},
  {"id": 3, "role": "coder", "task": "Implement v2 equivalents for the missing features found in the analysis", "depends_on": [1]},
  {"id": 4, "role": "tester", "task": "Test that v1 responses carry the headers and add contract tests proving v2 covers each v1 use case", "depends_on": [2, 3]},
  {"id": 5, "role": "coordinator", "task": "Notify the identified clients, track their migration, and confirm the v1 shutdown date", "depends_on": [1, 4]}]}""",
        check=dict(
            kind="json_plan",
            max_steps=7,
            required_steps=[
                dict(role="researcher", pattern=r"\blogs?\b|usage|clients|analy|traffic"),
                dict(role="coder", pattern=r"deprecat|sunset|header|warning"),
                dict(role="tester", pattern=r"test|contract|verify"),
            ],
        ),
    ),
    dict(
        id="coordinator-020",
        role="coordinator",
        user="""Kubernetes keeps killing our pods while the database is slow to start. Add proper health checks.""",
        answer="""{"goal": "Pods are not restarted for slow dependencies and get traffic only when ready",
 "steps": [
  {"id": 1, "role": "researcher", "task": "Explain liveness vs readiness vs startup probes and recommend probe settings for a service that waits on its database", "depends_on": []},
  {"id": 2, "role": "coder", "task": "Add /healthz (process alive, no dependency checks) and /readyz (database reachable) endpoints and configure the three probes in the deployment", "depends_on": [1]},
  {"id": 3, "role": "tester", "task": "Test that /readyz returns 503 while the database is down and 200 once it is reachable, while /healthz stays 200", "depends_on": [2]}]}""",
        check=dict(
            kind="json_plan",
            max_steps=6,
            required_steps=[
                dict(role="researcher", pattern=r"liveness|readiness|probe"),
                dict(role="coder", pattern=r"endpoint|healthz|readyz|probe|health"),
                dict(role="tester", pattern=r"test|503|verify"),
            ],
        ),
    ),
    dict(
        id="coordinator-021",
        role="coordinator",
        user="""Refactor the 900-line billing.calculate() function into smaller pieces without changing any of its results.""",
        answer="""{"goal": "billing.calculate() split into small functions with identical outputs",
 "steps": [
  {"id": 1, "role": "tester", "task": "Write characterization tests that record calculate() outputs for a broad set of anonymized real invoices and edge cases before any change", "depends_on": []},
  {"id": 2, "role": "coder", "task": "Refactor calculate() into small functions (discounts, taxes, rounding) in small commits, keeping behaviour identical", "depends_on": [1]},
  {"id": 3, "role": "tester", "task": "Run the characterization tests after each step, compare outputs exactly, and add unit tests for the new functions", "depends_on": [2]}]}""",
        check=dict(
            kind="json_plan",
            max_steps=6,
            required_steps=[
                dict(role="tester", pattern=r"characteri[sz]|snapshot|golden|before|record"),
                dict(role="coder", pattern=r"refactor|split|extract"),
                dict(role="tester", pattern=r"after|compare|unit tests|rerun|re-run"),
            ],
        ),
    ),
]
