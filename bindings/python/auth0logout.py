# SPDX-License-Identifier: MIT
"""ctypes binding for libauth0logout: the decision behind Auth0's GET /v2/logout.

Needs only the installed shared library (``libauth0logout.so.1``), no compiler.
The library is found through, in order: the environment variable
``AUTH0LOGOUT_LIB`` (a path), ``ctypes.util.find_library("auth0logout")``,
then the plain name ``libauth0logout.so.1`` (the dynamic loader's search path).
:meth:`MemStore.from_config` and :func:`lint` also load the config library,
``libauth0logout-config.so.1``: from ``AUTH0LOGOUT_CONFIG_LIB``, else next to
the core library named by ``AUTH0LOGOUT_LIB``, else by name.

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

Threads: compiled :class:`AllowList` objects and a built :class:`MemStore` are
immutable and may be shared; :func:`decide` releases the GIL while the C code
runs and uses one buffer per thread.  Do not ``close()`` a list or a store
while another thread is deciding with it.
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
    "ConfigError",
    "Decision",
    "LintFinding",
    "MemStore",
    "Request",
    "Store",
    "UnknownClient",
    "decide",
    "lint",
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
        ("reserved", ctypes.c_void_p * 8),
    ]


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

# Each mirrored struct has the size the loaded library says it has: a
# library of another ABI fails here, at import, not in a decision.
for _struct, _size_fn in ((_DecisionC, "auth0logout_decision_size"),
                          (_RequestC, "auth0logout_request_size"),
                          (_StoreC, "auth0logout_store_size"),
                          (_Diag, "auth0logout_diag_size")):
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
    must confirm first (always False for /v2/logout); client_id: the client
    whose list decided, else None.
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


def _name(fn, value: int) -> str | None:
    p = fn(value)
    return p.decode("ascii") if p is not None else None


_BUF_SIZE = _decide_buffer_size()
_tls = threading.local()


def _buffer():
    """This thread's decide buffer; a fresh one if it is already in use (a
    store callback that decides recursively)."""
    buf = getattr(_tls, "buf", None)
    if buf is None:
        buf = _tls.buf = ctypes.create_string_buffer(_BUF_SIZE)
    if getattr(_tls, "busy", False):
        return ctypes.create_string_buffer(_BUF_SIZE), False
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
        _tls.busy = True
    try:
        _decide_query(ctypes.byref(c_store), data, len(data), buf, _BUF_SIZE,
                      ctypes.byref(d))
        return Decision(
            outcome=_name(_outcome_name, d.outcome),
            status=d.http_status,
            location=_text(d.location, d.location_len),
            federated=bool(d.federated),
            error=_name(_error_name, d.error),
            error_description=_text(d.error_description,
                                    d.error_description_len),
            list=_name(_list_name, d.list),
            matched=_text(d.matched, d.matched_len),
            code=status_name(d.status),
            hint=_text(d.hint, d.hint_len),
            confirm=bool(d.confirm),
            client_id=_text(d.client_id, d.client_id_len),
        )
    finally:
        if mine:
            _tls.busy = False


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


# void (*)(void *ctx, const auth0logout_lint_finding *f)
_LINT_FN = ctypes.CFUNCTYPE(None, ctypes.c_void_p, _P(_LintFindingC))

_CONFIG_ENVIRONMENT = 0x1
_CONFIG_CLIENT_ID_FROM_NAME = 0x2


class _ConfigLib:
    """The config library, loaded on first use (the core binding works
    without it)."""

    _cdll = None

    @classmethod
    def get(cls) -> "_ConfigLib":
        if cls._cdll is None:
            cls._cdll = cls._load()
            cls._declare(cls._cdll)
        return cls

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
        for struct, size_fn in (
                (_ConfigOptions, "auth0logout_config_options_size"),
                (_ConfigDiag, "auth0logout_config_diag_size"),
                (_LintFindingC, "auth0logout_lint_finding_size")):
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
