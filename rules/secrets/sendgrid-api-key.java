// ruleid: sendgrid-api-key
        SendGrid sg = new SendGrid("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");
// ruleid: sendgrid-api-key
        String key = "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";
// ok: sendgrid-api-key
        SendGrid sg = new SendGrid("SG.xxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
// ok: sendgrid-api-key
        SendGrid sg = new SendGrid("SG.<your-key>");
// ok: sendgrid-api-key
        SendGrid sg = new SendGrid(System.getenv("SENDGRID_API_KEY"));
// ok: sendgrid-api-key
        SendGrid sg = new SendGrid("SG.0000000000000000000000.0000000000000000000000000000000000000000000");
// truncated
// ok: sendgrid-api-key
        String key = "SG.X84Ha2XVQubAHPb1ghUAy6.0VxTwqUhmUk0dxeSIw7-";
