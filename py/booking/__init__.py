"""booking: the example system's trainings from a terminal, over gRPC (see cli.py)."""
