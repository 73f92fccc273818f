/* SPDX-License-Identifier: MIT */
/*
 * auth0logout-server - GET /v2/logout, GET and POST /oidc/logout and
 * the OpenID Connect discovery documents as a real HTTP server, on
 * libmicrohttpd.
 *
 *   auth0logout-server --config FILE [--listen HOST:PORT] [--threads N]
 *                      [--cookie NAME] [--sid-cookie NAME] [--hints]
 *                      [--max-token-age SECONDS]
 *                      [--per-ip-limit N]
 *                      [--access-log PATH|off] [--log-buffer BYTES]
 *                      [--ready-file PATH]
 *                      [--define KEY=VALUE]... [--client-id-from name]
 *   auth0logout-server --store CONNINFO --tenant ID [the same options but
 *                      --define and --client-id-from]
 *
 * With --store the allow-lists come live from PostgreSQL (R10,
 * auth0logout/pg.h): a swap store fed by the loader's thread, which
 * starts loading as the server starts listening; until its first load
 * every logout request is server_error (500, R10.4), even one that needs
 * no list.  A connection string libpq cannot parse is a usage error (its
 * text is never echoed: it may hold a password).  Each worker thread
 * decides through a reader of its own (taken with its other per-thread
 * state, freed when the thread ends).  GET /healthz reports the store's
 * state (the loader's health as JSON; 503 before the first load).
 *
 * Every decision comes from the library; every response from the adapters'
 * one HTTP contract (adapters/common/response.c, doc/rules.md R9).  The
 * server hands the library the raw request target, whole (R9.4), after
 * refusing one that holds a control byte, a space or DEL; an absolute-form
 * target (R9.5) is routed by its path.  SIGHUP loads the config again and
 * switches to it between requests, never during one (R9.7); a config that
 * does not load is logged and the old one stays.
 *
 * libmicrohttpd 0.9.75 (Debian 12) and what the server does about it:
 *   - It hands callbacks the target as a C string, cut at a NUL byte.  The
 *     URI log callback keeps MHD's pointer to the target; the access
 *     handler's version argument points just past the target's end in the
 *     same request line, so their distance is the target's real length
 *     (never strlen): a target with a NUL is refused with 400.
 *   - It splits the query into GET arguments in its per-connection pool
 *     (48 bytes each) before any callback can answer: a 2 KB target of a
 *     thousand "&" exhausted the pool and left the client without an
 *     answer.  The server never reads MHD's arguments (the library parses
 *     the raw target), so the URI log callback, which runs after MHD has
 *     found the '?' and before it splits the query, ends the query string
 *     MHD will split at its first byte.  See stop_argument_parsing().
 *   - It builds a response's header in what the request head left of the
 *     connection's pool; a head that nearly fills the pool left no room,
 *     and the client got nothing.  Refusals of heads past the limits (414,
 *     431) are written to the socket by the server (refuse_direct); a head
 *     larger than the pool gets libmicrohttpd's own 414/431 page.
 *   - It logs every connection it refuses, a line each under a flood: its
 *     messages go through a logger that writes at most 5 a second.
 *   - Its timeout is for inactivity only: a client that sends a byte every
 *     few seconds keeps its connection.  The server watches every
 *     connection (MHD_OPTION_NOTIFY_CONNECTION) and, once a second, gives
 *     each request head that is not complete HEAD_DEADLINE seconds after
 *     the connection opened or its previous answer went out a 408 (once its
 *     request line has come) and shuts the connection down.  With a
 *     per-address connection limit (--per-ip-limit) one address cannot hold
 *     every connection (R9.6).
 *
 * Design
 *   - Per worker thread: one decide buffer for /v2/logout, one for
 *     /oidc/logout (96 KiB) and one reader slot of the config swap
 *     (adapters/common/swap.h), taken on the thread's first request and
 *     kept; memory is bounded by threads, not connections.  The swapped
 *     config holds the store and the oidc settings together, so that one
 *     request sees one consistent pair.
 *   - POST bodies (/oidc/logout, its confirmation) are collected in the
 *     request's own buffer, never past their limit: a Content-Length over
 *     it gets 413 before any of the body is read; a chunked body that
 *     grows past it is read and dropped (up to DISCARD_LIMIT, then the
 *     connection is closed) and answered 413, since libmicrohttpd cannot
 *     answer while a body is coming in.
 *   - The consent step of /oidc/logout (R8.7) keeps no state here: see
 *     adapters/common/consent.h.
 *   - The per-connection pool is 34 KiB.  libmicrohttpd zeroes all of it
 *     for every request, and half of it again when it shrinks the read
 *     buffer, which made memset most of the server's own CPU time (37 % at
 *     40 KiB, measured with perf): it is no larger than what a 17 KiB
 *     target with 100 header fields of 8 KiB and the answer need (32 KiB,
 *     measured), and a margin.
 *   - The listening socket is opened here, so that a port in use is
 *     reported with its errno and port 0 can be resolved for --ready-file.
 *     Its backlog is SOMAXCONN (the kernel caps it at net.core.somaxconn):
 *     with 128, 256 clients connecting at once overflowed the queue and
 *     some waited seconds for the kernel's SYN-ACK retries.
 *   - SIGINT, SIGTERM and SIGHUP are blocked before any thread starts and
 *     taken with sigtimedwait in main, which wakes once a second for the
 *     request-head deadline.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "../common/consent.h"
#include "../common/response.h"
#include "../common/swap.h"
#include "auth0logout.h"
#include "auth0logout/config.h"
#include "auth0logout/pg.h"

#if defined(__GNUC__)
#define A0L_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define A0L_PRINTF(f, a)
#endif

#define PROG         "auth0logout-server"
#define EXIT_USAGE   2
#define LOGOUT_PATH  "/v2/logout"
#define OIDC_PATH    "/oidc/logout"
#define CONFIRM_PATH "/oidc/logout/confirm"
#define HEALTH_PATH  "/healthz"

/* Request targets longer than this get 414: room for the 16 KiB query of
 * R1.8 (a longer one is the library's 400), its path and an absolute-form
 * target's scheme and authority. */
#define MAX_TARGET (17u * 1024u)
/* Per-connection memory: the request line (up to MAX_TARGET), the
 * headers (up to MAX_HEADER_FIELDS, MAX_HEADER_BYTES), the response's
 * header.  libmicrohttpd zeroes all of it for every request, so it is no
 * larger than that. */
#define CONNECTION_MEMORY (34u * 1024u)
/* Header fields past these get 431 from the server itself (Apache
 * httpd's LimitRequestFields default; a browser sends about 20 fields and
 * at most a few KiB of cookies). */
#define MAX_HEADER_FIELDS 100u
#define MAX_HEADER_BYTES  (8u * 1024u) /* names and values together */
/* A request head must be complete this many seconds after the connection
 * opened or its previous answer was sent (R9.6): 408 and the connection
 * closed once the request line has come, else the connection closed. */
#define HEAD_DEADLINE 10
/* A backstop for the rest (a client that does not read its answer):
 * seconds without progress. */
#define CONNECTION_TIMEOUT 30u
#define CONNECTION_LIMIT   1000u /* concurrent connections */
/* libmicrohttpd 0.9.75's epoll loop (MHD_epoll) calls epoll_wait again,
 * with the full timeout, whenever one call filled its 128 events, before
 * it serves any of them: 128 connections of one thread ready at once then
 * waited for the next event or the connection timeout (wrk, 256
 * connections on two threads: 2,865 requests/s, then nothing; on one
 * thread every time).  A thread that holds at most 125 connections (with
 * its listening socket and wake-up pipe, 127 descriptors) never fills the
 * 128.  poll(2) has no such loop, but scans every connection on each
 * wake-up: 0.72-0.87 of nginx at 256 connections, against 0.83-0.92. */
#define PER_THREAD_CONNECTIONS 125u
#define MAX_THREADS            256ul
#define MAX_PER_IP             1000ul
#define MAX_LOG_BUFFER         (1024ul * 1024ul)
/* A chunked POST body past its limit is read and dropped up to this many
 * bytes, then the connection is closed without an answer. */
#define DISCARD_LIMIT (1024u * 1024u)

#define DEFAULT_LISTEN  "127.0.0.1:8080"
#define DEFAULT_THREADS 8u /* 1,000 connections, 125 each */
#define DEFAULT_PER_IP  64u

