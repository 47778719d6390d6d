#!/usr/bin/env bash
# Pages through the student list, 1,000 at a time, into a JSON Lines file (one student a line).
#
#   JIAFANG_TOKEN=… bash examples/page-students.sh students.jsonl '{"schoolingStatus": "IN_COUNTY"}'
#
# Arguments: the output file (default students.jsonl) and a StudentFilter as JSON (default {}).
# Env: JIAFANG_URL (default http://localhost:4000), JIAFANG_TOKEN. Needs curl and jq.
#
# Why sortField "id": offset paging reads page N by skipping N × 1,000 rows, so every request must
# see the rows in the same order. Ids are unique (no ties whose order could change between two
# requests) and never change (a student edited meanwhile keeps its place, where sorting by name or
# updatedAt could move it to a page already read). Students created meanwhile may still land on an
# earlier page: add "createdAt_lt": "<start time>" to the filter for a fixed set.
set -euo pipefail

url=${JIAFANG_URL:-http://localhost:4000}
token=${JIAFANG_TOKEN:?set JIAFANG_TOKEN (see examples/README.md)}
out=${1:-students.jsonl}
filter=${2:-'{}'}
per_page=1000
command -v jq >/dev/null 2>&1 || { echo "page-students.sh needs jq (apt-get install jq), or use page-students.ts" >&2; exit 1; }

query='query ($page: Int!, $perPage: Int!, $filter: StudentFilter, $withCount: Boolean!) {
  allStudents(page: $page, perPage: $perPage, sortField: "id", sortOrder: "ASC", filter: $filter) {
    id name gender birthDate idNumber studentNumber schoolingStatus school { code name } }
  _allStudentsMeta(filter: $filter) @include(if: $withCount) { count } }'

: > "$out.partial"
page=0
written=0
while :; do
  with_count=$([ "$page" -eq 0 ] && echo true || echo false)
  body=$(jq -n --arg q "$query" --argjson f "$filter" --argjson p "$page" --argjson n "$per_page" --argjson c "$with_count" \
    '{query: $q, variables: {page: $p, perPage: $n, filter: $f, withCount: $c}}')
  response=$(curl -sS "$url/graphql" -H 'content-type: application/json' -H "authorization: Bearer $token" --data-binary "$body")
  if [ "$(echo "$response" | jq '.errors | length')" != 0 ]; then
    echo "$response" | jq '.errors' >&2
    exit 1
  fi
  [ "$page" -eq 0 ] && count=$(echo "$response" | jq '.data._allStudentsMeta.count')
  rows=$(echo "$response" | jq '.data.allStudents | length')
  echo "$response" | jq -c '.data.allStudents[]' >> "$out.partial"
  written=$((written + rows))
  echo "page $((page + 1)): $rows rows ($written/$count)"
  [ "$rows" -lt "$per_page" ] && break # a short page is the last one
  page=$((page + 1))
done
mv "$out.partial" "$out"
echo "wrote $written students to $out"
[ "$written" -eq "$count" ] || echo "warning: the count was $count when paging began: students were added or removed meanwhile" >&2
