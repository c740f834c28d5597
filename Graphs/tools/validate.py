#!/usr/bin/env python3
"""Checks the bundled FtM graphs under Graphs/ (tooling only; Python 3 stdlib).

1. Every *.ftm.json follows the house format of Graphs/README.md (key order, lists of
   strings, dates, percentages 0-100, ids exist and are unique, inbound stakes <= 100%).
2. ofac-guidance/: blocked sets under plain implementations of the three rules of
   docs/rules.md must equal ofac-guidance/expected.json.
3. demo-rare-earths, en-plus-2019: prints the blocked sets per rule at the dates that
   matter and asserts the planted cases of Graphs/README.md.
Usage: python3 Graphs/tools/validate.py   (exit status 1 on any failure)
"""
import datetime
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

GRAPHS = Path(__file__).resolve().parent.parent
THINGS = {"Person", "Company", "Organization", "PublicBody", "LegalEntity", "Vessel"}
ENDS = {"Ownership": ("owner", "asset"), "Control": ("controller", "controlled"),
        "Directorship": ("director", "organization"), "Family": ("person", "relative"),
        "Associate": ("person", "associate"), "Employment": ("employee", "employer"),
        "UnknownLink": ("subject", "object"), "Sanction": ("entity",)}
ASSETS = {"Company", "Vessel"}
DATE_PROPS = {"startDate", "endDate", "listingDate"}
ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PCT_RE = re.compile(r"^\d{1,3}(\.\d+)?$")
# Asset-freeze authorities per rule (country code of the Sanction, accepted authorities).
FREEZE = {"us": ("us", {"Office of Foreign Assets Control"}), "eu": ("eu", {"Council of the European Union"}),
          "uk": ("gb", {"Office of Financial Sanctions Implementation", "HM Treasury",
                        "Foreign, Commonwealth and Development Office"})}
RULES = ("us", "eu", "uk")
EPS = 1e-9
REQUIRE_SOURCE = {"en-plus-2019.ftm.json", "opensanctions-cluster.ftm.json"}
# OpenSanctions export shape (opensanctions-cluster.ftm.json): any file whose records carry
# `first_seen` is read with these keys, ids, schemas and value forms instead of the house ones.
EXPORT_KEYS = ["id", "schema", "caption", "properties", "datasets", "referents", "first_seen", "last_seen",
               "last_change", "target"]
EXPORT_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
EXPORT_ENDS = {"Identification": ("holder",), "Passport": ("holder",)}
EXPORT_OTHER = {"Address"} | set(EXPORT_ENDS)  # records the model does not use as nodes
EXPORT_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")  # FtM allows partial dates
STAMP_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$")
# Shares as registers write them: "51", "51 %", "50,5", "50.00", ranges "25-50", "<25", ">50".
NUM = r"\d{1,3}(?:[.,]\d+)?"
EXPORT_PCT_RE = re.compile(rf"^\s*(?:({NUM})\s*%?|[<>]\s*({NUM})|({NUM})\s*-\s*({NUM}))\s*$")
SYNTHETIC_NOTE = "synthetic record for tests"
# Planted cases: entity -> status under us, eu, uk (B blocked, N not blocked, U undetermined).
CHECKS = {
    "demo-rare-earths.ftm.json": {
        "2026-11-29": dict(
            [(e, "BBN") for e in ("c-taiga-nickel-trading", "c-severny-aluminium-logistics", "c-baikal-foil-products",
                                  "c-meridian-private-bank", "c-arctic-ree-logistics")]
            + [(e, "NBB") for e in ("c-kestrel-energy-trading", "c-kestrel-fuel-logistics", "c-zapolyarny-nickel-combine")]
            + [(e, "BNN") for e in ("c-zarya-commercial-bank", "c-astana-trade-finance", "c-kola-nickel-refining",
                                    "c-onega-metals-trading", "c-ural-ree-separation")]
            + [(e, "BBB") for e in ("c-borealis-mineral-holdings", "c-khibiny-rare-earth-mining",
                                    "c-murmansk-northern-thermal", "c-sayan-aluminium-smelter")]
            + [(e, "NNN") for e in ("c-pembry-metals-trading", "p-nigel-pembry", "c-irtysh-energy-holding",
                                    "c-tundra-loparite-holding", "c-kama-magnesium-works")]
            + [("c-korund-rare-metals", "NNB"), ("c-polar-magnet-alloys", "UUU"), ("c-lovat-rare-metals", "UUU")]),
        "2020-06-01": {"c-onega-metals-trading": "BBN", "c-kola-nickel-refining": "BNN"},
    },
    "en-plus-2019.ftm.json": {
        "2018-06-01": {e: "BNN" for e in ("c-en-plus", "c-rusal", "c-eurosibenergo", "c-irkutskenergo",
                                          "c-aughinish-alumina", "c-gaz-group")},
        "2019-02-01": {**{e: "NNN" for e in ("c-en-plus", "c-rusal", "c-eurosibenergo", "c-irkutskenergo",
                                             "c-aughinish-alumina")}, "c-gaz-group": "BNN", "p-oleg-deripaska": "BNN"},
    },
}
# Relief scenario of the demo graph: Stolnik divests Borealis Mineral Holdings 70% -> 45%.
SCENARIO = ("demo-rare-earths.ftm.json", "2026-11-29", "own-2", "45", {e: "NNN" for e in (
    "c-borealis-mineral-holdings", "c-borealis-rare-earths", "c-khibiny-rare-earth-mining",
    "c-khibiny-concentrate-trading", "c-murmansk-northern-thermal", "c-lovat-rare-metals")})


