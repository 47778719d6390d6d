#!/usr/bin/env bash
# Starts the product as the README says (`pnpm start`: build, embedded PostgreSQL in a fresh
# .data/, migrations, demo county), then logs in as the demo admin and reads the roster.
set -euo pipefail
cd "$(dirname "$0")/.."
port=${SMOKE_PORT:-$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")}
data_backup=""
if [ -d .data ]; then data_backup=$(mktemp -d) && mv .data "$data_backup/"; fi
log=$(mktemp)
cleanup() {
  # pnpm start runs the server as a grandchild: stop the whole process group.
  if [ -n "${pid:-}" ]; then kill -TERM -- "-$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf .data
  if [ -n "$data_backup" ]; then mv "$data_backup/.data" .data; fi
}
trap cleanup EXIT

PORT=$port DEMO_STUDENTS=${SMOKE_STUDENTS:-1500} setsid pnpm start >"$log" 2>&1 &
pid=$!
for _ in $(seq 1 180); do
  if curl -fsS "http://localhost:$port/healthz" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$pid" 2>/dev/null; then cat "$log"; echo "pnpm start exited"; exit 1; fi
  sleep 1
done
curl -fsS "http://localhost:$port/healthz" >/dev/null || { cat "$log"; echo "server did not come up"; exit 1; }

gql() { curl -fsS "http://localhost:$port/graphql" -H 'content-type: application/json' ${2:+-H "authorization: Bearer $2"} -d "$1"; }
token=$(gql '{"query":"mutation { login(username: \"admin\", password: \"jiafang-demo\") { token } }"}' | node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>process.stdout.write(JSON.parse(s).data.login.token))")
count=$(gql '{"query":"{ _allStudentsMeta { count } }"}' "$token" | node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>process.stdout.write(String(JSON.parse(s).data._allStudentsMeta.count)))")
admin=$(curl -fsS "http://localhost:$port/" | grep -c '<div id="root"' || true)
echo "demo county: $count students; admin page served: $admin"
[ "$count" -gt 0 ] && [ "$admin" -ge 1 ] || { cat "$log"; exit 1; }
grep -q "demo logins" "$log" || { cat "$log"; echo "start banner missing"; exit 1; }
echo "smoke test passed"
