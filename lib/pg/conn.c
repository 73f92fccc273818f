/* SPDX-License-Identifier: MIT */
/* One libpq connection driven without ever blocking: a non-blocking
 * connect (PQconnectStartParams / PQconnectPoll) and queries sent with
 * PQsendQueryParams, each step waited for with poll() on the connection's
 * socket and a stop descriptor, until a deadline.  A server that hangs
 * (SIGSTOP, a dead network) costs a timeout, never a stuck thread.
 *
 * libpq's message about a connection string it cannot parse quotes the
 * part it choked on, which may be the password: such a message is never
 * kept (pgc_conninfo_check). */
#include "internal.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

int64_t pgc_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void pgc_error(char *err, size_t err_len, const char *what, const char *msg)
{
	size_t n;

	if (err == NULL || err_len == 0)
		return;
	if (msg == NULL)
		msg = "";
	snprintf(err, err_len, "%s%s%s", what,
	         what[0] != '\0' && msg[0] != '\0' ? ": " : "", msg);
	for (n = 0; err[n] != '\0'; n++)
		if ((unsigned char)err[n] < 0x20 || err[n] == 0x7f)
			err[n] = ' ';
	while (n > 0 && err[n - 1] == ' ')
		err[--n] = '\0';
}

/* Waits for events on fd (-1: none) or for stop_fd (-1: none) to be
 * readable, until deadline_ms.  1: fd is ready (or in error: libpq finds
 * out which), 0: the deadline passed, PGC_STOPPED, PGC_LOST (poll
 * failed). */
static int wait_fd(int fd, short events, int stop_fd, int64_t deadline_ms)
{
	for (;;) {
		struct pollfd p[2];
		int64_t left = deadline_ms - pgc_now_ms();
		int r;

		if (left < 0)
			left = 0;
		if (left > INT_MAX)
			left = INT_MAX;
		p[0].fd = fd;
		p[0].events = events;
		p[0].revents = 0;
		p[1].fd = stop_fd;
		p[1].events = POLLIN;
		p[1].revents = 0;
		r = poll(p, 2, (int)left);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return PGC_LOST;
		}
		if (p[1].revents != 0)
			return PGC_STOPPED;
		if (p[0].revents != 0)
			return 1;
		if (left == 0)
			return 0;
	}
}

int pgc_sleep(int stop_fd, int64_t deadline_ms)
{
	int r = wait_fd(-1, 0, stop_fd, deadline_ms);

	return r == PGC_STOPPED ? PGC_STOPPED : PGC_OK;
}

int pgc_stopped(int stop_fd)
{
	return wait_fd(-1, 0, stop_fd, 0) == PGC_STOPPED;
}

/* What libpq's expand_dbname takes for a connection string rather than a
 * database name (fe-connect.c, recognized_connection_string). */
static int conninfo_string(const char *s)
{
	return strncmp(s, "postgresql://", 13) == 0 ||
	       strncmp(s, "postgres://", 11) == 0 || strchr(s, '=') != NULL;
}

int pgc_conninfo_check(const char *conninfo)
{
	PQconninfoOption *o;
	char *msg = NULL;

	if (!conninfo_string(conninfo))
		return 0; /* a database name: nothing to parse */
	o = PQconninfoParse(conninfo, &msg);
	if (o != NULL) {
		PQconninfoFree(o);
		return 0;
	}
	if (msg == NULL)
		return -1; /* out of memory */
	/* It may quote the password: dropped unread. */
	PQfreemem(msg);
	return 1;
}

/* libpq would print notices (and the FATAL of a terminated backend) on
 * stderr: a library keeps quiet. */
