# SPDX-License-Identifier: MIT
"""ctypes binding for libauth0logout: the decision behind Auth0's GET /v2/logout
and (since 0.3) GET/POST /oidc/logout.

Needs only the installed shared library (``libauth0logout.so.1``), no compiler.
The library is found through, in order: the environment variable
``AUTH0LOGOUT_LIB`` (a path), ``ctypes.util.find_library("auth0logout")``,
then the plain name ``libauth0logout.so.1`` (the dynamic loader's search path).
:meth:`MemStore.from_config`, :meth:`OidcSettings.from_config` and
:func:`lint` also load the config library, ``libauth0logout-config.so.1``:
from ``AUTH0LOGOUT_CONFIG_LIB``, else next to the core library named by
``AUTH0LOGOUT_LIB``, else by name.

Typical use::

    import auth0logout as a0l

    store = a0l.MemStore(tenant=["https://www.example.com"],
                         clients={"AbC123": ["https://app.example.com/bye"]})
    d = a0l.decide(store, "returnTo=https%3A%2F%2Fwww.example.com")
    d.outcome, d.status, d.location   # ('redirect', 302, 'https://www.example.com')

    store = a0l.MemStore.from_config("tenant.yaml", client_id_from="name",
                                     defines={"DOMAIN": "example.com"})
    for f in a0l.lint("config.json"):
        print(f.id, f.list, f.entry, f.message)

Or back the decision with your own data by subclassing :class:`Store`.

/oidc/logout (R8) takes a verifier of id_token_hint: the library's reference
one (OpenSSL 3) with the tenant's settings from a config, or your own::

    oidc = a0l.OidcSettings.from_config("config.json")  # "oidc": {"issuer"}
    d = a0l.decide_oidc(store, "id_token_hint=eyJ...&state=xyz", oidc=oidc)
    d.confirm, d.client_id, d.locale   # ask first?, the client, pages' language
    oidc.discovery                     # /.well-known/openid-configuration

    def verify(token: bytes):          # None / InvalidToken: 400 invalid
        claims = my_jwt_library.decode(token)   # VerifierError or any other
        return a0l.Claims(iss=claims["iss"], sid=claims.get("sid"),
                          azp=claims.get("azp"), aud=claims["aud"])
    d = a0l.decide_oidc(store, body, form=True, verifier=verify,
                        session_sid=sid_from_cookie)   # exception: 500

Policy tests (R11, since 0.4): :class:`Cases` reads a cases file of
``auth0logout test``; each :class:`Case` decides its request as the CLI does
and :meth:`Case.check` compares a decision with what the case expects, in
the library (the CLI's message, or None)::

    for case in a0l.Cases.read("cases.yaml"):
        msg = case.check(case.decide(store, oidc=oidc))

:mod:`auth0logout.testing` runs cases files as pytest cases (it is not
imported by ``import auth0logout``; pytest only by its ``policy_cases``).

Threads: compiled :class:`AllowList` objects and a built :class:`MemStore` are
immutable and may be shared, and so are :class:`OidcSettings` once built and
:class:`Cases`; :func:`decide` and :func:`decide_oidc` release the GIL while
the C code runs and use one buffer per thread.  Do not ``close()`` a list, a
store, settings or cases while another thread is deciding or checking with
them.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import threading
from dataclasses import dataclass
from typing import Iterable, Iterator, Mapping

__all__ = [
    "AllowList",
    "Auth0LogoutError",
    "Case",
    "Cases",
    "Claims",
    "ConfigError",
    "Decision",
    "InvalidToken",
    "LintFinding",
    "MemStore",
    "OidcRequest",
    "OidcSettings",
    "Request",
    "Store",
    "UnknownClient",
    "Verifier",
    "VerifierError",
    "decide",
    "decide_oidc",
    "lint",
    "parse_oidc_request",
    "parse_request",
    "version",
]

# --------------------------------------------------------------------------
# Loading the library


_SONAME = "libauth0logout.so.1"
_CONFIG_SONAME = "libauth0logout-config.so.1"


def _load() -> ctypes.CDLL:
    path = os.environ.get("AUTH0LOGOUT_LIB")
    if path:
        tried = path
    else:
        path = ctypes.util.find_library("auth0logout") or _SONAME
        tried = path + " (set AUTH0LOGOUT_LIB to the library's path)"
    try:
        return ctypes.CDLL(path)
    except OSError as exc:
        raise ImportError(f"auth0logout: cannot load libauth0logout from "
                          f"{tried}: {exc}") from exc


_lib = _load()

# --------------------------------------------------------------------------
# C declarations, mirroring include/auth0logout.h (API 0.x).  Enums are C
# ints; strings handed back by the library are read as (pointer, length).

OK = 0
E_INVALID_ARGUMENT = 1
E_UNKNOWN_CLIENT = 50
E_NOT_ALLOWED = 51
E_STORE_FAILED = 52
E_OIDC_TOKEN_INVALID = 83
E_VERIFIER_FAILED = 88

_SIZE_MAX = ctypes.c_size_t(-1).value


class _AllowListC(ctypes.Structure):
    """Opaque ``auth0logout_allowlist``."""


class _MemStoreC(ctypes.Structure):
    """Opaque ``auth0logout_memstore``."""


_AllowListP = ctypes.POINTER(_AllowListC)
_MemStoreP = ctypes.POINTER(_MemStoreC)


class _Diag(ctypes.Structure):
    _fields_ = [
        ("status", ctypes.c_int),
        ("offset", ctypes.c_size_t),
        ("index", ctypes.c_size_t),
        ("text", ctypes.c_char * 256),
        ("reserved", ctypes.c_ubyte * 32),
    ]


class _RequestC(ctypes.Structure):
    _fields_ = [
        ("return_to", ctypes.c_void_p),
        ("return_to_len", ctypes.c_size_t),
        ("client_id", ctypes.c_void_p),
        ("client_id_len", ctypes.c_size_t),
        ("federated", ctypes.c_int),
    ]


# int (*tenant_list)(void *ctx, const auth0logout_allowlist **out)
_TENANT_FN = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p,
                              ctypes.POINTER(ctypes.c_void_p))
# int (*client_list)(void *ctx, const char *id, size_t len,
#                    const auth0logout_allowlist **out)
# The id is not NUL-terminated: c_void_p, read with string_at(ptr, len).
_CLIENT_FN = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p,
                              ctypes.c_size_t,
                              ctypes.POINTER(ctypes.c_void_p))
# void (*release)(void *ctx, const auth0logout_allowlist *list)
_RELEASE_FN = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_void_p)


class _StoreC(ctypes.Structure):
    _fields_ = [
        ("ctx", ctypes.c_void_p),
        ("tenant_list", _TENANT_FN),
        ("client_list", _CLIENT_FN),
        ("release", _RELEASE_FN),
    ]


class _DecisionC(ctypes.Structure):
    _fields_ = [
        ("outcome", ctypes.c_int),
        ("http_status", ctypes.c_int),
        ("location", ctypes.c_void_p),
        ("location_len", ctypes.c_size_t),
        ("federated", ctypes.c_int),
        ("status", ctypes.c_int),
        ("error", ctypes.c_int),
        ("error_description", ctypes.c_void_p),
        ("error_description_len", ctypes.c_size_t),
        ("list", ctypes.c_int),
        ("matched", ctypes.c_void_p),
        ("matched_len", ctypes.c_size_t),
        ("hint", ctypes.c_void_p),
        ("hint_len", ctypes.c_size_t),
        ("confirm", ctypes.c_int),
        ("client_id", ctypes.c_void_p),
        ("client_id_len", ctypes.c_size_t),
        ("locale", ctypes.c_void_p),  # since 0.3 (taken from reserved)
        ("locale_len", ctypes.c_size_t),
        ("reserved", ctypes.c_void_p * 6),
    ]


# R8 /oidc/logout (since 0.3).

class _OidcRequestC(ctypes.Structure):
    _fields_ = [
        ("id_token_hint", ctypes.c_void_p),
        ("id_token_hint_len", ctypes.c_size_t),
        ("logout_hint", ctypes.c_void_p),
        ("logout_hint_len", ctypes.c_size_t),
        ("client_id", ctypes.c_void_p),
        ("client_id_len", ctypes.c_size_t),
        ("post_logout_redirect_uri", ctypes.c_void_p),
        ("post_logout_redirect_uri_len", ctypes.c_size_t),
        ("state", ctypes.c_void_p),
        ("state_len", ctypes.c_size_t),
        ("ui_locales", ctypes.c_void_p),
        ("ui_locales_len", ctypes.c_size_t),
        ("federated", ctypes.c_int),
        ("reserved", ctypes.c_void_p * 4),
    ]


class _ClaimsC(ctypes.Structure):
    _fields_ = [
        ("iss", ctypes.c_void_p),
        ("iss_len", ctypes.c_size_t),
        ("sub", ctypes.c_void_p),
        ("sub_len", ctypes.c_size_t),
        ("sid", ctypes.c_void_p),
        ("sid_len", ctypes.c_size_t),
        ("azp", ctypes.c_void_p),
        ("azp_len", ctypes.c_size_t),
        ("aud", ctypes.c_void_p),
        ("aud_len", ctypes.c_size_t),
        ("aud_count", ctypes.c_size_t),
        ("reserved", ctypes.c_void_p * 4),
    ]


# int (*verify)(void *ctx, const char *token, size_t token_len,
#               char *scratch, size_t scratch_len, auth0logout_claims *claims)
# token is not NUL-terminated and scratch is written to: both c_void_p.
_VERIFY_FN = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p,
                              ctypes.c_size_t, ctypes.c_void_p,
                              ctypes.c_size_t, ctypes.POINTER(_ClaimsC))
# void (*release)(void *ctx, const auth0logout_claims *claims)
_VRELEASE_FN = ctypes.CFUNCTYPE(None, ctypes.c_void_p,
                                ctypes.POINTER(_ClaimsC))


class _VerifierC(ctypes.Structure):
    _fields_ = [
        ("ctx", ctypes.c_void_p),
        ("verify", _VERIFY_FN),
        ("release", _VRELEASE_FN),
    ]


class _OidcEnvC(ctypes.Structure):
    _fields_ = [
        ("verifier", ctypes.POINTER(_VerifierC)),
        ("flags", ctypes.c_uint),
        ("enabled_locales", ctypes.POINTER(ctypes.c_char_p)),
        ("enabled_locale_lens", ctypes.POINTER(ctypes.c_size_t)),
        ("enabled_locale_count", ctypes.c_size_t),
        ("session_sid", ctypes.c_char_p),  # not NUL-terminated: with _len
        ("session_sid_len", ctypes.c_size_t),
        ("reserved", ctypes.c_void_p * 4),
    ]


_OIDC_FORM = 0x1
_OIDC_NO_PROMPT = 0x1


def _fn(name: str, restype, *argtypes):
    f = getattr(_lib, name)
    f.restype = restype
    f.argtypes = list(argtypes)
    return f


_c_size = ctypes.c_size_t
_c_int = ctypes.c_int
_c_str = ctypes.c_char_p
_P = ctypes.POINTER

_version = _fn("auth0logout_version", _c_str)
_status_name = _fn("auth0logout_status_name", _c_str, _c_int)
_status_message = _fn("auth0logout_status_message", _c_str, _c_int)
_outcome_name = _fn("auth0logout_outcome_name", _c_str, _c_int)
_list_name = _fn("auth0logout_list_name", _c_str, _c_int)
_error_name = _fn("auth0logout_error_name", _c_str, _c_int)
_decide_buffer_size = _fn("auth0logout_decide_buffer_size", _c_size)
_request_parse = _fn("auth0logout_request_parse", _c_int,
                     _c_str, _c_size, ctypes.c_void_p, _c_size,
                     _P(_RequestC), _P(_Diag))
_compile_csv = _fn("auth0logout_allowlist_compile_csv", _c_int,
                   _c_str, _c_size, _P(_AllowListP), _P(_Diag))
_compile_array = _fn("auth0logout_allowlist_compile_array", _c_int,
                     _P(_c_str), _P(_c_size), _c_size,
                     _P(_AllowListP), _P(_Diag))
_allowlist_free = _fn("auth0logout_allowlist_free", None, _AllowListP)
_allowlist_count = _fn("auth0logout_allowlist_count", _c_size, _AllowListP)
_allowlist_entry = _fn("auth0logout_allowlist_entry", ctypes.c_void_p,
                       _AllowListP, _c_size, _P(_c_size))
_memstore_new = _fn("auth0logout_memstore_new", _MemStoreP)
_memstore_free = _fn("auth0logout_memstore_free", None, _MemStoreP)
_memstore_set_tenant = _fn("auth0logout_memstore_set_tenant", _c_int,
                           _MemStoreP, _AllowListP)
_memstore_add_client = _fn("auth0logout_memstore_add_client", _c_int,
                           _MemStoreP, _c_str, _c_size, _AllowListP)
_memstore_client_count = _fn("auth0logout_memstore_client_count", _c_size,
                             _MemStoreP)
_memstore_get = _fn("auth0logout_memstore_get", _c_int,
                    _MemStoreP, _P(_StoreC))
_decide_query = _fn("auth0logout_decide_query", _c_int,
                    _P(_StoreC), _c_str, _c_size, ctypes.c_void_p, _c_size,
                    _P(_DecisionC))


def _fn_opt(name: str, restype, *argtypes):
    """As _fn, or None when the loaded library lacks the symbol (a library
    older than the API that added it)."""
    try:
        return _fn(name, restype, *argtypes)
    except AttributeError:
        return None


# R8 /oidc/logout (since 0.3): absent from a 0.2 library, which can still
# decide /v2/logout through this binding.
_decide_oidc_query = _fn_opt("auth0logout_decide_oidc_query", _c_int,
                             _P(_StoreC), _P(_OidcEnvC), _c_str, _c_size,
                             ctypes.c_uint, ctypes.c_void_p, _c_size,
                             _P(_DecisionC))
_oidc_request_parse = _fn_opt("auth0logout_oidc_request_parse", _c_int,
                              _c_str, _c_size, ctypes.c_uint,
                              ctypes.c_void_p, _c_size, _P(_OidcRequestC),
                              _P(_Diag))
_oidc_buffer_size = _fn_opt("auth0logout_oidc_buffer_size", _c_size)
# size_t auth0logout_escape(const char *s, size_t n, unsigned flags,
#                           char *out, size_t cap)
_escape = _fn_opt("auth0logout_escape", _c_size, ctypes.c_void_p, _c_size,
                  ctypes.c_uint, ctypes.c_void_p, _c_size)
_ESCAPE_NO_CONTROL = 0x1

# Each mirrored struct has the size the loaded library says it has: a
# library of another ABI fails here, at import, not in a decision.
# The R8 structs are checked when the library has R8 (0.3 and later).
_MIRRORS = [(_DecisionC, "auth0logout_decision_size"),
            (_RequestC, "auth0logout_request_size"),
            (_StoreC, "auth0logout_store_size"),
            (_Diag, "auth0logout_diag_size")]
if _decide_oidc_query is not None:
    _MIRRORS += [(_OidcRequestC, "auth0logout_oidc_request_size"),
                 (_OidcEnvC, "auth0logout_oidc_env_size"),
                 (_ClaimsC, "auth0logout_claims_size"),
                 (_VerifierC, "auth0logout_verifier_size")]
for _struct, _size_fn in _MIRRORS:
    _want = _fn(_size_fn, _c_size)()
    if ctypes.sizeof(_struct) != _want:
        raise ImportError(f"auth0logout: {_size_fn}() is {_want}, this "
                          f"binding's mirror has {ctypes.sizeof(_struct)}: "
                          f"the loaded library has another ABI")


def version() -> str:
    """The version of the loaded library, e.g. ``"0.1.0"``."""
    return _version().decode("ascii")


if not version().startswith("0."):
    raise ImportError(f"auth0logout: this binding mirrors the 0.x API; the "
                      f"loaded library is {version()}")

# The library reports the size of each struct this file mirrors: a mismatch
# means the layouts differ, and using them would corrupt memory.
for _name, _mirror in (("decision", _DecisionC), ("request", _RequestC),
                       ("store", _StoreC), ("diag", _Diag)):
    _size = _fn(f"auth0logout_{_name}_size", _c_size)()
    if _size != ctypes.sizeof(_mirror):
        raise ImportError(f"auth0logout: struct auth0logout_{_name} is "
                          f"{_size} bytes in the library but "
                          f"{ctypes.sizeof(_mirror)} in this binding")


def status_name(status: int) -> str:
    """The stable name of a status code (``"url_userinfo"``, ...)."""
    return _status_name(status).decode("ascii")


def _text(ptr: int | None, n: int) -> str | None:
    if not ptr:
        return None
    return ctypes.string_at(ptr, n).decode("utf-8", errors="replace")


def _bytes(s: str | bytes, what: str) -> bytes:
    if isinstance(s, str):
        return s.encode("utf-8")
    if isinstance(s, (bytes, bytearray, memoryview)):
        return bytes(s)
    raise TypeError(f"{what} must be str or bytes, not {type(s).__name__}")


# --------------------------------------------------------------------------
# Errors


class Auth0LogoutError(Exception):
    """A library call failed.

    ``status`` is the numeric auth0logout_status, ``name`` its stable name
    (``"entry_no_scheme"``), ``message`` the library's text; ``index`` (the
    0-based entry in a list) and ``offset`` (the byte at fault) are ``None``
    when they do not apply.
    """

    def __init__(self, status: int, name: str, message: str,
                 index: int | None = None, offset: int | None = None):
        super().__init__(message)
        self.status = status
        self.name = name
        self.message = message
        self.index = index
        self.offset = offset

    def __str__(self) -> str:
        where = "" if self.index is None else f" (entry {self.index})"
        return f"{self.name}{where}: {self.message}"

    @classmethod
    def _from(cls, status: int, diag: _Diag | None = None,
              context: str = "") -> "Auth0LogoutError":
        if diag is not None and diag.status == status and diag.text:
            msg = diag.text.decode("utf-8", errors="replace")
            index = None if diag.index == _SIZE_MAX else diag.index
            offset = None if diag.offset == _SIZE_MAX else diag.offset
        else:
            msg = _status_message(status).decode("utf-8", errors="replace")
            index = offset = None
        return cls(status, status_name(status), context + msg, index, offset)


class UnknownClient(Exception):
    """Raised by :meth:`Store.client_list` for a client_id it does not know
    (the decision becomes 400 ``unknown_client``)."""


# --------------------------------------------------------------------------
# Allow-lists


class _Owned:
    """Frees its C object on close(), at the end of a with block, and when
    garbage-collected.  Subclasses define close()."""

    def close(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:  # pragma: no cover - interpreter shutdown
            pass


class AllowList(_Owned):
    """A compiled, immutable, ordered allow-list (R5).

    ``AllowList(["https://a.com", "https://*.b.com"])`` compiles the API form
    (an array; ``str`` is encoded as UTF-8, ``bytes`` passed as is, embedded
    NUL bytes included); ``AllowList.from_csv("https://a.com, https://b.com")``
    the dashboard form.  Raises :class:`Auth0LogoutError` naming the entry.

    The object owns the C list and frees it on ``close()``, on leaving a
    ``with`` block, or when garbage-collected.
    """

    _free = _allowlist_free  # kept on the class: safe in __del__ at exit

    def __init__(self, entries: Iterable[str | bytes] = ()):
        if isinstance(entries, (str, bytes)):
            raise TypeError("AllowList takes a list of entries; use "
                            "AllowList.from_csv for a comma-separated string")
        items = [_bytes(e, "an allow-list entry") for e in entries]
        n = len(items)
        arr = (_c_str * n)(*items)  # points into the bytes, NULs and all
        lens = (_c_size * n)(*(len(b) for b in items))
        self._ptr = self._compile(
            lambda out, diag: _compile_array(arr, lens, n, out, diag))

    @classmethod
    def from_csv(cls, csv: str | bytes) -> "AllowList":
        """Compiles the dashboard form: comma-separated, spaces trimmed,
        empty items skipped."""
        data = _bytes(csv, "csv")
        self = cls.__new__(cls)
        self._ptr = cls._compile(
            lambda out, diag: _compile_csv(data, len(data), out, diag))
        return self

    @staticmethod
    def _compile(call) -> "_AllowListP":
        out = _AllowListP()
        diag = _Diag()
        st = call(ctypes.byref(out), ctypes.byref(diag))
        if st != OK:
            raise Auth0LogoutError._from(st, diag)
        return out

    def _handle(self) -> "_AllowListP":
        ptr = getattr(self, "_ptr", None)
        if not ptr:
            raise ValueError("the AllowList is closed")
        return ptr

    def close(self) -> None:
        """Frees the C list (idempotent)."""
        ptr, self._ptr = getattr(self, "_ptr", None), None
        if ptr:
            self._free(ptr)


    def __len__(self) -> int:
        return _allowlist_count(self._handle())

    def raw(self, i: int) -> bytes:
        """Entry ``i`` as written, as bytes."""
        n = len(self)
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError("allow-list index out of range")
        ln = _c_size()
        p = _allowlist_entry(self._handle(), i, ctypes.byref(ln))
        return ctypes.string_at(p, ln.value)

    def __getitem__(self, i: int) -> str:
        """Entry ``i`` as written (decoded as UTF-8)."""
        return self.raw(i).decode("utf-8", errors="replace")

    def __iter__(self) -> Iterator[str]:
        return (self[i] for i in range(len(self)))

    def __repr__(self) -> str:
        if not getattr(self, "_ptr", None):
            return "AllowList(<closed>)"
        return f"AllowList({list(self)!r})"


def _as_allowlist(value, what: str) -> AllowList | None:
    """A fresh AllowList from a list of entries, a CSV string or an
    AllowList (copied from its entries as written); None for None."""
    try:
        if value is None:
            return None
        if isinstance(value, AllowList):
            return AllowList([value.raw(i) for i in range(len(value))])
        if isinstance(value, (str, bytes)):
            return AllowList.from_csv(value)
        return AllowList(value)
    except Auth0LogoutError as e:
        raise Auth0LogoutError(e.status, e.name, f"{what}: {e.message}",
                               e.index, e.offset) from None


# --------------------------------------------------------------------------
# Stores


class MemStore(_Owned):
    """The library's built-in in-memory store, built once and then frozen.

    ``tenant`` and each value of ``clients`` is a list of entries (or a CSV
    string, or an :class:`AllowList`, which is copied); ``None`` or ``[]`` is
    an empty list.  Client ids are ``str`` (UTF-8) or ``bytes``.  Safe for
    concurrent :func:`decide` calls once built.
    """

    _free = _memstore_free

    def __init__(self, tenant=None,
                 clients: Mapping[str | bytes, object] | None = None):
        self._ms = _memstore_new()
        if not self._ms:
            raise MemoryError("auth0logout_memstore_new failed")
        try:
            self._build(tenant, clients or {})
        except BaseException:
            self.close()
            raise

    def _build(self, tenant, clients) -> None:
        # Each list is compiled first, then handed over.  set_tenant and
        # add_client take ownership of the list even when they fail, so the
        # Python object lets go of its pointer before the call.
        lst = _as_allowlist(tenant, "tenant")
        st = _memstore_set_tenant(self._ms, _take(lst))
        if st != OK:
            raise Auth0LogoutError._from(st, context="tenant: ")
        for cid, entries in clients.items():
            key = _bytes(cid, "a client_id")
            lst = _as_allowlist(entries, f"client {key!r}")
            st = _memstore_add_client(self._ms, key, len(key), _take(lst))
            if st != OK:
                raise Auth0LogoutError._from(st, context=f"client {key!r}: ")
        self._store = _StoreC()
        st = _memstore_get(self._ms, ctypes.byref(self._store))
        if st != OK:
            raise Auth0LogoutError._from(st)

    @property
    def store(self) -> _StoreC:
        """The C ``auth0logout_store`` for :func:`decide` (valid while this
        object is open)."""
        if not self._ms:
            raise ValueError("the MemStore is closed")
        return self._store

    def __len__(self) -> int:
        """Number of clients."""
        return _memstore_client_count(self._ms) if self._ms else 0

    def close(self) -> None:
        """Frees the store and every list in it (idempotent)."""
        ms, self._ms = getattr(self, "_ms", None), None
        if ms:
            self._free(ms)



def _take(lst: AllowList | None) -> "_AllowListP | None":
    """Detaches the C pointer from lst: the receiver now owns it."""
    if lst is None:
        return None
    ptr = lst._handle()
    lst._ptr = None
    return ptr


class Store:
    """Base class for a store implemented in Python.

    Override :meth:`tenant_list` and :meth:`client_list`.  Each returns an
    :class:`AllowList`, or ``None`` for an empty list; ``client_list`` raises
    :class:`UnknownClient` for a client_id it does not know.  Any other
    exception, or a return value of another type, fails closed: the decision
    is ``server_error`` (HTTP 500), never a redirect (R2.4).  The last such
    exception is kept in ``last_exception`` for debugging.

    A list handed to the library is kept referenced by the store until the
    library releases it, so a freshly built AllowList may be returned.  The
    methods may be called from every thread that calls :func:`decide`.
    """

    def __init__(self) -> None:
        self.last_exception: BaseException | None = None
        self._lock = threading.Lock()
        self._lent: dict[int, list] = {}  # address -> [AllowList, count]
        # The CFUNCTYPE objects must outlive every call: kept on self.
        self._cb_tenant = _TENANT_FN(self._c_tenant)
        self._cb_client = _CLIENT_FN(self._c_client)
        self._cb_release = _RELEASE_FN(self._c_release)
        self._c_store = _StoreC(None, self._cb_tenant, self._cb_client,
                                self._cb_release)

    @property
    def store(self) -> _StoreC:
        """The C ``auth0logout_store`` for :func:`decide`."""
        try:
            return self._c_store
        except AttributeError:
            raise TypeError(f"{type(self).__name__}.__init__ must call "
                            f"Store.__init__()") from None

    def tenant_list(self) -> AllowList | None:
        """The tenant's Allowed Logout URLs."""
        raise NotImplementedError

    def client_list(self, client_id: bytes) -> AllowList | None:
        """The application's Allowed Logout URLs; raise UnknownClient when
        there is no such application."""
        raise NotImplementedError

    # The C callbacks.  Nothing may escape them: ctypes would print the
    # exception and return 0, which is AUTH0LOGOUT_OK.

    def _lend(self, result, out) -> int:
        if result is None:
            out[0] = None
            return OK
        if not isinstance(result, AllowList):
            raise TypeError(f"a store must return an AllowList or None, "
                            f"not {type(result).__name__}")
        addr = ctypes.cast(result._handle(), ctypes.c_void_p).value
        with self._lock:
            slot = self._lent.setdefault(addr, [result, 0])
            slot[1] += 1
        out[0] = addr
        return OK

    def _c_tenant(self, _ctx, out) -> int:
        try:
            return self._lend(self.tenant_list(), out)
        except BaseException as e:  # fail closed, whatever it was
            self.last_exception = e
            return E_STORE_FAILED

    def _c_client(self, _ctx, cid, n, out) -> int:
        try:
            client_id = ctypes.string_at(cid, n) if n else b""
            try:
                result = self.client_list(client_id)
            except UnknownClient:
                return E_UNKNOWN_CLIENT
            return self._lend(result, out)
        except BaseException as e:
            self.last_exception = e
            return E_STORE_FAILED

    def _c_release(self, _ctx, addr) -> None:
        try:
            with self._lock:
                slot = self._lent.get(addr)
                if slot is not None:
                    slot[1] -= 1
                    if slot[1] <= 0:
                        del self._lent[addr]
        except BaseException:  # pragma: no cover - nothing to report to
            pass


