# frozen_string_literal: true

# The values of tests/conformance/README.md ("Values") as Ruby holds them:
# shared by the conformance runner (conformance_test.rb) and the differential
# test's Ruby player (tests/differential/players/ruby.rb).
module ConformanceValues
  ROOT = File.expand_path("../../..", __dir__)
  ABSENT = Object.new.freeze
  SPECIAL_FLOATS = { "NaN" => Float::NAN, "Infinity" => Float::INFINITY, "-Infinity" => -Float::INFINITY }.freeze

  # A value Ruby has no way to write.
  class Inexpressible < StandardError; end

  # expiresIn -> expires_in: the generic rule, no table of names.
  def snake(name) = name.gsub(/([A-Z])/) { "_#{Regexp.last_match(1).downcase}" }

  # A value of the table (README.md, "Values") as Ruby holds it.
  def value(v)
    return v unless v.is_a?(Hash)

    case v["type"]
    when "absent" then ABSENT
    when "float" then SPECIAL_FLOATS.fetch(v["value"]) { Float(v["value"]) }
    when "bigint" then Integer(v["value"])
    when "repeat" then v["value"] * v["count"]
    when "file" then File.read(File.join(ROOT, v["path"]))
    when "file_uri" then "file://#{File.join(ROOT, v['path'])}"
    when "concat" then v["parts"].map { |part| value(part) }.join
    when "raw" then [v["hex"]].pack("H*")
    when "utf16" then v["units"].pack("v*").force_encoding(Encoding::UTF_16LE)
    when "encoded" then v["value"].encode(v["encoding"])
    when "object" then Object.new
    when "entries"
      v["entries"].to_h { |e| [e["key"] == "string" ? snake(e["name"]) : snake(e["name"]).to_sym, value(e["value"])] }
    else raise Inexpressible, "#{v['type']} values exist only in other languages"
    end
  end

  # [constructor keywords, identifier, options, environment] for a case.
  def inputs(c)
    config = %w[apiKey apiSecret signingKey].to_h { |field| [snake(field).to_sym, c.key?(field) ? value(c[field]) : ABSENT] }
    config.reject! { |_, v| v.equal?(ABSENT) }
    identifier = value(c["identifier"])
    raise Inexpressible, "the identifier is a required argument" if identifier.equal?(ABSENT)

    options = c.fetch("options", {})
    raise Inexpressible, "options are keyword arguments" unless options.is_a?(Hash) && [nil, "entries"].include?(options["type"])

    options = options["type"] ? value(options) : options.to_h { |name, v| [snake(name).to_sym, value(v)] }
    [config, identifier, options, c.key?("environment") ? value(c["environment"]) : nil]
  end

  module_function :snake, :value, :inputs
end
