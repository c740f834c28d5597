"""Turns the compare harness's raw rows into a markdown table: per command and timing field,
the best of the runs for the base and this checkout, and the ratio this ÷ base. Tooling only."""
import re, sys, platform, datetime
path, base, head, runs = sys.argv[1:5]
best = {}
for line in open(path, encoding='utf-8'):
    n, label, which, rss, timings = line.rstrip('\n').split('\t')
    fields = {'peak RSS MB': int(rss) / 1024}
    for name, value in re.findall(r'(\w+) ([0-9.e+-]+) s', timings):
        fields[name + ' s'] = float(value)
    for field, value in fields.items():
        key = (int(n), label, field)
        best.setdefault(key, {}).setdefault(which, []).append(value)
print(f"## {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC: {head} against {base}")
print()
print(f"{platform.machine()}, best of {runs} runs each, base and this checkout alternating.")
print()
print("| entities | command | measure | base | this | this ÷ base |")
print("|---:|---|---|---:|---:|---:|")
for (n, label, field), v in sorted(best.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2] != 'load s', kv[0][2])):
    if 'base' not in v or 'head' not in v:
        continue
    b, h = min(v['base']), min(v['head'])
    ratio = f"{h / b:.2f}×" if b > 0 else "–"
    fmt = (lambda x: f"{x:.0f}") if field.startswith('peak') else (lambda x: f"{x:.4g}")
    print(f"| {n:,} | {label} | {field} | {fmt(b)} | {fmt(h)} | {ratio} |")