def load(path, errors):
    records = []
    for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            errors.append(f"{path.name}:{n}: not JSON ({e})")
            continue
        if isinstance(obj, dict) and "first_seen" in obj:
            if list(obj) != EXPORT_KEYS:
                errors.append(f"{path.name}:{n}: an export record needs exactly the keys {', '.join(EXPORT_KEYS)}, in order")
        else:
            order = [k for k in ("id", "schema", "caption", "properties", "datasets") if k in obj] if isinstance(obj, dict) else 0
            if order == 0 or list(obj) != order or not {"id", "schema", "properties"} <= set(order):
                errors.append(f"{path.name}:{n}: not an object with keys id, schema, caption?, properties, datasets?")
        if isinstance(obj, dict):
            records.append((n, obj))
    return records


def valid_date(s):
    try:
        return bool(DATE_RE.match(s)) and datetime.date.fromisoformat(s) is not None
    except ValueError:
        return False


def export_pct_ok(text):
    m = EXPORT_PCT_RE.match(text)
    return bool(m) and all(0 <= float(g.replace(",", ".")) <= 100 for g in m.groups() if g)


def check_export_meta(r, err):
    """Top-level fields of an OpenSanctions export record."""
    if not isinstance(r.get("caption"), str) or not r["caption"]:
        err("caption is not a non-empty string")
    for k in ("datasets", "referents"):
        v = r.get(k)
        if not isinstance(v, list) or not all(isinstance(x, str) and x for x in v) or (k == "datasets" and not v):
            err(f"{k} is not a list of strings" + (" (non-empty)" if k == "datasets" else ""))
    stamps = [r.get(k) for k in ("first_seen", "last_change", "last_seen")]
    if not all(isinstance(t, str) and STAMP_RE.match(t) for t in stamps):
        err("first_seen, last_change, last_seen are not YYYY-MM-DDTHH:MM:SS")
    elif not stamps[0] <= stamps[1] <= stamps[2]:
        err("not first_seen <= last_change <= last_seen")
    if not isinstance(r.get("target"), bool):
        err("target is not true or false")
    if str(r.get("id", "")).startswith("x-") and SYNTHETIC_NOTE not in (r.get("properties") or {}).get("notes", []):
        err(f"an x- record lacks the note {SYNTHETIC_NOTE!r}")


