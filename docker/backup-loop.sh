#!/bin/sh
# compose's backup service: once a day at BACKUP_AT (TZ), pg_dump in custom format into /backups,
# written under a temporary name and renamed when complete; dumps older than BACKUP_KEEP_DAYS
# go. Photos and evidence are in the database, so they are in every dump.
set -eu
PGPASSWORD=$(cat /run/secrets/db_password)
export PGPASSWORD
at=${BACKUP_AT:-02:30}
keep=${BACKUP_KEEP_DAYS:-30}
echo "backups at $at ($TZ), kept $keep days, in /backups"
while :; do
  now=$(date +%s)
  next=$(date -d "$(date +%F) $at" +%s)
  [ "$next" -gt "$now" ] || next=$((next + 86400))
  sleep $((next - now))
  name="jiafang-$(date +%Y%m%d-%H%M).dump"
  if pg_dump --format=custom --compress=6 --file="/backups/.$name.part"; then
    mv "/backups/.$name.part" "/backups/$name"
    echo "backup $name: $(du -h "/backups/$name" | cut -f1)"
  else
    rm -f "/backups/.$name.part"
    echo "backup $name FAILED" >&2
  fi
  find /backups -maxdepth 1 -name 'jiafang-*.dump' -mtime "+$keep" -delete
done