# --------------------------------------------------------------------------
# Deciding


@dataclass(frozen=True)
class Decision:
    """The decision (R6.1).

    outcome: "redirect" | "logged_out" | "error"; status: 302 | 200 | 400 |
    500; location: the redirect target (ASCII) or None; federated: the
    request's flag (False on errors); error: "invalid_request" |
    "server_error" | None; error_description: text or None; list: "tenant" |
    "client" | None (the list consulted); matched: the entry as written or
    None; code: the status name ("ok", "not_allowed", "url_userinfo", ...);
    hint: for not_allowed only, an explanation for humans (which list, the
    nearest entry and what differs), else None; confirm: whether the user
    must confirm first (always False for /v2/logout; for /oidc/logout,
    R8.7: show a consent page and act on the decision only once the user
    confirms); client_id: the client whose list decided, else None;
    locale: /oidc/logout only (R8.8), the language the adapter's pages
    should use (the first tag of ui_locales as the tenant's enabled_locales
    spell it), else None.
    """

    outcome: str
    status: int
    location: str | None
    federated: bool
    error: str | None
    error_description: str | None
    list: str | None
    matched: str | None
    code: str
    hint: str | None = None
    confirm: bool = False
    client_id: str | None = None
    locale: str | None = None


# The strings of a decision: (pointer, length) fields of _DecisionC, in
# the order _decision keeps them.
_DECISION_STRINGS = ("location", "error_description", "matched", "hint",
                     "client_id", "locale")


