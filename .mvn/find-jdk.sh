# shellcheck shell=sh
# Finds a JDK 25+ and exports JAVA_HOME to it. POSIX sh; meant to be sourced
# (by ./mvnw, and later by other launchers):
#
#   . "$(dirname "$0")/.mvn/find-jdk.sh"
#
# Order:
#   1. $JAVA_HOME, if its java is 25 or newer: kept as is.
#   2. `java` on PATH, if it is 25 or newer: JAVA_HOME is set to its home.
#   3. The first JDK 25+ (by its `release` file) under the usual install
#      folders, preferring the lowest major version >= 25 (the build targets
#      release 25, and the incubator Vector API may differ in newer JDKs).
# If none is found, prints what to do and exits 1.

_jt_min=25

# Major version from a version string: "25.0.3" -> 25, "25-ea" -> 25, "1.8.0_402" -> 8.
_jt_major() {
  _jt_v=${1#1.}
  [ "$_jt_v" != "$1" ] || _jt_v=$1
  _jt_v=${_jt_v%%[!0-9]*}
  printf '%s\n' "${_jt_v:-0}"
}

# Major version of a java binary, from `java -version` ("openjdk version "25.0.3" ...").
_jt_java_major() {
  _jt_major "$("$1" -version 2>&1 | sed -n '1s/^[^"]*"\([^"]*\)".*/\1/p')"
}

# Major version of a JDK home, from its `release` file; 0 if it has none or no javac.
_jt_home_major() {
  if [ -f "$1/release" ] && [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ]; then
    _jt_major "$(sed -n 's/^JAVA_VERSION="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$1/release")"
  else
    echo 0
  fi
}

_jt_found=

# 1. JAVA_HOME
if [ -n "${JAVA_HOME-}" ] && [ -x "$JAVA_HOME/bin/java" ] &&
  [ "$(_jt_java_major "$JAVA_HOME/bin/java")" -ge "$_jt_min" ]; then
  _jt_found=$JAVA_HOME
fi

# 2. java on PATH
if [ -z "$_jt_found" ] && _jt_java=$(command -v java 2>/dev/null) &&
  [ "$(_jt_java_major "$_jt_java")" -ge "$_jt_min" ]; then
  _jt_found=$("$_jt_java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.home = //p')
fi

# 3. well-known install folders (globbing is switched on here, whatever the caller had)
if [ -z "$_jt_found" ]; then
  case $- in *f*) _jt_noglob=1 ;; *) _jt_noglob= ;; esac
  set +f
  _jt_best=0
  for _jt_home in /usr/lib/jvm/* /usr/local/lib/jvm/* "${HOME-}"/.sdkman/candidates/java/* \
    /opt/java/* /opt/jdk* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -d "$_jt_home" ] || continue
    _jt_m=$(_jt_home_major "$_jt_home")
    if [ "$_jt_m" -ge "$_jt_min" ] && { [ "$_jt_best" -eq 0 ] || [ "$_jt_m" -lt "$_jt_best" ]; }; then
      _jt_best=$_jt_m
      _jt_found=$_jt_home
    fi
  done
  [ -z "$_jt_noglob" ] || set -f
fi

if [ -z "$_jt_found" ]; then
  echo "jtorch needs JDK 25 or newer; install one and set JAVA_HOME=/path/to/jdk-25" >&2
  exit 1
fi

if [ -n "${JAVA_HOME-}" ] && [ "$JAVA_HOME" != "$_jt_found" ]; then
  echo "note: JAVA_HOME=$JAVA_HOME is not JDK $_jt_min+; using $_jt_found" >&2
fi
JAVA_HOME=$_jt_found
export JAVA_HOME

unset _jt_min _jt_v _jt_found _jt_java _jt_noglob _jt_best _jt_home _jt_m
unset -f _jt_major _jt_java_major _jt_home_major
