# SPDX-License-Identifier: MIT
# shellcheck shell=sh
# A throwaway PostgreSQL cluster for the tests of libauth0logout-pg: in a
# temporary directory, on a Unix socket only, with sql/auth0logout-pg.sql
# applied.  Sourced after lib/common.sh (it reports with ok / not_ok):
#
#   . "$SRCDIR/tests/integration/lib/pg.sh"
#
# POSIX sh; the helpers' own variables start with _pg.
#
#   pg_start          initdb, pg_ctl start, createdb, the schema; sets
#                     PG_DIR, PG_DATA, PG_SOCK, PG_DB, PG_CONNINFO (a libpq
#                     URI) and, unless PG_NO_TRAP=1, an EXIT trap that runs
#                     pg_cleanup (and HUP, INT, PIPE, TERM traps that exit).  Fails (with "not ok" lines) when a step
#                     does; the server's log is shown then.
#   pg_stop           pg_ctl stop -m fast (thaws a frozen cluster first)
#   pg_restart        pg_ctl restart -m fast
#   pg_cleanup        pg_stop, then removes PG_DIR (for a script that has
#                     an EXIT trap of its own: call it from there)
#   pg_psql ARGS...   psql on the test database, ON_ERROR_STOP, quiet
#   pg_pids           the postmaster and its children, one per line
#   pg_freeze         kill -STOP all of them (a hung server: connections
#                     open, nothing answers)
#   pg_thaw           kill -CONT all of them
#
# PostgreSQL refuses to run as root.  As root (CI), every server command
# runs as the "postgres" user through runuser, and the directories are
# given to that user; as anyone else, directly.
#
# Environment: PG_BINDIR (the directory of initdb and pg_ctl; default:
# pg_config --bindir, else the newest /usr/lib/postgresql/*/bin), SRCDIR
# (for sql/auth0logout-pg.sql), TMPDIR.

PG_DB=auth0logout_test
PG_DIR=""
_pg_started=0

