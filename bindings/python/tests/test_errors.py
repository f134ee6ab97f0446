"""Python's exception classes for the core's categories, their messages and
pickling. Which input raises which error is the conformance table's
(test_conformance.py)."""

import pickle

import pytest
from conftest import key_text

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


# Which input raises which error: tests/conformance/cases.json, played by
# test_conformance.py. Here: the classes, messages and pickling.


@pytest.mark.parametrize(
    "cause, expected_class",
    [
        (mint(""), InvalidArgumentError),
        (new(signing_key="garbage"), InvalidSigningKeyError),
        (mint(None), EngagespotTokenTypeError),
        (mint("a", expires_in=60.0), EngagespotTokenTypeError),
    ],
    ids=["argument", "key", "null", "wrong-type"],
)
def test_each_category_raises_its_class(cause, expected_class):
    with pytest.raises(expected_class) as raised:
        cause()
    assert isinstance(raised.value, EngagespotTokenError)
    assert str(raised.value) and "\n" not in str(raised.value)


def test_classes_are_the_builtin_kinds_users_catch():
    assert issubclass(InvalidArgumentError, ValueError)
    assert issubclass(InvalidSigningKeyError, InvalidArgumentError)
    assert issubclass(EngagespotTokenTypeError, TypeError)
    assert not issubclass(EngagespotTokenTypeError, ValueError)


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
