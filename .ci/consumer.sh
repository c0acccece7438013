#!/usr/bin/env bash
# The consumer check: what a user gets from `npm install @ignis-ppl/core`.
#  1. `npm pack` (prepack builds dist/), and report the tarball's size and file count;
#  2. install the tarball into a fresh project (npm installs the required peers: tfjs-core and
#     the cpu and wasm backends) and report node_modules' size;
#  3. plain `node` imports the package by name and fits scenario 2 on both backends, and a
#     plot without the optional peers raises MissingDependency (consumer/fit.mjs); the README's
#     Node quick start (consumer/quickstart.mjs) runs and prints the posterior; the README's
#     page (consumer/main.js) bundles with esbuild without the optional peers and fits in
#     Debian's Chromium (consumer/browser.mjs; skipped when Chromium is not installed and
#     IGNIS_BROWSER_TEST is not 'required');
#  4. `tsc --noEmit` type-checks consumer/consumer.ts under the config `tsc --init` writes and
#     under a plain `strict: true` one, both with skipLibCheck false: 0 errors in the consumer
#     and in every .d.ts outside @tensorflow/* (tfjs's own declarations have errors of their own
#     under skipLibCheck false: counted and reported, not failed), reading only .d.ts from the
#     package; the time of each check is reported;
#  5. install the optional peers (vega, vega-lite, @viz-js/viz, @tensorflow/tfjs-layers), report
#     the size again, and check that the plots draw.
# Installs come from npm's cache when they can (--prefer-offline); the registry is reachable.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
here="$root/.ci/consumer"
tsc="$root/node_modules/typescript/bin/tsc"
work=$(mktemp -d "${TMPDIR:-/tmp}/ignis-consumer.XXXXXX")
trap 'rm -rf "$work"' EXIT
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
npm_install() { npm install --no-audit --no-fund --prefer-offline --loglevel=error "$@"; }

