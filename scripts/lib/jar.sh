# Sourced by scripts/defocusj and scripts/imagej: defocusj_jar ROOT prints the path of target/DefocusJ_-<v>.jar,
# building it (mvn package, tests skipped; target/lib gets the dependencies) when it is missing or older than
# src/main or pom.xml. Maven's output goes to standard error.
defocusj_jar() {
  local root="$1" jar
  jar="$(ls "$root"/target/DefocusJ_-*.jar 2>/dev/null | grep -v -e sources -e javadoc | head -n 1 || true)"
  if [ -z "$jar" ] || [ -n "$(find "$root/src/main" "$root/pom.xml" -newer "$jar" -print -quit)" ]; then
    echo "$(basename "$0"): building (mvn package) ..." >&2
    (cd "$root" && mvn -q -B -DskipTests package) >&2 || return 1
    jar="$(ls "$root"/target/DefocusJ_-*.jar | grep -v -e sources -e javadoc | head -n 1)"
  fi
  echo "$jar"
}
