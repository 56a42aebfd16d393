"""Prefect flows and deployments of Stegvis (reminder sweeps, delivery, the programme
calendar). Only this package imports Prefect; the engine never does."""
