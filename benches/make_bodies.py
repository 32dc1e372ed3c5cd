"""Writes source-server bodies of about the given sizes (MiB) into a folder: the Linux example
with its first disk repeated (each with two partitions) until the body is big enough. The copies
are data disks (not the OS disk, no OS partition), as on a real server: a body of 28,000 system
disks would time 28,000 `system-not-first-disk` hints rather than the tables.

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
        if i > 0:
            d["os_disk"] = False
        for j, p in enumerate(d["physical_volumes"]):
            p["name"] = "/dev/vd%dp%d" % (i, j)
            if i > 0 and p.get("device_use") == "OS":
                p["device_use"] = "NORMAL"
        disks.append(d)
    body["disks"] = disks
    text = json.dumps(body, separators=(",", ":"))
    with open("%s/body-%dm.json" % (out, mib), "w") as f:
        f.write(text)
    print("body-%dm.json: %d bytes, %d disks" % (mib, len(text), count), file=sys.stderr)
