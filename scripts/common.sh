# Shared by scripts/demo.sh and scripts/test.sh: packages, build, throwaway cluster.
# Sourced, not run.  Works as root or as a user with sudo, on Debian 12.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PGVER=${PGVER:-15}
PGBIN=/usr/lib/postgresql/$PGVER/bin
PGPORT=${PGPORT:-54329}
if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi

# run a command as the postgres OS user (PostgreSQL refuses to run as root)
as_postgres() {
    if [ "$(id -un)" = postgres ]; then "$@"
    elif [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"
    else sudo -u postgres -- "$@"; fi
}

ensure_packages() {
    local pkgs=(make gcc clang libc6-dev "postgresql-$PGVER" "postgresql-server-dev-$PGVER"
                "postgresql-$PGVER-postgis-3" postgresql-contrib libproj-dev proj-data
                libclang-rt-14-dev valgrind sudo)
    # sudo: the README's read-replica commands are written with it, and a
    # root shell (CI, a container) has no sudo until it is installed
    # the test command also reads frontline's output with real clients:
    # GDAL (ogrinfo, the MVT driver), Chromium (renders the SVG) and python3
    # (reads the rendered PNG's pixels)
    [ "${1:-}" = test ] && pkgs+=(gdal-bin chromium fonts-dejavu-core python3)
    local missing=()
    for p in "${pkgs[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        echo "== installing: ${missing[*]}"
        $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
        $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    fi
}

build_install() {
    # scripts/test.sh builds once and exports this: the scripts it runs
    # (some at the same time) must not re-install files a backend may be
    # loading
    if [ -n "${FRONTLINE_INSTALLED:-}" ]; then
        return 0
    fi
    echo "== building and installing frontline"
    make -C "$ROOT" -s PG_CONFIG="$PGBIN/../bin/pg_config" WERROR="${WERROR:-}" >/dev/null
    $SUDO make -C "$ROOT" -s install PG_CONFIG="$PGBIN/../bin/pg_config" >/dev/null
}

# start a throwaway cluster in a fresh temporary directory owned by postgres
start_cluster() {
    PGWORK=$(mktemp -d /tmp/frontline-pg.XXXXXX)
    chmod 755 "$PGWORK"
    $SUDO chown postgres: "$PGWORK" 2>/dev/null || $SUDO chown postgres "$PGWORK"
    as_postgres "$PGBIN/initdb" -D "$PGWORK/data" -A trust -U postgres --no-sync -E UTF8 --locale=C.UTF-8 >/dev/null
    as_postgres "$PGBIN/pg_ctl" -D "$PGWORK/data" -l "$PGWORK/log" -w \
        -o "-p $PGPORT -k $PGWORK -c listen_addresses='' -c fsync=off -c wal_level=logical ${PG_EXTRA_OPTS:-}" start >/dev/null
    export PGHOST=$PGWORK PGPORT PGUSER=postgres
    trap stop_cluster EXIT
}

stop_cluster() {
    if [ -n "${PGWORK:-}" ] && [ -d "$PGWORK/data" ]; then
        as_postgres "$PGBIN/pg_ctl" -D "$PGWORK/data" -m immediate stop >/dev/null 2>&1 || true
        $SUDO rm -rf "$PGWORK"
    fi
}