def _raw(p: int | None, n: int) -> bytes | None:
    return ctypes.string_at(p, n) if p else None


def _str(b: bytes | None) -> str | None:
    return b.decode("utf-8", errors="replace") if b is not None else None


def _decision(d: _DecisionC) -> Decision:
    # Straight-line: this runs for every decision.
    raw = (_raw(d.location, d.location_len),
           _raw(d.error_description, d.error_description_len),
           _raw(d.matched, d.matched_len),
           _raw(d.hint, d.hint_len),
           _raw(d.client_id, d.client_id_len),
           _raw(d.locale, d.locale_len))
    dec = Decision(
        outcome=_name(_outcome_name, d.outcome),
        status=d.http_status,
        location=_str(raw[0]),
        federated=bool(d.federated),
        error=_name(_error_name, d.error),
        error_description=_str(raw[1]),
        list=_name(_list_name, d.list),
        matched=_str(raw[2]),
        code=status_name(d.status),
        hint=_str(raw[3]),
        confirm=bool(d.confirm),
        client_id=_str(raw[4]),
        locale=_str(raw[5]),
    )
    # The C decision as the library wrote it (its bytes, and the strings it
    # pointed to, which live in a buffer the next decision reuses), for
    # Case.check: the library compares its own struct, nothing is
    # converted back from names.  Not a dataclass field: no effect on ==,
    # repr or dataclasses.asdict, and dataclasses.replace drops it.
    object.__setattr__(dec, "_c", (bytes(d), raw))
    return dec