static const char usage_text[] =
    "usage: " PROG " --config FILE [--listen HOST:PORT] [--threads N]\n"
    "                          [--cookie NAME] [--sid-cookie NAME] [--hints]\n"
    "                          [--max-token-age SECONDS]\n"
    "                          [--per-ip-limit N]\n"
    "                          [--access-log PATH|off] [--log-buffer BYTES]\n"
    "                          [--ready-file PATH]\n"
    "                          [--define KEY=VALUE]... [--client-id-from "
    "name]\n"
    "       " PROG " --store CONNINFO --tenant ID [OPTION]...\n"
    "       " PROG " --help | --version\n"
    "\n"
    "Serves Auth0's GET /v2/logout and GET and POST /oidc/logout (OpenID\n"
    "Connect RP-Initiated Logout): each request is decided by\n"
    "libauth0logout against the Allowed Logout URLs in FILE (the config\n"
    "the auth0logout command reads: JSON, or an auth0-deploy-cli export,\n"
    "a .yaml/.yml file or a directory).  SIGHUP loads FILE again.\n"
    "With --store they come from PostgreSQL instead, live: each change\n"
    "committed there is served within a second or so, without SIGHUP.\n"
    "\n"
    "  --config FILE      the allow-lists (this or --store is required)\n"
    "  --define KEY=VALUE replace ##KEY## in the config with VALUE\n"
    "                     (repeatable, the last wins; else the environment)\n"
    "  --client-id-from name\n"
    "                     key clients without client_id by their name\n"
    "  --store CONNINFO   the allow-lists from PostgreSQL (the schema\n"
    "                     auth0logout-pg.sql): a libpq connection string,\n"
    "                     postgresql://... or \"host=... dbname=...\";\n"
    "                     PG* variables and ~/.pgpass apply.  Logout\n"
    "                     requests get 500 until the first load; then\n"
    "                     changes follow\n"
    "  --tenant ID        the tenant to serve from --store (required with\n"
    "                     it)\n"
    "  --listen HOST:PORT where to listen; HOST is an IPv4 address or a\n"
    "                     bracketed IPv6 address ([::1]:8080); port 0 picks\n"
    "                     a free port (default " DEFAULT_LISTEN ")\n"
    "  --threads N        worker threads, 1-256 (default 8); each holds at\n"
    "                     most 125 connections, 1000 in all\n"
    "  --cookie NAME      the session cookie cleared on redirect and\n"
    "                     logged_out (default " A0L_DEFAULT_COOKIE ")\n"
    "  --sid-cookie NAME  the cookie holding the browser session's sid;\n"
    "                     /oidc/logout asks for consent when it differs\n"
    "                     from the id_token_hint's sid (default: none)\n"
    "  --max-token-age S  refuse an id_token_hint issued (iat) more than S\n"
    "                     seconds ago (default: expired tokens are fine,\n"
    "                     as RP-Initiated Logout asks)\n"
    "  --hints            show the hint of a not_allowed error on the error\n"
    "                     page; it quotes allow-list entries (default off)\n"
    "  --per-ip-limit N   connections one client address may hold, 1-1000\n"
    "                     (default 64)\n"
    "  --access-log PATH  one line per request (default: stderr); off: none\n"
    "  --log-buffer BYTES keep up to BYTES of log lines per thread and write\n"
    "                     them when full and each second (1024-1048576;\n"
    "                     default 0: one write per line)\n"
    "  --ready-file PATH  once listening, write the bound HOST:PORT to PATH\n"
    "  --help             show this help\n"
    "  --version          show the version\n"
    "\n"
    "Answers 302 with Location (redirect), 200 \"OK\" (logged_out), or the\n"
    "decision's 400/500 with an HTML page (JSON when Accept names\n"
    "application/json); 400 for a target with a control byte or a space,\n"
    "405 for methods other than GET and HEAD (GET and POST on\n"
    "/oidc/logout, POST on /oidc/logout/confirm), 404 for other paths, 414\n"
    "for targets over 17 KiB, 431 for more than 100 header fields or more\n"
    "than 8 KiB of them.  A request head must arrive within 10 s of the\n"
    "connection or of the previous answer (408 once its request line has\n"
    "come; else the connection is closed).\n"
    "\n"
    "GET /healthz answers JSON about the allow-lists: 200, or 503 while\n"
    "--store has not loaded yet.  Its last_error can name the database's\n"
    "user and host: keep /healthz off the public internet.\n"
    "\n"
    "/oidc/logout takes a GET query or a POST body\n"
    "(application/x-www-form-urlencoded, else 415; at most 16 KiB, else\n"
    "413; 411 without a length).  When the user must confirm (R8.7) it\n"
    "answers 200 with a consent page whose form posts to\n"
    "/oidc/logout/confirm, and a cookie (a0l_consent, or\n"
    "__Host-a0l_consent when X-Forwarded-Proto is https) that the\n"
    "confirmation must come back with within 10 minutes (else 403).  With\n"
    "an \"oidc\" issuer in FILE it also serves\n"
    "/.well-known/openid-configuration and /.well-known/jwks.json (else\n"
    "404).\n"
    "SIGINT or SIGTERM stops it (exit 0); bad options, a bad config or an\n"
    "address that cannot be bound exit 2.  With --store, SIGHUP is logged\n"
    "and ignored (the store is live) and the database being down is no\n"
    "reason to exit: the last snapshot serves, /healthz says how old.\n";

/* A loaded config: what requests read, swapped whole on SIGHUP.  With
 * --store there is one, never swapped: ms is NULL (each thread's reader
 * is its store) and the oidc settings are those of a config without an
 * "oidc" object. */
struct config {
	auth0logout_memstore *ms;
	auth0logout_store store;
	/* /oidc/logout: the settings of the same file, their verifier, and
	 * the env built from them (its session_sid is set per request). */
	auth0logout_config_oidc *oidc;
	auth0logout_verifier verifier;
	auth0logout_oidc_env env;
};

/* Read-only once the daemon runs (but for the swap); shared by all worker
 * threads. */
/* libmicrohttpd's own messages, at most MHD_LOG_PER_SECOND lines a
 * second: a flood makes it report every refused connection. */
#define MHD_LOG_PER_SECOND 5
struct mhd_log {
	pthread_mutex_t lock;
	time_t second;         /* the second being counted */
	unsigned lines;        /* lines written in it */
	unsigned long dropped; /* lines not written since the last report */
};

/* The request-head deadline: each connection is watched from its start
 * to its close; the main thread looks at all of them once a second.  The
 * state changes hands by compare-and-swap, so that an expiring head and
 * its own answer never both write to the socket. */
enum watch_state {
	W_IDLE,    /* waiting for a request line (since .since) */
	W_HEAD,    /* the request line is in, the headers are coming */
	W_BUSY,    /* the head is complete: being answered */
	W_EXPIRED, /* past the deadline: closed by the watchdog */
};

struct watch {
	struct watch *prev, *next;
	int fd;
	_Atomic int state;
	_Atomic long long since; /* CLOCK_MONOTONIC seconds */
	_Atomic int sent_408;    /* the watchdog answered 408 */
};

struct watchdog {
	pthread_mutex_t lock; /* the list; held while a socket is closed */
	struct watch *head;
};

struct server {
	struct a0l_swap config;          /* struct config * */
	struct a0l_response_config resp; /* cookie, hints */
	const char *sid_cookie;          /* --sid-cookie NAME, or NULL */
	pthread_key_t thread_key;        /* struct thread_state * */
	int log_fd;                      /* -1: no access log */
	struct mhd_log mhd_log;          /* libmicrohttpd's messages */
	struct watchdog dog;             /* the request-head deadline */
	size_t log_buffer;               /* --log-buffer bytes; 0: none */
	/* Threads with a log buffer, for the tick to flush. */
	pthread_mutex_t threads_lock;
	struct thread_state *threads[A0L_SWAP_SLOTS];
	/* --store: the swap store and the loader feeding it; NULL with
	 * --config. */
	auth0logout_swapstore *ss;
	auth0logout_pg *pg;
	/* --config, for /healthz: configs loaded (1, then one per reload)
	 * and whether the last SIGHUP failed. */
	atomic_ulong config_version;
	atomic_int reload_failed;
};

/* A worker thread's own: its decide buffer, its swap slot and, with
 * --store, its reader of the swap store. */
struct thread_state {
	struct server *srv;
	int slot;
	auth0logout_swapstore_reader *reader; /* NULL with --config */
	auth0logout_store store;              /* the reader's interface */
	struct a0l_clock clock; /* the access log's, formatted once a second */
	/* --log-buffer: access-log lines not yet written, flushed when full,
	 * by the main thread's tick (each second) and at the thread's end. */
	pthread_mutex_t log_lock;
	char *log;
	size_t log_used;
	char buf[AUTH0LOGOUT_DECIDE_BUFFER_SIZE];
	char oidc_buf[AUTH0LOGOUT_OIDC_BUFFER_SIZE];
};

/* One request, from the URI log callback to the completed callback. */
struct request {
	const char *uri;     /* MHD's pointer to the target (see above) */
	struct watch *watch; /* the connection's, for the head deadline */
	int status;          /* the status queued; 0 until then */
	const char *outcome; /* for the log: static strings */
	/* For the log, copied from the decision (whose strings live in the
	 * thread's buffer, reused by the next decision): its list and
	 * client_id. */
	auth0logout_decision logged;
	int decided;
	char client_id[AUTH0LOGOUT_MAX_CLIENT_ID + 1];
	char method[16];
	enum a0l_route route;
	int health; /* GET /healthz (route is A0L_ROUTE_NONE) */
	/* A POST's body: at most limit bytes are kept; over is set when more
	 * came (then dropped counts what was thrown away). */
	int post;
	char *body;
	size_t body_len, body_cap, limit, dropped;
	int over;
	size_t target_len; /* the length seen as a C string */
	char target[];     /* at most MAX_TARGET bytes of it, NUL-terminated */
};

/* ---- libmicrohttpd's argument parsing --------------------------------- */

/* libmicrohttpd 0.9.75 (parse_initial_message_line) finds the first '?'
 * of the target, calls the URI log callback, then writes '\0' over the
 * '?' and splits the string after it into arguments, until the first NUL.
 * Writing '\0' after every '?' of the request line therefore leaves it
 * nothing to split, wherever the first '?' stands (even after a NUL byte,
 * which the access handler then refuses).  The line ends at the first CR
 * or LF still raw in the buffer (libmicrohttpd has turned the request
 * line's own CRLF into NULs; the next line's is untouched); the scan is
 * also bounded by MAX_TARGET + 16, inside the connection's pool, whose
 * unread part is zeroed.  The target itself was copied first. */
static void stop_argument_parsing(const char *uri)
{
	char *p = (char *)(uintptr_t)uri; /* MHD's own mutable line buffer */

	for (size_t i = 0; i < MAX_TARGET + 16; i++) {
		if (p[i] == '\r' || p[i] == '\n')
			break;
		if (p[i] == '?' && p[i + 1] != '\0')
			p[i + 1] = '\0';
	}
}

/* ---- the access log ---------------------------------------------------- */

/* The peer's address as text. */
static void peer_of(struct MHD_Connection *conn, char *out, size_t n)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);

	snprintf(out, n, "-");
	if (ci == NULL || ci->client_addr == NULL)
		return;
	if (ci->client_addr->sa_family == AF_INET)
		inet_ntop(
		    AF_INET,
		    &((const struct sockaddr_in *)(const void *)ci->client_addr)
		         ->sin_addr,
		    out, (socklen_t)n);
	else if (ci->client_addr->sa_family == AF_INET6)
		inet_ntop(AF_INET6,
		          &((const struct sockaddr_in6 *)(const void *)
		                ci->client_addr)
		               ->sin6_addr,
		          out, (socklen_t)n);
}

static const char *termination_name(enum MHD_RequestTerminationCode toe)
{
	switch (toe) {
	case MHD_REQUEST_TERMINATED_COMPLETED_OK:
		return NULL;
	case MHD_REQUEST_TERMINATED_WITH_ERROR:
		return "terminated=error";
	case MHD_REQUEST_TERMINATED_TIMEOUT_REACHED:
		return "terminated=timeout";
	case MHD_REQUEST_TERMINATED_DAEMON_SHUTDOWN:
		return "terminated=shutdown";
	case MHD_REQUEST_TERMINATED_READ_ERROR:
		return "terminated=read_error";
	case MHD_REQUEST_TERMINATED_CLIENT_ABORT:
		return "terminated=client_abort";
	}
	return "terminated=unknown";
}

/* One line per request (R9.8), written with one write(2) so that lines of
 * several threads never mix. */
