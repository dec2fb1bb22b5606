#!/bin/sh
# ruleid: password-command-line-flag
mysqladmin --user=root --password=Tq7-vL2m-X9rZ status
# ruleid: password-command-line-flag
./sync-tool --host files.internal --user backup --password Kw8mZ2xQ
# ruleid: password-command-line-flag
deploy.exe /server:app01 /password:Hv3-Lq9x-Tz2 /restart
# ok: password-command-line-flag
mysqladmin --user=root --password="$MYSQL_ROOT_PASSWORD" status
# ok: password-command-line-flag
docker login --username ci --password-stdin < token.txt
# ok: password-command-line-flag
./tool --password <your-password>
# ok: password-command-line-flag
./tool --password ${DB_PASSWORD}
# ok: password-command-line-flag
./tool --password password
# ok: password-command-line-flag
#   -W, --password               force password prompt (should happen automatically)
# ok: password-command-line-flag
# the --password flag may be used to encrypt the generated document
