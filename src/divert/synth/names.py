"""Plain data for fictional people and places: forenames, surnames, nicknames, street names.

Every name here is a common UK given name or surname, combined at random, so no generated person is real.
`NICKNAMES` maps a formal forename to the short forms people give the police; the matching engine may reuse it
(`NICKNAME_TO_FORMAL` is the reverse index).
"""


def _words(text: str) -> tuple[str, ...]:
    """Split a block of names on whitespace, dropping repeats (order kept)."""
    return tuple(dict.fromkeys(text.split()))


MALE_FORENAMES = _words(
    "Aaron Adam Aiden Alan Albert Alex Alexander Alfie Andrew Anthony Archie Arthur Ashley Barry Ben "
    "Benjamin Billy Blake Bradley Brandon Brian Callum Calum Cameron Carl Charlie Christopher Connor "
    "Craig Daniel Darren David Dean Declan Dominic Dylan Edward Elliot Ethan Evan Finley Frankie "
    "Frederick Gareth Gary George Graham Harley Harrison Harry Harvey Hayden Henry Isaac Jack Jacob Jake "
    "James Jamie Jason Jayden Jenson Joel John Jonathan Jordan Joseph Joshua Jude Kai Kayden Keiran "
    "Kenneth Kevin Kian Kieran Kyle Lee Leo Leon Lewis Liam Logan Louie Luca Lucas Luke Malik Mark Marcus "
    "Mason Matthew Max Michael Mohammed Nathan Neil Nicholas Noah Oliver Ollie Oscar Owen Patrick Paul "
    "Peter Philip Reece Rhys Richard Riley Robert Ronan Ross Ryan Sam Samuel Scott Sean Sebastian Shane "
    "Simon Stephen Steven Stuart Theo Thomas Toby Tommy Tony Tyler Tyrone William Zach Zachary Zain "
    "Ibrahim Yusuf Omar Ali Hamza Kacper Jakub Filip Dwayne Jerome Troy Kane Alfie Reggie Ronnie Teddy "
    "Freddie Stanley Jaxon Rory Caleb Ellis Josh Curtis Marley"
)

FEMALE_FORENAMES = _words(
    "Abbie Abigail Aimee Alice Alicia Amber Amelia Amy Anna Annabel Ava Bethany Bella Brooke Caitlin "
    "Charlotte Chelsea Chloe Courtney Daisy Danielle Demi Eleanor Eliza Elizabeth Ella Ellie Emily Emma "
    "Erin Esme Eve Evie Faith Freya Georgia Grace Gracie Hannah Harriet Hayley Heather Holly Imogen "
    "Isabel Isabella Isla Isobel Jade Jasmine Jessica Jodie Kayla Katie Keira Kelly Kirsty Lacey Lara "
    "Laura Lauren Layla Leah Lexi Lily Lola Louise Lucy Lydia Macy Madison Maisie Maria Martha Maya Megan "
    "Melissa Mia Millie Molly Nadia Naomi Natalie Nicole Olivia Paige Phoebe Poppy Rachel Rebecca Rosie "
    "Ruby Samantha Sarah Scarlett Shannon Sienna Skye Sophia Sophie Stacey Summer Tegan Tia Tilly "
    "Victoria Willow Zara Zoe Aaliyah Amira Fatima Maryam Aisha Zainab Oliwia Zuzanna Kerry Leanne Gemma "
    "Toni Tamara Kimberley Jessie Margaret Katherine Catherine Jennifer Deborah Susan Patricia Alexandra "
    "Rebekah Kayleigh Chantelle Shauna Roxanne"
)