static struct thread_state *thread_state(struct server *srv);

/* Writes a thread's buffered log lines; the caller holds its log_lock. */
static void flush_log(struct thread_state *t)
{
	if (t->log_used > 0 && write(t->srv->log_fd, t->log, t->log_used) < 0) {
		/* Nothing to do: the log is best effort. */
	}
	t->log_used = 0;
}

static void log_request(struct server *srv, struct MHD_Connection *conn,
                        const struct request *r, const char *extra)
{
	char line[1024], peer[INET6_ADDRSTRLEN];
	size_t n;
	struct thread_state *t;

	if (srv->log_fd < 0)
		return;
	t = thread_state(srv);
	peer_of(conn, peer, sizeof peer);
	n = a0l_access_line(line, sizeof line, peer,
	                    r->method[0] ? r->method : "-", r->target,
	                    r->target_len, r->status, r->outcome,
	                    r->decided ? &r->logged : NULL, extra,
	                    t != NULL ? &t->clock : NULL);
	if (t != NULL && t->log != NULL) {
		pthread_mutex_lock(&t->log_lock);
		if (t->log_used + n > srv->log_buffer)
			flush_log(t);
		memcpy(t->log + t->log_used, line, n);
		t->log_used += n;
		pthread_mutex_unlock(&t->log_lock);
	} else if (write(srv->log_fd, line, n) < 0) {
		/* Nothing to do: the log is best effort. */
	}
}

/* The main thread's tick: every thread's buffered lines written. */
static void flush_logs(struct server *srv)
{
	pthread_mutex_lock(&srv->threads_lock);
	for (size_t i = 0; i < A0L_SWAP_SLOTS; i++) {
		struct thread_state *t = srv->threads[i];

		if (t != NULL) {
			pthread_mutex_lock(&t->log_lock);
			flush_log(t);
			pthread_mutex_unlock(&t->log_lock);
		}
	}
	pthread_mutex_unlock(&srv->threads_lock);
}

/* MHD_OPTION_EXTERNAL_LOGGER: one line per message, prefixed, rate
 * limited; the number left out is reported with the next line written or
 * by the main thread's tick (flush_mhd_messages). */
static void on_mhd_message(void *cls, const char *fmt, va_list ap)
    A0L_PRINTF(2, 0);
static void on_mhd_message(void *cls, const char *fmt, va_list ap)
{
	struct mhd_log *l = cls;
	char msg[512];
	time_t now = time(NULL);
	size_t n;

	vsnprintf(msg, sizeof msg, fmt, ap);
	n = strlen(msg);
	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = '\0';
	pthread_mutex_lock(&l->lock);
	if (now != l->second) {
		l->second = now;
		l->lines = 0;
	}
	if (l->lines < MHD_LOG_PER_SECOND) {
		l->lines++;
		if (l->dropped > 0)
			fprintf(stderr,
			        PROG ": libmicrohttpd: %lu messages left "
			             "out\n",
			        l->dropped);
		l->dropped = 0;
		fprintf(stderr, PROG ": libmicrohttpd: %s\n", msg);
	} else {
		l->dropped++;
	}
	pthread_mutex_unlock(&l->lock);
}

/* Sends n bytes of buf on the non-blocking socket fd; waits at most
 * wait_ms for room each time the socket has none. */
static void send_all(int fd, const char *buf, size_t n, int wait_ms)
{
	size_t off = 0;

	while (off < n) {
		ssize_t w = send(fd, buf + off, n - off, MSG_NOSIGNAL);
		struct pollfd pfd = {fd, POLLOUT, 0};

		if (w > 0)
			off += (size_t)w;
		else if (!(w < 0 &&
		           (errno == EAGAIN || errno == EWOULDBLOCK ||
		            errno == EINTR) &&
		           wait_ms > 0 && poll(&pfd, 1, wait_ms) == 1))
			return;
	}
}

/* Writes answer a to the socket fd as a whole HTTP/1.1 response with
 * Content-Length and Connection: close, the body unless head_only. */
static void write_answer(int fd, const struct a0l_response *a, int head_only,
                         int wait_ms)
{
	char head[2048];
	size_t n;
	int len =
	    snprintf(head, sizeof head, "HTTP/1.1 %s\r\n", a->status_line);

	for (size_t i = 0; i <= a->n_headers && len > 0; i++) {
		n = (size_t)len;
		if (n >= sizeof head)
			return;
		len += i < a->n_headers
		           ? snprintf(head + n, sizeof head - n, "%s: %s\r\n",
		                      a->headers[i].name, a->headers[i].value)
		           : snprintf(head + n, sizeof head - n,
		                      "Content-Length: %zu\r\n"
		                      "Connection: close\r\n\r\n",
		                      a->body_len);
	}
	if (len <= 0 || (size_t)len >= sizeof head)
		return;
	send_all(fd, head, (size_t)len, wait_ms);
	if (!head_only)
		send_all(fd, a->body, a->body_len, wait_ms);
}

/* Once a second, from the main thread: the count of messages left out in
 * a past second, so that it never waits for the next message. */
static void flush_mhd_messages(struct mhd_log *l)
{
	time_t now = time(NULL);

	pthread_mutex_lock(&l->lock);
	if (l->dropped > 0 && now != l->second) {
		fprintf(stderr, PROG ": libmicrohttpd: %lu messages left out\n",
		        l->dropped);
		l->dropped = 0;
	}
	pthread_mutex_unlock(&l->lock);
}

/* The connections the server holds at once with n threads. */
static unsigned int connection_limit(unsigned int n)
{
	return n * PER_THREAD_CONNECTIONS < CONNECTION_LIMIT
	           ? n * PER_THREAD_CONNECTIONS
	           : CONNECTION_LIMIT;
}

/* ---- the request-head deadline (R9.6) --------------------------------- */

static long long now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec;
}

/* MHD_OPTION_NOTIFY_CONNECTION: a connection opened or is about to close
 * (libmicrohttpd calls this before it closes the socket). */
static void on_connection(void *cls, struct MHD_Connection *conn,
                          void **socket_context,
                          enum MHD_ConnectionNotificationCode code)
{
	struct watchdog *dog = cls;
	struct watch *w = *socket_context;

	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci = MHD_get_connection_info(
		    conn, MHD_CONNECTION_INFO_CONNECTION_FD);

		w = ci != NULL ? calloc(1, sizeof *w) : NULL;
		if (w == NULL)
			return; /* not watched; the inactivity timeout holds */
		w->fd = ci->connect_fd;
		atomic_init(&w->state, W_IDLE);
		atomic_init(&w->since, now_seconds());
		atomic_init(&w->sent_408, 0);
		pthread_mutex_lock(&dog->lock);
		w->next = dog->head;
		if (dog->head != NULL)
			dog->head->prev = w;
		dog->head = w;
		pthread_mutex_unlock(&dog->lock);
		*socket_context = w;
	} else if (w != NULL) {
		pthread_mutex_lock(&dog->lock);
		if (w->prev != NULL)
			w->prev->next = w->next;
		else
			dog->head = w->next;
		if (w->next != NULL)
			w->next->prev = w->prev;
		pthread_mutex_unlock(&dog->lock);
		free(w);
		*socket_context = NULL;
	}
}

static struct watch *watch_of(struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);

	return ci != NULL ? ci->socket_context : NULL;
}

/* Once a second, from the main thread: every head past its deadline gets
 * 408 (when its request line has come) and its connection is shut down;
 * libmicrohttpd then sees the end of the stream and closes it. */
static void expire_heads(struct server *srv)
{
	long long now = now_seconds();
	struct a0l_response a;
	int have_408 = 0;

	pthread_mutex_lock(&srv->dog.lock);
	for (struct watch *w = srv->dog.head; w != NULL; w = w->next) {
		int st = atomic_load(&w->state);

		if ((st != W_IDLE && st != W_HEAD) ||
		    now - atomic_load(&w->since) < HEAD_DEADLINE ||
		    !atomic_compare_exchange_strong(&w->state, &st, W_EXPIRED))
			continue;
		if (st == W_HEAD) {
			if (!have_408)
				a0l_response_refusal(
				    &srv->resp, 408,
				    "The request head did not arrive within "
				    "10 seconds.",
				    0, &a);
			have_408 = 1;
			write_answer(w->fd, &a, 0, 0);
			atomic_store(&w->sent_408, 1);
		}
		shutdown(w->fd, SHUT_RDWR);
	}
	pthread_mutex_unlock(&srv->dog.lock);
	if (have_408)
		a0l_response_free(&a);
}

/* ---- MHD callbacks ----------------------------------------------------- */

/* Called once per request with the target as the client sent it (as a C
 * string); the result becomes the request's con_cls. */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
	size_t n = strlen(uri);
	size_t keep = n < MAX_TARGET ? n : MAX_TARGET;
	struct request *r = malloc(sizeof *r + keep + 1);
	struct watch *w = watch_of(conn);
	int idle = W_IDLE;

	(void)cls;
	if (w != NULL)
		atomic_compare_exchange_strong(&w->state, &idle, W_HEAD);
	if (r != NULL) {
		memset(r, 0, sizeof *r);
		r->uri = uri;
		r->watch = w;
		r->outcome = "-";
		r->target_len = n;
		memcpy(r->target, uri, keep);
		r->target[keep] = '\0';
	}
	stop_argument_parsing(uri);
	return r;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
	struct server *srv = cls;
	struct request *r = *con_cls;
	struct watch *w = r != NULL ? r->watch : watch_of(conn);
	int busy = W_BUSY;

	/* The next head's deadline starts now. */
	if (w != NULL) {
		atomic_store(&w->since, now_seconds());
		atomic_compare_exchange_strong(&w->state, &busy, W_IDLE);
	}
	if (r == NULL)
		return;
	if (w != NULL && atomic_load(&w->sent_408) && r->status == 0) {
		r->status = 408; /* sent by expire_heads */
		r->outcome = "error";
		log_request(srv, conn, r, "terminated=head_deadline");
	} else {
		log_request(srv, conn, r, termination_name(toe));
	}
	free(r->body);
	free(r);
	*con_cls = NULL;
}

/* This thread's state, made on its first request; NULL when out of
 * memory or out of swap slots. */
static struct thread_state *thread_state(struct server *srv)
{
	struct thread_state *t = pthread_getspecific(srv->thread_key);

