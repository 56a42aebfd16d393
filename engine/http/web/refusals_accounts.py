"""The sentences of the refusals an account change gives (engine.service.people.accounts)
and of the access log's filter, in Swedish and English: merged into the catalogues of
:mod:`engine.http.web.refusals` and :mod:`engine.http.web.refusals_en` by one line each."""

from __future__ import annotations

ACCOUNT_REFUSALS: dict[str, str] = {
    "account_name_shape": "Användarnamnet får ha 1–{longest} bokstäver, siffror och . _ @ - "
                          "men inga mellanslag.",
    "account_exists": "Det finns redan ett konto som heter {name}.",
    "unknown_role": "Välj en av rollerna i listan.",
    "programme_role_only": "Bara en programförvaltare eller en styrgrupp kan begränsas till "
                           "ett program. Välj Alla program för den här rollen.",
    "citizen_key": "Ett deltagarkonto hör till en deltagare; det får ingen annan roll och "
                   "ingen annan får deltagarrollen.",
    "no_participant": "Det finns ingen deltagare med den nyckeln.",
    "no_account": "Kontot finns inte. Ladda om sidan.",
    "own_account": "Du kan inte byta roll på ditt eget konto; be en annan "
                   "systemadministratör.",
    "password_too_short": "Lösenordet måste ha minst {shortest} tecken.",
    "date_range_reversed": "Från-dagen {first} är efter till-dagen {last}.",
}

ACCOUNT_REFUSALS_EN: dict[str, str] = {
    "account_name_shape": "The user name may have 1–{longest} letters, digits and . _ @ - "
                          "but no spaces.",
    "account_exists": "There is already an account called {name}.",
    "unknown_role": "Choose one of the roles in the list.",
    "programme_role_only": "Only a programme administrator or a steering group can be limited "
                           "to one programme. Choose All programmes for this role.",
    "citizen_key": "A participant's account belongs to one participant; it gets no other "
                   "role and no one else gets the participant's role.",
    "no_participant": "There is no participant with that key.",
    "no_account": "The account does not exist. Reload the page.",
    "own_account": "You cannot change your own account's role; ask another system "
                   "administrator.",
    "password_too_short": "The password must have at least {shortest} characters.",
    "date_range_reversed": "The first day {first} is after the last day {last}.",
}
