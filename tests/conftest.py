"""Root conftest: makes the engine-protocol harness fixtures available to every test folder."""

pytest_plugins = ["tests.harness.fixtures"]