	if (t == NULL) {
		t = malloc(sizeof *t);
		if (t == NULL)
			return NULL;
		t->srv = srv;
		t->slot = a0l_swap_slot(&srv->config);
		memset(&t->clock, 0, sizeof t->clock);
		t->log = srv->log_buffer > 0 ? malloc(srv->log_buffer) : NULL;
		t->log_used = 0;
		t->reader = NULL;
		memset(&t->store, 0, sizeof t->store);
		if (srv->ss != NULL) {
			t->reader = auth0logout_swapstore_reader_new(srv->ss);
			if (t->reader != NULL)
				auth0logout_swapstore_reader_store(t->reader,
				                                   &t->store);
		}
		if (t->slot < 0 || (srv->log_buffer > 0 && t->log == NULL) ||
		    (srv->ss != NULL && t->reader == NULL) ||
		    pthread_setspecific(srv->thread_key, t) != 0) {
			auth0logout_swapstore_reader_free(t->reader);
			free(t->log);
			free(t);
			return NULL;
		}
		pthread_mutex_init(&t->log_lock, NULL);
		if (t->log != NULL) {
			pthread_mutex_lock(&srv->threads_lock);
			srv->threads[t->slot] = t;
			pthread_mutex_unlock(&srv->threads_lock);
		}
	}
	return t;
}

/* At a worker thread's end (libmicrohttpd's threads end in
 * MHD_stop_daemon, before the store is freed): its log lines written, its
 * reader and state freed. */
static void free_thread_state(void *p)
{
	struct thread_state *t = p;

	auth0logout_swapstore_reader_free(t->reader);
	if (t->log != NULL) {
		pthread_mutex_lock(&t->srv->threads_lock);
		t->srv->threads[t->slot] = NULL;
		pthread_mutex_unlock(&t->srv->threads_lock);
		flush_log(t);
		free(t->log);
	}
	pthread_mutex_destroy(&t->log_lock);
	free(t);
}

/* Queues response a; records what was sent in r for the log. */
static enum MHD_Result send_response(struct MHD_Connection *conn,
                                     struct request *r,
                                     const struct a0l_response *a)
{
	struct MHD_Response *resp;
	enum MHD_Result ok = MHD_YES;

	resp = MHD_create_response_from_buffer(
	    a->body_len, (void *)(uintptr_t)a->body, MHD_RESPMEM_MUST_COPY);
	if (resp == NULL)
		return MHD_NO;
	for (size_t i = 0; i < a->n_headers && ok == MHD_YES; i++)
		ok = MHD_add_response_header(resp, a->headers[i].name,
		                             a->headers[i].value);
	if (ok == MHD_YES)
		ok = MHD_queue_response(conn, (unsigned int)a->status, resp);
	MHD_destroy_response(resp);
	if (ok == MHD_YES && r != NULL) {
		r->status = a->status;
		r->outcome = a->outcome;
	}
	return ok;
}

/* The request's Accept names application/json. */
static int wants_json(struct MHD_Connection *conn)
{
	return a0l_accept_json(MHD_lookup_connection_value(
	    conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT));
}

/* An answer of the server's own (R9.1: the same headers and page); a 405
 * carries Allow: allow. */
static enum MHD_Result refuse_allow(const struct server *srv,
                                    struct MHD_Connection *conn,
                                    struct request *r, int status,
                                    const char *description, const char *allow)
{
	struct a0l_response a;
	enum MHD_Result ok;

	a0l_response_refusal_allow(&srv->resp, status, description,
	                           wants_json(conn), allow, &a);
	ok = send_response(conn, r, &a);
	a0l_response_free(&a);
	return ok;
}

static enum MHD_Result refuse(const struct server *srv,
                              struct MHD_Connection *conn, struct request *r,
                              int status, const char *description)
{
	return refuse_allow(srv, conn, r, status, description, "GET, HEAD");
}

/* A refusal written to the socket by the server itself, then the
 * connection closed.  libmicrohttpd 0.9.75 builds a response's header in
 * what is left of the connection's pool after the request head; a head
 * past the limits may leave too little, and the client would get nothing
 * at all.  The same status, headers and page as refuse(), with
 * Content-Length and Connection: close; no body for HEAD.  The socket is
 * fresh from reading the head: its send buffer has room (at most a
 * second's wait otherwise). */
static enum MHD_Result refuse_direct(const struct server *srv,
                                     struct MHD_Connection *conn,
                                     struct request *r, int status,
                                     const char *description)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
	struct a0l_response a;

	if (ci == NULL)
		return MHD_NO;
	a0l_response_refusal(
	    &srv->resp, status, description,
	    a0l_accept_json(MHD_lookup_connection_value(
	        conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT)),
	    &a);
	write_answer(ci->connect_fd, &a,
	             strcmp(r->method, MHD_HTTP_METHOD_HEAD) == 0, 1000);
	r->status = a.status;
	r->outcome = a.outcome;
	a0l_response_free(&a);
	return MHD_NO; /* libmicrohttpd closes the connection */
}

/* Counts the header fields and their bytes (names and values). */
static enum MHD_Result count_header(void *cls, enum MHD_ValueKind kind,
                                    const char *name, const char *value)
{
	size_t *c = cls;

	(void)kind;
	c[0]++;
	c[1] += strlen(name) + (value != NULL ? strlen(value) : 0);
	return MHD_YES;
}

/* Whether the header fields are within MAX_HEADER_FIELDS and
 * MAX_HEADER_BYTES. */
static int headers_ok(struct MHD_Connection *conn)
{
	size_t c[2] = {0, 0};

	MHD_get_connection_values(conn, MHD_HEADER_KIND, count_header, c);
	return c[0] <= MAX_HEADER_FIELDS && c[1] <= MAX_HEADER_BYTES;
}

/* What the request's path names: origin form or, per RFC 9112 3.2.2,
 * absolute form (R9.5). */
static enum a0l_route route_of(const struct request *r)
{
	const char *path;
	size_t n;

	a0l_target_path(r->target, r->target_len, &path, &n);
	return a0l_route_of(path, n, 0);
}

/* Whether the request's path is /healthz, the server's own route (the
 * other adapters have none). */
static int is_health(const struct request *r)
{
	const char *path;
	size_t n;

	a0l_target_path(r->target, r->target_len, &path, &n);
	return n == sizeof HEALTH_PATH - 1 &&
	       memcmp(path, HEALTH_PATH, sizeof HEALTH_PATH - 1) == 0;
}

/* Whether the request came over https: the server speaks plain HTTP, so
 * only a TLS-terminating proxy's X-Forwarded-Proto can say so.  It picks
 * the consent cookie's name and Secure attribute; a client that lies gets
 * a cookie its browser will not send back over http. */
static int over_https(struct MHD_Connection *conn)
{
	return a0l_proto_https(MHD_lookup_connection_value(
	    conn, MHD_HEADER_KIND, "X-Forwarded-Proto"));
}

/* The first call for a POST: the media type (415), then the length (411,
 * 413 from Content-Length, before any of the body is read). */
