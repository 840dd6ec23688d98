# Shared set-up for scripts/demo, scripts/test and scripts/bench. Source it; do not run it.
#
# ensure_packages   installs what is missing (Debian packages; Swift must already be on PATH)
# start_postgres    starts (or reuses) a private PostgreSQL on a Unix socket and exports PG* for it
# build_peercert    builds the tool (debug unless PEERCERT_BUILD=release) and sets $PEERCERT
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# The cluster lives outside the checkout: under root, initdb runs as `postgres`, which cannot write
# into a root-owned work tree.
PEERCERT_PG_DIR=${PEERCERT_PG_DIR:-/tmp/peercert-pg}
PEERCERT_PG_PORT=${PEERCERT_PG_PORT:-54329}
PEERCERT_DB=${PEERCERT_DB:-peercert}

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

ensure_packages() {
    local missing=()
    command -v swift >/dev/null || die "swift is not on PATH: install the Swift 6 toolchain first (https://swift.org/install)"
    dpkg -s libpq-dev >/dev/null 2>&1 || missing+=(libpq-dev)
    dpkg -s libjemalloc-dev >/dev/null 2>&1 || missing+=(libjemalloc-dev)
    dpkg -s pkg-config >/dev/null 2>&1 || dpkg -s pkgconf >/dev/null 2>&1 || missing+=(pkg-config)
    ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
    command -v psql >/dev/null || missing+=(postgresql-client)
    [[ -x /usr/bin/time ]] || missing+=(time)
    ((${#missing[@]} == 0)) || apt_install "${missing[@]}"
    ensure_python_packages
}

# Python tools the tests drive as independent checkers (PyPI): check-jsonschema validates report
# files; websocket-client drives Chromium over the DevTools protocol (Tests/Support/render-page.py);
# aiosmtpd is the local SMTP server the mail tests deliver to (Tests/Support/smtp-sink.py);
# schemathesis fuzzes the HTTP API against its committed OpenAPI document; prometheus-client parses
# the metrics the run and the server write; kubernetes-validate checks deploy/kubernetes.
ensure_python_packages() {
    local missing=()
    command -v python3 >/dev/null || die "python3 is not on PATH: apt-get install python3 python3-pip"
    python3 -c 'import check_jsonschema' 2>/dev/null || missing+=(check-jsonschema)
    python3 -c 'import websocket' 2>/dev/null || missing+=(websocket-client)
    python3 -c 'import aiosmtpd' 2>/dev/null || missing+=(aiosmtpd)
    command -v schemathesis >/dev/null || missing+=(schemathesis)
    python3 -c 'import prometheus_client' 2>/dev/null || missing+=(prometheus-client)
    python3 -c 'import kubernetes_validate' 2>/dev/null || missing+=(kubernetes-validate)
    if ((${#missing[@]})); then
        say "installing ${missing[*]} from PyPI"
        python3 -m pip install --quiet --disable-pip-version-check "${missing[@]}" >&2 \
            || python3 -m pip install --quiet --disable-pip-version-check --break-system-packages "${missing[@]}" >&2 \
            || die "pip could not install ${missing[*]}"
    fi
}

# What only the tests use, from Debian: headless Chromium renders the HTML reports; msmtp is the
# sendmail the mail tests hand reminders to; systemd-analyze checks the systemd units.
ensure_test_tools() {
    local missing=()
    command -v chromium >/dev/null || missing+=(chromium)
    [[ -x /usr/bin/msmtp ]] || missing+=(msmtp-mta)
    command -v systemd-analyze >/dev/null || missing+=(systemd)
    ((${#missing[@]} == 0)) || apt_install "${missing[@]}"
}

# Debian packages, with sudo unless we are root.
apt_install() {
    say "installing $*"
    local sudo=()
    [[ $(id -u) -eq 0 ]] || sudo=(sudo)
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

pg_bin() {
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    [[ -n $dir ]] || die "no PostgreSQL server binaries under /usr/lib/postgresql: apt-get install postgresql"
    echo "$dir"
}

# Runs a server program as the cluster's owner: `postgres` when we are root (initdb refuses root).
as_owner() {
    if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start_postgres() {
    local bin owner
    bin=$(pg_bin)
    owner=$([[ $(id -u) -eq 0 ]] && echo postgres || id -un)
    if [[ ! -f $PEERCERT_PG_DIR/data/PG_VERSION ]]; then
        say "creating a private PostgreSQL cluster in $PEERCERT_PG_DIR"
        mkdir -p "$PEERCERT_PG_DIR"
        [[ $(id -u) -eq 0 ]] && chown postgres: "$PEERCERT_PG_DIR"
        as_owner "$bin/initdb" -D "$PEERCERT_PG_DIR/data" -U "$owner" -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
    fi
    if ! as_owner "$bin/pg_ctl" -D "$PEERCERT_PG_DIR/data" status >/dev/null 2>&1; then
        say "starting PostgreSQL on socket $PEERCERT_PG_DIR port $PEERCERT_PG_PORT"
        as_owner "$bin/pg_ctl" -D "$PEERCERT_PG_DIR/data" -l "$PEERCERT_PG_DIR/server.log" -w -t 60 \
            -o "-k $PEERCERT_PG_DIR -p $PEERCERT_PG_PORT -c listen_addresses='' -c max_connections=100 -c fsync=off" \
            start >/dev/null || { cat "$PEERCERT_PG_DIR/server.log" >&2; die "PostgreSQL did not start (log above)"; }
    fi
    export PGHOST=$PEERCERT_PG_DIR PGPORT=$PEERCERT_PG_PORT PGUSER=$owner
    unset PGSERVICE PGPASSWORD
    if ! PGDATABASE=postgres psql -qtAc "SELECT 1 FROM pg_database WHERE datname = '$PEERCERT_DB'" | grep -q 1; then
        PGDATABASE=postgres psql -q -c "CREATE DATABASE $PEERCERT_DB"
    fi
    export PGDATABASE=$PEERCERT_DB
}

build_peercert() {
    local config=${PEERCERT_BUILD:-debug}
    say "building peercert ($config)"
    (cd "$repo_root" && swift build -c "$config" --product peercert 2>&1 | grep -Ev '^\[[0-9]+/[0-9]+\]' >&2) || die "swift build failed"
    PEERCERT="$repo_root/.build/$config/peercert"
    [[ -x $PEERCERT ]] || die "swift build produced no $PEERCERT"
    export PEERCERT
}
