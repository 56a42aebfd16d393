"""What a programme does itself: its calendar and report runs, report data, documents
and mail, the archive, evaluation steps, budgets, its own obligations, key figures and
staff training."""