# pg_bindir: where initdb and pg_ctl are.
pg_bindir() {
	if [ -n "${PG_BINDIR:-}" ]; then
		echo "$PG_BINDIR"
		return 0
	fi
	_pg_b=$(pg_config --bindir 2>/dev/null) || _pg_b=""
	if [ -n "$_pg_b" ] && [ -x "$_pg_b/initdb" ]; then
		echo "$_pg_b"
		return 0
	fi
	_pg_b=""
	for _pg_d in /usr/lib/postgresql/*/bin; do
		[ -x "$_pg_d/initdb" ] || continue
		# The newest: versions compare as numbers (9.6 < 10 < 15).
		if [ -z "$_pg_b" ] || [ "$(printf '%s\n%s\n' "$_pg_b" "$_pg_d" |
			sort -V | tail -n 1)" = "$_pg_d" ]; then
			_pg_b=$_pg_d
		fi
	done
	if [ -n "$_pg_b" ]; then
		echo "$_pg_b"
		return 0
	fi
	_pg_b=$(command -v initdb 2>/dev/null) || return 1
	dirname "$_pg_b"
}

# pg_as CMD ARGS...: CMD as the postgres user when we are root, else as
# ourselves.
pg_as() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

# pg_start: see above.
pg_start() {
	_pg_bin=$(pg_bindir) || {
		not_ok "PostgreSQL's initdb is installed (sh scripts/deps.sh check)"
		return 1
	}
	if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
		not_ok "a postgres user exists (PostgreSQL refuses to run as root)"
		return 1
	fi
	# As root the directory is the postgres user's: it must reach it, so
	# it is made where every user can search (TMPDIR may be private).
	_pg_parent=${TMPDIR:-/tmp}
	if [ "$(id -u)" -eq 0 ] &&
		! runuser -u postgres -- test -x "$_pg_parent" 2>/dev/null; then
		_pg_parent=/tmp
	fi
	PG_DIR=$(mktemp -d "$_pg_parent/a0l-pg.XXXXXX") || {
		not_ok "a temporary directory for the cluster"
		return 1
	}
	PG_DATA=$PG_DIR/data
	PG_SOCK=$PG_DIR/sock
	mkdir -p "$PG_SOCK" || return 1
	: >"$PG_DIR/server.log"
	chmod 0755 "$PG_DIR" "$PG_SOCK"
	if [ "$(id -u)" -eq 0 ]; then
		chown postgres "$PG_SOCK" "$PG_DIR/server.log" || return 1
		# initdb makes the data directory; its parent must be writable.
		chown postgres "$PG_DIR" || return 1
	fi
	if [ "${PG_NO_TRAP:-0}" != 1 ]; then
		# Death by a signal runs no EXIT trap: each is made an exit,
		# so that no cluster outlives its script.
		trap pg_cleanup EXIT
		trap 'exit 129' HUP
		trap 'exit 130' INT
		trap 'exit 141' PIPE
		trap 'exit 143' TERM
	fi
	if ! pg_as "$_pg_bin/initdb" -D "$PG_DATA" -A trust -U postgres \
		-E UTF8 --no-locale >"$PG_DIR/initdb.log" 2>&1; then
		not_ok "initdb makes a cluster"
		show "$PG_DIR/initdb.log" 30
		return 1
	fi
	if ! pg_as "$_pg_bin/pg_ctl" -D "$PG_DATA" -l "$PG_DIR/server.log" \
		-o "-k $PG_SOCK -c listen_addresses='' -c fsync=off" \
		-w -t 60 start >"$PG_DIR/pg_ctl.log" 2>&1; then
		not_ok "pg_ctl starts the cluster"
		show "$PG_DIR/pg_ctl.log"
		show "$PG_DIR/server.log" 30
		return 1
	fi
	_pg_started=1
	PG_CONNINFO="postgresql:///$PG_DB?host=$PG_SOCK&user=postgres"
	if ! "$_pg_bin/createdb" -h "$PG_SOCK" -U postgres "$PG_DB" \
		>"$PG_DIR/createdb.log" 2>&1; then
		not_ok "createdb $PG_DB"
		show "$PG_DIR/createdb.log"
		return 1
	fi
	if ! pg_psql -f "${SRCDIR:-.}/sql/auth0logout-pg.sql" \
		>"$PG_DIR/schema.log" 2>&1; then
		not_ok "sql/auth0logout-pg.sql applies"
		show "$PG_DIR/schema.log" 30
		return 1
	fi
	export PG_CONNINFO
}

# pg_psql ARGS...: psql on the test database.
pg_psql() {
	psql -X -q -v ON_ERROR_STOP=1 -d "$PG_CONNINFO" "$@"
}

# pg_pids: the postmaster (first line of postmaster.pid) and its children.
pg_pids() {
	[ -n "$PG_DIR" ] && [ -r "$PG_DATA/postmaster.pid" ] || return 1
	_pg_pm=$(sed -n 1p "$PG_DATA/postmaster.pid")
	[ -n "$_pg_pm" ] || return 1
	echo "$_pg_pm"
	if command -v ps >/dev/null 2>&1; then
		ps -o pid= --ppid "$_pg_pm" 2>/dev/null | tr -d ' '
	else
		for _pg_st in /proc/[0-9]*/stat; do
			# pid (comm) state ppid ...: the fields after the
			# last ")".
			_pg_line=$(cat "$_pg_st" 2>/dev/null) || continue
			_pg_rest=${_pg_line##*) }
			# shellcheck disable=SC2086
			set -- $_pg_rest
			[ "${2:-}" = "$_pg_pm" ] && echo "${_pg_line%% *}"
		done
	fi
}

# pg_signal SIG: SIG to the postmaster and its children.
pg_signal() {
	_pg_list=$(pg_pids) || return 1
	for _pg_p in $_pg_list; do
		kill -"$1" "$_pg_p" 2>/dev/null
	done
	return 0
}

pg_freeze() {
	pg_signal STOP
}

pg_thaw() {
	pg_signal CONT
}

pg_stop() {
	[ "$_pg_started" = 1 ] || return 0
	pg_thaw
	pg_as "$(pg_bindir)/pg_ctl" -D "$PG_DATA" -m fast -w -t 60 stop \
		>>"$PG_DIR/pg_ctl.log" 2>&1
	_pg_rc=$?
	_pg_started=0
	return "$_pg_rc"
}

pg_restart() {
	pg_thaw
	pg_as "$(pg_bindir)/pg_ctl" -D "$PG_DATA" -l "$PG_DIR/server.log" \
		-o "-k $PG_SOCK -c listen_addresses='' -c fsync=off" \
		-m fast -w -t 60 restart >>"$PG_DIR/pg_ctl.log" 2>&1
}

# Run by the EXIT trap, which shellcheck does not see.
# shellcheck disable=SC2317
pg_cleanup() {
	pg_stop
	if [ -n "$PG_DIR" ]; then
		rm -rf "$PG_DIR"
		PG_DIR=""
	fi
}
