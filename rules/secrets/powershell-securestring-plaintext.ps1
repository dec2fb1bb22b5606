# Fixture for powershell-securestring-plaintext.
# ruleid: powershell-securestring-plaintext
$pass = ConvertTo-SecureString 'Vr7-Kw2q-Zt9!' -AsPlainText -Force
# ruleid: powershell-securestring-plaintext
New-MachineAccount -MachineAccount svc01 -Password $(ConvertTo-SecureString -String "Weak3st-123*" -AsPlainText -Force)
# ok: powershell-securestring-plaintext
$pass = ConvertTo-SecureString $env:DEPLOY_PASSWORD -AsPlainText -Force
# ok: powershell-securestring-plaintext
$pass = ConvertTo-SecureString "$Password" -AsPlainText -Force
# ok: powershell-securestring-plaintext
$pass = ConvertTo-SecureString '<password>' -AsPlainText -Force
