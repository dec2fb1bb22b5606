# ruleid: gitlab-pipeline-trigger-token
curl -X POST -F token=glptt-66fe7f7e57d1fab24bb0b7680cfb2d72e64952a2 -F ref=main https://gitlab.example.com/api/v4/projects/42/trigger/pipeline
# ruleid: gitlab-pipeline-trigger-token
TRIGGER_TOKEN="glptt-ef1fa02808935be9b720260a4d8474ab0c1f29f6"
# ok: gitlab-pipeline-trigger-token
TRIGGER_TOKEN="glptt-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
# ok: gitlab-pipeline-trigger-token
TRIGGER_TOKEN="glptt-0000000000000000000000000000000000000000"
# ok: gitlab-pipeline-trigger-token
TRIGGER_TOKEN="$CI_TRIGGER_TOKEN"
# ok: gitlab-pipeline-trigger-token
TRIGGER_TOKEN=$(python -c 'import os; print(os.environ["TRIGGER_TOKEN"])')
# too short
# ok: gitlab-pipeline-trigger-token
TRIGGER_TOKEN="glptt-730d2b972cea569a0727"
