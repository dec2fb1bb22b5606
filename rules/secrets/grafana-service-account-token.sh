# ruleid: grafana-service-account-token
GRAFANA_TOKEN=glsa_ClYA9952VQHRKLUcUsYE9XdD6mDJlSQQ_7a27a4c4
# ruleid: grafana-service-account-token
curl -H "Authorization: Bearer glsa_4GKlQpfPZkhOBDjM7U3vzxIkpqN2DGN9_8358cc44" https://grafana.example.com/api/dashboards/uid/abc
# ok: grafana-service-account-token
GRAFANA_TOKEN=glsa_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx_xxxxxxxx
# ok: grafana-service-account-token
GRAFANA_TOKEN=glsa_00000000000000000000000000000000_00000000
# ok: grafana-service-account-token
curl -H "Authorization: Bearer $GRAFANA_TOKEN" https://grafana.example.com/api/dashboards/uid/abc
# ok: grafana-service-account-token
GRAFANA_TOKEN=$(python -c 'import os; print(os.environ["GRAFANA_TOKEN"])')
