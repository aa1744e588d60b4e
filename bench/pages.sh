#!/usr/bin/env bash
# Page render benchmark of the web interface (see bench/README.md, "Pages"). Not part of CI or
# of `cargo test`: it needs wrk, builds release binaries and loads 100,000 tasks and 1,000,000
# progress reports per back-end.
#
# For each back-end (SQLite in a temporary directory; PostgreSQL in a database of its own,
# dropped afterwards): generate the data set with the store's seed example (which also gives the
# generated office user a log-in session and an API token), start the release binary on
# 127.0.0.1, check that every page answers 200 with its real content (not the log-in page),
# then run wrk — for a bounded time, loopback only, with the session cookie — at 1 connection
# (one request at a time: the server-side render time; target p99 < 100 ms) and at 4, against
#   GET /?as_of=D                        overview
#   GET /tasks                           task list, first page, default filters
#   GET /tasks?unit=U&status=S&as_of=D   filtered task list (rotating units and groups)
#   GET /tasks/{id}                      one task with its reports (rotating over 200 tasks)
#   GET /reports?as_of=D                 the per-unit table
#   GET /documents                       the document list
# and print p50/p90/p99 per page, back-end and connection count. Stops by itself.
#
# Settings (environment):
#   BACKENDS="sqlite postgres"  which back-ends
#   N_TASKS=100000 N_REPORTS=1000000
#   CONNECTIONS="1 4"           connection counts to measure
#   PAGES="overview tasks filtered task reports documents"
#   DURATION=10s WARMUP=3s      measured run and unmeasured warm-up, per page and count
#   PGHOST=127.0.0.1 PGPORT=5432 PGUSER=postgres  the PostgreSQL server (trust auth)
#   PG_DB=dondoc_bench_pages    the database created for the run (dropped at the end)
#   KEEP=1                      keep the temporary directory (databases, server logs)
set -euo pipefail
cd "$(dirname "$0")/.."

BACKENDS=${BACKENDS:-"sqlite postgres"}
N_TASKS=${N_TASKS:-100000}
N_REPORTS=${N_REPORTS:-1000000}
CONNECTIONS=${CONNECTIONS:-"1 4"}
PAGES=${PAGES:-"overview tasks filtered task reports documents"}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-3s}
PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-5432}
PGUSER=${PGUSER:-postgres}
PG_DB=${PG_DB:-dondoc_bench_pages}
AS_OF=2025-06-30 # the date the seed's data set is "as of"
COOKIE_NAME=dondoc_session # crates/web/src/session.rs, SESSION_COOKIE
# warnings only: "does not exist, skipping" notices are not news
PGOPTIONS=${PGOPTIONS:-"-c client_min_messages=warning"}
export PGHOST PGPORT PGUSER PGOPTIONS

say() { printf '\n== %s\n' "$*" >&2; }
die() { printf 'bench: %s\n' "$*" >&2; exit 1; }

for tool in wrk curl python3 sha256sum od; do
  command -v "$tool" >/dev/null || die "$tool is missing (Debian: apt-get install -y wrk curl python3 coreutils)"
done
case " $BACKENDS " in *" postgres "*) command -v psql >/dev/null || die "psql is missing (apt-get install -y postgresql-client)";; esac

WORK=$(mktemp -d /tmp/dondoc-bench-pages.XXXXXX)
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
random_token() { head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
sha256() { printf '%s' "$1" | sha256sum | cut -d' ' -f1; }

# page_path KIND: the path of one request of that kind (the first of wrk's rotation, roughly)
page_path() {
  case $1 in
    overview) echo "/?as_of=$AS_OF" ;;
    tasks) echo "/tasks" ;;
    filtered) echo "/tasks?unit=${UNITS%%,*}&status=open_overdue&as_of=$AS_OF" ;;
    task) echo "/tasks/${TASKS%%,*}" ;;
    reports) echo "/reports?as_of=$AS_OF" ;;
    documents) echo "/documents" ;;
    *) die "unknown page $1 (overview tasks filtered task reports documents)" ;;
  esac
}

# check_page NAME BASE KIND: one request by hand — 200, the signed-in layout, the page's content.
# Prints the time of this first request (cold: the statistics cache is empty) to stderr.
check_page() {
  local name=$1 base=$2 kind=$3 path out code secs
  path=$(page_path "$kind")
  out="$WORK/page-$name-$kind.html"
  read -r code secs < <(curl -s -o "$out" -w '%{http_code} %{time_total}\n' --max-time 60 \
    -H "Cookie: $COOKIE_NAME=$SESSION" "$base$path")
  [ "$code" = 200 ] || die "$name: GET $path answered $code, not 200"
  python3 - "$out" "$kind" "$name" "$path" "$secs" <<'PY' >&2 || die "$name: GET $path: not the expected page"
import re, sys
body = open(sys.argv[1], encoding="utf-8").read()
kind, name, path, secs = sys.argv[2:6]
if 'id="logout"' not in body:
    sys.exit(f"  {path}: no signed-in layout (the log-in page?)")
links = len(set(re.findall(r'href="/tasks/(\d+)"', body)))
history = body[body.find('id="report-history"'):]
reports = history[:history.find("</table>")].count("<tr") - 1  # less the header row
need = {
    "overview": ('id="overdue-list"', links >= 10, f"{links} task links"),
    "tasks": ('id="task-table"', links == 50, f"{links} tasks on the page"),
    "filtered": ('id="task-table"', links >= 1, f"{links} tasks on the page"),
    "task": ('id="report-history"', reports >= 0, f"{reports} reports"),
    "reports": ("Đơn vị 60", True, "60 units"),
    "documents": ('id="documents"', "KL/HU" in body, "the seeded document"),
}[kind]
marker, ok, what = need
if marker not in body or not ok:
    sys.exit(f"  {path}: missing {marker!r} or {what}")
print(f"  {name} GET {path}: 200, {len(body.encode()) // 1024} KiB, {what}; first request {float(secs) * 1000:.0f} ms")
PY
}

