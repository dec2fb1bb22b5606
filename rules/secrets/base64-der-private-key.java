// Fixture for base64-der-private-key.
public class Keys {
    // ruleid: base64-der-private-key
    static final String PRIVATE_KEY = "MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKhS8iZlpgwS0okYXZUO6IE2CRZvaxE9F41sD9OQH/I5oaCV8g+TlWUM+TgLjtsiSmskih6STo/Qri4alJKjMF8YjLYQkA+eNH+uiG3GUHeV7HRcTD/LLrLHPhQ=";
    // ruleid: base64-der-private-key
    String rsa = "MIIEpAIBAAKCAQEAk0yGfuBXunJJm/oSHoNrKsFXJu59awr2qxPDjpLK4NFQV7FZmH+UzHQR1xfxRXmyqhAPu7NPpZP+rtJySLdi46tYBfB2WiucHX4PN8RJIb0/ZWTq338UKnJm";
    // ruleid: base64-der-private-key
    byte[] keystore = Base64.getDecoder().decode("MIIKlgIBAzCCClyMR+Ij0W7djEe0avxbruJh9TsmFS0mO6g7A3zUli5DSAEla4henJBR8yCw24PznqetvQ105t7H89+uzI9kZWZkGnuiZg8wEfw1cCkcV5kNGgCRJokZ8l2dBhI=");
    // ruleid: base64-der-private-key
    String ec = "MHcCAQEE3zWdYCaiQPRYml15Hx3ZfP76d3p7TxUkGr9XvUN61LEphAU08/OHXCWwi+oGwodM+qTdF7LYQoRd6CpbxTmIiseAVKI5nM/J/MLaMc490Wa9zTozhH5buwf9";
    // ok: base64-der-private-key
    static final String PUBLIC_KEY = "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8Ac92P2+zHd3OC2pYwL82DeaGdyy8Yck0kF4nP47GiCpj7ZfZzp72dpiifA9SHEA8JMOE9mQfHdlNwl9cy";
    // ok: base64-der-private-key
    String pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIEpQIBAAKCAQEAq8Vd2mK7Lp4Xz9Rw1Tb6Ny3Hc5Jf0Gs8Ue2Wa4Qk7Mv1Zr9Bx\n...";
    // ok: base64-der-private-key
    String prefixOnly = "MIIEvgIBADANBgkqhkiG9w0BAQEFAASC...";
}
