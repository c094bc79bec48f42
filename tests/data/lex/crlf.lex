@lexicon crlf
[a]
@pole legitimizing
invasion	2
=Liberators
