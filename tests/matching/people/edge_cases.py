"""Hand-made edge cases shared by the generic-command and pipeline tests."""

REGISTER = [  # id, first, last, dob, sex, postcode
    ("R1", "Jack", "Smith", "14/03/2012", "M", "NG7 2AB"),  # twin
    ("R2", "Harry", "Smith", "14/03/2012", "M", "NG7 2AB"),  # twin
    ("R3", "Emily", "Brown", "01/06/2010", "F", "NG5 1AA"),  # sibling, same surname and address
    ("R4", "Sophie", "Brown", "20/09/2013", "F", "NG5 1AA"),  # sibling
    ("R5", "Robert", "Taylor", "10/02/2011", "M", "NG1 3CD"),
    ("R6", "Chloe", "Wilson", "05/04/2009", "F", "NG3 4EF"),
    ("R6", "Chloe", "Green", "05/04/2009", "F", "NG3 4EF"),  # alias 1
    ("R6", "Kayla", "Wilson", "05/04/2009", "F", "NG3 4EF"),  # alias 2
    ("R7", "Liam", "Patel", "03/11/2012", "M", "NG8 1XY"),
]

POLICE = [  # id, first, last, dob, sex, postcode, expected child (None: must not be linked)
    ("L1", "Jack", "Smith", "14/03/2012", "M", "NG7 2AB", "R1"),
    ("L2", "Harry", "Smith", "14/03/2012", "M", "", "R2"),
    ("L3", "Sophie", "Brown", "20/09/2013", "F", "NG5 1AA", "R4"),
    ("L4", "Bob", "Taylor", "10/02/2011", "M", "", "R5"),  # nickname
    ("L5", "Chloe", "Green", "05/04/2009", "F", "", "R6"),  # first alias
    ("L6", "Kayla", "Wilson", "05/04/2009", "", "", "R6"),  # second alias
    ("L7", "Liam", "Patel", "11/03/2012", "M", "", "R7"),  # day and month swapped
    ("L8", "Robert", "Taylor", "", "M", "", "R5?"),  # missing date of birth: linked or reviewed, never elsewhere
    ("L9", "Oliver", "Smith", "14/03/2012", "M", "NG7 2AB", None),  # a third sibling, not in care
    ("L10", "Jak", "Smith", "14/03/2012", "M", "", "R1"),  # typo
    ("L11", "Sophie", "Browne", "20/09/1995", "F", "", None),  # not in care, close name, adult
    ("L12", "", "", "", "", "", None),  # nothing given
]
