# frozen_string_literal: true

require "ffi"

module EngagespotToken
  # The C ABI (include/engagespot_token.h), loaded once. The values of the C
  # enums come from the header shipped with the library, not from this file.
  module Native
    extend FFI::Library

    # The library's and the header's file names.
    LIBRARY_FILE = "libengagespot_token.#{FFI::Platform::LIBSUFFIX}"
    HEADER_FILE = "engagespot_token.h"

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

    # The header bundled with the gem (or in the tree), without its comments.
    def self.read_header
      tried = [File.join(__dir__, HEADER_FILE), File.expand_path("../../../../include/#{HEADER_FILE}", __dir__)]
      path = tried.find { |file| File.file?(file) }
      raise EngagespotToken.load_error("the header #{HEADER_FILE} was not found; looked in: #{tried.join(', ')}") unless path

      File.read(path).gsub(%r{/\*.*?\*/}m, "")
    end

    tried = candidates
    # The library loaded: the first candidate that exists.
    LIBRARY_PATH = tried.find { |path| File.file?(path) }
    unless LIBRARY_PATH
      platforms = File.directory?(File.join(__dir__, "native")) ? bundled.join(", ") : "none"
      raise EngagespotToken.load_error("the native library #{LIBRARY_FILE} was not found for #{platform}; " \
                                       "looked in: #{tried.join(', ')}. The gem bundles it for: #{bundled}. " \
                                       "Set ENGAGESPOT_TOKEN_LIB to its path")
    end
    begin
      ffi_lib LIBRARY_PATH
    rescue LoadError => e
      raise EngagespotToken.load_error("cannot load #{LIBRARY_PATH}: #{e.message}")
    end
    header = read_header
    # The named constants of every C enum in the header, e.g. {"ES_CATEGORY_KEY" => 3}.
    ENUMS = header.scan(/typedef enum \w+ \{(.*?)\}/m).join.scan(/(ES_\w+) = (-?\d+)/)
                  .to_h { |name, value| [name, Integer(value)] }.freeze
    # es_token_options, laid out as the header says. A field of another type than
    # intN_t/uintN_t would make the struct too small for the library to fill: refuse it.
    body = header[/typedef struct es_token_options \{(.*?)\}/m, 1].to_s
    fields = body.scan(/^\s*(u?int\d+)_t (\w+);/)
    raise EngagespotToken.load_error("cannot read es_token_options from the header") if fields.size != body.count(";")

    Options = Class.new(FFI::Struct) { layout(*fields.flat_map { |type, name| [name.to_sym, type.to_sym] }) }

    attach_function :es_version, [], :string
    attach_function :es_signing_key_variable, [], :string
    # Holds the GVL, so that no Ruby thread changes the key or secret while it is read.
    attach_function :es_client_new_len, %i[pointer size_t pointer size_t pointer size_t], :pointer
    # Releases the GVL, so that threads sign in parallel.
    attach_function :es_generate_user_token_len, %i[pointer pointer size_t pointer], :pointer, blocking: true
    attach_function :es_token_options_default, [], Options.by_value
    attach_function :es_token_options_set, %i[pointer int32 pointer size_t int32 int64], :int
    attach_function :es_wrong_type_error, %i[int32], :int
    attach_function :es_client_free, %i[pointer], :void
    attach_function :es_free_string, %i[pointer], :void
    attach_function :es_last_error_code, [], :int
    attach_function :es_last_error_message, [], :string
    attach_function :es_last_error_name, [], :string
    attach_function :es_status_category, %i[int], :int

    if es_version != VERSION
      raise EngagespotToken.load_error("#{LIBRARY_PATH} is version #{es_version}, but the gem is version #{VERSION}")
    end
  end
end
