"""Small builders for case-engine tests."""

from __future__ import annotations

from datetime import date
from typing import Any

from engine.service.cases.enrolment import EnrolmentRequest, EnrolmentResult, enrol
from engine.service.shared.context import Context

ELIGIBLE = {
    "rebus": dict(municipality="Hagfors", parties_active=2,
                  income_support_from_referring_party=True,
                  attested=("utanfor_arbetsmarknaden", "behov_samordnad_rehabilitering")),
    "vasteras": dict(municipality="Västerås", parties_active=2,
                     attested=("offentlig_forsorjning", "arbetslivsinriktade_insatser",
                               "ej_ordinarie_insatser", "egen_vilja")),
}


def enrol_person(ctx: Context, programme: str, key: str, on: date, **overrides: Any
                 ) -> EnrolmentResult:
    """Enrol an eligible person born 1985 (a woman unless told otherwise)."""
    fields: dict[str, Any] = dict(gender="kvinna", birth_year=1985, coordinator="anna",
                                  municipality="Hofors")
    fields.update(ELIGIBLE.get(programme, {}))
    fields.update(overrides)
    return enrol(ctx, EnrolmentRequest(programme=programme, participant_key=key, on=on,
                                       **fields), actor="anna")
