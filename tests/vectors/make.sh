#!/usr/bin/env bash
# Produces the fixed test vector with tools independent of this library:
# printf for the JSON, openssl for base64 and the RS256 signature.
# RSASSA-PKCS1-v1_5 is deterministic, so one key, iat and identifier give
# exactly one token. Usage: make.sh KEY IDENTIFIER API_KEY IAT
set -euo pipefail
key=$1 identifier=$2 api_key=$3 iat=$4
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
header=$(printf '%s' '{"alg":"RS256","typ":"JWT"}' | b64url)
payload=$(printf '{"sub":"user:%s","apiKey":"%s","iat":%d,"exp":%d}' "$identifier" "$api_key" "$iat" $((iat + 3600)) | b64url)
signature=$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -sign "$key" -binary | b64url)
printf '%s.%s.%s\n' "$header" "$payload" "$signature"
