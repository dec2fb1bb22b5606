# ruleid: circleci-personal-api-token
curl -H "Circle-Token: CCIPAT_LGwxIHiauGFWmxdc2HEuEB_4530d7226819a642552ff4dfd0d5207edacf025e" https://circleci.com/api/v2/me
# ruleid: circleci-personal-api-token
export CIRCLECI_TOKEN=CCIPAT_F5EGmNuvB06HcxKJNiAXuw_ad9492797995551c806a5d8631d3d58f15809ff8
# ok: circleci-personal-api-token
curl -H "Circle-Token: $CIRCLECI_TOKEN" https://circleci.com/api/v2/me
# ok: circleci-personal-api-token
export CIRCLECI_TOKEN=CCIPAT_xxxxxxxxxxxxxxxxxxxxxx_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
# ok: circleci-personal-api-token
export CIRCLECI_TOKEN=CCIPAT_<token>
# ok: circleci-personal-api-token
export CIRCLECI_TOKEN=$(python -c 'import os; print(os.environ["CIRCLECI_TOKEN"])')
