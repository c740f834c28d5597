#!/usr/bin/env python3
"""The explorer's load check (Benchmarks/explorer/run.sh): CLIENTS threads send REQUESTS
requests in all to a running `sanctions-graph serve`, a mix of entity pages and relief
queries (and some entity API and rank requests), over keep-alive HTTP/1.1 connections.
Prints the latency percentiles, the errors and the mix as JSON on stdout. Tooling only: the
toolkit itself never runs Python."""
import http.client, json, random, sys, threading, time, urllib.parse

host, port, clients, total, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
rng = random.Random(seed)

def get(conn, path):
    conn.request("GET", path)
    r = conn.getresponse()
    body = r.read()
    return r.status, body

# What to ask about: designated entities (to delist) and blocked ones (to show).
c = http.client.HTTPConnection(host, port, timeout=60)
status, body = get(c, "/api/rank?by=relief&rule=ofac&top=200")
designated = [row["id"] for row in json.loads(body)["ranking"]]
status, body = get(c, "/api/blocked?rule=eu")
blocked = [e["id"] for e in json.loads(body)["entities"]][:2000]
c.close()
if not designated or not blocked:
    sys.exit("nothing designated or blocked in the graph")

paths = []
for i in range(total):
    k = rng.random()
    if k < 0.45:
        paths.append(("entity page", "/entity/" + urllib.parse.quote(rng.choice(blocked), safe="")))
    elif k < 0.85:
        rule = rng.choice(["ofac", "eu", "uk"])
        delist = "&".join("delist=" + urllib.parse.quote(d, safe="") for d in rng.sample(designated, rng.randint(1, 3)))
        paths.append(("relief API" if rng.random() < 0.5 else "relief page",
                      ("/api/relief?" if rng.random() < 0.5 else "/relief?") + f"rule={rule}&" + delist))
    elif k < 0.95:
        paths.append(("entity API", "/api/entity/" + urllib.parse.quote(rng.choice(blocked), safe="")))
    else:
        paths.append(("rank", "/api/rank?rule=" + rng.choice(["ofac", "eu", "uk"]) + "&top=20"))

lock = threading.Lock()
results = []   # (kind, seconds, status)
work = list(enumerate(paths))

def client():
    conn = http.client.HTTPConnection(host, port, timeout=120)
    while True:
        with lock:
            if not work:
                break
            _, (kind, path) = work.pop()
        t = time.perf_counter()
        try:
            status, _ = get(conn, path)
        except Exception as e:
            status = repr(e)
            conn.close()
            conn = http.client.HTTPConnection(host, port, timeout=120)
        with lock:
            results.append((kind, time.perf_counter() - t, status))
    conn.close()

start = time.perf_counter()
threads = [threading.Thread(target=client) for _ in range(clients)]
for th in threads: th.start()
for th in threads: th.join()
wall = time.perf_counter() - start

def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))] if xs else 0.0

lat = [r[1] for r in results]
errors = [r for r in results if r[2] != 200]
by_kind = {}
for kind, s, _ in results:
    by_kind.setdefault(kind, []).append(s)
print(json.dumps({
    "requests": len(results), "clients": clients, "seconds": round(wall, 2), "perSecond": round(len(results) / wall, 1),
    "errors": len(errors), "errorSamples": [str(e[2]) for e in errors[:5]],
    "p50": round(pct(lat, 50), 4), "p99": round(pct(lat, 99), 4), "max": round(max(lat), 4),
    "byKind": {k: {"count": len(v), "p50": round(pct(v, 50), 4), "p99": round(pct(v, 99), 4)} for k, v in sorted(by_kind.items())},
}, indent=2))