static void no_notice(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

int pgc_connect(const char *conninfo, const char *app, int stop_fd,
                unsigned timeout_ms, PGconn **out, char *err, size_t err_len)
{
	/* With expand_dbname, dbname may be a whole connection string or
	 * URI; fallback_application_name yields to one it names.  The keys
	 * after dbname override the string's: client_encoding is UTF8
	 * whatever the string, PGCLIENTENCODING or the server's default say,
	 * so that the JSON arrives as the UTF-8 it is stored in. */
	const char *const keys[] = {"dbname", "fallback_application_name",
	                            "client_encoding", NULL};
	const char *const vals[] = {conninfo, app, "UTF8", NULL};
	int64_t deadline = pgc_now_ms() + timeout_ms;
	PostgresPollingStatusType st = PGRES_POLLING_WRITING;
	PGconn *c;
	int r;

	*out = NULL;
	/* libpq would say why it cannot parse the string, quoting it. */
	r = pgc_conninfo_check(conninfo);
	if (r != 0) {
		pgc_error(err, err_len, "cannot connect",
		          r > 0 ? PG_BAD_CONNINFO : "out of memory");
		return PGC_LOST;
	}
	c = PQconnectStartParams(keys, vals, 1);
	if (c == NULL) {
		pgc_error(err, err_len, "cannot connect", "out of memory");
		return PGC_LOST;
	}
	PQsetNoticeProcessor(c, no_notice, NULL);
	while (st != PGRES_POLLING_OK) {
		if (st == PGRES_POLLING_FAILED ||
		    PQstatus(c) == CONNECTION_BAD || PQsocket(c) < 0) {
			pgc_error(err, err_len, "cannot connect",
			          PQerrorMessage(c));
			PQfinish(c);
			return PGC_LOST;
		}
		r = wait_fd(PQsocket(c),
		            st == PGRES_POLLING_READING ? POLLIN : POLLOUT,
		            stop_fd, deadline);
		if (r == PGC_STOPPED) {
			pgc_error(err, err_len, "cannot connect", "stopped");
			PQfinish(c);
			return PGC_STOPPED;
		}
		if (r <= 0) {
			char msg[64];

			snprintf(msg, sizeof msg, "timed out after %u ms",
			         timeout_ms);
			pgc_error(err, err_len, "cannot connect", msg);
			PQfinish(c);
			return PGC_LOST;
		}
		st = PQconnectPoll(c);
	}
	if (PQsetnonblocking(c, 1) != 0) {
		pgc_error(err, err_len, "cannot connect", PQerrorMessage(c));
		PQfinish(c);
		return PGC_LOST;
	}
	*out = c;
	return PGC_OK;
}

/* After a wait that did not find the socket ready: the status to return,
 * with err said. */
static int wait_failed(int r, unsigned timeout_ms, char *err, size_t err_len)
{
	char msg[64];

	if (r == PGC_STOPPED) {
		pgc_error(err, err_len, "query", "stopped");
		return PGC_STOPPED;
	}
	if (r == 0) {
		snprintf(msg, sizeof msg, "no answer within %u ms", timeout_ms);
		pgc_error(err, err_len, "query", msg);
	} else {
		pgc_error(err, err_len, "query", strerror(errno));
	}
	return PGC_LOST;
}

static int lost(PGconn *conn, char *err, size_t err_len)
{
	pgc_error(err, err_len, "connection lost", PQerrorMessage(conn));
	return PGC_LOST;
}

int pgc_query(PGconn *conn, const char *sql, int n_params,
              const char *const *params, int stop_fd, unsigned timeout_ms,
              PGresult **res, char *err, size_t err_len)
{
	/* An idle deadline: pushed back whenever the socket moves. */
	int64_t deadline = pgc_now_ms() + timeout_ms;
	PGresult *last = NULL, *bad = NULL, *r;
	int f, w;

	if (res != NULL)
		*res = NULL;
	if (!PQsendQueryParams(conn, sql, n_params, NULL, params, NULL, NULL,
	                       0))
		return lost(conn, err, err_len);
	while ((f = PQflush(conn)) != 0) {
		if (f < 0)
			return lost(conn, err, err_len);
		w = wait_fd(PQsocket(conn), POLLIN | POLLOUT, stop_fd,
		            deadline);
		if (w != 1)
			return wait_failed(w, timeout_ms, err, err_len);
		deadline = pgc_now_ms() + timeout_ms; /* it moves */
		if (!PQconsumeInput(conn))
			return lost(conn, err, err_len);
	}
	for (;;) {
		while (PQisBusy(conn)) {
			w = wait_fd(PQsocket(conn), POLLIN, stop_fd, deadline);
			if (w != 1) {
				PQclear(last);
				PQclear(bad);
				return wait_failed(w, timeout_ms, err, err_len);
			}
			if (!PQconsumeInput(conn)) {
				PQclear(last);
				PQclear(bad);
				return lost(conn, err, err_len);
			}
			/* Bytes came (a readable socket that is not at
			 * its end): the server is alive, the wait starts
			 * again.  A big result takes as long as it needs;
			 * a server that says nothing for timeout_ms does
			 * not. */
			deadline = pgc_now_ms() + timeout_ms;
		}
		r = PQgetResult(conn);
		if (r == NULL)
			break;
		switch (PQresultStatus(r)) {
		case PGRES_COMMAND_OK:
		case PGRES_TUPLES_OK:
			PQclear(last);
			last = r;
			break;
		default:
			if (bad == NULL)
				bad = r;
			else
				PQclear(r);
			break;
		}
	}
	if (bad != NULL || last == NULL) {
		const char *m = NULL;
		char msg[400];

		if (bad != NULL) {
			const char *state =
			    PQresultErrorField(bad, PG_DIAG_SQLSTATE);
			const char *primary =
			    PQresultErrorField(bad, PG_DIAG_MESSAGE_PRIMARY);

			if (primary != NULL) {
				snprintf(msg, sizeof msg, "%s%s%s",
				         state != NULL ? state : "",
				         state != NULL ? " " : "", primary);
				m = msg;
			} else {
				m = PQresultErrorMessage(bad);
			}
		}
		if (m == NULL || m[0] == '\0')
			m = PQerrorMessage(conn);
		pgc_error(err, err_len, "query", m);
		PQclear(last);
		PQclear(bad);
		return PQstatus(conn) == CONNECTION_OK ? PGC_FAILED : PGC_LOST;
	}
	if (res != NULL)
		*res = last;
	else
		PQclear(last);
	return PGC_OK;
}

int pgc_wait_input(PGconn *conn, int stop_fd, int64_t deadline_ms, char *err,
                   size_t err_len)
{
	int w = wait_fd(PQsocket(conn), POLLIN, stop_fd, deadline_ms);

	if (w == PGC_STOPPED)
		return PGC_STOPPED;
	if (w < 0) {
		pgc_error(err, err_len, "connection lost", strerror(errno));
		return PGC_LOST;
	}
	if (w == 1 &&
	    (!PQconsumeInput(conn) || PQstatus(conn) != CONNECTION_OK))
		return lost(conn, err, err_len);
	return PGC_OK;
}
