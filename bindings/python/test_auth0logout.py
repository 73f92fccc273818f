# SPDX-License-Identifier: MIT
"""Tests for the ctypes binding (the auth0logout package), named after the
rules of doc/rules.md.

Run from this directory:
    AUTH0LOGOUT_LIB=../../build/libauth0logout.so.1 python3 -m unittest -v
"""

import base64
import gc
import hashlib
import hmac
import json
import os
import re
import sys
import tempfile
import threading
import time
import unittest
from urllib.parse import quote

import auth0logout as a0l

TENANT = ["https://www.example.com", "https://www.example.com/logged-out"]
CLIENTS = {
    "AbC123": ["https://app.example.com/bye", "https://*.example.org",
               "http://localhost:3000"],
    "NaTiVe9": ["com.example.app://callback"],
    "WiLd42": ["https://pr-*-preview.example.net",
               "https://www.example.net/signed-out"],
    "NoList7": [],
}


def q(return_to=None, client_id=None, extra=""):
    """A query string with percent-encoded values."""
    parts = []
    if return_to is not None:
        parts.append("returnTo=" + quote(return_to, safe=""))
    if client_id is not None:
        parts.append("client_id=" + quote(client_id, safe=""))
    if extra:
        parts.append(extra)
    return "&".join(parts)


class MemStoreTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.store = a0l.MemStore(tenant=TENANT, clients=CLIENTS)

    @classmethod
    def tearDownClass(cls):
        cls.store.close()

    def decide(self, query):
        return a0l.decide(self.store, query)

    def assertRedirect(self, d, location, lst, matched):
        self.assertEqual((d.outcome, d.status, d.location, d.list, d.matched,
                          d.error, d.error_description, d.code),
                         ("redirect", 302, location, lst, matched, None,
                          None, "ok"))

    def assertError(self, d, code, status=400, lst=None):
        self.assertEqual((d.outcome, d.status, d.code, d.location, d.list,
                          d.matched, d.federated),
                         ("error", status, code, None, lst, None, False))
        self.assertEqual(d.error, "invalid_request" if status == 400
                         else "server_error")
        self.assertTrue(d.error_description)

    def test_version(self):
        self.assertRegex(a0l.version(), r"^\d+\.\d+\.\d+$")

    def test_memstore_client_count(self):
        self.assertEqual(len(self.store), len(CLIENTS))

    def test_r2_2_redirect_via_tenant_list(self):
        d = self.decide(q("https://www.example.com/logged-out"))
        self.assertRedirect(d, "https://www.example.com/logged-out",
                            "tenant", "https://www.example.com/logged-out")

    def test_r2_1_redirect_via_client_list(self):
        d = self.decide(q("https://app.example.com/bye", "AbC123"))
        self.assertRedirect(d, "https://app.example.com/bye", "client",
                            "https://app.example.com/bye")

    def test_r2_1_tenant_list_not_consulted_with_client_id(self):
        d = self.decide(q("https://www.example.com", "AbC123"))
        self.assertError(d, "not_allowed", lst="client")

    def test_r4_9_query_and_fragment_kept(self):
        d = self.decide(q("https://www.example.com?a=1#top"))
        self.assertRedirect(d, "https://www.example.com?a=1#top", "tenant",
                            "https://www.example.com")

    def test_r5_4_wildcard_matches_one_label(self):
        d = self.decide(q("https://shop.example.org", "AbC123"))
        self.assertRedirect(d, "https://shop.example.org", "client",
                            "https://*.example.org")
        for url in ("https://a.b.example.org", "https://example.org"):
            with self.subTest(url=url):
                self.assertError(self.decide(q(url, "AbC123")),
                                 "not_allowed", lst="client")

    def test_r5_3_wildcard_with_prefix_and_suffix(self):
        d = self.decide(q("https://pr-42-preview.example.net", "WiLd42"))
        self.assertRedirect(d, "https://pr-42-preview.example.net", "client",
                            "https://pr-*-preview.example.net")

    def test_r3_row4_first_entry_redirect(self):
        for cid, loc in (("AbC123", "https://app.example.com/bye"),
                         ("NaTiVe9", "com.example.app://callback")):
            with self.subTest(client=cid):
                self.assertRedirect(self.decide(q(client_id=cid)), loc,
                                    "client", loc)

    def test_r3_4_first_entry_wildcard_is_logged_out(self):
        d = self.decide(q(client_id="WiLd42"))
        self.assertEqual((d.outcome, d.status, d.location, d.list),
                         ("logged_out", 200, None, "client"))

    def test_r3_row5_empty_client_list_is_logged_out(self):
        d = self.decide(q(client_id="NoList7"))
        self.assertEqual((d.outcome, d.status, d.location, d.list, d.code),
                         ("logged_out", 200, None, "client", "ok"))

    def test_r3_row1_no_parameters_is_logged_out(self):
        for query in ("", "foo=bar", "/v2/logout"):
            with self.subTest(query=query):
                d = self.decide(query)
                self.assertEqual((d.outcome, d.status, d.location, d.list,
                                  d.error),
                                 ("logged_out", 200, None, None, None))

    def test_r3_2_not_allowed_auth0_wording_tenant(self):
        d = self.decide(q("https://evil.com"))
        self.assertError(d, "not_allowed", lst="tenant")
        self.assertIn('The "returnTo" querystring parameter '
                      '"https://evil.com" is not defined as a valid URL in '
                      '"Allowed Logout URLs".', d.error_description)
        self.assertIn("tenant", d.error_description)
        self.assertIn("Checked the tenant's list", d.hint)

    def test_hint_only_on_not_allowed(self):
        d = self.decide("")
        self.assertIsNone(d.hint)

    def test_r3_2_not_allowed_names_client(self):
        d = self.decide(q("https://evil.com", "AbC123"))
        self.assertError(d, "not_allowed", lst="client")
        self.assertIn('"https://evil.com" is not defined as a valid URL in '
                      '"Allowed Logout URLs".', d.error_description)
        self.assertIn("AbC123", d.error_description)

    def test_r2_3_unknown_client_400(self):
        d = self.decide(q("https://www.example.com", "nobody"))
        self.assertError(d, "unknown_client")
        self.assertIn("nobody", d.error_description)

    def test_r1_4_duplicate_parameters_400(self):
        for query in ("returnTo=https://www.example.com"
                      "&returnTo=https://www.example.com",
                      "client_id=AbC123&client_id=AbC123",
                      "returnTo=&returnTo=https://www.example.com"):
            with self.subTest(query=query):
                d = self.decide(query)
                self.assertError(d, "query_duplicate")
                self.assertIn("twice", d.error_description)

    def test_r1_2_bad_escape_400(self):
        self.assertError(self.decide("returnTo=%zz"), "query_bad_escape")

    def test_r1_5_empty_values_count_as_absent(self):
        d = self.decide("returnTo=&client_id=")
        self.assertEqual(d.outcome, "logged_out")

    def test_r1_1_request_target_and_absolute_url(self):
        for prefix in ("/v2/logout?", "https://tenant.auth0.com/v2/logout?"):
            with self.subTest(prefix=prefix):
                d = self.decide(prefix + q("https://www.example.com")
                                + "#frag")
                self.assertRedirect(d, "https://www.example.com", "tenant",
                                    "https://www.example.com")

    def test_r4_invalid_return_to_statuses(self):
        cases = {
            "https://user@www.example.com": "url_userinfo",
            "https://user:pw@www.example.com": "url_userinfo",
            "javascript:alert(1)": "url_forbidden_scheme",
            "data:text/html,x": "url_forbidden_scheme",
            "/relative": "url_no_scheme",
            "https://": "url_no_host",
            "https://www.example.com\\@evil.com": "url_backslash",
            "https://www.example.com\r\nX: y": "url_control",
            " https://www.example.com": "url_space",
            "https://www.example.com:0": "url_bad_port",
            "https://www.example.com:080": "url_bad_port",
            "https://xn--a.com": "url_bad_punycode",
            "https://1.2.3.256": "url_bad_host",
            "https://www.example.com/%zz": "url_syntax",
        }
        for url, code in cases.items():
            with self.subTest(url=url):
                d = self.decide(q(url))
                self.assertError(d, code)
                # An invalid returnTo is refused before any list (or an
                # unknown client) is looked at.
                self.assertError(self.decide(q(url, "nobody")), code)

    def test_r4_7_location_percent_encoded(self):
        d = self.decide(q("https://www.example.com?msg=bye bye\u00e9"))
        self.assertEqual(d.outcome, "redirect")
        self.assertEqual(d.location,
                         "https://www.example.com?msg=bye%20bye%C3%A9")

    def test_r6_2_location_header_safe(self):
        for url in ("https://www.example.com?a=\u2028<>\"",
                    "https://www.example.com#\x7f"):
            d = self.decide(q(url))
            if d.location is not None:
                self.assertRegex(d.location, r"^[\x21-\x7e]*$")

    def test_r3_1_federated_flag(self):
        for extra in ("federated", "federated=", "federated=false"):
            with self.subTest(extra=extra):
                d = self.decide(q("https://www.example.com", extra=extra))
                self.assertEqual((d.outcome, d.federated),
                                 ("redirect", True))
                self.assertTrue(self.decide(extra).federated)
                self.assertTrue(self.decide(
                    q(client_id="AbC123", extra=extra)).federated)
                self.assertFalse(self.decide(
                    q("https://evil.com", extra=extra)).federated)
        self.assertFalse(self.decide(q("https://www.example.com")).federated)

    def test_decide_accepts_bytes(self):
        d = self.decide(q("https://www.example.com").encode())
        self.assertEqual(d.outcome, "redirect")

    def test_r1_8_query_too_long(self):
        d = self.decide("x=" + "a" * a0l._lib.auth0logout_max_query())
        self.assertError(d, "query_too_long")

    def test_r1_parse_request(self):
        r = a0l.parse_request("/v2/logout?returnTo=a%20b&client_id=x"
                              "&federated")
        self.assertEqual(r, a0l.Request(b"a b", b"x", True))
        self.assertEqual(a0l.parse_request("returnTo="),
                         a0l.Request(None, None, False))
        with self.assertRaises(a0l.Auth0LogoutError) as cm:
            a0l.parse_request("a=1&returnTo=%4")
        self.assertEqual(cm.exception.name, "query_bad_escape")
        self.assertEqual(cm.exception.offset, 13)


