"""The reminder commands' handlers: contacts, sweep, deliver, outbox, calendar feeds."""

from __future__ import annotations

import argparse
from dataclasses import asdict

from engine.cli.acting import Handler, Report, actor
from engine.cli.options import write_file
from engine.errors import InputError
from engine.service.shared.context import Context


def _contact_set(ctx: Context, args: argparse.Namespace) -> Report:
    from engine.service.reminders.delivery import set_contact
    set_contact(ctx, args.kind, args.name, args.email, actor(args), programme=args.programme,
                display_name=args.display_name, language=args.language)
    where = f" in {args.programme}" if args.programme else ""
    return (f"{args.kind} {args.name}{where}: {args.email}",
            {"kind": args.kind, "name": args.name, "programme": args.programme,
             "email": args.email})


def _contacts(ctx: Context, args: argparse.Namespace) -> Report:
    from sqlmodel import col, select

    from engine.store.delivery_tables import ContactRow
    with ctx.transaction(read_only=True) as session:
        rows = [{"kind": c.kind, "programme": c.programme_id, "name": c.name,
                 "email": c.email, "display_name": c.display_name}
                for c in session.exec(select(ContactRow).order_by(
                    col(ContactRow.kind), col(ContactRow.programme_id),
                    col(ContactRow.name))).all()]
    text = "\n".join(f"{r['kind']:<11}  {r['programme'] or '–':<10}  {r['name']:<20}  "
                     f"{r['email']}" for r in rows) or "no contacts recorded"
    return text, rows


def _sweep(ctx: Context, args: argparse.Namespace) -> Report:
    from engine.service.cases.horizon import extend_horizons
    from engine.service.reminders.delivery import build_digests
    from engine.service.reminders.sweep import check_sweep_day, sweep
    day = check_sweep_day(args.date or ctx.today(), ctx.today())
    extended = extend_horizons(ctx, day)
    swept = sweep(ctx, day)
    if not swept.working_day:
        return (f"{day} is not a working day: nothing swept (the next working day catches "
                "up)", asdict(swept))
    built = build_digests(ctx, day)
    lines = [f"{day}: {extended} case horizon(s) moved on, {swept.candidates} obligation(s) "
             f"looked at, {swept.created} new notice(s), {built.created} digest(s) ready to "
             "send"]
    lines.extend(f"warning: {w}" for w in built.unaddressed)
    return "\n".join(lines), {**asdict(swept), "digests": built.created,
                              "unaddressed": built.unaddressed}


def _deliver(ctx: Context, args: argparse.Namespace) -> Report:
    from engine.channels.mail import MailError, SmtpTransport
    from engine.service.reminders.delivery import deliver
    try:
        transport = SmtpTransport.from_environment()
    except MailError as exc:
        raise InputError(str(exc)) from None
    done = deliver(ctx, transport)
    lines = [f"{done.sent} digest(s) sent, {done.failed} to retry, {done.gave_up} given up"]
    if done.resent:
        lines.append(f"{done.resent} of them sent again: an earlier attempt was cut off "
                     "while sending (same Message-ID, so mail programs show it once)")
    if done.skipped:
        lines.append(f"{done.skipped} left to another delivery run that is sending them")
    if done.empty:
        lines.append(f"{done.empty} held no notice and were not sent")
    lines.extend(f"warning: {e}" for e in done.errors)
    return "\n".join(lines), asdict(done)


def _outbox(ctx: Context, args: argparse.Namespace) -> Report:
    from engine.service.reminders.delivery import outbox
    rows = outbox(ctx)
    text = "\n".join(f"digest {r['id']:>4}  {r['day']}  {r['recipient']:<18} {r['email']:<28} "
                     f"{r['status']:<8} attempts {r['attempts']}  {r['last_error']}"
                     for r in rows) or "nothing waiting: every digest has been sent"
    return text, rows


def _calendar(ctx: Context, args: argparse.Namespace) -> Report:
    from engine.service.reminders.calendar_feed import coordinator_feed
    feed = coordinator_feed(ctx, args.coordinator, ctx.today())
    events = feed.count(b"BEGIN:VEVENT")
    if args.output:
        write_file(args.output, feed)
        return (f"{events} event(s) for {args.coordinator} written to {args.output}",
                {"coordinator": args.coordinator, "events": events, "file": args.output})
    return feed.decode("utf-8").rstrip("\r\n"), {"coordinator": args.coordinator,
                                                  "events": events,
                                                  "ical": feed.decode("utf-8")}


def _calendar_url(ctx: Context, args: argparse.Namespace) -> Report:
    from engine.http.feed import base_url, feed_url
    from engine.service.reminders.feeds import feed_token
    base = base_url(args.base_url)  # checked before a token is made or rotated
    url = feed_url(base, feed_token(ctx, args.coordinator, actor(args), rotate=args.rotate))
    note = "\nthe previous URL no longer works; subscribe again with this one" \
        if args.rotate else ""
    return url + note, {"coordinator": args.coordinator, "url": url, "rotated": args.rotate}


NOTICE_HANDLERS: dict[str, Handler] = {
    "contact_set": _contact_set, "contacts": _contacts, "sweep": _sweep, "deliver": _deliver,
    "outbox": _outbox, "calendar": _calendar, "calendar_url": _calendar_url,
}
