# ruleid: replicate-api-token
REPLICATE_API_TOKEN=r8_zkzttOrqpzZZjl6PbhCQMCvLBFwpdoPlmQx5N
# ruleid: replicate-api-token
curl -H "Authorization: Bearer r8_thBUaKAoruz4v8mrr05XncTAk8xTMqCs0Qdnx" https://api.replicate.com/v1/predictions
# ok: replicate-api-token
REPLICATE_API_TOKEN=r8_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
# ok: replicate-api-token
REPLICATE_API_TOKEN=r8_<token>
# ok: replicate-api-token
curl -H "Authorization: Bearer $REPLICATE_API_TOKEN" https://api.replicate.com/v1/predictions
# ok: replicate-api-token
REPLICATE_API_TOKEN=$(python -c 'import os; print(os.environ["REPLICATE_API_TOKEN"])')
