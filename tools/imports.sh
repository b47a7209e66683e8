#!/bin/sh
# The import graph of src/: which object file uses symbols defined in
# which other, from nm.  Prints the edges with -v, and every cycle as
# "a -> b -> ... -> a"; exits 1 if there is one.  The generated table
# (kb_data) and the generator (kbgen, wordgen) are left out: kb_data
# only defines, and the generator is a program of its own.
#
# usage: tools/imports.sh [-v] [object ...]   (default: src/*.o)
verbose=
[ "$1" = -v ] && { verbose=1; shift; }
[ $# -gt 0 ] || set -- src/*.o
for o in "$@"; do
	m=$(basename "$o" .o)
	case $m in kb_data|kbgen|wordgen|main) continue ;; esac
	nm "$o" | awk -v m="$m" '$2 ~ /^[TDRB]$/ { print "def", $3, m }
	    $1 == "U" { print "use", $2, m }'
done | awk -v verbose="$verbose" '
	$1 == "def" { def[$2] = $3; next }
	{ use[NR] = $2; user[NR] = $3 }
	END {
		for (i in use) {
			d = def[use[i]]
			if (d == "" || d == user[i])
				continue
			if (!((user[i], d) in edge)) {
				edge[user[i], d] = 1
				out[user[i]] = out[user[i]] " " d
				if (verbose)
					print user[i] " -> " d
			}
		}
		bad = 0
		for (a in out)
			bad += walk(a, a, a, 0)
		exit bad > 0
	}
	# Depth-first from start; report a path back to start once, from its
	# alphabetically first node.
	function walk(start, node, path, depth,   n, k, list, found) {
		if (depth > 30)
			return 0
		n = split(out[node], list, " ")
		found = 0
		for (k = 1; k <= n; k++) {
			if (list[k] == start) {
				print "cycle: " path " -> " start
				found = 1
				continue
			}
			if (list[k] < start || index(" " path " ", " " list[k] " "))
				continue
			found += walk(start, list[k], path " -> " list[k],
			    depth + 1)
		}
		return found
	}'
