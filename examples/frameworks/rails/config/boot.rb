# frozen_string_literal: true

# Rails comes from Debian's ruby-rails (6.1), without Bundler: rubygems.org is out of
# reach here. The engagespot-token gem is this repository's bindings/ruby, which loads
# the library from target/release; a real app has `gem "engagespot-token"` in its Gemfile.
$LOAD_PATH.unshift(File.expand_path("../../../../bindings/ruby/lib", __dir__))