static enum MHD_Result accept_post(const struct server *srv,
                                   struct MHD_Connection *conn,
                                   struct request *r, size_t limit)
{
	const char *cl = MHD_lookup_connection_value(
	    conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
	const char *te = MHD_lookup_connection_value(
	    conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_TRANSFER_ENCODING);
	unsigned long long n = 0;

	if (!a0l_content_type_form(MHD_lookup_connection_value(
	        conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE)))
		return refuse(srv, conn, r, 415,
		              "The request body must be "
		              "application/x-www-form-urlencoded.");
	if (cl == NULL && te == NULL)
		return refuse(srv, conn, r, 411,
		              "A POST must give the length of its body "
		              "(Content-Length).");
	if (cl != NULL) {
		/* libmicrohttpd has refused a Content-Length that is not a
		 * number; the digits are counted again here, bounded. */
		for (size_t i = 0; cl[i] >= '0' && cl[i] <= '9'; i++)
			n = n > limit ? n : n * 10 + (unsigned)(cl[i] - '0');
		if (n > limit)
			return refuse(srv, conn, r, 413,
			              limit == AUTH0LOGOUT_MAX_QUERY
			                  ? "The request body is larger than "
			                    "16 KiB."
			                  : "The request body is larger than a "
			                    "logout confirmation can be.");
	}
	r->post = 1;
	r->limit = limit;
	if (n > 0) {
		r->body = malloc((size_t)n);
		if (r->body == NULL)
			return refuse(srv, conn, r, 500, "");
		r->body_cap = (size_t)n;
	}
	return MHD_YES;
}

/* A piece of a POST's body: kept up to the limit, dropped past it.
 * MHD_NO closes the connection (out of memory, or DISCARD_LIMIT). */
static enum MHD_Result take_body(struct request *r, const char *data, size_t n)
{
	if (r->over || n > r->limit - r->body_len) {
		r->over = 1;
		r->dropped += n;
		return r->dropped > DISCARD_LIMIT ? MHD_NO : MHD_YES;
	}
	if (r->body_len + n > r->body_cap) {
		size_t cap = r->body_cap > 0 ? r->body_cap : 4096;
		char *p;

		while (cap < r->body_len + n)
			cap *= 2;
		if (cap > r->limit)
			cap = r->limit;
		p = realloc(r->body, cap);
		if (p == NULL)
			return MHD_NO;
		r->body = p;
		r->body_cap = cap;
	}
	memcpy(r->body + r->body_len, data, n);
	r->body_len += n;
	return MHD_YES;
}

/* Records the decision's list and client_id for the log (its strings
 * live in the thread's buffer, which the next decision reuses). */
static void keep_for_log(struct request *r, const auth0logout_decision *d)
{
	r->decided = 1;
	r->logged.list = d->list;
	if (d->client_id != NULL &&
	    d->client_id_len <= AUTH0LOGOUT_MAX_CLIENT_ID) {
		memcpy(r->client_id, d->client_id, d->client_id_len);
		r->logged.client_id = r->client_id;
		r->logged.client_id_len = d->client_id_len;
	}
}

/* R9.2: the cause of a 500 goes to the log, never to the client. */
static void log_server_error(const auth0logout_decision *d)
{
	if (d->outcome == AUTH0LOGOUT_OUTCOME_ERROR && d->http_status >= 500)
		fprintf(stderr, PROG ": server error: %s\n",
		        d->error_description != NULL
		            ? d->error_description
		            : auth0logout_status_message((int)d->status));
}

/* GET /v2/logout: the whole target goes to the library, which reads the
 * query between its first '?' and first '#' (R1.1), whatever the form. */
static enum MHD_Result serve_v2(struct server *srv, struct MHD_Connection *conn,
                                struct request *r, struct thread_state *t,
                                const auth0logout_store *store)
{
	struct a0l_response a;
	auth0logout_decision d;
	enum MHD_Result ok;

	/* R10.4: a store that has never loaded fails every request. */
	if (a0l_swapstore_unloaded(srv->ss))
		a0l_decision_unloaded(&d);
	else
		auth0logout_decide_query(store, r->target, r->target_len,
		                         t->buf, AUTH0LOGOUT_DECIDE_BUFFER_SIZE,
		                         &d);
	a0l_response_decision(&srv->resp, &d, wants_json(conn), &a);
	keep_for_log(r, &d);
	ok = send_response(conn, r, &a);
	a0l_response_free(&a);
	return ok;
}

/* The env of this request: the config's, with the browser session's sid
 * from --sid-cookie (R8.7). */
static void request_env(const struct server *srv, struct MHD_Connection *conn,
                        const struct config *cfg, auth0logout_oidc_env *env)
{
	const char *sid;
	size_t n;

	*env = cfg->env;
	if (srv->sid_cookie != NULL &&
	    a0l_cookie_value(MHD_lookup_connection_value(
	                         conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_COOKIE),
	                     srv->sid_cookie, &sid, &n) &&
	    n > 0) {
		env->session_sid = sid;
		env->session_sid_len = n;
	}
}

static const char body_bytes[] = "The request body contains a control byte, "
                                 "a space or a non-ASCII byte.";

/* GET or POST /oidc/logout (R8): the decision, or the consent page. */
static enum MHD_Result serve_oidc(struct server *srv,
                                  struct MHD_Connection *conn,
                                  struct request *r, struct thread_state *t,
                                  const struct config *cfg,
                                  const auth0logout_store *store)
{
	struct a0l_response a;
	auth0logout_decision d;
	auth0logout_oidc_env env;
	enum MHD_Result ok;
	const char *input =
	    r->post ? (r->body != NULL ? r->body : "") : r->target;
	size_t len = r->post ? r->body_len : r->target_len;

	/* R9.4 for a body: what a form sends is printable ASCII, and only
	 * that can come back through the consent page unchanged. */
	if (r->post && len > 0 && !a0l_target_ok(input, len))
		return refuse(srv, conn, r, 400, body_bytes);
	request_env(srv, conn, cfg, &env);
	if (a0l_swapstore_unloaded(srv->ss))
		a0l_decision_unloaded(&d); /* R10.4 */
	else
		auth0logout_decide_oidc_query(
		    store, &env, input, len,
		    r->post ? AUTH0LOGOUT_OIDC_FORM : 0, t->oidc_buf,
		    AUTH0LOGOUT_OIDC_BUFFER_SIZE, &d);
	keep_for_log(r, &d);
	log_server_error(&d);
	if (d.outcome != AUTH0LOGOUT_OUTCOME_ERROR && d.confirm) {
		/* R8.7: nothing is done yet.  The form carries the request
		 * as the library read it: a POST's body, or a GET's query
		 * (between the target's first '?' and first '#'). */
		struct a0l_consent c;
		struct a0l_consent_page page;
		const char *q = input;
		size_t qn = len;

		if (!r->post) {
			const char *mark = memchr(input, '?', len);

			qn = 0;
			q = input + len;
			if (mark != NULL) {
				q = mark + 1;
				while (q + qn < input + len && q[qn] != '#')
					qn++;
			}
		}
		if (a0l_consent_issue(q, qn, r->post, over_https(conn),
		                      (long long)time(NULL), &c) != 0) {
			fprintf(stderr, PROG ": server error: no random "
			                     "bytes for a consent page\n");
			return refuse(srv, conn, r, 500, "");
		}
		page.action = CONFIRM_PATH;
		page.request = q;
		page.request_len = qn;
		page.form = r->post;
		page.token = c.token;
		page.set_cookie = c.set_cookie;
		a0l_response_consent(&srv->resp, &d, &page, &a);
	} else {
		a0l_response_decision(&srv->resp, &d, wants_json(conn), &a);
	}
	ok = send_response(conn, r, &a);
	a0l_response_free(&a);
	return ok;
}

/* POST /oidc/logout/confirm (R8.7): the confirmation of a consent page,
 * proven by its token and cookie (else 403); then the same request
 * decided again and acted on. */
static enum MHD_Result serve_confirm(struct server *srv,
                                     struct MHD_Connection *conn,
                                     struct request *r, struct thread_state *t,
                                     const struct config *cfg,
                                     const auth0logout_store *store)
{
	struct a0l_consent_form f;
	struct a0l_response a;
	auth0logout_decision d;
	auth0logout_oidc_env env;
	enum MHD_Result ok;
	char *scratch, *target = NULL;
	const char *input;
	size_t len;
	int https = over_https(conn), rc;

	scratch = malloc(r->body_len + 1);
	if (scratch == NULL)
		return refuse(srv, conn, r, 500, "");
	rc = a0l_consent_form_parse(r->body != NULL ? r->body : "", r->body_len,
	                            scratch, r->body_len + 1, &f);
	if (rc != 0 || f.request_len > AUTH0LOGOUT_MAX_QUERY ||
	    (f.request_len > 0 && !a0l_target_ok(f.request, f.request_len)))
		rc = A0L_CONSENT_MALFORMED;
	else
		rc = a0l_consent_verify(
		    MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
		                                MHD_HTTP_HEADER_COOKIE),
		    https, &f, (long long)time(NULL));
	if (rc != A0L_CONSENT_OK) {
		free(scratch);
		return refuse(srv, conn, r, 403, a0l_consent_message(rc));
	}
	/* A GET's query is decided as the query of a target, as it was. */
	if (f.form) {
		input = f.request;
		len = f.request_len;
	} else {
		target = malloc(f.request_len + 2);
		if (target == NULL) {
			free(scratch);
			return refuse(srv, conn, r, 500, "");
		}
		memcpy(target, "/?", 2);
		memcpy(target + 2, f.request, f.request_len);
		input = target;
		len = f.request_len + 2;
	}
	request_env(srv, conn, cfg, &env);
	if (a0l_swapstore_unloaded(srv->ss))
		a0l_decision_unloaded(&d); /* R10.4 */
	else
		auth0logout_decide_oidc_query(
		    store, &env, input, len, f.form ? AUTH0LOGOUT_OIDC_FORM : 0,
		    t->oidc_buf, AUTH0LOGOUT_OIDC_BUFFER_SIZE, &d);
	free(target);
	free(scratch);
	keep_for_log(r, &d);
	log_server_error(&d);
	/* Confirmed: acted on as if no consent were asked. */
	a0l_response_decision(&srv->resp, &d, wants_json(conn), &a);
	a0l_response_add_header(&a, "Set-Cookie",
	                        a0l_consent_clear_cookie(https));
	ok = send_response(conn, r, &a);
	a0l_response_free(&a);
	return ok;
}

/* GET /.well-known/openid-configuration and /.well-known/jwks.json
 * (R8.11), when the config has an issuer. */
static enum MHD_Result serve_document(struct server *srv,
                                      struct MHD_Connection *conn,
                                      struct request *r,
                                      const struct config *cfg)
{
	struct a0l_response a;
	enum MHD_Result ok;
	const char *doc = NULL;

	if (auth0logout_config_oidc_issuer(cfg->oidc) != NULL)
		doc = r->route == A0L_ROUTE_DISCOVERY
		          ? auth0logout_config_oidc_discovery(cfg->oidc)
		          : auth0logout_config_oidc_jwks(cfg->oidc);
	if (doc == NULL)
		return refuse(srv, conn, r, 404,
		              r->route == A0L_ROUTE_DISCOVERY
		                  ? "There is nothing here; no OpenID Connect "
		                    "issuer is configured."
		                  : "There is nothing here; no OpenID Connect "
		                    "issuer or JWKS is configured.");
	a0l_response_document(doc, &a);
	ok = send_response(conn, r, &a);
	a0l_response_free(&a);
	return ok;
}

/* Room for the JSON /healthz answers: the loader's health with its last
 * error (511 bytes, each escaped as 3 bytes at most). */
#define HEALTH_JSON_SIZE 8192

/* GET /healthz: the allow-lists' state as one JSON object, never cached.
 * --store: the loader's health (auth0logout_pg_health_json); 200 once a
 * snapshot is loaded, 503 before.  --config: 200
 * {"store":"file","loaded":true,"version":N,"clients":N,
 * "last_reload_failed":B}, version counting the configs loaded (1, then
 * one per SIGHUP that loaded). */
static enum MHD_Result serve_health(struct server *srv,
                                    struct MHD_Connection *conn,
                                    struct request *r, const struct config *cfg)
{
	struct a0l_response a;
	char json[HEALTH_JSON_SIZE];
	int loaded = 1;

	if (srv->pg != NULL) {
		auth0logout_pg_health h;

		auth0logout_pg_health_get(srv->pg, &h);
		if (auth0logout_pg_health_json(&h, json, sizeof json) == 0)
			return refuse(srv, conn, r, 500, "");
		loaded = h.loaded != 0;
	} else {
		snprintf(json, sizeof json,
		         "{\"store\":\"file\",\"loaded\":true,\"version\":%lu,"
		         "\"clients\":%zu,\"last_reload_failed\":%s}",
		         atomic_load(&srv->config_version),
		         auth0logout_memstore_client_count(cfg->ms),
		         atomic_load(&srv->reload_failed) ? "true" : "false");
	}
	a0l_response_health(&a, loaded, json, strlen(json));
	return send_response(conn, r, &a);
}

/* The first call, once the target is known good: the method for the
 * route (405), and for a POST its type and length. */
static enum MHD_Result accept_request(const struct server *srv,
                                      struct MHD_Connection *conn,
                                      struct request *r, const char *method)
{
	int get = strcmp(method, MHD_HTTP_METHOD_GET) == 0;
	int head = strcmp(method, MHD_HTTP_METHOD_HEAD) == 0;
	int post = strcmp(method, MHD_HTTP_METHOD_POST) == 0;

	switch (r->route) {
	case A0L_ROUTE_OIDC:
		if (post)
			return accept_post(srv, conn, r, AUTH0LOGOUT_MAX_QUERY);
		if (!get)
			return refuse_allow(srv, conn, r, 405,
			                    "Only GET and POST are served "
			                    "on " OIDC_PATH ".",
			                    "GET, POST");
		return MHD_YES;
	case A0L_ROUTE_CONFIRM:
		if (post)
			return accept_post(srv, conn, r, A0L_CONSENT_BODY_MAX);
		return refuse_allow(srv, conn, r, 405,
		                    "Only POST is served on " CONFIRM_PATH ".",
		                    "POST");
	default:
		if (!get && !head)
			return refuse(srv, conn, r, 405,
			              "Only GET and HEAD are served.");
		return MHD_YES;
	}
}

