# SPDX-License-Identifier: MIT
"""Raw-socket checks of auth0logout-server (R9.4-R9.7), run by
tests/integration/hardening.sh.  Every request is sent as exact bytes on
its own socket (curl would normalise or refuse them); every answer is read
to the end.  Prints "ok - what" or "not ok - what" per check and "# ..."
for figures.

usage: python3 hardening.py raw HOST:PORT
       python3 hardening.py flood HOST:PORT ATTACKER_ADDR CLIENT_ADDR N
       python3 hardening.py concurrent HOST:PORT CONNECTIONS SECONDS
       python3 hardening.py requests HOST:PORT N
       python3 hardening.py idle HOST:PORT SECONDS
       python3 hardening.py reload HOST:PORT PID CONFIG CONFIG_A CONFIG_B N
"""

import os
import resource
import signal
import socket
import sys
import threading
import time

failed = 0


def check(what, cond, detail=""):
    global failed
    if cond:
        print("ok - " + what)
    else:
        failed = 1
        print("not ok - " + what)
        if detail:
            for line in str(detail).splitlines()[:6]:
                print("# " + line)
    sys.stdout.flush()


def addr(s):
    host, port = s.rsplit(":", 1)
    return host, int(port)


def exchange(server, raw, source=None, timeout=10):
    """Sends raw, reads to EOF; returns the bytes (b"" when the server
    closed without a word) or None on a timeout or a reset."""
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(timeout)
    try:
        if source:
            s.bind((source, 0))
        s.connect(server)
        s.sendall(raw)
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                return data
            data += chunk
    except (socket.timeout, ConnectionResetError, BrokenPipeError):
        return None
    finally:
        s.close()


def request(target, headers=b"", method=b"GET"):
    return (method + b" " + target + b" HTTP/1.1\r\nHost: test\r\n" + headers
            + b"Connection: close\r\n\r\n")


def status(resp):
    if not resp:
        return None
    line = resp.split(b"\r\n", 1)[0].split(b" ")
    return int(line[1]) if len(line) > 1 and line[1].isdigit() else None


def header(resp, name):
    head = resp.split(b"\r\n\r\n", 1)[0].split(b"\r\n")[1:]
    for h in head:
        k, _, v = h.partition(b":")
        if k.strip().lower() == name.lower():
            return v.strip()
    return None


def r91(resp):
    """The R9.1 headers every answer of ours carries."""
    return (header(resp, b"Cache-Control") == b"no-store"
            and header(resp, b"X-Content-Type-Options") == b"nosniff"
            and header(resp, b"Referrer-Policy") == b"no-referrer")


