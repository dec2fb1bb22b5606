// Fixture for connection-string-password-in-code.
class Worker
{
    static void Main()
    {
        // ruleid: connection-string-password-in-code
        var pgsql = OpenDbConnection("Server=db;Username=app;Password=Xk9mQ2vL7pR4t;");
        // ruleid: connection-string-password-in-code
        var sql = new SqlConnection("Data Source=sql01;User Id=svc;Pwd=Vr7-Kw2q-Zt9");
        // ok: connection-string-password-in-code
        var env = OpenDbConnection($"Server=db;Username=app;Password={password};");
        // ok: connection-string-password-in-code
        var none = OpenDbConnection("Server=db;Integrated Security=true;");
        // ok: connection-string-password-in-code
        var example = OpenDbConnection("Server=db;Username=app;Password=changeme;");
    }
}