/* MHD calls this at least twice per request: first when the headers are
 * in, then for each piece of body, then once more with *upload_size 0.
 * Refusals are sent on the first call (MHD then skips any body and closes
 * the connection); a decision on the last call, so that the connection
 * can be kept alive. */
static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn,
                                  const char *url, const char *method,
                                  const char *version, const char *upload,
                                  size_t *upload_size, void **con_cls)
{
	struct server *srv = cls;
	struct request *r = *con_cls;
	struct thread_state *t;
	struct config *cfg;
	const auth0logout_store *store;
	enum MHD_Result ok;
	size_t i;

	(void)url;     /* decoded by MHD: the raw target decides */
	if (r == NULL) /* the URI log callback ran out of memory */
		return refuse(srv, conn, NULL, 500, "");
	if (r->method[0] == '\0') {
		/* The first call: the head is complete, unless the watchdog
		 * has already closed the connection. */
		struct watch *w = r->watch;
		/* The target's real length: version points past it in the
		 * same line (see the top of this file). */
		size_t real = version > r->uri && version - r->uri <= 65536
		                  ? (size_t)(version - r->uri) - 1
		                  : r->target_len;

		for (i = 0; i + 1 < sizeof r->method && method[i] != '\0'; i++)
			r->method[i] = method[i];
		r->method[i] = '\0';
		if (w != NULL &&
		    atomic_exchange(&w->state, W_BUSY) == W_EXPIRED) {
			atomic_store(&w->state, W_EXPIRED);
			return MHD_NO;
		}
		/* Past the limits the head may fill the connection's pool,
		 * and libmicrohttpd could not build an answer: written
		 * directly (see refuse_direct). */
		if (real > MAX_TARGET || r->target_len > MAX_TARGET)
			return refuse_direct(srv, conn, r, 414,
			                     "The request target is longer "
			                     "than 17 KiB.");
		if (!headers_ok(conn))
			return refuse_direct(srv, conn, r, 431,
			                     "The request has more than 100 "
			                     "header fields or more than 8 "
			                     "KiB of them.");
		if (real != r->target_len ||
		    !a0l_target_ok(r->target, r->target_len))
			return refuse(srv, conn, r, 400,
			              "The request target contains a control "
			              "byte, a space or a non-ASCII byte.");
		r->route = route_of(r);
		r->health = r->route == A0L_ROUTE_NONE && is_health(r);
		if (r->route == A0L_ROUTE_NONE && !r->health)
			return refuse(srv, conn, r, 404,
			              "There is nothing here; the logout "
			              "endpoint is " LOGOUT_PATH ".");
		return accept_request(srv, conn, r, method);
	}
	if (*upload_size != 0) {
		/* A POST's body is kept; a body on a GET or HEAD, or after
		 * an early answer, is dropped. */
		ok = MHD_YES;
		if (r->post && r->status == 0)
			ok = take_body(r, upload, *upload_size);
		*upload_size = 0;
		return ok;
	}
	if (r->status != 0)
		return MHD_YES;
	if (r->over)
		return refuse(srv, conn, r, 413,
		              r->limit == AUTH0LOGOUT_MAX_QUERY
		                  ? "The request body is larger than 16 KiB."
		                  : "The request body is larger than a logout "
		                    "confirmation can be.");

	t = thread_state(srv);
	if (t == NULL)
		return refuse(srv, conn, r, 500, "");
	cfg = a0l_swap_acquire(&srv->config, t->slot);
	/* --store: this thread's reader; --config: the config's store. */
	store = t->reader != NULL ? &t->store : &cfg->store;
	switch (r->route) {
	case A0L_ROUTE_OIDC:
		ok = serve_oidc(srv, conn, r, t, cfg, store);
		break;
	case A0L_ROUTE_CONFIRM:
		ok = serve_confirm(srv, conn, r, t, cfg, store);
		break;
	case A0L_ROUTE_DISCOVERY:
	case A0L_ROUTE_JWKS:
		ok = serve_document(srv, conn, r, cfg);
		break;
	default:
		ok = r->health ? serve_health(srv, conn, r, cfg)
		               : serve_v2(srv, conn, r, t, store);
		break;
	}
	a0l_swap_release(&srv->config, t->slot);
	return ok;
}

/* ---- start-up ---------------------------------------------------------- */

struct options {
	const char *config;
	const char *store;              /* --store CONNINFO, or NULL */
	const char *tenant;             /* --tenant ID, with --store */
	auth0logout_config_options cfg; /* its defines are defines */
	const char **defines;           /* room for argc */
	const char *listen;
	const char *cookie;
	const char *sid_cookie;
	const char *ready_file;
	const char *access_log;
	unsigned int threads;
	unsigned int per_ip;
	size_t log_buffer;
	long max_token_age; /* --max-token-age SECONDS, or 0: none (R8.10) */
	int hints;
};

static int usage_error(const char *fmt, ...) A0L_PRINTF(1, 2);

/* Reports a usage error on one line; returns EXIT_USAGE. */
static int usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs(PROG ": ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs(" (see '" PROG " --help')\n", stderr);
	return EXIT_USAGE;
}

/* --define KEY=VALUE and --client-id-from name (or --NAME=VALUE) at
 * argv[*i], into opt.  Returns 0 when argv[*i] is neither, 1 when taken,
 * EXIT_USAGE after a usage error (reported). */
static int config_option(int argc, char **argv, int *i, struct options *opt)
{
	static const char *const names[] = {"--define", "--client-id-from"};
	const char *arg = argv[*i], *value;
	size_t k, n = 0;

	for (k = 0; k < 2; k++) {
		n = strlen(names[k]);
		if (strncmp(arg, names[k], n) == 0 &&
		    (arg[n] == '\0' || arg[n] == '='))
			break;
	}
	if (k == 2)
		return 0;
	if (arg[n] == '=')
		value = arg + n + 1;
	else if (*i + 1 < argc)
		value = argv[++*i];
	else
		return usage_error("%s needs a value", names[k]);
	if (k == 1) {
		if (strcmp(value, "name") != 0)
			return usage_error("--client-id-from: \"%s\": only "
			                   "\"name\" is accepted",
			                   value);
		opt->cfg.flags |= AUTH0LOGOUT_CONFIG_CLIENT_ID_FROM_NAME;
		return 1;
	}
	if (auth0logout_config_define_check(value, strlen(value)) !=
	    AUTH0LOGOUT_OK)
		return usage_error("--define: \"%s\" is not KEY=VALUE (KEY: "
		                   "letters, digits and _)",
		                   value);
	opt->defines[opt->cfg.n_defines++] = value;
	return 1;
}

/* R8.10: the longest --max-token-age, a year. */
#define MAX_TOKEN_AGE 31536000ul

/* A whole number from 1 to max, or 0. */
static unsigned long number(const char *s, unsigned long max)
{
	char *end;
	unsigned long n;

	errno = 0;
	n = strtoul(s, &end, 10);
	if (s[0] < '0' || s[0] > '9' || *end != '\0' || errno != 0 || n < 1 ||
	    n > max)
		return 0;
	return n;
}

/* The checks of --store and --tenant, once both are known: 0, or
 * EXIT_USAGE (reported).  The connection string itself is libpq's to
 * judge: one it cannot parse is a usage error of store_new; one that
 * does not connect is the loader's logged error, as a database that is
 * down (the server runs, fails closed and retries). */
static int store_options(const struct options *opt)
{
	if (opt->store[0] == '\0')
		return usage_error("--store: the connection string is empty "
		                   "(give postgresql://... or \"host=... "
		                   "dbname=...\"; \"postgresql://\" takes "
		                   "everything from the PG* variables)");
	if (opt->tenant == NULL)
		return usage_error(
		    "--store needs --tenant ID (the tenant whose "
		    "allow-lists to serve)");
	if (opt->tenant[0] == '\0')
		return usage_error("--tenant: the tenant id is empty");
	for (const char *c = opt->tenant; *c != '\0'; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7F)
			return usage_error("--tenant: the tenant id contains "
			                   "a control character");
	if (opt->cfg.n_defines > 0 ||
	    (opt->cfg.flags & AUTH0LOGOUT_CONFIG_CLIENT_ID_FROM_NAME) != 0)
		return usage_error("--define and --client-id-from apply to "
		                   "--config only: --store serves the objects "
		                   "as stored (use them with 'auth0logout "
		                   "import')");
	return 0;
}

/* Returns -1 after --help or --version, 0 when parsed, else EXIT_USAGE
 * (reported). */
