"""The words of the tables a board member missed (issue 22), in Swedish; English in the
gettext catalogue (context ``report.<key>``), looked up by
:func:`engine.reports.texts.label` like the report's other words."""

from __future__ import annotations

BOARD_TEXTS: dict[str, str] = {
    # sections
    "section.compare": "Jämförelse med föregående period och utveckling över tid",
    "section.income": "Försörjning och anvisande part",
    "section.caseload": "Ärenden per samordnare",
    # the previous period beside this one
    "table.compare": "Denna period och föregående: {this} och {previous}",
    "compare.row": "{figure}, {period}",
    "note.compare": (
        "Föregående period räknas på samma sätt som denna och till och med samma dag i "
        "perioden, så att en period som pågår jämförs med lika lång tid."),
    # the targets over time (issue 22, finding 5)
    "measure.to_date": "{measure}, hittills (från insatsens start {start})",
    "table.targets_to_date": "Målen hittills och under perioden",
    "targets_time.period": "{period}",
    "targets_time.to_date": "Hittills (från {start})",
    "note.targets_to_date": (
        "Insatsens mål gäller hela insatsen ({start} – {end}). Bedömningen i Mål och utfall "
        "görs på utfallet hittills, från insatsens start till periodens slut; periodens "
        "egna avslut visas bredvid."),
    "table.targets_previous": "Målen denna period och föregående",
    "note.targets_previous": (
        "Andelsmålen räknas på samma sätt i båda perioderna, den föregående till och med "
        "samma dag i perioden som denna."),
    "note.targets_previous_to_date": (
        "Utfallet hittills vid respektive periods slut, som varje periods rapport bedömer "
        "målen. Saknas när föregående period inte slutar dagen före denna."),
    "table.targets_previous_count": "Målen i antal denna period och föregående",
    "note.targets_previous_count": (
        "Antal från insatsens start till respektive periods slut. Saknas när föregående "
        "period inte slutar dagen före denna."),
    "note.targets_no_previous": (
        "Ingen föregående period att jämföra målen med: insatsen startade {start}."),
    # the trend
    "table.trend": "Utveckling per år sedan starten",
    "table.trend_gender": "Aktiva någon gång under året, efter kön",
    "trend.enrolled": "Inskrivna",
    "trend.during": "Aktiva någon gång",
    "trend.exited": "Avslutade",
    "trend.at_end": "Aktiva vid årets slut",
    "trend.year_so_far": "{year} (till {day})",
    "note.trend": (
        "Varje år räknas som en årsrapport; innevarande år till och med dagen siffrorna "
        "avser."),
    # money
    "table.money": "Kostnad per deltagare ({currency})",
    "money.outcome": "Utfall under perioden",
    "money.participants": "Aktiva någon gång under perioden",
    "money.per_participant": "Kostnad per deltagare",
    "money.completers": "Fullföljt insatsen under perioden",
    "money.per_completer": "Kostnad per deltagare som fullföljt",
    "money.value": "Värde",
    "note.money": (
        "Utfall i hela kronor för budgetperioderna inom perioden, delat med antalet "
        "deltagare. Visas inte när antalet deltagare är för litet för att visas."),
    "table.financing": "Finansiering per part ({currency})",
    "financing.party": "{party} ({share})",
    "note.financing": (
        "Varje parts andel av periodens budget och utfall, enligt programmets definition, "
        "i hela kronor. Varje belopp avrundas för sig, så summan kan skilja en krona."),
    # income support and referrer
    "table.income_start": "Försörjning vid inskrivning",
    "note.income_start": "Aktiva någon gång under perioden.",
    "table.income_exit": "Försörjning vid avslut",
    "note.income_exit": "Avslutade under perioden.",
    "table.income_change": "Från offentlig försörjning till egen försörjning",
    "income.public_at_start": "Offentlig försörjning vid inskrivning",
    "income.own_living_at_exit": "därav lön, egen försörjning eller studier vid avslut",
    "income.other_at_start": "Annan eller ingen försörjning vid inskrivning, uppgift saknas",
    "note.income_change": (
        "Avslutade under perioden. Offentlig försörjning: försörjningsstöd, "
        "aktivitets- eller sjukersättning, sjukpenning, a-kassa eller aktivitetsstöd."),
    "income.unknown": "Uppgift saknas",
    "table.referrers": "Deltagare efter anvisande part",
    "note.referrers": "Aktiva någon gång under perioden.",
    "referrer.unknown": "Uppgift saknas",
    # caseload
    "table.caseload": "Aktiva ärenden per samordnare",
    "caseload.coordinators": "Samordnare med aktiva ärenden",
    "caseload.mean": "Medelvärde per samordnare",
    "caseload.median": "Median per samordnare",
    "caseload.max": "Flest hos en samordnare",
    "caseload.value": "Värde",
    "table.caseload_bands": "Samordnare efter antal aktiva ärenden",
    "caseload.band": "{low}–{high} ärenden",
    "caseload.band_open": "{low} ärenden eller fler",
    "caseload.count": "Samordnare",
    "note.caseload": (
        "Ärenden aktiva dagen siffrorna avser. Antal samordnare, inga namn."),
}
