# The lexicon of the kursk truth table in tests/unit/test_match.c.
@lexicon kursk-test
@description Two frames whose hits in the kursk set were counted by hand.
[liberation]
@pole legitimizing
liberat*
[aggression]
@pole delegitimizing
war against ukraine
