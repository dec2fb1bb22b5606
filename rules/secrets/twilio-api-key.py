import os
from twilio.rest import Client

# ruleid: twilio-api-key
client = Client("SK59f865443160969403bd29de862588c5", "JY1TiihOPtlhrLg4xCBt1WGwLlqfDzss", account_sid)
# ruleid: twilio-api-key
AUTH = 'SKc9c288a814b67e55da36e7344387b4df:zKItoEr2ixbsNPAdNoVyW9CXXF1ezhyG'
# ok: twilio-api-key
client = Client("SK726decc68939be0d142fdf673c01164d", os.environ["TWILIO_API_SECRET"], account_sid)
# ok: twilio-api-key
client = Client("SKxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "your_api_secret_goes_here_123456", sid)
# ok: twilio-api-key
client = Client("SKfedef769b3f4b6fe10d968b9fde7ad84", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", sid)
# ok: twilio-api-key
client = Client(api_key_sid, api_key_secret, account_sid)
