/// How to reach an SMTP server: what an administrator fills in for "Email out".
public struct SMTPConfiguration: Sendable {
    public enum Security: String, Sendable, CaseIterable {
        /// Plain TCP, never encrypted (a relay on the same host or network only).
        case none
        /// Plain TCP, then `STARTTLS` before anything else is said; refused if the server does not offer it.
        case startTLS = "starttls"
        /// TLS from the first byte (usually port 465).
        case implicitTLS = "tls"
    }

    public enum AuthMethod: String, Sendable, CaseIterable {
        /// PLAIN if the server offers it, else LOGIN.
        case automatic
        case plain
        case login
    }

    public struct Credentials: Sendable {
        public var username: String
        public var password: String
        public init(username: String, password: String) {
            self.username = username
            self.password = password
        }
    }

    public var host: String
    public var port: Int
    public var security: Security
    public var credentials: Credentials?
    public var authMethod: AuthMethod
    /// The name given in EHLO/HELO: this host's name as the server should see it.
    public var heloName: String
    /// Verify the server's certificate against the system's trust roots and its name (keep on
    /// except for a test server with a self-signed certificate).
    public var verifyCertificate: Bool
    public var connectTimeout: Duration
    /// How long to wait for each reply of the server.
    public var commandTimeout: Duration
    /// How long to wait for the reply after the whole message was sent (servers scan it first).
    public var dataTimeout: Duration

    public init(
        host: String, port: Int? = nil, security: Security = .startTLS, credentials: Credentials? = nil,
        authMethod: AuthMethod = .automatic, heloName: String = "localhost", verifyCertificate: Bool = true,
        connectTimeout: Duration = .seconds(10), commandTimeout: Duration = .seconds(30),
        dataTimeout: Duration = .seconds(120)
    ) {
        self.host = host
        self.port = port ?? (security == .implicitTLS ? 465 : 587)
        self.security = security
        self.credentials = credentials
        self.authMethod = authMethod
        self.heloName = heloName
        self.verifyCertificate = verifyCertificate
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
        self.dataTimeout = dataTimeout
    }
}
