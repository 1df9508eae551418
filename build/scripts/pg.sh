#!/usr/bin/env bash
# pg.sh — a throwaway PostgreSQL server for the tests, on loopback only.
#
#   build/scripts/pg.sh start [DIR]   install PostgreSQL with apt when missing, initdb a data
#                                     directory (default: a new temp dir), start it on a free
#                                     127.0.0.1 port and print its URL on stdout
#   build/scripts/pg.sh url [DIR]     print the URL of the running server
#   build/scripts/pg.sh stop [DIR]    stop it and remove the directory
#
# An explicit DIR must be reachable by the postgres user when run as root.
# Without DIR the state lives in build/bin/.pg (the path of the last started server is kept in
# build/bin/.pg/dir), so `start` / `url` / `stop` pair up without arguments. The server refuses
# to run as root, so when run as root the directory is owned by the postgres user. Only the
# superuser "postgres" exists, with trust authentication on the loopback socket; the URL is
# for tests, never a real deployment. fsync is off unless PG_FSYNC=on (the load benchmark
# sets it, so its figures include durable commits).
set -euo pipefail

here="$(cd "$(dirname "$0")/../.." && pwd)"
state="$here/build/bin/.pg"

pgbin() {
	local d
	for d in /usr/lib/postgresql/*/bin; do
		[ -x "$d/initdb" ] && { echo "$d"; return 0; }
	done
	return 1
}

install_pg() {
	if pgbin >/dev/null; then return 0; fi
	echo "pg.sh: installing PostgreSQL with apt-get" >&2
	local sudo=""
	[ "$(id -u)" -ne 0 ] && sudo="sudo"
	$sudo apt-get update -qq >&2
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >&2
	pgbin >/dev/null || { echo "pg.sh: PostgreSQL did not install" >&2; exit 1; }
}

# as_owner runs a command as the data directory's owner (postgres when we are root).
as_owner() {
	if [ "$(id -u)" -eq 0 ]; then
		su postgres -s /bin/bash -c "$(printf '%q ' "$@")"
	else
		"$@"
	fi
}

free_port() {
	python3 - <<'PY' 2>/dev/null || echo $((20000 + RANDOM % 20000))
import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()
PY
}

datadir() {
	if [ -n "${1:-}" ]; then echo "$1"; return; fi
	[ -f "$state/dir" ] && cat "$state/dir" && return
	echo ""
}

url_of() {
	local dir="$1"
	[ -f "$dir/port" ] || { echo "pg.sh: no server in $dir" >&2; exit 1; }
	echo "postgres://postgres@127.0.0.1:$(cat "$dir/port")/postgres?sslmode=disable"
}

start() {
	install_pg
	local bin dir port
	bin="$(pgbin)"
	dir="${1:-}"
	local remember=1
	if [ -z "$dir" ]; then
		dir="$(mktemp -d /tmp/concierge-pg.XXXXXX)"
	else
		remember=0 # an explicit DIR is the caller's to pass to url and stop
		mkdir -p "$dir"
	fi
	if [ "$(id -u)" -eq 0 ]; then chown postgres "$dir"; chmod 700 "$dir"; fi
	as_owner "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
		as_owner "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 >"$dir/initdb.log" 2>&1 ||
		{ cat "$dir/initdb.log" >&2; exit 1; }
	local try
	for try in 1 2 3 4 5; do
		port="$(free_port)"
		if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
			-o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=${PG_FSYNC:-off} -c shared_buffers=128MB" start >/dev/null; then
			echo "$port" | as_owner tee "$dir/port" >/dev/null
			if [ "$remember" = 1 ]; then
				mkdir -p "$state"
				echo "$dir" >"$state/dir"
			fi
			url_of "$dir"
			return 0
		fi
	done
	cat "$dir/server.log" >&2
	exit 1
}

stop() {
	local dir bin
	dir="$(datadir "${1:-}")"
	[ -n "$dir" ] && [ -d "$dir" ] || return 0
	if bin="$(pgbin)" && [ -f "$dir/data/postmaster.pid" ]; then
		as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
	fi
	rm -rf "$dir"
	if [ -f "$state/dir" ] && [ "$(cat "$state/dir")" = "$dir" ]; then rm -f "$state/dir"; fi
}

case "${1:-}" in
start) start "${2:-}" ;;
stop) stop "${2:-}" ;;
url) d="$(datadir "${2:-}")"; [ -n "$d" ] || { echo "pg.sh: no server started" >&2; exit 1; }; url_of "$d" ;;
*) echo "usage: $0 start|stop|url [DIR]" >&2; exit 2 ;;
esac
