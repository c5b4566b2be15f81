import Foundation
import Logging
import PeyvandChannels
import PeyvandCore

/// What the web application needs to start. The CLI fills it from arguments and the environment;
/// tests fill it in code.
public struct AppConfiguration: Sendable {
    public var host: String
    public var port: Int
    public var timeZone: TimeZone
    /// Set `Secure` on cookies (when served behind HTTPS).
    public var secureCookies: Bool
    public var logLevel: Logger.Level
    /// Where document files are kept (named by their SHA-256).
    public var documentsPath: String
    /// The bearer token `/metrics` asks for; without one, `/metrics` is not served (404).
    public var metricsToken: String?
    /// The first wait after the free failed sign-ins of one account from one address, in
    /// milliseconds (then doubled each time); see `LoginThrottle`.
    public var loginFirstWait: Int64 = 2000
    /// The address customers reach this installation at (unsubscribe links in messages);
    /// `http://host:port` unless set.
    public var publicURL: String?
    /// The channels this instance sends on (`email`, `sms`, `messenger`, `webhook`), as the
    /// channels page reports them.
    public var configuredChannels: [String] = ["webhook"]
    /// Work out the forecast of this quarter and year in both calendars as the server starts,
    /// so the first managers to open it after a start do not wait for it (`serve` sets it).
    public var warmForecast = false

    /// `publicURL`, or this instance's own address.
    public var baseURL: String { publicURL ?? "http://\(host):\(port)" }
    // SMS
    /// The gateway SMS go through; it also reads what it pushes to the callback (nil: no SMS).
    public var smsProvider: (any SMSProvider)?
    /// The line SMS are sent from (`3000…`).
    public var smsSender: String?
    /// What a part costs, shown before sending (nil: zero in the base currency).
    public var smsPrices: SMSPrices?

    public init(host: String = "127.0.0.1", port: Int = 8080, timeZone: TimeZone = TimeZone(identifier: "Asia/Tehran") ?? .gmt,
                secureCookies: Bool = false, logLevel: Logger.Level = .info,
                documentsPath: String = NSTemporaryDirectory() + "peyvand-documents", metricsToken: String? = nil) {
        self.host = host
        self.port = port
        self.timeZone = timeZone
        self.secureCookies = secureCookies
        self.logLevel = logLevel
        self.documentsPath = documentsPath
        self.metricsToken = metricsToken
    }
}
