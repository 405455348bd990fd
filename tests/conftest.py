"""Test settings shared by every test module."""

from hypothesis import settings

# CI runs on a shared two-core machine: a slow moment must not fail a property test on time alone.
settings.register_profile("jixiao", deadline=None)
settings.load_profile("jixiao")
