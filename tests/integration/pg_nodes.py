#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""R10.4/R10.5 with a real PostgreSQL and two auth0logout-server nodes.

Run by pg_nodes.sh, which starts the throwaway cluster (lib/pg.sh) and
exports PG_CONNINFO, PG_DATA, PG_DIR, PG_SOCK, PG_BINDIR, SERVER, CLI, TMP.

  latency     200 changes committed by psql, each timed from the commit
              until both nodes decide by it (p50/p99/max; target < 1 s)
  converge    after the changes, both nodes decide 60 queries alike
  restart     the database restarted (pg_ctl restart -m fast) under a
              bounded load on both nodes: 0 failed requests; a change
              committed right after the restart (the nodes still
              reconnecting, its notification lost to them) shows on both
  cut off     new connections refused and the loaders' sessions ended;
              a change committed then (its notification lost) shows on
              both nodes once they may reconnect
  freeze      the database stopped with SIGSTOP for 7 s under load: 0
              failed requests, /healthz reports the failed sync and the
              growing age, then recovers; a change made during the freeze
              (queued behind the lock) shows after the thaw
  bad row     an entry that does not compile keeps the client's last good
              list, /healthz names the client, the entry and the reason; a
              new client whose only version is bad is a 500, not a 400
  rollback    a change rolled back changes nothing
  fail closed a node for a tenant without a row answers 500 and /healthz
              503

Prints "ok - ..." / "not ok - ..." and the figures as "# ..." lines.
"""
import http.client
import json
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse

PASSED = 0
FAILED = 0


def ok(what):
    global PASSED
    PASSED += 1
    print("ok - " + what, flush=True)


def not_ok(what):
    global FAILED
    FAILED += 1
    print("not ok - " + what, flush=True)


def check(cond, what):
    (ok if cond else not_ok)(what)
    return cond


def note(text):
    print("# " + text, flush=True)


ENV = os.environ
SERVER = ENV["SERVER"]
CLI = ENV["CLI"]
CONNINFO = ENV["PG_CONNINFO"]
TMP = ENV["TMP"]
TENANT = "demo"

APP_Q = "client_id=app&returnTo=" + urllib.parse.quote(
    "https://app.example.com/bye", safe="")


def psql(sql):
    """Runs sql in one psql session (its own transaction unless it says
    BEGIN); returns when it has committed."""
    r = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d",
                        CONNINFO, "-c", sql], capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError("psql: " + r.stderr.strip())


def sql_str(s):
    return "'" + s.replace("'", "''") + "'"


def set_client(cid, urls, extra_sql=""):
    obj = json.dumps({"client_id": cid, "name": cid,
                      "allowed_logout_urls": urls})
    psql(extra_sql + "INSERT INTO auth0logout_clients (tenant_id, client_id, "
         "client) VALUES (%s, %s, %s::jsonb) ON CONFLICT (tenant_id, "
         "client_id) DO UPDATE SET client = EXCLUDED.client" %
         (sql_str(TENANT), sql_str(cid), sql_str(obj)))


class Node:
    def __init__(self, name, tenant=TENANT):
        self.name = name
        ready = os.path.join(TMP, name + ".ready")
        self.log = open(os.path.join(TMP, name + ".log"), "w")
        self.proc = subprocess.Popen(
            [SERVER, "--store", CONNINFO, "--tenant", tenant, "--listen",
             "127.0.0.1:0", "--threads", "4", "--access-log", "off",
             "--ready-file", ready], stderr=self.log)
        deadline = time.time() + 10
        while time.time() < deadline:
            if os.path.exists(ready) and os.path.getsize(ready) > 0:
                break
            if self.proc.poll() is not None:
                raise RuntimeError(name + " exited")
            time.sleep(0.05)
        else:
            raise RuntimeError(name + " not ready")
        host, port = open(ready).read().strip().rsplit(":", 1)
        self.host, self.port = host, int(port)
        self.local = threading.local()

    def conn(self):
        c = getattr(self.local, "c", None)
        if c is None:
            c = http.client.HTTPConnection(self.host, self.port, timeout=3)
            self.local.c = c
        return c

    def get(self, path):
        """(status, Location) of GET path, on this thread's kept-alive
        connection (one new connection after a failure)."""
        for attempt in (0, 1):
            c = self.conn()
            try:
                c.request("GET", path)
                r = c.getresponse()
                body = r.read()
                return r.status, r.getheader("Location"), body
            except (OSError, http.client.HTTPException):
                c.close()
                self.local.c = None
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def decide(self, query):
        s, loc, _ = self.get("/v2/logout?" + query)
        return s, loc

    def health(self):
        s, _, body = self.get("/healthz")
        try:
            return s, json.loads(body)
        except ValueError:
            return s, {}

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


def wait_until(pred, seconds):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if pred():
            return True
        time.sleep(0.002)
    return pred()


class Load:
    """A bounded load: each node gets RATE requests/s of APP_Q from its own
    thread; every answer must be 302 to the app's URL."""

    def __init__(self, nodes, rate=100):
        self.nodes, self.rate = nodes, rate
        self.stop_flag = False
        self.sent = 0
        self.failures = []
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self.run, args=(n,))
                        for n in nodes]

    def run(self, node):
        period = 1.0 / self.rate
        nxt = time.time()
        while not self.stop_flag:
            try:
                s, loc = node.decide(APP_Q)
                bad = None if (s == 302 and loc ==
                               "https://app.example.com/bye") else \
                    "%s: %s %s" % (node.name, s, loc)
            except Exception as e:  # noqa: BLE001 - any failure counts
                bad = "%s: %s" % (node.name, e)
            with self.lock:
                self.sent += 1
                if bad:
                    self.failures.append(bad)
            nxt += period
            time.sleep(max(0.0, nxt - time.time()))

    def __enter__(self):
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc):
        self.stop_flag = True
        for t in self.threads:
            t.join()


