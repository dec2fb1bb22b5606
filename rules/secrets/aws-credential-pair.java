import com.amazonaws.auth.BasicAWSCredentials;

class S3Client {
    // ruleid: aws-credential-pair
    static final BasicAWSCredentials CREDS = new BasicAWSCredentials("AKIA2B7HDXQVSWLA43X4", "BxPqfnGqfi4L4JWyFInLqgoxKef+6gEnhgFny5Bw");

    // ruleid: aws-credential-pair
    static final String CSV = "deploy-bot,AKIATQDQ7D2575Q3EAKW,MEpqentXwBBKNhokG0IBfFjnC30oiCKzjZnnrwO5";

    // the documentation's example pair
    // ok: aws-credential-pair
    static final BasicAWSCredentials DOC = new BasicAWSCredentials("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");

    // placeholder secret
    // ok: aws-credential-pair
    static final BasicAWSCredentials P = new BasicAWSCredentials("AKIA42QOXJUADZ7LTC5I", "<secret-access-key>");

    // low entropy
    // ok: aws-credential-pair
    static final BasicAWSCredentials Z = new BasicAWSCredentials("AKIAT67S7R5IWIEXAGWW", "0000000000000000000000000000000000000000");

    // environment lookup
    // ok: aws-credential-pair
    static final BasicAWSCredentials E = new BasicAWSCredentials(System.getenv("AWS_ACCESS_KEY_ID"), System.getenv("AWS_SECRET_ACCESS_KEY"));

    // a SHA-1 digest after the key id
    // ok: aws-credential-pair
    static final String H = "AKIAKZVAAEYIYE6KWW7F 90608ef0a4c98322d3358bb592469e5ffd201926";
}
