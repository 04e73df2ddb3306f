"""The equality questions: their exact words and choices, in one place, with a version.

Asked of each adult in a household, after an enquiry and in the registration of interest; every
question is optional and every one has "Prefer not to say". The words follow the Census 2021 questions
for England where the census asked one (ethnic group in its 19 categories and 5 groups, religion, sex,
gender identity, sexual orientation, the long-term condition and day-to-day activities questions);
age is asked in bands. The census's write-in boxes are left out: free text about a few people could
point to them, and cannot be counted.

Change the words or the choices, change ``VERSION``: each answer set keeps the version it was given
under (as ``core.consent`` keeps a consent's). Stored answers are the codes here, never the words.
"""

from dataclasses import dataclass

VERSION = "equality-2026-12"
PREFER_NOT = "prefer_not"
PREFER_NOT_LABEL = "Prefer not to say"

INTRO = (
    "We would like to know a little more about the people who ask about adopting with us, so we can see "
    "whether we reach people of every background in Kent, Medway and Bexley."
)
# Why we ask and what happens to the answers, as points under the introduction.
POINTS = (
    "Every question is optional: answer as many or as few as you like, or none.",
    "Your answers are kept apart from your enquiry and your application. The people who work on your "
    "application cannot see them.",
    "They are never used to decide anything about you.",
    "We only count them together with everyone else's, and never show a number smaller than 5.",
)
PARTNER_NOTE = (
    "Only answer for your partner if they are happy for you to. You can leave their questions blank."
)


@dataclass(frozen=True)
class Question:
    """One question: what it asks of the person, and of their partner, and its choices (grouped or not)."""

    key: str
    text: str
    partner_text: str
    choices: tuple[tuple[str, str], ...] = ()
    groups: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()
    hint: str = ""
    # How the Insight screen names the question.
    label: str = ""

    @property
    def all_choices(self) -> list[tuple[str, str]]:
        """Every choice as (code, words), "Prefer not to say" last; a grouped choice names its group."""
        found = list(self.choices)
        for group, members in self.groups:
            found += [(code, f"{group}: {words}") for code, words in members]
        return [*found, (PREFER_NOT, PREFER_NOT_LABEL)]

    @property
    def codes(self) -> set[str]:
        return {code for code, _ in self.all_choices}

    def words(self, code: str) -> str:
        return dict(self.all_choices).get(code, "")

    def group_of(self, code: str) -> str:
        """The census's high-level group of a grouped answer ("White"), or the answer's words."""
        for group, members in self.groups:
            if code in {member for member, _ in members}:
                return group
        return self.words(code)


WHITE = "White"
MIXED = "Mixed or Multiple ethnic groups"
ASIAN = "Asian or Asian British"
BLACK = "Black, Black British, Caribbean or African"
OTHER = "Other ethnic group"

