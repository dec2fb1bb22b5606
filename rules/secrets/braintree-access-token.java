// ruleid: braintree-access-token
        BraintreeGateway gateway = new BraintreeGateway("access_token$production$7zb01awyp6kak7yc$f89625ed9582df13e6177aa69b4295ae");
// ruleid: braintree-access-token
        String token = "access_token$sandbox$9jtgcycj0g42o9s7$ddb05a1d77207c2b6a1b179f49141e39";
// ok: braintree-access-token
        BraintreeGateway gateway = new BraintreeGateway("access_token$production$<merchant>$<token>");
// ok: braintree-access-token
        BraintreeGateway gateway = new BraintreeGateway("access_token$production$0000000000000000$00000000000000000000000000000000");
// ok: braintree-access-token
        BraintreeGateway gateway = new BraintreeGateway(System.getenv("BRAINTREE_ACCESS_TOKEN"));
// ok: braintree-access-token
        String doc = "access_token$production$...";
