import java.net.http.HttpRequest;

class Releases {
    // ruleid: github-app-user-token
    private static final String TOKEN = "ghu_UIyGvYADapaoCeKgT7guyzzFGuJdbb45kL6n";

    HttpRequest request() {
        return HttpRequest.newBuilder()
            // ruleid: github-app-user-token
            .header("Authorization", "Bearer ghu_mKdMlj9pzm9MI8urAgYN8BiFxyqgwM1Cdljb")
            .build();
    }

    // ok: github-app-user-token
    private static final String DOC = "ghu_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";
    // ok: github-app-user-token
    private static final String ZERO = "ghu_000000000000000000000000000000000000";
    // wrong checksum
    // ok: github-app-user-token
    private static final String BAD = "ghu_gyzhnaFkFW3uSWwuiM3XeiyQHakhJ50TgAKA";
    // ok: github-app-user-token
    private static final String ENV = System.getenv("GITHUB_TOKEN");
}
