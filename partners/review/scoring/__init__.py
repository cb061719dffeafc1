"""Several reviewers per submitted contribution: the program team assigns reviewers, each gives a score (1–5) and a
comment until the contribution is decided, the ranked overview and bulk decisions through the existing
per-contribution decision. Scores and comments are the organizers' alone: partner pages never show them.
May import core, events, ticketing and partners."""
