# Every lint problem once; the CLI test names each line number.
@lexicon linty
@colour blue
orphan
[empty]
[first]
attack
*
strike	inf
raid	nan
siege	1,5
[first]
shelling
[last]
bombing
bombing