def check(path, records, errors):
    where = {}
    export = any("first_seen" in r for _, r in records)
    ends = {**ENDS, **EXPORT_ENDS} if export else ENDS
    for n, r in records:
        rid, schema, props = r.get("id"), r.get("schema"), r.get("properties")
        err = lambda msg: errors.append(f"{path.name}:{n} ({rid}): {msg}")
        if not isinstance(rid, str) or not (EXPORT_ID_RE if export else ID_RE).match(rid):
            err("id is not an OpenSanctions-style id" if export else "id is not a lowercase slug")
        if rid in where:
            err(f"duplicate id (first on line {where[rid][0]})")
        where[rid] = (n, schema)
        if export:
            check_export_meta(r, err)
        if schema not in THINGS and schema not in ends and not (export and schema in EXPORT_OTHER):
            err(f"unknown schema {schema!r}")
        if not isinstance(props, dict):
            err("properties is not an object")
            continue
        for k, v in props.items():
            if not isinstance(v, list) or not v or not all(isinstance(x, str) and x for x in v):
                err(f"property {k} is not a non-empty list of non-empty strings")
                continue
            if k in DATE_PROPS and not all(EXPORT_DATE_RE.match(x) if export else valid_date(x) for x in v):
                err(f"{k} {v} is not " + ("a (partial) date" if export else "YYYY-MM-DD"))
            if k == "percentage" and not all(export_pct_ok(x) if export else PCT_RE.match(x) and 0 <= float(x) <= 100 for x in v):
                err(f"percentage {v} is not " + ("a share or share range in 0-100" if export else "a number in 0-100"))
            if k == "country" and not all(re.match(r"^[a-z]{2}$", x) for x in v):
                err(f"country {v} is not a lowercase two-letter code")
        if "startDate" in props and "endDate" in props and props["startDate"][0] >= props["endDate"][0]:
            err("startDate is not before endDate")
        required = ("name",) if schema in THINGS else ends.get(schema, ()) + (("authority", "country") if schema == "Sanction" else ())
        for k in required:
            if k not in props:
                err(f"missing property {k}")
        if path.name in REQUIRE_SOURCE and "sourceUrl" not in props:
            err("missing sourceUrl")
    for n, r in records:
        for k in ends.get(r.get("schema"), ()) if isinstance(r.get("properties"), dict) else ():
            for ref in r["properties"].get(k, []):
                if ref not in where or where[ref][1] not in THINGS:
                    errors.append(f"{path.name}:{n} ({r['id']}): {k} -> {ref!r} is not an entity of this file")
                elif k == "asset" and where[ref][1] not in ASSETS:
                    errors.append(f"{path.name}:{n} ({r['id']}): asset {ref} has schema {where[ref][1]}, which cannot be owned")
        for ref in (r.get("properties") or {}).get("addressEntity", []) if export else ():
            if ref not in where or where[ref][1] != "Address":
                errors.append(f"{path.name}:{n} ({r['id']}): addressEntity -> {ref!r} is not an Address of this file")
    if export:
        # Overlapping register reports of one stake (e.g. 50%, 48% and 51% at once) are planted in
        # export files on purpose, and ranges have no single value: no inbound-sum check here.
        return
    # Inbound known stakes must not exceed 100% on any day where the set of valid records changes.
    recs = [r for _, r in records if isinstance(r.get("properties"), dict)]
    days = {"0001-01-01"} | {r["properties"][k][0] for r in recs if r.get("schema") == "Ownership"
                             for k in ("startDate", "endDate") if k in r["properties"]}
    for day in sorted(days):
        total = defaultdict(float)
        for o, a, p in edges(recs, day)[0]:
            total[a] += p or 0
        for a, t in total.items():
            if t > 100 + EPS:
                errors.append(f"{path.name}: inbound stakes of {a} add up to {t:g}% on {day}")


def active(props, day):
    start = (props.get("startDate") or props.get("listingDate") or [None])[0]
    end = (props.get("endDate") or [None])[0]
    return (start is None or start <= day) and (end is None or day < end)


def edges(recs, day):
    own, ctl = [], []
    for r in recs:
        p = r.get("properties", {})
        if r.get("schema") == "Ownership" and active(p, day) and "owner" in p and "asset" in p:
            pct = float(p["percentage"][0]) if "percentage" in p else None
            own.append((p["owner"][0], p["asset"][0], pct))
        elif r.get("schema") == "Control" and active(p, day) and "controller" in p and "controlled" in p:
            ctl.append((p["controller"][0], p["controlled"][0]))
    return own, ctl


def designated(recs, day, rule):
    country, authorities = FREEZE[rule]
    return {r["properties"]["entity"][0] for r in recs if r.get("schema") == "Sanction"
            and r["properties"].get("country", [""])[0] == country
            and r["properties"].get("authority", [""])[0] in authorities and active(r["properties"], day)}


def closure(seed, own, ctl, unknown, strict):
    """Least fixed point: seed plus every entity whose stakes held by members add up to
    >= 50% (> 50% if strict), plus (EU, UK) every entity a member controls."""
    blocked = set(seed)
    while True:
        total = defaultdict(float)
        for o, a, p in own:
            if o in blocked:
                total[a] += unknown if p is None else p
        new = {a for a, t in total.items() if (t > 50 + EPS if strict else t >= 50 - EPS)}
        new |= {c for o, c in ctl if o in blocked}
        if new <= blocked:
            return blocked
        blocked |= new


