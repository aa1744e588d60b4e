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

CONNECTIONS=${CONNECTIONS:-"1 4"}
PAGES=${PAGES:-"overview tasks filtered task reports documents"}
DURATION=${DURATION:-10s}
COOKIE_NAME=dondoc_session # crates/web/src/session.rs, SESSION_COOKIE
PG_DB=${PG_DB:-dondoc_bench_pages}
WORK_PREFIX=dondoc-bench-pages
# shellcheck source=bench/lib.sh
. bench/lib.sh

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
  local token base
  token=$(random_token)
  SESSION=$(random_token)

  say "$name: seeding $N_TASKS tasks, $N_REPORTS progress reports"
  SEED_TOKEN_SHA256=$(sha256 "$token") SEED_SESSION_SHA256=$(sha256 "$SESSION") SEED_MEASURE=0 RUST_LOG=warn \
    "$SEED" "$url" "$N_TASKS" "$N_REPORTS" >&2

  start_server "$name" "$url"
  base=$BASE

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

  stop_server
}

for_each_backend

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
