"""The notice commands of ``stegvis``: contacts, the sweep, delivery, the outbox, and the
calendar feed (as a file, or the URL to subscribe to).

``stegvis sweep`` and ``stegvis deliver`` run, once and on demand, the same engine
steps the scheduled Prefect flows run (issue 4); they take the case commands' common
options (``--database``, ``--as``, ``--today``, ``--json``).
"""

from __future__ import annotations

import argparse
from typing import Any

from engine.cli.options import output_file, parse_date


def add_notice_commands(sub: argparse._SubParsersAction[Any],
                        command: Any) -> None:
    """Register the notice commands; ``command`` builds a parser with the common options."""
    contact = sub.add_parser("contact", help="where to reach coordinators and roles",
                             description="Where to reach coordinators and roles.")
    contact_sub = contact.add_subparsers(dest="contact_command", required=True,
                                         metavar="COMMAND")
    p = command(contact_sub, "set", "contact_set",
                "record the e-mail address of a coordinator, or of a programme's role")
    p.add_argument("kind", choices=("coordinator", "role"))
    p.add_argument("name", help="the coordinator's name as cases use it, or the role id")
    p.add_argument("email")
    p.add_argument("--programme", default="", help="the programme (for a role)")
    p.add_argument("--display-name", default="", help="the name to greet, e.g. Anna Åkesson")
    p.add_argument("--language", default=None, metavar="LANG",
                   help="the language of the contact's digests and report e-mails: sv (the "
                        "default) or en; kept when left out")

    command(sub, "contacts", "contacts", "list the recorded contacts")

    p = command(sub, "sweep", "sweep", "write the notices due on a day into the outbox and "
                                       "group them into digests (running it twice adds nothing)")
    p.add_argument("--date", type=parse_date, metavar="DATE", help="the day (default: today)")

    command(sub, "deliver", "deliver", "send the digests that are due by e-mail "
                                       "(STEGVIS_SMTP_* settings)")
    command(sub, "outbox", "outbox", "digests not yet sent: pending or failed, and why")

    p = command(sub, "calendar", "calendar", "a coordinator's calendar feed (iCalendar, RFC "
                                             "5545): open obligations and meetings")
    p.add_argument("coordinator", help="the coordinator's name as cases use it")
    p.add_argument("--output", type=output_file, metavar="FILE",
                   help="write the feed here (default: print it)")

    p = command(sub, "calendar-url", "calendar_url",
                "the URL a calendar program subscribes to for a coordinator's feed (served "
                "by stegvis feed-serve or serve --feed-address); the URL is the credential")
    p.add_argument("coordinator", help="the coordinator's name as cases use it (needs a "
                                       "contact: stegvis contact set coordinator NAME EMAIL)")
    p.add_argument("--rotate", action="store_true",
                   help="make a new secret, so the old URL stops working (when it leaked)")
    p.add_argument("--base-url", metavar="URL",
                   help="where the feed server is reached, e.g. https://stegvis.example "
                        "(default: $STEGVIS_FEED_BASE_URL, else http:// and "
                        "$STEGVIS_FEED_ADDRESS or 127.0.0.1:8765)")
