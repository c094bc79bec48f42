# A small lexicon written for the unit tests: every kind of pattern once.
@lexicon war-legitimacy
@language en
@version 1
@description How an armed action is cast: as liberation and defence, or as aggression.

[liberation]
@pole legitimizing
@description Casts the action as freeing land or people.
liberat*
special military operation
=liberators

[aggression]
@pole delegitimizing
invasion
war against ukraine
occupation	1.5

[neutral wording]
@pole descriptive
conflict	0.5
