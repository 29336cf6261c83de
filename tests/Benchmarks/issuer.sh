# Sourced by run.sh: a stand-in token issuer for the benchmark stack, so the services validate real signed JWT access
# tokens (JwtBearer with discovery and JWKS, exactly as against the identity service) without running the identity
# service and its database. An RSA key made per run; nginx serves the discovery document, the JWKS and a token endpoint
# that hands orders its client-credentials token; tokens are minted here with openssl.
# Needs: openssl, nginx, xxd (vim-common / xxd). Uses run.sh's $work, free_port, wait_for, started_pids.

b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }

# Starts the issuer; sets issuer_url. Tokens live a day, far longer than any run.
issuer_start() {
  local dir="$work/issuer" port
  mkdir -p "$dir/.well-known" "$dir/logs"
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$dir/key.pem" 2>/dev/null
  port=$(free_port)
  issuer_url="http://127.0.0.1:$port/"
  local n e
  n=$(openssl rsa -in "$dir/key.pem" -noout -modulus 2>/dev/null | cut -d= -f2 | xxd -r -p | b64url)
  e=$(printf '%06x' 65537 | xxd -r -p | b64url)
  printf '{"keys":[{"kty":"RSA","use":"sig","alg":"RS256","kid":"bench","n":"%s","e":"%s"}]}' "$n" "$e" >"$dir/jwks.json"
  printf '{"issuer":"%s","jwks_uri":"%sjwks.json","token_endpoint":"%sconnect/token","id_token_signing_alg_values_supported":["RS256"]}' \
    "$issuer_url" "$issuer_url" "$issuer_url" >"$dir/.well-known/openid-configuration"
  local service_token; service_token=$(issuer_mint orders-service "payments.charge" "" orders-service)
  cat >"$dir/nginx.conf" <<NGINX
daemon off;
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/logs/error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path $dir/body; proxy_temp_path $dir/proxy;
  fastcgi_temp_path $dir/fastcgi; uwsgi_temp_path $dir/uwsgi; scgi_temp_path $dir/scgi;
  server {
    listen 127.0.0.1:$port;
    root $dir;
    location = /.well-known/openid-configuration { default_type application/json; }
    location = /jwks.json { default_type application/json; }
    # Orders' client credentials grant: any request gets the orders-service token (payments.charge).
    location = /connect/token { default_type application/json; return 200 '{"access_token":"$service_token","token_type":"Bearer","expires_in":86400}'; }
  }
}
NGINX
  nginx -c "$dir/nginx.conf" -p "$dir" &
  started_pids+=($!)
  wait_for issuer curl -sf "${issuer_url}.well-known/openid-configuration"
}

# issuer_mint SUB "SCOPES" "ROLE" [CLIENT_ID]: prints a signed access token (audience referenceapp-api) for SUB.
issuer_mint() {
  local sub=$1 scopes=$2 role=$3 client=${4:-storefront} now header payload role_claim=""
  now=$(date +%s)
  [ -n "$role" ] && role_claim=$(printf ',"role":"%s"' "$role")
  header=$(printf '{"alg":"RS256","kid":"bench","typ":"at+jwt"}' | b64url)
  payload=$(printf '{"iss":"%s","aud":"referenceapp-api","sub":"%s","scope":"%s","client_id":"%s"%s,"iat":%d,"nbf":%d,"exp":%d}' \
    "$issuer_url" "$sub" "$scopes" "$client" "$role_claim" "$now" "$now" $((now + 86400)) | b64url)
  printf '%s.%s.%s' "$header" "$payload" \
    "$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -sign "$work/issuer/key.pem" | b64url)"
}
