# frozen_string_literal: true

require "ffi"

module EngagespotToken
  # The C ABI (include/engagespot_token.h), loaded once. Every constant comes
  # from the library itself (es_constant, as rbnacl's sodium_constant), and the
  # options struct is sized, filled and changed by the library
  # (es_token_options_size, _init, _set): this file reads no header.
  module Native
    extend FFI::Library

    # The library's file name.
    LIBRARY_FILE = "libengagespot_token.#{FFI::Platform::LIBSUFFIX}".freeze

    # The gem bundles a library per platform, in native/<platform>/: cpu, os
    # and, on musl Linux (Alpine), "-musl". Which ones it holds is what the gem
    # was built with (scripts/build-gem).
    def self.platform
      cpu = RbConfig::CONFIG["host_cpu"].sub(/\A(amd64|x64)\z/, "x86_64").sub(/\Aarm64\z/, "aarch64")
      os = RbConfig::CONFIG["host_os"]
      case os
      when /darwin/ then "#{cpu}-darwin"
      when /mingw|mswin/ then "#{cpu}-windows"
      when /linux-musl/ then "#{cpu}-linux-musl"
      when /linux/ then "#{cpu}-linux"
      else "#{cpu}-#{os}"
      end
    end

    # Where the library may be, in order: $ENGAGESPOT_TOKEN_LIB alone when set;
    # else the copy bundled in the gem for this platform, then the in-tree release build.
    def self.candidates
      override = ENV["ENGAGESPOT_TOKEN_LIB"]
      return [override] if override && !override.empty?

      [File.join(__dir__, "native", platform, LIBRARY_FILE),
       File.expand_path("../../../../target/release/#{LIBRARY_FILE}", __dir__)]
    end

    # The platforms the gem bundles a library for.
    def self.bundled = Dir.children(File.join(__dir__, "native")).sort
    private_class_method :bundled

    tried = candidates
    # The library loaded: the first candidate that exists.
    LIBRARY_PATH = tried.find { |path| File.file?(path) }
    unless LIBRARY_PATH
      platforms = File.directory?(File.join(__dir__, "native")) ? bundled.join(", ") : "none"
      raise EngagespotToken.load_error("the native library #{LIBRARY_FILE} was not found for #{platform}; " \
                                       "looked in: #{tried.join(', ')}. The gem bundles it for: #{platforms}. " \
                                       "Set ENGAGESPOT_TOKEN_LIB to its path")
    end
    begin
      ffi_lib LIBRARY_PATH
    rescue LoadError => e
      raise EngagespotToken.load_error("cannot load #{LIBRARY_PATH}: #{e.message}")
    end

    attach_function :es_version, [], :string
    if es_version != VERSION
      raise EngagespotToken.load_error("#{LIBRARY_PATH} is version #{es_version}, but the gem is version #{VERSION}")
    end

    attach_function :es_constant, %i[string], :int32
    attach_function :es_signing_key_variable, [], :string
    attach_function :es_api_key_variable, [], :string
    attach_function :es_api_secret_variable, [], :string
    attach_function :es_takes_environment, %i[pointer size_t], :uint8
    # Releases the GVL: reading a file:// key may block (a hung mount), and
    # parsing a key takes milliseconds. It is given copies in native memory,
    # which no Ruby thread can change meanwhile (Client#initialize).
    attach_function :es_client_new_len, %i[pointer size_t pointer size_t pointer size_t], :pointer, blocking: true
    attach_function :es_client_key_bits, %i[pointer], :size_t
    # Releases the GVL, so that threads sign in parallel.
    attach_function :es_generate_user_token_len, %i[pointer pointer size_t pointer], :pointer, blocking: true
    attach_function :es_token_options_size, [], :size_t
    attach_function :es_token_options_init, %i[pointer], :void
    attach_function :es_token_options_set, %i[pointer int32 pointer size_t int32 int64], :int
    attach_function :es_option_given_twice_error, %i[int32 pointer size_t], :int
    attach_function :es_invalid_utf8_error, %i[int32], :int
    attach_function :es_wrong_type_error, %i[int32], :int
    attach_function :es_client_free, %i[pointer], :void
    attach_function :es_free_string, %i[pointer], :void
    attach_function :es_last_error_code, [], :int
    attach_function :es_last_error_message, [], :string
    attach_function :es_last_error_name, [], :string
    attach_function :es_status_category, %i[int], :int

    # The value of the C enumerator `name`, e.g. constant("ES_CATEGORY_KEY"), from the library.
    def self.constant(name)
      value = es_constant(name)
      raise EngagespotToken.load_error("#{LIBRARY_PATH} knows no constant #{name}") if value.negative?

      value
    end

    # The bytes an es_token_options takes, as the library says.
    OPTIONS_SIZE = es_token_options_size
  end
end
