"""Blocks that explain the adoption journey in small steps."""

from wagtail import blocks

# Each name matches an <svg> symbol in static/img/icons.svg.
STEP_ICONS = [
    ("chat", "Conversation"),
    ("calendar", "Calendar"),
    ("form", "Form"),
    ("checklist", "Checklist"),
    ("training", "Training"),
    ("home", "Home"),
    ("panel", "Panel"),
    ("family", "Family"),
    ("heart", "Heart"),
    ("star", "Star"),
]


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=80)
    summary = blocks.TextBlock(max_length=400)
    duration = blocks.CharBlock(required=False, max_length=60, help_text="For example: about 2 months.")
    icon = blocks.ChoiceBlock(choices=STEP_ICONS, default="star")


class StepsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, max_length=120)
    steps = blocks.ListBlock(StepBlock(), min_num=2)

    class Meta:
        icon = "list-ol"
        template = "blocks/steps_block.html"
        description = "A numbered, illustrated list of steps, shown as a timeline."
        preview_value = {
            "heading": "How adoption works",
            "steps": [
                {"title": "Get in touch", "summary": "Ask us anything.", "duration": "a day", "icon": "chat"},
                {
                    "title": "Information evening",
                    "summary": "Meet us.",
                    "duration": "2 hours",
                    "icon": "calendar",
                },
            ],
        }


class MythFactBlock(blocks.StructBlock):
    myth = blocks.CharBlock(max_length=200)
    fact = blocks.TextBlock(max_length=500)


class MythsFactsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, max_length=120)
    items = blocks.ListBlock(MythFactBlock(), min_num=1)

    class Meta:
        icon = "doc-full"
        template = "blocks/myths_facts_block.html"
        description = "Common myths about adoption, each with the fact."
        preview_value = {
            "heading": "Myths and facts",
            "items": [{"myth": "You must own your home.", "fact": "Many adopters rent."}],
        }