def blocked_set(recs, day, rule, unknown):
    own, ctl = edges(recs, day)
    des = designated(recs, day, rule)
    if rule == "us":  # OFAC: aggregate >= 50%, control alone does not block
        return closure(des, own, [], unknown, False)
    if rule == "eu":  # EU 2024: aggregate >= 50%, control also freezes
        return closure(des, own, ctl, unknown, False)
    out = set(des)  # UK: per designated person, own group in full, > 50%, control blocks
    for p in des:
        out |= closure({p}, own, ctl, unknown, True)
    return out


def statuses(recs, day):
    """{rule: (blocked, undetermined)}; undetermined = blocked only if unknown stakes are 100%."""
    res = {}
    for rule in RULES:
        lo, hi = blocked_set(recs, day, rule, 0.0), blocked_set(recs, day, rule, 100.0)
        res[rule] = (lo, hi - lo)
    return res


def compare(label, recs, day, expected, failures):
    res = statuses(recs, day)
    for eid, want in sorted(expected.items()):
        got = "".join("B" if eid in res[r][0] else "U" if eid in res[r][1] else "N" for r in RULES)
        print(f"    {'ok  ' if got == want else 'FAIL'} {eid:34} us/eu/uk = {got} (expected {want})")
        if got != want:
            failures.append(f"{label} {day}: {eid} is {got}, expected {want}")


def print_sets(recs, day):
    res = statuses(recs, day)
    for rule in RULES:
        des, (blocked, und) = designated(recs, day, rule), res[rule]
        print(f"  [{rule}] as of {day}: {len(des)} designated, {len(blocked - des)} derived, {len(und)} undetermined")
        for label, ids in (("designated", des), ("derived", blocked - des), ("undetermined", und)):
            print(f"       {label + ':':13} {' '.join(sorted(ids)) or '-'}")


def main():
    errors, failures = [], []
    files = sorted(GRAPHS.rglob("*.ftm.json"))
    data = {}
    for path in files:
        recs = load(path, errors)
        check(path, recs, errors)
        data[path.name] = [r for _, r in recs]
        kinds = Counter("entities" if r.get("schema") in THINGS else "sanctions" if r.get("schema") == "Sanction"
                        else "other" if r.get("schema") in EXPORT_OTHER else "ties" for _, r in recs)
        other = f", {kinds['other']} other records" if kinds["other"] else ""
        print(f"{path.relative_to(GRAPHS)}: {len(recs)} records ({kinds['entities']} entities, "
              f"{kinds['ties']} ties, {kinds['sanctions']} sanctions{other})")
    if errors:  # the rules below assume well-formed records
        print("\n".join("ERROR: " + msg for msg in errors), file=sys.stderr)
        return 1
    expected = json.loads((GRAPHS / "ofac-guidance" / "expected.json").read_text(encoding="utf-8"))
    print("\nofac-guidance (as of 2026-11-29) against expected.json:")
    for name, want in sorted(expected.items()):
        if name not in data:
            failures.append(f"expected.json names {name}, which does not exist")
            continue
        res = statuses(data[name], "2026-11-29")
        for rule in RULES:
            got = sorted(res[rule][0] | res[rule][1])
            ok = got == sorted(want[rule]) and not res[rule][1]
            print(f"  {'ok  ' if ok else 'FAIL'} {name:24} {rule}: {' '.join(got)}")
            if not ok:
                failures.append(f"{name} {rule}: got {got}, expected {want[rule]}")
    for name, dates in CHECKS.items():
        for day, want in dates.items():
            print(f"\n{name} as of {day}:")
            print_sets(data[name], day)
            print("  planted cases:")
            compare(name, data[name], day, want, failures)
    name, day, own_id, pct, want = SCENARIO
    print(f"\n{name} scenario: {own_id} set to {pct}% (Stolnik divests Borealis 70% -> 45%), as of {day}:")
    recs = [dict(r, properties=dict(r["properties"], percentage=[pct])) if r["id"] == own_id else r for r in data[name]]
    compare(name + " scenario", recs, day, want, failures)
    for msg in failures:
        print("ERROR:", msg, file=sys.stderr)
    print(f"\n{len(files)} files, 0 format errors, {len(failures)} rule failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
