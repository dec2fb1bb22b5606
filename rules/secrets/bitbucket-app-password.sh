# ruleid: bitbucket-app-password
git clone https://ci-bot:ATBB1AKD5DnxdtAuJvMtdpcOV2yK41525721@bitbucket.org/acme/payments.git
# ruleid: bitbucket-app-password
BITBUCKET_APP_PASSWORD="ATBBdafrnMH2V2TQu4OVchD1bwKMB8A574EB"
# ok: bitbucket-app-password
BITBUCKET_APP_PASSWORD="ATBBxxxxxxxxxxxxxxxxxxxxxxxxXXXXXXXX"
# ok: bitbucket-app-password
BITBUCKET_APP_PASSWORD="ATBB000000000000000000000000AAAAAAAA"
# ok: bitbucket-app-password
BITBUCKET_APP_PASSWORD="${BITBUCKET_APP_PASSWORD}"
# ok: bitbucket-app-password
password = os.environ["BITBUCKET_APP_PASSWORD"]
# too short
# ok: bitbucket-app-password
BITBUCKET_APP_PASSWORD="ATBBH7vn05fWUX5H6rLcVZ0k"