t0=$(now)
(cd "$root" && npm pack --pack-destination "$work" --loglevel=error >/dev/null)
tarball=$(ls "$work"/*.tgz)
listing=$(tar -tzf "$tarball")
files=$(echo "$listing" | wc -l)
echo "consumer: tarball $(basename "$tarball"): $(( $(stat -c %s "$tarball") / 1024 )) KB, $files files (packed in $(secs "$t0" "$(now)") s)"
if grep -Eq '^package/(lib|spec|examples|scripts|\.ci)/' <<< "$listing"; then echo "consumer: FAIL the tarball carries sources or tests"; exit 1; fi
grep -q '^package/dist/ops/grad/vendor/tfjs-gradients.js$' <<< "$listing" || { echo "consumer: FAIL the vendored gradients are missing"; exit 1; }

app="$work/app"
mkdir "$app"
cp "$here"/{fit.mjs,quickstart.mjs,consumer.ts,main.js,index.html,browser.mjs} "$app/"
cd "$app"
echo '{ "name": "ignis-consumer", "private": true, "type": "module" }' > package.json
t0=$(now)
npm_install "$tarball"
packages() { npm ls --all --parseable 2>/dev/null | tail -n +2 | wc -l; }
echo "consumer: installed with its required peers in $(secs "$t0" "$(now)") s: node_modules $(du -sm node_modules | cut -f1) MB, $(packages) packages (the largest: $(du -sm node_modules/@tensorflow/* node_modules/* 2>/dev/null | sort -rn | head -3 | awk '{ sub("node_modules/", "", $2); printf "%s%s %s MB", sep, $2, $1; sep = ", " }'))"

# the chain Web Workers' entry resolves by its export name to a file of the package
worker=$(node --input-type=module -e "console.log(import.meta.resolve('@ignis-ppl/core/chain-worker'))")
[ -f "${worker#file://}" ] || { echo "consumer: FAIL @ignis-ppl/core/chain-worker resolves to $worker, which is missing"; exit 1; }
echo "consumer: @ignis-ppl/core/chain-worker resolves to ${worker#*node_modules/}"
node fit.mjs
node quickstart.mjs | tee quickstart.out
# the exact posterior mean is 3.054 (sd 0.447): SVI plus 2000 draws land within 0.1
awk '/^loc / { ok = ($2 > 2.954 && $2 < 3.154) } END { if (!ok) { print "consumer: FAIL quick start posterior mean"; exit 1 } }' quickstart.out

t0=$(now)
"$root/node_modules/.bin/esbuild" main.js --bundle --format=esm --splitting --minify --outdir=public --log-level=warning
cp index.html public/ && mkdir public/wasm && cp node_modules/@tensorflow/tfjs-backend-wasm/dist/*.wasm public/wasm/
echo "consumer: the README's page bundled by esbuild without the optional peers in $(secs "$t0" "$(now)") s: $(( $(cat public/*.js | wc -c) / 1024 )) KB of JavaScript (minified)"
if [ -x "${IGNIS_CHROMIUM:-/usr/bin/chromium}" ] || [ "${IGNIS_BROWSER_TEST:-}" = required ]; then
  node browser.mjs "$root/node_modules/playwright-core/index.mjs"
else
  echo "consumer: WARNING no Chromium at ${IGNIS_CHROMIUM:-/usr/bin/chromium}: the page was bundled, not run (SKIPPED)"
fi

# Type-check consumer.ts; $1 names the config. Errors in tfjs's own .d.ts are reported, not failed.
TFJS_OWN='^(node_modules/(@tensorflow|@webgpu)/|[^(]*/typescript/lib/lib\.dom\.d\.ts\()'
typecheck() {
  local name=$1 config=$2 out ours theirs
  out="$work/tsc-$name.txt"
  local took
  took=$( { TIMEFORMAT='%R s wall, %U s user + %S s sys CPU'; time node "$tsc" --noEmit -p "$config" --skipLibCheck false --listFiles > "$out" 2>&1; } 2>&1 ) || true
  local errors; errors=$(grep -E '^[^ ].*\([0-9]+,[0-9]+\): error TS' "$out" || true)
  ours=$(grep -vE "$TFJS_OWN" <<< "$errors" || true)
  theirs=$(grep -cE "$TFJS_OWN" <<< "$errors" || true)
  local read_sources; read_sources=$(grep -E '/node_modules/@ignis-ppl/core/' "$out" | grep -vE '\.d\.ts$' || true)
  local read_decls; read_decls=$(grep -cE '/node_modules/@ignis-ppl/core/.*\.d\.ts$' "$out" || true)
  echo "consumer: tsc ($name config) took $took: $(echo -n "$ours" | grep -c . || true) errors in the consumer and Ignis's .d.ts, $theirs in tfjs's own .d.ts (not ours); read $read_decls .d.ts files of the package"
  if [ -n "$ours" ]; then echo "$ours"; return 1; fi
  if [ -n "$read_sources" ]; then echo "consumer: FAIL tsc read non-declaration files of the package:"; echo "$read_sources"; return 1; fi
  [ "$read_decls" -gt 0 ] || { echo "consumer: FAIL tsc read no .d.ts of the package"; return 1; }
}

node "$tsc" --init > /dev/null
typecheck 'tsc --init' tsconfig.json
cat > tsconfig.strict.json <<'JSON'
{ "compilerOptions": { "strict": true, "target": "ES2022", "module": "NodeNext", "moduleResolution": "NodeNext", "skipLibCheck": false, "noEmit": true }, "files": ["consumer.ts"] }
JSON
typecheck 'strict' tsconfig.strict.json

t0=$(now)
npm_install vega@'^6.4.0' vega-lite@'^6.4.3' @viz-js/viz@'^3.31.0' @tensorflow/tfjs-layers@'^4.22.0'
echo "consumer: optional peers installed in $(secs "$t0" "$(now)") s: node_modules $(du -sm node_modules | cut -f1) MB, $(packages) packages"
node fit.mjs --with-optional
echo "consumer: all checks passed"
