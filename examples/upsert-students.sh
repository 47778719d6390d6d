#!/usr/bin/env bash
# Creates or updates a small batch of students, with their guardians, in one call of
# upsertManyStudents (matched by 身份证号; VALID_ONLY: good rows are written, bad ones reported).
#
#   JIAFANG_TOKEN=… bash examples/upsert-students.sh
#
# Env: JIAFANG_URL (default http://localhost:4000), JIAFANG_TOKEN (a login token of a bureau or
# school admin), SCHOOL_CODE (the 学校标识码 of the students' school, default 2161052601 of the
# demo county). Needs curl; prints the result with jq when it is installed.
# For thousands of rows from a file, use upsert-students.ts: it batches, resumes and writes failed rows.
set -euo pipefail

url=${JIAFANG_URL:-http://localhost:4000}
token=${JIAFANG_TOKEN:?set JIAFANG_TOKEN (see examples/README.md)}
school_code=${SCHOOL_CODE:-2161052601}

gql() { curl -sS "$url/graphql" -H 'content-type: application/json' -H "authorization: Bearer $token" --data-binary @-; }

# The school's id, from its 学校标识码 (a UUID, so plain text tools can pick it out).
schools=$(gql <<EOF
{"query": "query (\$code: String) { allSchools(filter: { code: \$code }) { id } }", "variables": {"code": "$school_code"}}
EOF
)
school_id=$(echo "$schools" | grep -o '"id":"[^"]*"' | head -n 1 | cut -d '"' -f 4 || true)
[ -n "$school_id" ] || { echo "no school with 学校标识码 $school_code, or the token was refused: $schools" >&2; exit 1; }

# The rows, in the API's StudentInput shape. Gender and birth date must agree with the 身份证号.
data=$(cat <<EOF
[
  {
    "name": "王子涵", "gender": "MALE", "birthDate": "2014-03-12", "idNumber": "61052620140312811X",
    "studentNumber": "G61052620140312811X", "ethnicity": "汉族", "schoolId": "$school_id", "address": "城关街道东街12号",
    "guardians": [
      { "name": "王建军", "relation": "FATHER", "phone": "13891234501" },
      { "name": "李秀梅", "relation": "MOTHER", "phone": "13891234502" }
    ]
  },
  {
    "name": "李欣怡", "gender": "FEMALE", "birthDate": "2015-07-25", "idNumber": "610526201507258226",
    "schoolId": "$school_id", "address": "城关街道南村3组",
    "guardians": [{ "name": "李国强", "relation": "GRANDFATHER", "phone": "13891234503" }]
  },
  {
    "name": "校验码错", "gender": "MALE", "birthDate": "2014-03-12", "idNumber": "610526201403128111",
    "schoolId": "$school_id"
  }
]
EOF
)

# The same rows give the same key: sending this batch again answers the first result ("replayed")
# instead of writing twice. Change a row and the key changes with it.
key="students-sh:$(printf '%s' "$data" | sha256sum | cut -c 1-32)"

result=$(gql <<EOF
{
  "query": "mutation (\$data: [StudentInput!]!, \$key: String) { upsertManyStudents(data: \$data, key: ID_NUMBER, mode: VALID_ONLY, idempotencyKey: \$key) { committed replayed total created updated unchanged failed rows { index status id code field rule message } } }",
  "variables": { "key": "$key", "data": $data }
}
EOF
)

if ! command -v jq >/dev/null 2>&1; then
  echo "$result"
elif echo "$result" | jq -e '.errors' >/dev/null; then
  echo "$result" | jq '.errors' >&2 # the whole call was refused (token, arguments): nothing written
  exit 1
else
  echo "$result" | jq -r '.data.upsertManyStudents
    | "created \(.created), updated \(.updated), unchanged \(.unchanged), failed \(.failed)\(if .replayed then " (replayed: sent before)" else "" end)",
      (.rows[] | "  row \(.index): \(.status)\(if .code then " \(.code) \(.field // "-") \(.rule // "-") \(.message)" else "" end)")'
fi
