#!/usr/bin/env bash
# Two classes with one name break the one-definition rule: their inline
# members (destructors, copies) get the same mangled names, and a program
# holding both keeps only one of each. So every class or struct a header
# defines at namespace scope (at the start of a line, as the code is written)
# has a name no other header uses.
# Usage: check_type_names.sh SOURCE_DIR
set -euo pipefail
cd "${1:?the source directory}"
definition='^(struct|class) [A-Za-z_][A-Za-z0-9_]*( final)?( *:[^;]*)? *\{? *$'
found=$(grep -rnE --include='*.h' "$definition" services api models ui app bench tests \
    | sed -E 's/^([^:]+):([0-9]+):(struct|class) ([A-Za-z0-9_]+).*/\4 \1:\2/' | sort)
count=$(printf '%s\n' "$found" | grep -c . || true)
twice=$(printf '%s\n' "$found" | awk '{n[$1]++; at[$1] = at[$1] "  " $2 "\n"} END {for (k in n) if (n[k] > 1) printf "%s is defined in more than one header:\n%s", k, at[k]}')
if [ -n "$twice" ]; then
    printf '%s\n' "$twice" >&2
    echo "Rename one of them: one name, one type." >&2
    exit 1
fi
if [ "$count" -lt 100 ]; then
    echo "Only $count class definitions found in the headers: the pattern no longer matches the code." >&2
    exit 1
fi
echo "$count classes, each name defined once"
