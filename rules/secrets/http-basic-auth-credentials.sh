#!/bin/sh
# ruleid: http-basic-auth-credentials
curl -H "Authorization: Basic YWRtaW46UzNjdXJlIVBhc3MyMDI0" https://api.example.com/v1/items
# ruleid: http-basic-auth-credentials
AUTH_HEADER='Basic ZGVwbG95OlRxN3ZMMm1YOXJaNA=='
# ok: http-basic-auth-credentials
curl -H "Authorization: Basic dXNlcjpwYXNzd29yZA==" https://api.example.com/v1/items
# ok: http-basic-auth-credentials
curl -H "Authorization: Basic $(printf '%s:%s' "$USER" "$PASS" | base64)" https://api.example.com
# ok: http-basic-auth-credentials
echo "Basic authentication is configured in the admin console"
