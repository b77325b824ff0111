"""Nicknames and diminutives of common English given names.

Our own general table, compiled for matching: it is not the demo generator's list (that would be tuning to the
generator). Each line is `canonical: variants...`. A name may belong to several groups (`alex` is short for
Alexander and Alexandra), so `canonical_forms` returns a set. Names not in the table stand for themselves.
"""

from functools import lru_cache

_TABLE = """
aaron: ron ronnie
abigail: abby abbie abi gail gale
adam: ad
adrian: ade
agnes: aggie nessa
albert: al bert bertie
alexander: alex alec alexis sandy xander lex sasha al
alexandra: alex alexa lexi lexie sandra sandy sasha ali ally
alfred: alf alfie fred freddie
alice: ali allie ally
alison: ali allie ally
amanda: mandy manda
amelia: amy millie mia mel
andrew: andy drew
angela: angie angel
anne: annie nan nancy ann anna hannah
anthony: tony ant
archibald: archie arch
arthur: art artie
barbara: barb babs barbie
benjamin: ben benny benji
bernard: bernie
beatrice: bea bee trixie
bradley: brad
brandon: bran
bridget: bridie biddy
caroline: carol carrie caz lina
catherine: cath cathy kate katie kath kathy cat cate kit katherine kathryn kathleen caitlin
charles: charlie chas chuck chaz
charlotte: charlie lottie lotte carly
christian: chris
christina: chris christine tina chrissie kristina kirsty kristy
christopher: chris kit topher
clara: clare claire
clifford: cliff
colin: col
connor: con conor
constance: connie
cornelius: neil
cynthia: cindy
daniel: dan danny
danielle: dani elle
david: dave davey davie
deborah: deb debbie debs
dennis: den
diana: di
dominic: dom
donald: don donny
dorothy: dot dotty dolly
douglas: doug
edward: ed eddie ted teddy ned
eleanor: ellie nell nellie elle nora
elizabeth: liz lizzie beth betty bet bess bessie eliza lisa libby lily elsie betsy
ellen: ellie nell
emily: em emmy millie
emma: em emmy
eugene: gene
evelyn: eve evie
florence: flo flossie florrie
frances: fran fanny frankie
francis: frank frankie
frederick: fred freddie freddy
gabriel: gabe gabby
gabriella: gabby gabi ella
geoffrey: geoff jeff
george: georgie
georgina: georgie gina
gerald: gerry jerry
gillian: gill jill gilly
gordon: gord
gregory: greg
harold: harry hal
harriet: hattie harry
helen: nell ellie
henry: harry hal hank
herbert: herb bert
hugh: hughie
isaac: ike zac
isabel: izzy bella belle isabelle isabella issy izzie
jacob: jake jack jakey
jacqueline: jackie jacqui
james: jim jimmy jamie jem jay
jane: janie jenny
janet: jan
jennifer: jen jenny jenna
jeremy: jerry jez
jessica: jess jessie
joanna: jo joanne jojo
john: jack johnny jon jonny
jonathan: jon jonny nathan
joseph: joe joey jo
josephine: jo josie
joshua: josh
judith: judy jude
julia: julie jules
julian: jules
kenneth: ken kenny
kimberley: kim kimberly
lawrence: larry laurie
leonard: leo len lenny
leslie: les
lewis: lew louie
louis: lou louie
louise: lou lulu
lucy: lu
madeleine: maddie maddy madeline madison
margaret: maggie meg peggy marge margie greta rita daisy mags
martin: marty
mary: molly polly mae may mamie
matilda: tilly tilda mattie
matthew: matt matty
maximilian: max
maxwell: max
melanie: mel
melissa: mel lissa missy
michael: mike mikey mick micky mickey mitch
michelle: shelly
mitchell: mitch
natalie: nat
nathan: nat nate
nathaniel: nat nate nathan
nicholas: nick nicky nico
nicola: nicky nikki
oliver: ollie olly
olivia: liv livvy ollie
pamela: pam
patricia: pat patty tricia trish
patrick: pat paddy
peter: pete
philip: phil pip phillip
rachel: rach
raymond: ray
rebecca: becky becca bex
reginald: reg reggie
richard: rich richie rick ricky dick
robert: bob bobby rob robbie bert
roderick: rod roddy
ronald: ron ronnie
rosemary: rose rosie
rosalind: ros roz
samantha: sam sammy
samuel: sam sammy
sarah: sara sally sadie
sebastian: seb
simon: si
sophia: sophie
stephanie: steph
stephen: steve stevie steven
stuart: stu
susan: sue susie suzy
terence: terry
theodore: theo ted teddy
thomas: tom tommy
timothy: tim timmy
tobias: toby
valerie: val
victoria: vicky vicki tori
vincent: vince vinny
walter: walt wally
william: will bill billy liam willie
winifred: winnie
zachary: zac zack zach
"""


def _parse(table: str) -> dict[str, frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for line in table.strip().splitlines():
        canonical, _, variants = line.partition(":")
        canonical = canonical.strip()
        for name in [canonical, *variants.split()]:
            groups.setdefault(name, set()).add(canonical)
    return {name: frozenset(c) for name, c in groups.items()}


NICKNAMES = _parse(_TABLE)


@lru_cache(maxsize=65536)
def canonical_forms(name: str) -> tuple[str, ...]:
    """The canonical given names `name` may stand for (itself when unknown), sorted. `name` is already clean."""
    if not name:
        return ()
    return tuple(sorted(NICKNAMES.get(name, frozenset({name}))))
