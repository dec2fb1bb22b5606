// ruleid: amqp-url-password
    factory.setUri("amqps://orders:CiS28Q2ccc2DH41kza1F@b-1234abcd.mq.eu-west-1.amazonaws.com:5671/%2f");
// ruleid: amqp-url-password
    private static final String BROKER = "amqp://billing:oCeJlS261zIfY1IC@rabbit.acme.internal:5672/billing";
// ruleid: amqp-url-password
    factory.setUri("amqp://guest:guest@localhost:5672/");
// ok: amqp-url-password
    factory.setUri("amqp://" + user + ":" + password + "@rabbit:5672/");
// ok: amqp-url-password
    factory.setUri(System.getenv("RABBITMQ_URL"));
// ok: amqp-url-password
    factory.setUri("amqp://app:${RABBITMQ_PASSWORD}@rabbit:5672/");
// ok: amqp-url-password
    factory.setUri("amqp://app:00000000@rabbit:5672/");
