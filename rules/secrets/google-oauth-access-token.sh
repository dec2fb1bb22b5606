#!/bin/bash
# ruleid: google-oauth-access-token
TOKEN="ya29.a0AfB_byEmd-o3LIe26nhl7A8SdTJQqehLIJf7KDc393qb8KGeEaVxDezUySY0jRqk2y9qYFOXLy9RXmtN6md-4W1cay5t8muFD1M-mw1sI7A76kAoEcHG0Facg_x9VI32ky58526V7Zwq9HuCc-"
# ruleid: google-oauth-access-token
curl -H "Authorization: Bearer ya29.c.b0Aaekm1vgiFbetqovPOBxY1tmKHo3TTWly_6sHsi7EG_0UgTuESE-ZoJBuy6uhoQN6UmASkr327HpdDs8_vVpUWHqGuQf_lL05SKAWu5SdpCIGOisvv3DlG5Ok5EBTfcH64jfKAzSv-vJ-WAUjFXnMwWHKglu3LHu6-p_lRVMzw5DmCfpgnEtr2Giok" https://storage.googleapis.com/storage/v1/b
# ok: google-oauth-access-token
curl -H "Authorization: Bearer ya29.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" https://example.org
# ok: google-oauth-access-token
curl -H "Authorization: Bearer ya29.<ACCESS_TOKEN>" https://example.org
# ok: google-oauth-access-token
TOKEN="$(gcloud auth print-access-token)"
# ok: google-oauth-access-token
TOKEN="ya29.a0AfB_by"
