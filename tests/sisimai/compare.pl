#!/usr/bin/perl
# Compare smtpcode's bounce reasons with Sisimai's (Debian's
# libsisimai-perl): reads reply texts, one per line, from the files named
# on the command line, classifies each with Sisimai->match and with
# "smtpcode -r", and prints one TSV row per text where both have an
# opinion and they differ: ours, Sisimai's, the text.  The last line
# counts agreements.
#
# usage: compare.pl smtpcode file ...
use strict;
use warnings;
use Sisimai;
use IPC::Open2;

my $bin = shift @ARGV or die "usage: compare.pl smtpcode file ...\n";
# Older Sisimai names and the names smtpcode (and Sisimai 5) use.
my %alias = (mesgtoobig => 'emailtoolarge', exceedlimit => 'emailtoolarge',
    toomanyconn => 'ratelimited', speeding => 'ratelimited');
my (%seen, @texts);
for my $file (@ARGV) {
	open(my $fh, '<', $file) or die "$file: $!\n";
	while (my $t = <$fh>) {
		chomp $t;
		$t =~ s/\r$//;
		next if $t eq '' || $seen{$t}++;
		push @texts, $t;
	}
	close $fh;
}
# Reasons Sisimai 5 added that Debian's Sisimai 4 files under older ones.
my %newer = map { $_ => 1 } qw(authfailure badreputation failedstarttls
    notcompliantrfc requireptr);
my %older = map { $_ => 1 } qw(securityerror blocked spamdetected rejected
    policyviolation);
my ($agree, $differ, $ours_only, $theirs_only, $neither) = (0, 0, 0, 0, 0);
my $vocabulary = 0;
for my $t (@texts) {
	my $pid = open2(my $out, my $in, $bin, '-r');
	print $in "$t\n";
	close $in;
	my $line = <$out> // '';
	waitpid($pid, 0);
	my $ours = (split ' ', $line)[-2] // 'none';
	$ours = 'none' if $line eq '';
	# smtpcode -r prints "code reason verdict", reply code first if any.
	my @f = split ' ', $line;
	$ours = @f >= 3 ? $f[-2] : 'none';
	my $theirs = Sisimai->match($t) // 'undefined';
	$theirs = $alias{$theirs} // $theirs;
	if ($ours eq 'none' || $ours eq 'undefined') {
		if ($theirs eq 'undefined') { $neither++ } else { $theirs_only++ }
		next;
	}
	if ($theirs eq 'undefined') { $ours_only++; next }
	if ($ours eq $theirs) { $agree++; next }
	$differ++;
	$vocabulary++ if $newer{$ours} && $older{$theirs};
	print "$ours\t$theirs\t$t\n";
}
my $both = $agree + $differ;
printf "# %d texts: both classify %d, agree on %d (%.0f%%), differ on %d " .
    "(%d only because Sisimai 4 lacks the newer reason: %.0f%% agree " .
    "allowing for that); only smtpcode %d, only Sisimai %d, neither %d\n",
    scalar @texts, $both, $agree, $both ? 100 * $agree / $both : 0, $differ,
    $vocabulary, $both ? 100 * ($agree + $vocabulary) / $both : 0,
    $ours_only, $theirs_only, $neither;
