"""Dates: durations, Swedish working days and month arithmetic, recurrence rules.

Pure and below everything that reasons about time: both the definitions (which parse
durations and RRULEs) and the rules (which compute due dates) use it.
"""
