#!/usr/bin/env bash
# Resolve a merge conflict in the .po catalogues: take the union of both sides' entries
# (ours first where both translated one), then `make messages` re-extracts and compiles.
# Needs GNU gettext (msgcat).
set -euo pipefail
for language in ja en; do
  po="locale/$language/LC_MESSAGES/django.po"
  git show ":2:$po" > "/tmp/ours.$language.po"
  git show ":3:$po" > "/tmp/theirs.$language.po"
  msgcat --use-first "/tmp/ours.$language.po" "/tmp/theirs.$language.po" -o "$po"
  git checkout --ours "locale/$language/LC_MESSAGES/django.mo"
  # Older than its .po, so that compilemessages (which skips an up-to-date .mo) compiles it.
  touch -d "2000-01-01" "locale/$language/LC_MESSAGES/django.mo"
done
