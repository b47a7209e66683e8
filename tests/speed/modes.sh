# The log views the equivalence test runs, commas for spaces.
modes="--color=never -m -o -r -T,json --summary --summary=reason
--summary=vendor -T,json,--summary -b --color=always -m,--line-buffered"
