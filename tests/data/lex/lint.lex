# Every lint problem of lexicons/README.md once, each on a known line.
@lexicon lint
@colour blue
@version
@version 2
stray pattern
[first]
@language en
@pole
@pole legitimizing
@pole delegitimizing
@mood angry
bare *
only =
=exact*
mid*dle
weight	inf
weight	nan
weight	abc
weight	0
weight	-1
weight	1,5
dup
Dup
[empty]
[first]
shadowed
[]
[unclosed
@description a frame description after a bad header is fine
fine
[last]
