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

  # Exception classes by the core's category (es_status_category).
  CLASSES = { "ES_CATEGORY_ARGUMENT" => InvalidArgumentError, "ES_CATEGORY_KEY" => InvalidSigningKeyError,
              "ES_CATEGORY_TYPE" => WrongTypeError }.transform_keys { |name| Native::ENUMS.fetch(name) }.freeze
  private_constant :CLASSES

  # @api private This thread's last error from the core, as the exception of its category.
  def self.last_error
    code = Native.es_last_error_code
    message = Native.es_last_error_message.force_encoding(Encoding::UTF_8)
    CLASSES.fetch(Native.es_status_category(code), LibraryError).new(message, code: code, name: Native.es_last_error_name)
  end

  # @api private The core's ES_WRONG_TYPE error for `argument`, the name of an es_argument without its prefix.
  def self.wrong_type(argument)
    Native.es_wrong_type_error(Native::ENUMS.fetch("ES_ARGUMENT_#{argument}"))
    last_error
  end

  # Mints tokens with one parsed key. Immutable: threads may share a client, and
  # `dup`/`clone` share its native handle, which is freed after the last copy is gone.
  class Client
    # The key is parsed and checked now (or reused from the library's process-wide
    # cache), so a bad key raises here. `api_secret` is never put in a token.
    #
    # @param api_key [String]
    # @param api_secret [String, nil]
    # @param signing_key [String, nil] RSA private key PEM; nil or "" reads ENV[Native.es_signing_key_variable]
    # @raise [InvalidArgumentError, InvalidSigningKeyError, WrongTypeError]
    def initialize(api_key: nil, api_secret: nil, signing_key: nil)
      signing_key = ENV["ENGAGESPOT_PRIVATE_SIGNING_KEY"] if signing_key.nil? || signing_key == ""
      { API_KEY: api_key, API_SECRET: api_secret, SIGNING_KEY: signing_key }.each do |argument, value|
        raise EngagespotToken.wrong_type(argument) unless value.nil? || value.is_a?(String)
      end
      # The strings cross as pointers to their own bytes, with their lengths: no copy.
      handle = Native.es_client_new_len(api_key, api_key.to_s.bytesize, api_secret, api_secret.to_s.bytesize,
                                        signing_key, signing_key.to_s.bytesize)
      raise EngagespotToken.last_error if handle.null?

      @handle = FFI::AutoPointer.new(handle, Native.method(:es_client_free))
    end

    # A token with `sub` "user:<identifier>", `iat` now and `exp` an hour later.
    #
    # @param identifier [String, Integer] 1 to 1024 bytes of UTF-8 (an Integer as its decimal digits)
    # @param options expires_in: seconds, or nil for no exp; issued_at: unix seconds; jti: true adds a
    #   random jti; include_iat: false leaves iat out. Decoded by the core: unknown names raise.
    # @return [String]
    # @raise [InvalidArgumentError, WrongTypeError]
    def generate_user_token(identifier, **options)
      identifier = identifier.to_s if identifier.is_a?(Integer)
      raise EngagespotToken.wrong_type(:USER_IDENTIFIER) unless identifier.is_a?(String)

      # Signing releases the GVL: a frozen copy cannot change under the library.
      identifier = identifier.dup.freeze unless identifier.frozen?

      token = Native.es_generate_user_token_len(@handle, identifier, identifier.bytesize, native_options(options))
      raise EngagespotToken.last_error if token.null?

      begin
        token.read_string.force_encoding(Encoding::UTF_8)
      ensure
        Native.es_free_string(token)
      end
    end

    private

    # nil for the defaults; else the core decodes each option by its Ruby name.
    def native_options(options)
      return nil if options.empty?

      native = Native.es_token_options_default
      options.each do |name, value|
        name = name.to_s
        type, number = option_value(value)
        status = Native.es_token_options_set(native, Native::ENUMS.fetch("ES_OPTION_NAMING_SNAKE_CASE"), name,
                                             name.bytesize, Native::ENUMS.fetch("ES_OPTION_VALUE_#{type}"), number)
        raise EngagespotToken.last_error unless status == Native::ENUMS.fetch("ES_OK")
      end
      native
    end

    # The es_option_value_type and the integer for a Ruby value. Integers
    # beyond 64 bits are clamped, which the core rejects as out of range.
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
