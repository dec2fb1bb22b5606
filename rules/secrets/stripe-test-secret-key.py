# ruleid: stripe-test-secret-key
stripe.api_key = "sk_test_2YErDxDbX3nb4sa4bDJGKaUj"
# ruleid: stripe-test-secret-key
STRIPE_KEY = 'rk_test_51YQCQUT8QcJRmp28d4x4nDTgd8ZE2YeuEHeyJ9etzBRL8Ri1x6clKDy6orwyEGcDBxnvapGMLnJd5Zdi6rWtEjFfnh93erO2g3'
# ok: stripe-test-secret-key
stripe.api_key = "sk_test_xxxxxxxxxxxxxxxxxxxxxxxx"
# ok: stripe-test-secret-key
stripe.api_key = "sk_test_000000000000000000000000"
# ok: stripe-test-secret-key
stripe.api_key = os.environ["STRIPE_SECRET_KEY"]
# ok: stripe-test-secret-key
stripe.api_key = "sk_test_<your key>"
# a publishable key is public
# ok: stripe-test-secret-key
PUBLISHABLE = "pk_test_cBGs21tp7s4RPxcZ7pIPCP9m"
