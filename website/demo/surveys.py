"""Demo answers to the adopter's voice surveys, so the Insight screen shows figures above the small-number rule.

The demo households who have had their first call are invited to the first-contact survey, and those
approved to the approval survey, through the same services as the daily task; most answer (some with
their name, most anonymously), half of them last quarter and half this one. Sam Okafor, the demo
applicant, is invited and has not answered: the link is in the email printed to the console.
"""

import datetime as dt
import random

from django.utils import timezone

from crm.models import Household, Stage, SurveyKind, SurveyResponse
from crm.services.surveys import survey_answer, survey_invite, survey_token
from crm.surveys import POINTS, survey_for
from website.demo.applicant import DEMO_APPLICANT_EMAIL

# Most people are content, a few are not: the points' weights, 1 to 5.
WEIGHTS = (1, 2, 4, 10, 9)
COMMENTS = [
    "The worker who called was kind and patient with all our questions.",
    "It took a while to hear back after we first got in touch.",
    "Really helpful to hear from adopters at the evening.",
    "We would have liked more about the money side.",
    "",
    "",
]
APPROVED_STAGES = (
    Stage.APPROVED,
    Stage.ON_HOLD,
    Stage.FAMILY_FINDING,
    Stage.LINKED,
    Stage.MATCHED,
    Stage.PLACED,
    Stage.ADOPTION_ORDER,
)


def demo_surveys_load(*, seed: int = 18) -> int:
    """Invite and answer once; returns how many answers were made (0 when the demo has some already)."""
    if SurveyResponse.objects.exists():
        return 0
    rng = random.Random(seed)
    now = timezone.now()
    households = Household.objects.filter(email__endswith="@example.com", first_contact_at__isnull=False)
    made = 0
    for number, household in enumerate(households.order_by("pk")):
        kinds = [SurveyKind.FIRST_CONTACT]
        if household.stage in APPROVED_STAGES:
            kinds.append(SurveyKind.APPROVAL)
        for kind in kinds:
            answered_at = now - dt.timedelta(days=100 if number % 2 else 5)
            invitation = survey_invite(
                household=household,
                kind=kind,
                occasion=kind.replace("_", "-"),
                now=answered_at - dt.timedelta(days=2),
            )
            if invitation is None or household.email == DEMO_APPLICANT_EMAIL or number % 7 == 6:
                continue
            survey = survey_for(kind)
            survey_answer(
                token=survey_token(invitation),
                answers={key: rng.choices(POINTS, weights=WEIGHTS)[0] for key in survey.keys},
                comment=rng.choice(COMMENTS),
                named=number % 3 == 0,
                now=answered_at,
            )
            made += 1
    return made
