# SPDX-License-Identifier: MIT
"""Policy tests (R11) from Python: the cases files of ``auth0logout test``
as pytest cases, or run without pytest.

::

    import pytest
    from auth0logout.testing import policy_cases

    @pytest.mark.parametrize("case", policy_cases("demo-cases.yaml",
                                                  config="demo.json"))
    def test_logout_policy(case):
        case.check()   # AssertionError: what `auth0logout test` prints

Each case is decided as ``auth0logout test --config CONFIG FILE...``
decides it (the v2 or oidc endpoint, a form body, the session's sid; the
config's OidcSettings when any case is an oidc one), and compared with what
it expects by the library itself (auth0logout_config_case_check): a failure
says what ``auth0logout test`` prints after ``FAIL file:name:``.

Paths: :func:`policy_cases` reads relative paths from the directory of the
module that calls it (the test file), whatever directory pytest runs in;
:func:`load_cases` and :func:`run_cases` from the current directory, as the
CLI does.  ``base=`` names another directory for all three.

pytest is imported only by :func:`policy_cases`; ``import auth0logout``
never imports this module.
"""

from __future__ import annotations

import os
import sys
from typing import NamedTuple

import auth0logout as _a0l

__all__ = ["Failure", "PolicyCase", "load_cases", "policy_cases",
           "run_cases"]


class Failure(NamedTuple):
    """A failing case: its file (as given), its name and the message.
    ``str()`` is the line ``auth0logout test`` prints for it."""

    file: str
    name: str
    message: str

    def __str__(self) -> str:
        return (f"FAIL {_a0l._escape_text(self.file)}:"
                f"{_a0l._escape_text(self.name)}: {self.message}")


class _Target:
    """What the cases of sets (Cases) are decided against, built once from
    a config: the store and, when any case is an oidc one, the
    OidcSettings."""

    def __init__(self, config, options: dict, sets: list):
        self.config = config
        self.sets = sets
        self.store = _a0l.MemStore.from_config(config, **options)
        self.oidc = None
        if any(cs.oidc for cs in sets):
            try:
                self.oidc = _a0l.OidcSettings.from_config(config, **options)
            except BaseException:
                self.store.close()
                raise

    def close(self) -> None:
        self.store.close()
        if self.oidc is not None:
            self.oidc.close()
        for cs in self.sets:
            cs.close()


class PolicyCase:
    """One case of a cases file, with the config it is tested against:
    what :func:`policy_cases` hands to a test.

    ``name``, ``file`` (the path as given), ``case`` (the
    :class:`auth0logout.Case`: query, endpoint, expectations...).
    :meth:`check` raises AssertionError with the library's message when the
    decision is not what the case expects; :meth:`failure` returns that
    message (None when the case passes); :meth:`decide` the decision.
    """

    def __init__(self, case: _a0l.Case, file: str, target: _Target):
        self.case = case
        self.name = case.name
        self.file = file
        self._target = target

    def decide(self) -> _a0l.Decision:
        """The decision for the case's request, as ``auth0logout test``
        makes it."""
        t = self._target
        return self.case.decide(t.store, oidc=t.oidc)

    def failure(self) -> str | None:
        """None when the case passes, else what ``auth0logout test`` prints
        after ``FAIL file:name:``."""
        return self.case.check(self.decide())

    def check(self) -> None:
        """Raises AssertionError(message) when the case fails."""
        __tracebackhide__ = True  # pytest: the failure is the test's line
        msg = self.failure()
        if msg is not None:
            raise AssertionError(msg)

    def __repr__(self) -> str:
        return f"PolicyCase({self.file!r}, {self.name!r})"


def _path(p, base) -> str:
    p = os.fspath(p)
    if base is None or os.path.isabs(p):
        return p
    return os.path.join(os.fspath(base), p)


def load_cases(*files, config, defines=None, client_id_from=None,
               environment: bool = False, base=None) -> list[PolicyCase]:
    """Every case of ``files`` (cases files of ``auth0logout test``), each
    bound to ``config``, in file order.

    ``config`` is read once, with ``defines``, ``client_id_from`` and
    ``environment`` as :meth:`auth0logout.MemStore.from_config` takes them
    (``auth0logout test``'s ``--define KEY=VALUE`` and ``--client-id-from
    name``).  As the CLI does, every cases file is read before the config,
    and the config's OidcSettings are built only when a case needs them.
    Relative paths are read from ``base``, by default the current
    directory.  Raises :class:`auth0logout.ConfigError` for a cases file or
    config that does not load (the message names the file, the case and
    the key).
    """
    if not files:
        raise TypeError("load_cases needs at least one cases file")
    sets = [(os.fspath(f), _a0l.Cases.read(_path(f, base))) for f in files]
    options = {"defines": defines, "client_id_from": client_id_from,
               "environment": environment}
    target = _Target(_path(config, base), options, [cs for _, cs in sets])
    return [PolicyCase(c, f, target) for f, cs in sets for c in cs]


def _caller_dir(depth: int) -> str | None:
    """The directory of the module depth frames up, or None (an
    interactive session)."""
    try:
        f = sys._getframe(depth + 1).f_globals.get("__file__")
    except (AttributeError, ValueError):
        return None
    return os.path.dirname(os.path.abspath(f)) if f else None


def policy_cases(*files, config, defines=None, client_id_from=None,
                 environment: bool = False, base=None) -> list:
    """The cases of ``files`` as pytest parameters, for
    ``@pytest.mark.parametrize("case", policy_cases(...))``: each a
    :class:`PolicyCase` whose id is the case's name (``file:name`` with
    several files).  The test calls ``case.check()``.

    Options as for :func:`load_cases`, except that relative paths are read
    from the directory of the calling module (the test file) unless
    ``base`` is given.  A cases file or config that does not load raises
    :class:`auth0logout.ConfigError` while pytest collects the module.
    """
    import pytest  # only here: the rest needs no pytest

    if base is None:
        base = _caller_dir(1)
    cases = load_cases(*files, config=config, defines=defines,
                       client_id_from=client_id_from,
                       environment=environment, base=base)
    several = len(files) > 1

    def ident(c: PolicyCase) -> str:
        return f"{os.path.basename(c.file)}:{c.name}" if several else c.name

    return [pytest.param(c, id=ident(c)) for c in cases]


def run_cases(config, *files, defines=None, client_id_from=None,
              environment: bool = False,
              base=None) -> tuple[int, int, list[Failure]]:
    """``auth0logout test --config config files...`` without pytest:
    ``(passed, failed, failures)``, a :class:`Failure` per failing case in
    file order (``str()`` of each is the CLI's ``FAIL`` line).  Options
    and paths as for :func:`load_cases`."""
    cases = load_cases(*files, config=config, defines=defines,
                       client_id_from=client_id_from,
                       environment=environment, base=base)
    failures = []
    try:
        for c in cases:
            msg = c.failure()
            if msg is not None:
                failures.append(Failure(c.file, c.name, msg))
    finally:
        if cases:
            cases[0]._target.close()
    return len(cases) - len(failures), len(failures), failures