def pg_as(args):
    if os.getuid() == 0:
        args = ["runuser", "-u", "postgres", "--"] + args
    return subprocess.run(args, capture_output=True, text=True)


def pg_pids():
    pm = open(os.path.join(ENV["PG_DATA"], "postmaster.pid")).readline()
    pm = int(pm)
    pids = [pm]
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            stat = open("/proc/%s/stat" % d).read()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pm:
            pids.append(int(d))
    return pids


def pg_restart():
    r = pg_as([os.path.join(ENV["PG_BINDIR"], "pg_ctl"), "-D", ENV["PG_DATA"],
               "-l", os.path.join(ENV["PG_DIR"], "server.log"), "-o",
               "-k %s -c listen_addresses='' -c fsync=off" % ENV["PG_SOCK"],
               "-m", "fast", "-w", "-t", "60", "restart"])
    if r.returncode != 0:
        raise RuntimeError("pg_ctl restart: " + r.stderr)


def url_n(k):
    return "https://v%d.example.com/" % k


def q_url(k, client="app"):
    return "client_id=%s&returnTo=%s" % (
        client, urllib.parse.quote(url_n(k), safe=""))


BASE_URLS = ["https://app.example.com/bye"]


def pct(v, p):
    v = sorted(v)
    return v[min(len(v) - 1, int(round(p / 100.0 * (len(v) - 1))))]


