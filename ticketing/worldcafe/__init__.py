"""The World Café planner: tables, rounds, topic choices, constraints, plans and rotations (issue 12)."""
