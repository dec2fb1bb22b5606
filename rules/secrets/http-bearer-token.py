import os

import requests

# ruleid: http-bearer-token
HEADERS = {"Authorization": "Bearer 9fQm2LxT7vR4kZ8pW3nY6cB1dH5jG0sA"}
# ruleid: http-bearer-token
requests.get("https://api.example.com/me", headers={"Authorization": "Bearer sl-7Hq2Vx9Kp4Lz8Rt3Wm6Nb1Cd"})
# ok: http-bearer-token
HEADERS_ENV = {"Authorization": f"Bearer {os.environ['API_TOKEN']}"}
# ok: http-bearer-token
EXAMPLE = "Authorization: Bearer YOUR_ACCESS_TOKEN_HERE"
# ok: http-bearer-token
DOC = "Authorization: Bearer xxxxxxxxxxxxxxxxxxxxxxxx"
# ok: http-bearer-token
NOTE = "Bearer authentication is described in RFC 6750"
