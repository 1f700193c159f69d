#!/usr/bin/env bash
# Verifies that the plugin packages, the search module and the CLI work for someone who only has the
# packages, not this repository:
#
#   1. builds every plugin package (`npm run build`: root tsc + repo build);
#   2. packs each package with `npm pack` (which runs prepack/postpack) and
#      checks every tarball: its package.json points only into dist/, it ships
#      dist/, a README and a LICENSE (plus migrations/ and the config schema for the
#      backend), every package its emitted code and types import is declared,
#      and the code the READMEs show equals the files compiled in step 4;
#   3. creates a scratch host app in a temporary directory outside the
#      workspace and installs the tarballs there from file: paths, everything
#      else from the npm registry (npm cache reused; no workspace links);
#   4. type-checks the host (tsc) with the files of scripts/verify-packages-host:
#      a frontend file using the legacy exports (route, SidebarItem, entity tab
#      and cards) and the ./alpha exports with createApp({ features }); a
#      backend adding the plugin, the integrations module, the README's
#      permission policy and scheduler guard, and a module contributing a
#      check through @prodready/plugin-readiness-node;
#   5. boots the host backend (SQLite in memory, permissions on, a static
#      externalAccess token) until GET /api/readiness/health answers 200 and
#      GET /api/readiness/model answers 401 without and 200 with the token,
#      including the contributed check and the integrations' detectors, and
#      the scheduler's trigger answers 403 to a token limited to a permission.
#
# Usage: scripts/verify-packages.sh          (from anywhere)
#   SKIP_BUILD=1        reuse the dist/ and dist-types/ already built
#   KEEP_SCRATCH=1      keep the scratch directory (its path is printed)
#   VERIFY_PORT=7077    port of the scratch backend
# Measured on the 2-core machine with a warm npm cache: 1 min 40 s in all on
# a quiet machine (build 14 s, pack 28 s, npm install 45 s, tsc 9 s, boot
# 3 s); 4.5 minutes without the build under a load average of 9-12.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SCRATCH="$(mktemp -d "${TMPDIR:-/tmp}/readiness-verify-packages.XXXXXX")"
PORT="${VERIFY_PORT:-7077}"
TOKEN="verify-packages-static-token-$RANDOM$RANDOM$RANDOM"
# A pipeline's token, limited to a permission: the scheduler guard refuses it.
SCOPED_TOKEN="verify-packages-scoped-token-$RANDOM$RANDOM$RANDOM"
PLUGINS=(readiness-common readiness-node readiness readiness-backend readiness-backend-module-integrations readiness-cli search-backend-module-readiness)
BACKEND_PID=""
START=$SECONDS

cleanup() {
  if [ -n "$BACKEND_PID" ]; then kill "$BACKEND_PID" 2>/dev/null || true; wait "$BACKEND_PID" 2>/dev/null || true; fi
  if [ -n "${KEEP_SCRATCH:-}" ]; then echo "scratch kept in $SCRATCH"; else rm -rf "$SCRATCH"; fi
}
trap cleanup EXIT
step() { echo "--- verify-packages: $* ($((SECONDS - START)) s)"; }
fail() { echo "verify-packages: FAILED: $*" >&2; exit 1; }

mkdir -p "$SCRATCH/tarballs" "$SCRATCH/host/src" "$SCRATCH/logs"

if [ -z "${SKIP_BUILD:-}" ]; then
  step "build"
  (cd "$ROOT" && npm run build) >"$SCRATCH/logs/build.log" 2>&1 ||
    { tail -n 40 "$SCRATCH/logs/build.log"; fail "npm run build"; }
fi

step "pack"
# One npm invocation packs all five; npm runs each package's prepack
# (backstage-cli package prepack: package.json for publishing) and postpack
# (which restores package.json) around it.
sums() { for p in "${PLUGINS[@]}"; do cksum <"$ROOT/plugins/$p/package.json"; done; }
before="$(sums)"
(cd "$ROOT" && npm pack $(printf -- '--workspace plugins/%s ' "${PLUGINS[@]}") --pack-destination "$SCRATCH/tarballs") \
  >"$SCRATCH/logs/pack.log" 2>&1 || { tail -n 40 "$SCRATCH/logs/pack.log"; fail "npm pack"; }
[ "$(sums)" = "$before" ] || fail "a plugin package.json differs after npm pack (postpack did not restore it)"
ls -1 "$SCRATCH/tarballs"

