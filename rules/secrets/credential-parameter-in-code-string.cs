// Fixture for credential-parameter-in-code-string.
class Worker
{
    static void Main()
    {
        // ruleid: credential-parameter-in-code-string
        var pgsql = OpenDbConnection("Server=db;Username=app;Password=Xk9mQ2vL7pR4t;");
        // ruleid: credential-parameter-in-code-string
        var sql = new SqlConnection("Data Source=sql01;User Id=svc;Pwd=Vr7-Kw2q-Zt9");
        // ok: credential-parameter-in-code-string
        var env = OpenDbConnection($"Server=db;Username=app;Password={password};");
        // ok: credential-parameter-in-code-string
        var none = OpenDbConnection("Server=db;Integrated Security=true;");
        // ok: credential-parameter-in-code-string
        var example = OpenDbConnection("Server=db;Username=app;Password=changeme;");
        // ruleid: credential-parameter-in-code-string
        var url = @"otpauth://totp/bar?secret=JBSWY3DPEHPK3PXPZQ7RT4&period=30";
        // ruleid: credential-parameter-in-code-string
        var body = "version=1.2&auth_user=svc&auth_pwd=Wq4Tz8mRk2v&format=json";
        // ruleid: credential-parameter-in-code-string
        var libpq = "user=app password=Qz8Lm2xWt4k host=db port=5432";
        // ok: credential-parameter-in-code-string
        var q = "https://api.example.com/login?access_token=" + token + "&x=1";
        // ok: credential-parameter-in-code-string
        SetupCertificateFile(certificate, password = null);
        // ok: credential-parameter-in-code-string
        var login = Login(user.password = attempted_password);
        // ok: credential-parameter-in-code-string
        var paging = "https://api.example.com/items?next_token=Wq4Tz8mRk2v&limit=10";
    }
}
