# attribution.lex - cues of voice: who says what, and how much the writer
# stands behind it.  Written for slant; English.
@lexicon attribution
@language en
@version 3
@description Attribution, distancing, hedging and negation cues. The matcher reads five frames by name: [reporting-verbs] and [source-phrases] make a sentence ATTRIBUTED (when the cue stands outside quotation marks); [distancing] marks a hit within the three words after it as distanced; [negators] marks a hit within the three words after it as negated. [hedges] is counted like any frame but is not a cue. The matches of this lexicon are also reported as hits.

[reporting-verbs]
@description Verbs by which a sentence hands its content to a source (said, told, claimed, reported, insisted...).
@pole none
say
=said
tell
=told
=stated
claim
=report
=reports
=reported
=reporting
announce
=added
=adds
insist
assert
declare
=noted
=notes
=stressed
emphasize
emphasise
=wrote
=writes
tweet
=quoted
=quoting
=cited
=citing
=alleges
=alleging
accuse
=denied
=denies
=deny
confirm
warn
argue
acknowledge
admit
explain
=calls
=called
=dubbed
=termed
=branded
=described
=describes

[source-phrases]
@description Phrases that name or stand for a source (according to, state media, in a statement...).
@pole none
according to
state media
state-run media
state television
state tv
news agency
state news agency
spokesman
spokeswoman
spokesperson
in a statement
press release
press conference
as reported by
quoted by
in an interview
on condition of anonymity

[distancing]
@description Words by which the writer keeps a term at arm's length (so-called, self-proclaimed, alleged...).
@pole none
=so-called
=so =called
=self-proclaimed
=self-styled
=self-declared
=alleged
=purported
=would-be
=pseudo
=ostensible
=sham
=quasi

[hedges]
@description Words that report a claim without vouching for it (reportedly, allegedly, apparently...).
@pole none
=reportedly
=allegedly
=apparently
=purportedly
=supposedly
=ostensibly
=seemingly
unverified
unconfirmed
independently verified
could not be verified
it is claimed
it is said
rumoured
rumored

[negators]
@description Negation: a hit with one of these among the three words before it (same sentence) is negated.
@pole none
=not
=no
=never
=without
=neither
=nor
=cannot
=don't
=doesn't
=didn't
=isn't
=aren't
=wasn't
=weren't
=won't
=wouldn't
=can't
=couldn't
=shouldn't
=hasn't
=haven't
=hadn't
=mustn't
=needn't
=ain't
