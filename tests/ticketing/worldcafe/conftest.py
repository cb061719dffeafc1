"""The organizer (role program) logged in, for the World Café's page tests."""

import pytest

from tests.factories import login, make_user
from tests.ticketing.worldcafe.helpers import ORGANIZER


@pytest.fixture
def organizer(client, app_ctx):
    make_user(ORGANIZER, roles=("program",))
    login(client, ORGANIZER)
    return client
