"""Reference data: crime outcomes and the two case-file form templates.

Outcomes: Home Office Counting Rules outcome types (police recorded crime outcomes open data user guide) and the
out-of-court options for children (Youth out-of-court disposals guide for police and youth justice services);
first-time entrants as defined by MoJ/YJB Youth Justice Statistics. Outcome 23's start date is unverified.

Child Information Form (Director's Guidance on Charging, 6th edition, CPS 2025): 8 sections, 5 mandatory and
3 conditional. THE SECTION NAMES AND OWNERS BELOW ARE UNVERIFIED CONFIGURATION: version 1 is marked
verified=False; an administrator edits them by publishing a new version, and every filled form keeps its version.

Local 10-point checklist (CPS, 2017): nine verified points; the tenth is a configurable local point.
The data is frozen here (not imported from application code) so that the migration never changes.
"""

from django.db import migrations

# code, label, HO type, FTE, court, panel option, gravity score, verified
OUTCOMES = [
    ("nfa", "No further action", None, False, False, True, 1, True),
    ("community_resolution", "Community resolution (outcome 8)", 8, False, False, True, 2, True),
    ("outcome_21", "Outcome 21: further investigation not in the public interest (police)", 21, False, False,
     True, None, True),
    ("outcome_22", "Outcome 22: diversionary, educational or intervention activity", 22, False, False, True, 2,
     True),
    ("outcome_23", "Outcome 23: deferred prosecution", 23, False, False, True, None, False),
    ("youth_caution", "Youth caution (outcome 2)", 2, True, False, True, 3, True),
    ("youth_conditional_caution", "Youth conditional caution with conditions (outcome 2)", 2, True, False, True, 4,
     True),
    ("refer_for_charge", "Refer to the prosecutor for a charging decision", None, False, True, True, 5, True),
    ("1", "Charged or summonsed (outcome 1)", 1, False, True, False, 5, True),
    ("3", "Caution, adults (outcome 3)", 3, False, False, False, None, True),
    ("4", "Taken into consideration (outcome 4)", 4, False, False, False, None, True),
    ("5", "Offender died (outcome 5)", 5, False, False, False, None, True),
    ("6", "Penalty notice for disorder (outcome 6)", 6, False, False, False, None, True),
    ("7", "Cannabis or khat warning (outcome 7)", 7, False, False, False, None, True),
    ("9", "Prosecution not in the public interest, CPS (outcome 9)", 9, False, False, False, None, True),
    ("10", "Not in the public interest, police (outcome 10)", 10, False, False, False, None, True),
    ("11", "Prosecution prevented: suspect under age (outcome 11)", 11, False, False, False, None, True),
    ("12", "Prosecution prevented: suspect too ill (outcome 12)", 12, False, False, False, None, True),
    ("13", "Victim or key witness dead or too ill (outcome 13)", 13, False, False, False, None, True),
    ("14", "Evidential difficulties: suspect not identified, victim does not support (outcome 14)", 14, False,
     False, False, None, True),
    ("15", "Evidential difficulties: suspect identified, victim supports (outcome 15)", 15, False, False, False,
     None, True),
    ("16", "Evidential difficulties: victim does not support (outcome 16)", 16, False, False, False, None, True),
    ("17", "Time limit expired (outcome 17)", 17, False, False, False, None, True),
    ("18", "Investigation complete, no suspect identified (outcome 18)", 18, False, False, False, None, True),
    ("19", "National Fraud Intelligence Bureau filed (outcome 19)", 19, False, False, False, None, True),
    ("20", "Action undertaken by another body (outcome 20)", 20, False, False, False, None, True),
]

