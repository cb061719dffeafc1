"""The benchmarks' harness: figures and their budgets, the gunicorn server, the load client, memory readings and
the prepared database. The benchmarks themselves are the other modules of `bench`."""