static int parse_options(int argc, char **argv, struct options *opt)
{
	static const char *const names[] = {
	    "--config",     "--listen",        "--threads",      "--cookie",
	    "--ready-file", "--access-log",    "--per-ip-limit", "--log-buffer",
	    "--sid-cookie", "--max-token-age", "--store",        "--tenant"};
	const char **slots[] = {&opt->config,
	                        &opt->listen,
	                        NULL,
	                        &opt->cookie,
	                        &opt->ready_file,
	                        &opt->access_log,
	                        NULL,
	                        NULL,
	                        &opt->sid_cookie,
	                        NULL,
	                        &opt->store,
	                        &opt->tenant};
	const char *threads = NULL, *per_ip = NULL, *log_buffer = NULL,
	           *max_age = NULL;
	int rc;

	memset(&opt->cfg, 0, sizeof opt->cfg);
	opt->cfg.defines = opt->defines;
	opt->cfg.flags = AUTH0LOGOUT_CONFIG_ENVIRONMENT;
	opt->config = NULL;
	opt->store = NULL;
	opt->tenant = NULL;
	opt->listen = DEFAULT_LISTEN;
	opt->cookie = A0L_DEFAULT_COOKIE;
	opt->sid_cookie = NULL;
	opt->ready_file = NULL;
	opt->access_log = NULL;
	opt->threads = DEFAULT_THREADS;
	opt->per_ip = DEFAULT_PER_IP;
	opt->hints = 0;
	slots[2] = &threads;
	slots[6] = &per_ip;
	slots[7] = &log_buffer;
	slots[9] = &max_age;
	opt->log_buffer = 0;
	opt->max_token_age = 0;

	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i], *value = NULL;
		size_t k, nlen;

		if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
			fputs(usage_text, stdout);
			return -1;
		}
		if (strcmp(arg, "--version") == 0) {
			printf(PROG " %s\n", auth0logout_version());
			return -1;
		}
		if (strcmp(arg, "--hints") == 0) {
			opt->hints = 1;
			continue;
		}
		rc = config_option(argc, argv, &i, opt);
		if (rc == EXIT_USAGE)
			return rc;
		if (rc != 0)
			continue;
		for (k = 0; k < sizeof names / sizeof names[0]; k++) {
			nlen = strlen(names[k]);
			if (strncmp(arg, names[k], nlen) != 0)
				continue;
			if (arg[nlen] == '=') {
				value = arg + nlen + 1;
				break;
			}
			if (arg[nlen] == '\0') {
				if (i + 1 >= argc)
					return usage_error("%s needs a value",
					                   arg);
				value = argv[++i];
				break;
			}
		}
		if (k == sizeof names / sizeof names[0])
			return usage_error(arg[0] == '-'
			                       ? "unknown option %s"
			                       : "unexpected argument %s",
			                   arg);
		*slots[k] = value;
	}
	if (opt->config != NULL && opt->store != NULL)
		return usage_error("--config and --store cannot be used "
		                   "together: the allow-lists come from a file "
		                   "or from PostgreSQL");
	if (opt->config == NULL && opt->store == NULL)
		return usage_error("%s is required",
		                   "--config FILE (or --store CONNINFO)");
	if (opt->store != NULL) {
		rc = store_options(opt);
		if (rc != 0)
			return rc;
	} else if (opt->tenant != NULL) {
		return usage_error("--tenant needs --store (it names a tenant "
		                   "in the database; a --config file has one)");
	}
	if (!a0l_cookie_name_ok(opt->cookie))
		return usage_error("--cookie: \"%s\" is not a cookie name (an "
		                   "RFC 6265 token: no spaces, separators or "
		                   "control characters)",
		                   opt->cookie);
	if (opt->sid_cookie != NULL && !a0l_cookie_name_ok(opt->sid_cookie))
		return usage_error("--sid-cookie: \"%s\" is not a cookie name "
		                   "(an RFC 6265 token: no spaces, separators "
		                   "or control characters)",
		                   opt->sid_cookie);
	if (max_age != NULL) {
		opt->max_token_age = (long)number(max_age, MAX_TOKEN_AGE);
		if (opt->max_token_age == 0)
			return usage_error("--max-token-age: \"%s\" is not a "
			                   "number of seconds from 1 to "
			                   "31536000",
			                   max_age);
	}
	if (threads != NULL) {
		opt->threads = (unsigned int)number(threads, MAX_THREADS);
		if (opt->threads == 0)
			return usage_error("--threads: \"%s\" is not a number "
			                   "from 1 to 256",
			                   threads);
	}
	if (log_buffer != NULL) {
		if (strcmp(log_buffer, "0") == 0)
			opt->log_buffer = 0;
		else if ((opt->log_buffer =
		              number(log_buffer, MAX_LOG_BUFFER)) < 1024)
			return usage_error("--log-buffer: \"%s\" is not 0 or a "
			                   "number of bytes from 1024 to "
			                   "1048576",
			                   log_buffer);
	}
	if (per_ip != NULL) {
		opt->per_ip = (unsigned int)number(per_ip, MAX_PER_IP);
		if (opt->per_ip == 0)
			return usage_error("--per-ip-limit: \"%s\" is not a "
			                   "number from 1 to 1000",
			                   per_ip);
	}
	return 0;
}

/* Parses HOST:PORT (IPv4 literal, or [IPv6 literal]) into *ss. */
static int parse_listen(const char *s, struct sockaddr_storage *ss,
                        socklen_t *sslen)
{
	char host[INET6_ADDRSTRLEN + 1];
	const char *port, *end;
	size_t hlen;
	unsigned long p = 0;

	memset(ss, 0, sizeof *ss);
	if (s[0] == '[') {
		end = strchr(s, ']');
		if (end == NULL || end[1] != ':')
			return -1;
		hlen = (size_t)(end - s - 1);
		if (hlen >= sizeof host)
			return -1;
		memcpy(host, s + 1, hlen);
		port = end + 2;
	} else {
		end = strchr(s, ':');
		if (end == NULL || strchr(end + 1, ':') != NULL)
			return -1;
		hlen = (size_t)(end - s);
		if (hlen >= sizeof host)
			return -1;
		memcpy(host, s, hlen);
		port = end + 1;
	}
	host[hlen] = '\0';
	if (port[0] == '\0' || strlen(port) > 5)
		return -1;
	for (const char *c = port; *c != '\0'; c++) {
		if (*c < '0' || *c > '9')
			return -1;
		p = p * 10 + (unsigned long)(*c - '0');
	}
	if (p > 65535)
		return -1;
	if (s[0] == '[') {
		struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)(void *)ss;
		if (inet_pton(AF_INET6, host, &a6->sin6_addr) != 1)
			return -1;
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons((uint16_t)p);
		*sslen = sizeof *a6;
	} else {
		struct sockaddr_in *a4 = (struct sockaddr_in *)(void *)ss;
		if (inet_pton(AF_INET, host, &a4->sin_addr) != 1)
			return -1;
		a4->sin_family = AF_INET;
		a4->sin_port = htons((uint16_t)p);
		*sslen = sizeof *a4;
	}
	return 0;
}

/* Opens a non-blocking listening socket on ss; -1 with errno set. */
static int open_listener(const struct sockaddr_storage *ss, socklen_t len)
{
	int one = 1, fd, e, flags;

	fd = socket(ss->ss_family, SOCK_STREAM, 0);
	if (fd < 0)
		return -1;
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
	    (ss->ss_family == AF_INET6 &&
	     setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one) !=
	         0) ||
	    bind(fd, (const struct sockaddr *)(const void *)ss, len) != 0 ||
	    listen(fd, SOMAXCONN) != 0 || (flags = fcntl(fd, F_GETFL)) < 0 ||
	    fcntl(fd, F_SETFL, flags | O_NONBLOCK) != 0 ||
	    fcntl(fd, F_SETFD, FD_CLOEXEC) != 0) {
		e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

/* The address fd is bound to, as HOST:PORT ([HOST]:PORT for IPv6). */
static int bound_address(int fd, char *out, size_t outlen)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;
	char host[INET6_ADDRSTRLEN];

	if (getsockname(fd, (struct sockaddr *)(void *)&ss, &len) != 0)
		return -1;
	if (ss.ss_family == AF_INET6) {
		const struct sockaddr_in6 *a6 =
		    (const struct sockaddr_in6 *)(const void *)&ss;
		if (inet_ntop(AF_INET6, &a6->sin6_addr, host, sizeof host) ==
		    NULL)
			return -1;
		snprintf(out, outlen, "[%s]:%u", host,
		         (unsigned)ntohs(a6->sin6_port));
	} else {
		const struct sockaddr_in *a4 =
		    (const struct sockaddr_in *)(const void *)&ss;
		if (inet_ntop(AF_INET, &a4->sin_addr, host, sizeof host) ==
		    NULL)
			return -1;
		snprintf(out, outlen, "%s:%u", host,
		         (unsigned)ntohs(a4->sin_port));
	}
	return 0;
}

/* Writes text and a newline to path, through a temporary file and rename
 * so that a reader never sees it half written. */
static int write_ready_file(const char *path, const char *text)
{
	size_t n = strlen(path) + 8;
	char *tmp = malloc(n);
	FILE *f;
	int ok;

	if (tmp == NULL)
		return -1;
	snprintf(tmp, n, "%s.tmp", path);
	f = fopen(tmp, "w");
	if (f == NULL) {
		free(tmp);
		return -1;
	}
	ok = fprintf(f, "%s\n", text) > 0;
	ok = fclose(f) == 0 && ok;
	ok = ok && rename(tmp, path) == 0;
	if (!ok)
		unlink(tmp);
	free(tmp);
	return ok ? 0 : -1;
}

static void free_config(struct config *c)
{
	if (c != NULL) {
		auth0logout_memstore_free(c->ms);
		auth0logout_config_oidc_free(c->oidc);
		free(c);
	}
}

/* Loads the config at path into a new struct config: the store and the
 * oidc settings of the same file, read once.  NULL after a message on
 * stderr. */
static struct config *load_config(const struct options *opt)
{
	struct config *c = calloc(1, sizeof *c);
	auth0logout_config *read = NULL;
	auth0logout_config_diag diag;

	if (c == NULL) {
		fputs(PROG ": out of memory\n", stderr);
		return NULL;
	}
	if (auth0logout_config_read_file(opt->config, strlen(opt->config),
	                                 &opt->cfg, &read,
	                                 &diag) != AUTH0LOGOUT_OK ||
	    auth0logout_config_build(read, &c->ms, &diag) != AUTH0LOGOUT_OK ||
	    auth0logout_config_oidc_new(read, &c->oidc, &diag) !=
	        AUTH0LOGOUT_OK) {
		fprintf(stderr, PROG ": %s\n", diag.text);
		auth0logout_config_free(read);
		free_config(c);
		return NULL;
	}
	auth0logout_config_free(read);
	auth0logout_memstore_get(c->ms, &c->store);
	auth0logout_config_oidc_set_max_age(c->oidc, opt->max_token_age);
	auth0logout_config_oidc_verifier(c->oidc, &c->verifier);
	auth0logout_config_oidc_env(c->oidc, &c->verifier, &c->env);
	return c;
}

/* --store: the config requests read besides the store, which has no
 * "oidc" settings: those of a config without an "oidc" object (no
 * issuer: every id_token_hint is invalid, and there is no discovery).
 * NULL after a message on stderr. */
static struct config *store_config(const struct options *opt)
{
	struct config *c = calloc(1, sizeof *c);
	auth0logout_config_diag diag;

	if (c == NULL) {
		fputs(PROG ": out of memory\n", stderr);
		return NULL;
	}
	if (auth0logout_config_oidc_new_empty(&c->oidc, &diag) !=
	    AUTH0LOGOUT_OK) {
		fprintf(stderr, PROG ": %s\n", diag.text);
		free_config(c);
		return NULL;
	}
	auth0logout_config_oidc_set_max_age(c->oidc, opt->max_token_age);
	auth0logout_config_oidc_verifier(c->oidc, &c->verifier);
	auth0logout_config_oidc_env(c->oidc, &c->verifier, &c->env);
	return c;
}

