"""Making a café's plan: who takes part, the organizers' rules, the café as a problem of the exchange format, solving
it (planning.worldcafe), the draft and the published plan, moving people, the planner grid's figures."""
