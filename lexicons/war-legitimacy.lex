# war-legitimacy.lex - how a text frames Russia's war against Ukraine:
# as a legitimate defensive operation or as an illegitimate war.
# Written for slant from reading the ukraine-2022 and kursk test sets.
@lexicon war-legitimacy
@language en
@version 2
@description Words that present the war as legitimate (liberation, denazification, defence of Donbass, Western provocation) or as illegitimate (invasion, occupation, aggression, war crimes, annexation, authoritarianism). Which voice a word comes in matters: many appear in quotations of the other side.

[liberation]
@description The war as the liberation of land or people. A prefix, because the stem of "liberation" is shared by "liberal".
@pole legitimizing
liberat*
free the people
freed from

[denazification]
@description The Ukrainian state or army as Nazi, to be denazified and demilitarized.
@pole legitimizing
denazif*
demilitariz*
demilitaris*
nazi
neo-nazi
neonazi*
nazism
neo-nazism
nationalist battalions
radical nationalists
ukrainian nationalists
nationalist regime
banderite*
bandera
fascist*

[special-operation]
@description The official Russian name of the war and its variants.
@pole legitimizing
special military operation
special operation
military operation in ukraine
operation in donbass

[defence-of-donbass]
@description The war as the defence of Donbass and its people; the Russian spelling Donbass.
@pole legitimizing
=donbass
defend donbass
protect donbass
defend the donbass
protect the people of donbass
people of donbass
genocide in donbass
donetsk people's republic
lugansk people's republic
luhansk people's republic
=dpr
=lpr
russian-speaking population
russian speakers

[western-provocation]
@description The war as provoked by the West, NATO expansion, or a hostile "Kiev regime".
@pole legitimizing
provocat*
nato expansion
eastward expansion
collective west
western sponsors
western backers
western handlers
kiev regime
kyiv regime
zelensky regime
russophob*
anti-russian
anti-russia
proxy war

[heroism]
@description Fighters presented as heroes and their deeds as feats.
@pole legitimizing
hero
heroic
heroism
=feat
=feats
valor
valour
valiant*
glorious

[invasion]
@description The war as an invasion: one state entering another's territory.
@pole delegitimizing
invasion
invade
full-scale invasion
=invaders
=invader
incursion

[occupation]
@description Ukrainian land as occupied: occupation, occupiers, occupied territories.
@pole delegitimizing
occupation
occupier
=occupied
=occupying
occupied territories
occupation forces

[aggression]
@description The war as aggression: unprovoked, unjustified, a war waged against Ukraine.
@pole delegitimizing
aggression
aggressor
war against ukraine
war on ukraine
russia's war
putin's war
war of aggression
unprovoked
unjustified
illegal war
brutal war
assault on ukraine
attack on ukraine

[war-crimes]
@description Violence against civilians named as crime: war crimes, atrocities, massacres.
@pole delegitimizing
war crime
atrocity
massacre
mass grave
crimes against humanity
torture
indiscriminate
deliberately targeted
targeting civilians
executed civilians
forcibly deported

[annexation]
@description Annexation and the votes staged for it.
@pole delegitimizing
annex
illegal annexation
sham referendum
sham vote
staged referendum

[authoritarianism]
@description The Russian state as a dictatorship: dictator, autocrat, regime, propaganda, censorship.
@pole delegitimizing
=dictator
=dictators
=dictator's
=dictatorial
dictatorship
autocrat
autocracy
authoritarian
despot
tyrant
tyranny
putin's regime
kremlin regime
russian regime
kremlin propaganda
state propaganda
censorship
crackdown