def _c_decision(dec: Decision):
    """The _DecisionC that dec was made from, and what its pointers point
    to (keep both alive while the C code reads them)."""
    snap = dec.__dict__.get("_c") if isinstance(dec, Decision) else None
    if snap is None:
        raise TypeError("a Decision returned by decide() or decide_oidc() "
                        "is needed (the library compares its own struct)")
    blob, raw = snap
    d = _DecisionC.from_buffer_copy(blob)
    keep = []
    for k, v in zip(_DECISION_STRINGS, raw):
        if v is None:
            setattr(d, k, None)
            setattr(d, k + "_len", 0)
        else:
            b = ctypes.create_string_buffer(v, len(v) + 1)
            keep.append(b)
            setattr(d, k, ctypes.addressof(b))
    d.reserved = (ctypes.c_void_p * len(d.reserved))()
    return d, keep


def _name(fn, value: int) -> str | None:
    p = fn(value)
    return p.decode("ascii") if p is not None else None


_BUF_SIZE = _decide_buffer_size()
_OIDC_BUF_SIZE = _oidc_buffer_size() if _oidc_buffer_size else 0
_tls = threading.local()


def _buffer(size: int = _BUF_SIZE, name: str = "buf"):
    """This thread's decide buffer (one per size); a fresh one if it is
    already in use (a store or verifier callback that decides
    recursively).  The caller sets and clears _tls.busy_<name> when the
    second value is True."""
    buf = getattr(_tls, name, None)
    if buf is None:
        buf = ctypes.create_string_buffer(size)
        setattr(_tls, name, buf)
    if getattr(_tls, "busy_" + name, False):
        return ctypes.create_string_buffer(size), False
    return buf, True


def decide(store: MemStore | Store, query: str | bytes) -> Decision:
    """Decides one logout request.

    ``query`` is a raw query string, a request target (``/v2/logout?...``) or
    an absolute URL (R1.1); ``str`` is encoded as UTF-8.  Never raises for a
    bad request: that is an error decision.
    """
    c_store = store.store
    data = _bytes(query, "query")
    buf, mine = _buffer()
    d = _DecisionC()
    if mine:
        _tls.busy_buf = True
    try:
        _decide_query(ctypes.byref(c_store), data, len(data), buf, _BUF_SIZE,
                      ctypes.byref(d))
        return _decision(d)
    finally:
        if mine:
            _tls.busy_buf = False


@dataclass(frozen=True)
class Request:
    """A parsed request (R1): decoded values, None when absent or empty."""

    return_to: bytes | None
    client_id: bytes | None
    federated: bool


def parse_request(query: str | bytes) -> Request:
    """Parses a query string, request target or URL as decide does (R1);
    raises :class:`Auth0LogoutError` (with the byte offset) when it does not
    parse."""
    data = _bytes(query, "query")
    scratch = ctypes.create_string_buffer(max(len(data), 1))
    req = _RequestC()
    diag = _Diag()
    st = _request_parse(data, len(data), scratch, len(scratch),
                        ctypes.byref(req), ctypes.byref(diag))
    if st != OK:
        raise Auth0LogoutError._from(st, diag)

    def val(p, n):
        return ctypes.string_at(p, n) if p else None

    return Request(val(req.return_to, req.return_to_len),
                   val(req.client_id, req.client_id_len), bool(req.federated))


# --------------------------------------------------------------------------
# /oidc/logout (R8; since 0.3)


class InvalidToken(Exception):
    """Raised by a verifier when the id_token_hint does not verify (a bad
    signature, algorithm or issuer): the decision is 400
    ``oidc_token_invalid``, as when the verifier returns None."""


class VerifierError(Exception):
    """Raised by a verifier that cannot tell whether the token is valid (its
    key store is down, ...): the decision is 500 ``server_error``
    (``verifier_failed``), never a redirect.  Any exception other than
    :class:`InvalidToken` counts the same way."""


@dataclass(frozen=True)
class Claims:
    """What a verifier found in a valid ID token (R8.10).

    Each claim is ``str`` (encoded as UTF-8), ``bytes`` or None when absent.
    ``aud`` is one audience or a list of them.  The token's client (R8.2) is
    ``azp`` when present, else the one audience; several audiences without
    ``azp`` make the token invalid.  ``sid`` is compared with logout_hint
    and the browser's session (R8.7).
    """

    iss: str | bytes | None = None
    sub: str | bytes | None = None
    sid: str | bytes | None = None
    azp: str | bytes | None = None
    aud: str | bytes | list | tuple | None = None


_CLAIM_NAMES = ("iss", "sub", "sid", "azp")


def _claim(value, name: str) -> bytes | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value.encode("utf-8")
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    raise TypeError(f"the claim {name!r} must be str, bytes or None, not "
                    f"{type(value).__name__}")


