# ruleid: stripe-webhook-signing-secret
ENDPOINT_SECRET = "whsec_Wu1IqatLD3psKGFiK8iLY6zozyPh4Dif"
# ruleid: stripe-webhook-signing-secret
event = stripe.Webhook.construct_event(payload, sig, 'whsec_jwDNW5ajSBFbHPwlUdUkF5qtfYT2WRmAmnoXXSWfbVlJpPDwFoVfMEzWojRq7LO6')
# ok: stripe-webhook-signing-secret
ENDPOINT_SECRET = "whsec_..."
# ok: stripe-webhook-signing-secret
ENDPOINT_SECRET = "whsec_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
# ok: stripe-webhook-signing-secret
ENDPOINT_SECRET = os.environ["STRIPE_WEBHOOK_SECRET"]
# ok: stripe-webhook-signing-secret
ENDPOINT_SECRET = "whsec_<signing secret>"
