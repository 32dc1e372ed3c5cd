#!/usr/bin/env bash
# Side-by-side benchmarks for docs/performance.md. Not run by CI: it installs hyperfine and
# the official Python SDK and takes a few minutes.
#
#   bash benches/compare.sh            # everything
#   SKIP_SDK=1 bash benches/compare.sh # without the Python SDK comparison
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

command -v hyperfine >/dev/null || apt-get install -y -qq hyperfine >/dev/null
command -v jq >/dev/null || apt-get install -y -qq jq >/dev/null
cargo build --profile dist --locked -q
bin=target/dist/sms-inspect
example=docs/examples/source-linux.json

peak() { # peak RSS in MiB and seconds of one run: peak CMD...
    /usr/bin/time -f "%M %e" "$@" 2>&1 >/dev/null | tail -1 | awk '{printf "%.1f MiB, %.2f s", $1/1024, $2}'
}

echo "## source --file on the example vs jq ."
hyperfine -N --warmup 20 --runs 200 --export-markdown "$work/small.md" \
    "$bin source --fail-on never -f $example" \
    "$bin source --fail-on never --json -f $example" \
    "jq . $example" >/dev/null
cat "$work/small.md"

python3 benches/make_bodies.py "$work" 2 20 200
echo
echo "## 20 MiB body: table, JSON, YAML vs jq ."
hyperfine -N --warmup 1 --runs 5 --export-markdown "$work/big.md" \
    "$bin source --fail-on never -f $work/body-20m.json" \
    "$bin source --fail-on never --json -f $work/body-20m.json" \
    "$bin source --fail-on never --yaml -f $work/body-20m.json" \
    "jq . $work/body-20m.json" >/dev/null
cat "$work/big.md"
echo
echo "| peak memory (20 MiB body) | |"
echo "|---|---|"
for fmt in table json yaml; do
    echo "| sms-inspect -o $fmt | $(peak $bin source --fail-on never -o $fmt -f "$work/body-20m.json") |"
done
echo "| jq . | $(peak jq . "$work/body-20m.json") |"

echo
echo "## growth: 2, 20, 200 MiB"
echo "| body | table | JSON | jq . |"
echo "|---|---|---|---|"
for size in 2 20 200; do
    f="$work/body-${size}m.json"
    echo "| $size MiB | $(peak $bin source --fail-on never -f "$f") | $(peak $bin source --fail-on never --json -f "$f") | $(peak jq . "$f") |"
done

echo
echo "## source against a loopback server vs the official Python SDK's show_server"
port=$((20000 + RANDOM % 20000))
python3 benches/serve.py "$port" "$example" &
sleep 1
id=6f0e2a54-8d1c-4b7e-9a53-3c1d2e4f5a60
cmds=("env HUAWEICLOUD_SDK_AK=AKBENCH HUAWEICLOUD_SDK_SK=skbench $bin --endpoint http://127.0.0.1:$port source $id --fail-on never --json")
if [ -z "${SKIP_SDK:-}" ]; then
    python3 -m venv "$work/sdk" && "$work/sdk/bin/pip" install -q huaweicloudsdkcore==3.1.219 huaweicloudsdksms==3.1.219
    cmds+=("$work/sdk/bin/python benches/sdk_show_server.py http://127.0.0.1:$port $id")
fi
hyperfine -N --warmup 3 --runs 20 --export-markdown "$work/live.md" "${cmds[@]}" >/dev/null
cat "$work/live.md"

echo
echo "## check --all over 1,000 sources, 50 ms per response"
cargo bench --locked -q --bench check_all 2>/dev/null | grep "check --all"
