"""English for the page texts of the input doors (issue 26): merged into
:data:`engine.http.web.i18n_en.ENGLISH` by one line, kept apart to spare merges."""

from __future__ import annotations

ENGLISH_INPUTS: dict[str, str] = {
    'Välj målet i listan.':
        'Choose the goal from the list.',
    '{what}: datumet ligger utanför de datum Stegvis arbetar med (1900–2199)':
        '{what}: the date is outside the dates Stegvis works with (1900–2199)',
}
