"""Every error kind the C header lists, raised from Python with the header's
code and name, as the exception class its category calls for."""

import pickle

import pytest
from conftest import KEYS, header_status_codes, key_text

from engagespot_token import (
    EngagespotClient,
    EngagespotTokenError,
    EngagespotTokenTypeError,
    InvalidArgumentError,
    InvalidSigningKeyError,
)

PEM = key_text("rsa2048.pkcs8.pem")


def client():
    return EngagespotClient(api_key="k", signing_key=PEM)


def new(**kwargs):
    return lambda: EngagespotClient(**{"api_key": "k", "signing_key": PEM, **kwargs})


def mint(*args, **kwargs):
    return lambda: client().generate_user_token(*args, **kwargs)


# name -> (exception class the issue asks for, ways to cause it from Python)
TRIGGERS = {
    "ES_NULL_ARGUMENT": (EngagespotTokenTypeError, [mint(), mint(None)]),
    "ES_INVALID_UTF8": (InvalidArgumentError, [mint("\ud800"), new(signing_key=b"\xff\xfe"), new(api_secret="\udc00")]),
    "ES_API_KEY_MISSING": (InvalidArgumentError, [new(api_key=None), new(api_key="")]),
    "ES_API_KEY_INVALID": (InvalidArgumentError, [new(api_key="a\0b")]),
    "ES_IDENTIFIER_EMPTY": (InvalidArgumentError, [mint("")]),
    "ES_IDENTIFIER_TOO_LONG": (InvalidArgumentError, [mint("x" * 1025), mint(10**1100)]),
    "ES_IDENTIFIER_INVALID": (InvalidArgumentError, [mint("a\0b")]),
    "ES_INVALID_EXPIRY": (InvalidArgumentError, [mint("a", expires_in=1.5), mint("a", expires_in=10**30), mint("a", expires_in=float("nan"))]),
    "ES_INVALID_ISSUED_AT": (InvalidArgumentError, [mint("a", issued_at=-1), mint("a", issued_at=2**70), mint("a", issued_at=0.5)]),
    "ES_WRONG_TYPE": (
        EngagespotTokenTypeError,
        [
            mint("a", include_iat=1),
            mint(True),
            mint(1.5),
            mint(b"bytes"),
            mint(["a"]),
            mint("a", expires_in="600"),
            mint("a", expires_in=True),
            mint("a", issued_at="now"),
            mint("a", jti=1),
            new(api_key=5),
            new(api_secret=b"secret"),
            new(signing_key=5),
            new(signing_key=bytearray(PEM.encode())),
        ],
    ),
    "ES_UNKNOWN_OPTION": (InvalidArgumentError, [mint("a", expire_in=5), mint("a", expiresIn=5)]),
    "ES_KEY_MISSING": (InvalidSigningKeyError, [new(signing_key="   \n")]),
    "ES_KEY_IS_PATH": (InvalidSigningKeyError, [new(signing_key=str(KEYS / "rsa2048.pkcs8.pem"))]),
    "ES_KEY_IS_PUBLIC": (InvalidSigningKeyError, [new(signing_key=key_text("rsa2048.pub.pem")), new(signing_key=key_text("rsa2048.cert.pem"))]),
    "ES_KEY_ENCRYPTED": (InvalidSigningKeyError, [new(signing_key=key_text("rsa2048.encrypted-pkcs8.pem"))]),
    "ES_KEY_NOT_RSA": (InvalidSigningKeyError, [new(signing_key=key_text("ec-p256.pkcs8.pem")), new(signing_key=key_text("ed25519.pkcs8.pem"))]),
    "ES_KEY_TOO_SMALL": (InvalidSigningKeyError, [new(signing_key=key_text("rsa1024.pkcs8.pem"))]),
    "ES_KEY_TOO_LARGE": (InvalidSigningKeyError, [new(signing_key=key_text("rsa8200.pkcs8.pem"))]),
    "ES_KEY_MALFORMED": (InvalidSigningKeyError, [new(signing_key="garbage"), new(signing_key=PEM[: len(PEM) // 2])]),
    "ES_KEY_AMBIGUOUS": (InvalidSigningKeyError, [new(signing_key=PEM + key_text("rsa3072.pkcs8.pem"))]),
    "ES_KEY_UNSUPPORTED": (InvalidSigningKeyError, [new(signing_key=key_text("rsa2048.3prime.pkcs8.pem"))]),
    "ES_KEY_FILE_UNREADABLE": (InvalidSigningKeyError, [new(signing_key="file:///nonexistent/engagespot/private.pem")]),
}
# Failures of aws-lc or of this library, which no argument can cause.
# test_panic.py reaches ES_PANIC with the fault-injection build.
# ES_SYNC_UNAVAILABLE is for JavaScript runtimes that sign only asynchronously.
UNREACHABLE_BY_ARGUMENTS = {"ES_SIGNING_FAILED", "ES_SYNC_UNAVAILABLE", "ES_PANIC"}


def test_every_kind_in_the_header_is_covered_here():
    names = {name for name, _ in header_status_codes()}
    assert names == set(TRIGGERS) | UNREACHABLE_BY_ARGUMENTS


@pytest.mark.parametrize("name, code", [p for p in header_status_codes() if p[0] in TRIGGERS])
def test_kind_raises_its_class_with_the_headers_code_and_name(monkeypatch, name, code):
    monkeypatch.delenv("ENGAGESPOT_PRIVATE_SIGNING_KEY", raising=False)
    expected_class, causes = TRIGGERS[name]
    for cause in causes:
        with pytest.raises(expected_class) as raised:
            cause()
        error = raised.value
        assert (error.code, error.name) == (code, name), str(error)
        assert isinstance(error, EngagespotTokenError)
        assert str(error) and "\n" not in str(error)


def test_classes_are_the_builtin_kinds_users_catch():
    assert issubclass(InvalidArgumentError, ValueError)
    assert issubclass(InvalidSigningKeyError, InvalidArgumentError)
    assert issubclass(EngagespotTokenTypeError, TypeError)
    assert not issubclass(EngagespotTokenTypeError, ValueError)


def test_missing_key_without_environment_is_key_missing(monkeypatch):
    monkeypatch.delenv("ENGAGESPOT_PRIVATE_SIGNING_KEY", raising=False)
    for key in (None, "", b""):
        with pytest.raises(InvalidSigningKeyError) as raised:
            EngagespotClient(api_key="k", signing_key=key)
        assert raised.value.name == "ES_KEY_MISSING"


def test_unknown_option_lists_the_accepted_ones_in_python_spelling():
    with pytest.raises(InvalidArgumentError) as raised:
        client().generate_user_token("a", expire_in=5)
    accepted = str(raised.value).split("accepted options are ")[1].split(", ")
    assert {"expires_in", "issued_at", "jti", "include_iat"} <= set(accepted)


def test_no_message_quotes_key_material():
    body = "".join(line for line in PEM.splitlines() if not line.startswith("-----"))
    windows = {body[i : i + 16] for i in range(0, len(body) - 16)}
    damaged = [PEM[: len(PEM) // 2], PEM.replace("A", "!", 3), PEM.replace("\n", "", 5), body, "x" + PEM]
    for key in damaged:
        try:
            EngagespotClient(api_key="k", api_secret="s3cr3t-value", signing_key=key)
            continue
        except EngagespotTokenError as error:
            message = str(error)
        assert not any(w in message for w in windows), message
        assert "s3cr3t-value" not in message


def test_exceptions_pickle_with_code_and_name():
    with pytest.raises(InvalidSigningKeyError) as raised:
        new(signing_key="garbage")()
    again = pickle.loads(pickle.dumps(raised.value))
    assert type(again) is InvalidSigningKeyError
    assert (str(again), again.code, again.name) == (str(raised.value), raised.value.code, raised.value.name)
