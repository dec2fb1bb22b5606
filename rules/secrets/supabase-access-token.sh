# ruleid: supabase-access-token
SUPABASE_ACCESS_TOKEN=sbp_c7102af9f4edae109cf3d16681af27d08d3898e0
# ruleid: supabase-access-token
supabase login --token sbp_e6c9c8c3d2e426e90333d5ee6bd3806d073f9a95
# ok: supabase-access-token
SUPABASE_ACCESS_TOKEN=sbp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
# ok: supabase-access-token
SUPABASE_ACCESS_TOKEN=sbp_0000000000000000000000000000000000000000
# ok: supabase-access-token
supabase login --token "$SUPABASE_ACCESS_TOKEN"
# ok: supabase-access-token
SUPABASE_ACCESS_TOKEN=$(python -c 'import os; print(os.environ["SUPABASE_ACCESS_TOKEN"])')
