# Shared by bench/load.sh and bench/pages.sh: settings common to both, helpers, the temporary
# directory and its clean-up, the release build, the server's start and stop, and the loop over
# back-ends. Sourced, not run. Expects PG_DB and WORK_PREFIX set and a bench_backend NAME URL
# function defined by the caller before `for_each_backend` is called.

BACKENDS=${BACKENDS:-"sqlite postgres"}
N_TASKS=${N_TASKS:-100000}
N_REPORTS=${N_REPORTS:-1000000}
WARMUP=${WARMUP:-3s}
PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-5432}
PGUSER=${PGUSER:-postgres}
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

WORK=$(mktemp -d "/tmp/$WORK_PREFIX.XXXXXX")
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

# start_server NAME URL: the release binary on a free port of 127.0.0.1, as deployed (default
# log level, one line per request); sets SERVER (its pid) and BASE (its address).
start_server() {
  local name=$1 url=$2 port
  port=$(free_port)
  BASE="http://127.0.0.1:$port"
  mkdir -p "$WORK/data-$name"
  "$BIN" serve --data "$WORK/data-$name" --database "$url" --listen "127.0.0.1:$port" \
    >"$WORK/serve-$name.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 100); do
    curl -sf "$BASE/healthz" >/dev/null 2>&1 && break
    kill -0 "$SERVER" 2>/dev/null || die "$name: the server stopped: $(tail -5 "$WORK/serve-$name.log")"
    sleep 0.2
  done
  curl -sf "$BASE/healthz" >/dev/null || die "$name: the server does not answer"
}

stop_server() {
  kill "$SERVER"
  wait "$SERVER" 2>/dev/null || true
  SERVER=""
}

# for_each_backend: bench_backend NAME URL for each of BACKENDS, PostgreSQL in a fresh PG_DB
# dropped afterwards, SQLite in the temporary directory.
for_each_backend() {
  local backend
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
}
