# A small lexicon for the CLI tests of score and lexicon check.
@lexicon libtest
@language en
@description Liberation against invasion, on the liber corpus.
[liberation]
@pole legitimizing
liberation
=liberators
[invasion]
@pole delegitimizing
invasion
occupation	1.5
annexation
