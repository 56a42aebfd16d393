"""People and privacy: accounts, sign-in links, the access log, retention and erasure,
a participant's export and own view."""
