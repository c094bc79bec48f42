@lexicon m
@language ru
[a]
@pole x
война
=Война
вой*	le-1
[b]
special military operation	2
