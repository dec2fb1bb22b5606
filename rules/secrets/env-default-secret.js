// Express and Node apps
// ruleid: env-default-secret
const dbPassword = process.env.DB_PASSWORD || 'Vq4-Lm8x-Rz2k';
// ruleid: env-default-secret
const jwtSecret = process.env["JWT_SECRET"] ?? "Zq7vLm2xR9wPq3Ts";
// ruleid: env-default-secret
const apiToken = getenv('API_TOKEN', 'tk_8Hq2Lm9xRv4Tz7Wp');
// ok: env-default-secret
const password = process.env.DB_PASSWORD || '';
// ok: env-default-secret
const secret = process.env.SESSION_SECRET || 'changeme';
// ok: env-default-secret
const key = process.env.API_KEY || 'your-api-key-here';
// ok: env-default-secret
const port = process.env.PORT || '8080';
// ok: env-default-secret
const host = getenv('DB_HOST', 'db.internal.example');
