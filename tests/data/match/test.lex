# The lexicon of the matcher's unit tests (tests/unit/test_match.c).
@lexicon test
@description Small frames for matching, voice, negation and distancing cases.
[liberation]
@pole legitimizing
liberat*
[aggression]
@pole delegitimizing
war against ukraine
aggression
[war]
war
[operation]
special military operation
operation
[regime]
kiev regime
=regime
