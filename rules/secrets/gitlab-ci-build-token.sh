# ruleid: gitlab-ci-build-token
curl --header "JOB-TOKEN: glcbt-64_HmGWvWltWnkcgEvaKbYC" https://gitlab.example.com/api/v4/jobs
# ruleid: gitlab-ci-build-token
CI_JOB_TOKEN=glcbt-1a2_GwIii8P0L3FiD7VXhGpq
# ok: gitlab-ci-build-token
curl --header "JOB-TOKEN: $CI_JOB_TOKEN" https://gitlab.example.com/api/v4/jobs
# ok: gitlab-ci-build-token
CI_JOB_TOKEN=glcbt-64_xxxxxxxxxxxxxxxxxxxx
# ok: gitlab-ci-build-token
CI_JOB_TOKEN=glcbt-64_<job-token>
# ok: gitlab-ci-build-token
CI_JOB_TOKEN=os.environ["CI_JOB_TOKEN"]
