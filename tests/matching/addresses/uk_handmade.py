"""A hand-made test set in real-world UK address conventions, independent of the demo generator.

Canonical addresses in many regional styles (Glasgow "2/1" tenements, Edinburgh "45/3" stairs, Bristol and Bath
basement and floor flats, Welsh house names, farm annexes, business-park units, number ranges) and, for each, the
ways a call handler or a records system writes them, plus look-alikes that are *not* the place: neighbours, another
flat in the same building, the same number in a nearby street. Addresses and postcodes are invented (valid shapes).

`cases()` returns (canonical rows, messy rows, truth {messy id: canonical id or ""}, {messy id: "link"|"any"}):
"link" rows are plain enough that an automatic link is expected; "any" rows may fairly go to review.
"""

from __future__ import annotations

CANONICAL = [
    ("C01", "14 Oak Lane, Lenton, Nottingham", "NG7 1AB"),
    ("C02", "Flat 3, Marlborough Court, 112 Kings Road, London", "SW3 4TZ"),
    ("C03", "The Old Rectory, Church Street, Ashby-de-la-Zouch", "LE65 1AD"),
    ("C04", "2/1, 45 Dumbarton Road, Glasgow", "G11 6AA"),
    ("C05", "45/3 Easter Road, Edinburgh", "EH7 5PL"),
    ("C06", "Ground Floor Flat, 27 Clifton Hill, Bristol", "BS8 1BN"),
    ("C07", "27A Clifton Hill, Bristol", "BS8 1BN"),
    ("C08", "The Annexe, Hillside Farm, Moor Lane, Bingley", "BD16 1XX"),
    ("C09", "Unit 4, Riverside Business Park, Leeds", "LS10 1AB"),
    ("C10", "Apartment 12, Victoria Mill, 5 Lower Vickers Street, Manchester", "M40 7LJ"),
    ("C11", "1-3 Station Approach, Wokingham", "RG40 2AA"),
    ("C12", "Rose Cottage, 9 Mill Lane, Cheadle", "SK8 2AB"),
    ("C13", "58 St Mary's Road, Southampton", "SO14 0AA"),
    ("C14", "Basement Flat, 16 Royal Crescent, Bath", "BA1 2LR"),
    ("C15", "Top Floor Flat, 16 Royal Crescent, Bath", "BA1 2LR"),
    ("C16", "The Lodge, Greenbank Park, Liverpool", "L17 1AA"),
    ("C17", "7 Hawthorn Close, Gateshead", "NE9 5XY"),
    ("C18", "7 Hawthorn Crescent, Gateshead", "NE9 5XZ"),
    ("C19", "Flat B, 88 Cowley Road, Oxford", "OX4 1JE"),
    ("C20", "Ty Gwyn, Heol y Dderwen, Cardiff", "CF14 4AA"),
    ("C21", "32 North Parade, Aberystwyth", "SY23 2JN"),
    ("C22", "Flat 10, Oakwood House, Grange Road, Sutton", "SM2 6RS"),
    ("C23", "19 High Street, Much Wenlock", "TF13 6AA"),
    ("C24", "4 The Green, Heckington, Sleaford", "NG34 9JZ"),
    ("C25", "110 Wellington Road South, Stockport", "SK1 3TR"),
    ("C26", "Flat 1, 2 Albert Terrace, Whitby", "YO21 3HD"),
    ("C27", "Flat 2, 2 Albert Terrace, Whitby", "YO21 3HD"),
    ("C28", "Hollybush House, Back Lane, Ilkley", "LS29 8DL"),
    ("C29", "21 Saint Andrew's Avenue, Colchester", "CO4 3AN"),
    ("C30", "Room 5, 40 Portland Square, Plymouth", "PL4 6DJ"),
]

