"""The local search: the compiled problem, the state with incremental pair-meeting counts and penalty deltas, the
conflict-directed tabu search for plain mixing tables and simulated annealing for everything else."""