def _put_claims(result, scratch: int, cap: int, out: _ClaimsC) -> None:
    """Copies the claims of result (Claims or a mapping such as a decoded
    JWT payload) into the scratch the core handed over (the core reads them
    after verify returns, and Python's bytes may be gone by then), and
    points out's views at the copies.  Raises TypeError or ValueError for
    claims it cannot hand over."""
    if isinstance(result, Claims):
        get = result.__getattribute__
    elif isinstance(result, Mapping):
        def get(k):
            return result.get(k)
    else:
        raise TypeError(f"a verifier must return Claims, a mapping of "
                        f"claims or None, not {type(result).__name__}")
    values = {k: _claim(get(k), k) for k in _CLAIM_NAMES}
    aud = get("aud")
    if aud is None:
        count, one = 0, None
    elif isinstance(aud, (list, tuple)):
        items = [_claim(a, "aud") for a in aud]
        if any(a is None for a in items):
            raise TypeError("the claim 'aud' must not hold None")
        count, one = len(items), (items[0] if len(items) == 1 else None)
    else:
        count, one = 1, _claim(aud, "aud")
    values["aud"] = one
    need = sum(len(v) + 1 for v in values.values() if v is not None)
    if need > cap:
        raise ValueError(f"the claims need {need} bytes; the verifier's "
                         f"scratch has {cap}")
    used = 0
    for k, v in values.items():
        if v is None:
            continue
        addr = scratch + used
        ctypes.memmove(addr, v + b"\0", len(v) + 1)
        setattr(out, k, addr)
        setattr(out, k + "_len", len(v))
        used += len(v) + 1
    out.aud_count = count


class Verifier:
    """Verifies id_token_hint for :func:`decide_oidc` in Python (R8.10).

    Either subclass it and override :meth:`verify`, or wrap a callable:
    ``Verifier(fn)``.  ``verify(token: bytes)`` gets the token as decoded
    from the request and checks its signature, algorithm and issuer; it
    returns :class:`Claims` (or a mapping of claims, such as a decoded JWT
    payload) when the token is valid, and None or raises
    :class:`InvalidToken` when it is not (400 ``oidc_token_invalid``).
    Raising :class:`VerifierError` -- or any other exception, or returning
    anything else -- fails closed: the decision is a 500 ``server_error``
    (``verifier_failed``), never a redirect.  The last such exception is
    kept in ``last_exception``.

    ``verify`` may be called from every thread that calls
    :func:`decide_oidc`.  The claims are copied into the library's buffer
    before it reads them; nothing has to be kept alive.
    """

    def __init__(self, fn=None) -> None:
        if fn is not None and not callable(fn):
            raise TypeError(f"Verifier takes a callable, not "
                            f"{type(fn).__name__}")
        self._fn = fn
        self.last_exception: BaseException | None = None
        # The CFUNCTYPE object must outlive every call: kept on self.
        self._cb_verify = _VERIFY_FN(self._c_verify)
        self._c_verifier = _VerifierC(None, self._cb_verify)  # no release

    @property
    def verifier(self) -> _VerifierC:
        """The C ``auth0logout_verifier`` (valid while this object
        lives)."""
        try:
            return self._c_verifier
        except AttributeError:
            raise TypeError(f"{type(self).__name__}.__init__ must call "
                            f"Verifier.__init__()") from None

    def verify(self, token: bytes) -> Claims | Mapping | None:
        """The claims of a valid token, or None (override this, or pass a
        callable to the constructor)."""
        if self._fn is None:
            # The abstract method: a Verifier() made without a callable
            # and not subclassed.  Raised into _c_verify, which fails
            # closed (500), as for any other exception.
            raise NotImplementedError("a Verifier needs a callable or a "
                                      "subclass that overrides verify()")
        return self._fn(token)

    def __call__(self, token: bytes) -> Claims | Mapping | None:
        return self.verify(token)

    # The C callback.  Nothing may escape it: ctypes would print the
    # exception and return 0, which is AUTH0LOGOUT_OK -- a token accepted
    # with no claims checked.

    def _c_verify(self, _ctx, token, n, scratch, cap, claims) -> int:
        try:
            tok = ctypes.string_at(token, n) if n else b""
            try:
                result = self.verify(tok)
            except InvalidToken:
                return E_OIDC_TOKEN_INVALID
            if result is None:
                return E_OIDC_TOKEN_INVALID
            out = claims[0]
            try:
                _put_claims(result, scratch, cap, out)
            except BaseException:
                ctypes.memset(ctypes.addressof(out), 0,
                              ctypes.sizeof(_ClaimsC))
                raise
            return OK
        except BaseException as e:  # fail closed, whatever it was
            self.last_exception = e
            return E_VERIFIER_FAILED


def _as_verifier(v) -> Verifier:
    if isinstance(v, Verifier):
        return v
    if callable(v):
        return Verifier(v)
    raise TypeError(f"verifier must be a Verifier or a callable, not "
                    f"{type(v).__name__}")


def _need_oidc() -> None:
    if _decide_oidc_query is None:
        raise NotImplementedError(f"auth0logout: the loaded library "
                                  f"{version()} has no /oidc/logout "
                                  f"(0.3 or later is needed)")


def decide_oidc(store: MemStore | Store, query: str | bytes, *,
                form: bool = False, verifier=None, oidc=None,
                session_sid: str | bytes | None = None,
                enabled_locales: Iterable[str | bytes] | None = None,
                prompt: bool | None = None) -> Decision:
    """Decides one /oidc/logout request (R8).

    ``query`` is a GET's query string, request target or absolute URL
    (R1.1), or with ``form=True`` a POST's
    ``application/x-www-form-urlencoded`` body; ``str`` is encoded as UTF-8.

    ``verifier`` checks id_token_hint: a :class:`Verifier` or a callable
    ``verify(token: bytes) -> Claims | None`` (wrapped in a Verifier for the
    call).  ``oidc``, an :class:`OidcSettings`, brings the tenant's settings
    from a config (prompt, enabled_locales) and the reference verifier
    (OpenSSL), used unless ``verifier`` is given too.  Without either, every
    id_token_hint is invalid.

    ``session_sid``: the sid of the browser's session, when the adapter
    knows it (R8.7).  ``enabled_locales``: the tenant's languages (R8.8);
    ``prompt``: the tenant's sessions.oidc_logout_prompt_enabled (R8.7).
    Both default to ``oidc``'s, else to no list and True.

    Never raises for a bad request: that is an error decision.  Check
    ``confirm`` (ask the user first) and ``locale`` besides what
    :func:`decide` returns.
    """
    _need_oidc()
    c_store = store.store
    data = _bytes(query, "query")
    env = _OidcEnvC()
    keep: list = []  # what env points to, alive until the call returns
    if oidc is not None:
        if not isinstance(oidc, OidcSettings):
            raise TypeError(f"oidc must be OidcSettings, not "
                            f"{type(oidc).__name__}")
        oidc._fill_env(env)
        keep.append(oidc)
    if verifier is not None:
        v = _as_verifier(verifier)
        keep.append(v)
        env.verifier = ctypes.pointer(v.verifier)
    if prompt is not None:
        env.flags = (env.flags & ~_OIDC_NO_PROMPT) | \
            (0 if prompt else _OIDC_NO_PROMPT)
    if enabled_locales is not None:
        if isinstance(enabled_locales, (str, bytes)):
            raise TypeError("enabled_locales takes a list of tags")
        tags = [_bytes(t, "a locale") for t in enabled_locales]
        arr = (ctypes.c_char_p * max(len(tags), 1))(*tags)
        lens = (ctypes.c_size_t * max(len(tags), 1))(*map(len, tags))
        keep += [tags, arr, lens]
        env.enabled_locales = arr
        env.enabled_locale_lens = lens
        env.enabled_locale_count = len(tags)
    if session_sid is not None:
        sid = _bytes(session_sid, "session_sid")
        env.session_sid = sid
        env.session_sid_len = len(sid)
    flags = _OIDC_FORM if form else 0
    buf, mine = _buffer(_OIDC_BUF_SIZE, "oidc_buf")
    d = _DecisionC()
    if mine:
        _tls.busy_oidc_buf = True
    try:
        _decide_oidc_query(ctypes.byref(c_store), ctypes.byref(env), data,
                           len(data), flags, buf, _OIDC_BUF_SIZE,
                           ctypes.byref(d))
        return _decision(d)
    finally:
        if mine:
            _tls.busy_oidc_buf = False


@dataclass(frozen=True)
class OidcRequest:
    """A parsed /oidc/logout request (R8.1): decoded values, None when
    absent or empty."""

    id_token_hint: bytes | None
    logout_hint: bytes | None
    client_id: bytes | None
    post_logout_redirect_uri: bytes | None
    state: bytes | None
    ui_locales: bytes | None
    federated: bool


def parse_oidc_request(query: str | bytes, form: bool = False) -> OidcRequest:
    """Parses an /oidc/logout query (or with ``form=True`` a POST body) as
    :func:`decide_oidc` does (R8.1); raises :class:`Auth0LogoutError` (with
    the byte offset) when it does not parse."""
    _need_oidc()
    data = _bytes(query, "query")
    scratch = ctypes.create_string_buffer(max(len(data), 1))
    req = _OidcRequestC()
    diag = _Diag()
    st = _oidc_request_parse(data, len(data), _OIDC_FORM if form else 0,
                             scratch, len(scratch), ctypes.byref(req),
                             ctypes.byref(diag))
    if st != OK:
        raise Auth0LogoutError._from(st, diag)

    def val(name):
        p, n = getattr(req, name), getattr(req, name + "_len")
        return ctypes.string_at(p, n) if p else None

    return OidcRequest(val("id_token_hint"), val("logout_hint"),
                       val("client_id"), val("post_logout_redirect_uri"),
                       val("state"), val("ui_locales"), bool(req.federated))


