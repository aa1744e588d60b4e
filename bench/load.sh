#!/usr/bin/env bash
# HTTP load benchmark of the tracking service (see bench/README.md). Not part of CI or of
# `cargo test`: it needs wrk, builds release binaries and loads 100,000 tasks and 1,000,000
# progress reports per back-end.
#
# For each back-end (SQLite in a temporary directory; PostgreSQL in a database of its own,
# dropped afterwards): generate the data set with the store's seed example (which also gives the
# generated office user an API token), start the release binary on 127.0.0.1, then run wrk —
# for a bounded time, loopback only — against
#   GET /api/tasks?unit=U&status=S&as_of=D   (task list by unit and status; target p99 < 50 ms)
#   GET /api/statistics?as_of=D              (statistics per unit;          target p99 < 100 ms)
# and print p50/p90/p99 and requests/s per endpoint and back-end. Stops by itself.
#
# Settings (environment):
#   BACKENDS="sqlite postgres"  which back-ends
#   N_TASKS=100000 N_REPORTS=1000000
#   CONNECTIONS=4               concurrent connections wrk keeps open
#   DURATION=15s WARMUP=3s      measured run and unmeasured warm-up, per endpoint
#   PGHOST=127.0.0.1 PGPORT=5432 PGUSER=postgres  the PostgreSQL server (trust auth)
#   PG_DB=dondoc_bench          the database created for the run (dropped at the end)
#   KEEP=1                      keep the temporary directory (databases, server logs)
set -euo pipefail
cd "$(dirname "$0")/.."

CONNECTIONS=${CONNECTIONS:-4}
DURATION=${DURATION:-15s}
PG_DB=${PG_DB:-dondoc_bench}
WORK_PREFIX=dondoc-bench
# shellcheck source=bench/lib.sh
. bench/lib.sh

# bench_backend NAME URL: seed, serve, measure, stop.
bench_backend() {
  local name=$1 url=$2
  local token digest base units
  token=$(random_token)
  digest=$(sha256 "$token")

  say "$name: seeding $N_TASKS tasks, $N_REPORTS progress reports"
  SEED_TOKEN_SHA256=$digest SEED_MEASURE=0 RUST_LOG=warn "$SEED" "$url" "$N_TASKS" "$N_REPORTS" >&2

  start_server "$name" "$url"
  base=$BASE

  units=$(curl -sf -H "Authorization: Bearer $token" "$base/api/units" |
    python3 -c 'import json, sys; print(",".join(str(u["id"]) for u in json.load(sys.stdin)["items"]))')
  [ -n "$units" ] || die "$name: no units"
  # one request of each kind by hand: the answers are real, not errors
  curl -sf -H "Authorization: Bearer $token" "$base/api/tasks?unit=${units%%,*}&status=open_overdue&as_of=$AS_OF" |
    python3 -c 'import json, sys; d = json.load(sys.stdin); print("  sample task list: %d matching, %d on the page" % (d["total"], len(d["items"])))' >&2
  curl -sf -H "Authorization: Bearer $token" "$base/api/statistics?as_of=$AS_OF" |
    python3 -c 'import json, sys; d = json.load(sys.stdin); print("  sample statistics: %d units, %d tasks" % (len(d["rows"]), d["totals"]["total"]))' >&2

  local kind
  for kind in tasks stats; do
    say "$name: $kind — warm-up $WARMUP, then $DURATION with $CONNECTIONS connections"
    BENCH_TOKEN=$token BENCH_AS_OF=$AS_OF BENCH_KIND=$kind BENCH_UNITS=$units \
      wrk -t1 -c"$CONNECTIONS" -d"$WARMUP" --timeout 10s -s bench/load.lua "$base" >/dev/null
    BENCH_TOKEN=$token BENCH_AS_OF=$AS_OF BENCH_KIND=$kind BENCH_UNITS=$units \
      wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --timeout 10s -s bench/load.lua "$base" |
      grep '^RESULT' | sed "s/^RESULT/$name $kind/" | tee -a "$RESULTS" >&2
  done

  stop_server
}

for_each_backend

say "results ($(nproc) cores, $(date -u +%Y-%m-%d), $N_TASKS tasks, $N_REPORTS reports, $CONNECTIONS connections, $DURATION)"
python3 - "$RESULTS" <<'EOF'
import sys
target = {"tasks": 50.0, "stats": 100.0}
label = {"tasks": "GET /api/tasks?unit&status", "stats": "GET /api/statistics"}
print("| back-end | endpoint | requests | req/s | p50 ms | p90 ms | p99 ms | max ms | target p99 | errors |")
print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |")
failed = False
for line in open(sys.argv[1]):
    parts = line.split()
    backend, kind = parts[0], parts[1]
    kv = dict(p.split("=") for p in parts[2:])
    n, secs = int(kv["requests"]), float(kv["seconds"])
    p50, p90, p99, mx = (int(kv[k]) / 1000 for k in ("p50_us", "p90_us", "p99_us", "max_us"))
    errors = int(kv["errors"]) + int(kv["non2xx"])
    ok = p99 < target[kind] and errors == 0
    failed |= not ok
    print(f"| {backend} | {label[kind]} | {n} | {n / secs:.0f} | {p50:.1f} | {p90:.1f} | {p99:.1f} | {mx:.1f} "
          f"| < {target[kind]:.0f} ms {'met' if ok else 'MISSED'} | {errors} |")
sys.exit(1 if failed else 0)
EOF
