# SPDX-License-Identifier: MIT
"""A load for the reload tests (R9.7) of the web server modules.

    python3 load.py PORT SECONDS LOCATION...

Four clients, each sending GET /v2/logout?client_id=AbC123 on a new
connection per request to 127.0.0.1:PORT, for SECONDS seconds.  An answer
is good when it is a 302 whose Location is one of LOCATION...; anything
else (another answer, no answer, a reset) is a failure, shown on a
"# bad answer: ..." line (the first five).  The last line is
"TOTAL FAILED SEEN": requests sent, failures, and how many of the given
locations were seen.
"""
import socket
import sys
import threading
import time

port, secs = int(sys.argv[1]), float(sys.argv[2])
wanted = [("Location: %s\r\n" % loc).encode() for loc in sys.argv[3:]]
req = (b"GET /v2/logout?client_id=AbC123 HTTP/1.1\r\nHost: x\r\n"
       b"Connection: close\r\n\r\n")
total = [0] * 4
failed = [0] * 4
seen = set()
shown = [0]
lock = threading.Lock()
end = time.monotonic() + secs


def bad(what):
    with lock:
        if shown[0] < 5:
            shown[0] += 1
            print("# bad answer: %s" % what, flush=True)


def run(i):
    while time.monotonic() < end:
        total[i] += 1
        try:
            s = socket.create_connection(("127.0.0.1", port), timeout=10)
            s.sendall(req)
            data = b""
            while True:
                c = s.recv(65536)
                if not c:
                    break
                data += c
            s.close()
            hit = [w for w in wanted if w in data]
            if not data.startswith(b"HTTP/1.1 302 ") or not hit:
                failed[i] += 1
                bad(repr(data[:120]))
            else:
                with lock:
                    seen.add(hit[0])
        except OSError as e:
            failed[i] += 1
            bad(repr(e))


threads = [threading.Thread(target=run, args=(i,)) for i in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(sum(total), sum(failed), len(seen))
