#!/usr/bin/env bash
# Aio.Data's test servers: PostgreSQL and MariaDB from Debian packages, each on loopback with a data
# directory of its own under $AIO_DATA_DIR (default /tmp/aio-data) and a free port, so they never clash
# with a system cluster or another engineer's servers. Idempotent: a server already running from that
# directory is reused. Sourced by .ci/run (or by hand: `source .ci/setup-data.sh`); exports
#   AIO_TEST_PG_URL        postgresql://aio:aio@127.0.0.1:PORT/aio_test
#   AIO_TEST_MYSQL_URL     mysql://aio:aio@127.0.0.1:PORT/aio_test
#   AIO_TEST_PG_RESTART    a command that stops and starts the PostgreSQL server (the restart test runs it)
# Stop both with `.ci/setup-data.sh stop` (or source it with AIO_DATA_STOP=1).

_aio_data_dir=${AIO_DATA_DIR:-/tmp/aio-data}
_aio_pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)

_aio_free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

_aio_data_install() {
    if [ -z "$_aio_pg_bin" ] || ! command -v mariadbd >/dev/null 2>&1; then
        if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
            DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql mariadb-server >/dev/null
            _aio_pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
        fi
    fi
}

_aio_data_start_pg() {
    local dir=$_aio_data_dir/pg port
    [ -n "$_aio_pg_bin" ] || { echo "setup-data: PostgreSQL not installed; its suites will skip" >&2; return 1; }
    mkdir -p "$_aio_data_dir"; chmod 755 "$_aio_data_dir"
    if [ ! -s "$dir/PG_VERSION" ]; then
        mkdir -p "$dir"; chown postgres:postgres "$dir"
        su postgres -s /bin/sh -c "$_aio_pg_bin/initdb -D $dir -A trust -U postgres >/dev/null" || return 1
    fi
    if [ -f "$dir/aio-port" ] && su postgres -s /bin/sh -c "$_aio_pg_bin/pg_ctl -D $dir status >/dev/null"; then
        port=$(cat "$dir/aio-port")
    else
        port=$(_aio_free_port); echo "$port" > "$dir/aio-port"; chown postgres "$dir/aio-port"
        su postgres -s /bin/sh -c "$_aio_pg_bin/pg_ctl -D $dir -l $dir/server.log -w -o '-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=300' start >/dev/null" || return 1
    fi
    local psql="$_aio_pg_bin/psql -h 127.0.0.1 -p $port -U postgres -qAt"
    $psql -c "SELECT 1 FROM pg_roles WHERE rolname='aio'" | grep -q 1 || $psql -c "CREATE ROLE aio LOGIN PASSWORD 'aio'"
    # pg_signal_backend is not needed for cancel requests; pg_read_all_stats lets the tests read pg_stat_activity.
    $psql -c "GRANT pg_read_all_stats TO aio" >/dev/null
    $psql -c "SELECT 1 FROM pg_database WHERE datname='aio_test'" | grep -q 1 || $psql -c "CREATE DATABASE aio_test OWNER aio"
    export AIO_TEST_PG_URL="postgresql://aio:aio@127.0.0.1:$port/aio_test"
    export AIO_TEST_PG_RESTART="su postgres -s /bin/sh -c '$_aio_pg_bin/pg_ctl -D $dir -m fast -w restart >/dev/null'"
}

_aio_data_start_mysql() {
    local dir=$_aio_data_dir/mysql port
    command -v mariadbd >/dev/null 2>&1 || { echo "setup-data: MariaDB not installed; its suites will skip" >&2; return 1; }
    mkdir -p "$dir"
    if [ ! -d "$dir/data/mysql" ]; then
        mariadb-install-db --user=root --datadir="$dir/data" --auth-root-authentication-method=socket >/dev/null 2>&1 || return 1
    fi
    if [ -f "$dir/aio-port" ] && [ -S "$dir/mysqld.sock" ] && mariadb --socket="$dir/mysqld.sock" -uroot -e "SELECT 1" >/dev/null 2>&1; then
        port=$(cat "$dir/aio-port")
    else
        port=$(_aio_free_port); echo "$port" > "$dir/aio-port"
        (setsid mariadbd --user=root --datadir="$dir/data" --bind-address=127.0.0.1 --port="$port" \
            --socket="$dir/mysqld.sock" --pid-file="$dir/mysqld.pid" --log-error="$dir/error.log" \
            --skip-name-resolve --max-connections=300 >/dev/null 2>&1 &)
        for _ in $(seq 1 60); do
            mariadb --socket="$dir/mysqld.sock" -uroot -e "SELECT 1" >/dev/null 2>&1 && break
            sleep 0.5
        done
    fi
    mariadb --socket="$dir/mysqld.sock" -uroot -e "CREATE DATABASE IF NOT EXISTS aio_test;
        CREATE USER IF NOT EXISTS 'aio'@'127.0.0.1' IDENTIFIED BY 'aio';
        GRANT ALL ON aio_test.* TO 'aio'@'127.0.0.1'; GRANT PROCESS ON *.* TO 'aio'@'127.0.0.1';" || return 1
    export AIO_TEST_MYSQL_URL="mysql://aio:aio@127.0.0.1:$port/aio_test"
}

_aio_data_stop() {
    [ -n "$_aio_pg_bin" ] && [ -s "$_aio_data_dir/pg/PG_VERSION" ] &&
        su postgres -s /bin/sh -c "$_aio_pg_bin/pg_ctl -D $_aio_data_dir/pg -m fast -w stop >/dev/null 2>&1"
    [ -f "$_aio_data_dir/mysql/mysqld.pid" ] && kill "$(cat "$_aio_data_dir/mysql/mysqld.pid")" 2>/dev/null
    unset AIO_TEST_PG_URL AIO_TEST_MYSQL_URL AIO_TEST_PG_RESTART
}

if [ "${1:-}" = stop ] || [ "${AIO_DATA_STOP:-}" = 1 ]; then
    _aio_data_stop
else
    _aio_data_install
    _aio_data_start_pg || echo "setup-data: PostgreSQL did not start; its suites will skip" >&2
    _aio_data_start_mysql || echo "setup-data: MariaDB did not start; its suites will skip" >&2
    echo "setup-data: AIO_TEST_PG_URL=${AIO_TEST_PG_URL:-unset} AIO_TEST_MYSQL_URL=${AIO_TEST_MYSQL_URL:-unset}" >&2
fi

