#!/bin/sh
# ruleid: password-command-line-flag
mysqladmin --user=root --password=Tq7-vL2m-X9rZ status
# ruleid: password-command-line-flag
./proxy --ntlm-proxy-port 8080 --domain CORP --username jdoe --password Kw8mZ2xQ
# ruleid: password-command-line-flag
rubeus.exe kerberoast /creduser:DOMAIN\JOHN /credpassword:MyP@ssW0RD-7 /outfile:hash.txt
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
