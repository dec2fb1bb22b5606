import os
from twilio.rest import Client

# ruleid: twilio-account-credentials
client = Client("AC03f9e2a911f2b0ed69dd8939550c3635", "5da4f48b2ce42d7127a11735591249b2")
# ruleid: twilio-account-credentials
subprocess.run(['curl', '-u', 'ACfd83a25c48af34973245668da126642b:a050f474b880740cc9b8b65a3d1491ee', url])
# ok: twilio-account-credentials
client = Client("AC0427125c1d76f2c292b0ed123a8cc55f", os.environ["TWILIO_AUTH_TOKEN"])
# ok: twilio-account-credentials
client = Client("ACxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "your_auth_token")
# ok: twilio-account-credentials
client = Client("AC0e987cab04a64b90b225d3d9421c5720", "00000000000000000000000000000000")
# ok: twilio-account-credentials
client = Client(account_sid, auth_token)
