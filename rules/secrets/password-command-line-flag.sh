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
# The flag names whose password it is.
# ruleid: password-command-line-flag
keytool -importkeystore --keystore-password Rb4-Wq8m-Nz3 -noprompt
# As code builds the command: one string per argument.
# ruleid: password-command-line-flag
ProcessBuilder pb = new ProcessBuilder("server.jar", "--key-manager-password", "Jx7pLm2Q");
# ruleid: password-command-line-flag
subprocess.run(["mysqldump", "--password", "Vz9kRt4W", "shop"])
# ok: password-command-line-flag
psql --no-password --host db.internal
# ok: password-command-line-flag
ansible-playbook --ask-pass site.yml
# ok: password-command-line-flag
docker login --username ci --password-stdin registry.internal
# ruleid: password-command-line-flag
.\Deploy.ps1 -Certificate C:\certs\server.pfx -CertFilePassword Kq7-Vz2m-Rt8 -Force
# keytool and OpenSSL name the password in their own ways.
# ruleid: password-command-line-flag
keytool -importcert -alias ca -file ca.pem -keystore trust.jks -storepass Wd4-Hq8v-Mz2 -noprompt
# ruleid: password-command-line-flag
openssl pkcs12 -export -in cert.pem -inkey key.pem -out bundle.p12 -passout pass:Tq9-Rk3w-Vn7
# ok: password-command-line-flag
openssl rsa -in key.pem -passin env:KEY_PASSPHRASE -out plain.pem
# ok: password-command-line-flag
openssl rsa -in key.pem -passin file:/run/secrets/key_pass -out plain.pem
