"""The Rails integration (bindings/ruby's railtie and EngagespotToken::TokenEndpoint)
in examples/frameworks/rails, on Debian's Rails 6.1 behind `bin/rails server`: the
token endpoint's contract.
"""

from endpoint_contract import EndpointContract


class TestRails(EndpointContract):
    example = "rails"
    key_error = "EngagespotToken::InvalidSigningKeyError"
