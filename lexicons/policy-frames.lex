# policy-frames.lex - the 14 substantive frame dimensions of the Policy
# Frames Codebook (Boydstun, Card, Gross, Resnik and Smith 2014; used for the
# Media Frames Corpus, Card et al. 2015).  The codebook defines the
# dimensions; the words below are our own starting vocabulary for news about
# conflict and politics, to be refined on a corpus.
@lexicon policy-frames
@language en
@version 2
@description The 14 substantive dimensions of the Policy Frames Codebook (Boydstun et al. 2014; Card et al. 2015), each with a starting vocabulary written for slant. The codebook's "other" dimension is left out.

[economic]
@description The costs, benefits or monetary and financial implications of the issue, for an individual, a family, a community or the economy.
@pole none
economy
economic
cost
price
inflation
gdp
recession*
market
trade
export
=import
=imports
=imported
=importing
=importer
=importers
sanction
tariff
budget
debt
invest
currency
rouble
ruble
dollar
bank
stock
oil price
gas price
energy price
supply chain
unemployment
billion
revenue

[capacity-and-resources]
@description The availability of physical, human or financial resources, and the capacity of existing systems.
@pole none
shortage
capacity
supply
stockpile
resource
ammunition
=reserves
=reservist
=reservists
manpower
equipment
fuel
grain
food supply
logistics
infrastructure
power grid
blackout
run out
depleted
=production
=productions

[morality]
@description Any perspective or policy objective compelled by religious doctrine or interpretation, duty, honor, righteousness or any other sense of ethics or social responsibility.
@pole none
=moral
=morals
=morality
=morally
immoral
ethic
evil
sin
god
church
religious
faith
duty
honour
honor
conscience
righteous
shame
sacred
justice
=humanity
=humane
=humanely
=inhumane
=inhumanity
values
good and evil

[fairness-and-equality]
@description Equality or inequality with which laws, punishment, rewards and resources are applied or distributed among individuals or groups.
@pole none
fair
unfair
equal
inequality
discrimination
double standard
racism
racist
=minority
=minorities
rights of
equal rights
bias
segregation
injustice
privilege

[legality]
@description Constitutionality and jurisprudence: the legal, constitutional or jurisdictional aspects of an issue: court cases, law, treaties, legal rights.
@pole none
law
legal
illegal
unlawful
court
judge
lawsuit
constitution*
=unconstitutional
treaty
international law
un charter
sovereignty
jurisdiction
legitimate
illegitimate
ruling
verdict
=convention
=conventions
geneva convention
tribunal*
international criminal court
icc

[policy-prescription]
@description Particular policies proposed for addressing an identified problem, and figuring out whether certain policies will work or are working.
@pole none
policy
proposal
plan
strategy
measure
reform
should
must
call for
urged
solution
approach
implement
package
ceasefire
peace talks
negotiation
diplomatic solution
no-fly zone
aid package

[crime-and-punishment]
@description Violation of policy and its consequences: enforcement, punishment, sentencing, crime and deterrence.
@pole none
crime
criminal
prosecute
prosecutor
arrest
detain
jail
prison
sentence
convicted
punish
investigation
police
charged
trial
guilty
=accountable
=accountability
=unaccountable
terrorist
terrorism

[security-and-defense]
@description Threats to the welfare of a nation or a group; efforts to defend against them; military action, weapons and alliances.
@pole none
security
defence
defense
military
army
troops
soldier
weapon
missile
nuclear
nato
alliance
threat
attack
strike
drone
tank
artillery
air defence
air defense
forces
deterrence
border
offensive
counteroffensive
shelling

[health-and-safety]
@description Healthcare, sanitation, public safety, disease, injury, death and the physical safety of people.
@pole none
health
=hospital
=hospitals
=hospital's
=hospitalized
=hospitalised
=hospitalization
=hospitalizations
=hospitalisation
medical
doctor
injured
wounded
injury
casualties
killed
dead
death
disease
covid
vaccine
safety
safe
evacuate
shelter
nuclear plant
=radiation
humanitarian
civilians

[quality-of-life]
@description The effects of a policy on people's wealth, mobility, access to resources, happiness, social structures and ease of day-to-day routines.
@pole none
family
children
home
homeless
daily life
everyday life
refugee
displaced
flee
fled
=heating
electricity
water
winter
school
poverty
=living
hardship
cost of living
job

[cultural-identity]
@description Traditions, customs, values and identity of a social group, as they bear on a policy issue.
@pole none
culture
=identity
=identities
tradition
history
historical
language
russian-speaking
heritage
=nation
=nations
=nation's
=nationhood
=nationalism
ethnic
people
brotherly
fraternal
orthodox
patriot
homeland
motherland
russkiy mir
russian world

[public-opinion]
@description References to general social attitudes, polling and demographic information, protests, and what diverging from public opinion costs.
@pole none
poll
survey
public opinion
voters
protest
=demonstration
=demonstrations
=demonstrator
=demonstrators
rally
petition*
support for
popular
approval
majority of
backlash
outrage
anger
mood

[political]
@description Any political considerations surrounding an issue: political actions, efforts or stances, partisan filibusters, lobbying, elections, party politics.
@pole none
=politics
=political
=politically
politician
election
vote
parliament
congress
senate
duma
republican
democrat
party
=opposition
=opposition's
president
prime minister
government
kremlin
white house
downing street
lawmaker
minister
campaign
administration

[external-regulation-and-reputation]
@description A country's external relations with another nation; the external relations of one state with another, or relations between groups: trade agreements, diplomacy, reputation, alliances.
@pole none
diplomat
diplomacy
ambassador
embassy
foreign minister
foreign ministry
foreign policy
international community
allies
partner
=relations
=relation
summit
united nations
european union
g7
g20
isolation
reputation
condemn
expel
envoy
