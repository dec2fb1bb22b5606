import os
from alibabacloud_tea_openapi import models

# ruleid: alibaba-cloud-access-key-id
config = models.Config(access_key_id="LTAID0t7OWg8pDTdQ5DMSiVm", access_key_secret=SECRET)

# ruleid: alibaba-cloud-access-key-id
ACCESS_KEY_ID = 'LTAIRfnMj6110Je1wjze9Kg6'

# ok: alibaba-cloud-access-key-id
ACCESS_KEY_ID = "LTAIxxxxxxxxxxxxxxxxxxxx"

# ok: alibaba-cloud-access-key-id
ACCESS_KEY_ID = "LTAI00000000000000000000"

# ok: alibaba-cloud-access-key-id
ACCESS_KEY_ID = os.environ["ALIBABA_CLOUD_ACCESS_KEY_ID"]

# ok: alibaba-cloud-access-key-id
ACCESS_KEY_ID = "LTAIzSTRp53K6W94"
