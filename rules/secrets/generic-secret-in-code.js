// Fixture for generic-secret-in-code. The cases are written in JavaScript, with lines in the
// syntax of other languages the rule reads (Go, Kotlin, Ruby, PHP, C#): the rule matches text.

// ruleid: generic-secret-in-code
const dbPassword = "Xk9mQ2vL7pR4t";
const config = {
  // ruleid: generic-secret-in-code
  apiKey: 'r7Tq2Lx9Wm4Zk8Pn',
  // ruleid: generic-secret-in-code
  "client_secret": "d8f2k7Lq9zX4mW1v",
  // ok: generic-secret-in-code
  token: "text",
  // ok: generic-secret-in-code
  password: process.env.DB_PASSWORD,
  // ok: generic-secret-in-code
  Credentials: creds,
  // ok: generic-secret-in-code
  secretAccessKey: roleOutput.Credentials.SecretAccessKey,
};
// ruleid: generic-secret-in-code
password := "Wq4-Tz8m-Rk2v"           // Go
// ruleid: generic-secret-in-code
val adminPassword = "Vr7-Kw2q-Zt9"   // Kotlin
// ruleid: generic-secret-in-code
:password => 'Oradoc_db1x',          // Ruby
// ruleid: generic-secret-in-code
$db_pass = 'Qz8-Lm2x-Wt4';           // PHP
// ruleid: generic-secret-in-code
string ConnectionSecret = @"k9Vx2Lq7Zt4Rm8Nb";  // C#
// ruleid: generic-secret-in-code
if (password === "hunter2Rocks") {}
// ruleid: generic-secret-in-code
if updated.Password != "T0pS3cr3t" {   // Go
// ok: generic-secret-in-code
if (event.key === "Enter" || token === "" || credentials === "include") {}
// ok: generic-secret-in-code
dbSchemaPassword = dbPassword
// ok: generic-secret-in-code
SMART_LCYL_PASS = 0x4f
// ok: generic-secret-in-code
const placeholder = { password: "${DB_PASSWORD}" };
// ok: generic-secret-in-code
const example = { password: "changeme" };
// ok: generic-secret-in-code
this.token = payload;
// ok: generic-secret-in-code
const TOKEN_HEADER = "X-Auth-Token";
// ok: generic-secret-in-code
li.className = assertion.result ? "pass" : "fail";
// ok: generic-secret-in-code
const messages = { 'labelPassword': 'Salasana:', 'enterRoomPassword': 'Rummet är lösenordsskyddat.' };
// ruleid: generic-secret-in-code
my %conn = (user => 'svc', pass => 'Lm2x-Qz8-Wt4k');   # Perl
// ruleid: generic-secret-in-code
want := &RegistrationToken{Token: String("LQBF3JGZDX3P5PMEXRT7N2S6FCWO6")}   // Go
// ok: generic-secret-in-code
cfg := Config{Token: String(os.Getenv("TOKEN"))}
// ok: generic-secret-in-code
album.thumbs[i] = album.password === '1' ? 'img/password.svg' : 'img/no_images.svg';
// ruleid: generic-secret-in-code
connectOp := []byte("CONNECT {\"user\":\"svc\",\"pass\":\"Wq4Tz8mRk2v\"}\r\n")   // Go
// ruleid: generic-secret-in-code
const string proxyPass = "Lm2x-Qz8-Wt4k";   // C#
// ruleid: generic-secret-in-code
db_pw := "Kw2q-Vr7-Zt9x"   // Go
// ruleid: generic-secret-in-code
"passphrase": "7fPxAjao0hmb9ggFCSl8WsvF+p5YU4HmWy",
// ok: generic-secret-in-code
var pgPass = require('pgpass');
// ok: generic-secret-in-code
const OK_ACCESS_PASSPHRASE = "OK-ACCESS-PASSPHRASE";
// ok: generic-secret-in-code
$locale = array('PASSWORD' => 'Wachtwoord', 'NEW_PASSWORD' => 'Nieuw wachtwoord');   // PHP
// ok: generic-secret-in-code
mydata += "&storeCredential=" + mydomval("storeCredential");
// An apostrophe inside a double-quoted literal is part of the password.
// ruleid: generic-secret-in-code
cfg.Password = "w0n'tGu3ssMe";   // Go
// A symbol outside ASCII is a password character, not another script.
// ruleid: generic-secret-in-code
const adminPassword = 'Qm7$?5l+Zk2RvT§x9';
// ok: generic-secret-in-code
const dbPassword = 'Contraseña';
// ruleid: generic-secret-in-code
const aesKey = "Vn4qT8zLw2Kp6RxJ";
// ok: generic-secret-in-code
const jwtKey = process.env.JWT_KEY;