# --------------------------------------------------------------------------
# The config library (libauth0logout-config): configs and lint


class _ConfigC(ctypes.Structure):
    """Opaque ``auth0logout_config``."""


_ConfigP = ctypes.POINTER(_ConfigC)


class _ConfigOptions(ctypes.Structure):
    _fields_ = [
        ("defines", ctypes.POINTER(ctypes.c_char_p)),
        ("define_lens", ctypes.POINTER(ctypes.c_size_t)),
        ("n_defines", ctypes.c_size_t),
        ("flags", ctypes.c_uint),
        ("env_prefix", ctypes.c_char_p),
        ("reserved", ctypes.c_void_p * 4),
    ]


class _ConfigDiag(ctypes.Structure):
    _fields_ = [
        ("status", ctypes.c_int),
        ("client", ctypes.c_size_t),
        ("entry", ctypes.c_size_t),
        ("line", ctypes.c_size_t),
        ("column", ctypes.c_size_t),
        ("file", ctypes.c_char * 256),
        ("where", ctypes.c_char * 384),
        ("reason", ctypes.c_char * 512),
        ("text", ctypes.c_char * 1280),
        ("reserved", ctypes.c_ubyte * 64),
    ]


class _LintFindingC(ctypes.Structure):
    _fields_ = [
        ("code", ctypes.c_int),
        ("id", ctypes.c_char_p),
        ("slug", ctypes.c_char_p),
        ("severity", ctypes.c_int),
        ("rule", ctypes.c_char_p),
        ("status", ctypes.c_int),
        ("client", ctypes.c_size_t),
        ("list", ctypes.c_char_p),
        ("index", ctypes.c_size_t),
        ("entry", ctypes.c_void_p),
        ("entry_len", ctypes.c_size_t),
        ("related", ctypes.c_size_t),
        ("message", ctypes.c_char_p),
        ("reserved", ctypes.c_void_p * 4),
    ]


# R11 policy tests (since 0.4): a cases file of `auth0logout test`.

class _CasesC(ctypes.Structure):
    """Opaque ``auth0logout_cases``."""


_CasesP = ctypes.POINTER(_CasesC)


class _CaseC(ctypes.Structure):
    _fields_ = [
        ("name", ctypes.c_char_p),
        ("query", ctypes.c_void_p),  # (pointer, length)
        ("query_len", ctypes.c_size_t),
        ("endpoint", ctypes.c_int),
        ("form", ctypes.c_int),
        ("session_sid", ctypes.c_char_p),
        ("expect", ctypes.c_uint),
        ("outcome", ctypes.c_int),
        ("status", ctypes.c_int),
        ("location", ctypes.c_void_p),
        ("location_len", ctypes.c_size_t),
        ("list", ctypes.c_int),
        ("matched", ctypes.c_void_p),
        ("matched_len", ctypes.c_size_t),
        ("error", ctypes.c_int),
        ("reserved", ctypes.c_void_p * 4),
    ]


_CASE_OIDC = 1
_EXPECT_OUTCOME = 0x01
_EXPECT_STATUS = 0x02
_EXPECT_LOCATION = 0x04
_EXPECT_LIST = 0x08
_EXPECT_MATCHED = 0x10
_EXPECT_ERROR = 0x20

# void (*)(void *ctx, const auth0logout_lint_finding *f)
_LINT_FN = ctypes.CFUNCTYPE(None, ctypes.c_void_p, _P(_LintFindingC))

_CONFIG_ENVIRONMENT = 0x1
_CONFIG_CLIENT_ID_FROM_NAME = 0x2


class _ConfigOidcC(ctypes.Structure):
    """Opaque ``auth0logout_config_oidc``."""


_ConfigOidcP = ctypes.POINTER(_ConfigOidcC)


class _ConfigLib:
    """The config library, loaded on first use (the core binding works
    without it)."""

    _cdll = None
    _oidc = False

    @classmethod
    def get(cls) -> "_ConfigLib":
        if cls._cdll is None:
            cls._cdll = cls._load()
            cls._declare(cls._cdll)
        return cls

    @classmethod
    def get_oidc(cls) -> "_ConfigLib":
        """As get, with the R7.7/R8.10/R8.11 functions (since 0.3)."""
        cls.get()
        if not cls._oidc:
            cls._declare_oidc(cls._cdll)
            cls._oidc = True
        return cls

    @classmethod
    def _declare_oidc(cls, lib: ctypes.CDLL) -> None:
        def fn(name, restype, *argtypes):
            try:
                f = getattr(lib, name)
            except AttributeError:
                raise NotImplementedError(
                    f"auth0logout: the loaded config library has no {name} "
                    f"(0.3 or later is needed)") from None
            f.restype = restype
            f.argtypes = list(argtypes)
            return f

        _need_oidc()
        cls.oidc_new = fn("auth0logout_config_oidc_new", _c_int, _ConfigP,
                          _P(_ConfigOidcP), _P(_ConfigDiag))
        cls.oidc_free = fn("auth0logout_config_oidc_free", None, _ConfigOidcP)
        cls.oidc_set_max_age = fn("auth0logout_config_oidc_set_max_age",
                                  None, _ConfigOidcP, ctypes.c_long)
        cls.oidc_verifier = fn("auth0logout_config_oidc_verifier", None,
                               _ConfigOidcP, _P(_VerifierC))
        cls.oidc_env = fn("auth0logout_config_oidc_env", None, _ConfigOidcP,
                          _P(_VerifierC), _P(_OidcEnvC))
        cls.oidc_issuer = fn("auth0logout_config_oidc_issuer", _c_str,
                             _ConfigOidcP)
        cls.oidc_discovery = fn("auth0logout_config_oidc_discovery", _c_str,
                                _ConfigOidcP)
        cls.oidc_jwks = fn("auth0logout_config_oidc_jwks", _c_str,
                           _ConfigOidcP)

    @staticmethod
    def _load() -> ctypes.CDLL:
        path = os.environ.get("AUTH0LOGOUT_CONFIG_LIB")
        if not path and os.environ.get("AUTH0LOGOUT_LIB"):
            here = os.path.dirname(os.environ["AUTH0LOGOUT_LIB"])
            cand = os.path.join(here, _CONFIG_SONAME)
            path = cand if os.path.exists(cand) else None
        if not path:
            path = (ctypes.util.find_library("auth0logout-config")
                    or _CONFIG_SONAME)
        try:
            return ctypes.CDLL(path)
        except OSError as exc:
            raise ImportError(f"auth0logout: cannot load the config library "
                              f"from {path} (set AUTH0LOGOUT_CONFIG_LIB): "
                              f"{exc}") from exc

    @classmethod
    def _declare(cls, lib: ctypes.CDLL) -> None:
        def fn(name, restype, *argtypes):
            f = getattr(lib, name)
            f.restype = restype
            f.argtypes = list(argtypes)
            return f

        cls.read_file = fn("auth0logout_config_read_file", _c_int, _c_str,
                           _c_size, _P(_ConfigOptions), _P(_ConfigP),
                           _P(_ConfigDiag))
        cls.free = fn("auth0logout_config_free", None, _ConfigP)
        cls.load_file = fn("auth0logout_config_load_file", _c_int, _c_str,
                           _c_size, _P(_ConfigOptions), _P(_MemStoreP),
                           _P(_ConfigDiag))
        cls.lint = fn("auth0logout_config_lint", _c_int, _ConfigP, _c_size,
                      _LINT_FN, ctypes.c_void_p, ctypes.c_void_p)
        mirrors = [(_ConfigOptions, "auth0logout_config_options_size"),
                   (_ConfigDiag, "auth0logout_config_diag_size"),
                   (_LintFindingC, "auth0logout_lint_finding_size")]
        # R11 policy tests (since 0.4): absent from an older config
        # library, with which Cases.read raises NotImplementedError.
        cls.has_cases = hasattr(lib, "auth0logout_config_case_size")
        if cls.has_cases:
            mirrors.append((_CaseC, "auth0logout_config_case_size"))
            cls.cases_read_file = fn(
                "auth0logout_config_cases_read_file", _c_int, _c_str, _c_size,
                _P(_CasesP), _P(_ConfigDiag))
            cls.cases_count = fn("auth0logout_config_cases_count", _c_size,
                                 _CasesP)
            cls.cases_get = fn("auth0logout_config_cases_get", _P(_CaseC),
                               _CasesP, _c_size)
            cls.cases_source = fn("auth0logout_config_cases_source", _c_str,
                                  _CasesP)
            cls.cases_free = fn("auth0logout_config_cases_free", None,
                                _CasesP)
            cls.case_check = fn("auth0logout_config_case_check", _c_size,
                                _P(_CaseC), _P(_DecisionC), _c_str, _c_size)
        for struct, size_fn in mirrors:
            want = fn(size_fn, _c_size)()
            if ctypes.sizeof(struct) != want:
                raise ImportError(f"auth0logout: {size_fn}() is {want}, this "
                                  f"binding's mirror has "
                                  f"{ctypes.sizeof(struct)}")


