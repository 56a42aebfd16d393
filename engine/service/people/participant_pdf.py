"""The right-of-access export as a readable Swedish PDF (``--format pdf``).

The same data as the JSON export (``engine.service.people.participant_export``), laid out for
the person it is about: who they are in the register, each case with its phases, what
was to be done and how it went, meetings, goals, surveys and requests, what was changed
and by whom, and who has looked at the case.  WeasyPrint is imported only when a PDF is
made, as for the reports (engine/reports/render_pdf.py).
"""

from __future__ import annotations

import logging
from datetime import date, datetime
from html import escape
from typing import Any

from engine.errors import StegvisError
from engine.reports.formatting import day, moment
from engine.service.shared.status_words import STATUS_WORDS

#: Notes the engine itself writes on an obligation (a follow-up meeting that was held).
_NOTE = {"held": "mötet hölls"}
_ROLE = {"cli": "kommandorad", "coordinator": "samordnare", "reader": "läsare",
         "programme-admin": "programadministratör", "system-admin": "systemadministratör",
         "citizen": "deltagare"}
_GENDER = {"kvinna": "kvinna", "man": "man", "annat": "annat",
           "uppgift_saknas": "uppgift saknas"}
_ACTIONS = {"enrol": "inskrivning", "admit": "antagning från väntelista",
            "complete": "uppgift klar", "follow_up": "uppföljning", "move_phase": "byte av fas",
            "request_extension": "begäran om förlängning",
            "decide_extension": "beslut om förlängning", "exit": "avslut",
            "undo_exit": "avslut ångrat", "undo_complete": "klarmarkering ångrad",
            "undo_follow_up": "uppföljning ångrad", "assessment": "bedömning",
            "goal": "mål", "survey": "enkät", "post_exit_result": "uppföljning efter avslut",
            "migrate_definition": "ny version av programmet", "sign_in_link": "inloggningslänk",
            "sign_in_link_revoked": "inloggningslänk spärrad", "purge": "gallring"}
_CSS = """
@page { size: A4; margin: 2cm; @bottom-center { content: "Sida " counter(page) " av "
  counter(pages); font-family: "DejaVu Sans", sans-serif; font-size: 8pt; } }
body { font-family: "DejaVu Sans", sans-serif; font-size: 9.5pt; }
h1 { font-size: 16pt; } h2 { font-size: 13pt; margin-top: 1.4em; } h3 { font-size: 11pt; }
table { border-collapse: collapse; width: 100%; margin-bottom: 0.8em; }
th, td { border-bottom: 0.5pt solid #999; padding: 2pt 4pt; text-align: left;
  vertical-align: top; }
th { background: #eee; }
"""


def _text(value: Any) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, str):
        try:
            if len(value) == 10:
                return day(date.fromisoformat(value), "sv")
            if len(value) > 18 and value[10] == "T":
                return moment(datetime.fromisoformat(value), "sv")
        except ValueError:
            pass
        return STATUS_WORDS.get(value, value)
    if isinstance(value, list):
        return ", ".join(_text(v) for v in value) or "–"
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_text(v)}" for k, v in value.items()) or "–"
    return str(value)


