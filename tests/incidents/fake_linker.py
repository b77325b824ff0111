"""A stand-in for divert.matching.people_pipeline in tests: exact name + date of birth links, a date of birth
alone sends the pair to review. Uses the real matching action, so links are made as in production."""

from divert.matching.actions import Candidate, LinkResult, record_machine_links
from divert.matching.models import SubjectType
from divert.police.models import CustodyRecord, LinkStatus
from divert.registers.models import Child


def run(*, today=None):
    results = []
    for rec in CustodyRecord.objects.filter(link_status=LinkStatus.UNMATCHED):
        exact = Child.objects.filter(first_name__iexact=rec.first_name, last_name__iexact=rec.last_name,
                                     date_of_birth=rec.date_of_birth).first()
        if exact:
            results.append(LinkResult(rec.pk, LinkStatus.LINKED, Candidate(exact.pk, 0.99), "test"))
            continue
        near = Child.objects.filter(date_of_birth=rec.date_of_birth).first()
        if near:
            results.append(LinkResult(rec.pk, LinkStatus.REVIEW, None, "test", [Candidate(near.pk, 0.7)]))
        else:
            results.append(LinkResult(rec.pk, LinkStatus.NONE, None, "test"))
    return record_machine_links(subject_type=SubjectType.CUSTODY, results=results, label="test linker")
