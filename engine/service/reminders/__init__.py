"""Reminders: the daily sweep into the outbox, e-mail digests and their delivery, the
coordinators' calendar feeds."""
