#!/usr/bin/env bash
# Signs a SMART Support identity token (HS256) for one signed-in customer of your shop, as your backend would.
# Usage: SITE_ID=site_… SITE_SECRET=… ./identity-token.sh <your customer id> <e-mail> <name> [language]
# Needs bash and openssl. The token lives 5 minutes and works once (docs/identity-verification.md).
set -euo pipefail
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
json() { local s=${1//\\/\\\\}; s=${s//\"/\\\"}; printf '"%s"' "$s"; }   # a JSON string
now=$(date +%s)
header=$(printf '{"alg":"HS256","typ":"JWT"}' | b64url)
claims=$(printf '{"sub":%s,"email":%s,"name":%s,"language":%s,"aud":%s,"iat":%d,"exp":%d,"jti":"%s"}' \
  "$(json "$1")" "$(json "$2")" "$(json "$3")" "$(json "${4:-en}")" "$(json "$SITE_ID")" "$now" $((now + 300)) \
  "$(openssl rand -hex 16)" | b64url)
signature=$(printf '%s.%s' "$header" "$claims" | openssl dgst -sha256 -hmac "$SITE_SECRET" -binary | b64url)
printf '%s.%s.%s\n' "$header" "$claims" "$signature"