def main():
    a = Node("node-a")
    b = Node("node-b")
    nodes = [a, b]
    try:
        check(wait_until(lambda: all(n.decide(APP_Q)[0] == 302
                                     for n in nodes), 10),
              "both nodes load the tenant and decide from PostgreSQL")
        s, h = a.health()
        check(s == 200 and h.get("loaded") is True and h.get("clients") ==
              51 and h.get("connected") is True,
              "/healthz: 200, loaded, connected, 51 clients (%s %s)" % (s, h))

        # ---- latency over 200 changes ----
        lat_a, lat_b, missed = [], [], 0
        for k in range(1, 201):
            set_client("app", BASE_URLS + [url_n(k)])
            t0 = time.monotonic()
            seen = {}

            def both():
                for n in nodes:
                    if n.name not in seen and n.decide(q_url(k))[0] == 302:
                        seen[n.name] = time.monotonic() - t0
                return len(seen) == 2

            if not wait_until(both, 5):
                missed += 1
                continue
            lat_a.append(seen["node-a"] * 1000)
            lat_b.append(seen["node-b"] * 1000)
        if check(missed == 0 and len(lat_a) == 200,
                 "200 committed changes each shown by both nodes (%d "
                 "missed)" % missed):
            both_ms = [max(x, y) for x, y in zip(lat_a, lat_b)]
            note("update latency, commit -> decision, 200 changes: node A "
                 "p50 %.1f ms p99 %.1f ms; node B p50 %.1f ms p99 %.1f ms; "
                 "both nodes p50 %.1f ms p99 %.1f ms max %.1f ms" %
                 (statistics.median(lat_a), pct(lat_a, 99),
                  statistics.median(lat_b), pct(lat_b, 99),
                  statistics.median(both_ms), pct(both_ms, 99),
                  max(both_ms)))
            check(pct(both_ms, 99) < 1000,
                  "R10.4: p99 of the update latency is under 1 s (%.1f ms)"
                  % pct(both_ms, 99))
        # The old URL is gone: only the last change's list decides.
        check(all(n.decide(q_url(199))[0] == 400 for n in nodes),
              "a replaced list no longer allows its old entry")

        # ---- convergence: both nodes decide alike ----
        queries = [q_url(k) for k in range(190, 202)]
        queries += ["client_id=c%d&returnTo=%s" % (
            i, urllib.parse.quote("https://c%d.example.com/" % i, safe=""))
            for i in range(0, 50, 2)]
        queries += ["client_id=c%d" % i for i in range(1, 50, 4)]
        queries += ["returnTo=" + urllib.parse.quote(u, safe="") for u in (
            "https://tenant.example.com", "https://evil.example")]
        queries += ["client_id=nope", APP_Q, "", "client_id=c3&returnTo=x"]
        qa = [a.decide(q) for q in queries]
        qb = [b.decide(q) for q in queries]
        diff = [q for q, x, y in zip(queries, qa, qb) if x != y]
        check(not diff, "two nodes decide %d queries alike (differ: %s)" %
              (len(queries), diff[:3]))
        check(sorted(set(s for s, _ in qa)) == [200, 302, 400],
              "the comparison covers redirects, logged-out pages and "
              "errors (%s)" % sorted(set(s for s, _ in qa)))

        # ---- restart under load ----
        with Load(nodes) as load:
            time.sleep(1)
            t0 = time.monotonic()
            pg_restart()
            restart_s = time.monotonic() - t0
            set_client("app", BASE_URLS + [url_n(1000)])
            t1 = time.monotonic()
            shown = wait_until(lambda: all(n.decide(q_url(1000))[0] == 302
                                           for n in nodes), 15)
            shown_s = time.monotonic() - t1
            time.sleep(1)
        note("restart: pg_ctl restart took %.2f s; %d requests under load, "
             "%d failed; the change committed after it showed on both "
             "nodes %.2f s later" % (restart_s, load.sent,
                                     len(load.failures), shown_s))
        check(load.sent > 200 and not load.failures,
              "database restarted under load: %d requests, %d failed %s" %
              (load.sent, len(load.failures), load.failures[:3]))
        check(shown, "a change committed while the nodes reconnect shows "
              "on both (the sequence catches up the lost notification)")
        s, h = a.health()
        check(s == 200 and h.get("reconnects", 0) >= 1,
              "/healthz counts the reconnect (%s)" % h)

        # ---- a change made while the nodes are cut off ----
        # The database refuses new connections, the loaders' sessions are
        # ended, a change is committed (its notification reaches no node),
        # then connections are allowed again: the nodes must catch up by
        # the change sequence alone.
        u = urllib.parse.urlparse(CONNINFO)
        db = u.path.lstrip("/")
        admin = CONNINFO.replace("/%s?" % db, "/postgres?", 1)

        def admin_sql(sql):
            return subprocess.run(["psql", "-X", "-q", "-v",
                                   "ON_ERROR_STOP=1", "-d", admin, "-c",
                                   sql], capture_output=True, text=True)

        with Load(nodes) as load:
            # A session of our own on the database, opened before the door
            # closes.
            s1 = subprocess.Popen(["psql", "-X", "-q", "-A", "-t", "-v",
                                   "ON_ERROR_STOP=1", "-d", CONNINFO],
                                  stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, text=True)
            s1.stdin.write("SELECT 'open';\n")
            s1.stdin.flush()
            opened = s1.stdout.readline().strip() == "open"
            r = admin_sql("ALTER DATABASE %s WITH ALLOW_CONNECTIONS false" %
                          db)
            r2 = admin_sql("SELECT count(pg_terminate_backend(pid)) FROM "
                           "pg_stat_activity WHERE application_name = "
                           "'auth0logout-loader'")
            time.sleep(0.5)
            obj = json.dumps({"client_id": "app", "allowed_logout_urls": [
                "https://app.example.com/bye", url_n(1500)]})
            s1.stdin.write(
                "INSERT INTO auth0logout_clients (tenant_id, client_id, "
                "client) VALUES ('demo', 'app', %s::jsonb) ON CONFLICT "
                "(tenant_id, client_id) DO UPDATE SET client = "
                "EXCLUDED.client;\nSELECT 'committed';\n" % sql_str(obj))
            s1.stdin.flush()
            committed = s1.stdout.readline().strip() == "committed"
            time.sleep(1.0)
            cut_off = [n.health()[1] for n in nodes]
            unseen = all(n.decide(q_url(1500))[0] == 400 for n in nodes)
            r3 = admin_sql("ALTER DATABASE %s WITH ALLOW_CONNECTIONS true" %
                           db)
            s1.stdin.close()
            s1.wait(10)
            t1 = time.monotonic()
            shown = wait_until(lambda: all(n.decide(q_url(1500))[0] == 302
                                           for n in nodes), 15)
            shown_s = time.monotonic() - t1
        r.stderr += r2.stderr + r3.stderr
        r.returncode = r.returncode or r2.returncode or r3.returncode or \
            (not opened) or (not committed)
        check(r.returncode == 0, "the database refused new connections and "
              "the change was committed (%s)" % r.stderr.strip()[:200])
        check(all(h.get("connected") is False for h in cut_off) and unseen,
              "while cut off, the nodes are disconnected and decide on "
              "their last snapshot (%s)" % [h.get("connected")
                                            for h in cut_off])
        note("cut off: %d requests under load, %d failed; the change "
             "committed while the nodes were disconnected showed on both "
             "%.2f s after connections were allowed again" %
             (load.sent, len(load.failures), shown_s))
        check(shown, "R10.4: a change committed while the nodes were "
              "disconnected shows on both after they reconnect")
        check(load.sent > 100 and not load.failures,
              "cut off under load: %d requests, %d failed" %
              (load.sent, len(load.failures)))

        # ---- freeze (SIGSTOP) under load ----
        with Load(nodes) as load:
            time.sleep(0.5)
            pids = pg_pids()
            for p in pids:
                os.kill(p, signal.SIGSTOP)
            frozen_at = time.monotonic()
            # A change sent during the freeze: psql blocks until thawed.
            changer = threading.Thread(
                target=set_client, args=("app", BASE_URLS + [url_n(2000)]))
            changer.start()
            time.sleep(7)
            s, h_frozen = a.health()
            decided = a.decide(APP_Q)
            for p in pids:
                os.kill(p, signal.SIGCONT)
            thaw_s = time.monotonic() - frozen_at
            changer.join(30)
            shown = wait_until(lambda: all(n.decide(q_url(2000))[0] == 302
                                           for n in nodes), 15)
            recovered = wait_until(
                lambda: a.health()[1].get("last_sync_failed") is False and
                a.health()[1].get("age_ms", 99999) < 2000, 15)
        note("freeze: database SIGSTOPped %.1f s; %d requests under load, "
             "%d failed; /healthz while frozen: %s" %
             (thaw_s, load.sent, len(load.failures), h_frozen))
        check(load.sent > 500 and not load.failures,
              "database frozen under load: %d requests, %d failed %s" %
              (load.sent, len(load.failures), load.failures[:3]))
        check(decided == (302, "https://app.example.com/bye"),
              "while frozen, decisions continue on the last snapshot")
        check(h_frozen.get("last_sync_failed") is True and
              h_frozen.get("age_ms", 0) >= 2000,
              "while frozen, /healthz reports the failed sync and the age "
              "(%s ms)" % h_frozen.get("age_ms"))
        check(shown, "the change queued during the freeze shows after it")
        check(recovered, "after the thaw, /healthz is current again")

        # ---- a bad row ----
        set_client("app", BASE_URLS + ["*.no-scheme.example.com"])
        time.sleep(0.05)
        wait_until(lambda: a.health()[1].get("bad_rows", 0) >= 1, 5)
        s, h = a.health()
        check(h.get("bad_rows", 0) >= 1 and "app" in h.get("last_error", "")
              and "*.no-scheme.example.com" in h.get("last_error", ""),
              "R10.5: /healthz names the bad row's client and entry (%s)" %
              h.get("last_error"))
        check(all(n.decide(q_url(2000)) == (302, url_n(2000))
                  for n in nodes),
              "R10.5: the client keeps its last good list")
        set_client("fresh", ["https://fresh.example.com", "no scheme"])
        fresh_q = "client_id=fresh&returnTo=" + urllib.parse.quote(
            "https://fresh.example.com", safe="")
        check(wait_until(lambda: all(n.decide(fresh_q)[0] == 500
                                     for n in nodes), 5),
              "R10.5: a new client with only a bad version is a 500 on "
              "both nodes, not unknown_client")
        set_client("fresh", ["https://fresh.example.com"])
        check(wait_until(lambda: all(n.decide(fresh_q)[0] == 302
                                     for n in nodes), 5),
              "the row fixed: the client decides again")

        # ---- rollback ----
        set_client("app", [url_n(3000)])
        wait_until(lambda: a.decide(q_url(3000))[0] == 302, 5)
        before = a.health()[1].get("change_seq")
        r = subprocess.run(
            ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", CONNINFO],
            input="BEGIN;\nUPDATE auth0logout_clients SET client = "
            "jsonb_set(client, '{allowed_logout_urls}', "
            "'[\"https://rolled.example.com\"]') WHERE client_id = 'app';\n"
            "DELETE FROM auth0logout_clients WHERE client_id = 'c7';\n"
            "ROLLBACK;\n", capture_output=True, text=True)
        time.sleep(1.5)
        rolled_q = "client_id=app&returnTo=" + urllib.parse.quote(
            "https://rolled.example.com", safe="")
        check(r.returncode == 0 and all(
            n.decide(rolled_q)[0] == 400 and
            n.decide(q_url(3000))[0] == 302 and
            n.decide("client_id=c7")[0] in (200, 302) for n in nodes),
            "a rolled-back transaction changes no decision")
        check(a.health()[1].get("change_seq") == before,
              "a rolled-back transaction applies no change (change_seq %s)"
              % before)
    finally:
        for n in nodes:
            n.stop()

    # ---- fail closed ----
    c = Node("node-none", tenant="no-such-tenant")
    try:
        time.sleep(1)
        s, _ = c.decide(APP_Q)
        hs, h = c.health()
        check(s == 500 and hs == 503 and h.get("loaded") is False,
              "R10.4: a node that never loaded answers 500, /healthz 503 "
              "(%s, %s %s)" % (s, hs, h))
    finally:
        c.stop()
    print("# pg_nodes: %d passed, %d failed" % (PASSED, FAILED))
    return 1 if FAILED else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception as e:  # noqa: BLE001 - report, never hang
        not_ok("pg_nodes.py stopped: %r" % e)
        sys.exit(1)
