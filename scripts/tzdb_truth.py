#!/usr/bin/env python3
"""Ground truth for Sealpost's time zones, from Python's zoneinfo.

Python's zoneinfo, reading only the PyPI ``tzdata`` package (never the
system's /usr/share/zoneinfo), answers for every zone:

- its offset and abbreviation at every transition from 1970 to 2037, one
  second before, at, and one second after it, and every 30 days;
- each transition (offset or abbreviation changes) in that span;
- for each gap (clocks jump forward) and overlap (clocks fall back), the
  instant of a local time at its start, middle and last second, read with
  fold=0 and with fold=1 (PEP 495).

PEP 495: fold=0 reads a local time with the offset in force *before* the
transition, fold=1 with the one *after*. In a gap, fold=0 therefore gives
the later instant (TC39 Temporal's `compatible` and `later`) and fold=1 the
earlier one; in an overlap fold=0 gives the earlier instant (`compatible`,
`earlier`) and fold=1 the later.

Where to ask is found from the TZif transition list, plus a daily scan with
bisection for the part of each zone described by its POSIX rule; only the
answers of zoneinfo are written.

Output, one tab-separated record per line:

    V  <IANA version>
    Z  <zone>
    O  <zone> <unix seconds> <offset seconds> <abbreviation>
    T  <zone> <unix seconds> <offset before> <offset after> <abbr before> <abbr after>
    G  <zone> <local YYYY-MM-DDTHH:MM:SS> <unix fold=0> <unix fold=1>
    F  <zone> <local YYYY-MM-DDTHH:MM:SS> <unix fold=0> <unix fold=1>

Usage: tzdb_truth.py --expect 2026f OUTPUT
"""

import argparse
import datetime as dt
import hashlib
import importlib.resources
import struct
import sys
import zoneinfo

START = int(dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc).timestamp())
END = int(dt.datetime(2038, 1, 1, tzinfo=dt.timezone.utc).timestamp())
GRID = 30 * 86400
DAY = 86400


def tzif_bytes(name):
    """The raw TZif file of a zone in the tzdata package."""
    parts = name.split("/")
    package = ".".join(["tzdata", "zoneinfo"] + parts[:-1])
    return importlib.resources.files(package).joinpath(parts[-1]).read_bytes()


def tzif_transitions(data):
    """Transition times of the 64-bit (v2+) data block of a TZif file."""
    if data[:4] != b"TZif":
        raise ValueError("not TZif")
    counts = struct.unpack(">6l", data[20:44])
    isutc, isstd, leap, timecnt, typecnt, charcnt = counts
    v1 = timecnt * 5 + typecnt * 6 + charcnt + leap * 8 + isstd + isutc
    if data[4:5] == b"\x00":
        return list(struct.unpack(">%dl" % timecnt, data[44 : 44 + timecnt * 4]))
    head = 44 + v1
    counts = struct.unpack(">6l", data[head + 20 : head + 44])
    timecnt = counts[3]
    body = head + 44
    return list(struct.unpack(">%dq" % timecnt, data[body : body + timecnt * 8]))


def state(zone, ts):
    """(offset seconds, abbreviation) of a zone at a Unix time."""
    local = dt.datetime.fromtimestamp(ts, tz=zone)
    return int(local.utcoffset().total_seconds()), local.tzname()


def transitions(zone, explicit):
    """Every instant in [START, END) where the offset or abbreviation changes."""
    found = set()
    for t in explicit:
        if START <= t < END and state(zone, t - 1) != state(zone, t):
            found.add(t)
    tail = max([START] + [t for t in explicit if t < END])
    t, prev = tail, state(zone, tail)
    while t < END:
        nxt = min(t + DAY, END)
        now = state(zone, nxt)
        if now != prev:
            lo, hi = t, nxt  # state(lo) == prev != state(hi)
            while hi - lo > 1:
                mid = (lo + hi) // 2
                if state(zone, mid) == prev:
                    lo = mid
                else:
                    hi = mid
            if hi < END:
                found.add(hi)
        t, prev = nxt, now
    return sorted(found)


def local_text(naive):
    return naive.strftime("%Y-%m-%dT%H:%M:%S")


def folds(zone, t, before, after):
    """Local times in the gap or overlap at transition t, both folds."""
    delta = after - before
    if delta == 0:
        return []
    kind = "G" if delta > 0 else "F"
    # The ambiguous local span: [t + min, t + max) in local seconds.
    first = t + min(before, after)
    width = abs(delta)
    out = []
    for local_seconds in sorted({first, first + width // 2, first + width - 1}):
        naive = dt.datetime(1970, 1, 1) + dt.timedelta(seconds=local_seconds)
        stamps = [
            int(naive.replace(tzinfo=zone, fold=f).timestamp()) for f in (0, 1)
        ]
        out.append((kind, local_text(naive), stamps[0], stamps[1]))
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--expect", required=True, help="IANA release, e.g. 2026f")
    parser.add_argument("output")
    args = parser.parse_args()

    import tzdata

    if tzdata.IANA_VERSION != args.expect:
        sys.exit(
            "tzdata is IANA %s (PyPI %s), not %s"
            % (tzdata.IANA_VERSION, tzdata.__version__, args.expect)
        )
    zoneinfo.reset_tzpath(to=[])  # tzdata only, never the system's files
    names = sorted(zoneinfo.available_timezones())
    cache = {}
    counts = {"O": 0, "T": 0, "G": 0, "F": 0}
    with open(args.output, "w", encoding="utf-8") as out:
        out.write("V\t%s\n" % tzdata.IANA_VERSION)
        for name in names:
            data = tzif_bytes(name)
            key = hashlib.sha256(data).hexdigest()
            if key not in cache:
                zone = zoneinfo.ZoneInfo.no_cache(name)
                cache[key] = compute(zone, tzif_transitions(data))
            out.write("Z\t%s\n" % name)
            for record in cache[key]:
                counts[record[0]] += 1
                out.write("%s\t%s\t%s\n" % (record[0], name, "\t".join(map(str, record[1:]))))
    print(
        "tzdata %s: %d zones, %d offsets, %d transitions, %d gap and %d overlap times -> %s"
        % (
            tzdata.IANA_VERSION,
            len(names),
            counts["O"],
            counts["T"],
            counts["G"],
            counts["F"],
            args.output,
        )
    )


def compute(zone, explicit):
    """All records of one zone (without its name)."""
    records = []
    moments = set(range(START, END, GRID))
    found = transitions(zone, explicit)
    for t in found:
        moments.update((t - 1, t, t + 1))
    for ts in sorted(m for m in moments if START <= m < END):
        offset, abbr = state(zone, ts)
        records.append(("O", ts, offset, abbr))
    for t in found:
        (ob, ab), (oa, aa) = state(zone, t - 1), state(zone, t)
        records.append(("T", t, ob, oa, ab, aa))
        records.extend(folds(zone, t, ob, oa))
    return records


if __name__ == "__main__":
    main()
