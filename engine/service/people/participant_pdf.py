"""The right-of-access export as a readable PDF (``--format pdf``), Swedish by default.

The same data as the JSON export (``engine.service.people.participant_export``), laid out for
the person it is about: who they are in the register, each case with its phases, what
was to be done and how it went, meetings, goals, surveys and requests, what was changed
and by whom, and who has looked at the case.  Its words are in the gettext catalogue
(Swedish the source, docs/translating.md): ``--language en`` makes it in English, dates
by Babel in that language; what the programme's definition names (phases, tasks) and
what people wrote stay as they are.  WeasyPrint is imported only when a PDF is made, as
for the reports (engine/reports/render_pdf.py).
"""

from __future__ import annotations

import logging
from datetime import date, datetime
from html import escape
from typing import Any

from engine.errors import StegvisError
from engine.language import N_, gettext, pgettext
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
#: The tables above by name, for :func:`_said` (their context is ``register.<name>.<key>``).
_TABLES = {"note": _NOTE, "role": _ROLE, "gender": _GENDER, "action": _ACTIONS}


def _said(language: str, table: str, key: str, default: str) -> str:
    """The word for ``key`` of the table ``table`` in ``language``; ``default`` when the
    table has none."""
    swedish = _TABLES[table].get(key)
    if swedish is None:
        return default
    context = f"register.{table}.{key}"
    return pgettext(language, context, swedish)


_CSS = """
@page { size: A4; margin: 2cm; @bottom-center { content: PAGE_OF_PAGES;
  font-family: "DejaVu Sans", sans-serif; font-size: 8pt; } }
body { font-family: "DejaVu Sans", sans-serif; font-size: 9.5pt; }
h1 { font-size: 16pt; } h2 { font-size: 13pt; margin-top: 1.4em; } h3 { font-size: 11pt; }
table { border-collapse: collapse; width: 100%; margin-bottom: 0.8em; }
th, td { border-bottom: 0.5pt solid #999; padding: 2pt 4pt; text-align: left;
  vertical-align: top; }
th { background: #eee; }
"""


def _page_of_pages(language: str) -> str:
    """The CSS ``content`` of the page footer: "Sida 1 av 3" in ``language``."""
    words = gettext(language, "Sida {page} av {pages}").replace('"', "").replace("\\", "")
    for name in ("page", "pages"):
        words = words.replace("{" + name + "}", f'" counter({name}) "')
    return f'"{words}"'.replace(' ""', "").replace('"" ', "")


class _Said(str):
    """A heading already in the reader's language (a word that needs a context: "Mål" is
    a goal here, a target in a report)."""


