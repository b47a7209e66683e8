# bash completion for smtpcode(1): options and their values, file names
# where files go (log files, --merge summaries, --kb directories), and
# the codes that "smtpcode --list" prints (with the --kb directory given,
# if any), also in the spellings users type ("5.7.2" as well as "X.7.2").
# Installed as share/bash-completion/completions/smtpcode; works with or
# without the bash-completion package.

_smtpcode_files()
{
	local IFS=$'\n'
	compopt -o filenames 2>/dev/null
	COMPREPLY+=($(compgen -f -- "$1"))
}

_smtpcode()
{
	local cur prev opt kb i cls merge=
	local opts='--brief --color --colour --exit-class --format --help --kb
	    --line-buffered --list --matching --merge --no-filename --no-pager
	    --mail --log --only-codes --quiet --reason --results --search --summary
	    --site --template --version --width --with-filename
	    -b -H -h -m -n -o -q -r -T -V -w -x'

	COMPREPLY=()
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=
	[ "$COMP_CWORD" -gt 0 ] && prev=${COMP_WORDS[COMP_CWORD-1]}
	# With "=" in COMP_WORDBREAKS, "--format=js" arrives as three words.
	if [ "$cur" = "=" ]; then
		cur=
	elif [ "$prev" = "=" ] && [ "$COMP_CWORD" -ge 2 ]; then
		prev=${COMP_WORDS[COMP_CWORD-2]}
	elif [ "${cur#--*=}" != "$cur" ]; then
		prev=${cur%%=*}
		cur=${cur#*=}
	fi
	case $prev in
	-T|--format)
		COMPREPLY=($(compgen -W 'text json markdown html man' -- "$cur"))
		return ;;
	--color|--colour)
		COMPREPLY=($(compgen -W 'auto always never yes no force tty
		    if-tty none' -- "$cur"))
		return ;;
	--summary)
		COMPREPLY=($(compgen -W 'code vendor reason domain relay' -- "$cur"))
		return ;;
	--kb)
		compopt -o filenames 2>/dev/null
		COMPREPLY=($(compgen -d -- "$cur"))
		return ;;
	'<'|'>'|'>>'|'2>')
		_smtpcode_files "$cur"
		return ;;
	-w|--width|-n|--results)
		return ;;
	esac
	case $cur in
	--*=*)
		return ;;
	-*)
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
		return ;;
	esac
	kb=
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		--kb=*)	kb=${COMP_WORDS[i]#--kb=} ;;
		--kb)	opt=${COMP_WORDS[i+1]}
			[ "$opt" = "=" ] && opt=${COMP_WORDS[i+2]}
			kb=$opt ;;
		--merge) merge=1 ;;
		esac
	done
	# --merge reads summaries: only file names.
	if [ -n "$merge" ]; then
		_smtpcode_files "$cur"
		return
	fi
	case $cur in
	*/*|.*|'~'*)
		_smtpcode_files "$cur"
		return ;;
	[245].*)
		# "5.7.2": the X.7.2 entries used in class 5, in that spelling.
		cls=${cur%%.*}
		COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" ${kb:+"--kb=$kb"} \
		    --list "$cls" 2>/dev/null | awk -v c="$cls" \
		    '$1 ~ /^X\./ { sub(/^X/, c, $1); print $1 }')" -- "$cur"))
		return ;;
	esac
	COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" ${kb:+"--kb=$kb"} \
	    --list 2>/dev/null | awk 'NF { print $1 }')" -- "$cur"))
	# Log files too, where the word can be one.
	case $cur in
	[0-9X]*) ;;
	*) _smtpcode_files "$cur" ;;
	esac
}
complete -F _smtpcode smtpcode
