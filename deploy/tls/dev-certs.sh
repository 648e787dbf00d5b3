#!/usr/bin/env bash
# Creates a development certificate authority and certificates signed by it, with openssl:
#
#   deploy/tls/dev-certs.sh [output-dir] [extra-name...]
#
# output-dir (default .wharf/tls) receives:
#   ca.pem, ca.key          the development CA (keep ca.key private; trust ca.pem in clients and brokers)
#   broker.pem, broker.key  a server certificate for 127.0.0.1, localhost and every extra name (DNS names or IPs)
#   client.pem, client.key  a client certificate (CN=wharf-client) for brokers that ask for one (tls.client.auth)
#
# Keys are PKCS#8 PEM (what the broker's tls.key and the client's private key expect); certificates last 825 days.
# Existing files are kept: delete the directory to start over. For development and tests only.
set -euo pipefail
out="${1:-.wharf/tls}"
shift || true
command -v openssl >/dev/null || { echo "dev-certs.sh needs openssl on the PATH" >&2; exit 2; }
mkdir -p "$out"
chmod 700 "$out"
cd "$out"

if [ ! -f ca.pem ]; then
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ca.key 2>/dev/null
  openssl req -x509 -new -key ca.key -sha256 -days 825 -subj "/CN=Wharf development CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" -out ca.pem
fi

sign() { # name subject extensions
  local name="$1" subject="$2" ext="$3"
  [ -f "$name.pem" ] && return 0
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$name.key" 2>/dev/null
  openssl req -new -key "$name.key" -subj "$subject" -out "$name.csr"
  printf '%s\n' "$ext" > "$name.ext"
  openssl x509 -req -in "$name.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -days 825 -sha256 \
    -extfile "$name.ext" -out "$name.pem" 2>/dev/null
  rm -f "$name.csr" "$name.ext"
}

san="IP:127.0.0.1,DNS:localhost"
for n in "$@"; do
  if [[ "$n" =~ ^[0-9.]+$ ]]; then san="$san,IP:$n"; else san="$san,DNS:$n"; fi
done
sign broker "/CN=wharf-broker" "basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth,clientAuth
subjectAltName=$san"
sign client "/CN=wharf-client" "basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=clientAuth"
chmod 600 ./*.key
echo "development certificates in $(pwd): ca.pem broker.pem broker.key client.pem client.key"
