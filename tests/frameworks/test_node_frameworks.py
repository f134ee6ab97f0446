"""The Node integrations, engagespot-token/express and engagespot-token/next, in
examples/frameworks/express (Express 5) and examples/frameworks/next (Next.js 15,
`next build` then `next start`): the endpoint's contract over HTTP. Node shows
the core's error by its code."""

from contract_extras import ExtendedContract


class TestExpress(ExtendedContract):
    example = "express"
    key_error = "ES_KEY_MISSING"
    api_key_error = "ES_API_KEY_MISSING"


class TestNext(ExtendedContract):
    example = "next"
    key_error = "ES_KEY_MISSING"
    api_key_error = "ES_API_KEY_MISSING"