# bench_backend NAME URL: seed, serve, check, measure, stop.
bench_backend() {
  local name=$1 url=$2
  local token port base
  token=$(random_token)
  SESSION=$(random_token)

  say "$name: seeding $N_TASKS tasks, $N_REPORTS progress reports"
  SEED_TOKEN_SHA256=$(sha256 "$token") SEED_SESSION_SHA256=$(sha256 "$SESSION") SEED_MEASURE=0 RUST_LOG=warn \
    "$SEED" "$url" "$N_TASKS" "$N_REPORTS" >&2

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

  # unit ids, and 200 task ids from four units (for the rotations)
  UNITS=$(curl -sf -H "Authorization: Bearer $token" "$base/api/units" |
    python3 -c 'import json, sys; print(",".join(str(u["id"]) for u in json.load(sys.stdin)["items"]))')
  [ -n "$UNITS" ] || die "$name: no units"
  TASKS=$(for u in $(echo "$UNITS" | tr , '\n' | head -4); do
    curl -sf -H "Authorization: Bearer $token" "$base/api/tasks?unit=$u&per_page=50&as_of=$AS_OF"
    echo
  done | python3 -c 'import json, sys; print(",".join(str(t["id"]) for line in sys.stdin for t in json.loads(line)["items"]))')
  [ -n "$TASKS" ] || die "$name: no tasks"

  local kind conns
  for kind in $PAGES; do check_page "$name" "$base" "$kind"; done
  for kind in $PAGES; do
    for conns in $CONNECTIONS; do
      say "$name: $kind — warm-up $WARMUP, then $DURATION with $conns connection(s)"
      BENCH_COOKIE="$COOKIE_NAME=$SESSION" BENCH_AS_OF=$AS_OF BENCH_PAGE=$kind BENCH_UNITS=$UNITS BENCH_TASKS=$TASKS \
        wrk -t1 -c"$conns" -d"$WARMUP" --timeout 10s -s bench/pages.lua "$base" >/dev/null
      BENCH_COOKIE="$COOKIE_NAME=$SESSION" BENCH_AS_OF=$AS_OF BENCH_PAGE=$kind BENCH_UNITS=$UNITS BENCH_TASKS=$TASKS \
        wrk -t1 -c"$conns" -d"$DURATION" --timeout 10s -s bench/pages.lua "$base" |
        grep '^RESULT' | sed "s/^RESULT/$name $kind $conns/" | tee -a "$RESULTS" >&2
    done
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

say "results ($(nproc) cores, $(date -u +%Y-%m-%d), $N_TASKS tasks, $N_REPORTS reports, $DURATION per page and connection count)"
python3 - "$RESULTS" <<'EOF'
import sys
label = {
    "overview": "GET /?as_of",
    "tasks": "GET /tasks",
    "filtered": "GET /tasks?unit&status&as_of",
    "task": "GET /tasks/{id}",
    "reports": "GET /reports?as_of",
    "documents": "GET /documents",
}
print("| back-end | page | conns | requests | req/s | p50 ms | p90 ms | p99 ms | max ms | p99 < 100 ms (1 conn) | errors |")
print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |")
failed = False
for line in open(sys.argv[1]):
    parts = line.split()
    backend, kind, conns = parts[0], parts[1], int(parts[2])
    kv = dict(p.split("=") for p in parts[3:])
    n, secs = int(kv["requests"]), float(kv["seconds"])
    p50, p90, p99, mx = (int(kv[k]) / 1000 for k in ("p50_us", "p90_us", "p99_us", "max_us"))
    errors = int(kv["errors"]) + int(kv["not200"])
    verdict = "–"
    if conns == 1:
        ok = p99 < 100.0
        verdict = "met" if ok else "MISSED"
        failed |= not ok
    failed |= errors > 0
    print(f"| {backend} | {label[kind]} | {conns} | {n} | {n / secs:.0f} | {p50:.1f} | {p90:.1f} | {p99:.1f} | {mx:.1f} "
          f"| {verdict} | {errors} |")
sys.exit(1 if failed else 0)
EOF