def _none_if_max(v: int) -> int | None:
    return None if v == _SIZE_MAX else v


class ConfigError(Auth0LogoutError):
    """A config could not be read or built (R7.4, R7.5, R5.7).

    Besides :class:`Auth0LogoutError`'s fields: ``file``, ``where`` (the list
    or client: ``"tenant"``, ``'clients[1] (client_id "AbC123")'``, ...),
    ``client`` and ``entry`` (0-based indexes, or None), ``line`` and
    ``column`` (of a JSON/YAML syntax error, or None) and ``reason``.
    """

    def __init__(self, diag: _ConfigDiag, status: int):
        def text(b: bytes) -> str:
            return b.decode("utf-8", errors="replace")

        super().__init__(status, status_name(status), text(diag.text),
                         _none_if_max(diag.entry), None)
        self.file = text(diag.file)
        self.where = text(diag.where)
        self.reason = text(diag.reason)
        self.client = _none_if_max(diag.client)
        self.entry = _none_if_max(diag.entry)
        self.line = diag.line or None
        self.column = diag.column or None

    def __str__(self) -> str:
        return self.message


def _options(defines, client_id_from, environment: bool):
    """The C options (and what they point to, kept alive with them)."""
    opt = _ConfigOptions()
    keep = []
    if defines:
        items = defines.items() if isinstance(defines, Mapping) else defines
        encoded = []
        for d in items:
            if isinstance(d, tuple):
                d = _bytes(d[0], "a define key") + b"=" + \
                    _bytes(d[1], "a define value")
            encoded.append(_bytes(d, "a define"))
        arr = (ctypes.c_char_p * len(encoded))(*encoded)
        lens = (ctypes.c_size_t * len(encoded))(*map(len, encoded))
        keep += [encoded, arr, lens]
        opt.defines = arr
        opt.define_lens = lens
        opt.n_defines = len(encoded)
    if client_id_from not in (None, "name"):
        raise ValueError('client_id_from must be None or "name"')
    opt.flags = ((_CONFIG_ENVIRONMENT if environment else 0) |
                 (_CONFIG_CLIENT_ID_FROM_NAME if client_id_from else 0))
    return opt, keep


def _from_config(cls, path, defines=None, client_id_from=None,
                 environment=False) -> MemStore:
    """A :class:`MemStore` built from a config file or directory by the
    config library: Management API JSON, an auth0-deploy-cli YAML export
    (``.yaml``/``.yml``) or directory export (R7.4, R7.5).

    ``defines`` fills ``##KEY##`` placeholders: a mapping ``{"KEY":
    "value"}`` or an iterable of ``"KEY=VALUE"`` strings; with
    ``environment=True`` the environment fills the rest.
    ``client_id_from="name"`` keys clients without client_id by their name.
    Raises :class:`ConfigError` naming the file, client, entry and reason.
    """
    lib = _ConfigLib.get()
    p = os.fsencode(path)
    opt, _keep = _options(defines, client_id_from, environment)
    ms = _MemStoreP()
    diag = _ConfigDiag()
    st = lib.load_file(p, len(p), ctypes.byref(opt), ctypes.byref(ms),
                       ctypes.byref(diag))
    if st != OK:
        raise ConfigError(diag, st)
    self = cls.__new__(cls)
    self._ms = ms
    try:
        self._store = _StoreC()
        st = _memstore_get(self._ms, ctypes.byref(self._store))
        if st != OK:
            raise Auth0LogoutError._from(st)
    except BaseException:
        self.close()
        raise
    return self


MemStore.from_config = classmethod(_from_config)


class OidcSettings(_Owned):
    """What a config says for /oidc/logout (R7.7), for :func:`decide_oidc`:
    the issuer and JWKS, each client's pinned algorithm
    (``jwt_configuration.alg``, RS256 by default) and, for HS256, its
    ``client_secret``, the tenant's ``sessions.oidc_logout_prompt_enabled``
    and ``enabled_locales``, and the discovery document (R8.11).

    Build it with :meth:`from_config`; ``decide_oidc(store, query,
    oidc=settings)`` then verifies id_token_hint with the library's
    reference verifier (OpenSSL 3, R8.10).  Immutable once built (set
    ``max_age`` before sharing it between threads); frees its C object on
    ``close()``, at the end of a ``with`` block or when garbage-collected.
    Do not close it while another thread decides with it.
    """

    def __init__(self) -> None:
        raise TypeError("use OidcSettings.from_config(path, ...)")

    @classmethod
    def from_config(cls, path, defines=None, client_id_from=None,
                    environment: bool = False,
                    max_age: int = 0) -> "OidcSettings":
        """The settings of the config at ``path`` (options as for
        :meth:`MemStore.from_config`; ``oidc.jwks_file`` is read relative
        to the config's directory).  A config without an ``"oidc"`` object
        has no issuer: every id_token_hint is then invalid.  ``max_age``:
        see :meth:`set_max_age`.  Raises :class:`ConfigError` (``config_key``
        for a JWKS key that cannot be used, ``config_shape`` for an issuer
        that is not an https URL, ...)."""
        lib = _ConfigLib.get_oidc()
        p = os.fsencode(path)
        opt, _keep = _options(defines, client_id_from, environment)
        cfg = _ConfigP()
        diag = _ConfigDiag()
        st = lib.read_file(p, len(p), ctypes.byref(opt), ctypes.byref(cfg),
                           ctypes.byref(diag))
        if st != OK:
            raise ConfigError(diag, st)
        o = _ConfigOidcP()
        try:
            st = lib.oidc_new(cfg, ctypes.byref(o), ctypes.byref(diag))
        finally:
            lib.free(cfg)  # the settings keep copies of what they need
        if st != OK:
            raise ConfigError(diag, st)
        self = cls.__new__(cls)
        self._lib = lib
        self._free = lib.oidc_free
        self._o = o
        self._c_verifier = _VerifierC()
        lib.oidc_verifier(o, ctypes.byref(self._c_verifier))
        if max_age:
            self.set_max_age(max_age)
        return self

    def _handle(self) -> "_ConfigOidcP":
        o = getattr(self, "_o", None)
        if not o:
            raise ValueError("the OidcSettings are closed")
        return o

    def set_max_age(self, seconds: int) -> None:
        """R8.10: tokens whose ``iat`` is more than ``seconds`` in the past
        are invalid (0, the default: ``exp`` and ``iat`` are not enforced).
        Call it before sharing the settings between threads."""
        self._lib.oidc_set_max_age(self._handle(), int(seconds))

    def _fill_env(self, env: _OidcEnvC) -> None:
        """env from the tenant's settings, with the reference verifier."""
        self._lib.oidc_env(self._handle(), ctypes.byref(self._c_verifier),
                           ctypes.byref(env))

    @property
    def verifier(self) -> _VerifierC:
        """The C ``auth0logout_verifier`` of the reference verifier (valid
        while these settings are open)."""
        self._handle()
        return self._c_verifier

    def _string(self, fn) -> str | None:
        p = fn(self._handle())
        return p.decode("utf-8") if p is not None else None

    @property
    def issuer(self) -> str | None:
        """The issuer (``"https://tenant.example.com/"``), or None when the
        config names none."""
        return self._string(self._lib.oidc_issuer)

    @property
    def discovery(self) -> str | None:
        """R8.11: the discovery document to serve at
        ``/.well-known/openid-configuration`` (JSON), or None without an
        issuer."""
        return self._string(self._lib.oidc_discovery)

    @property
    def jwks(self) -> str | None:
        """R8.11: the public JWKS to serve at ``/.well-known/jwks.json``
        (JSON, only each key's public members), or None without keys."""
        return self._string(self._lib.oidc_jwks)

    def close(self) -> None:
        """Frees the settings (idempotent)."""
        o, self._o = getattr(self, "_o", None), None
        if o:
            self._free(o)

    def __repr__(self) -> str:
        if not getattr(self, "_o", None):
            return "OidcSettings(<closed>)"
        return f"OidcSettings(issuer={self.issuer!r})"


@dataclass(frozen=True)
class LintFinding:
    """One finding of :func:`lint` (the codes are those of ``auth0logout
    lint``: E101-E103 errors, W201-W209 warnings).

    ``client`` and ``index`` are None for the tenant's list and for a
    finding about a whole list or client; ``entry`` is the entry as written
    (bytes made valid UTF-8) or None; ``related`` the earlier entry or
    client it refers to, or None.
    """

    code: int
    id: str
    slug: str
    severity: str
    rule: str | None
    status: str | None
    client: int | None
    list: str
    index: int | None
    entry: str | None
    related: int | None
    message: str