/* The loader's lines, from its thread: to stderr with the server's
 * other messages, one fprintf each (stdio locks the stream per call). */
static void on_pg_log(void *ctx, int level, const char *msg)
{
	(void)ctx;
	fprintf(stderr, PROG ": store: %s%s\n",
	        level == AUTH0LOGOUT_PG_LOG_ERROR     ? "error: "
	        : level == AUTH0LOGOUT_PG_LOG_WARNING ? "warning: "
	                                              : "",
	        msg);
}

/* --store: the swap store and its loader, not started yet.  0, or
 * EXIT_USAGE after a message on stderr. */
static int store_new(struct server *srv, const struct options *opt)
{
	auth0logout_pg_options po;
	auth0logout_status st;

	srv->ss = auth0logout_swapstore_new();
	if (srv->ss == NULL) {
		fputs(PROG ": out of memory\n", stderr);
		return EXIT_USAGE;
	}
	memset(&po, 0, sizeof po);
	po.conninfo = opt->store;
	po.tenant = opt->tenant;
	po.log = on_pg_log;
	po.log_ctx = srv;
	st = auth0logout_pg_new(&po, srv->ss, &srv->pg);
	/* Neither the string nor libpq's message is shown: either can
	 * quote the password. */
	if (st == AUTH0LOGOUT_E_INVALID_ARGUMENT)
		return usage_error("--store: not a valid libpq connection "
		                   "string");
	if (st != AUTH0LOGOUT_OK) {
		fprintf(stderr, PROG ": --store: %s\n",
		        auth0logout_status_message((int)st));
		return EXIT_USAGE;
	}
	return 0;
}

/* SIGHUP (R9.7): the config again, switched to between requests; the old
 * one is freed once no request reads it.  A config that does not load
 * leaves the old one in service.  With --store there is nothing to load:
 * the store follows the database by itself. */
static void reload(struct server *srv, const struct options *opt)
{
	struct config *next;

	if (srv->pg != NULL) {
		fprintf(stderr, PROG ": SIGHUP ignored: --store follows the "
		                     "database live, there is nothing to "
		                     "reload\n");
		return;
	}
	next = load_config(opt);
	if (next == NULL) {
		atomic_store(&srv->reload_failed, 1);
		fprintf(stderr,
		        PROG ": SIGHUP: %s did not load; the old config "
		             "stays in service\n",
		        opt->config);
		return;
	}
	free_config(a0l_swap_publish(&srv->config, next));
	atomic_store(&srv->reload_failed, 0);
	atomic_fetch_add(&srv->config_version, 1);
	fprintf(stderr, PROG ": SIGHUP: reloaded %s (%zu clients)\n",
	        opt->config, auth0logout_memstore_client_count(next->ms));
}

/* The server; defines has room for argc pointers. */
static int serve(int argc, char **argv, const char **defines)
{
	struct options opt;
	struct server srv;
	struct sockaddr_storage ss;
	socklen_t sslen = 0;
	struct config *first;
	struct MHD_Daemon *daemon = NULL;
	char where[INET6_ADDRSTRLEN + 16];
	sigset_t sigs;
	struct sigaction sa;
	int rc, fd = -1, sig = 0, status = EXIT_USAGE, key = 0;
	unsigned int flags;

	opt.defines = defines;
	rc = parse_options(argc, argv, &opt);
	if (rc != 0)
		return rc < 0 ? 0 : rc;
	if (parse_listen(opt.listen, &ss, &sslen) != 0)
		return usage_error("--listen: \"%s\" is not HOST:PORT (an IPv4 "
		                   "address, or [IPv6]:PORT, and a port "
		                   "0-65535)",
		                   opt.listen);

	memset(&srv, 0, sizeof srv);
	srv.resp.cookie = opt.cookie;
	srv.resp.hints = opt.hints;
	srv.sid_cookie = opt.sid_cookie;
	srv.log_fd = STDERR_FILENO;
	pthread_mutex_init(&srv.mhd_log.lock, NULL);
	pthread_mutex_init(&srv.dog.lock, NULL);
	pthread_mutex_init(&srv.threads_lock, NULL);
	if (opt.access_log != NULL && strcmp(opt.access_log, "off") == 0) {
		srv.log_fd = -1;
	} else if (opt.access_log != NULL) {
		srv.log_fd =
		    open(opt.access_log,
		         O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
		if (srv.log_fd < 0) {
			fprintf(stderr, PROG ": --access-log %s: %s\n",
			        opt.access_log, strerror(errno));
			return EXIT_USAGE;
		}
	}
	srv.log_buffer = srv.log_fd >= 0 ? opt.log_buffer : 0;
	atomic_init(&srv.config_version, 1);
	atomic_init(&srv.reload_failed, 0);
	if (opt.store != NULL && store_new(&srv, &opt) != 0)
		goto out;
	first = opt.store != NULL ? store_config(&opt) : load_config(&opt);
	if (first == NULL)
		goto out;
	a0l_swap_init(&srv.config, first);

	fd = open_listener(&ss, sslen);
	if (fd < 0) {
		fprintf(stderr, PROG ": cannot listen on %s: %s\n", opt.listen,
		        strerror(errno));
		goto out;
	}
	if (bound_address(fd, where, sizeof where) != 0) {
		fprintf(stderr, PROG ": cannot read the bound address: %s\n",
		        strerror(errno));
		goto out;
	}
	if (pthread_key_create(&srv.thread_key, free_thread_state) != 0) {
		fprintf(stderr, PROG ": cannot create a thread key\n");
		goto out;
	}
	key = 1;

	/* Block the signals before MHD starts its threads, which inherit
	 * the mask; main takes them with sigwait.  A shell may have started
	 * us with SIGINT ignored: reset it, since an ignored signal need not
	 * be kept pending for sigwait. */
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = SIG_DFL;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);

	/* The loader's thread inherits the mask too.  It loads while the
	 * server starts: until then every decision is a 500 (R10.4). */
	if (srv.pg != NULL && auth0logout_pg_start(srv.pg) != AUTH0LOGOUT_OK) {
		fprintf(stderr, PROG ": cannot start the store's loader "
		                     "thread\n");
		goto out;
	}

	/* epoll, each thread holding at most PER_THREAD_CONNECTIONS (see
	 * there); libmicrohttpd divides the connection limit among the pool's
	 * threads. */
	flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG;
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	daemon = MHD_start_daemon(
	    flags, 0, NULL, NULL, on_request, &srv,
	    /* First, so that it receives every message. */
	    MHD_OPTION_EXTERNAL_LOGGER, on_mhd_message, (void *)&srv.mhd_log,
	    MHD_OPTION_LISTEN_SOCKET, (MHD_socket)fd,
	    MHD_OPTION_URI_LOG_CALLBACK, on_uri, (void *)NULL,
	    MHD_OPTION_NOTIFY_CONNECTION, on_connection, (void *)&srv.dog,
	    MHD_OPTION_NOTIFY_COMPLETED, on_completed, (void *)&srv,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CONNECTION_MEMORY,
	    MHD_OPTION_CONNECTION_TIMEOUT, CONNECTION_TIMEOUT,
	    MHD_OPTION_CONNECTION_LIMIT, connection_limit(opt.threads),
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, opt.per_ip,
	    /* Last: one thread ends the list here (libmicrohttpd warns
	     * about a pool size of 1 or 0). */
	    opt.threads > 1 ? MHD_OPTION_THREAD_POOL_SIZE : MHD_OPTION_END,
	    opt.threads, MHD_OPTION_END);
	if (daemon == NULL) {
		fprintf(stderr, PROG ": cannot start the HTTP server on %s\n",
		        where);
		goto out;
	}
	/* MHD_stop_daemon closes the listening socket from now on. */
	fd = -1;
	if (opt.ready_file != NULL &&
	    write_ready_file(opt.ready_file, where) != 0) {
		fprintf(stderr, PROG ": cannot write --ready-file %s: %s\n",
		        opt.ready_file, strerror(errno));
		goto out;
	}
	if (srv.pg != NULL)
		/* Never the connection string: it may hold a password. */
		fprintf(stderr,
		        PROG ": listening on http://%s" LOGOUT_PATH
		             " (%u threads, %u connections, tenant \"%s\" from "
		             "PostgreSQL; 500 until it has loaded)\n",
		        where, opt.threads, connection_limit(opt.threads),
		        opt.tenant);
	else
		fprintf(stderr,
		        PROG ": listening on http://%s" LOGOUT_PATH
		             " (%u threads, %u connections, %zu clients from "
		             "%s)\n",
		        where, opt.threads, connection_limit(opt.threads),
		        auth0logout_memstore_client_count(first->ms),
		        opt.config);

	for (;;) {
		/* A signal, or a second's tick for the watchdog. */
		struct timespec tick = {1, 0};

		sig = sigtimedwait(&sigs, NULL, &tick);
		if (sig < 0 && (errno == EAGAIN || errno == EINTR)) {
			expire_heads(&srv);
			flush_mhd_messages(&srv.mhd_log);
			flush_logs(&srv);
			continue;
		}
		if (sig < 0) {
			fprintf(stderr, PROG ": sigtimedwait: %s\n",
			        strerror(errno));
			goto out;
		}
		if (sig != SIGHUP)
			break;
		reload(&srv, &opt);
	}
	fprintf(stderr, PROG ": %s received, stopping\n",
	        sig == SIGINT ? "SIGINT" : "SIGTERM");
	status = 0;
out:
	/* The workers first (each frees its reader as its thread ends, and
	 * none reads the loader's health any more), then the loader (the
	 * store's writer), then the store. */
	if (daemon != NULL)
		MHD_stop_daemon(daemon);
	auth0logout_pg_free(srv.pg);
	if (fd >= 0)
		close(fd);
	if (key)
		pthread_key_delete(srv.thread_key);
	free_config(atomic_load(&srv.config.current));
	auth0logout_swapstore_free(srv.ss);
	if (srv.log_fd > STDERR_FILENO)
		close(srv.log_fd);
	pthread_mutex_destroy(&srv.mhd_log.lock);
	pthread_mutex_destroy(&srv.dog.lock);
	pthread_mutex_destroy(&srv.threads_lock);
	return status;
}

int main(int argc, char **argv)
{
	/* At most one define per argument. */
	const char **defines = malloc((size_t)argc * sizeof *defines);
	int rc;

	if (defines == NULL) {
		fputs(PROG ": out of memory\n", stderr);
		return EXIT_USAGE;
	}
	rc = serve(argc, argv, defines);
	free(defines);
	return rc;
}