class MemStoreBuildTests(unittest.TestCase):
    def test_r5_7_bad_client_entry_reported(self):
        with self.assertRaises(a0l.Auth0LogoutError) as cm:
            a0l.MemStore(tenant=TENANT,
                         clients={"ok": ["https://a.com"],
                                  "bad": ["https://b.com", "b.com"]})
        e = cm.exception
        self.assertEqual((e.name, e.index), ("entry_no_scheme", 1))
        self.assertIn("bad", str(e))

    def test_r5_7_bad_tenant_entry_reported(self):
        with self.assertRaises(a0l.Auth0LogoutError) as cm:
            a0l.MemStore(tenant=["https://*.com"])
        self.assertEqual((cm.exception.name, cm.exception.index),
                         ("entry_wildcard_tld", 0))
        self.assertIn("tenant", str(cm.exception))

    def test_memstore_duplicate_client_str_and_bytes(self):
        # "a" and b"a" are the same client_id: the second add fails and the
        # library frees that list itself (no double free here).
        for _ in range(50):
            with self.assertRaises(a0l.Auth0LogoutError) as cm:
                a0l.MemStore(clients={"a": ["https://a.com"],
                                      b"a": ["https://b.com"]})
            self.assertEqual(cm.exception.name, "duplicate_client")

    def test_r1_7_memstore_invalid_client_id(self):
        for cid, name in (("", "client_id_empty"),
                          ("a\nb", "client_id_control"),
                          ("x" * 257, "client_id_too_long")):
            with self.subTest(cid=cid):
                with self.assertRaises(a0l.Auth0LogoutError) as cm:
                    a0l.MemStore(clients={cid: ["https://a.com"]})
                self.assertEqual(cm.exception.name, name)

    def test_memstore_accepts_csv_allowlist_and_bytes(self):
        lst = a0l.AllowList(["https://c.com"])
        with a0l.MemStore(tenant="https://t.com, https://u.com",
                          clients={b"\xc3\xa9t\xc3\xa9": lst,
                                   "none": None}) as ms:
            self.assertEqual(a0l.decide(ms, q("https://u.com")).outcome,
                             "redirect")
            d = a0l.decide(ms, q(client_id="\u00e9t\u00e9"))
            self.assertEqual(d.location, "https://c.com")
            self.assertEqual(a0l.decide(ms, q(client_id="none")).outcome,
                             "logged_out")
        # The AllowList was copied, not taken: still ours and usable.
        self.assertEqual(list(lst), ["https://c.com"])
        lst.close()

    def test_memstore_empty_tenant_refuses_everything(self):
        with a0l.MemStore() as ms:
            d = a0l.decide(ms, q("https://www.example.com"))
            self.assertEqual((d.status, d.code, d.list),
                             (400, "not_allowed", "tenant"))

    def test_memstore_closed(self):
        ms = a0l.MemStore(tenant=TENANT)
        ms.close()
        ms.close()
        with self.assertRaises(ValueError):
            a0l.decide(ms, "")


class AllowListTests(unittest.TestCase):
    def check_error(self, entries, name, index, offset=None):
        with self.assertRaises(a0l.Auth0LogoutError) as cm:
            a0l.AllowList(entries)
        e = cm.exception
        self.assertEqual((e.name, e.index), (name, index))
        self.assertEqual(a0l.status_name(e.status), name)
        self.assertTrue(e.message)
        if offset is not None:
            self.assertEqual(e.offset, offset)
        return e

    def test_r5_2_entry_without_scheme(self):
        e = self.check_error(["https://a.com", "*.example.com"],
                             "entry_no_scheme", 1)
        self.assertIn("https://", e.message)

    def test_r5_5_wildcard_over_tld(self):
        self.check_error(["https://*.com"], "entry_wildcard_tld", 0)

    def test_r5_6_wildcard_elsewhere(self):
        for entry in ("https://a.com/*", "https://*.*.a.com",
                      "myapp://*.a.com", "https://a.com:*"):
            with self.subTest(entry=entry):
                with self.assertRaises(a0l.Auth0LogoutError) as cm:
                    a0l.AllowList(["https://ok.com", entry])
                self.assertEqual(cm.exception.index, 1)
                self.assertTrue(cm.exception.name.startswith(("entry_",
                                                              "url_")))

    def test_r5_array_empty_entry_refused(self):
        self.check_error(["https://a.com", ""], "entry_empty", 1)

    def test_r4_4_userinfo_entry(self):
        self.check_error([b"https://u@a.com"], "url_userinfo", 0)

    def test_r4_1_embedded_nul_is_passed_through(self):
        # With explicit lengths the NUL reaches the library (not a
        # truncated "https://a.com").
        self.check_error(["https://a.com", b"https://a.com\x00.evil"],
                         "url_control", 1, offset=13)

    def test_r5_1_csv_trims_and_skips_empty(self):
        lst = a0l.AllowList.from_csv(" https://a.com ,, ,https://*.b.com")
        self.assertEqual(list(lst), ["https://a.com", "https://*.b.com"])
        self.assertEqual(len(lst), 2)
        self.assertEqual(lst[-1], "https://*.b.com")
        self.assertEqual(lst.raw(0), b"https://a.com")
        with self.assertRaises(IndexError):
            lst[2]
        self.assertEqual(len(a0l.AllowList.from_csv("")), 0)
        self.assertEqual(len(a0l.AllowList([])), 0)

    def test_r5_1_csv_error_index_and_offset(self):
        with self.assertRaises(a0l.Auth0LogoutError) as cm:
            a0l.AllowList.from_csv("https://a.com, ,  b.com")
        e = cm.exception
        self.assertEqual((e.name, e.index, e.offset),
                         ("entry_no_scheme", 1, 18))

    def test_allowlist_close_and_context_manager(self):
        with a0l.AllowList(["https://a.com"]) as lst:
            self.assertEqual(len(lst), 1)
        with self.assertRaises(ValueError):
            len(lst)
        lst.close()  # idempotent
        self.assertIn("closed", repr(lst))

    def test_allowlist_wrong_entry_type(self):
        with self.assertRaises(TypeError):
            a0l.AllowList(["https://a.com", 3])
        with self.assertRaises(TypeError):
            a0l.AllowList("https://a.com")  # a str is not a list


class CountingStore(a0l.Store):
    """A Python store over dicts of entries; counts its calls."""

    def __init__(self, tenant=TENANT, clients=CLIENTS):
        super().__init__()
        self.tenant = a0l.AllowList(tenant)
        self.clients = {k.encode(): a0l.AllowList(v)
                        for k, v in clients.items()}
        self.tenant_calls = 0
        self.client_calls = []

    def tenant_list(self):
        self.tenant_calls += 1
        return self.tenant

    def client_list(self, client_id):
        self.client_calls.append(client_id)
        try:
            return self.clients[client_id]
        except KeyError:
            raise a0l.UnknownClient(client_id) from None


class FailingStore(a0l.Store):
    def __init__(self, tenant=None, client=None):
        super().__init__()
        self.tenant_fn = tenant
        self.client_fn = client

    def tenant_list(self):
        return self.tenant_fn()

    def client_list(self, client_id):
        return self.client_fn()


def raise_(exc):
    def f():
        raise exc
    return f


class PythonStoreTests(unittest.TestCase):
    def setUp(self):
        # Prove that no exception ever escapes a callback into ctypes
        # (which would print it and return 0 == AUTH0LOGOUT_OK).
        self.unraisable = []
        self._hook = sys.unraisablehook
        sys.unraisablehook = self.unraisable.append

    def tearDown(self):
        sys.unraisablehook = self._hook
        self.assertEqual(self.unraisable, [])

    def assertServerError(self, d):
        self.assertEqual((d.outcome, d.status, d.error, d.location,
                          d.matched, d.code, d.federated),
                         ("error", 500, "server_error", None, None,
                          "store_failed", False))

    def test_r2_1_client_callback_gets_decoded_client_id_bytes(self):
        st = CountingStore(clients={"a b\u00e9": ["https://a.com"]})
        d = a0l.decide(st, "client_id=a+b%C3%A9&returnTo=https://a.com")
        self.assertEqual(st.client_calls, [b"a b\xc3\xa9"])
        self.assertEqual((d.outcome, d.list), ("redirect", "client"))

    def test_r2_1_tenant_read_only_for_the_hint_with_client_id(self):
        # With a client_id the tenant's list never decides; it is read
        # only to explain a not_allowed decision (the first one here).
        st = CountingStore()
        for url in ("https://www.example.com", "https://app.example.com/bye",
                    None):
            a0l.decide(st, q(url, "AbC123"))
        a0l.decide(st, q("https://www.example.com", "nobody"))
        self.assertEqual(st.tenant_calls, 1)
        self.assertEqual(st.client_calls, [b"AbC123"] * 3 + [b"nobody"])
        d = a0l.decide(st, q("https://www.example.com", "AbC123"))
        self.assertEqual((d.code, d.list), ("not_allowed", "client"))
        self.assertIn("allowed by the tenant's list", d.hint)

    def test_r2_2_client_never_consulted_without_client_id(self):
        st = CountingStore()
        d = a0l.decide(st, q("https://www.example.com"))
        self.assertEqual((d.outcome, d.list), ("redirect", "tenant"))
        self.assertEqual((st.tenant_calls, st.client_calls), (1, []))

    def test_r3_row1_no_store_call_without_parameters(self):
        st = CountingStore()
        self.assertEqual(a0l.decide(st, "federated").outcome, "logged_out")
        self.assertEqual((st.tenant_calls, st.client_calls), (0, []))

    def test_r4_invalid_return_to_checked_before_store(self):
        st = CountingStore()
        d = a0l.decide(st, q("https://u@a.com", "AbC123"))
        self.assertEqual(d.code, "url_userinfo")
        self.assertEqual((st.tenant_calls, st.client_calls), (0, []))

    def test_r2_3_unknown_client_raises_unknown_client(self):
        st = CountingStore()
        d = a0l.decide(st, q("https://www.example.com", "nobody"))
        self.assertEqual((d.outcome, d.status, d.error, d.code, d.location),
                         ("error", 400, "invalid_request", "unknown_client",
                          None))
        self.assertEqual(st.tenant_calls, 0)  # never falls back

    def test_r2_4_raising_tenant_store_fails_closed(self):
        for exc in (RuntimeError("db down"), ZeroDivisionError(),
                    OSError(5, "EIO"), MemoryError(), SystemExit(3),
                    a0l.UnknownClient("not for tenants")):
            with self.subTest(exc=type(exc).__name__):
                st = FailingStore(tenant=raise_(exc))
                d = a0l.decide(st, q("https://www.example.com"))
                self.assertServerError(d)
                self.assertIsNone(d.list)
                self.assertIs(st.last_exception, exc)

    def test_r2_4_raising_client_store_fails_closed(self):
        for exc in (RuntimeError("db down"), ZeroDivisionError(),
                    KeyError("x"), SystemExit(3)):
            with self.subTest(exc=type(exc).__name__):
                st = FailingStore(client=raise_(exc))
                for query in (q("https://www.example.com", "AbC123"),
                              q(client_id="AbC123", extra="federated")):
                    self.assertServerError(a0l.decide(st, query))

    def test_r2_4_wrong_return_type_fails_closed(self):
        for value in ("https://www.example.com", ["https://www.example.com"],
                      b"https://www.example.com", 0, True, object()):
            with self.subTest(value=value):
                st = FailingStore(tenant=lambda: value, client=lambda: value)
                self.assertServerError(
                    a0l.decide(st, q("https://www.example.com")))
                self.assertServerError(a0l.decide(st, q(client_id="x")))
                self.assertIsInstance(st.last_exception, TypeError)

    def test_r2_4_closed_allowlist_fails_closed(self):
        lst = a0l.AllowList(["https://www.example.com"])
        lst.close()
        st = FailingStore(tenant=lambda: lst)
        self.assertServerError(a0l.decide(st, q("https://www.example.com")))

    def test_r2_4_unimplemented_store_fails_closed(self):
        st = a0l.Store()
        self.assertServerError(a0l.decide(st, q("https://www.example.com")))
        self.assertServerError(a0l.decide(st, q(client_id="x")))
        self.assertIsInstance(st.last_exception, NotImplementedError)

    def test_store_none_is_an_empty_list(self):
        st = FailingStore(tenant=lambda: None, client=lambda: None)
        d = a0l.decide(st, q("https://www.example.com"))
        self.assertEqual((d.status, d.code, d.list),
                         (400, "not_allowed", "tenant"))
        d = a0l.decide(st, q(client_id="x"))
        self.assertEqual((d.outcome, d.status, d.list),
                         ("logged_out", 200, "client"))

    def test_store_fresh_list_per_call_is_kept_alive_until_released(self):
        def fresh():
            lst = a0l.AllowList(["https://www.example.com"])
            gc.collect()
            return lst  # the only reference: the store must hold it
        st = FailingStore(tenant=fresh, client=fresh)
        for _ in range(20):
            d = a0l.decide(st, q("https://www.example.com"))
            self.assertEqual(d.matched, "https://www.example.com")
            d = a0l.decide(st, q(client_id="c"))
            self.assertEqual(d.location, "https://www.example.com")
        self.assertEqual(st._lent, {})  # every list was released

    def test_store_subclass_without_super_init(self):
        class Bad(a0l.Store):
            def __init__(self):
                pass
        with self.assertRaises(TypeError):
            a0l.decide(Bad(), "")

    def test_store_callback_may_decide_recursively(self):
        inner = a0l.MemStore(tenant=["https://inner.com"])

        class Nested(a0l.Store):
            def tenant_list(self):
                self.inner = a0l.decide(inner, q("https://inner.com"))
                return a0l.AllowList(["https://outer.com"])

        st = Nested()
        d = a0l.decide(st, q("https://outer.com"))
        self.assertEqual(d.location, "https://outer.com")
        self.assertEqual(st.inner.location, "https://inner.com")
        inner.close()


