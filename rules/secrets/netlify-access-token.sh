# ruleid: netlify-access-token
NETLIFY_AUTH_TOKEN=nfp_oM2zEgFbjrrU9Z1J1fS7Pev6wFq08qELQbKl
# ruleid: netlify-access-token
netlify deploy --prod --auth "nfp_WWO2lOObZ92RVng3A288qMAZ74DVouPakz39"
# ok: netlify-access-token
NETLIFY_AUTH_TOKEN=nfp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
# ok: netlify-access-token
NETLIFY_AUTH_TOKEN=nfp_<token>
# ok: netlify-access-token
netlify deploy --prod --auth "$NETLIFY_AUTH_TOKEN"
# ok: netlify-access-token
NETLIFY_AUTH_TOKEN=$(python -c 'import os; print(os.environ["NETLIFY_AUTH_TOKEN"])')
