"""The intranet's OpenID Connect token, checked against a local provider's test key."""

from datetime import timedelta

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from integrations.clock import real_now
from integrations.errors import IdentityProviderUnavailable, SignInRejected
from integrations.oidc import JWKS_CACHE_SECONDS, OidcVerifier, unverified_issuer
from tests.integrations.oidc_provider import AUDIENCE, ISSUER, TestProvider

PRIYA = "priya.shah@shared-services.example.gov.uk"


class Seconds:
    """A clock the test moves."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def provider() -> TestProvider:
    return TestProvider()


@pytest.fixture
def clock() -> Seconds:
    return Seconds()


@pytest.fixture
async def verifier(provider, clock):
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=provider)) as http:
        yield OidcVerifier(http, issuer=ISSUER, audience=AUDIENCE, clock=clock)


async def test_a_good_token_names_the_person_by_email(verifier, provider):
    identity = await verifier.verify(provider.token())

    assert identity.subject == PRIYA
    assert identity.name == "Priya Shah"
    assert identity.issuer == ISSUER
    assert provider.requests == ["/tenant/.well-known/openid-configuration", "/tenant/keys"]


async def test_keys_are_fetched_once_and_kept_for_a_while(verifier, provider, clock):
    await verifier.verify(provider.token())
    await verifier.verify(provider.token({"email": "tom.evans@x.test"}))
    assert provider.requests.count("/tenant/keys") == 1

    clock.now += JWKS_CACHE_SECONDS + 1
    await verifier.verify(provider.token())

    assert provider.requests.count("/tenant/keys") == 2


async def test_a_rotated_key_is_fetched_when_a_token_names_it(verifier, provider, clock):
    await verifier.verify(provider.token())
    provider.rotate("key-2")
    clock.now += 31

    identity = await verifier.verify(provider.token())

    assert identity.subject == PRIYA
    assert provider.requests.count("/tenant/keys") == 2


async def test_an_unknown_key_does_not_make_the_gateway_hammer_the_provider(
    verifier, provider, clock
):
    await verifier.verify(provider.token())
    stranger = TestProvider(kid="someone-elses")

    for _ in range(5):
        with pytest.raises(SignInRejected, match="not among the provider's keys"):
            await verifier.verify(stranger.token())

    assert provider.requests.count("/tenant/keys") == 1


def _forged_hs256(provider: TestProvider) -> str:
    """The algorithm-confusion attack: HMAC keyed with the public key the provider publishes."""
    [published] = [k for k in provider.jwks()["keys"] if k["kid"] == provider.kid]
    now = real_now()
    claims = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "sub": "x",
        "email": PRIYA,
        "iat": now,
        "exp": now + timedelta(minutes=5),
    }
    return jwt.encode(claims, published["n"], algorithm="HS256", headers={"kid": provider.kid})


def _other_key_same_kid(provider: TestProvider) -> str:
    impostor = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = real_now()
    claims = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "sub": "x",
        "email": PRIYA,
        "iat": now,
        "exp": now + timedelta(minutes=5),
    }
    return jwt.encode(claims, impostor, algorithm="RS256", headers={"kid": provider.kid})


@pytest.mark.parametrize(
    ("forge", "complaint"),
    [
        (lambda p: p.token(minutes=-5), "Signature has expired"),
        (lambda p: p.token({"aud": "some-other-app"}), "Audience doesn't match"),
        (lambda p: p.token({"iss": "https://evil.test"}), "Invalid issuer"),
        (lambda p: p.token({"nbf": real_now() + timedelta(hours=1)}), "not yet valid"),
        (lambda p: p.token({"exp": None}), 'missing the "exp" claim'),
        (lambda p: p.token({"aud": None}), 'missing the "aud" claim'),
        (lambda p: p.token({"email": None}), "no 'email' claim"),
        (lambda p: p.token({"email": "  "}), "no 'email' claim"),
        (lambda p: p.token()[:-6] + "AAAAAA", "Signature verification failed"),
        (_other_key_same_kid, "Signature verification failed"),
        (_forged_hs256, "signed with 'HS256'"),
        (
            lambda p: jwt.encode({"iss": ISSUER, "email": PRIYA}, None, algorithm="none"),
            "signed with 'none'",
        ),
        (lambda p: "not a token", "not a JWT"),
    ],
)
async def test_forgeries_and_bad_tokens_are_refused(verifier, provider, forge, complaint):
    with pytest.raises(SignInRejected, match=complaint):
        await verifier.verify(forge(provider))


async def test_the_identity_claim_is_a_setting(provider, clock):
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=provider)) as http:
        verifier = OidcVerifier(
            http,
            issuer=ISSUER,
            audience=AUDIENCE,
            jwks_url=f"{ISSUER}/keys",
            identity_claim="upn",
            clock=clock,
        )
        identity = await verifier.verify(provider.token({"upn": "p.shah@example.test"}))

    assert identity.subject == "p.shah@example.test"
    assert provider.requests == ["/tenant/keys"], "no discovery when the key set's URL is set"


async def test_the_provider_down_is_unavailable_not_refused(provider, clock):
    provider.status_code = 502
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=provider)) as http:
        verifier = OidcVerifier(http, issuer=ISSUER, audience=AUDIENCE, clock=clock)
        with pytest.raises(IdentityProviderUnavailable):
            await verifier.verify(provider.token())


@pytest.mark.parametrize("algorithms", [frozenset({"HS256"}), frozenset({"none"}), frozenset()])
def test_only_asymmetric_algorithms_may_be_configured(algorithms):
    with pytest.raises(ValueError, match="asymmetric"):
        OidcVerifier(httpx.AsyncClient(), issuer=ISSUER, audience=AUDIENCE, algorithms=algorithms)


def test_the_issuer_is_read_only_to_choose_a_verifier(provider):
    assert unverified_issuer(provider.token()) == ISSUER
    assert unverified_issuer("garbage") is None