class OwnershipTests(unittest.TestCase):
    def test_build_and_drop_many_memstores(self):
        for i in range(300):
            ms = a0l.MemStore(tenant=TENANT, clients=CLIENTS)
            if i % 3 == 0:
                self.assertEqual(a0l.decide(ms, q(client_id="AbC123"))
                                 .status, 302)
            if i % 2:
                ms.close()
            del ms
            if i % 50 == 0:
                gc.collect()
        gc.collect()

    def test_memstore_takes_lists_it_builds(self):
        taken = []
        real_take = a0l._take

        def spy(lst):
            ptr = real_take(lst)
            taken.append(lst)
            return ptr
        a0l._take = spy
        try:
            with a0l.MemStore(tenant=TENANT, clients={"a": ["https://a.com"]}):
                pass
        finally:
            a0l._take = real_take
        self.assertEqual(len(taken), 2)
        for lst in taken:
            self.assertIsNone(lst._ptr)  # Python no longer owns it
            lst.close()  # and closing it does nothing
        gc.collect()

    def test_failed_builds_do_not_leak_or_double_free(self):
        for _ in range(100):
            for kw in ({"clients": {"a": [], b"a": ["https://a.com"]}},
                       {"clients": {"a\x01": ["https://a.com"]}},
                       {"tenant": TENANT, "clients": {"x": ["nope"]}}):
                with self.assertRaises(a0l.Auth0LogoutError):
                    a0l.MemStore(**kw)
        gc.collect()

    def test_build_and_drop_many_python_stores(self):
        for _ in range(200):
            st = CountingStore()
            a0l.decide(st, q("https://app.example.com/bye", "AbC123"))
            del st
        gc.collect()

    def test_allowlists_dropped_in_any_order(self):
        lists = [a0l.AllowList.from_csv("https://a.com,https://b.com")
                 for _ in range(500)]
        for lst in lists[::2]:
            lst.close()
        del lists
        gc.collect()


