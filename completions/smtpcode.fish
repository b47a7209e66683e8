# fish completion for smtpcode(1): options and their values, file names
# where files go (log files, --merge summaries, --kb directories), and
# the codes that "smtpcode --list" prints (with the --kb directory given,
# if any), also in the spellings users type ("5.7.2" as well as "X.7.2").
# Installed as share/fish/vendor_completions.d/smtpcode.fish.

function __smtpcode_codes
    set -l kb
    set -l tokens (commandline -opc)
    set -l cur (commandline -ct)
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
    if string match -qr '^[245]\.' -- $cur
        set -l cls (string sub -l 1 -- $cur)
        command $tokens[1] $kb --list $cls 2>/dev/null | string match -r '^X\..*' | string replace -rf '^X(\S*)\s+(.*)$' $cls'$1\t$2'
    else
        command $tokens[1] $kb --list 2>/dev/null | string replace -rf '^(\S+)\s+(.*)$' '$1\t$2'
    end
end

function __smtpcode_merging
    contains -- --merge (commandline -opc)
end

complete -c smtpcode -s b -l brief -d 'One line per code'
complete -c smtpcode -l color -l colour -x -a 'auto always never yes no force tty if-tty none' -d 'Bold and colour'
complete -c smtpcode -s x -l exit-class -d 'Exit 4 or 5 for the worst class found'
complete -c smtpcode -s T -l format -x -a 'text json markdown html man' -d 'Output format'
complete -c smtpcode -s H -l with-filename -d 'Log mode: the file name before each line'
complete -c smtpcode -s h -l no-filename -d 'Log mode: no file name before lines'
complete -c smtpcode -l help -d 'Show the options'
complete -c smtpcode -l kb -x -a '(__fish_complete_directories)' -d 'Add or replace entries from a directory'
complete -c smtpcode -l line-buffered -d 'Flush the output after every input line'
complete -c smtpcode -l list -d 'List the codes, or those under each prefix'
complete -c smtpcode -s m -l matching -d 'Log mode: only the lines that have codes'
complete -c smtpcode -l merge -d 'Add up JSON summaries given as operands'
complete -c smtpcode -s n -l results -x -d '--search: at most N results'
complete -c smtpcode -l no-pager -d 'Never send pages through a pager'
complete -c smtpcode -l mail -d 'Read inputs as mail: bounce messages, mbox, Maildir'
complete -c smtpcode -l log -d 'Read inputs as logs'
complete -c smtpcode -s o -l only-codes -d 'Log mode: only the codes'
complete -c smtpcode -s q -l quiet -d 'Print nothing'
complete -c smtpcode -s r -l reason -d 'Log mode: code, reason and verdict of each line'
complete -c smtpcode -l search -d 'Rank the entries that hold every word'
complete -c smtpcode -l summary -x -a 'code vendor reason domain relay' -d 'Log mode: a table of the codes'
complete -c smtpcode -l site -r -F -d 'Write every entry and an index as HTML pages'
complete -c smtpcode -l template -x -a '(__smtpcode_codes)' -d 'Print a local note to start from'
complete -c smtpcode -s V -l version -d 'Show the version and the entries'
complete -c smtpcode -s w -l width -x -d 'Wrap pages at N columns'
complete -c smtpcode -n 'not __smtpcode_merging' -a '(__smtpcode_codes)'
complete -c smtpcode -n '__smtpcode_merging' -F
