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

BACKENDS=${BACKENDS:-"sqlite postgres"}
N_TASKS=${N_TASKS:-100000}
N_REPORTS=${N_REPORTS:-1000000}
CONNECTIONS=${CONNECTIONS:-4}
DURATION=${DURATION:-15s}
WARMUP=${WARMUP:-3s}
PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-5432}
PGUSER=${PGUSER:-postgres}
PG_DB=${PG_DB:-dondoc_bench}
AS_OF=2025-06-30 # the date the seed's data set is "as of"
# warnings only: "does not exist, skipping" notices are not news
PGOPTIONS=${PGOPTIONS:-"-c client_min_messages=warning"}
export PGHOST PGPORT PGUSER PGOPTIONS

say() { printf '\n== %s\n' "$*" >&2; }
die() { printf 'bench: %s\n' "$*" >&2; exit 1; }

for tool in wrk curl python3 sha256sum od; do
  command -v "$tool" >/dev/null || die "$tool is missing (Debian: apt-get install -y wrk curl python3 coreutils)"
done
case " $BACKENDS " in *" postgres "*) command -v psql >/dev/null || die "psql is missing (apt-get install -y postgresql-client)";; esac

WORK=$(mktemp -d /tmp/dondoc-bench.XXXXXX)
RESULTS="$WORK/results.txt"
: >"$RESULTS"
SERVER=""
PG_CREATED=""
cleanup() {
  if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; fi
  if [ -n "$PG_CREATED" ]; then psql -q -d postgres -c "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" >/dev/null 2>&1 || true; fi
  if [ "${KEEP:-0}" = 1 ]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

say "release build"
cargo build --release -q -p dondoc
cargo build --release -q -p dondoc-store --example seed
BIN=target/release/dondoc
SEED=target/release/examples/seed

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# bench_backend NAME URL: seed, serve, measure, stop.
bench_backend() {
  local name=$1 url=$2
  local token digest port base units
  token=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
  digest=$(printf '%s' "$token" | sha256sum | cut -d' ' -f1)

  say "$name: seeding $N_TASKS tasks, $N_REPORTS progress reports"
  SEED_TOKEN_SHA256=$digest SEED_MEASURE=0 RUST_LOG=warn "$SEED" "$url" "$N_TASKS" "$N_REPORTS" >&2

  port=$(free_port)
  base="http://127.0.0.1:$port"
  mkdir -p "$WORK/data-$name"
  # the service as deployed: default log level (one line per request), release build
  "$BIN" serve --data "$WORK/data-$name" --database "$url" --listen "127.0.0.1:$port" \
    >"$WORK/serve-$name.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 100); do
    curl -sf "$base/healthz" >/dev/null 2>&1 && break
    kill -0 "$SERVER" 2>/dev/null || die "$name: the server stopped: $(tail -5 "$WORK/serve-$name.log")"
    sleep 0.2
  done
  curl -sf "$base/healthz" >/dev/null || die "$name: the server does not answer"

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

  kill "$SERVER"
  wait "$SERVER" 2>/dev/null || true
  SERVER=""
}

for backend in $BACKENDS; do
  case $backend in
    sqlite)
      bench_backend sqlite "sqlite://$WORK/bench.db?mode=rwc"
      rm -f "$WORK"/bench.db*
      ;;
    postgres)
      pg_isready -q || die "PostgreSQL at $PGHOST:$PGPORT does not answer"
      psql -q -d postgres -c "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" >/dev/null
      psql -q -d postgres -c "CREATE DATABASE $PG_DB" >/dev/null
      PG_CREATED=1
      bench_backend postgres "postgres://$PGUSER@$PGHOST:$PGPORT/$PG_DB"
      psql -q -d postgres -c "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" >/dev/null
      PG_CREATED=""
      ;;
    *) die "unknown back-end $backend (sqlite, postgres)" ;;
  esac
done

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
