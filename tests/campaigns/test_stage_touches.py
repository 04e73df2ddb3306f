"""The touch reaching a stage records comes from the CRM's journey table, through its selector."""

import pytest

from campaigns.models import Channel, Phase
from campaigns.services import STAGE_PHASES
from crm.models import Stage
from crm.selectors import stage_touches


def test_each_stage_touch_is_in_the_phase_it_always_was():
    assert STAGE_PHASES == {
        Stage.INITIAL_CONVERSATION: Phase.RESEARCH,
        Stage.INFORMATION_EVENT: Phase.RESEARCH,
        Stage.REGISTRATION_OF_INTEREST: Phase.DECISION,
        Stage.ROI_ACCEPTED: Phase.DECISION,
        Stage.STAGE_ONE: Phase.PROCESS,
        Stage.BREAK: Phase.PROCESS,
        Stage.STAGE_TWO: Phase.PROCESS,
        Stage.PANEL: Phase.PROCESS,
        Stage.APPROVED: Phase.AFTER_CARE,
    }
    assert all(type(phase) is Phase for phase in STAGE_PHASES.values())


@pytest.mark.django_db
def test_every_stage_touch_is_on_a_channel_the_taxonomy_has():
    slugs = set(Channel.objects.values_list("slug", flat=True))

    for stage, touch in stage_touches().items():
        assert touch.channel in slugs, f"{stage} records its touch on {touch.channel!r}, which is no channel"
        assert touch.phase in Phase.values