def fields(n, total):
    """n header fields whose names and values take about total bytes."""
    per = max(total // n, 5)
    return b"".join(b"X%03d: " % i + b"v" * (per - 4) + b"\r\n"
                    for i in range(n))


ALLOWED = b"returnTo=https://www.example.com/logged-out"
LOCATION = b"https://www.example.com/logged-out"


def raw(server):
    def refused(what, target, code=400):
        r = exchange(server, request(target))
        check("%s: %d, no Location, no Set-Cookie, R9.1 headers" % (what, code),
              status(r) == code and header(r, b"Location") is None
              and header(r, b"Set-Cookie") is None and r91(r), r)

    def decided(what, target, headers=b""):
        r = exchange(server, request(target, headers))
        check("%s: 302 to the allowed URL" % what,
              status(r) == 302 and header(r, b"Location") == LOCATION,
              r[:300] if r else r)

    # A NUL byte: never decided on the part before it (R9.4).
    refused("NUL before a second returnTo",
            b"/v2/logout?" + ALLOWED + b"\x00&returnTo=https://evil.com")
    refused("NUL then /../ in the path", b"/v2/logout\x00/../x")
    refused("NUL at the end", b"/v2/logout?client_id=AbC123\x00")
    refused("NUL, then a thousand arguments",
            b"/v2/logout?\x00" + b"&a=1" * 1000 + b"&" + ALLOWED)
    for name, byte in ((b"SOH", b"\x01"), (b"TAB", b"\x09"),
                       (b"VT", b"\x0b"), (b"ESC", b"\x1b"),
                       (b"US", b"\x1f"), (b"DEL", b"\x7f"),
                       (b"0xFF", b"\xff")):
        refused("%s in the target" % name.decode(),
                b"/v2/logout?" + ALLOWED + byte)
    r = exchange(server, request(b"/v2/logout?returnTo=a b"))
    check("a space in the target: 400, no Location",
          status(r) == 400 and header(r, b"Location") is None, r)

    # Many arguments, far inside the limits: decided (no pool exhaustion).
    decided("1,000 arguments", b"/v2/logout?" + b"a=1&" * 1000 + ALLOWED)
    decided("8,000 arguments (a 16 KB query)",
            b"/v2/logout?" + b"a&" * 8000 + ALLOWED)
    decided("1,000 '?' in the query", b"/v2/logout?" + b"?" * 1000 + b"&"
            + ALLOWED)

    # Absolute form (R9.5).
    host = ("%s:%d" % server).encode()
    decided("absolute-form target",
            b"http://" + host + b"/v2/logout?" + ALLOWED)
    r = exchange(server, request(b"http://" + host + b"/v2/logoutX?" + ALLOWED))
    check("absolute form, another path: 404", status(r) == 404, r)

    # Pipelined requests on one connection: each answered.
    two = (b"GET /v2/logout?" + ALLOWED + b" HTTP/1.1\r\nHost: t\r\n\r\n"
           + request(b"/v2/logout?client_id=AbC123"))
    r = exchange(server, two)
    check("two pipelined requests: two answers",
          r is not None and r.count(b"HTTP/1.1 302 Found") == 2, r)

    # The limits (R9.6): inside them decided, past them 414/431 with the
    # R9.1 headers, never silence.
    q = b"a=1&" * ((16 * 1024 - len(ALLOWED) - 16) // 4) + ALLOWED
    decided("a 16 KiB query and 100 header fields of 8,000 bytes",
            b"/v2/logout?" + q, fields(98, 8000))
    host = ("%s:%d" % server).encode()
    target = b"/v2/logout?" + q
    absolute = (b"http://" + b"h" * (17 * 1024 - len(target) - 11) + b".com"
                + target)
    decided("a 17 KiB absolute-form target and 100 header fields of 8,000 "
            "bytes", absolute, fields(98, 8000))
    r = exchange(server, request(b"http://h" + absolute[7:]))
    check("a target of 17 KiB + 1 byte: 414 with the R9.1 headers",
          status(r) == 414 and r91(r), r)
    r = exchange(server, request(b"/v2/logout?" + b"a" * (21 * 1024)))
    check("a 21 KiB target: 414 with the R9.1 headers",
          status(r) == 414 and r91(r), r)
    r = exchange(server, request(b"/v2/logout?" + ALLOWED, fields(120, 1200)))
    check("120 header fields: 431 with the R9.1 headers",
          status(r) == 431 and r91(r), r)
    r = exchange(server, request(b"/v2/logout?" + ALLOWED,
                                 b"X-Big: " + b"b" * 9000 + b"\r\n"))
    check("a 9,000-byte header field: 431 with the R9.1 headers",
          status(r) == 431 and r91(r), r)
    r = exchange(server, request(b"/v2/logout?" + ALLOWED, fields(1000, 8000)))
    check("1,000 header fields: 431", status(r) == 431, r)
    r = exchange(server, request(b"/v2/logout?" + ALLOWED,
                                 b"X-Big: " + b"b" * 200000 + b"\r\n"))
    check("a 200 KB header field: 431", status(r) == 431, r)
    # Heads of every size around the connection's pool (34 KiB): each
    # one gets an answer.
    silent = []
    n = 0
    for size in range(24000, 42000, 173):
        for count in (1, 100, 150):
            n += 1
            r = exchange(server, request(b"/v2/logout?" + ALLOWED,
                                         fields(count, size)))
            if status(r) not in (302, 431):
                silent.append((size, count, r[:80] if r else r))
    check("%d heads of 24-42 KB (1, 100, 150 fields): each answered" % n,
          not silent, silent[:5])

    # A body on a GET is not a second request.
    r = exchange(server, b"GET /v2/logout?" + ALLOWED + b" HTTP/1.1\r\n"
                 b"Host: t\r\nContent-Length: 36\r\nConnection: close\r\n\r\n"
                 b"GET /v2/logout?returnTo=x HTTP/1.1\r\n")
    check("a body on a GET: one answer, the decision",
          status(r) == 302 and r.count(b"HTTP/1.1") == 1, r)


def raise_nofile(n):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = min(hard, max(soft, n + 64))
    resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
    return want - 64


def flood(server, attacker, client, n):
    n = min(n, raise_nofile(n))
    socks = []
    # Half-open: each connection sends a request line and a header, never
    # the blank line that ends the head.
    for _ in range(n):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.settimeout(3)
        try:
            s.bind((attacker, 0))
            s.connect(server)
            s.sendall(b"GET /v2/logout HTTP/1.1\r\nHost: flood\r\n")
        except OSError:
            s.close()
            continue
        socks.append(s)
    opened = len(socks)
    time.sleep(0.5)
    # Meanwhile another address is served, every time.
    served = 0
    t0 = time.time()
    for _ in range(50):
        r = exchange(server, request(b"/v2/logout?" + ALLOWED), source=client,
                     timeout=5)
        if status(r) == 302:
            served += 1
    took = time.time() - t0
    # How many of the attacker's connections the server still holds: the
    # others it has closed (EOF or a reset).
    held = 0
    for s in socks:
        s.setblocking(False)
        try:
            if s.recv(1):
                held += 1
        except BlockingIOError:
            held += 1
        except OSError:
            pass
    print("# flood: %d half-open connections opened from %s, %d still held "
          "by the server; 50 requests from %s in %.2f s"
          % (opened, attacker, held, client, took))
    check("flood of %d half-open connections from %s: %s served 50 of 50"
          % (opened, attacker, client), served == 50 and opened >= n // 2,
          "served %d, opened %d" % (served, opened))
    check("the server holds at most --per-ip-limit (64) of them",
          held <= 64, "held %d" % held)
    for s in socks:
        s.close()


def concurrent(server, n, seconds):
    """n kept-alive connections opened at once, from five loopback
    addresses (under the per-address limit), each sending its next request
    as soon as the last is answered, for `seconds`: every connection is
    answered again and again.  (libmicrohttpd 0.9.75's single-thread epoll
    mode answered a few hundred requests in all, then stalled.)"""
    import selectors
    raise_nofile(n)
    sources = ["127.0.0.%d" % (10 + i) for i in range(8)]
    one = (b"GET /v2/logout?" + ALLOWED + b" HTTP/1.1\r\nHost: c\r\n\r\n")
    socks = []
    for i in range(n):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setblocking(False)
        s.bind((sources[i % 8], 0))
        s.connect_ex(server)
        socks.append(s)
    sel = selectors.DefaultSelector()
    answers = {}
    for s in socks:
        sel.register(s, selectors.EVENT_WRITE)
        answers[s] = 0
    t0 = time.time()
    while time.time() - t0 < seconds:
        for key, ev in sel.select(timeout=0.2):
            s = key.fileobj
            try:
                if ev & selectors.EVENT_WRITE:
                    s.send(one)
                    sel.modify(s, selectors.EVENT_READ)
                    continue
                data = s.recv(65536)
            except OSError:
                data = b""
            if not data:
                sel.unregister(s)
                continue
            k = data.count(b"HTTP/1.1 302 Found")
            answers[s] += k
            if k:
                s.send(one * k)
    total = sum(answers.values())
    least = min(answers.values())
    for s in socks:
        s.close()
    print("# concurrent: %d connections, %d answers in %d s, the least "
          "answered connection %d" % (n, total, seconds, least))
    check("%d connections at once for %d s: each answered at least 10 times"
          % (n, seconds), least >= 10, "least %d, total %d" % (least, total))


def requests(server, n):
    """n requests on one kept-alive connection, each answered."""
    s = socket.create_connection(server, timeout=5)
    one = b"GET /v2/logout?" + ALLOWED + b" HTTP/1.1\r\nHost: r\r\n\r\n"
    got = 0
    for _ in range(n):
        s.sendall(one)
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
        got += status(data) == 302
    s.close()
    check("%d requests on one connection: each answered" % n, got == n,
          "%d of %d" % (got, n))


def idle(server, seconds):
    """The request-head deadline (R9.6), four clients at once: one that
    trickles a header a byte a second (the inactivity timeout never
    fires for it), one that stops after its request line, one that sends
    nothing, one that goes quiet after an answer on a kept-alive
    connection."""
    results = {}

    def run(name, first, trickle=False):
        s = socket.create_connection(server, timeout=seconds + 10)
        t0 = time.time()
        data = b""
        try:
            if first:
                s.sendall(first)
            if name == "kept alive":
                while b"\r\n\r\n" not in data:
                    data += s.recv(65536)
                data = b""
                t0 = time.time()
            if trickle:
                s.settimeout(1)
                while time.time() - t0 < seconds + 5:
                    try:
                        s.sendall(b"a")
                        chunk = s.recv(65536)
                        if not chunk:
                            break
                        data += chunk
                    except socket.timeout:
                        continue
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
        except (socket.timeout, ConnectionResetError, BrokenPipeError):
            pass
        results[name] = (time.time() - t0, data)
        s.close()

    head = b"GET /v2/logout HTTP/1.1\r\nHost: idle\r\n"
    clients = [
        ("trickling", head + b"X-Slow: ", True),
        ("request line only", head, False),
        ("silent", b"", False),
        ("kept alive", b"GET /v2/logout HTTP/1.1\r\nHost: idle\r\n\r\n",
         False),
    ]
    threads = [threading.Thread(target=run, args=c) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for name, _, _ in clients:
        took, data = results.get(name, (None, None))
        print("# deadline: %s: closed after %.1f s with %r" % (
            name, took if took is not None else -1,
            (data or b"").split(b"\r\n", 1)[0]))
    lo, hi = seconds - 1, seconds + 5  # the tick is once a second
    for name in ("trickling", "request line only"):
        took, data = results.get(name, (None, None))
        check("head deadline: %s: 408 with the R9.1 headers after %d-%d s"
              % (name, lo, hi),
              took is not None and lo <= took <= hi and status(data) == 408
              and r91(data), results.get(name))
    for name in ("silent", "kept alive"):
        took, data = results.get(name, (None, None))
        check("head deadline: %s: closed after %d-%d s, nothing sent"
              % (name, lo, hi),
              took is not None and lo <= took <= hi and data == b"",
              results.get(name))


def reload_test(server, pid, config, config_a, config_b, reloads):
    """Requests on many connections while the server reloads `reloads`
    times, alternating two configs; none may fail, and after each reload
    new requests see the new lists."""
    stop = threading.Event()
    counts = {"sent": 0, "failed": 0}
    lock = threading.Lock()
    errors = []
    always = request(b"/v2/logout?client_id=AbC123")  # same in A and B

    def worker(keepalive):
        while not stop.is_set():
            if keepalive:
                raw_req = always.replace(b"Connection: close\r\n", b"")
                try:
                    s = socket.create_connection(server, timeout=5)
                    for _ in range(50):
                        s.sendall(raw_req)
                        data = b""
                        while b"\r\n\r\n" not in data:
                            chunk = s.recv(4096)
                            if not chunk:
                                raise ConnectionError("closed")
                            data += chunk
                        ok = (status(data) == 302 and header(data, b"Location")
                              == b"https://app.example.com/bye")
                        with lock:
                            counts["sent"] += 1
                            if not ok:
                                counts["failed"] += 1
                                errors.append(data[:120])
                    s.close()
                except (OSError, ConnectionError) as e:
                    with lock:
                        counts["sent"] += 1
                        counts["failed"] += 1
                        errors.append(repr(e))
            else:
                r = exchange(server, always, timeout=5)
                ok = (status(r) == 302 and header(r, b"Location")
                      == b"https://app.example.com/bye")
                with lock:
                    counts["sent"] += 1
                    if not ok:
                        counts["failed"] += 1
                        errors.append(r[:120] if r else r)

    threads = [threading.Thread(target=worker, args=(k,))
               for k in (True, True, False, False)]
    for t in threads:
        t.start()

    probe_a = request(b"/v2/logout?" + ALLOWED)  # allowed by A only
    texts = [open(config_a, "rb").read(), open(config_b, "rb").read()]
    seen = 0
    t0 = time.time()
    for i in range(reloads):
        want_a = i % 2 == 1  # starts on A: first reload switches to B
        tmp = config + ".new"
        with open(tmp, "wb") as f:
            f.write(texts[0 if want_a else 1])
        os.rename(tmp, config)
        os.kill(pid, signal.SIGHUP)
        deadline = time.time() + 5
        while time.time() < deadline:
            r = exchange(server, probe_a, timeout=5)
            if (status(r) == 302) == want_a:
                seen += 1
                break
            time.sleep(0.01)
        time.sleep(0.05)
    took = time.time() - t0
    # A config that does not load: refused, the old one stays.
    with open(config + ".new", "wb") as f:
        f.write(b"{ this is not JSON")
    os.rename(config + ".new", config)
    os.kill(pid, signal.SIGHUP)
    time.sleep(0.3)
    r = exchange(server, probe_a)
    still = status(r) == (302 if reloads % 2 == 0 else 400)
    stop.set()
    for t in threads:
        t.join()
    print("# reload: %d requests sent during %d reloads in %.1f s, %d failed"
          % (counts["sent"], reloads, took, counts["failed"]))
    check("%d reloads under load: 0 of %d requests failed"
          % (reloads, counts["sent"]), counts["failed"] == 0
          and counts["sent"] > 0, errors[:5])
    check("after each of the %d reloads new requests see the new lists"
          % reloads, seen == reloads, "seen %d" % seen)
    check("a config that does not load keeps the old one in service", still, r)


def main():
    mode = sys.argv[1]
    server = addr(sys.argv[2])
    if mode == "raw":
        raw(server)
    elif mode == "flood":
        flood(server, sys.argv[3], sys.argv[4], int(sys.argv[5]))
    elif mode == "concurrent":
        concurrent(server, int(sys.argv[3]), int(sys.argv[4]))
    elif mode == "requests":
        requests(server, int(sys.argv[3]))
    elif mode == "idle":
        idle(server, int(sys.argv[3]))
    elif mode == "reload":
        reload_test(server, int(sys.argv[3]), sys.argv[4], sys.argv[5],
                    sys.argv[6], int(sys.argv[7]))
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return failed


if __name__ == "__main__":
    sys.exit(main())
