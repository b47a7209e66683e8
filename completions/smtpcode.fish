# fish completion for smtpcode(1): options, output formats, and the codes
# that "smtpcode --list" prints (with the --kb directory given, if any).
# Installed as share/fish/vendor_completions.d/smtpcode.fish.

function __smtpcode_codes
    set -l kb
    set -l tokens (commandline -opc)
    for i in (seq (count $tokens))
        switch $tokens[$i]
            case '--kb=*'
                set kb $tokens[$i]
            case --kb
                if test $i -lt (count $tokens)
                    set kb --kb=$tokens[(math $i + 1)]
                end
        end
    end
    command $tokens[1] $kb --list 2>/dev/null | string replace -rf '^(\S+)\s+(.*)$' '$1\t$2'
end

complete -c smtpcode -f
complete -c smtpcode -s b -l brief -d 'One line per code'
complete -c smtpcode -l color -l colour -x -a 'auto always never' -d 'Bold and colour'
complete -c smtpcode -s x -l exit-class -d 'Exit 4 or 5 for the worst class found'
complete -c smtpcode -s T -l format -x -a 'text json markdown html man' -d 'Output format'
complete -c smtpcode -s h -l help -d 'Show the options'
complete -c smtpcode -l kb -x -a '(__fish_complete_directories)' -d 'Add or replace entries from a directory'
complete -c smtpcode -l line-buffered -d 'Flush the output after every input line'
complete -c smtpcode -l list -d 'List the codes, or those under each prefix'
complete -c smtpcode -s m -l matching -d 'Log mode: only the lines that have codes'
complete -c smtpcode -l merge -d 'Add up JSON summaries given as operands'
complete -c smtpcode -s o -l only-codes -d 'Log mode: only the codes'
complete -c smtpcode -s q -l quiet -d 'Print nothing'
complete -c smtpcode -l search -d 'Rank the entries that hold every word'
complete -c smtpcode -l summary -d 'Log mode: a table of the codes'
complete -c smtpcode -s V -l version -d 'Show the version and the entries'
complete -c smtpcode -s w -l width -x -d 'Wrap pages at N columns'
complete -c smtpcode -a '(__smtpcode_codes)'
