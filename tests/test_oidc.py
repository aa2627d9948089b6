"""OpenID Connect logins against a real provider (node ``oidc-provider``) on loopback.

The provider (``tests/oidc/provider.mjs``) issues JWT access tokens for the audience ``opendui``:
a nurse with Pro Santé Connect-like claims logs in through the authorization code flow with PKCE,
a service account through the client credentials grant. Self-minted tokens cover only the attacks.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import hmac
import json
import secrets
import shutil
import socket
import subprocess
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from opendui.builtin import oidc
from opendui.context import RequestContext
from opendui.errors import ForbiddenError
from opendui.identifiers.luhn import luhn_key
from opendui.settings import Mode
from opendui_sdk.testing import Platform, PlatformFactory, seed

PROVIDER_DIR = Path(__file__).parent / "oidc"
RESOURCE = "https://opendui.test/"
AUDIENCE = "opendui"
WEB_CLIENT = "opendui-web"
REDIRECT_URI = "http://127.0.0.1/callback"
SERVICE_CLIENT = "opendui-service"
SERVICE_SECRET = "opendui-service-secret-for-tests-only"
RPPS = "1000000000" + luhn_key("1000000000")
ID_NAT_PS = "8" + RPPS
ME = "{ me { professional { login idNatPs } roles { role } } }"


# -- the provider ---------------------------------------------------------------------------------


def _rsa_jwk(kid: str) -> tuple[dict[str, Any], rsa.RSAPrivateKey]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    data = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key))
    data.update(kid=kid, alg="RS256", use="sig")
    return data, key


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


ACCOUNTS: dict[str, Any] = {
    "nurse-psc": {
        "acr": "eidas2",
        "claims": {
            "SubjectNameID": ID_NAT_PS,
            "preferred_username": ID_NAT_PS,
            "given_name": "Claire",
            "family_name": "Infirmiere",
            "SubjectRefPro": {
                "exercices": [
                    {
                        "codeProfession": "60",
                        "codeCategorieProfessionnelle": "C",
                        "codeSavoirFaire": "",
                        "activities": [
                            {
                                "codeSecteurDactivite": "SA17",
                                "codeModeExercice": "S",
                                "codeRole": "",
                                "numeroFinessSite": "990000020",
                                "identifiantTechniqueDeLaStructure": "F990000020",
                            }
                        ],
                    }
                ]
            },
        },
    },
}


@dataclass
class Provider:
    """One running ``provider.mjs`` process."""

    port: int
    keys: list[dict[str, Any]]
    workdir: Path
    process: subprocess.Popen[bytes] | None = None
    private_keys: dict[str, rsa.RSAPrivateKey] = field(default_factory=dict)

    @property
    def issuer(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        config = {
            "port": self.port,
            "keys": {"keys": self.keys},
            "accounts": ACCOUNTS,
            "audience": AUDIENCE,
            "resource": RESOURCE,
            "clients": [
                {
                    "client_id": WEB_CLIENT,
                    "token_endpoint_auth_method": "none",
                    "redirect_uris": [REDIRECT_URI],
                    "grant_types": ["authorization_code"],
                    "response_types": ["code"],
                },
                {
                    "client_id": SERVICE_CLIENT,
                    "client_secret": SERVICE_SECRET,
                    "grant_types": ["client_credentials"],
                    "redirect_uris": [],
                    "response_types": [],
                },
            ],
        }
        path = self.workdir / f"provider-{self.port}.json"
        path.write_text(json.dumps(config), encoding="utf-8")
        node = shutil.which("node")
        if node is None:
            pytest.fail("node is required by the OpenID Connect tests")
        with (self.workdir / f"provider-{self.port}.log").open("ab") as log:  # the child keeps its copy
            self.process = subprocess.Popen(
                [node, "provider.mjs", str(path)], cwd=PROVIDER_DIR, stdout=log, stderr=log
            )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                output = (self.workdir / f"provider-{self.port}.log").read_text()
                pytest.fail(f"the OpenID Connect provider exited: {output}")
            try:
                if httpx.get(f"{self.issuer}/.well-known/openid-configuration", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        self.stop()
        pytest.fail("the OpenID Connect provider did not answer its discovery document within 20 s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    # -- real flows --

    def client_credentials_token(self) -> str:
        response = httpx.post(
            f"{self.issuer}/token",
            data={"grant_type": "client_credentials", "resource": RESOURCE, "scope": "opendui"},
            auth=(SERVICE_CLIENT, SERVICE_SECRET),
        )
        assert response.status_code == 200, response.text
        token: str = response.json()["access_token"]
        return token

    def authorization_code_token(self, login: str) -> str:
        """Log ``login`` in through the browser flow (authorization code + PKCE), scripted."""
        verifier = secrets.token_urlsafe(48)
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        params = {
            "client_id": WEB_CLIENT,
            "response_type": "code",
            "redirect_uri": REDIRECT_URI,
            "scope": "openid opendui",
            "resource": RESOURCE,
            "state": secrets.token_urlsafe(8),
            "code_challenge": challenge,
            "code_challenge_method": "S256",
        }
        with httpx.Client(base_url=self.issuer, follow_redirects=False) as browser:
            response = browser.get("/auth", params=params)
            code = None
            for _ in range(10):  # follow the redirects by hand: the last one goes to the client
                assert response.status_code in (200, 302, 303), response.text
                if response.status_code == 200:  # the login form
                    action = response.text.split('action="', 1)[1].split('"', 1)[0]
                    response = browser.post(action, data={"login": login})
                    continue
                location = response.headers["location"]
                if location.startswith(REDIRECT_URI):
                    query = urllib.parse.parse_qs(urllib.parse.urlsplit(location).query)
                    assert query.get("state") == [params["state"]], query
                    code = query["code"][0]
                    break
                response = browser.get(location)
            assert code is not None, "the provider never redirected back with a code"
            token_response = browser.post(
                "/token",
                data={
                    "grant_type": "authorization_code",
                    "code": code,
                    "redirect_uri": REDIRECT_URI,
                    "client_id": WEB_CLIENT,
                    "code_verifier": verifier,
                    "resource": RESOURCE,
                },
            )
        assert token_response.status_code == 200, token_response.text
        token: str = token_response.json()["access_token"]
        return token


@pytest.fixture(scope="session")
def provider_installed() -> None:
    """``npm ci`` once when ``node_modules`` is missing; a failure fails the tests (never skips)."""
    if (PROVIDER_DIR / "node_modules" / "oidc-provider").is_dir():
        return
    npm = shutil.which("npm")
    if npm is None:
        pytest.fail("npm is required to install the test OpenID Connect provider (tests/oidc)")
    result = subprocess.run(
        [npm, "ci", "--no-audit", "--no-fund"], cwd=PROVIDER_DIR, capture_output=True, text=True, timeout=600
    )
    if result.returncode != 0:
        pytest.fail(f"npm ci failed in tests/oidc:\n{result.stdout}\n{result.stderr}")


def _make_provider(workdir: Path) -> Provider:
    signing, private = _rsa_jwk("key-a")
    provider = Provider(port=_free_port(), keys=[signing], workdir=workdir)
    provider.private_keys["key-a"] = private
    return provider


@pytest.fixture(scope="module")
def provider(provider_installed: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Provider]:
    """A provider shared by the tests of this module (its keys never change)."""
    running = _make_provider(tmp_path_factory.mktemp("oidc"))
    running.start()
    yield running
    running.stop()


@pytest.fixture
def own_provider(provider_installed: None, tmp_path: Path) -> Iterator[Provider]:
    """A provider for one test, which may restart it with other keys."""
    running = _make_provider(tmp_path)
    running.start()
    yield running
    running.stop()


# -- the platform ---------------------------------------------------------------------------------


async def _platform(factory: PlatformFactory, issuer: str, **options: Any) -> Platform:
    settings = {
        "oidc_issuers": (issuer,),
        "oidc_audience": AUDIENCE,
        "plugins": {"oidc": {"issuers": {issuer: options}}},
    }
    platform = await factory(mode=Mode.PRODUCTION, settings=settings)
    fixtures = await seed(platform)
    professionals = platform.system().access.professionals
    await professionals.create(
        login="claire.infirmiere",
        last_name="Infirmiere",
        first_name="Claire",
        profession_system="1.2.250.1.71.1.2.7",
        profession_code="60",
        rpps=RPPS,
        memberships=[(fixtures.ehpad_id, "soignant")],
    )
    await professionals.create(
        login=SERVICE_CLIENT,
        last_name="Service",
        first_name="Compte",
        profession_system="1.2.250.1.71.1.2.7",
        profession_code="60",
        memberships=[(fixtures.ehpad_id, "administratif")],
    )
    return platform


async def _me(platform: Platform, token: str) -> httpx.Response:
    return await platform.client.post(
        "/graphql", json={"query": ME}, headers={"Authorization": f"Bearer {token}"}
    )


def _entry(platform: Platform, issuer: str) -> oidc.IssuerKeys:
    return oidc.state_for(platform.runtime.settings).issuers[issuer]


# -- real logins ----------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_psc_nurse_logs_in_with_authorization_code_and_pkce(
    opendui_factory: PlatformFactory, provider: Provider
) -> None:
    platform = await _platform(opendui_factory, provider.issuer, profile="psc")
    await oidc.on_startup(settings=platform.runtime.settings)
    assert _entry(platform, provider.issuer).fetches == 1

    token = provider.authorization_code_token("nurse-psc")
    response = await _me(platform, token)

    assert response.status_code == 200, response.text
    me = response.json()["data"]["me"]
    assert me["professional"] == {"login": "claire.infirmiere", "idNatPs": ID_NAT_PS}
    assert [r["role"] for r in me["roles"]] == ["soignant"]
    actor = oidc.verify(platform.runtime.settings, token)
    assert actor is not None and actor.subject == ID_NAT_PS
    summary = actor.claims["opendui"]
    assert isinstance(summary, dict)
    assert summary["professions"] == [{"codeProfession": "60", "codeCategorieProfessionnelle": "C"}]
    assert summary["situations"][0]["numeroFinessSite"] == "990000020"
    assert (summary["acr"], summary["acrLevel"]) == ("eidas2", 2)
    assert _entry(platform, provider.issuer).fetches == 1  # keys came from the startup load


@pytest.mark.asyncio
async def test_service_account_logs_in_with_client_credentials(
    opendui_factory: PlatformFactory, provider: Provider
) -> None:
    platform = await _platform(opendui_factory, provider.issuer, profile="generic")
    # No startup load here: the first token loads the keys (one fetch).
    response = await _me(platform, provider.client_credentials_token())

    assert response.status_code == 200, response.text
    assert response.json()["data"]["me"]["professional"]["login"] == SERVICE_CLIENT
    assert _entry(platform, provider.issuer).fetches == 1


@pytest.mark.asyncio
async def test_a_psc_token_without_a_national_id_is_refused(
    opendui_factory: PlatformFactory, provider: Provider
) -> None:
    platform = await _platform(opendui_factory, provider.issuer, profile="psc")
    response = await _me(platform, provider.client_credentials_token())  # no SubjectNameID
    assert response.status_code == 401
    assert "data" not in response.json()


@pytest.mark.asyncio
async def test_required_acr_of_the_issuer(opendui_factory: PlatformFactory, provider: Provider) -> None:
    platform = await _platform(opendui_factory, provider.issuer, profile="generic", required_acr="eidas2")

    nurse = await _me(platform, provider.authorization_code_token("nurse-psc"))  # acr eidas2
    service = await _me(platform, provider.client_credentials_token())  # no acr
    assert nurse.status_code == 401  # generic profile: sub "nurse-psc" is nobody's login
    assert nurse.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert service.status_code == 401
    assert service.json()["errors"][0]["extensions"]["code"] == "INSUFFICIENT_AUTHENTICATION"
    assert "data" not in service.json()


@pytest.mark.asyncio
async def test_require_acr_for_a_sensitive_operation(
    opendui_factory: PlatformFactory, provider: Provider
) -> None:
    platform = await _platform(opendui_factory, provider.issuer, profile="psc")
    actor = oidc.verify(platform.runtime.settings, provider.authorization_code_token("nurse-psc"))
    assert actor is not None
    context = RequestContext(runtime=platform.runtime, principal=await platform.runtime.principal_for(actor))

    context.require_acr("eidas2")  # the nurse logged in at eidas2
    context.require_acr("eidas1")
    with pytest.raises(ForbiddenError) as refused:
        context.require_acr("eidas3")
    assert refused.value.code == "INSUFFICIENT_AUTHENTICATION"
    assert refused.value.details == {"requiredAcr": "eidas3"}

    without_acr = {name: value for name, value in actor.claims.items() if name != "acr"}
    principal = await platform.runtime.principal_for(dataclasses.replace(actor, claims=without_acr))
    with pytest.raises(ForbiddenError) as missing:
        RequestContext(runtime=platform.runtime, principal=principal).require_acr("eidas1")
    assert missing.value.code == "INSUFFICIENT_AUTHENTICATION"
    platform.system().require_acr("eidas3")  # the system actor passes


@pytest.mark.asyncio
async def test_key_rotation_reloads_the_jwks_once(
    opendui_factory: PlatformFactory, own_provider: Provider
) -> None:
    platform = await _platform(opendui_factory, own_provider.issuer, profile="generic")
    await oidc.on_startup(settings=platform.runtime.settings)
    assert (await _me(platform, own_provider.client_credentials_token())).status_code == 200

    own_provider.stop()  # the provider rotates: new signing key first, the old one still published
    new_key, private = _rsa_jwk("key-b")
    own_provider.keys = [new_key, *own_provider.keys]
    own_provider.private_keys["key-b"] = private
    own_provider.start()
    token = own_provider.client_credentials_token()
    assert jwt.get_unverified_header(token)["kid"] == "key-b"

    entry = _entry(platform, own_provider.issuer)
    assert entry.fetches == 1
    assert (await _me(platform, token)).status_code == 200
    assert entry.fetches == 2  # exactly one reload
    assert (await _me(platform, own_provider.client_credentials_token())).status_code == 200
    assert entry.fetches == 2  # the new key is cached


# -- attacks with self-minted tokens ----------------------------------------------------------------


def _claims(issuer: str, **changes: Any) -> dict[str, Any]:
    now = int(time.time())
    claims = {"iss": issuer, "aud": AUDIENCE, "sub": SERVICE_CLIENT, "iat": now, "exp": now + 300}
    claims.update(changes)
    return {name: value for name, value in claims.items() if value is not None}


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _forge(header: dict[str, Any], claims: dict[str, Any], sign: Any = None) -> str:
    signing_input = f"{_b64(json.dumps(header).encode())}.{_b64(json.dumps(claims).encode())}"
    signature = sign(signing_input.encode()) if sign else b""
    return f"{signing_input}.{_b64(signature)}"


def _attacks(provider: Provider) -> dict[str, str]:
    key = provider.private_keys["key-a"]
    public_pem = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    other, _ = _rsa_jwk("key-z")
    unknown_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    iss = provider.issuer
    now = int(time.time())

    def signed(**changes: Any) -> str:
        return jwt.encode(_claims(iss, **changes), key, algorithm="RS256", headers={"kid": "key-a"})

    return {
        "alg none": _forge({"alg": "none", "kid": "key-a"}, _claims(iss)),
        "HS256 with the public key": _forge(
            {"alg": "HS256", "kid": "key-a"},
            _claims(iss),
            lambda data: hmac.new(public_pem, data, hashlib.sha256).digest(),
        ),
        "wrong iss": jwt.encode(_claims(iss + "/other"), key, algorithm="RS256", headers={"kid": "key-a"}),
        "wrong aud": signed(aud="another-service"),
        "no aud": signed(aud=None),
        "expired": signed(iat=now - 3600, exp=now - 600),
        "nbf in the future": signed(nbf=now + 600),
        "iat in the future": signed(iat=now + 600, exp=now + 900),
        "RS384 outside the allow-list": jwt.encode(
            _claims(iss), key, algorithm="RS384", headers={"kid": "key-a"}
        ),
        "tampered signature": signed()[:-8] + "AAAAAAAA",
        "unknown kid": jwt.encode(
            _claims(iss), unknown_key, algorithm="RS256", headers={"kid": other["kid"]}
        ),
    }


@pytest.mark.asyncio
async def test_forged_tokens_are_refused(opendui_factory: PlatformFactory, provider: Provider) -> None:
    platform = await _platform(opendui_factory, provider.issuer, profile="generic")
    await oidc.on_startup(settings=platform.runtime.settings)
    entry = _entry(platform, provider.issuer)
    assert (await _me(platform, provider.client_credentials_token())).status_code == 200  # the keys work

    for name, token in _attacks(provider).items():
        fetches = entry.fetches
        response = await _me(platform, token)
        body = response.json()
        assert response.status_code == 401, name
        assert "data" not in body, name
        error = body["errors"][0]
        assert error["extensions"]["code"] == "UNAUTHENTICATED", name
        assert error["message"] in (
            "invalid or expired token",
            "a bearer token is required (Authorization: Bearer ...)",
        ), name
        assert entry.fetches == fetches + (1 if name == "unknown kid" else 0), name

    again = _attacks(provider)["unknown kid"]  # a second unknown kid at once: no new fetch
    fetches = entry.fetches
    assert (await _me(platform, again)).status_code == 401
    assert entry.fetches == fetches


def test_configuration_refuses_none_and_hmac(tmp_path: Path) -> None:
    from opendui.errors import StartupError
    from opendui.settings import Settings

    for algorithms in (["none"], ["HS256"], ["RS256", "HS512"], []):
        settings = Settings.from_env(
            {},
            database_url="sqlite:///unused",
            data_dir=tmp_path,
            oidc_issuers=("https://idp.example",),
            plugins={"oidc": {"algorithms": algorithms}},
        )
        with pytest.raises(StartupError):
            oidc.issuer_configs(settings)
    env = {"OPENDUI_OIDC_ISSUERS": "https://a.example, https://b.example", "OPENDUI_OIDC_AUDIENCE": "dui"}
    settings = Settings.from_env(env, database_url="sqlite:///unused", data_dir=tmp_path)
    assert settings.oidc_issuers == ("https://a.example", "https://b.example")
    configs, _ = oidc.issuer_configs(settings)
    assert configs["https://a.example"].audience == "dui"
    assert configs["https://a.example"].algorithms == ("RS256", "ES256", "PS256")


def test_provider_is_installed_by_the_project_files() -> None:
    """The provider is pinned by the lock file (checked by integrity on install) and stays out of git."""
    lock = json.loads((PROVIDER_DIR / "package-lock.json").read_text(encoding="utf-8"))
    packages = {name: data for name, data in lock["packages"].items() if name}
    assert "node_modules/oidc-provider" in packages
    assert all(data["integrity"].startswith("sha512-") for data in packages.values())
    ignored = subprocess.run(
        ["git", "check-ignore", "-q", str(PROVIDER_DIR / "node_modules")], cwd=PROVIDER_DIR, check=False
    )
    assert ignored.returncode == 0
