# SPDX-License-Identifier: MIT
"""Helpers of tests/integration/oidc.sh, on the Python standard library and
the openssl command (no third-party package):

  oidc_token.py jwk KEY.pem KID [private]
      the JWK of an RSA key, {"kty","kid","use","alg","n","e"}, and with
      "private" its private members too ("d", "p", "q", "dp", "dq", "qi":
      what a JWKS served to the public must never hold)
  oidc_token.py sign KEY.pem KID CLAIMS-JSON
      an RS256 JWS compact token of CLAIMS-JSON, signed with
      `openssl dgst -sha256 -sign`
  oidc_token.py consent-token NONCE EXPIRY FORM REQUEST
      the consent token adapters/common/consent.h defines (HMAC-SHA256
      keyed with the nonce), for tokens the adapters never issue (an
      expired one)
  oidc_token.py form NAME=VALUE...
      an application/x-www-form-urlencoded body (each value encoded the
      way a browser encodes a form)
  oidc_token.py field FILE NAME
      the value of the hidden input NAME in the HTML page FILE, unescaped
"""
import base64
import hashlib
import hmac
import html
import json
import re
import subprocess
import sys
import urllib.parse


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def rsa_numbers(key):
    """The numbers of `openssl rsa -text`: name -> int."""
    text = subprocess.run(["openssl", "rsa", "-in", key, "-noout", "-text"],
                          check=True, capture_output=True, text=True).stdout
    numbers, name, digits = {}, None, ""
    for line in text.splitlines():
        m = re.match(r"^(\w+):\s*(\d+)?", line)
        if m and not line.startswith(" "):
            if name and digits:
                numbers[name] = int(digits, 16)
            name, digits = m.group(1), ""
            if m.group(2):
                numbers[name] = int(m.group(2))
                name = None
        elif name:
            digits += line.strip().replace(":", "")
    if name and digits:
        numbers[name] = int(digits, 16)
    return numbers


def b64url_int(v):
    return b64url(v.to_bytes((v.bit_length() + 7) // 8, "big"))


def jwk(key, kid, private=False):
    num = rsa_numbers(key)
    out = {"kty": "RSA", "kid": kid, "use": "sig", "alg": "RS256",
           "n": b64url_int(num["modulus"]),
           "e": b64url_int(num["publicExponent"])}
    if private:
        for member, name in (("d", "privateExponent"), ("p", "prime1"),
                             ("q", "prime2"), ("dp", "exponent1"),
                             ("dq", "exponent2"), ("qi", "coefficient")):
            out[member] = b64url_int(num[name])
    return out


def sign(key, kid, claims):
    header = {"alg": "RS256", "typ": "JWT", "kid": kid}
    signing_input = (b64url(json.dumps(header).encode()) + "." +
                     b64url(json.dumps(claims).encode()))
    sig = subprocess.run(["openssl", "dgst", "-sha256", "-sign", key],
                         input=signing_input.encode(), check=True,
                         capture_output=True).stdout
    return signing_input + "." + b64url(sig)


def consent_token(nonce, expiry, form, request):
    key = b64url_decode(nonce)
    msg = (b"auth0logout oidc consent v1\0" + expiry.encode() + b"\0" +
           form.encode() + b"\0" + request.encode())
    return expiry + "." + b64url(hmac.new(key, msg, hashlib.sha256).digest())


def field(path, name):
    page = open(path, encoding="utf-8").read()
    m = re.search(r'<input type="hidden" name="%s" value="([^"]*)">' %
                  re.escape(name), page)
    return html.unescape(m.group(1)) if m else ""


def main(argv):
    cmd = argv[1]
    if cmd == "jwk":
        print(json.dumps(jwk(argv[2], argv[3],
                             len(argv) > 4 and argv[4] == "private")))
    elif cmd == "sign":
        print(sign(argv[2], argv[3], json.loads(argv[4])))
    elif cmd == "consent-token":
        print(consent_token(argv[2], argv[3], argv[4], argv[5]))
    elif cmd == "form":
        pairs = [tuple(a.split("=", 1)) for a in argv[2:]]
        print(urllib.parse.urlencode(pairs), end="")
    elif cmd == "field":
        print(field(argv[2], argv[3]), end="")
    else:
        sys.exit("unknown command " + cmd)


if __name__ == "__main__":
    main(sys.argv)
