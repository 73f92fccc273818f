# SPDX-License-Identifier: MIT
"""Tests for the ctypes binding (auth0logout.py), named after the rules of
doc/rules.md.

Run from this directory:
    AUTH0LOGOUT_LIB=../../build/libauth0logout.so.1 python3 -m unittest -v
"""

import gc
import os
import re
import sys
import threading
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


if __name__ == "__main__":
    unittest.main()