class ThreadTests(unittest.TestCase):
    QUERIES = [
        q("https://www.example.com"),
        q("https://evil.com"),
        q("https://shop.example.org", "AbC123", "federated"),
        q(client_id="AbC123"),
        q(client_id="nobody"),
        q("https://u@x.com"),
        "",
    ]

    def run_threads(self, store, n_threads=2, rounds=300):
        expected = [a0l.decide(store, query) for query in self.QUERIES]
        failures = []
        start = threading.Barrier(n_threads)

        def work(k):
            start.wait()
            for r in range(rounds):
                i = (r + k) % len(self.QUERIES)
                d = a0l.decide(store, self.QUERIES[i])
                if d != expected[i]:
                    failures.append((self.QUERIES[i], d, expected[i]))

        threads = [threading.Thread(target=work, args=(k,))
                   for k in range(n_threads)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(failures, [])
        return expected

    def test_r6_3_two_threads_one_memstore(self):
        with a0l.MemStore(tenant=TENANT, clients=CLIENTS) as ms:
            exp = self.run_threads(ms, 2, 500)
        self.assertEqual([d.outcome for d in exp],
                         ["redirect", "error", "redirect", "redirect",
                          "error", "error", "logged_out"])
        self.assertTrue(exp[2].federated)

    def test_r6_3_threads_on_one_python_store(self):
        st = CountingStore()
        self.run_threads(st, 4, 200)
        self.assertEqual(st._lent, {})


ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")


def data(rel):
    return os.path.join(ROOT, rel)


class ConfigTests(unittest.TestCase):
    """MemStore.from_config and lint, through libauth0logout-config."""

    def test_r7_4_from_config_json(self):
        with a0l.MemStore.from_config(data("examples/demo.json")) as ms:
            self.assertEqual(len(ms), 4)
            d = a0l.decide(ms, q("https://shop.example.org", "AbC123"))
            self.assertEqual((d.outcome, d.location, d.matched, d.client_id,
                              d.confirm),
                             ("redirect", "https://shop.example.org",
                              "https://*.example.org", "AbC123", False))

    def test_r7_5_from_config_yaml_defines_and_names(self):
        defines = {"TENANT_HOST": "t.example.com", "APP_HOST":
                   "app.example.com", "PORT": "3000"}
        with a0l.MemStore.from_config(
                data("tests/data/import/placeholders.yaml"),
                defines=defines, client_id_from="name") as ms:
            d = a0l.decide(ms, q("http://localhost:3000", "My SPA"))
            self.assertEqual((d.outcome, d.client_id),
                             ("redirect", "My SPA"))
            d = a0l.decide(ms, q("https://t.example.com/logged-out"))
            self.assertEqual(d.outcome, "redirect")
        # The same defines as KEY=VALUE strings.
        with a0l.MemStore.from_config(
                data("tests/data/import/placeholders.yaml"),
                defines=[f"{k}={v}" for k, v in defines.items()],
                client_id_from="name") as ms:
            self.assertEqual(len(ms), 1)

    def test_r7_5_missing_placeholder_is_a_config_error(self):
        with self.assertRaises(a0l.ConfigError) as cm:
            a0l.MemStore.from_config(
                data("tests/data/import/placeholders.yaml"),
                client_id_from="name")
        e = cm.exception
        self.assertEqual(e.name, "config_placeholder")
        self.assertIn("##TENANT_HOST##", e.message)
        self.assertEqual((e.where, e.entry), ("tenant", 0))

    def test_r5_7_bad_entry_names_client_entry_and_reason(self):
        with self.assertRaises(a0l.ConfigError) as cm:
            a0l.MemStore.from_config(data("tests/data/cli/bad_entry.json"))
        e = cm.exception
        self.assertEqual((e.name, e.client, e.entry),
                         ("entry_no_scheme", 1, 2))
        self.assertEqual(e.where, 'clients[1] (client_id "AbC123")')
        self.assertTrue(e.file.endswith("bad_entry.json"))
        self.assertIn("https://", e.reason)
        self.assertTrue(e.message.startswith(e.file + ": "))

    def test_r7_4_syntax_error_has_line_and_column(self):
        with self.assertRaises(a0l.ConfigError) as cm:
            a0l.MemStore.from_config(data("tests/data/cli/bad_json.json"))
        e = cm.exception
        self.assertEqual(e.name, "config_syntax")
        self.assertIsNotNone(e.line)
        self.assertIsNotNone(e.column)

    def test_r7_4_missing_file(self):
        with self.assertRaises(a0l.ConfigError) as cm:
            a0l.lint(data("tests/data/no-such-file.json"))
        self.assertEqual(cm.exception.name, "config_io")

    def test_client_id_from_checked(self):
        with self.assertRaises(ValueError):
            a0l.MemStore.from_config(data("examples/demo.json"),
                                     client_id_from="id")

    def test_lint_demo_two_warnings(self):
        found = a0l.lint(data("examples/demo.json"))
        self.assertEqual([(f.id, f.client, f.index) for f in found],
                         [("W208", 0, 2), ("W203", 2, 0)])
        self.assertEqual(found[0].entry, "http://localhost:3000")
        self.assertEqual(found[0].related, 0)
        self.assertEqual(found[1].rule, "R3.4")
        self.assertEqual(found[1].severity, "warning")

    def test_lint_every_code_once(self):
        found = a0l.lint(data("tests/data/lint/all.json"))
        self.assertEqual(sorted(f.id for f in found),
                         ["E101", "E102", "E103", "W201", "W202", "W203",
                          "W204", "W205", "W206", "W207", "W208", "W209"])
        e101 = next(f for f in found if f.id == "E101")
        self.assertEqual((e101.severity, e101.status, e101.rule),
                         ("error", "url_userinfo", "R4.4"))

    def test_lint_max_entries(self):
        found = a0l.lint(data("tests/data/lint/all.json"), max_entries=1000)
        self.assertNotIn("W207", [f.id for f in found])


# --------------------------------------------------------------------------
# /oidc/logout (R8)

OIDC_TENANT = ["https://www.example.com/bye", "https://www.example.com/cb?x=1"]
OIDC_CLIENTS = {
    "AbC123": ["https://app.example.com/bye", "https://app.example.com/cb?a=1",
               "https://*.example.org"],
    "WiLd42": ["https://*.example.net", "https://www.example.net/x"],
    "NoList7": [],
    "Other9": ["https://other.example.com/bye"],
}


def oq(**params):
    """An /oidc/logout query string with percent-encoded values; a value of
    True is a bare name (a GET flag)."""
    return "&".join(k if v is True else k + "=" + quote(v, safe="")
                    for k, v in params.items())


class TableVerifier(a0l.Verifier):
    """A Python verifier: the token names its Claims in a table."""

    def __init__(self, table):
        super().__init__()
        self.table = table
        self.tokens = []

    def verify(self, token):
        self.tokens.append(token)
        return self.table.get(token)


TOKENS = {
    b"tok-abc": a0l.Claims(iss="https://tenant.example.com/", sub="u1",
                           sid="sid-1", azp="AbC123"),
    b"tok-aud": a0l.Claims(iss="https://tenant.example.com/", sid="sid-2",
                           aud="AbC123"),
    b"tok-aud1": a0l.Claims(sid="sid-3", aud=["Other9"]),
    b"tok-azp-auds": a0l.Claims(sid="sid-4", azp=b"Other9",
                                aud=["api", "Other9"]),
    b"tok-auds": a0l.Claims(sid="sid-5", aud=["AbC123", "Other9"]),
    b"tok-noaud": a0l.Claims(sid="sid-6"),
    b"tok-unknown": a0l.Claims(sid="sid-7", azp="nobody"),
    b"tok-nolist": a0l.Claims(azp="NoList7"),
    b"tok-dict": {"iss": "https://tenant.example.com/", "sid": "sid-8",
                  "aud": "AbC123", "exp": 1, "nonce": "n"},
}


class OidcCase(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.store = a0l.MemStore(tenant=OIDC_TENANT, clients=OIDC_CLIENTS)

    @classmethod
    def tearDownClass(cls):
        cls.store.close()

    def setUp(self):
        # Prove that no exception ever escapes a callback into ctypes
        # (which would print it and return 0 == AUTH0LOGOUT_OK).
        self.unraisable = []
        self._hook = sys.unraisablehook
        sys.unraisablehook = self.unraisable.append
        self.verifier = TableVerifier(TOKENS)

    def tearDown(self):
        sys.unraisablehook = self._hook
        self.assertEqual(self.unraisable, [])

    def decide(self, query, **kw):
        kw.setdefault("verifier", self.verifier)
        return a0l.decide_oidc(self.store, query, **kw)

    def assertRedirect(self, d, location, lst, matched, client_id=None):
        self.assertEqual((d.outcome, d.status, d.location, d.list, d.matched,
                          d.client_id, d.error, d.error_description, d.code),
                         ("redirect", 302, location, lst, matched, client_id,
                          None, None, "ok"))

    def assertLoggedOut(self, d, lst=None, client_id=None):
        self.assertEqual((d.outcome, d.status, d.location, d.list,
                          d.client_id, d.error, d.code),
                         ("logged_out", 200, None, lst, client_id, None,
                          "ok"))

    def assertError(self, d, code, status=400):
        self.assertEqual((d.outcome, d.status, d.code, d.location,
                          d.matched, d.confirm, d.federated),
                         ("error", status, code, None, None, False, False))
        self.assertEqual(d.error, "invalid_request" if status == 400
                         else "server_error")
        self.assertTrue(d.error_description)


class OidcStructTests(unittest.TestCase):
    def test_struct_sizes_match_the_library(self):
        for struct, name in ((a0l._DecisionC, "decision"),
                             (a0l._OidcRequestC, "oidc_request"),
                             (a0l._OidcEnvC, "oidc_env"),
                             (a0l._ClaimsC, "claims"),
                             (a0l._VerifierC, "verifier")):
            with self.subTest(struct=name):
                size = getattr(a0l._lib, f"auth0logout_{name}_size")
                size.restype = a0l._c_size
                self.assertEqual(a0l.ctypes.sizeof(struct), size())

    def test_decision_locale_took_reserved_space(self):
        # The decision did not grow: locale and locale_len took two of the
        # eight reserved pointers of 0.2, and the offsets before stay.
        ctypes = a0l.ctypes
        d = a0l._DecisionC
        self.assertEqual(d.locale.offset,
                         d.client_id_len.offset + ctypes.sizeof(ctypes.c_size_t))
        self.assertEqual(d.reserved.offset + d.reserved.size,
                         ctypes.sizeof(d))
        self.assertEqual(d.reserved.size, 6 * ctypes.sizeof(ctypes.c_void_p))

    def test_buffer_size(self):
        self.assertEqual(a0l._OIDC_BUF_SIZE, 96 * 1024)


class OidcTableTests(OidcCase):
    """R8.5, row by row."""

    def test_r8_5_row1_nothing_is_logged_out(self):
        for query in ("", "state=s", "federated", "/oidc/logout"):
            with self.subTest(query=query):
                d = self.decide(query)
                self.assertLoggedOut(d)
        self.assertEqual(self.verifier.tokens, [])

    def test_r8_5_row2_tenant_list_redirect_with_state(self):
        d = self.decide(oq(post_logout_redirect_uri=OIDC_TENANT[0],
                           state="xyz"))
        self.assertRedirect(d, OIDC_TENANT[0] + "?state=xyz", "tenant",
                            OIDC_TENANT[0])

    def test_r8_5_row3_tenant_list_no_match(self):
        d = self.decide(oq(post_logout_redirect_uri="https://evil.com"))
        self.assertError(d, "not_allowed")
        self.assertEqual(d.list, "tenant")
        self.assertIn('The "post_logout_redirect_uri" querystring parameter '
                      '"https://evil.com" is not defined as a valid URL in '
                      '"Allowed Logout URLs".', d.error_description)
        self.assertTrue(d.hint)

    def test_r8_5_row4_client_first_entry_without_state(self):
        for params in ({"client_id": "AbC123"}, {"id_token_hint": "tok-abc"}):
            with self.subTest(params=params):
                d = self.decide(oq(state="s", **params))
                self.assertRedirect(d, "https://app.example.com/bye",
                                    "client", "https://app.example.com/bye",
                                    "AbC123")

    def test_r8_5_row4_wildcard_first_entry_is_logged_out(self):
        d = self.decide(oq(client_id="WiLd42"))
        self.assertLoggedOut(d, "client", "WiLd42")

    def test_r8_5_row5_empty_client_list_is_logged_out(self):
        for params in ({"client_id": "NoList7"},
                       {"id_token_hint": "tok-nolist"}):
            with self.subTest(params=params):
                self.assertLoggedOut(self.decide(oq(**params)), "client",
                                     "NoList7")

    def test_r8_5_row6_client_list_redirect_with_state(self):
        d = self.decide(oq(client_id="AbC123",
                           post_logout_redirect_uri="https://shop.example.org",
                           state="a b&c/\u00e9~"))
        self.assertRedirect(d, "https://shop.example.org?state="
                               "a%20b%26c%2F%C3%A9~", "client",
                            "https://*.example.org", "AbC123")

    def test_r8_6_state_after_the_uri_query(self):
        d = self.decide(oq(id_token_hint="tok-abc",
                           post_logout_redirect_uri="https://app.example.com/"
                                                    "cb?a=1",
                           state="s1"))
        self.assertRedirect(d, "https://app.example.com/cb?a=1&state=s1",
                            "client", "https://app.example.com/cb?a=1",
                            "AbC123")

    def test_r8_5_row7_client_list_no_match_even_on_tenant_list(self):
        d = self.decide(oq(client_id="AbC123",
                           post_logout_redirect_uri=OIDC_TENANT[0]))
        self.assertError(d, "not_allowed")
        self.assertEqual((d.list, d.client_id), ("client", "AbC123"))
        self.assertIn("AbC123", d.error_description)

    def test_r8_4_query_must_match_exactly(self):
        for uri in ("https://app.example.com/cb", "https://app.example.com/"
                    "cb?a=2", "https://app.example.com/cb?a=1&b=2"):
            with self.subTest(uri=uri):
                d = self.decide(oq(client_id="AbC123",
                                   post_logout_redirect_uri=uri))
                self.assertError(d, "not_allowed")

    def test_r8_5_row8_broken_rules_are_invalid_request(self):
        cases = [
            (oq(client_id="AbC123") + "&client_id=AbC123",
             "query_duplicate"),
            (oq(post_logout_redirect_uri=OIDC_TENANT[0] + "#f"),
             "oidc_uri_fragment"),
            (oq(post_logout_redirect_uri="https://u@www.example.com/bye"),
             "url_userinfo"),
            (oq(state="a\nb"), "oidc_param_control"),
            (oq(state="s" * 2049), "oidc_param_too_long"),
            (oq(id_token_hint="tok-abc", client_id="Other9"),
             "oidc_client_mismatch"),
            (oq(id_token_hint="tok-abc", logout_hint="sid-other"),
             "oidc_logout_hint"),
            (oq(id_token_hint="tok-unknown"), "unknown_client"),
            (oq(client_id="nobody"), "unknown_client"),
            (oq(id_token_hint="forged"), "oidc_token_invalid"),
            (oq(ui_locales="de", client_id="AbC123"), "oidc_locale"),
            ("state=%zz", "query_bad_escape"),
        ]
        for query, code in cases:
            with self.subTest(code=code, query=query[:60]):
                d = self.decide(query, enabled_locales=["en", "fr-CA"])
                self.assertError(d, code)
                self.assertIsNone(d.locale)

    def test_r8_1_post_body(self):
        body = oq(client_id="AbC123", federated="true")
        d = self.decide(body, form=True)
        self.assertTrue(d.federated)
        self.assertEqual(d.location, "https://app.example.com/bye")
        d = self.decide(oq(client_id="AbC123", federated="false"), form=True)
        self.assertFalse(d.federated)
        d = self.decide(oq(client_id="AbC123", federated="yes"), form=True)
        self.assertError(d, "oidc_federated")
        # A GET's federated is a flag.
        self.assertTrue(self.decide(oq(client_id="AbC123",
                                       federated=True)).federated)

    def test_r8_8_locale_from_enabled_locales(self):
        d = self.decide(oq(client_id="AbC123", ui_locales="fr-ca en"),
                        enabled_locales=["en", b"fr-CA"])
        self.assertEqual((d.outcome, d.locale), ("redirect", "fr-CA"))
        d = self.decide(oq(client_id="AbC123", ui_locales="pt-BR"))
        self.assertEqual(d.locale, "pt-BR")  # no list: as given
        d = self.decide(oq(client_id="AbC123", ui_locales="x_y"))
        self.assertEqual((d.outcome, d.locale), ("redirect", None))
        self.assertIsNone(a0l.decide(self.store, "").locale)  # /v2/logout

    def test_decide_oidc_accepts_bytes_and_targets(self):
        for query in (oq(client_id="AbC123").encode(),
                      "/oidc/logout?" + oq(client_id="AbC123"),
                      "https://t.example.com/oidc/logout?"
                      + oq(client_id="AbC123")):
            with self.subTest(query=query):
                self.assertEqual(self.decide(query).location,
                                 "https://app.example.com/bye")

    def test_python_store(self):
        st = CountingStore(tenant=OIDC_TENANT, clients=OIDC_CLIENTS)
        d = a0l.decide_oidc(st, oq(id_token_hint="tok-abc"),
                            verifier=self.verifier)
        self.assertEqual((d.location, d.client_id),
                         ("https://app.example.com/bye", "AbC123"))
        self.assertEqual((st.tenant_calls, st.client_calls), (0, [b"AbC123"]))
        st = FailingStore(client=raise_(RuntimeError("db down")))
        d = a0l.decide_oidc(st, oq(id_token_hint="tok-abc"),
                            verifier=self.verifier)
        self.assertError(d, "store_failed", 500)


class OidcClaimsTests(OidcCase):
    """R8.2: the token's client from the claims a Python verifier gives."""

    def test_r8_2_azp_names_the_client(self):
        d = self.decide(oq(id_token_hint="tok-abc"))
        self.assertEqual((d.client_id, d.list), ("AbC123", "client"))
        self.assertEqual(self.verifier.tokens, [b"tok-abc"])

    def test_r8_2_single_aud_names_the_client(self):
        for tok, client in (("tok-aud", "AbC123"), ("tok-aud1", "Other9"),
                            ("tok-dict", "AbC123")):
            with self.subTest(tok=tok):
                d = self.decide(oq(id_token_hint=tok))
                self.assertEqual((d.outcome, d.client_id),
                                 ("redirect", client))

    def test_r8_2_azp_wins_over_several_audiences(self):
        d = self.decide(oq(id_token_hint="tok-azp-auds"))
        self.assertEqual((d.client_id, d.location),
                         ("Other9", "https://other.example.com/bye"))

    def test_r8_2_several_audiences_or_none_without_azp_invalid(self):
        for tok in ("tok-auds", "tok-noaud"):
            with self.subTest(tok=tok):
                self.assertError(self.decide(oq(id_token_hint=tok)),
                                 "oidc_token_invalid")

    def test_r8_2_client_id_equal_to_the_token_client(self):
        d = self.decide(oq(id_token_hint="tok-aud", client_id="AbC123"))
        self.assertEqual((d.outcome, d.client_id), ("redirect", "AbC123"))

    def test_r8_2_logout_hint_equal_to_sid(self):
        d = self.decide(oq(id_token_hint="tok-abc", logout_hint="sid-1"))
        self.assertEqual(d.outcome, "redirect")

    def test_verifier_gets_the_decoded_token(self):
        self.decide(oq(id_token_hint="a b\u00e9+%"))
        self.assertEqual(self.verifier.tokens, [b"a b\xc3\xa9+%"])

    def test_plain_callable_verifier(self):
        seen = []

        def verify(token):
            seen.append(token)
            gc.collect()  # the wrapper the call made must survive this
            return {"azp": "Other9", "sid": "s"}
        d = a0l.decide_oidc(self.store, oq(id_token_hint="t"),
                            verifier=verify)
        self.assertEqual((d.location, seen),
                         ("https://other.example.com/bye", [b"t"]))
        d = a0l.decide_oidc(self.store, oq(id_token_hint="t"),
                            verifier=a0l.Verifier(verify))
        self.assertEqual(d.client_id, "Other9")

    def test_none_and_invalid_token_are_400(self):
        for verify in (lambda t: None,
                       lambda t: raise_(a0l.InvalidToken("bad sig"))()):
            v = a0l.Verifier(verify)
            d = a0l.decide_oidc(self.store, oq(id_token_hint="x",
                                               client_id="AbC123"),
                                verifier=v)
            self.assertError(d, "oidc_token_invalid")
            self.assertIsNone(v.last_exception)

    def test_no_verifier_every_token_invalid(self):
        d = a0l.decide_oidc(self.store, oq(id_token_hint="tok-abc",
                                           client_id="AbC123"))
        self.assertError(d, "oidc_token_invalid")
        self.assertIn("no verifier", d.error_description)


class OidcVerifierFailureTests(OidcCase):
    """R8.10: a Python verifier that fails is a 500, never a redirect."""

    QUERIES = [
        oq(id_token_hint="t"),
        oq(id_token_hint="t", client_id="AbC123",
           post_logout_redirect_uri="https://app.example.com/bye"),
        oq(id_token_hint="t", post_logout_redirect_uri=OIDC_TENANT[0],
           state="s"),
    ]

    def assertVerifierFailed(self, v):
        for query in self.QUERIES:
            d = a0l.decide_oidc(self.store, query, verifier=v)
            self.assertError(d, "verifier_failed", 500)
            self.assertEqual((d.list, d.client_id, d.locale),
                             (None, None, None))

    def test_raising_verifier_fails_closed(self):
        for exc in (a0l.VerifierError("jwks down"), RuntimeError("bug"),
                    KeyError("kid"), ZeroDivisionError(), MemoryError(),
                    SystemExit(3), KeyboardInterrupt(),
                    a0l.UnknownClient("not for verifiers")):
            with self.subTest(exc=type(exc).__name__):
                v = a0l.Verifier(lambda t, e=exc: raise_(e)())
                self.assertVerifierFailed(v)
                self.assertIs(v.last_exception, exc)

    def test_plain_callable_that_raises_fails_closed(self):
        def verify(token):
            raise a0l.VerifierError("key store down")
        for query in self.QUERIES:
            d = a0l.decide_oidc(self.store, query, verifier=verify)
            self.assertError(d, "verifier_failed", 500)

    def test_wrong_return_types_fail_closed(self):
        for value in ("AbC123", b"AbC123", ["AbC123"], 0, True, object(),
                      a0l.Claims(azp=3), a0l.Claims(aud=["AbC123", None]),
                      a0l.Claims(aud={"AbC123": 1}), {"azp": ["AbC123"]}):
            with self.subTest(value=value):
                v = a0l.Verifier(lambda t, r=value: r)
                self.assertVerifierFailed(v)
                self.assertIsInstance(v.last_exception, TypeError)

    def test_claims_too_big_for_the_scratch_fail_closed(self):
        v = a0l.Verifier(lambda t: a0l.Claims(azp="AbC123",
                                              sub="x" * 40000))
        self.assertVerifierFailed(v)
        self.assertIsInstance(v.last_exception, ValueError)

    def test_unimplemented_verifier_fails_closed(self):
        v = a0l.Verifier()
        self.assertVerifierFailed(v)
        self.assertIsInstance(v.last_exception, NotImplementedError)

    def test_verifier_subclass_without_super_init(self):
        class Bad(a0l.Verifier):
            def __init__(self):
                pass
        with self.assertRaises(TypeError):
            a0l.decide_oidc(self.store, "", verifier=Bad())
        with self.assertRaises(TypeError):
            a0l.decide_oidc(self.store, "", verifier="not callable")
        with self.assertRaises(TypeError):
            a0l.Verifier(42)

    def test_invalid_claim_bytes_are_an_invalid_token(self):
        # A control byte in azp: not a client_id (R1.7) -- refused by the
        # core, never looked up.
        v = a0l.Verifier(lambda t: a0l.Claims(azp="Abc\n123"))
        d = a0l.decide_oidc(self.store, oq(id_token_hint="t"), verifier=v)
        self.assertError(d, "oidc_token_invalid")


class OidcConsentTests(OidcCase):
    """R8.7: confirm, with and without the browser session's sid."""

    def confirm(self, session_sid=None, prompt=None, **params):
        d = self.decide(oq(**params), session_sid=session_sid,
                        prompt=prompt)
        self.assertNotEqual(d.outcome, "error", d)
        return d.confirm

    def test_r8_7_no_hint_asks(self):
        self.assertTrue(self.confirm(client_id="AbC123"))
        self.assertTrue(self.confirm())
        self.assertTrue(self.confirm(session_sid="sid-1"))

    def test_r8_7_token_without_session_does_not_ask(self):
        self.assertFalse(self.confirm(id_token_hint="tok-abc"))

    def test_r8_7_token_sid_against_session(self):
        self.assertFalse(self.confirm("sid-1", id_token_hint="tok-abc"))
        self.assertTrue(self.confirm("sid-2", id_token_hint="tok-abc"))
        self.assertTrue(self.confirm(b"sid-1\0", id_token_hint="tok-abc"))
        # a token without sid differs from any session
        self.assertTrue(self.confirm("sid-1", id_token_hint="tok-nolist"))

    def test_r8_7_logout_hint(self):
        self.assertTrue(self.confirm(logout_hint="sid-1", client_id="AbC123"))
        self.assertFalse(self.confirm("sid-1", logout_hint="sid-1",
                                      client_id="AbC123"))
        self.assertTrue(self.confirm("sid-9", logout_hint="sid-1",
                                     client_id="AbC123"))
        self.assertFalse(self.confirm("sid-1", logout_hint="sid-1",
                                      id_token_hint="tok-abc"))

    def test_r8_7_prompt_disabled_never_asks(self):
        self.assertFalse(self.confirm(prompt=False))
        self.assertFalse(self.confirm("sid-2", prompt=False,
                                      id_token_hint="tok-abc"))
        self.assertTrue(self.confirm(prompt=True))

    def test_r8_7_errors_never_ask(self):
        d = self.decide(oq(post_logout_redirect_uri="https://evil.com"))
        self.assertEqual((d.outcome, d.confirm), ("error", False))

    def test_v2_logout_never_asks(self):
        self.assertFalse(a0l.decide(self.store, "").confirm)


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


HS_SECRET = "python-test-secret-0123456789-abcdefghijklmnop"
ISSUER = "https://tenant.example.com/"


def hs256(payload, secret=HS_SECRET, header=None):
    """An HS256 JWS in compact form, made with the standard library."""
    head = b64url(json.dumps(header or {"alg": "HS256", "typ": "JWT"})
                  .encode())
    body = b64url(json.dumps(payload).encode())
    signing_input = f"{head}.{body}".encode("ascii")
    key = secret.encode() if isinstance(secret, str) else secret
    sig = hmac.new(key, signing_input, hashlib.sha256).digest()
    return f"{head}.{body}.{b64url(sig)}"


OIDC_CONFIG = {
    "tenant": {
        "allowed_logout_urls": ["https://www.example.com/bye"],
        "enabled_locales": ["en", "fr-CA"],
    },
    "clients": [
        {"client_id": "HsApp", "name": "HS app",
         "allowed_logout_urls": ["https://app.example.com/bye",
                                 "https://app.example.com/cb?x=1"],
         "jwt_configuration": {"alg": "HS256"},
         "client_secret": HS_SECRET},
        {"client_id": "RsApp",
         "allowed_logout_urls": ["https://rs.example.com/bye"]},
    ],
    "oidc": {"issuer": ISSUER,
             "discovery": {"scopes_supported": ["openid"]}},
}


class OidcReferenceVerifierTests(unittest.TestCase):
    """OidcSettings: the tenant's settings and the reference verifier
    (OpenSSL) from a config file (R7.7, R8.10, R8.11)."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.path = cls.write("config.json", OIDC_CONFIG)
        cls.store = a0l.MemStore.from_config(cls.path)
        cls.oidc = a0l.OidcSettings.from_config(cls.path)

    @classmethod
    def tearDownClass(cls):
        cls.store.close()
        cls.oidc.close()
        cls.tmp.cleanup()

    @classmethod
    def write(cls, name, config):
        path = os.path.join(cls.tmp.name, name)
        with open(path, "w", encoding="utf-8") as f:
            json.dump(config, f)
        return path

    def decide(self, query, oidc=None, **kw):
        return a0l.decide_oidc(self.store, query, oidc=oidc or self.oidc,
                               **kw)

    def token(self, **claims):
        payload = {"iss": ISSUER, "sub": "auth0|u1", "aud": "HsApp",
                   "sid": "sess-1", "iat": int(time.time())}
        payload.update(claims)
        return hs256({k: v for k, v in payload.items() if v is not None})

    def test_r8_10_hs256_token_verifies(self):
        d = self.decide(oq(id_token_hint=self.token(),
                           post_logout_redirect_uri="https://app.example.com/"
                                                    "cb?x=1",
                           state="st"))
        self.assertEqual((d.outcome, d.location, d.list, d.client_id,
                          d.confirm),
                         ("redirect", "https://app.example.com/cb?x=1"
                          "&state=st", "client", "HsApp", False))

    def test_r8_10_azp_names_the_hs256_client(self):
        d = self.decide(oq(id_token_hint=self.token(aud=["api", "HsApp"],
                                                    azp="HsApp")))
        self.assertEqual((d.outcome, d.client_id), ("redirect", "HsApp"))

    def test_r8_10_forged_tokens_refused(self):
        good = self.token()
        head, body, sig = good.split(".")
        other = b64url(json.dumps({"iss": ISSUER, "aud": "HsApp",
                                   "sid": "sess-1", "admin": True})
                       .encode())
        forged = {
            "wrong secret": hs256({"iss": ISSUER, "aud": "HsApp"},
                                  secret="not-the-secret"),
            "payload swapped": f"{head}.{other}.{sig}",
            "signature cut": f"{head}.{body}.{sig[:-2]}",
            "alg none": b64url(b'{"alg":"none"}') + f".{body}.",
            "alg none signed": hs256({"iss": ISSUER, "aud": "HsApp"},
                                     header={"alg": "none"}),
            "RS256 header": hs256({"iss": ISSUER, "aud": "HsApp"},
                                  header={"alg": "RS256"}),
            "other issuer": self.token(iss="https://evil.example.com/"),
            "no issuer": self.token(iss=None),
            "two parts": f"{head}.{body}",
            "not base64": f"{head}.{body}.!!!",
            "RS256 client": self.token(aud="RsApp"),
        }
        for what, tok in forged.items():
            with self.subTest(what):
                d = self.decide(oq(id_token_hint=tok,
                                   post_logout_redirect_uri="https://app."
                                                            "example.com/"
                                                            "bye"))
                self.assertEqual((d.outcome, d.status, d.code, d.location),
                                 ("error", 400, "oidc_token_invalid", None))

    def test_r8_2_client_mismatch_and_logout_hint(self):
        tok = self.token()
        d = self.decide(oq(id_token_hint=tok, client_id="RsApp"))
        self.assertEqual(d.code, "oidc_client_mismatch")
        d = self.decide(oq(id_token_hint=tok, logout_hint="sess-2"))
        self.assertEqual(d.code, "oidc_logout_hint")
        d = self.decide(oq(id_token_hint=tok, logout_hint="sess-1"),
                        session_sid="sess-1")
        self.assertEqual((d.outcome, d.confirm), ("redirect", False))
        d = self.decide(oq(id_token_hint=tok), session_sid="sess-2")
        self.assertEqual((d.outcome, d.confirm), ("redirect", True))

    def test_r8_10_max_age(self):
        old = self.token(iat=int(time.time()) - 3600)
        self.assertEqual(self.decide(oq(id_token_hint=old)).outcome,
                         "redirect")  # exp and iat not enforced by default
        with a0l.OidcSettings.from_config(self.path, max_age=60) as strict:
            d = self.decide(oq(id_token_hint=old), oidc=strict)
            self.assertEqual(d.code, "oidc_token_invalid")
            d = self.decide(oq(id_token_hint=self.token()), oidc=strict)
            self.assertEqual(d.outcome, "redirect")
            strict.set_max_age(0)
            d = self.decide(oq(id_token_hint=old), oidc=strict)
            self.assertEqual(d.outcome, "redirect")

    def test_r8_8_enabled_locales_from_config(self):
        d = self.decide(oq(client_id="HsApp", ui_locales="FR-ca"))
        self.assertEqual((d.outcome, d.locale), ("redirect", "fr-CA"))
        d = self.decide(oq(client_id="HsApp", ui_locales="de"))
        self.assertEqual((d.status, d.code), (400, "oidc_locale"))
        # An explicit list wins over the config's.
        d = self.decide(oq(client_id="HsApp", ui_locales="de"),
                        enabled_locales=["de"])
        self.assertEqual(d.locale, "de")

    def test_r8_7_prompt_setting_from_config(self):
        self.assertTrue(self.decide(oq(client_id="HsApp")).confirm)
        cfg = json.loads(json.dumps(OIDC_CONFIG))
        cfg["tenant"]["sessions"] = {"oidc_logout_prompt_enabled": False}
        with a0l.OidcSettings.from_config(self.write("noprompt.json", cfg)) \
                as quiet:
            self.assertFalse(self.decide(oq(client_id="HsApp"),
                                         oidc=quiet).confirm)
            self.assertTrue(self.decide(oq(client_id="HsApp"), oidc=quiet,
                                        prompt=True).confirm)

    def test_python_verifier_with_config_settings(self):
        # verifier= replaces the reference verifier; the tenant's settings
        # stay.
        v = a0l.Verifier(lambda t: a0l.Claims(azp="RsApp", sid="s"))
        d = self.decide(oq(id_token_hint="anything", ui_locales="en"),
                        verifier=v)
        self.assertEqual((d.location, d.locale),
                         ("https://rs.example.com/bye", "en"))

    def test_r8_11_discovery_and_jwks(self):
        doc = json.loads(self.oidc.discovery)
        self.assertEqual(doc["issuer"], ISSUER)
        self.assertEqual(doc["end_session_endpoint"],
                         "https://tenant.example.com/oidc/logout")
        self.assertEqual(doc["scopes_supported"], ["openid"])
        self.assertNotIn("jwks_uri", doc)  # no keys configured
        self.assertIsNone(self.oidc.jwks)
        self.assertEqual(self.oidc.issuer, ISSUER)
        self.assertIn("tenant.example.com", repr(self.oidc))

    def test_r7_7_config_without_oidc_has_no_issuer(self):
        cfg = {k: v for k, v in OIDC_CONFIG.items() if k != "oidc"}
        with a0l.OidcSettings.from_config(self.write("plain.json", cfg)) \
                as none:
            self.assertEqual((none.issuer, none.discovery, none.jwks),
                             (None, None, None))
            d = self.decide(oq(id_token_hint=self.token()), oidc=none)
            self.assertEqual(d.code, "oidc_token_invalid")

    def test_r7_7_bad_oidc_config_is_a_config_error(self):
        for oidc, name in (({"issuer": "http://tenant.example.com/"},
                            "config_shape"),
                           ({"issuer": 3}, "config_shape"),
                           ({"issuer": ISSUER,
                             "jwks": {"keys": [{"kty": "RSA", "kid": "k1",
                                                "n": "AQAB", "e": "AQAB"}]}},
                            "config_key")):
            with self.subTest(oidc=oidc):
                cfg = dict(OIDC_CONFIG, oidc=oidc)
                with self.assertRaises(a0l.ConfigError) as cm:
                    a0l.OidcSettings.from_config(self.write("bad.json", cfg))
                self.assertEqual(cm.exception.name, name)
                self.assertTrue(cm.exception.message)
        with self.assertRaises(a0l.ConfigError) as cm:
            a0l.OidcSettings.from_config(os.path.join(self.tmp.name,
                                                      "missing.json"))
        self.assertEqual(cm.exception.name, "config_io")

    def test_closed_settings(self):
        s = a0l.OidcSettings.from_config(self.path)
        s.close()
        s.close()
        with self.assertRaises(ValueError):
            self.decide("", oidc=s)
        with self.assertRaises(ValueError):
            s.discovery
        with self.assertRaises(TypeError):
            a0l.OidcSettings()
        with self.assertRaises(TypeError):
            self.decide("", oidc="config.json")

    def test_many_settings_built_and_dropped(self):
        for i in range(100):
            s = a0l.OidcSettings.from_config(self.path)
            if i % 10 == 0:
                self.assertEqual(self.decide(oq(id_token_hint=self.token()),
                                             oidc=s).client_id, "HsApp")
            if i % 2:
                s.close()
            del s
        gc.collect()


class OidcParseTests(unittest.TestCase):
    def test_r8_1_parse_oidc_request(self):
        r = a0l.parse_oidc_request("/oidc/logout?id_token_hint=a.b.c"
                                   "&logout_hint=s&client_id=x"
                                   "&post_logout_redirect_uri=https%3A%2F%2Fa"
                                   "&state=%20&ui_locales=fr&federated"
                                   "&other=1")
        self.assertEqual(r, a0l.OidcRequest(b"a.b.c", b"s", b"x",
                                            b"https://a", b" ", b"fr", True))
        self.assertEqual(a0l.parse_oidc_request("state="),
                         a0l.OidcRequest(None, None, None, None, None, None,
                                         False))

    def test_r8_1_parse_errors(self):
        for query, form, name in (("state=1&state=2", False,
                                   "query_duplicate"),
                                  ("federated=maybe", True, "oidc_federated"),
                                  ("a=1&state=%4", False, "query_bad_escape"),
                                  ("logout_hint=" + "x" * 257, False,
                                   "oidc_param_too_long")):
            with self.subTest(query=query[:40]):
                with self.assertRaises(a0l.Auth0LogoutError) as cm:
                    a0l.parse_oidc_request(query, form=form)
                self.assertEqual(cm.exception.name, name)
        self.assertFalse(a0l.parse_oidc_request("federated=false",
                                                form=True).federated)


class OidcThreadTests(unittest.TestCase):
    def test_threads_share_a_python_verifier(self):
        store = a0l.MemStore(tenant=OIDC_TENANT, clients=OIDC_CLIENTS)
        v = TableVerifier(TOKENS)
        queries = [oq(id_token_hint="tok-abc", state="s"),
                   oq(id_token_hint="tok-aud1"),
                   oq(id_token_hint="forged"),
                   oq(post_logout_redirect_uri=OIDC_TENANT[1], state="z"),
                   oq(id_token_hint="tok-azp-auds", client_id="AbC123")]
        expected = [a0l.decide_oidc(store, x, verifier=v) for x in queries]
        failures = []
        start = threading.Barrier(4)

        def work(k):
            start.wait()
            for r in range(200):
                i = (r + k) % len(queries)
                d = a0l.decide_oidc(store, queries[i], verifier=v)
                if d != expected[i]:
                    failures.append((queries[i], d))

        threads = [threading.Thread(target=work, args=(k,))
                   for k in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        store.close()
        self.assertEqual(failures, [])
        self.assertEqual([d.code for d in expected],
                         ["ok", "ok", "oidc_token_invalid", "ok",
                          "oidc_client_mismatch"])

    def test_verifier_may_decide_recursively(self):
        store = a0l.MemStore(tenant=OIDC_TENANT, clients=OIDC_CLIENTS)
        inner = []

        def verify(token):
            inner.append(a0l.decide_oidc(store, oq(client_id="Other9")))
            return a0l.Claims(azp="AbC123")
        d = a0l.decide_oidc(store, oq(id_token_hint="t"), verifier=verify)
        self.assertEqual(d.location, "https://app.example.com/bye")
        self.assertEqual(inner[0].location, "https://other.example.com/bye")
        store.close()


class SharedTableTests(unittest.TestCase):
    """tests/data/shared: the decision table every binding and the C suite
    (auth0logout test) run alike, through MemStore.from_config."""

    def test_shared_table(self):
        with open(data("tests/data/shared/cases.json"), encoding="utf-8") as f:
            cases = json.load(f)["cases"]
        self.assertGreaterEqual(len(cases), 20)
        with a0l.MemStore.from_config(
                data("tests/data/shared/config.json")) as ms:
            for case in cases:
                with self.subTest(case["name"]):
                    d = a0l.decide(ms, case["query"])
                    for field, want in case["expect"].items():
                        self.assertEqual(getattr(d, field), want, field)


# --------------------------------------------------------------------------
# R11 policy tests: cases files, Case.check and auth0logout.testing

FAILING_MESSAGE = (
    'expected outcome redirect, got error; expected status 302, got 400; '
    'expected location "http://shop.example.org", got null (hint: Checked '
    'the application\'s list (client_id "AbC123") because a client_id was '
    'given; the tenant\'s list is not used then. Nearest entry: '
    '"https://*.example.org" (entry 2 of 3), which uses https where the '
    'returnTo uses http.)')


def cli_path():
    """The CLI built with the libraries under test, or None:
    AUTH0LOGOUT_CLI (make check sets it, relative to the repository root),
    else auth0logout next to AUTH0LOGOUT_LIB."""
    cli = os.environ.get("AUTH0LOGOUT_CLI")
    if cli and not os.path.isabs(cli):
        cli = os.path.join(ROOT, cli)
    if not cli and os.environ.get("AUTH0LOGOUT_LIB"):
        cli = os.path.abspath(os.path.join(
            os.path.dirname(os.environ["AUTH0LOGOUT_LIB"]), "auth0logout"))
    return cli if cli and os.access(cli, os.X_OK) else None


def cli_test(config, *files, options=()):
    """`auth0logout test` run from ROOT: (exit status, its FAIL lines)."""
    import subprocess
    r = subprocess.run([cli_path(), "test", "--config", config, *options,
                        *files], cwd=ROOT, capture_output=True, text=True,
                       check=False)
    return r.returncode, [ln for ln in r.stdout.split("\n")
                          if ln.startswith("FAIL ")]


class PolicyCasesTests(unittest.TestCase):
    """Cases, Case.check (auth0logout_config_case_check) and
    auth0logout.testing (R11)."""

    @classmethod
    def setUpClass(cls):
        cls.store = a0l.MemStore.from_config(data("examples/demo.json"))
        cls.oidc = a0l.OidcSettings.from_config(data("examples/demo.json"))

    @classmethod
    def tearDownClass(cls):
        cls.store.close()
        cls.oidc.close()

    def run_case(self, case):
        return case.run(self.store, oidc=self.oidc)

    def test_r11_case_struct_size_matches_the_library(self):
        lib = a0l._ConfigLib.get()
        self.assertTrue(lib.has_cases)
        size = lib._cdll.auth0logout_config_case_size
        size.restype = a0l._c_size
        self.assertEqual(a0l.ctypes.sizeof(a0l._CaseC), size())

    def test_r11_case_struct_mismatch_refused_at_load(self):
        class Shorter(a0l.ctypes.Structure):
            _fields_ = a0l._CaseC._fields_[:-1]

        lib = a0l._ConfigLib.get()
        real = a0l._CaseC
        a0l._CaseC = Shorter
        try:
            with self.assertRaises(ImportError) as cm:
                lib._declare(lib._cdll)
        finally:
            a0l._CaseC = real
            lib._declare(lib._cdll)
        self.assertIn("auth0logout_config_case_size", str(cm.exception))

    def test_r11_cases_read_as_the_library_reads_them(self):
        with a0l.Cases.read(data("tests/data/cases/all.json")) as cs:
            self.assertEqual(len(cs), 3)
            self.assertEqual(cs.source, data("tests/data/cases/all.json"))
            self.assertTrue(cs.oidc)
            c = cs[0]
            # A target: its query part, without the fragment.
            self.assertEqual((c.name, c.query, c.endpoint, c.form,
                              c.session_sid, c.index),
                             ("tenant list",
                              "returnTo=https%3A%2F%2Fwww.example.com",
                              "v2", False, None, 0))
            self.assertEqual(c.expectations, {
                "outcome": "redirect", "status": 302,
                "location": "https://www.example.com", "list": "tenant",
                "matched": "https://www.example.com", "error": None})
            self.assertEqual((cs[1].endpoint, cs[1].query, cs[1].session_sid),
                             ("oidc", "client_id=AbC123", "s1"))
            self.assertEqual(cs[2].expectations,
                             {"location": None, "error": "invalid_request"})
            self.assertEqual([c.name for c in cs][-1], "server error never")
        with a0l.Cases.read(data("examples/demo-cases.yaml")) as cs:
            form = [c for c in cs if c.form]
            self.assertEqual([c.name for c in form],
                             ["oidc logout by a POST form"])
            self.assertEqual(form[0].endpoint, "oidc")

    def test_r11_cases_file_errors_name_case_and_key(self):
        with self.assertRaises(a0l.ConfigError) as cm:
            a0l.Cases.read(data("tests/data/cases/unknown_key.yaml"))
        e = cm.exception
        self.assertEqual(e.name, "config_shape")
        self.assertIn('unknown key "expct"', e.message)
        self.assertIn('(name "typo in expect")', e.message)
        with self.assertRaises(a0l.ConfigError) as cm:
            a0l.Cases.read(data("tests/data/no-such-cases.yaml"))
        self.assertEqual(cm.exception.name, "config_io")

    def test_r11_case_check_passes_and_fails(self):
        with a0l.Cases.read(data("tests/data/cases-failing.yaml")) as cs:
            self.assertEqual([self.run_case(c) for c in cs],
                             [None, FAILING_MESSAGE, None])

    def test_r11_case_check_matches_cli(self):
        """Every case's message (or None) is the one `auth0logout test`
        prints after "FAIL file:name: "."""
        if cli_path() is None:
            self.skipTest("no auth0logout CLI (set AUTH0LOGOUT_CLI)")
        runs = [("examples/demo.json", [
                    "examples/demo-cases.yaml",
                    "tests/data/cases-failing.yaml",
                    "tests/data/cases/all.json",
                    "tests/integration/pytest_helper/oidc-cases.yaml"]),
                ("examples/oidc.json",
                 ["tests/integration/pytest_helper/oidc-token-cases.yaml",
                  "tests/integration/pytest_helper/oidc-cases.yaml"]),
                ("tests/data/shared/config.json",
                 ["tests/data/shared/cases.json"])]
        for config, files in runs:
            with self.subTest(config=config):
                store = a0l.MemStore.from_config(data(config))
                oidc = a0l.OidcSettings.from_config(data(config))
                mine = []
                for f in files:
                    for c in a0l.Cases.read(data(f)):
                        msg = c.run(store, oidc=oidc)
                        if msg is not None:
                            mine.append(f"FAIL {f}:{c.name}: {msg}")
                store.close()
                oidc.close()
                rc, lines = cli_test(config, *files)
                self.assertEqual(mine, lines)
                self.assertEqual(rc, 1 if lines else 0)
        self.assertIn(f"FAIL tests/data/cases-failing.yaml:the shop is "
                      f"allowed for the SPA: {FAILING_MESSAGE}",
                      cli_test("examples/demo.json",
                               "tests/data/cases-failing.yaml")[1])

    def test_r11_case_decides_as_the_cli(self):
        # oidc, a POST form, session_sid: as decide_oidc with them.
        with a0l.Cases.read(data("examples/demo-cases.yaml")) as cs:
            for c in cs:
                with self.subTest(c.name):
                    d = c.decide(self.store, oidc=self.oidc)
                    if c.endpoint == "oidc":
                        want = a0l.decide_oidc(self.store, c.query,
                                               form=c.form, oidc=self.oidc)
                    else:
                        want = a0l.decide(self.store, c.query)
                    self.assertEqual(d, want)
        with a0l.Cases.read(data("tests/data/cases/all.json")) as cs:
            c = cs[1]
            self.assertEqual(c.decide(self.store, oidc=self.oidc),
                             a0l.decide_oidc(self.store, c.query,
                                             oidc=self.oidc,
                                             session_sid="s1"))
        # Endpoint and method change the outcome; session_sid, confirm.
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "c.json")
            body = ("client_id=AbC123&post_logout_redirect_uri="
                    "https%3A%2F%2Fapp.example.com%2Fbye")
            with open(path, "w", encoding="utf-8") as f:
                json.dump({"cases": [
                    {"name": "post", "endpoint": "oidc", "method": "POST",
                     "query": body + "&federated=1",
                     "expect": {"outcome": "error"}},
                    {"name": "get", "endpoint": "oidc",
                     "query": body + "&federated=1",
                     "expect": {"outcome": "redirect"}},
                    {"name": "v2", "target": "/v2/logout?returnTo="
                     "https%3A%2F%2Fwww.example.com",
                     "expect": {"outcome": "redirect"}},
                    {"name": "oidc", "target": "/oidc/logout?returnTo="
                     "https%3A%2F%2Fwww.example.com",
                     "expect": {"outcome": "logged_out"}},
                    {"name": "sid", "endpoint": "oidc", "session_sid": "s1",
                     "query": body + "&logout_hint=s1",
                     "expect": {"outcome": "redirect"}}]}, f)
            with a0l.Cases.read(path) as cs:
                self.assertEqual([self.run_case(c) for c in cs], [None] * 5)
                self.assertEqual(cs[0].decide(self.store).code,
                                 "oidc_federated")
                # The session's sid is the logout_hint: no confirmation.
                self.assertEqual(
                    (cs[4].decide(self.store, oidc=self.oidc).confirm,
                     a0l.decide_oidc(self.store, cs[4].query,
                                     oidc=self.oidc).confirm),
                    (False, True))

    def test_r11_check_reads_the_decision_as_decided(self):
        # The decision's strings live in a buffer the next decision on this
        # thread reuses: check compares a copy, taken when it was made.
        with a0l.Cases.read(data("tests/data/cases-failing.yaml")) as cs:
            bad = cs[1]
            d = bad.decide(self.store)
            for q_ in ("client_id=AbC123&returnTo=https%3A%2F%2Fshop."
                       "example.org", "returnTo=https%3A%2F%2Fevil.example"):
                a0l.decide(self.store, q_)
                a0l.decide_oidc(self.store, q_, oidc=self.oidc)
            self.assertEqual(bad.check(d), FAILING_MESSAGE)
            self.assertIsNone(cs[0].check(cs[0].decide(self.store)))
            # The copy changes nothing the dataclass shows.
            import dataclasses
            self.assertNotIn("_c", dataclasses.asdict(d))
            self.assertEqual(d, a0l.Decision(**dataclasses.asdict(d)))
            self.assertNotIn("_c", repr(d))

    def test_r11_check_needs_a_decision_from_decide(self):
        import dataclasses
        with a0l.Cases.read(data("tests/data/cases-failing.yaml")) as cs:
            d = cs[1].decide(self.store)
            for bad in (a0l.Decision(**dataclasses.asdict(d)),
                        dataclasses.replace(d, outcome="redirect"),
                        {"outcome": "error"}, None):
                with self.assertRaises(TypeError):
                    cs[1].check(bad)

    def test_r11_case_keeps_its_cases_alive_and_checks_closed(self):
        cs = a0l.Cases.read(data("tests/data/cases-failing.yaml"))
        case = cs[1]
        del cs
        gc.collect()
        d = case.decide(self.store)
        self.assertEqual(case.check(d), FAILING_MESSAGE)  # still open
        case._owner.close()
        with self.assertRaises(ValueError):
            case.check(d)
        case._owner.close()  # idempotent
        self.assertIn("<closed>", repr(case._owner))

    def test_r11_cases_threads(self):
        with a0l.Cases.read(data("tests/data/cases-failing.yaml")) as cs:
            results, errors = [], []

            def work():
                try:
                    for _ in range(200):
                        results.append(tuple(self.run_case(c) for c in cs))
                except BaseException as e:
                    errors.append(e)

            threads = [threading.Thread(target=work) for _ in range(4)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            self.assertEqual(errors, [])
            self.assertEqual(set(results), {(None, FAILING_MESSAGE, None)})

    def test_r11_run_cases_as_the_cli(self):
        from auth0logout.testing import Failure, run_cases
        passed, failed, failures = run_cases(
            "examples/demo.json", "examples/demo-cases.yaml",
            "tests/data/cases-failing.yaml", base=ROOT)
        self.assertEqual((passed, failed), (13, 1))
        self.assertEqual(failures, [Failure(
            "tests/data/cases-failing.yaml", "the shop is allowed for the SPA",
            FAILING_MESSAGE)])
        self.assertEqual(str(failures[0]),
                         "FAIL tests/data/cases-failing.yaml:the shop is "
                         "allowed for the SPA: " + FAILING_MESSAGE)
        if cli_path() is not None:
            self.assertEqual([str(f) for f in failures], cli_test(
                "examples/demo.json", "examples/demo-cases.yaml",
                "tests/data/cases-failing.yaml")[1])
        # The config's OIDC settings are built for oidc cases: the signed
        # id_token_hint verifies.
        self.assertEqual(run_cases(
            "examples/oidc.json",
            "tests/integration/pytest_helper/oidc-token-cases.yaml",
            base=ROOT), (2, 0, []))
        # Relative paths from the current directory by default.
        cwd = os.getcwd()
        os.chdir(ROOT)
        try:
            self.assertEqual(run_cases("examples/demo.json",
                                       "examples/demo-cases.yaml")[:2],
                             (11, 0))
        finally:
            os.chdir(cwd)
        with self.assertRaises(a0l.ConfigError):
            run_cases(data("examples/demo.json"),
                      data("tests/data/cases/unknown_key.yaml"))
        with self.assertRaises(TypeError):
            run_cases(data("examples/demo.json"))

    def test_r11_run_cases_defines_and_client_id_from(self):
        # As `auth0logout test --define KEY=VALUE --client-id-from name`.
        defines = {"TENANT_HOST": "t.example.com",
                   "APP_HOST": "app.example.com", "PORT": "3000"}
        with tempfile.TemporaryDirectory() as tmp:
            cases = os.path.join(tmp, "cases.yaml")
            with open(cases, "w", encoding="utf-8") as f:
                f.write(
                    "cases:\n"
                    "  - name: the app by its name\n"
                    "    query: \"client_id=My%20SPA&returnTo="
                    "http%3A%2F%2Flocalhost%3A3000\"\n"
                    "    expect: { outcome: redirect, list: client }\n"
                    "  - name: a wrong expectation\n"
                    "    query: \"returnTo=https%3A%2F%2Ft.example.com"
                    "%2Flogged-out\"\n"
                    "    expect: { outcome: error }\n")
            from auth0logout.testing import run_cases
            config = data("tests/data/import/placeholders.yaml")
            passed, failed, failures = run_cases(
                config, cases, defines=defines, client_id_from="name")
            self.assertEqual((passed, failed), (1, 1))
            self.assertTrue(failures[0].message.startswith(
                "expected outcome error, got redirect"))
            with self.assertRaises(a0l.ConfigError):
                run_cases(config, cases)  # the placeholders are undefined
            if cli_path() is not None:
                opts = [f"--define={k}={v}" for k, v in defines.items()]
                opts += ["--client-id-from", "name"]
                self.assertEqual([str(f) for f in failures],
                                 cli_test(config, cases, options=opts)[1])

    def test_r11_failure_line_escapes_as_the_cli(self):
        # A control character in a name is shown as U+FFFD, as the CLI
        # shows it (auth0logout_escape); the message is the library's.
        from auth0logout.testing import run_cases
        with tempfile.TemporaryDirectory() as tmp:
            cases = os.path.join(tmp, "ctl.json")
            with open(cases, "w", encoding="utf-8") as f:
                json.dump({"cases": [{"name": "tab\there \u00e9",
                                      "query": "",
                                      "expect": {"outcome": "error"}}]}, f)
            _, _, failures = run_cases(data("examples/demo.json"), cases)
            self.assertEqual(failures[0].name, "tab\there \u00e9")
            self.assertEqual(str(failures[0]),
                             f"FAIL {cases}:tab\ufffdhere \u00e9: expected "
                             f"outcome error, got logged_out")
            if cli_path() is not None:
                self.assertEqual([str(f) for f in failures],
                                 cli_test(data("examples/demo.json"),
                                          cases)[1])

    def test_r11_testing_needs_no_pytest_and_is_not_imported(self):
        import subprocess
        code = ("import sys, auth0logout\n"
                "assert 'auth0logout.testing' not in sys.modules\n"
                "import auth0logout.testing\n"
                "assert 'pytest' not in sys.modules, 'pytest imported'\n"
                "print('fine')\n")
        r = subprocess.run([sys.executable, "-c", code],
                           cwd=os.path.dirname(os.path.abspath(__file__)),
                           capture_output=True, text=True, check=False,
                           env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1"))
        self.assertEqual((r.returncode, r.stdout.strip()), (0, "fine"),
                         r.stderr)

    def test_r11_policy_cases_ids_and_paths(self):
        try:
            import pytest  # noqa: F401
        except ImportError:
            self.skipTest("pytest is not installed for this python3 "
                          "(tests/integration/pytest_helper.sh runs it)")
        from auth0logout.testing import PolicyCase, policy_cases
        # Relative to the calling module: this file, in bindings/python.
        params = policy_cases("../../tests/data/cases-failing.yaml",
                              config="../../examples/demo.json")
        self.assertEqual([p.id for p in params],
                         ["the SPA goes back to its goodbye page",
                          "the shop is allowed for the SPA",
                          "no returnTo just logs out"])
        cases = [p.values[0] for p in params]
        self.assertTrue(all(isinstance(c, PolicyCase) for c in cases))
        cases[0].check()
        with self.assertRaises(AssertionError) as cm:
            cases[1].check()
        self.assertEqual(str(cm.exception), FAILING_MESSAGE)
        params = policy_cases("cases-failing.yaml", "cases/all.json",
                              config="../../examples/demo.json",
                              base=data("tests/data"))
        self.assertEqual([p.id for p in params][2:4],
                         ["cases-failing.yaml:no returnTo just logs out",
                          "all.json:tenant list"])


if __name__ == "__main__":
    unittest.main()
