#!/usr/bin/env python3
"""Baseline for the ingest benchmark: read a FollowTheMoney JSON-lines file.

Usage:
    ftm_parse.py FILE               # json.loads + followthemoney entity proxy per line
    ftm_parse.py FILE --json-only   # json.loads per line only (no followthemoney import)
    ftm_parse.py FILE --validate    # proxies built with cleaned=False (values re-validated)

The file is streamed line by line; nothing is kept in memory after a line has
been handled, so the peak RSS of this script is that of a streaming reader, not
of a program that holds the whole network.

Proxies are built with the followthemoney 4.x API `model.get_proxy(data)`
(`followthemoney.model` is the `Model.instance()` singleton; `get_proxy` calls
`EntityProxy.from_dict(data, cleaned=True)`). By default `cleaned=True`, the
library's default and its fastest path: the schema is looked up and properties
not in the schema are dropped, but values are not re-validated. `--validate`
passes `cleaned=False`, which runs every value through its property type.

Prints one JSON object on stdout, e.g.
    {"mode": "proxy", "records": 3, "proxies": 3, "errors": 0, "edges": 1,
     "schemata": {"Person": 1, ...}, "parse_seconds": 0.0001, ...}
`records` counts the non-blank lines; `errors` the lines that were not valid
JSON objects or that followthemoney rejected (e.g. unknown schema); `edges` the
proxies whose schema is an edge (Ownership, Directorship, ...);
`parse_seconds` is the loop alone, without interpreter start-up or the loading
of the followthemoney model.
"""

from __future__ import annotations

import argparse
import json
import sys
import time


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", help="FtM JSON-lines file (one entity per line)")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--json-only",
        action="store_true",
        help="only json.loads each line (baseline without followthemoney)",
    )
    mode.add_argument(
        "--validate",
        action="store_true",
        help="build proxies with cleaned=False (re-validate every value)",
    )
    parser.add_argument(
        "--max-error-samples",
        type=int,
        default=5,
        help="how many error messages to include in the output (default 5)",
    )
    args = parser.parse_args(argv)

    records = 0
    errors = 0
    error_samples: list[str] = []

    def note_error(lineno: int, exc: BaseException) -> None:
        nonlocal errors
        errors += 1
        if len(error_samples) < args.max_error_samples:
            error_samples.append(f"line {lineno}: {type(exc).__name__}: {exc}")

    loads = json.loads
    result: dict[str, object]

    if args.json_only:
        objects = 0
        started = time.perf_counter()
        with open(args.file, "rb") as fh:
            for lineno, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                records += 1
                try:
                    data = loads(line)
                except ValueError as exc:
                    note_error(lineno, exc)
                    continue
                if isinstance(data, dict):
                    objects += 1
                else:
                    note_error(lineno, TypeError("line is not a JSON object"))
        elapsed = time.perf_counter() - started
        result = {
            "mode": "json-only",
            "records": records,
            "objects": objects,
            "errors": errors,
        }
    else:
        load_started = time.perf_counter()
        import followthemoney
        from followthemoney import model

        model_seconds = time.perf_counter() - load_started
        cleaned = not args.validate
        get_proxy = model.get_proxy
        proxies = 0
        edges = 0
        schemata: dict[str, int] = {}
        started = time.perf_counter()
        with open(args.file, "rb") as fh:
            for lineno, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                records += 1
                try:
                    data = loads(line)
                    if not isinstance(data, dict):
                        raise TypeError("line is not a JSON object")
                    proxy = get_proxy(data, cleaned=cleaned)
                except Exception as exc:  # noqa: BLE001 - count every rejected line
                    note_error(lineno, exc)
                    continue
                proxies += 1
                schema = proxy.schema
                name = schema.name
                schemata[name] = schemata.get(name, 0) + 1
                if schema.edge:
                    edges += 1
        elapsed = time.perf_counter() - started
        result = {
            "mode": "validate" if args.validate else "proxy",
            "followthemoney": followthemoney.__version__,
            "api": f"followthemoney.model.get_proxy(data, cleaned={cleaned})",
            "records": records,
            "proxies": proxies,
            "errors": errors,
            "edges": edges,
            "schemata": dict(sorted(schemata.items())),
            "model_load_seconds": round(model_seconds, 6),
        }

    result["parse_seconds"] = round(elapsed, 6)
    result["python"] = sys.version.split()[0]
    if error_samples:
        result["error_samples"] = error_samples
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