# key, title, owner role, requirement, condition, prefill, guidance
CIF_SECTIONS = [
    ("child", "The child and their care status", "cicpo", "mandatory", "", "placement",
     "Care status, placing authority, placement and home, social worker."),
    ("offence", "The suspected offence and its circumstances", "cicpo", "mandatory", "", "incidents",
     "What is alleged, when and where, and whether it happened in the home."),
    ("home", "The home's response and behaviour policy", "provider_manager", "mandatory", "", "",
     "Did the home follow its behaviour policy? Why were the police involved? What informal or restorative "
     "action has been taken? Would a family have called the police?"),
    ("social_worker", "The social worker's views and the care plan", "social_worker", "mandatory", "", "facts",
     "The care plan, recent behaviour, the child's needs and the social worker's view of the right outcome."),
    ("history", "Previous offending, disposals and youth justice involvement", "youth_justice", "mandatory", "",
     "outcomes", "Previous outcomes and disposals; current youth justice involvement."),
    ("exploitation", "Exploitation, trafficking and duress", "cicpo", "conditional",
     "When there are indicators of exploitation, duress or modern slavery (s.45)", "facts",
     "Indicators, NRM referral, whether a s.45 Modern Slavery Act defence may apply."),
    ("victim", "The victim's views", "cicpo", "conditional", "When there is an identifiable victim", "",
     "The victim's wishes and whether they consent to restorative work."),
    ("needs", "Health, education and communication needs", "social_worker", "conditional",
     "When the child has known health, SEND or communication needs", "",
     "Needs that bear on the child's understanding, admission or the suitability of an outcome."),
]

# The CPS 10-point checklist (2017): nine verified points, the tenth configurable.
CHECKLIST = [
    ("behaviour_policy", "The home's behaviour or disciplinary policy", "provider_manager"),
    ("why_police", "Why the police were involved and whether that followed the policy", "provider_manager"),
    ("informal_action", "Informal or disciplinary action already taken", "provider_manager"),
    ("reparation", "Apology or reparation", "provider_manager"),
    ("victim_views", "The victim's views", "cicpo"),
    ("social_worker_views", "The social worker's views", "social_worker"),
    ("care_plan", "The care plan", "social_worker"),
    ("recent_behaviour", "Recent behaviour", "provider_manager"),
    ("factors", "Aggravating or mitigating features", "cicpo"),
]


def seed(apps, schema_editor):
    Outcome = apps.get_model("protocol", "Outcome")  # noqa: N806
    FormTemplate = apps.get_model("protocol", "FormTemplate")  # noqa: N806
    Version = apps.get_model("protocol", "FormTemplateVersion")  # noqa: N806
    Section = apps.get_model("protocol", "Section")  # noqa: N806
    for order, (code, label, ho, fte, court, panel, gravity, verified) in enumerate(OUTCOMES):
        Outcome.objects.update_or_create(code=code, defaults=dict(
            label=label, home_office_type=ho, makes_first_time_entrant=fte, leads_to_court=court,
            panel_option=panel, gravity_score=gravity, verified=verified, order=order))

    cif, _ = FormTemplate.objects.get_or_create(slug="child-information-form", defaults=dict(
        title="Child Information Form",
        description="NPCC/CPS form required since 1 February 2025 when a charging decision is sought for a "
                    "looked-after child (Director's Guidance on Charging, 6th edition). Section list unverified."))
    v, created = Version.objects.get_or_create(template=cif, number=1, defaults=dict(
        published=True, verified=False, notes="Unverified configuration: 8 sections, 5 mandatory, 3 conditional."))
    if created:
        for order, (key, title, role, req, cond, prefill, guidance) in enumerate(CIF_SECTIONS, start=1):
            Section.objects.create(version=v, key=key, title=title, owner_role=role, requirement=req,
                                   condition=cond, prefill=prefill, guidance=guidance, verified=False, order=order)

    chk, _ = FormTemplate.objects.get_or_create(slug="ten-point-checklist", defaults=dict(
        title="10-point checklist",
        description="The local (2017) CPS checklist for looked-after children: nine verified points, the tenth "
                    "configurable."))
    v, created = Version.objects.get_or_create(template=chk, number=1, defaults=dict(
        published=True, verified=False, notes="Nine verified points; point 10 is local configuration."))
    if created:
        for order, (key, title, role) in enumerate(CHECKLIST, start=1):
            Section.objects.create(version=v, key=key, title=title, owner_role=role, requirement="mandatory",
                                   verified=True, order=order)
        Section.objects.create(version=v, key="local_point", title="Local point (configure)", owner_role="cicpo",
                               requirement="optional", verified=False, order=10,
                               guidance="Unverified: sources list nine points. An administrator sets this one.")


class Migration(migrations.Migration):
    dependencies = [("protocol", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
