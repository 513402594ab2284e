#!/usr/bin/env bash
# Builds the libFuzzer targets with clang, ASan and UBSan in their own build
# directory and runs each for SECONDS (default 60) on a copy of its seed
# corpus. Exits non-zero if a target crashes or fails to build.
#
#   .ci/fuzz.sh [SECONDS]
#
# Environment: SMSSCAN_FUZZ_BUILD_DIR (default <repo>/build-fuzz).
# Crash inputs are kept in <build dir>/fuzz-artifacts/.
#
# PE seeds: fuzz/corpus/pe (a minimal PE32 and PE32+ image with a version
# resource, headers only, a bare DOS header), plus the mingw-w64 fixture DLLs
# of any build directory, or built here with mingw-w64 if none exist.
set -euo pipefail

seconds="${1:-60}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${SMSSCAN_FUZZ_BUILD_DIR:-$root/build-fuzz}"

CC=clang CXX=clang++ cmake -S "$root" -B "$build" -G Ninja \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSMSSCAN_FUZZ=ON -DSMSSCAN_SANITIZE=ON -DSMSSCAN_TESTS=OFF
ninja -C "$build" -j2 fuzz_pe_image fuzz_manifest fuzz_kb_import

work="$(mktemp -d "${TMPDIR:-/tmp}/smsscan-fuzz.XXXXXX")"
trap 'rm -rf "$work"' EXIT
artifacts="$build/fuzz-artifacts"
mkdir -p "$work/pe" "$work/manifest" "$work/kb" "$artifacts"

cp "$root"/fuzz/corpus/pe/* "$work/pe/"
fixtures=0
for dll in "$root"/build*/fixtures/pe-template-*.dll; do
  [ -f "$dll" ] || continue
  cp "$dll" "$work/pe/$(basename "$(dirname "$(dirname "$dll")")")-$(basename "$dll")"
  fixtures=$((fixtures + 1))
done
if [ "$fixtures" -eq 0 ] && command -v i686-w64-mingw32-gcc >/dev/null && command -v i686-w64-mingw32-windres >/dev/null; then
  sed -e 's/@FIXTURE_V1@/2/; s/@FIXTURE_V2@/0/; s/@FIXTURE_V3@/1380/; s/@FIXTURE_V4@/1000/' \
      -e 's/@FIXTURE_TEXT@/2.00.1380.1000/g; s/@FIXTURE_NAME@/pe-template.dll/' \
      "$root/tests/fixtures/pe_template.rc.in" > "$work/fixture.rc"
  if i686-w64-mingw32-windres -O coff -i "$work/fixture.rc" -o "$work/fixture.res.o" \
     && i686-w64-mingw32-gcc -O2 -shared -s -nostdlib -Wl,-e,_DllMain@12 \
          -o "$work/pe/pe-template.dll" "$root/tests/fixtures/pe_template.c" "$work/fixture.res.o"; then
    fixtures=1
  fi
  rm -f "$work/fixture.rc" "$work/fixture.res.o"
fi
echo "fuzz.sh: PE corpus: $(ls "$work/pe" | wc -l) seeds ($fixtures mingw-w64 fixture DLLs)"

cp "$root"/fuzz/corpus/manifest/* "$work/manifest/"
cp "$root"/manifests/*.xml "$work/manifest/" 2>/dev/null || true

status=0
run() {
  local name="$1" corpus="$2"
  shift 2
  echo "fuzz.sh: running $name for ${seconds}s"
  # One job only (the CI machine has two cores and ninja may share them).
  if ! "$build/fuzz/$name" "$corpus" -max_total_time="$seconds" -max_len=8192 -timeout=10 \
       -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$artifacts/$name-" "$@"; then
    echo "fuzz.sh: $name FAILED; inputs in $artifacts" >&2
    status=1
  fi
}
run fuzz_pe_image "$work/pe"
run fuzz_manifest "$work/manifest" -dict="$root/fuzz/manifest.dict"
cp "$root"/fuzz/corpus/kb/* "$work/kb/"
# The sample articles of the shared folder, when it is beside the repository.
cp "$root"/../shared/kb/*.txt "$work/kb/" 2>/dev/null || true
run fuzz_kb_import "$work/kb"
exit "$status"
