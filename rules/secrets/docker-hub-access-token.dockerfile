# ruleid: docker-hub-access-token
RUN echo dckr_pat__BX7RR7fyVdrzCSVD_csd4m3SpM | docker login -u ci-bot --password-stdin
# ruleid: docker-hub-access-token
ENV DOCKERHUB_TOKEN=dckr_oat_EbDMpXAFyasPTJoZPEo_imJOSFNiQx99
# ok: docker-hub-access-token
RUN echo $DOCKERHUB_TOKEN | docker login -u ci-bot --password-stdin
# ok: docker-hub-access-token
ENV DOCKERHUB_TOKEN=dckr_pat_xxxxxxxxxxxxxxxxxxxxxxxxxxx
# ok: docker-hub-access-token
ENV DOCKERHUB_TOKEN=dckr_pat_<personal-access-token>
# ok: docker-hub-access-token
ENV DOCKERHUB_TOKEN=dckr_pat_000000000000000000000000000
# ok: docker-hub-access-token
RUN python -c 'import os; os.environ["DOCKERHUB_TOKEN"]'
