# bash completion for smtpcode(1): options, output formats, and the codes
# that "smtpcode --list" prints (with the --kb directory given, if any).
# Installed as share/bash-completion/completions/smtpcode.

_smtpcode()
{
	local cur prev opt kb i
	local opts='--brief --color --colour --exit-class --format --help --kb
	    --line-buffered --list --matching --merge --only-codes --quiet
	    --search --summary --version --width -b -h -m -o -q -T -V -w -x'

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
		COMPREPLY=($(compgen -W 'auto always never' -- "$cur"))
		return ;;
	--kb)
		COMPREPLY=($(compgen -d -- "$cur"))
		return ;;
	-w|--width)
		return ;;
	esac
	case $cur in
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
		esac
	done
	COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" ${kb:+"--kb=$kb"} \
	    --list 2>/dev/null | awk 'NF { print $1 }')" -- "$cur"))
}
complete -F _smtpcode smtpcode
