import os

import requests

# ruleid: http-bearer-token
HEADERS = {"Authorization": "Bearer 9fQm2LxT7vR4kZ8pW3nY6cB1dH5jG0sA"}
# ruleid: http-bearer-token
requests.get("https://api.example.com/me", headers={"Authorization": "Bearer sl-7Hq2Vx9Kp4Lz8Rt3Wm6Nb1Cd"})
# ruleid: http-bearer-token
GRAFANA = {"Authorization": "Bearer eyJrIjoiWnE4WGtSMm1ONHBMN3NUMXZXOXlCM2NEIiwibiI6ImNpLWJvdCIsImlkIjo3fQ=="}
# ok: http-bearer-token
SIGNED = "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjaS1ib3QifQ.c2lnbmF0dXJlLXZhbHVlLWhlcmU"
# ok: http-bearer-token
HEADERS_ENV = {"Authorization": f"Bearer {os.environ['API_TOKEN']}"}
# ok: http-bearer-token
EXAMPLE = "Authorization: Bearer YOUR_ACCESS_TOKEN_HERE"
# ok: http-bearer-token
DOC = "Authorization: Bearer xxxxxxxxxxxxxxxxxxxxxxxx"
# ok: http-bearer-token
NOTE = "Bearer authentication is described in RFC 6750"
# An opaque hex access token is a credential, not a checksum.
# ruleid: http-bearer-token
RECORDED = {"Authorization": ["Bearer 5c0e8a3f71d94b26e0a7c3f58b1d9e4a27f6c0b83d5e19a4f7c2b6e0d8a3f1c95"]}
