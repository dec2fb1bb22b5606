# ruleid: clojars-deploy-token
{#"clojars" {:username "ci-bot" :password "CLOJARS_pl27q6a1lg62m3yam1o5fc85ddocypmt7ooukhemtfcu41exarzvevrr68vc"}}
# ruleid: clojars-deploy-token
CLOJARS_PASSWORD=CLOJARS_6d0645t3nbt3ueiin5bqp48mwy9flyyhfyvtfwlhjbx3jjw6dzk72kqkzelf
# ok: clojars-deploy-token
{#"clojars" {:username "ci-bot" :password :env/clojars_password}}
# ok: clojars-deploy-token
CLOJARS_PASSWORD=CLOJARS_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
# ok: clojars-deploy-token
CLOJARS_PASSWORD=CLOJARS_<token>
# ok: clojars-deploy-token
CLOJARS_PASSWORD=os.environ["CLOJARS_PASSWORD"]
