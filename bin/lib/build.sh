# Shared by the bin/ scripts: build on first use, reuse afterwards.

# Flink on Java 17 reflects into these packages (see ../shared PLATFORM notes and the parent POM).
flink_jvm_opens() {
  local p
  for p in java.lang java.util java.lang.reflect java.io java.net java.nio sun.nio.ch java.text java.time \
           java.util.concurrent java.util.concurrent.atomic java.lang.invoke java.math java.security sun.nio.cs; do
    printf -- '--add-opens=java.base/%s=ALL-UNNAMED ' "$p"
  done
}

# The file reader's screen scans with the Vector API, an incubator module in Java 17, when the JVM
# resolves it (about 2.5x the reader's speed; README, Performance). For JVMs that run the job only:
# it prints a warning on stderr at start.
vector_module() { printf -- '--add-modules=jdk.incubator.vector'; }

job_jar() { echo "$1/job/target/tunnelwatch-job-0.1.0-SNAPSHOT.jar"; }

job_classpath() { echo "$(job_jar "$1"):$(cat "$1/job/target/classpath.txt")"; }

# Rebuilds when the jar or classpath is missing, or any POM or source is newer than the jar.
ensure_built() {
  local home=$1
  is_built "$home" && return 0
  # Two scripts started together must not run Maven on one target/ at once: the second waits
  # for the first's build, then finds it done.
  mkdir -p "$home/.run"
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$home/.run/build.lock"
    flock 9
  fi
  if ! is_built "$home"; then
    echo "$(basename "$0"): building the project (first run or sources changed; takes a minute)..." >&2
    local log
    log=$(mktemp)
    trap 'rm -f "$log"' EXIT
    if ! (cd "$home" && mvn -B -q -DskipTests install >"$log" 2>&1); then
      cat "$log" >&2
      echo "$(basename "$0"): the build failed (output above)" >&2
      exit 1
    fi
    rm -f "$log"
    trap - EXIT
  fi
  if command -v flock >/dev/null 2>&1; then
    exec 9>&-
  fi
}

# True when the jar and its classpath exist and no POM or main source is newer than the jar.
is_built() {
  local home=$1 jar
  jar=$(job_jar "$home")
  [[ -f "$jar" && -f "$home/job/target/classpath.txt" ]] && \
    [[ -z "$(find "$home/pom.xml" "$home/job/pom.xml" "$home/connectors/pom.xml" \
              "$home/job/src/main" "$home/connectors/src/main" -newer "$jar" -print -quit 2>/dev/null)" ]]
}
