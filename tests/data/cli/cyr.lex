# A Russian-language stem pattern, for documents stored without a stemmer.
@lexicon cyr
@language ru
[release]
звільнення
