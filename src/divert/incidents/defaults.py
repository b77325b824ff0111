"""Default reference data, seeded by migration 0003 and editable by administrators afterwards.

The texts paraphrase what the protocols ask (the Nottingham model; CPB report 2021, 2.10); the exploitation terms are
the
warning signs of County lines guidance 2023, kept as editable data because indicator lists are local.
"""

ARREST_SCREENING = "arrest-screening"
PROVIDER_GUIDANCE = "provider-guidance"

GUIDANCE_TEXTS = {
    ARREST_SCREENING: (
        "Arrest screening: a child in care is in custody",
        "This child is looked after by the local authority. Under the national protocol on reducing unnecessary "
        "criminalisation of looked-after children, please:\n\n"
        "1. Make sure an appropriate adult attends, ideally not a member of the home's staff involved in the "
        "incident.\n\n"
        "2. Ask: would this behaviour have led to an arrest if the child lived with their family? Consider "
        "diversion (no further action, community resolution, outcome 21 or 22) before any charge.\n\n"
        "3. Before a charging decision, complete the prosecutor's checklist: the home's behaviour policy, why "
        "police were involved, action already taken, apology or reparation, the victim's and the social worker's "
        "views, the care plan, recent behaviour, aggravating or mitigating features.\n\n"
        "4. Consider whether the child may be a victim of exploitation (county lines, duress, s.45 Modern "
        "Slavery Act).\n\n"
        "Contact the Children in Care Police Officers and the youth justice service before a decision is made.",
    ),
    PROVIDER_GUIDANCE: (
        "When to call the police, and when to handle it as a family would",
        "Call 999 at once when there is an immediate risk to a person or to property.\n\n"
        "Otherwise, ask: would a reasonable parent call the police about this if it happened at home? Minor "
        "damage, a minor assault on staff without injury, or taking the home's property can usually be handled "
        "by the home, with the social worker, through your behaviour policy and a restorative approach.\n\n"
        "Take decisions in slow time: if nobody is at risk now, decide the next day with the child's social "
        "worker whether to report.\n\n"
        "Think about why it happened: the victim's wishes, how serious it was, whether it may happen again, the "
        "relationship between the people involved, the impact on the child, and whether the child may be "
        "exploited or acting under duress.\n\n"
        "Report a child missing when you cannot establish where they are. Tell the Children in Care Police "
        "Officers about any concern of exploitation.",
    ),
}

EXPLOITATION_TERMS = {
    "cce": ["older associates", "older males", "older male", "gang", "drug debt", "run drugs", "running drugs",
            "weapon", "knife", "machete", "cuckooing", "trap house", "plugging"],
    "county_lines": ["county lines", "deal line", "the line", "found out of area", "out of area", "train ticket",
                     "bando"],
    "cse": ["older boyfriend", "hotel", "sexual", "inappropriate messages", "picked up in a car", "unknown car",
            "taxi paid"],
    "general": ["unexplained money", "large amount of cash", "unexplained cash", "new phone", "several phones",
                "second phone", "burner phone", "new clothes", "unexplained injuries", "same address",
                "same location"],
}
