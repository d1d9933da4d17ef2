import pytest
from sqlalchemy import Engine, select

from kizashi.errors import AuthError, InputError, NotFoundError
from kizashi.principals import authenticate, create_principal, issue_token, revoke_tokens
from kizashi.store import api_tokens


def test_a_token_authenticates_its_principal_and_only_its_digest_is_stored(engine: Engine) -> None:
    with engine.begin() as connection:
        create_principal(connection, "retailer-1", "partner", "retailer:minato")
        token = issue_token(connection, "retailer-1", "nightly upload")
        principal = authenticate(connection, token)
        stored = connection.execute(select(api_tokens.c.token_sha256, api_tokens.c.prefix)).one()
    assert (principal.name, principal.organisation, principal.is_partner) == (
        "retailer-1",
        "retailer:minato",
        True,
    )
    assert token not in stored.token_sha256 and len(stored.token_sha256) == 64
    assert token.startswith(stored.prefix)


def test_revoked_and_unknown_tokens_do_not_authenticate(engine: Engine) -> None:
    with engine.begin() as connection:
        create_principal(connection, "analyst", "officer")
        first, second = issue_token(connection, "analyst"), issue_token(connection, "analyst")
        assert revoke_tokens(connection, "analyst") == 2
        for token in (first, second, "kz_unknown"):
            with pytest.raises(AuthError):
                authenticate(connection, token)


def test_partners_need_an_organisation_and_names_are_unique(engine: Engine) -> None:
    with engine.begin() as connection:
        with pytest.raises(InputError, match="organisation"):
            create_principal(connection, "p", "partner")
        create_principal(connection, "analyst", "officer")
        with pytest.raises(InputError, match="exists already"):
            create_principal(connection, "analyst", "officer")
        with pytest.raises(NotFoundError):
            issue_token(connection, "nobody")
