"""Small builders for case-engine tests."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

from engine.definitions.loading import definition_files
from engine.paths import definitions_dir
from engine.service.cases.enrolment import EnrolmentRequest, EnrolmentResult, enrol
from engine.service.shared.context import Context

ELIGIBLE = {
    "rebus": dict(municipality="Hagfors", active_parties=("hagfors", "af"),
                  income_support_from_referring_party=True,
                  attested=("utanfor_arbetsmarknaden", "behov_samordnad_rehabilitering")),
    "vasteras": dict(municipality="Västerås", active_parties=("af", "vasteras_stad"),
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


def with_type_cases(folder: Path) -> Path:
    """The shipped definitions in ``folder``, Örebro's with two type cases written in, as
    a municipality would (seed 002 describes none, so the shipped one leaves the choice
    out); its needs assessment then asks for the type case too.  Returns ``folder``."""
    for path in definition_files(definitions_dir()):
        shutil.copy(path, folder / path.name)
    text = (folder / "orebro.yaml").read_text(encoding="utf-8")
    text = text.replace("  activity_capacity_scale:", """  type_cases:
    - {id: typfall_a, name: Typfall A, description: Kommunens första typfall.}
    - {id: typfall_b, name: Typfall B, description: Kommunens andra typfall.}
  activity_capacity_scale:""", 1).replace("records: [need_level]",
                                         "records: [need_level, type_case]", 1)
    (folder / "orebro.yaml").write_text(text, encoding="utf-8")
    return folder