ETHNIC_GROUP = Question(
    key="ethnic_group",
    label="Ethnic group",
    text="What is your ethnic group?",
    partner_text="What is your partner's ethnic group?",
    hint="Choose the one that best describes your ethnic group or background.",
    groups=(
        (
            WHITE,
            (
                ("white_british", "English, Welsh, Scottish, Northern Irish or British"),
                ("white_irish", "Irish"),
                ("white_gypsy_traveller", "Gypsy or Irish Traveller"),
                ("white_roma", "Roma"),
                ("white_other", "Any other White background"),
            ),
        ),
        (
            MIXED,
            (
                ("mixed_white_black_caribbean", "White and Black Caribbean"),
                ("mixed_white_black_african", "White and Black African"),
                ("mixed_white_asian", "White and Asian"),
                ("mixed_other", "Any other Mixed or Multiple background"),
            ),
        ),
        (
            ASIAN,
            (
                ("asian_indian", "Indian"),
                ("asian_pakistani", "Pakistani"),
                ("asian_bangladeshi", "Bangladeshi"),
                ("asian_chinese", "Chinese"),
                ("asian_other", "Any other Asian background"),
            ),
        ),
        (
            BLACK,
            (
                ("black_caribbean", "Caribbean"),
                ("black_african", "African"),
                ("black_other", "Any other Black, Black British or Caribbean background"),
            ),
        ),
        (
            OTHER,
            (
                ("other_arab", "Arab"),
                ("other_any", "Any other ethnic group"),
            ),
        ),
    ),
)
RELIGION = Question(
    key="religion",
    label="Religion",
    text="What is your religion?",
    partner_text="What is your partner's religion?",
    choices=(
        ("none", "No religion"),
        (
            "christian",
            "Christian (including Church of England, Catholic, Protestant and all other Christian denominations)",
        ),
        ("buddhist", "Buddhist"),
        ("hindu", "Hindu"),
        ("jewish", "Jewish"),
        ("muslim", "Muslim"),
        ("sikh", "Sikh"),
        ("other", "Any other religion"),
    ),
)
SEX = Question(
    key="sex",
    label="Sex",
    text="What is your sex?",
    partner_text="What is your partner's sex?",
    hint="A question about gender identity follows.",
    choices=(("female", "Female"), ("male", "Male")),
)
GENDER_IDENTITY = Question(
    key="gender_identity",
    label="Gender identity",
    text="Is the gender you identify with the same as your sex registered at birth?",
    partner_text="Is the gender your partner identifies with the same as their sex registered at birth?",
    choices=(("same", "Yes"), ("different", "No")),
)
SEXUAL_ORIENTATION = Question(
    key="sexual_orientation",
    label="Sexual orientation",
    text="Which of the following best describes your sexual orientation?",
    partner_text="Which of the following best describes your partner's sexual orientation?",
    choices=(
        ("straight", "Straight or Heterosexual"),
        ("gay_lesbian", "Gay or Lesbian"),
        ("bisexual", "Bisexual"),
        ("other", "Other sexual orientation"),
    ),
)
LONG_TERM_CONDITION = Question(
    key="long_term_condition",
    label="Long-term condition or illness",
    text=(
        "Do you have any physical or mental health conditions or illnesses lasting or expected to last "
        "12 months or more?"
    ),
    partner_text=(
        "Does your partner have any physical or mental health conditions or illnesses lasting or expected "
        "to last 12 months or more?"
    ),
    choices=(("yes", "Yes"), ("no", "No")),
)
DAY_TO_DAY = Question(
    key="day_to_day",
    label="Day-to-day activities limited",
    text="Do any of your conditions or illnesses reduce your ability to carry out day-to-day activities?",
    partner_text=(
        "Do any of your partner's conditions or illnesses reduce their ability to carry out day-to-day "
        "activities?"
    ),
    hint="Answer this if you answered yes to the question before.",
    choices=(("a_lot", "Yes, a lot"), ("a_little", "Yes, a little"), ("not_at_all", "Not at all")),
)
AGE_BAND = Question(
    key="age_band",
    label="Age",
    text="How old are you?",
    partner_text="How old is your partner?",
    choices=(
        ("18_24", "18 to 24"),
        ("25_34", "25 to 34"),
        ("35_44", "35 to 44"),
        ("45_54", "45 to 54"),
        ("55_64", "55 to 64"),
        ("65_plus", "65 and over"),
    ),
)

# In the order they are asked. Sex, gender identity and sexual orientation were asked by the census of
# people aged 16 and over; adopters are 21 or over, so they are always asked here.
QUESTIONS: tuple[Question, ...] = (
    AGE_BAND,
    SEX,
    GENDER_IDENTITY,
    SEXUAL_ORIENTATION,
    ETHNIC_GROUP,
    RELIGION,
    LONG_TERM_CONDITION,
    DAY_TO_DAY,
)
QUESTION_KEYS = tuple(question.key for question in QUESTIONS)
BY_KEY = {question.key: question for question in QUESTIONS}

# The census's measure of disability from its two questions: limited a lot, a little, or not disabled
# (no long-term condition, or one that does not limit day-to-day activities).
DISABLED_A_LOT = "Disabled: day-to-day activities limited a lot"
DISABLED_A_LITTLE = "Disabled: day-to-day activities limited a little"
NOT_DISABLED = "Not disabled"


def disability(long_term_condition: str, day_to_day: str) -> str:
    """The census's disability measure from the two answers, or "" when it cannot be told."""
    if long_term_condition == "no" or day_to_day == "not_at_all":
        return NOT_DISABLED
    if day_to_day == "a_lot":
        return DISABLED_A_LOT
    if day_to_day == "a_little":
        return DISABLED_A_LITTLE
    if PREFER_NOT in (long_term_condition, day_to_day):
        return PREFER_NOT_LABEL
    return ""
