# ruleid: anthropic-admin-key
ANTHROPIC_ADMIN_KEY=sk-ant-admin01-LbT4wIjbovW2MTQvHiPwKTK5YwXbELZpTMbdgIHfG9dv8jkIutyXZ5qVE0saukXlJ2eoGLf-SqIAwjDqkJ7p6EHwyhEhIAA
# ruleid: anthropic-admin-key
curl -H "x-api-key: sk-ant-admin01-8eab4GuzZ3s-2iqjgwNL_uF48g_2D0Ck4ETBg1Re55diC5BXrNn1S4HIp3BqHmpgK-ub0BwVUXagAXBZZ4jwxFrpzJX2uAA" https://api.anthropic.com/v1/organizations/users
# ok: anthropic-admin-key
ANTHROPIC_ADMIN_KEY=sk-ant-admin01-...
# ok: anthropic-admin-key
ANTHROPIC_ADMIN_KEY=sk-ant-admin01-000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000AA
# ok: anthropic-admin-key
curl -H "x-api-key: $ANTHROPIC_ADMIN_KEY" https://api.anthropic.com/v1/organizations/users
# ok: anthropic-admin-key
ANTHROPIC_ADMIN_KEY=$(python -c 'import os; print(os.environ["ANTHROPIC_ADMIN_KEY"])')
