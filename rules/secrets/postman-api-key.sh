# ruleid: postman-api-key
POSTMAN_API_KEY=PMAK-75167dd32cb833f9ac395a75-7b70fa3091aa3db154ccccae8cf2698086
# ruleid: postman-api-key
newman run "https://api.getpostman.com/collections/123?apikey=PMAK-1ab0155efaa4180481a0add7-14b5cd8d3f3368f1f510b3c0e82657b301"
# ok: postman-api-key
POSTMAN_API_KEY=PMAK-xxxxxxxxxxxxxxxxxxxxxxxx-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
# ok: postman-api-key
POSTMAN_API_KEY=PMAK-000000000000000000000000-0000000000000000000000000000000000
# ok: postman-api-key
newman run "https://api.getpostman.com/collections/123?apikey=$POSTMAN_API_KEY"
# ok: postman-api-key
POSTMAN_API_KEY=$(python -c 'import os; print(os.environ["POSTMAN_API_KEY"])')
