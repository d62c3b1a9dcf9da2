"""Names that are also everyday words, and the particles inside names.

A one-word name on this list is masked only when it starts with a capital letter: "Will said"
is a person, "I will leave" is a verb, and lower case is where the two are told apart. The list
holds given names and surnames that an employee writes in lower case in ordinary English,
German, French or Spanish prose (the interview languages); it need not be complete, since a
missing word only means that word is also masked when written in lower case.
"""

from __future__ import annotations

_ENGLISH = (
    "amber april art ash august autumn baker banks bell best bill bird bishop black bob bond "
    "bright brook brown bud buddy bush cash chance chase cherry chip chuck clay cliff cook crane "
    "cross crystal daisy dale dash dawn dean don dot drake drew duke earl east eve faith field "
    "fields finch fisher flint ford forest fox frank gene ginger glen gold golden grace grant "
    "gray green grey guy hall hardy harmony hazel heath heather hill holly honey hope hunt "
    "hunter iris ivy jack jade jay joy june ken king kit knight lamb lance lane lily little long "
    "lord love major mark marsh max may melody mercy miles min moss nick noble north olive page "
    "park pat patience pearl penny pip price prince prudence rain ray reed rice rich river rob "
    "robin rocky rose ruby rusty sage sandy sharp short silver sky small south stone storm "
    "strong sue summer sunny swan swift violet wade walker ward west white will winter wise "
    "wolf wood woods wren young"
)
_GERMAN = (
    "braun ehrlich ernst frei fromm fuchs gut hart jung klein koch kurz lang schwarz stark weiss"
)
_FRENCH = (
    "aimé belle blanc blanche bon brun clément constant désiré fidèle fort franc grand honoré "
    "mai modeste noël parfait petit pierre roux"
)
_SPANISH = (
    "abril alegre alegría amparo asunción blanca blanco bravo bueno calvo campos cano caridad "
    "clara consuelo cruz delgado dolores domingo esperanza flores franco fuentes gracia justo "
    "leal león luna luz mar marino mayo mercedes milagros moreno nieto nieves pastor paz peña "
    "pilar prieto remedios reyes rey rico rocío rosa rubio salvador santos sierra socorro sol "
    "soledad torres victoria"
)
ORDINARY_WORDS: frozenset[str] = frozenset(f"{_ENGLISH} {_GERMAN} {_FRENCH} {_SPANISH}".split())

# Particles of a surname ("Ludwig van Beethoven", "María de la Cruz"): after a name's first
# word they identify nobody on their own and are everyday words ("de", "la", "van").
_PARTICLES = (
    "af al av bin da das de del della den der di do dos du e el ibn la le les ten ter van von y zu"
)
NAME_PARTICLES: frozenset[str] = frozenset(_PARTICLES.split())
