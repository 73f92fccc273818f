# SPDX-License-Identifier: MIT
"""Prints where `make install` puts the Python module for PREFIX: the
directory of this interpreter's package path that lies in PREFIX/lib (on
Debian /usr/local/lib/python3.X/dist-packages for /usr/local and
/usr/lib/python3/dist-packages for /usr); when the interpreter reads no
directory under PREFIX (a pyenv or virtualenv Python), its own package
directory, so that `import auth0logout` works with the python3 that ran
`make install`.

Usage: python3 scripts/python-site.py PREFIX
"""
import os
import site
import sys
import sysconfig

prefix = os.path.normpath(sys.argv[1])
paths = []
try:
    paths += site.getsitepackages()
except AttributeError:  # a virtualenv without getsitepackages
    pass
paths += sys.path
for p in paths:
    if not p.endswith(("site-packages", "dist-packages")):
        continue
    rel = os.path.relpath(os.path.normpath(p), prefix)
    if rel.startswith("lib" + os.sep):
        print(p)
        break
else:
    print(sysconfig.get_paths()["purelib"])