class _Extract:
    """The register extract's HTML in one language."""

    def __init__(self, language: str) -> None:
        self.language = language

    def text(self, value: Any) -> str:
        """A stored value as the extract shows it: dates in words, statuses in words."""
        language = self.language
        if value is None or value == "":
            return "–"
        if isinstance(value, bool):
            return gettext(language, "ja") if value else gettext(language, "nej")
        if isinstance(value, str):
            try:
                if len(value) == 10:
                    return day(date.fromisoformat(value), language)
                if len(value) > 18 and value[10] == "T":
                    return moment(datetime.fromisoformat(value), language)
            except ValueError:
                pass
            return gettext(language, STATUS_WORDS[value]) if value in STATUS_WORDS else value
        if isinstance(value, list):
            return ", ".join(self.text(v) for v in value) or "–"
        if isinstance(value, dict):
            return "; ".join(f"{k}: {self.text(v)}" for k, v in value.items()) or "–"
        return str(value)

    def table(self, heads: list[str], rows: list[list[Any]]) -> str:
        """A table; ``heads`` are Swedish texts of the catalogue (marked ``N_``) or
        already said (:class:`_Said`)."""
        if not rows:
            nothing = gettext(self.language, "Inga uppgifter.")
            return f"<p>{escape(nothing)}</p>"
        head = "".join(f"<th>{escape(h if isinstance(h, _Said) else gettext(self.language, h))}"
                       "</th>" for h in heads)
        body = "".join("<tr>" + "".join(f"<td>{escape(self.text(c))}</td>" for c in row)
                       + "</tr>" for row in rows)
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

    def facts(self, rows: list[tuple[str, Any]]) -> str:
        """A table of what is recorded: each label (a Swedish text of the catalogue,
        marked ``N_``) and its value."""
        return self.table([_Said(pgettext(self.language, "register.fact", "Uppgift")),
                           N_("Värde")],
                          [[gettext(self.language, label), value] for label, value in rows])

    def heading(self, level: int, text: str) -> str:
        said = text if isinstance(text, _Said) else gettext(self.language, text)
        return f"<h{level}>{escape(said)}</h{level}>"

    def case(self, case: dict[str, Any], access: list[dict[str, Any]]) -> str:
        language = self.language
        c = case["case"]
        names: dict[str, str] = case.get("names", {})

        def named(value: Any) -> Any:
            if isinstance(value, list):
                return [names.get(v, v) for v in value]
            return names.get(value, value) if isinstance(value, str) else value

        title = gettext(language, "Ärende {number} – {programme}").format(
            number=c["id"], programme=case["programme"]["name"])
        h3 = self.heading
        parts = [f"<h2>{escape(title)}</h2>",
                 self.facts([
                     (N_("Status"), c["status"]), (N_("Inskriven"), c["enrolled_on"]),
                     (N_("Remitterad"), c.get("referred_on")),
                     (N_("Avslutad"), c.get("exited_on")),
                     (N_("Avslutsorsak"), named(c.get("outcome"))),
                     (N_("Samordnare"), c["coordinator"]),
                     (N_("Remitterande part"), c.get("referring_party")),
                     (N_("Samtycke till att delta"), c.get("consent_on")),
                     (N_("Aktuell hos"), named(c["active_parties"])
                      if c.get("active_parties") is not None else c.get("parties_active")),
                     (N_("Kommun"), c["municipality"])]),
                 h3(3, N_("Faser")),
                 self.table([N_("Fas"), N_("Från")],
                            [[p["name"], p["entered_on"]] for p in case["phases"]]),
                 h3(3, N_("Uppgifter och tider")),
                 self.table([N_("Uppgift"), N_("Senast"), N_("Status"), N_("Klar"),
                             N_("Anteckning")],
                            [[o["name"], o["due_on"], o["status"], o.get("completed_on"),
                              _said(language, "note", o.get("note") or "", o.get("note"))]
                             for o in case["obligations"]]),
                 h3(3, N_("Uppföljningsmöten")),
                 self.table([N_("Datum"),
                             _Said(pgettext(language, "register.attendees", "Deltagare")),
                             N_("Anteckningar"),
                             N_("Nästa möte")],
                            [[f["held_on"], named(f["attendees"]), f["notes"], f.get("next_on")]
                             for f in case["follow_ups"]]),
                 h3(3, _Said(pgettext(language, "register.goals", "Mål"))),
                 self.table([_Said(pgettext(language, "register.goal", "Mål")), N_("Satt"),
                             N_("Status")],
                            [[g["text"], g["set_on"], g["status"]] for g in case["goals"]]),
                 h3(3, N_("Enkäter")),
                 self.table([N_("Enkät"), N_("Besvarad"), N_("Svar")],
                            [[named(s["survey"]), s["answered_on"], s["answers"]]
                             for s in case["surveys"]]),
                 h3(3, N_("Bedömningar")),
                 self.table([N_("Datum"), N_("Aktivitetsförmåga"), N_("Behov")],
                            [[a["assessed_on"], a["activity_capacity"], a.get("need_level")]
                             for a in case["assessments"]]),
                 h3(3, N_("Förlängningar")),
                 self.table([N_("Begärd"), N_("Längd"), N_("Skäl"), N_("Status"),
                             N_("Beslut")],
                            [[r["requested_on"], r["length"], r["reason"], r["status"],
                              r.get("decision_note")] for r in case["extension_requests"]]),
                 h3(3, N_("Uppföljning efter avslut")),
                 self.table([N_("Uppföljning"), N_("Datum"), N_("Status")],
                            [[named(p["follow_up"]), p["found_on"], named(p["status"])]
                             for p in case["post_exit_results"]]),
                 h3(3, N_("Ändringar i ärendet")),
                 self.table([N_("Tid"), N_("Vem"), N_("Vad")],
                            [[a["at"], a["actor"],
                              _said(language, "action", a["action"],
                                    a["action"].replace("_", " "))]
                             for a in case["audit"]]),
                 h3(3, N_("Vem har läst ärendet")),
                 self.table([N_("Tid"), N_("Vem"), N_("Roll"), N_("Sida")],
                            [[e["at"], e["user"], _said(language, "role", e["role"], e["role"]),
                              e["what"]] for e in access])]
        return "".join(parts)


def export_html(data: dict[str, Any], language: str = "sv") -> str:
    """The export as an HTML page in ``language`` (what the PDF prints)."""
    extract = _Extract(language)
    p = data["participant"]
    cases = "".join(extract.case(c, [e for e in data["access_log"]
                                     if e["case_id"] == c["case"]["id"]])
                    for c in data["cases"])
    accounts = extract.table(
        [N_("Konto"), N_("Namn"), N_("E-post"), N_("Telefon"), N_("Skapat"),
         N_("Senast inloggad")],
        [[a["name"], a["display_name"], a["email"], a["phone"], a["created_at"],
          a["last_sign_in_at"]] for a in data["accounts"]])
    title = gettext(language, "Registerutdrag")
    intro = gettext(language, "Alla uppgifter som finns sparade om dig. Utdraget gjordes "
                              "{when}.").format(when=extract.text(data["exported_at"]))
    css = _CSS.replace("PAGE_OF_PAGES", _page_of_pages(language))
    return (f"<!DOCTYPE html><html lang='{escape(language)}'><head><meta charset='utf-8'>"
            f"<title>{escape(title)}</title><style>{css}</style></head><body>"
            f"<h1>{escape(title)}</h1><p>{escape(intro)}</p>"
            + extract.facts([
                (N_("Nyckel"), p["key"]), (N_("Personnummer"), p["personnummer"]),
                (N_("Samtycke"), p["consent_on"]),
                (N_("Kön"), _said(language, "gender", p["gender"], p["gender"])),
                (N_("Födelseår"), str(p["birth_year"])), (N_("Födelsedag"), p["birth_on"]),
                (N_("Kommun"), p["municipality"]), (N_("Registrerad"), p["created_at"])])
            + extract.heading(2, N_("Konton för inloggning")) + accounts + cases
            + "</body></html>")


def export_pdf(data: dict[str, Any], language: str = "sv") -> bytes:
    """The export as A4 PDF bytes, in ``language``."""
    for name in ("weasyprint", "fontTools"):
        logging.getLogger(name).setLevel(logging.ERROR)
    try:
        from weasyprint import HTML
    except OSError as error:             # a machine without Debian's pango libraries
        raise StegvisError(f"cannot make a PDF: {str(error).splitlines()[0]} (install the "
                           "system packages with tools/install-system-packages)") from None
    pdf: bytes = HTML(string=export_html(data, language), base_url=None).write_pdf()
    return pdf