SURNAMES = _words(
    "Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts Robinson Thompson "
    "Wright Walker White Edwards Hughes Green Hall Lewis Harris Clarke Patel Jackson Wood Turner Martin "
    "Cooper Hill Ward Morris Moore Clark Lee King Baker Harrison Morgan Allen James Scott Phillips Watson "
    "Davis Parker Price Bennett Young Griffiths Mitchell Kelly Cook Carter Richardson Bailey Collins Bell "
    "Shaw Murphy Miller Cox Richards Khan Marshall Anderson Simpson Ellis Adams Singh Begum Wilkinson "
    "Foster Chapman Powell Webb Rogers Gray Mason Ali Hunt Hussain Campbell Matthews Owen Palmer Holmes "
    "Mills Barnes Knight Lloyd Butler Russell Barker Fisher Stevens Jenkins Murray Dixon Harvey Graham "
    "Pearson Ahmed Fletcher Walsh Kaur Gibson Howard Andrews Stewart Elliott Reynolds Saunders Payne Fox "
    "Ford Pearce Day Brooks West Lawrence Cole Atkinson Bradley Spencer Gill Dawson Ball Burton O'Brien "
    "Watts Rose Booth Perry Ryan Grant Wells Armstrong Francis Rees Hayes Hart Hudson Newman Barrett "
    "Webster Hunter Gregory Carr Lowe Page Marsh Riley Dunn Woods Parsons Berry Stone Reid Holland "
    "Hawkins Harding Porter Robertson Newton Oliver Reed Kennedy Williamson Bird Gardner Shah Dean Lane "
    "Cooke Bates Henderson Parry Burgess Bishop Walton Burns Nicholson Shepherd Ross Cross Long Freeman "
    "Warren Nicholls Hamilton Byrne Sutton McDonald Yates Hodgson Robson Curtis Hopkins O'Connor Harper "
    "Coleman Watkins Moss McCarthy Chambers O'Neill Griffin Sharp Hardy Wheeler Potter Osborne Johnston "
    "Gordon Doyle Wallace George Jordan Hutchinson Rowe Burke May Pritchard Gilbert Willis Higgins Read "
    "Miles Stevenson Stephenson Hammond Arnold Buckley Walters Hewitt Barber Nelson Slater Austin "
    "Sullivan Whitehead Mann Frost Lambert Stephens Blake Akhtar Lynch Goodwin Barton Woodward Thomson "
    "Cunningham Quinn Barnett Baxter Bibi Clayton Nash Greenwood Jennings Holt Kemp Poole Gallagher Bond "
    "Stokes Tucker Davidson Fowler Heath Norman Middleton Lawson Banks French Stanley Jarvis Gibbs "
    "Ferguson Hayward Carroll Douglas Dickinson Todd Barlow Peters Lucas Knowles Hartley Miah Simmons "
    "Morton Alexander Field Morrison Norris Townsend Preston Hancock Thornton Baldwin Burrows Briggs "
    "Storey Pollard Wade Kowalski Nowak Wisniewski Okafor Mensah Osei Mahmood Iqbal Rahman Hussein"
)

# Formal forename -> short forms and nicknames used in police records. Plain data; reuse freely.
NICKNAMES: dict[str, tuple[str, ...]] = {
    "Robert": ("Bob", "Rob", "Bobby", "Robbie"),
    "William": ("Will", "Billy", "Liam", "Bill"),
    "Elizabeth": ("Liz", "Beth", "Lizzie", "Eliza", "Betty"),
    "Alexander": ("Alex", "Xander", "Sandy"),
    "Alexandra": ("Alex", "Lexi", "Sandra"),
    "Andrew": ("Andy", "Drew"),
    "Anthony": ("Tony", "Ant"),
    "Benjamin": ("Ben", "Benny"),
    "Catherine": ("Cathy", "Kate", "Cath"),
    "Katherine": ("Kate", "Katie", "Kath", "Kat"),
    "Charlotte": ("Charlie", "Lottie"),
    "Christopher": ("Chris", "Kit"),
    "Daniel": ("Dan", "Danny"),
    "Danielle": ("Dani",),
    "David": ("Dave", "Davey"),
    "Deborah": ("Debbie", "Deb"),
    "Edward": ("Ed", "Eddie", "Ted", "Teddy"),
    "Eleanor": ("Ellie", "Nell"),
    "Frederick": ("Fred", "Freddie"),
    "Gemma": ("Gem",),
    "Harrison": ("Harry",),
    "Henry": ("Harry", "Hal"),
    "Isabella": ("Bella", "Izzy", "Issy"),
    "Isabel": ("Izzy", "Bel"),
    "Isobel": ("Izzy",),
    "Jacob": ("Jake",),
    "James": ("Jim", "Jimmy", "Jamie"),
    "Jennifer": ("Jen", "Jenny"),
    "Jessica": ("Jess", "Jessie"),
    "John": ("Jack", "Johnny"),
    "Jonathan": ("Jon", "Jonny"),
    "Joseph": ("Joe", "Joey"),
    "Joshua": ("Josh",),
    "Kenneth": ("Ken", "Kenny"),
    "Kimberley": ("Kim",),
    "Margaret": ("Maggie", "Peggy", "Meg"),
    "Matthew": ("Matt", "Matty"),
    "Michael": ("Mike", "Mikey", "Mick"),
    "Nicholas": ("Nick", "Nicky"),
    "Nicole": ("Nicky", "Nikki"),
    "Oliver": ("Ollie", "Olly"),
    "Olivia": ("Liv", "Livvy"),
    "Patrick": ("Pat", "Paddy"),
    "Patricia": ("Pat", "Trish"),
    "Philip": ("Phil",),
    "Rebecca": ("Becky", "Becca"),
    "Rebekah": ("Becky",),
    "Richard": ("Rich", "Richie", "Dick"),
    "Ronald": ("Ron", "Ronnie"),
    "Samantha": ("Sam", "Sammy"),
    "Samuel": ("Sam", "Sammy"),
    "Sebastian": ("Seb",),
    "Stephen": ("Steve", "Stevie"),
    "Steven": ("Steve", "Stevie"),
    "Susan": ("Sue", "Susie"),
    "Thomas": ("Tom", "Tommy"),
    "Timothy": ("Tim",),
    "Victoria": ("Vicky", "Tori"),
    "Zachary": ("Zach", "Zac"),
    "Abigail": ("Abbie", "Abi"),
    "Amelia": ("Millie", "Amy"),
    "Georgia": ("George",),
    "Harriet": ("Hattie",),
    "Jasmine": ("Jaz", "Jas"),
    "Madison": ("Maddie",),
    "Natalie": ("Nat",),
    "Sophia": ("Sophie",),
    "Mohammed": ("Mo",),
    "Callum": ("Cal",),
    "Cameron": ("Cam",),
    "Nathan": ("Nate",),
    "Lewis": ("Lew",),
    "Kayleigh": ("Kay",),
}

