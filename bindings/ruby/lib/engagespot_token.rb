# frozen_string_literal: true

require_relative "engagespot_token/version"

# Engagespot secure-mode user tokens (RS256 JWTs) from the engagespot-token
# native library. Every rule, error code, name and message is the library's;
# this gem adapts Ruby's calling conventions to its C ABI.
module EngagespotToken
  # Included in every exception this gem raises: `rescue EngagespotToken::Error`
  # catches them all. #code is the core's number (nil for a load failure) and
  # #name its stable name, e.g. "ES_KEY_IS_PUBLIC".
  module Error
    attr_reader :code, :name

    # @param message [String] the core's message
    def initialize(message = nil, code: nil, name: nil)
      super(message)
      @code = code
      @name = name
    end
  end

  # A bad argument value, e.g. an empty identifier or an unknown option.
  class InvalidArgumentError < ArgumentError
    include Error
  end

  # A rejected signing key: missing, public, encrypted, not RSA, too small...
  class InvalidSigningKeyError < InvalidArgumentError; end

  # An argument of the wrong Ruby type, or a missing one.
  class WrongTypeError < TypeError
    include Error
  end

  # A failure that is not the caller's: the library could not be loaded, or failed to sign.
  class LibraryError < StandardError
    include Error
  end

  # @api private The error raised when the native library cannot be loaded or is the wrong version.
  def self.load_error(message)
    LibraryError.new("engagespot-token: #{message}", name: "ERR_ENGAGESPOT_TOKEN_LOAD")
  end

  require_relative "engagespot_token/native"

  # The path of the loaded native library.
  def self.library_path = Native::LIBRARY_PATH

  require_relative "engagespot_token/rules"

  # Exception classes by the core's category (es_status_category), as the core's catalogue names them (rules.rb).
  CLASSES = CATEGORY_CLASS_NAMES.to_h { |category, name| [Native.constant(category), const_get(name)] }.freeze
  private_constant :CLASSES, :CATEGORY_CLASS_NAMES

  # @api private Whether `value` means "read the environment variable", by the library's rule
  # (nil or empty text). Any other value is the caller's, for the library to accept or refuse.
  def self.takes_environment?(value)
    return Native.es_takes_environment(nil, 0) == 1 if value.nil?

    value.is_a?(String) && Native.es_takes_environment(value, value.bytesize) == 1
  end

  # @api private This thread's last error from the core, as the exception of its category.
  def self.last_error
    code = Native.es_last_error_code
    message = Native.es_last_error_message.force_encoding(Encoding::UTF_8)
    CLASSES.fetch(Native.es_status_category(code), LibraryError).new(message, code:, name: Native.es_last_error_name)
  end

  # @api private The core's ES_WRONG_TYPE error for `argument`, the name of an es_argument without its prefix.
  def self.wrong_type(argument)
    Native.es_wrong_type_error(Native.constant("ES_ARGUMENT_#{argument}"))
    last_error
  end

  # @api private `string` as UTF-8 text, for the library, which reads bytes as
  # UTF-8. UTF-8 and binary strings go as they are (the library checks their
  # bytes), and so does ASCII-only text in an ASCII-compatible encoding (the
  # same bytes); any other string is transcoded, so that the token says what
  # Ruby says the string holds: Latin-1 "\xC3\xA9" is "Ã©", not "é". A string
  # that cannot be transcoded (invalid in its own encoding) is the core's
  # ES_INVALID_UTF8 for `argument` (tests/conformance/README.md). nil stays nil.
  def self.utf8(string, argument)
    return string if string.nil? || [Encoding::UTF_8, Encoding::BINARY].include?(string.encoding) ||
                     (string.encoding.ascii_compatible? && string.ascii_only?)

    string.encode(Encoding::UTF_8)
  rescue EncodingError
    Native.es_invalid_utf8_error(Native.constant("ES_ARGUMENT_#{argument}"))
    raise last_error
  end

  # Mints tokens with one parsed key. Immutable: threads may share a client, and
  # `dup`/`clone` share its native handle, which is freed after the last copy is gone.
  class Client
    # The key is parsed and checked now (or reused from the library's process-wide
    # cache), so a bad key raises here. `api_secret` is never put in a token.
    #
    # @param api_key [String]
    # @param api_secret [String, nil]
    # @param signing_key [String, nil] RSA private key PEM; nil or "" (the library's rule) reads
    #   ENV[ENGAGESPOT_PRIVATE_SIGNING_KEY] (the name comes from the library). Strings in other
    #   encodings than UTF-8 are transcoded.
    # @raise [InvalidArgumentError, InvalidSigningKeyError, WrongTypeError]
    def initialize(api_key: nil, api_secret: nil, signing_key: nil)
      signing_key = ENV[Native.es_signing_key_variable] if EngagespotToken.takes_environment?(signing_key)
      texts = { API_KEY: api_key, API_SECRET: api_secret, SIGNING_KEY: signing_key }.map do |argument, value|
        raise EngagespotToken.wrong_type(argument) unless value.nil? || value.is_a?(String)

        EngagespotToken.utf8(value, argument)
      end
      handle = with_native_copies(texts) do |copies|
        Native.es_client_new_len(*copies.flat_map { |copy, string| [copy, string.to_s.bytesize] })
      end
      raise EngagespotToken.last_error if handle.null?

      @handle = FFI::AutoPointer.new(handle, Native.method(:es_client_free))
    end

    # The key size, never the key, the secret or the API key (as Python's repr).
    def inspect = "#<#{self.class.name} key=RSA-#{Native.es_client_key_bits(@handle)}>"

    # `pp` shows the same as #inspect, not the native handle.
    def pretty_print(printer) = printer.text(inspect)

    # A token with `sub` "user:<identifier>", `iat` now and `exp` an hour later.
    #
    # @param identifier [String, Integer] 1 to 1024 bytes of UTF-8 (an Integer as its decimal digits)
    # @param options expires_in: seconds, or nil for no exp; issued_at: unix seconds; jti: true adds a
    #   random jti; include_iat: false leaves iat out. Decoded by the core: unknown names raise.
    # @return [String]
    # @raise [InvalidArgumentError, WrongTypeError]
    def generate_user_token(identifier, **options)
      identifier = identifier.to_s if identifier.is_a?(Integer)
      # nil crosses as NULL: the core's ES_NULL_ARGUMENT, as in every language.
      raise EngagespotToken.wrong_type(:USER_IDENTIFIER) unless identifier.nil? || identifier.is_a?(String)

      identifier = EngagespotToken.utf8(identifier, :USER_IDENTIFIER)
      # Signing releases the GVL: a frozen copy cannot change under the library.
      identifier = identifier.dup.freeze unless identifier.nil? || identifier.frozen?

      token = Native.es_generate_user_token_len(@handle, identifier, identifier.to_s.bytesize, native_options(options))
      raise EngagespotToken.last_error if token.null?

      begin
        token.read_string.force_encoding(Encoding::UTF_8)
      ensure
        Native.es_free_string(token)
      end
    end

    private

    # The library's enumerators for option names and value types.
    SNAKE_CASE = Native.constant("ES_OPTION_NAMING_SNAKE_CASE")
    VALUE_TYPES = %i[NULL INTEGER BOOL OTHER].to_h { |type| [type, Native.constant("ES_OPTION_VALUE_#{type}")] }.freeze
    OK = Native.constant("ES_OK")
    private_constant :SNAKE_CASE, :VALUE_TYPES, :OK

    # Yields [copy, string] for each string (nil for nil), the copies in native
    # memory, so that the library can read them without the GVL while Ruby
    # threads run; every copy is zeroed (it may hold the key or the secret)
    # and freed afterwards.
    def with_native_copies(strings)
      copies = strings.map do |string|
        next [nil, nil] if string.nil?

        copy = FFI::MemoryPointer.new(:char, [string.bytesize, 1].max)
        copy.put_bytes(0, string)
        [copy, string]
      end
      yield copies
    ensure
      copies&.each do |copy, _|
        next unless copy

        copy.clear
        copy.free
      end
    end

    # nil for the defaults; else an es_token_options that the library fills
    # and changes, decoding each option by its Ruby name (this gem never lays
    # the struct out). An option given twice (:jti and "jti") is refused.
    def native_options(options)
      return nil if options.empty?

      names = options.keys.map(&:to_s)
      twice = names.find { |name| names.count(name) > 1 }
      if twice
        Native.es_option_given_twice_error(SNAKE_CASE, twice, twice.bytesize)
        raise EngagespotToken.last_error
      end
      native = FFI::MemoryPointer.new(:uint8, Native::OPTIONS_SIZE)
      Native.es_token_options_init(native)
      options.each_value.with_index do |value, index|
        type, number = option_value(value)
        status = Native.es_token_options_set(native, SNAKE_CASE, names[index], names[index].bytesize,
                                             VALUE_TYPES.fetch(type), number)
        raise EngagespotToken.last_error unless status == OK
      end
      native
    end

    # The es_option_value_type and the integer for a Ruby value. Integers
    # beyond 64 bits are clamped, which the core rejects as out of range; a
    # Float is another type, whatever its value (tests/conformance/README.md).
    def option_value(value)
      case value
      when nil then [:NULL, 0]
      when Integer then [:INTEGER, value.clamp(-(2**63), (2**63) - 1)]
      when true, false then [:BOOL, value ? 1 : 0]
      else [:OTHER, 0]
      end
    end
  end
end

# The Rails integration (a railtie and a controller concern), only under Rails.
require_relative "engagespot_token/railtie" if defined?(Rails::Railtie)