def lint(path, defines=None, client_id_from=None, environment=False,
         max_entries: int = 0) -> list[LintFinding]:
    """Lints the config at ``path`` (options as for
    :meth:`MemStore.from_config`): the findings, in report order.  Raises
    :class:`ConfigError` when the config cannot be read."""
    lib = _ConfigLib.get()
    p = os.fsencode(path)
    opt, _keep = _options(defines, client_id_from, environment)
    cfg = _ConfigP()
    diag = _ConfigDiag()
    st = lib.read_file(p, len(p), ctypes.byref(opt), ctypes.byref(cfg),
                       ctypes.byref(diag))
    if st != OK:
        raise ConfigError(diag, st)
    found: list[LintFinding] = []
    errors: list[BaseException] = []

    def s(b):
        return b.decode("utf-8", errors="replace") if b is not None else None

    def on_finding(_ctx, fp):
        try:
            f = fp.contents
            found.append(LintFinding(
                code=f.code, id=s(f.id), slug=s(f.slug),
                severity="error" if f.severity == 2 else "warning",
                rule=s(f.rule),
                status=status_name(f.status) if f.code == 101 else None,
                client=_none_if_max(f.client), list=s(f.list),
                index=_none_if_max(f.index),
                entry=_text(f.entry, f.entry_len) if f.entry else None,
                related=_none_if_max(f.related), message=s(f.message)))
        except BaseException as e:  # nothing may escape a C callback
            errors.append(e)

    cb = _LINT_FN(on_finding)
    try:
        rc = lib.lint(cfg, max_entries, cb, None, None)
    finally:
        lib.free(cfg)
    if errors:
        raise errors[0]
    if rc < 0:
        raise MemoryError("auth0logout_config_lint ran out of memory")
    return found


# --------------------------------------------------------------------------
# R11 policy tests: cases files (since 0.4)


def _escape_text(s: str) -> str:
    """s with control characters shown as auth0logout_escape's
    NO_CONTROL shows them (what ``auth0logout test`` prints for a file or
    case name); s itself with a library that has no auth0logout_escape."""
    if _escape is None:
        return s
    b = s.encode("utf-8", errors="surrogateescape")
    n = _escape(b, len(b), _ESCAPE_NO_CONTROL, None, 0)
    out = ctypes.create_string_buffer(n + 1)
    _escape(b, len(b), _ESCAPE_NO_CONTROL, out, n + 1)
    return out.raw[:n].decode("utf-8", errors="replace")


class Case:
    """One case of a cases file (R11.1), as the config library read it.

    ``name``; ``query`` (the request: a query string or form body, or the
    query part of the case's ``target``); ``endpoint`` (``"v2"`` or
    ``"oidc"``); ``form`` (an oidc POST: the query is a form body);
    ``session_sid`` (oidc: the browser session's sid, or None);
    ``expectations`` (what the case expects, in the order ``auth0logout
    test`` compares them: a dict with some of ``outcome``, ``status``,
    ``location``, ``list``, ``matched``, ``error``, named as
    :class:`Decision` names them, None expecting none); ``index`` (0-based
    in the file) and ``source`` (the file's path).

    Made by :meth:`Cases.read`; valid for :meth:`check` while its
    :class:`Cases` is open (each case keeps it referenced).
    """

    def __init__(self) -> None:
        raise TypeError("cases come from Cases.read(path)")

    @classmethod
    def _new(cls, owner: "Cases", ptr, index: int) -> "Case":
        self = cls.__new__(cls)
        c = ptr.contents
        self._owner = owner
        self._ptr = ptr
        self.index = index
        self.name = c.name.decode("utf-8", errors="replace")
        self._query = ctypes.string_at(c.query, c.query_len) \
            if c.query else b""
        self.query = self._query.decode("utf-8", errors="replace")
        self.endpoint = "oidc" if c.endpoint == _CASE_OIDC else "v2"
        self.form = bool(c.form)
        self._sid = c.session_sid  # bytes or None
        self.session_sid = (self._sid.decode("utf-8", errors="replace")
                            if self._sid is not None else None)
        e = {}
        if c.expect & _EXPECT_OUTCOME:
            e["outcome"] = _name(_outcome_name, c.outcome)
        if c.expect & _EXPECT_STATUS:
            e["status"] = c.status
        if c.expect & _EXPECT_LOCATION:
            e["location"] = _text(c.location, c.location_len)
        if c.expect & _EXPECT_LIST:
            e["list"] = _name(_list_name, c.list)
        if c.expect & _EXPECT_MATCHED:
            e["matched"] = _text(c.matched, c.matched_len)
        if c.expect & _EXPECT_ERROR:
            e["error"] = _name(_error_name, c.error)
        self.expectations = e
        return self

    @property
    def source(self) -> str:
        """The path of the cases file this case is from."""
        return self._owner.source

    def decide(self, store: MemStore | Store, *, oidc=None,
               verifier=None) -> Decision:
        """The decision for this case's request, made as ``auth0logout
        test`` makes it: :func:`decide` for a v2 case; for an oidc case
        :func:`decide_oidc` with the case's ``form`` and ``session_sid``
        and ``oidc`` (:class:`OidcSettings`, as the CLI builds them from
        the config) and/or ``verifier`` (both ignored for a v2 case)."""
        if self.endpoint == "oidc":
            return decide_oidc(store, self._query, form=self.form,
                               oidc=oidc, verifier=verifier,
                               session_sid=self._sid)
        return decide(store, self._query)

    def check(self, decision: Decision) -> str | None:
        """None when ``decision`` is what this case expects, else why not:
        the message ``auth0logout test`` prints after ``FAIL file:name:``
        ("expected outcome redirect, got error; ... (hint: ...)"), made by
        the library (auth0logout_config_case_check).  ``decision`` is one
        that :func:`decide` or :func:`decide_oidc` returned (TypeError
        otherwise)."""
        d, _keep = _c_decision(decision)
        lib = self._owner._lib
        self._owner._handle()  # ValueError once the Cases are closed
        n = lib.case_check(self._ptr, ctypes.byref(d), None, 0)
        if n == 0:
            return None
        buf = ctypes.create_string_buffer(n + 1)
        lib.case_check(self._ptr, ctypes.byref(d), buf, n + 1)
        return buf.raw[:n].decode("utf-8", errors="replace")

    def run(self, store: MemStore | Store, *, oidc=None,
            verifier=None) -> str | None:
        """``check(decide(store, ...))``: None when the case passes, else
        the failure message."""
        return self.check(self.decide(store, oidc=oidc, verifier=verifier))

    def __repr__(self) -> str:
        return (f"Case({self.name!r}, endpoint={self.endpoint!r}, "
                f"query={self.query!r}, expect={self.expectations!r})")


class Cases(_Owned):
    """A cases file of ``auth0logout test`` (R11.1; the format is in
    ``auth0logout/config.h`` and the README), read by the config library:
    a sequence of :class:`Case`.  ``source`` is the path read.

    Immutable: may be shared between threads.  Frees its C object on
    ``close()``, at the end of a ``with`` block or when garbage-collected
    (each :class:`Case` keeps its Cases alive); a case's :meth:`Case.check`
    raises ValueError once its Cases are closed.
    """

    def __init__(self) -> None:
        raise TypeError("use Cases.read(path)")

    @classmethod
    def read(cls, path) -> "Cases":
        """Reads the cases file at ``path``: YAML when its name ends in
        ``.yaml`` or ``.yml``, else JSON.  Raises :class:`ConfigError`
        (``config_io``, ``config_syntax``, ``config_shape`` for an unknown
        key or a wrong type, naming the case) with the message
        ``auth0logout test`` prints, and NotImplementedError with a config
        library older than 0.4."""
        lib = _ConfigLib.get()
        if not lib.has_cases:
            raise NotImplementedError(
                "auth0logout: the loaded config library has no cases "
                "files (auth0logout_config_cases_read_file: 0.4 or later "
                "is needed)")
        p = os.fsencode(path)
        cs = _CasesP()
        diag = _ConfigDiag()
        st = lib.cases_read_file(p, len(p), ctypes.byref(cs),
                                 ctypes.byref(diag))
        if st != OK:
            raise ConfigError(diag, st)
        self = cls.__new__(cls)
        self._lib = lib
        self._free = lib.cases_free
        self._cs = cs
        self.source = os.fsdecode(lib.cases_source(cs))
        self._cases = [Case._new(self, lib.cases_get(cs, i), i)
                       for i in range(lib.cases_count(cs))]
        return self

    def _handle(self) -> "_CasesP":
        cs = getattr(self, "_cs", None)
        if not cs:
            raise ValueError("the Cases are closed")
        return cs

    def __len__(self) -> int:
        return len(self._cases)

    def __getitem__(self, i):
        return self._cases[i]

    def __iter__(self) -> Iterator[Case]:
        return iter(self._cases)

    @property
    def oidc(self) -> bool:
        """Whether any case is an /oidc/logout one (then ``auth0logout
        test`` builds the config's OidcSettings)."""
        return any(c.endpoint == "oidc" for c in self._cases)

    def close(self) -> None:
        """Frees the cases (idempotent)."""
        cs, self._cs = getattr(self, "_cs", None), None
        if cs:
            self._free(cs)

    def __repr__(self) -> str:
        state = "" if getattr(self, "_cs", None) else ", <closed>"
        return f"Cases({self.source!r}, {len(self)} cases{state})"
