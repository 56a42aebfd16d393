"""Ways out to people: SMTP mail and iCalendar (RFC 5545) text.  No database here;
the service layer decides what to send and records that it was sent.
"""