def _table(heads: list[str], rows: list[list[Any]]) -> str:
    if not rows:
        return "<p>Inga uppgifter.</p>"
    head = "".join(f"<th>{escape(h)}</th>" for h in heads)
    body = "".join("<tr>" + "".join(f"<td>{escape(_text(c))}</td>" for c in row) + "</tr>"
                   for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _case(case: dict[str, Any], access: list[dict[str, Any]]) -> str:
    c = case["case"]
    names: dict[str, str] = case.get("names", {})

    def named(value: Any) -> Any:
        if isinstance(value, list):
            return [names.get(v, v) for v in value]
        return names.get(value, value) if isinstance(value, str) else value

    parts = [f"<h2>Ärende {c['id']} – {escape(case['programme']['name'])}</h2>",
             _table(["Uppgift", "Värde"], [
                 ["Status", c["status"]], ["Inskriven", c["enrolled_on"]],
                 ["Remitterad", c.get("referred_on")], ["Avslutad", c.get("exited_on")],
                 ["Avslutsorsak", named(c.get("outcome"))],
                 ["Samordnare", c["coordinator"]], ["Remitterande part", c.get("referring_party")],
                 ["Samtycke till att delta", c.get("consent_on")],
                 ["Aktuell hos", ", ".join(named(c["active_parties"]))
                  if c.get("active_parties") is not None else c.get("parties_active")],
                 ["Kommun", c["municipality"]]]),
             "<h3>Faser</h3>",
             _table(["Fas", "Från"], [[p["name"], p["entered_on"]] for p in case["phases"]]),
             "<h3>Uppgifter och tider</h3>",
             _table(["Uppgift", "Senast", "Status", "Klar", "Anteckning"],
                    [[o["name"], o["due_on"], o["status"], o.get("completed_on"),
                      _NOTE.get(o.get("note") or "", o.get("note"))]
                     for o in case["obligations"]]),
             "<h3>Uppföljningsmöten</h3>",
             _table(["Datum", "Deltagare", "Anteckningar", "Nästa möte"],
                    [[f["held_on"], named(f["attendees"]), f["notes"], f.get("next_on")]
                     for f in case["follow_ups"]]),
             "<h3>Mål</h3>",
             _table(["Mål", "Satt", "Status"],
                    [[g["text"], g["set_on"], g["status"]] for g in case["goals"]]),
             "<h3>Enkäter</h3>",
             _table(["Enkät", "Besvarad", "Svar"],
                    [[named(s["survey"]), s["answered_on"], s["answers"]]
                     for s in case["surveys"]]),
             "<h3>Bedömningar</h3>",
             _table(["Datum", "Aktivitetsförmåga", "Behov"],
                    [[a["assessed_on"], a["activity_capacity"], a.get("need_level")]
                     for a in case["assessments"]]),
             "<h3>Förlängningar</h3>",
             _table(["Begärd", "Längd", "Skäl", "Status", "Beslut"],
                    [[r["requested_on"], r["length"], r["reason"], r["status"],
                      r.get("decision_note")] for r in case["extension_requests"]]),
             "<h3>Uppföljning efter avslut</h3>",
             _table(["Uppföljning", "Datum", "Status"],
                    [[named(p["follow_up"]), p["found_on"], named(p["status"])]
                     for p in case["post_exit_results"]]),
             "<h3>Ändringar i ärendet</h3>",
             _table(["Tid", "Vem", "Vad"],
                    [[a["at"], a["actor"], _ACTIONS.get(a["action"], a["action"].replace("_", " "))]
                     for a in case["audit"]]),
             "<h3>Vem har läst ärendet</h3>",
             _table(["Tid", "Vem", "Roll", "Sida"],
                    [[e["at"], e["user"], _ROLE.get(e["role"], e["role"]), e["what"]]
                     for e in access])]
    return "".join(parts)


def export_html(data: dict[str, Any]) -> str:
    """The export as an HTML page in Swedish (what the PDF prints)."""
    p = data["participant"]
    cases = "".join(_case(c, [e for e in data["access_log"] if e["case_id"] == c["case"]["id"]])
                    for c in data["cases"])
    accounts = _table(["Konto", "Namn", "E-post", "Telefon", "Skapat", "Senast inloggad"],
                      [[a["name"], a["display_name"], a["email"], a["phone"], a["created_at"],
                        a["last_sign_in_at"]] for a in data["accounts"]])
    return (f"<!DOCTYPE html><html lang='sv'><head><meta charset='utf-8'>"
            f"<title>Registerutdrag</title><style>{_CSS}</style></head><body>"
            "<h1>Registerutdrag</h1><p>Alla uppgifter som finns sparade om dig. Utdraget "
            f"gjordes {escape(_text(data['exported_at']))}.</p>"
            + _table(["Uppgift", "Värde"], [
                ["Nyckel", p["key"]], ["Personnummer", p["personnummer"]],
                ["Samtycke", p["consent_on"]], ["Kön", _GENDER.get(p["gender"], p["gender"])],
                ["Födelseår", str(p["birth_year"])], ["Födelsedag", p["birth_on"]],
                ["Kommun", p["municipality"]], ["Registrerad", p["created_at"]]])
            + "<h2>Konton för inloggning</h2>" + accounts + cases + "</body></html>")


def export_pdf(data: dict[str, Any]) -> bytes:
    """The export as A4 PDF bytes."""
    for name in ("weasyprint", "fontTools"):
        logging.getLogger(name).setLevel(logging.ERROR)
    try:
        from weasyprint import HTML
    except OSError as error:             # a machine without Debian's pango libraries
        raise StegvisError(f"cannot make a PDF: {str(error).splitlines()[0]} (install the "
                           "system packages with tools/install-system-packages)") from None
    pdf: bytes = HTML(string=export_html(data), base_url=None).write_pdf()
    return pdf
