# SPDX-License-Identifier: MIT
"""A user's test file of the pytest helper (auth0logout.testing), run by
tests/integration/pytest_helper.sh: the cases files named in
AUTH0LOGOUT_TEST_CASES (separated by os.pathsep) against the config
AUTH0LOGOUT_TEST_CONFIG, optionally with AUTH0LOGOUT_TEST_DEFINES
(KEY=VALUE, separated by spaces) and AUTH0LOGOUT_TEST_CLIENT_ID_FROM.
Relative paths are read from this file's directory (policy_cases)."""

import os

import pytest

from auth0logout.testing import policy_cases

FILES = os.environ["AUTH0LOGOUT_TEST_CASES"].split(os.pathsep)
CONFIG = os.environ["AUTH0LOGOUT_TEST_CONFIG"]
DEFINES = os.environ.get("AUTH0LOGOUT_TEST_DEFINES", "").split() or None
CLIENT_ID_FROM = os.environ.get("AUTH0LOGOUT_TEST_CLIENT_ID_FROM") or None


@pytest.mark.parametrize("case", policy_cases(
    *FILES, config=CONFIG, defines=DEFINES, client_id_from=CLIENT_ID_FROM))
def test_policy(case):
    case.check()
