#!/usr/bin/env python3
"""Score the finder (smtpcode -o) on batches of real lines labelled by hand.

usage: tools/finder-score.py [-q] [-v] BINARY BATCH.tsv ...

A batch is UTF-8 text, one case per line, three tab-separated fields:

    KIND <TAB> EXPECTED <TAB> LINE

KIND      log    a line as a program wrote it to its log (the figure that counts)
          other  prose, test code, comments, documentation
EXPECTED  the SMTP codes the line holds, separated by spaces, in any order:
          reply codes (550) and enhanced codes (5.1.1); "-" for none.
          Label what a mail administrator would call the line's SMTP codes:
          not HTTP statuses, versions, counts, ports, pids, dates.
LINE      the line itself (tabs inside it written as \\t, backslashes as \\\\)

The batches themselves stay outside the repository: they are other
people's log lines.  Label every line before the first run, and record
the first score before reading any miss: that is the figure of lines the
finder has never seen (README, "Tests").

Lines starting with # and empty lines are ignored.  Each LINE is fed alone to
`BINARY -o --log` on standard input; the codes it prints are split on white
space, and the case is exact when the two sets are equal.
"""
import subprocess
import sys


def unescape(s):
    out, i = [], 0
    while i < len(s):
        if s[i] == '\\' and i + 1 < len(s) and s[i + 1] in 't\\':
            out.append('\t' if s[i + 1] == 't' else '\\')
            i += 2
        else:
            out.append(s[i])
            i += 1
    return ''.join(out)


def main(argv):
    quiet = verbose = False
    while argv and argv[0].startswith('-') and len(argv[0]) > 1:
        flag = argv.pop(0)
        if flag == '-q':
            quiet = True
        elif flag == '-v':
            verbose = True
        else:
            sys.exit(__doc__)
    if len(argv) < 2:
        sys.exit(__doc__)
    binary, files = argv[0], argv[1:]
    tot = {'log': [0, 0], 'other': [0, 0]}
    for path in files:
        per = {'log': [0, 0], 'other': [0, 0]}
        with open(path, encoding='utf-8') as f:
            for n, raw in enumerate(f, 1):
                raw = raw.rstrip('\n')
                if not raw.strip() or raw.startswith('#'):
                    continue
                parts = raw.split('\t', 2)
                if len(parts) != 3 or parts[0] not in per:
                    print(f'{path}:{n}: malformed case', file=sys.stderr)
                    continue
                kind, want, line = parts
                want = set() if want.strip() == '-' else set(want.split())
                line = unescape(line)
                r = subprocess.run([binary, '-o', '--log'],
                                   input=(line + '\n').encode('utf-8', 'surrogateescape'),
                                   stdout=subprocess.PIPE,
                                   stderr=subprocess.DEVNULL)
                got = set(r.stdout.decode('utf-8', 'replace').split())
                ok = got == want
                per[kind][0] += ok
                per[kind][1] += 1
                if not ok and not quiet:
                    print(f'{path}:{n}: {kind} want {" ".join(sorted(want)) or "-"}'
                          f' got {" ".join(sorted(got)) or "-"}')
                    if verbose:
                        print(f'    {line[:300]}')
        for k in per:
            tot[k][0] += per[k][0]
            tot[k][1] += per[k][1]
        print(f'{path}: log {per["log"][0]}/{per["log"][1]}'
              f' other {per["other"][0]}/{per["other"][1]}')
    if len(files) > 1:
        print(f'total: log {tot["log"][0]}/{tot["log"][1]}'
              f' other {tot["other"][0]}/{tot["other"][1]}')


if __name__ == '__main__':
    main(sys.argv[1:])
