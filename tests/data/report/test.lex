# The lexicon of tests/unit/test_report.c: two frames of opposite poles and
# one frame without a pole, so that every profile number can be counted by
# hand in the five short texts of corpus/.
@lexicon report-test
@language en
@version 1
@description Test frames for the report core.
[liberation]
@pole legitimizing
liberat*
[invasion]
@pole delegitimizing
invasion
[weather]
rain
