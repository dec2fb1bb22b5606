-- ruleid: sql-password
CREATE USER app_rw IDENTIFIED BY 'Tq7vL2mX9rZ4';
-- ruleid: sql-password
ALTER USER sys IDENTIFIED BY Orcl8SysAdm container=all;
-- ruleid: sql-password
CREATE ROLE reporting WITH LOGIN PASSWORD 'Kw8-mZ2x-Q4';
-- ok: sql-password
CREATE ROLE reporting WITH LOGIN PASSWORD :'pw';
-- ok: sql-password
CREATE USER app_rw IDENTIFIED BY '${APP_DB_PASSWORD}';
-- ok: sql-password
ALTER USER postgres WITH PASSWORD 'changeme';
-- ok: sql-password
SELECT id FROM users WHERE password = crypt($1, password);
-- ruleid: sql-password
CREATE USER chuck WITH PASSWORD 'Always1st$' SUPERUSER;
-- ok: sql-password
CREATE USER chuck WITH PASSWORD '$1';
-- ruleid: sql-password
-- psql -c "ALTER ROLE postgres PASSWORD 'Vr7-Kw2q-Zt9'; SELECT pg_reload_conf()"
-- ruleid: sql-password
-- mysql -uroot -e "create user 'gh-ost'@'%' identified by 'Lm2x-Qz8-Wt4k'"
-- ok: sql-password
-- password = 'Lm2x-Qz8-Wt4k'
-- An apostrophe inside a double-quoted password.
-- ruleid: sql-password
CREATE USER report@'%' IDENTIFIED BY "d0n'tGu3ss-R8";
