# frozen_string_literal: true

require_relative "lib/engagespot_token/version"

Gem::Specification.new do |s|
  s.name = "engagespot-token"
  s.version = EngagespotToken::VERSION
  s.summary = "Engagespot secure-mode user tokens (RS256 JWTs), from the engagespot-token native library"
  s.description = "Mints the user tokens Engagespot's secure mode expects, with the signing key parsed " \
                  "once per client, over the C ABI of the engagespot-token Rust library."
  s.authors = ["engagespot-token contributors"]
  s.license = "MIT"
  s.required_ruby_version = ">= 3.0"
  # Debian's ruby-ffi is 1.15.5.
  s.add_dependency "ffi", ">= 1.15"
  # The bundled libraries are not in git (scripts/build-gem copies them in), so
  # files are listed from the directory, by name. No header: the gem takes the
  # C constants from the library.
  # README.md is generated from docs/ruby.md (tests/docs/readmes.py).
  s.files = Dir["README.md", "lib/**/*.rb", "lib/engagespot_token/native/*/libengagespot_token.{so,dylib,dll}"]
  s.require_paths = ["lib"]
  s.metadata["rubygems_mfa_required"] = "true"
end