step "inspect tarballs"
for t in "$SCRATCH"/tarballs/*.tgz; do
  d="$SCRATCH/unpacked/$(basename "$t" .tgz)"
  mkdir -p "$d" && tar xzf "$t" -C "$d"
done
node - "$SCRATCH/unpacked" <<'EOF'
const fs = require('fs');
const path = require('path');
const { builtinModules } = require('module');
const root = process.argv[2];
let failures = 0;
const problem = (pkg, msg) => { failures++; console.error(`  ${pkg}: ${msg}`); };
const walk = dir => fs.readdirSync(dir, { withFileTypes: true }).flatMap(e =>
  e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]);
const packageName = spec => spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];

for (const entry of fs.readdirSync(root)) {
  const dir = path.join(root, entry, 'package');
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const files = walk(dir).map(f => path.relative(dir, f));

  // 1. Entry points only into dist/, and the files they name exist.
  const targets = [];
  const collect = (where, value) => {
    if (typeof value === 'string') targets.push([where, value]);
    else if (value && typeof value === 'object')
      for (const [k, v] of Object.entries(value)) collect(`${where}.${k}`, v);
  };
  for (const field of ['main', 'module', 'types', 'browser', 'exports', 'typesVersions'])
    collect(field, pkg[field]);
  // A CLI is run, not imported: it has no types, and its bin script loads main.
  const cli = pkg.backstage?.role === 'cli';
  if (!pkg.main || (!cli && !pkg.types)) problem(pkg.name, 'main or types missing');
  for (const [name, bin] of Object.entries(pkg.bin ?? {})) {
    const rel = bin.replace(/^\.\//, '');
    if (!cli) problem(pkg.name, `bin ${name} in a package that is not a CLI`);
    else if (!files.includes(rel)) problem(pkg.name, `bin ${name} names a file not in the tarball: ${bin}`);
    else if (!fs.readFileSync(path.join(dir, rel), 'utf8').startsWith('#!/usr/bin/env node'))
      problem(pkg.name, `bin ${name} has no node shebang`);
  }
  for (const [where, target] of targets) {
    if (/\.backstage$/.test(where)) continue; // the exports' `backstage` condition names a feature type
    const rel = target.replace(/^\.\//, '');
    if (rel === 'package.json') continue;
    if (!rel.startsWith('dist/')) problem(pkg.name, `${where} points outside dist/: ${target}`);
    else if (!files.includes(rel)) problem(pkg.name, `${where} names a file not in the tarball: ${target}`);
  }
  if (files.some(f => f.startsWith('src/'))) problem(pkg.name, 'ships src/');
  if (!files.some(f => f.startsWith('dist/'))) problem(pkg.name, 'ships no dist/');
  if (pkg.backstage?.role === 'backend-plugin') {
    if (!files.some(f => f.startsWith('migrations/'))) problem(pkg.name, 'ships no migrations/');
    if (pkg.configSchema && !files.includes(pkg.configSchema)) problem(pkg.name, `ships no ${pkg.configSchema}`);
  }
  if (!files.includes('README.md')) problem(pkg.name, 'ships no README.md');
  if (!files.includes('LICENSE')) problem(pkg.name, `ships no LICENSE (its licence is ${pkg.license})`);
  for (const [k, v] of Object.entries(pkg.dependencies ?? {}))
    if (/^(workspace:|file:|link:)/.test(v)) problem(pkg.name, `dependency ${k} uses ${v}`);

  // 2. Every package imported by the emitted code and types is declared.
  const declared = new Set([pkg.name, ...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})]);
  // import/export ... from 'x' statements, bare import 'x', import('x'), require('x')
  const importRe = /^(?:import|export)\b[^'"]*?\bfrom\s*['"]([^'"]+)['"]|^import\s*['"]([^'"]+)['"]|\b(?:import|require)\(\s*['"]([^'"]+)['"]\s*\)/gm;
  for (const file of files.filter(f => /^dist\/.*\.(js|d\.ts)$/.test(f))) {
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    for (const m of text.matchAll(importRe)) {
      const spec = m[1] ?? m[2] ?? m[3];
      if (spec.startsWith('.') || spec.startsWith('node:') || builtinModules.includes(packageName(spec))) continue;
      if (!declared.has(packageName(spec))) problem(pkg.name, `${file} imports ${spec}, which is not a dependency or peer dependency`);
    }
  }
  console.log(`  ${pkg.name}@${pkg.version}: ${files.length} files, main ${pkg.main}, types ${pkg.types}`);
}
if (failures) { console.error(`${failures} problem(s) in the tarballs`); process.exit(1); }
EOF

# The host below compiles the policy and the module of the READMEs; the
# READMEs in the tarballs must show that code exactly.
node - "$SCRATCH/unpacked" "$ROOT/scripts/verify-packages-host" <<'EOF'
const fs = require('fs');
const path = require('path');
const [root, fixtures] = process.argv.slice(2);
let failures = 0;
for (const entry of fs.readdirSync(root)) {
  const readme = fs.readFileSync(path.join(root, entry, 'package', 'README.md'), 'utf8');
  for (const file of ['readinessPermissionPolicy.ts', 'readinessCompliance.ts']) {
    const code = fs.readFileSync(path.join(fixtures, file), 'utf8');
    const header = code.split('\n')[0];
    if (readme.includes(header) && !readme.includes(code)) {
      failures++;
      console.error(`  ${entry}: README's ${file} differs from scripts/verify-packages-host/${file}`);
    }
  }
}
if (failures) process.exit(1);
EOF

step "scratch host app in $SCRATCH/host"
# The better-sqlite3 of the workspace (12.x; 13 needs Node 22), see npm install below.
SQLITE_VERSION="$(node -p "require('$ROOT/node_modules/better-sqlite3/package.json').version" 2>/dev/null || echo 12.11.1)"
# @reduxjs/toolkit (recharts asks for 1.9 or 2.x) is taken at the
# workspace's version too: 2.16.0 needs immer 11.2.14, which the npm registry
# this machine installs from does not serve (its latest is 11.2.13), so a
# fresh resolution cannot install the host at all.
TOOLKIT_VERSION="$(node -p "require('$ROOT/node_modules/@reduxjs/toolkit/package.json').version" 2>/dev/null || echo 2.15.0)"
tgz() { ls "$SCRATCH"/tarballs/prodready-"$1"-[0-9]*.tgz; }
cd "$SCRATCH/host"
# The tarballs depend on each other by version (e.g. "0.1.0"); overrides make
# npm take those from the tarballs too instead of asking the registry.
node - "$SQLITE_VERSION" "$TOOLKIT_VERSION" "$(tgz plugin-readiness)" "$(tgz plugin-readiness-backend)" "$(tgz plugin-readiness-backend-module-integrations)" \
  "$(tgz plugin-readiness-common)" "$(tgz plugin-readiness-node)" "$(tgz readiness-cli)" \
  "$(tgz plugin-search-backend-module-readiness)" <<'EOF'
const fs = require('fs');
const [sqliteVersion, toolkitVersion] = process.argv.slice(2, 4);
const [frontend, backend, module_, common, node, cli, search] = process.argv.slice(4).map(f => `file:${f}`);
const prodready = {
  '@prodready/plugin-readiness': frontend,
  '@prodready/plugin-readiness-backend': backend,
  '@prodready/plugin-readiness-backend-module-integrations': module_,
  '@prodready/plugin-readiness-common': common,
  '@prodready/plugin-readiness-node': node,
  '@prodready/readiness-cli': cli,
  '@prodready/plugin-search-backend-module-readiness': search,
};
// Material UI 4 declares React 16/17 peers; a Backstage app on npm gives it React 18.
const react18 = { react: '^18.3.1', 'react-dom': '^18.3.1', '@types/react': '^18.3.0' };
const mui = ['core', 'icons', 'lab', 'styles', 'pickers', 'utils', 'system'];
fs.writeFileSync('package.json', JSON.stringify({
  name: 'readiness-verify-host',
  version: '0.0.0',
  private: true,
  dependencies: {
    ...prodready,
    '@backstage/backend-defaults': '^0.19.0',
    '@backstage/backend-plugin-api': '^1.12.0',
    '@backstage/core-components': '^0.18.16',
    '@backstage/frontend-defaults': '^0.5.8',
    '@backstage/plugin-catalog': '^2.1.0',
    '@backstage/plugin-catalog-backend': '^4.0.5',
    '@backstage/plugin-permission-backend': '^0.7.18',
    '@backstage/plugin-permission-common': '^0.9.13',
    '@backstage/plugin-permission-node': '^0.11.6',
    '@material-ui/core': '^4.12.4',
    '@material-ui/icons': '^4.11.3',
    'better-sqlite3': sqliteVersion,
    react: '^18.3.1',
    'react-dom': '^18.3.1',
    'react-router-dom': '^6.30.2',
  },
  devDependencies: {
    '@types/node': '^20.0.0',
    '@types/react': '^18.3.0',
    '@types/react-dom': '^18.3.0',
    typescript: '~5.8.0',
  },
  overrides: {
    ...prodready,
    '@reduxjs/toolkit': toolkitVersion,
    '@types/react': '^18.3.0',
    '@types/react-dom': '^18.3.0',
    ...Object.fromEntries(mui.map(p => [`@material-ui/${p}`, react18])),
  },
}, null, 2) + '\n');
EOF

cat >tsconfig.json <<'EOF'
{
  "compilerOptions": {
    "target": "ES2022",
    "module": "ESNext",
    "moduleResolution": "Bundler",
    "jsx": "react-jsx",
    "strict": true,
    "noEmit": true,
    "skipLibCheck": true,
    "esModuleInterop": true,
    "types": []
  },
  "include": ["src/App.tsx"]
}
EOF
cat >tsconfig.backend.json <<'EOF'
{
  "compilerOptions": {
    "target": "ES2022",
    "module": "CommonJS",
    "moduleResolution": "Node10",
    "esModuleInterop": true,
    "strict": true,
    "skipLibCheck": true,
    "outDir": "dist",
    "types": ["node"]
  },
  "include": ["src/backend.ts"]
}
EOF

# The files a user of the packages writes, as the plugin READMEs show them.
cp "$ROOT"/scripts/verify-packages-host/*.ts* src/

cat >app-config.yaml <<EOF
app:
  baseUrl: http://localhost:3000
backend:
  baseUrl: http://localhost:${PORT}
  listen:
    port: ${PORT}
  database:
    client: better-sqlite3
    connection: ':memory:'
  auth:
    externalAccess:
      - type: static
        options:
          token: ${TOKEN}
          subject: verify-packages
      - type: static
        options:
          token: ${SCOPED_TOKEN}
          subject: verify-packages-pipeline
        accessRestrictions:
          - plugin: readiness
            permission: readiness.scorecard.read
catalog:
  locations: []
permission:
  enabled: true
readiness:
  minimumProductionLevel: silver
EOF

step "npm install (registry + tarballs)"
# better-sqlite3 has no prebuilt binary reachable here (they are on GitHub),
# so npm would compile SQLite from source, which takes 1.5-5 minutes on two
# cores. prebuild-install first looks in a local prebuilds directory: keep one
# next to the npm cache, seeded from the binary this workspace's npm install
# compiled from the same registry version (the host pins that version), and
# refreshed from the host after a compile.
PREBUILDS="$(npm config get cache)/_readiness-verify-prebuilds"
PREBUILD="better-sqlite3-v${SQLITE_VERSION}-node-v$(node -p process.versions.modules)-$(node -p 'process.platform + "-" + process.arch').tar.gz"
save_prebuild() { # <package dir>
  [ -f "$1/build/Release/better_sqlite3.node" ] || return 0
  mkdir -p "$PREBUILDS" && tar czf "$PREBUILDS/$PREBUILD.tmp" -C "$1" build/Release/better_sqlite3.node &&
    mv "$PREBUILDS/$PREBUILD.tmp" "$PREBUILDS/$PREBUILD"
}
if [ ! -f "$PREBUILDS/$PREBUILD" ] &&
  [ "$(node -p "require('$ROOT/node_modules/better-sqlite3/package.json').version" 2>/dev/null)" = "$SQLITE_VERSION" ]; then
  save_prebuild "$ROOT/node_modules/better-sqlite3"
fi
npm_config_better_sqlite3_local_prebuilds="$PREBUILDS" \
  npm install --prefer-offline --no-audit --no-fund >"$SCRATCH/logs/install.log" 2>&1 ||
  { tail -n 60 "$SCRATCH/logs/install.log"; fail "npm install in the scratch host"; }
[ -f "$PREBUILDS/$PREBUILD" ] || save_prebuild node_modules/better-sqlite3
for p in readiness readiness-backend readiness-backend-module-integrations readiness-common readiness-node search-backend-module-readiness; do
  [ -L "node_modules/@prodready/plugin-$p" ] && fail "@prodready/plugin-$p is a link, not installed from its tarball"
  [ -d "node_modules/@prodready/plugin-$p/dist" ] || fail "@prodready/plugin-$p is not installed from its tarball"
done
[ -d node_modules/@prodready/readiness-cli/dist ] || fail "@prodready/readiness-cli is not installed from its tarball"
if [ -n "$(find node_modules -type d -path '*/node_modules/*/node_modules/@prodready' -print -quit)" ]; then
  fail "a second copy of a @prodready package was installed"
fi

step "type-check the host (frontend and backend)"
npx --no-install tsc -p tsconfig.json || fail "tsc of the frontend file"
npx --no-install tsc -p tsconfig.backend.json || fail "tsc of the backend file"

step "boot the host backend on :$PORT"
if curl -s --max-time 30 -o /dev/null "http://localhost:$PORT/"; then
  fail "something already listens on port $PORT; set VERIFY_PORT to a free port"
fi
node dist/backend.js --config app-config.yaml >"$SCRATCH/logs/backend.log" 2>&1 &
BACKEND_PID=$!
code=""
for _ in $(seq 1 90); do
  kill -0 "$BACKEND_PID" 2>/dev/null || { tail -n 60 "$SCRATCH/logs/backend.log"; fail "the backend exited"; }
  code="$(curl -s --max-time 30 -o "$SCRATCH/health.json" -w '%{http_code}' "http://localhost:$PORT/api/readiness/health" || true)"
  [ "$code" = 200 ] && break
  sleep 1
done
[ "$code" = 200 ] || { tail -n 60 "$SCRATCH/logs/backend.log"; fail "GET /api/readiness/health answered ${code:-nothing}"; }
echo "GET /api/readiness/health -> $code $(cat "$SCRATCH/health.json")"

code="$(curl -s --max-time 30 -o /dev/null -w '%{http_code}' "http://localhost:$PORT/api/readiness/model")"
[ "$code" = 401 ] || fail "GET /api/readiness/model without credentials answered $code, expected 401"
# The package's schedulerGuard, on the host's root router: a token limited to
# a permission may not start the full run through the scheduler's endpoint.
code="$(curl -s --max-time 30 -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $SCOPED_TOKEN" "http://localhost:$PORT/api/readiness/.backstage/scheduler/v1/tasks/readiness-compute/trigger")"
[ "$code" = 403 ] || fail "the scheduler's trigger with a scoped token answered $code, expected 403 from schedulerGuard"
echo "POST .../scheduler/v1/tasks/readiness-compute/trigger (scoped token) -> 403"
code="$(curl -s --max-time 30 -o "$SCRATCH/model.json" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "http://localhost:$PORT/api/readiness/model")"
[ "$code" = 200 ] || { cat "$SCRATCH/model.json"; tail -n 40 "$SCRATCH/logs/backend.log"; fail "GET /api/readiness/model answered $code"; }
node -e '
const m = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
if (!Array.isArray(m.checks) || m.checks.length === 0) throw new Error("the model has no checks");
const check = id => m.checks.find(c => c.id === id);
// contributed through @prodready/plugin-readiness-node by a module of the host
if (!check("compliance.sox-evidence")) throw new Error("the check of the host module is missing");
// the integrations module registers its detectors
if (!check("support.runbooks")?.detectors?.includes("techdocs-runbooks"))
  throw new Error("the detectors of the integrations module are missing: " + JSON.stringify(check("support.runbooks")));
console.log(`GET /api/readiness/model -> 200: ${m.checks.length} checks, ${m.roles?.length} roles, levels ${m.levels?.map(l => l.id).join(", ")}`);
' "$SCRATCH/model.json"

step "the installed CLI against the host backend"
npx --no-install readiness-cli --help >/dev/null || fail "readiness-cli --help"
# The host's catalog is empty: the CLI must reach the backend, be let in by
# the token, and report the 404 with exit code 2.
set +e
out="$(npx --no-install readiness-cli check component:default/none --url "http://localhost:$PORT" --token "$TOKEN" 2>&1)"
code=$?
set -e
echo "readiness-cli check -> exit $code: $out"
[ "$code" = 2 ] && echo "$out" | grep -q 404 || fail "readiness-cli check of an unknown entity: exit $code, $out"

step "OK: packed, installed, type-checked and booted in $((SECONDS - START)) s"
