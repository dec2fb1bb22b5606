// ruleid: slack-webhook-url
    private static final String HOOK = "https://hooks.slack.com/services/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";
// ruleid: slack-webhook-url
    post("https://hooks.slack.com/workflows/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", body);
// ok: slack-webhook-url
    private static final String HOOK = "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX";
// ok: slack-webhook-url
    private static final String HOOK = "https://hooks.slack.com/services/TXXXXX/BXXXXX/<token>";
// ok: slack-webhook-url
    private static final String HOOK = System.getenv("SLACK_WEBHOOK_URL");
// ok: slack-webhook-url
    // see https://hooks.slack.com/services for the format