# (messy id, text, postcode, truth, expectation)
MESSY = [
    # plain and abbreviated forms
    ("M001", "14 Oak Lane, Lenton, Nottingham", "NG7 1AB", "C01", "link"),
    ("M002", "14 OAK LN", "NG71AB", "C01", "link"),
    ("M003", "14 oak lane nottingham", "ng7 1ab", "C01", "link"),
    ("M004", "14 Oak Lane", "NG7 1BA", "C01", "link"),  # inward letters swapped
    ("M005", "14 Oak Lane, Nottingham", "", "C01", "any"),  # no postcode
    ("M006", "Flat 3 Marlborough Ct 112 Kings Rd", "SW3 4TZ", "C02", "link"),
    ("M007", "3 Marlborough Court, 112 Kings Road, Chelsea", "SW34TZ", "C02", "any"),
    ("M008", "Apt 3, 112 King's Road", "SW3 4TZ", "C02", "link"),
    ("M009", "The Old Rectory, Church St", "LE65 1AD", "C03", "link"),
    ("M010", "OLD RECTORY CHURCH STREET ASHBY", "LE651AD", "C03", "link"),
    ("M011", "Flat 2/1, 45 Dumbarton Rd", "G11 6AA", "C04", "link"),
    ("M012", "45/3 Easter Rd", "EH7 5PL", "C05", "link"),
    ("M013", "Flat 3, 45 Easter Road, Edinburgh", "EH7 5PL", "C05", "link"),
    ("M014", "GFF 27 Clifton Hill", "BS8 1BN", "C06", "link"),
    ("M015", "Ground floor flat, 27 Clifton Hill, Bristol", "BS81BN", "C06", "link"),
    ("M016", "27A Clifton Hill", "BS8 1BN", "C07", "link"),
    ("M017", "27 A Clifton Hill, Clifton", "BS8 1BN", "C07", "link"),
    ("M018", "Annex, Hillside Farm, Moor Ln", "BD16 1XX", "C08", "link"),
    ("M019", "Hillside Farm Annexe, Moor Lane, Bingley", "BD16 1XX", "C08", "link"),
    ("M020", "Unit 4 Riverside Business Pk", "LS10 1AB", "C09", "link"),
    ("M021", "Apartment 12 Victoria Mill 5 Lower Vickers St", "M40 7LJ", "C10", "link"),
    ("M022", "12 Victoria Mill, Lower Vickers Street, Miles Platting", "M40 7LJ", "C10", "any"),
    ("M023", "1-3 Station Approach", "RG40 2AA", "C11", "link"),
    ("M024", "2 Station Approach, Wokingham", "RG40 2AA", "", "any"),  # across the road from 1-3
    ("M024b", "3 Station Approach, Wokingham", "RG40 2AA", "C11", "any"),  # part of 1-3
    ("M025", "Rose Cottage, Mill Lane, Cheadle", "SK8 2AB", "C12", "link"),
    ("M026", "9 Mill Ln, Cheadle", "SK8 2AB", "C12", "link"),
    ("M027", "58 Saint Marys Rd", "SO14 0AA", "C13", "link"),
    ("M028", "58 St. Mary's Road, Southampton", "SO14 OAA", "C13", "link"),  # O typed for 0
    ("M029", "Basement flat 16 Royal Cres", "BA1 2LR", "C14", "link"),
    ("M030", "Top floor flat, 16 Royal Crescent, Bath", "BA1 2LR", "C15", "link"),
    ("M031", "The Lodge, Greenbank Park", "L17 1AA", "C16", "link"),
    ("M032", "7 Hawthorn Cl, Gateshead", "NE9 5XY", "C17", "link"),
    ("M033", "7 Hawthorn Cres", "NE9 5XZ", "C18", "link"),
    ("M034", "Flat B 88 Cowley Rd", "OX4 1JE", "C19", "link"),
    ("M035", "Ty Gwyn, Heol y Dderwen", "CF14 4AA", "C20", "link"),
    ("M036", "TY GWYN HEOL Y DDERWEN CARDIFF", "", "C20", "any"),
    ("M037", "32 North Pde", "SY23 2JN", "C21", "link"),
    ("M038", "32 N Parade, Aberystwyth", "SY23 2JN", "C21", "any"),
    ("M039", "Flat 10 Oakwood Ho, Grange Rd", "SM2 6RS", "C22", "link"),
    ("M040", "19 High St", "TF13 6AA", "C23", "link"),
    ("M041", "19 High Stret, Much Wenlock", "TF13 6AA", "C23", "link"),  # typo
    ("M042", "4 The Green Heckington", "NG34 9JZ", "C24", "link"),
    ("M043", "110 Wellington Rd S, Stockport", "SK1 3TR", "C25", "link"),
    ("M044", "Flat 2, 2 Albert Terr", "YO21 3HD", "C27", "link"),
    ("M045", "1, 2 Albert Terrace, Whitby", "YO21 3HD", "C26", "link"),
    ("M046", "Hollybush House, Back Ln", "LS29 8DL", "C28", "link"),
    ("M047", "21 St Andrews Ave", "CO4 3AN", "C29", "link"),
    ("M048", "Rm 5, 40 Portland Sq", "PL4 6DJ", "C30", "link"),
    ("M049", "Room 5 40 Portland Square Plymouth", "PL46DJ", "C30", "link"),
    # doubtful: may go to review, must not link to a wrong place
    ("M050", "2 Albert Terrace, Whitby", "YO21 3HD", "", "any"),  # which flat?
    ("M051", "16 Royal Crescent, Bath", "BA1 2LR", "", "any"),
    ("M052", "Outside 14 Oak Lane", "NG7 1AB", "", "any"),
    ("M053", "27 Clifton Hill", "BS8 1BN", "", "any"),  # the house, not its ground-floor flat or 27A
    ("M054", "Flat C, 88 Cowley Road", "OX4 1JE", "", "any"),
    # look-alikes that are not the place
    ("M055", "12 Oak Lane, Lenton", "NG7 1AB", "", "any"),
    ("M056", "16 Oak Lane", "NG7 1AB", "", "any"),
    ("M057", "14 Elm Road, Lenton", "NG7 1AD", "", "any"),
    ("M058", "27C Clifton Hill", "BS8 1BN", "", "any"),
    ("M059", "114 Kings Road", "SW3 4TZ", "", "any"),
    ("M060", "9 Hawthorn Close", "NE9 5XY", "", "any"),
    ("M061", "5 Hawthorn Grove", "NE9 5XA", "", "any"),
    ("M062", "Tesco Express, Derby Road", "NG7 2AA", "", "any"),
    ("M063", "Junction of Cowley Road and Magdalen Road", "OX4 1JE", "", "any"),
    ("M064", "58 St Mary Street", "SO14 1NS", "", "any"),
    ("M065", "19 High Street, Bridgnorth", "WV16 4DB", "", "any"),
    ("M066", "Flat 4, 45 Dumbarton Road", "G11 6AA", "", "any"),
    ("M067", "45/1 Easter Road", "EH7 5PL", "", "any"),
    ("M068", "4 The Green, Sleaford", "NG34 7AA", "", "any"),
    ("M069", "Rose Cottage, Church Lane, Cheadle", "SK8 1QQ", "", "any"),
    ("M070", "Bus station, Friar Lane", "", "", "any"),
]


def cases() -> tuple[list[dict], list[dict], dict[str, str], dict[str, str]]:
    canonical = [{"id": i, "address": a, "postcode": p} for i, a, p in CANONICAL]
    messy = [{"id": i, "address": a, "postcode": p} for i, a, p, _t, _e in MESSY]
    truth = {i: t for i, _a, _p, t, _e in MESSY}
    expect = {i: e for i, _a, _p, _t, e in MESSY}
    return canonical, messy, truth, expect
