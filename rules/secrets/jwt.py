import os
import requests

# ruleid: jwt
SERVICE_TOKEN = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZSIsInJlZiI6ImbbiPpb_dLd6fFC4sSs3-STWeIsInJvbGUiOiJzZXJ2aWNlX3JvbGUiLCJpYXQiOjE3MDQwNjcyMDAsImV4cCI6MjAxOTY0MzIwMH0.DVbHXEswAQlqxoSARH5VcJztsFOPbZu3K55GvFzuKJq"

# ruleid: jwt
headers = {"Authorization": "Bearer eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ.eyJzdWIiOiJjaS1ib3QiLCJzY29wZSI6ImRlcGxveSJ9.LqQM0H1xpo-39atTdQBNhtUBI0MCspOoW971qaTvYd4vXB3Sslyy_CLKwWGmMct06v8ZpWULIBEpfHyELapNub"}

# ok: jwt
EXAMPLE = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"

# ok: jwt
UNSIGNED = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJjaS1ib3QifQ."

# ok: jwt
NOT_A_JWT = "eyJub3QiOiJhIGhlYWRlciJ9.eyJzdWIiOiJjaS1ib3QifQ.M1leG-0VvE-_rIa1PnoZqonQ_MydFe2y8cc0IW0XMMY"

# a README example: the payload is only {"some":"payload"}
# ok: jwt
README = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzb21lIjoicGF5bG9hZCJ9.2bb1iskMcuwgKsnLrCZ1BIfTIP-qot7LiGV0EPJaoQL"

# ok: jwt
TOKEN = os.environ["API_TOKEN"]

# ok: jwt
TRUNCATED = "eyJhbGciOiJIUzI1NiJ9.eyJ..."

# A service's token may carry nothing but its expiry: {"exp":1893456000}.
# ruleid: jwt
headers = {"Authorization": "Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJleHAiOjE4OTM0NTYwMDB9.If_tfRFy0vA-2WRHH5YpyY11CD1_rnZc0KntRfeJTkg"}
# A short payload without a time claim is an example: {"sub":"1"}.
# ok: jwt
SAMPLE = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxIn0.If_tfRFy0vA-2WRHH5YpyY11CD1_rnZc0KntRfeJTkg"
