# Sourced by ./run, ./test and ./bench: finds a Java 25 (or newer) JDK and puts it first, as JAVA_HOME and on PATH,
# for everything they start (Maven, the services, the broker). Looks at JAVA_HOME, then the java on PATH, then the
# system's JVM directory (/usr/lib/jvm, where Temurin 25 sits beside the default JDK 17 on Debian machines).
# Stops with a message naming what is needed when none is found.

SMART_JAVA_FEATURE=25

# The feature version of a java executable (17, 21, 25...), or nothing when it does not run.
smart_java_feature() {
  local line
  line=$("$1" -XshowSettings:properties -version 2>&1 | grep -m1 'java.specification.version') || return 1
  line=${line##*= }
  printf '%s' "${line%%.*}"
}

# smart_use_java NAME [jdk]: exports JAVA_HOME and PATH for a Java >= 25; "jdk" also needs javac (to build).
smart_use_java() {
  local who=$1 need=${2:-jre} candidates=() home java version
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if java=$(command -v java 2>/dev/null); then
    java=$(readlink -f "$java")
    candidates+=("${java%/bin/java}")
  fi
  for home in /usr/lib/jvm/*; do [ -d "$home" ] && candidates+=("$home"); done
  for home in "${candidates[@]}"; do
    [ -x "$home/bin/java" ] || continue
    [ "$need" = jdk ] && { [ -x "$home/bin/javac" ] || continue; }
    version=$(smart_java_feature "$home/bin/java") || continue
    if [ -n "$version" ] && [ "$version" -ge "$SMART_JAVA_FEATURE" ]; then
      export JAVA_HOME=$home
      export PATH="$home/bin:$PATH"
      # Maven 3.8's own Guava warns about sun.misc.Unsafe on every run under Java 24+: not ours, keep it quiet
      case " ${MAVEN_OPTS:-} " in
        *sun-misc-unsafe-memory-access*) ;;
        *) export MAVEN_OPTS="--sun-misc-unsafe-memory-access=allow${MAVEN_OPTS:+ $MAVEN_OPTS}" ;;
      esac
      return 0
    fi
  done
  {
    printf '[%s] error: SMART Support needs Java %s or newer' "$who" "$SMART_JAVA_FEATURE"
    [ "$need" = jdk ] && printf ' (a JDK, with javac, to build)'
    printf '.\n[%s] looked at JAVA_HOME (%s), the java on PATH (%s) and /usr/lib/jvm/*.\n' "$who" \
      "${JAVA_HOME:-not set}" "$(command -v java 2>/dev/null || echo none)"
    printf '[%s] install one (e.g. Eclipse Temurin 25) and set JAVA_HOME to it.\n' "$who"
  } >&2
  exit 1
}
