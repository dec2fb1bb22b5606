# ruleid: dropbox-access-token
dbx = dropbox.Dropbox("sl.BEzTNV--DMHlqXmwTJH0FC6xx39VKU91MrjXqrjo3mf2YjzZlfMGCZ6gS44MyWE1F7p-IdgJEDrf0tYHMIeMP1gkcwkKVb1b5Af6fqtMUDUBSGWWCfQf4G81G6kBoy9l_lGbdpKlSNu")
# ruleid: dropbox-access-token
DROPBOX_TOKEN = 'sl.u.AFJHQeaoJSdOofoVSkrrayk_zoqUk-T3vhGA7RnxICRBiSrFOlKnTE1lcz4Ad3qSKje1uLfc5-SCONItf5rtOvqQmZh3BhSH1GjM41BXbJ-PxaTwwg7tygEnpkQy-28BnC7soThpatvJv2HcsiIf6lzT_VdkaZwWISjYo2uT4zpZJRjfgz1erDRCCN4mm8mJJInqPlwAZf7CDg3b0LOvsfrGoRJlnRuFxN45z85GaLU_OLin-AdYcBOA6GQQAgQeyhxfjC-mspHFT56siYJz4CGHPjuhqfKB92Sn29AIxz4y9gkbqsyVz-ZMQuy0hTGt9zcKrF5_Kc9wKEe0fRFO1UT_nC5JRqClKPOcLXF0avzONWNvLdtbDcdgN1UMjEtAgs0QUsvWPEAJBcssri'
# ok: dropbox-access-token
dbx = dropbox.Dropbox("sl.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")
# ok: dropbox-access-token
dbx = dropbox.Dropbox(os.environ["DROPBOX_ACCESS_TOKEN"])
# ok: dropbox-access-token
dbx = dropbox.Dropbox("sl.<access-token>")
# a TLS setting, not a token
# ok: dropbox-access-token
context = ssl.create_default_context()
