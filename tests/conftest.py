"""Hypothesis profiles for the property tests (test_properties.py).

`ci`, the default, runs more than 20,000 generated examples in all, in a
couple of minutes on two cores; `quick` (HYPOTHESIS_PROFILE=quick) a tenth
of them, for a change being worked on. No deadline: how long an example
takes is a matter of load, not of the code; the cost bound is asserted as
work counted (test_properties.py), never as time.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile("ci", max_examples=2500, deadline=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("quick", parent=settings.get_profile("ci"), max_examples=250)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
