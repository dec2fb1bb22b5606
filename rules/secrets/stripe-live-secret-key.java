// ruleid: stripe-live-secret-key
        Stripe.apiKey = "sk_live_N0djD6c44BR6lgNDamcNIVjU";
// ruleid: stripe-live-secret-key
        RequestOptions opts = RequestOptions.builder().setApiKey("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").build();
// ok: stripe-live-secret-key
        Stripe.apiKey = "sk_live_xxxxxxxxxxxxxxxxxxxxxxxx";
// ok: stripe-live-secret-key
        Stripe.apiKey = "sk_live_000000000000000000000000";
// ok: stripe-live-secret-key
        Stripe.apiKey = System.getenv("STRIPE_SECRET_KEY");
// ok: stripe-live-secret-key
        Stripe.apiKey = "sk_live_...";
// too short
// ok: stripe-live-secret-key
        Stripe.apiKey = "sk_live_Lu5UitD3XaCjq3x7";
