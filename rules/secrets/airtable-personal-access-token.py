import os
from pyairtable import Api

# ruleid: airtable-personal-access-token
AIRTABLE_TOKEN = "patNnswxMBNI8g7Yn.bd879d95c0fcce522c7cef8c39538c43f5c73a352e973c9ac7ae9258168fd921"
# ruleid: airtable-personal-access-token
api = Api('patMN73zD02S4srAf.3154281020afcb8004f44bec8bc8aabb883a061429476f95516a662f899b7da7')
# ok: airtable-personal-access-token
AIRTABLE_TOKEN = "patxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
# ok: airtable-personal-access-token
AIRTABLE_TOKEN = "pat00000000000000.0000000000000000000000000000000000000000000000000000000000000000"
# ok: airtable-personal-access-token
AIRTABLE_TOKEN = os.environ["AIRTABLE_TOKEN"]
# ok: airtable-personal-access-token
AIRTABLE_TOKEN = "pat<id>.<secret>"
