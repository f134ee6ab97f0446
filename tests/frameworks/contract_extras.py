"""More of the endpoint's contract, played by the Express, Next.js, Django,
Flask and FastAPI examples on top of EndpointContract: the API key's boot
error, `no-store` on the 401 too, and a 401 for every way of naming a user
without signing in."""

import pytest

from endpoint_contract import DEMO_KEY, IMPERSONATION_ATTEMPTS, EndpointContract


class ExtendedContract(EndpointContract):
    """Subclasses also set `api_key_error`: how their runtime shows the core's ES_API_KEY_MISSING."""

    api_key_error = None

    def test_missing_api_key_fails_at_boot_with_the_core_error(self):
        output = self.failed_boot_output(ENGAGESPOT_PRIVATE_SIGNING_KEY=(DEMO_KEY / "private.pem").read_text())
        assert self.api_key_error in output, output
        assert "API key is missing or empty" in output, output

    def test_anonymous_answer_is_not_stored_either(self, server):
        status, headers, _ = server.get()
        assert status == 401
        assert "no-store" in {d.strip().lower() for d in headers.get("Cache-Control", "").split(",")}

    @pytest.mark.parametrize("attempt", IMPERSONATION_ATTEMPTS.values(), ids=IMPERSONATION_ATTEMPTS.keys())
    def test_naming_a_user_without_signing_in_gets_401(self, server, attempt):
        status, _, body = server.get(query=attempt.get("query"), headers=attempt.get("headers"),
                                     json_body=attempt.get("json"), form=attempt.get("form"))
        assert status == 401, f"{status}: {body[:500]!r}"
