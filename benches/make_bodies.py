"""Writes source-server bodies of about the given sizes (MiB) into a folder: the Linux example
with its first disk repeated (each with two partitions) until the body is big enough.

    python3 benches/make_bodies.py OUT_DIR 2 20 200
"""
import json
import sys

out, sizes = sys.argv[1], [int(s) for s in sys.argv[2:]]
base = json.load(open("docs/examples/source-linux.json"))
disk = base["disks"][0]
for mib in sizes:
    target = mib * 1024 * 1024
    body = dict(base)
    one = len(json.dumps(disk, separators=(",", ":"))) + 1
    count = max(1, (target - len(json.dumps(base, separators=(",", ":")))) // one)
    disks = []
    for i in range(count):
        d = json.loads(json.dumps(disk))
        d["name"] = "/dev/vd%d" % i
        for j, p in enumerate(d["physical_volumes"]):
            p["name"] = "/dev/vd%dp%d" % (i, j)
        disks.append(d)
    body["disks"] = disks
    text = json.dumps(body, separators=(",", ":"))
    with open("%s/body-%dm.json" % (out, mib), "w") as f:
        f.write(text)
    print("body-%dm.json: %d bytes, %d disks" % (mib, len(text), count), file=sys.stderr)
