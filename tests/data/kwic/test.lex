# test.lex - frames for tests/unit/test_kwic.c (written for slant).
@lexicon kwictest
@language en
[liberation]
liberat*
[place]
=dorn
