#!/bin/sh
# Fixture for docker-swarm-join-token.
# ruleid: docker-swarm-join-token
docker swarm join --token SWMTKN-1-hbrpoig8f1cbfno6b9m80o2rak1vrjnvgfygwwqc38hyf9sxme-cosfogyr3xkxwnrek8pk3yr9o 10.0.0.5:2377
# ok: docker-swarm-join-token
docker swarm join --token "$SWARM_TOKEN" 10.0.0.5:2377
# ok: docker-swarm-join-token
docker swarm join --token SWMTKN-1-xxxxx 10.0.0.5:2377