NICKNAME_TO_FORMAL: dict[str, tuple[str, ...]] = {}
for _formal, _shorts in NICKNAMES.items():
    for _short in _shorts:
        NICKNAME_TO_FORMAL[_short] = (*NICKNAME_TO_FORMAL.get(_short, ()), _formal)

# Street-name stems for the fictional city; combined with a suffix below.
STREET_STEMS = _words(
    "Acacia Alder Alfreton Arkwright Ash Aspley Beech Belvoir Birch Bluebell Bramble Bridle Brook Bulwell "
    "Canal Castle Cedar Chapel Chaucer Cherry Chestnut Church Clifton Colwick Coppice Cromwell Cross Dale "
    "Derwent Dovecote Elm Fern Field Forest Foxhill Gladstone Glebe Gorse Granby Hawthorn Hazel Heather "
    "Highfield Holly Hucknall Ivy Juniper Kestrel Kingfisher Laburnum Lark Laurel Lime Linden Lombard "
    "Maple Meadow Mill Moor Mulberry Nelson Newstead Oak Orchard Park Pelham Pine Poplar Primrose Priory "
    "Quarry Queens Radford Raleigh Redhill Ribblesdale Rowan Ruddington Rufford Sandfield Sherwood "
    "Sneinton Spring Station Stockhill Sycamore Tennyson Thistle Trent Valley Victoria Vernon Wardle "
    "Willow Windmill Wollaton Woodborough Woodland Wren Yew Albion Barrack Carlton Derby Mansfield "
    "Gregory Hartley Lenton"
)

STREET_SUFFIXES = (
    ("Road", 30), ("Street", 25), ("Avenue", 10), ("Close", 8), ("Drive", 7), ("Lane", 7), ("Crescent", 4),
    ("Grove", 4), ("Way", 3), ("Place", 2),
)

# Full word -> the abbreviations call handlers type.
STREET_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "Road": ("Rd", "Rd.", "RD"),
    "Street": ("St", "St.", "Str"),
    "Avenue": ("Ave", "Av"),
    "Close": ("Cl",),
    "Drive": ("Dr", "Drv"),
    "Lane": ("Ln",),
    "Crescent": ("Cres", "Cresc"),
    "Grove": ("Gr", "Gro"),
    "Place": ("Pl",),
    "Way": ("Wy",),
}

HOUSE_NAMES = (
    "The Willows", "Rose Cottage", "Oak Lodge", "The Beeches", "Hillside", "The Gables", "Meadow View",
    "Orchard House", "Ivy House", "The Laurels", "Brook House", "Fern Lodge", "Holly Bank", "The Elms",
    "Maple House", "Cedar Lodge", "The Old Vicarage", "Sunnyside", "Highfield House", "Woodlands",
)

# Words for fictional provider and home names.
HOME_NAME_WORDS = (
    "Acorn", "Beacon", "Bluebell", "Brookside", "Cedar", "Compass", "Evergreen", "Foxglove", "Harbour",
    "Hazel", "Horizon", "Juniper", "Kestrel", "Lighthouse", "Linden", "Maple", "Meadow", "Oakwood", "Orchard",
    "Pathways", "Phoenix", "Primrose", "Riverside", "Rowan", "Sapling", "Skylark", "Springfield", "Sycamore",
    "Willow", "Woodlands", "Bridges", "Haven", "Northway", "Eastgate", "Summit", "Clearwater", "Ashdown",
)
PROVIDER_SUFFIXES = (
    "Care Ltd", "Childcare Services Ltd", "Residential Care Ltd", "Young People's Services Ltd",
    "Care Group", "Homes Ltd", "Support Services Ltd", "Living Ltd",
)

# Fictional town names for the national profile (none is a real English town name by design of the stems).
TOWN_STEMS = (
    "Lind", "Ash", "Brack", "Cald", "Dun", "Elms", "Fern", "Gold", "Hal", "Ivel", "Kes", "Lox", "Mar", "Nor",
    "Ock", "Pel", "Quen", "Rad", "Sel", "Thorn", "Ux", "Ver", "Wend", "Yarn", "Zel", "Barn", "Crow", "Hart",
)
TOWN_SUFFIXES = ("ford", "ham", "bury", "by", "ton", "field", "wick", "ley", "worth", "bridge", "mouth", "stow")
