# SPDX-License-Identifier: MIT
"""One table of requests, sent as exact bytes to an adapter; prints each
response in a normal form so that two adapters' outputs can be compared
with diff (R9.1: the same decision gives the same status, headers and
body whichever adapter answers).

usage: python3 same_bytes.py HOST PORT

The normal form of a response is its status line, its header fields in
the order sent with Date, Server, Connection, Keep-Alive and
Transfer-Encoding left out (they belong to the web server, not to the
decision), a blank line and the body (de-chunked), as Python escapes it.
"""

import socket
import sys

# (name, raw request head without Host and Connection, body)
TABLE = [
    ("tenant list", "GET /v2/logout?returnTo=https%3A%2F%2Fwww.example.com%2Flogged-out HTTP/1.1", ""),
    ("client's first URL", "GET /v2/logout?client_id=AbC123 HTTP/1.1", ""),
    ("client wildcard", "GET /v2/logout?client_id=AbC123&returnTo=https://shop.example.org HTTP/1.1", ""),
    ("custom scheme, federated", "GET /v2/logout?client_id=NaTiVe9&federated HTTP/1.1", ""),
    ("logged out", "GET /v2/logout HTTP/1.1", ""),
    ("logged out, client without list", "GET /v2/logout?client_id=NoList7 HTTP/1.1", ""),
    ("HEAD logged out", "HEAD /v2/logout HTTP/1.1", ""),
    ("not allowed", "GET /v2/logout?returnTo=https://evil.com HTTP/1.1", ""),
    ("not allowed, JSON", "GET /v2/logout?returnTo=https://evil.com HTTP/1.1\r\nAccept: application/json", ""),
    ("not allowed, hint withheld", "GET /v2/logout?returnTo=https://www.example.com/ HTTP/1.1", ""),
    ("HEAD not allowed", "HEAD /v2/logout?returnTo=https://evil.com HTTP/1.1", ""),
    ("duplicate returnTo", "GET /v2/logout?returnTo=https://www.example.com&returnTo=https://evil.com HTTP/1.1", ""),
    ("bad escape", "GET /v2/logout?returnTo=%zz HTTP/1.1", ""),
    ("escaped echo", "GET /v2/logout?client_id=%3Cscript%3Ealert(1)%3C%2Fscript%3E HTTP/1.1", ""),
    ("unknown client, JSON", "GET /v2/logout?client_id=Nobody HTTP/1.1\r\nAccept: application/json", ""),
    ("R9.4 query starting with /", "GET /v2/logout?/?returnTo=https://evil.com HTTP/1.1", ""),
    ("R9.4 query that is a URL", "GET /v2/logout?https://x/?client_id=AbC123 HTTP/1.1", ""),
    ("POST", "POST /v2/logout?client_id=AbC123 HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1", "x"),
    ("DELETE", "DELETE /v2/logout HTTP/1.1", ""),
]

DROP = {"date", "server", "connection", "keep-alive", "transfer-encoding"}


def exchange(host, port, head, body):
    req = head.split("\r\n", 1)
    lines = [req[0], "Host: %s:%d" % (host, port)]
    if len(req) > 1:
        lines.append(req[1])
    lines.append("Connection: close")
    raw = ("\r\n".join(lines) + "\r\n\r\n" + body).encode("latin-1")
    with socket.create_connection((host, port), timeout=10) as s:
        s.sendall(raw)
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    return data


def dechunk(body):
    out = b""
    while body:
        size_line, _, body = body.partition(b"\r\n")
        size = int(size_line.split(b";")[0], 16)
        if size == 0:
            break
        out += body[:size]
        body = body[size + 2:]
    return out


def normal(method, data):
    head, sep, body = data.partition(b"\r\n\r\n")
    if not sep:
        return "(no complete response: %r)\n" % data
    lines = head.decode("latin-1").split("\r\n")
    out = [lines[0]]
    chunked = False
    for line in lines[1:]:
        name = line.split(":", 1)[0].strip().lower()
        if name == "transfer-encoding" and "chunked" in line.lower():
            chunked = True
        if name in DROP:
            continue
        out.append(line)
    if chunked and method != "HEAD":
        body = dechunk(body)
    out.append("")
    out.append(repr(body))
    return "\n".join(out) + "\n"


def main():
    host, port = sys.argv[1], int(sys.argv[2])
    for name, head, body in TABLE:
        method = head.split(" ", 1)[0]
        sys.stdout.write("== %s\n" % name)
        sys.stdout.write(normal(method, exchange(host, port, head, body)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
