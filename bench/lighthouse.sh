#!/usr/bin/env bash
# Lighthouse accessibility, best-practices and SEO scores for the home, listing and
# detail pages of the production-like demo site (bench/server.py).
#
#   bench/lighthouse.sh                 # installs Lighthouse 12.2.3 into bench/lighthouse/
#   BENCH_URL=http://127.0.0.1:8000 bench/lighthouse.sh
#
# Reports go to bench/out/lighthouse-<page>.json; the scores are printed (0-100).
set -euo pipefail
cd "$(dirname "$0")/.."
export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
LH_DIR=bench/lighthouse
OUT=bench/out
mkdir -p "$OUT"

if [ ! -x "$LH_DIR/node_modules/.bin/lighthouse" ]; then
  (cd "$LH_DIR" && npm ci --no-audit --no-fund --loglevel=error)
fi

server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true; }
trap cleanup EXIT

if [ -z "${BENCH_URL:-}" ]; then
  log=$(mktemp)
  .venv/bin/python bench/server.py >"$log" 2>&1 &
  server_pid=$!
  for _ in $(seq 120); do
    BENCH_URL=$(grep -m1 '^http://' "$log" || true)
    [ -n "$BENCH_URL" ] && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$log"; exit 1; }
    sleep 1
  done
  [ -n "$BENCH_URL" ] || { echo "the demo site did not start" >&2; cat "$log"; exit 1; }
fi
BENCH_URL=${BENCH_URL%/}

detail=$(curl -s "$BENCH_URL/electives/" | grep -o 'href="/electives/[a-z0-9-]*/"' | grep -v -e /feed/ | head -n 1 | cut -d'"' -f2)

printf '%-8s %13s %15s %5s  %s\n' page accessibility best-practices seo url
for entry in "home=/" "listing=/electives/" "detail=$detail"; do
  name=${entry%%=*}
  url="$BENCH_URL${entry#*=}"
  "$LH_DIR/node_modules/.bin/lighthouse" "$url" --quiet \
    --only-categories=accessibility,best-practices,seo \
    --output=json --output-path="$OUT/lighthouse-$name.json" \
    --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-quic"
  node -e '
    const r = require(process.argv[1]);
    const s = k => Math.round(r.categories[k].score * 100);
    const failed = Object.values(r.audits)
      .filter(a => a.score !== null && a.score < 1 && a.scoreDisplayMode === "binary")
      .map(a => a.id);
    console.log(`${process.argv[2].padEnd(8)} ${String(s("accessibility")).padStart(13)} ${String(s("best-practices")).padStart(15)} ${String(s("seo")).padStart(5)}  ${process.argv[3]}` + (failed.length ? `\n         failing: ${failed.join(", ")}` : ""));
  ' "$PWD/$OUT/lighthouse-$name.json" "$name" "$url"
done
