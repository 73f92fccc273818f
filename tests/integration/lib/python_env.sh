# SPDX-License-Identifier: MIT
# Sourced by the Python binding's test scripts (python.sh,
# pytest_helper.sh): SRCDIR (the repository root), LIBSO
# (libauth0logout.so.1) and CONFIG_LIBSO (libauth0logout-config.so.1, next to
# LIBSO), each from the environment or this checkout's build, made absolute
# (the tests run from another directory).  $here: the repository root.
SRCDIR=${SRCDIR:-$here}
LIBSO=${LIBSO:-$SRCDIR/build/libauth0logout.so.1}
case $LIBSO in
/*) ;;
*) LIBSO=$(pwd)/$LIBSO ;;
esac
CONFIG_LIBSO=${CONFIG_LIBSO:-$(dirname "$LIBSO")/libauth0logout-config.so.1}
case $CONFIG_LIBSO in
/*) ;;
*) CONFIG_LIBSO=$(pwd)/$CONFIG_LIBSO ;;
esac
