"""The Node integrations, engagespot-token/express and engagespot-token/next, in
examples/frameworks/express (Express 5) and examples/frameworks/next (Next.js 15,
`next build`, served by its server.js): the endpoint's contract over HTTP."""

from contract_extras import ExtendedContract


class NodeContract(ExtendedContract):
    """Node shows the core's error by its code."""

    key_error = "ES_KEY_MISSING"
    broken_key_error = "ES_KEY_MALFORMED"
    api_key_error = "ES_API_KEY_MISSING"


class TestExpress(NodeContract):
    example = "express"


class TestNext(NodeContract):
    example = "next"


class TestNest(NodeContract):
    example = "nest"


class TestHono(NodeContract):
    example = "hono"
