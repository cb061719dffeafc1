"""Property-based fuzzing of every form and JSON endpoint, per role (see test_endpoints.py for what is checked)."""
