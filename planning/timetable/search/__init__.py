"""The timetable search: the compiled state with incremental costs, the construction (most constrained first) and the
annealing that improves it. Standard library only."""
