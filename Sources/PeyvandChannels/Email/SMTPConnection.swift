import NIOCore
import NIOPosix
import NIOSSL

/// One TCP (or TLS) connection to an SMTP server: writes command lines, reads replies with a
/// time limit, and can start TLS in the middle (STARTTLS).
struct SMTPConnection: Sendable {
    let channel: any NIOCore.Channel
    let configuration: SMTPConfiguration
    let firstFailure: SMTPFailureBox

    static func connect(_ configuration: SMTPConfiguration, group: any EventLoopGroup) async throws -> SMTPConnection {
        let tls: NIOSSLContext? = configuration.security == .implicitTLS ? try makeTLSContext(configuration) : nil
        let serverName = sniName(configuration.host)
        let failures = SMTPFailureBox()
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(TimeAmount(configuration.connectTimeout))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let sync = channel.pipeline.syncOperations
                    if let tls {
                        try sync.addHandler(NIOSSLClientHandler(context: tls, serverHostname: serverName))
                    }
                    try sync.addHandler(ByteToMessageHandler(SMTPReplyDecoder()))
                    try sync.addHandler(SMTPReplyHandler(firstFailure: failures))
                }
            }
        do {
            let channel = try await bootstrap.connect(host: configuration.host, port: configuration.port).get()
            return SMTPConnection(channel: channel, configuration: configuration, firstFailure: failures)
        } catch let error as SMTPError {
            throw error
        } catch ChannelError.connectTimeout {
            throw SMTPError(.timeout, stage: "connect", message: "could not connect to \(configuration.host):\(configuration.port) within the connect time-out")
        } catch {
            throw SMTPError(.connection, stage: "connect", message: "could not connect to \(configuration.host):\(configuration.port): \(error)")
        }
    }

    static func makeTLSContext(_ configuration: SMTPConfiguration) throws -> NIOSSLContext {
        var tls = TLSConfiguration.makeClientConfiguration()
        if !configuration.verifyCertificate { tls.certificateVerification = .none }
        do {
            return try NIOSSLContext(configuration: tls)
        } catch {
            throw SMTPError(.tls, stage: "TLS", message: "could not set up TLS: \(error)")
        }
    }

    /// The name sent in TLS SNI and checked against the certificate: none for an IP address.
    static func sniName(_ host: String) -> String? {
        (try? SocketAddress(ipAddress: host, port: 0)) == nil ? host : nil
    }

    /// The next reply of the server, waiting at most `timeout` (the command time-out by default).
    func reply(stage: String, timeout: Duration? = nil) async throws -> SMTPReply {
        let limit = TimeAmount(timeout ?? configuration.commandTimeout)
        let channel = self.channel
        let failures = firstFailure
        let future = channel.eventLoop.flatSubmit { () -> EventLoopFuture<SMTPReply> in
            do {
                let handler = try channel.pipeline.syncOperations.handler(type: SMTPReplyHandler.self)
                return handler.nextReply(on: channel.eventLoop, timeout: limit, stage: stage)
            } catch {
                var e = failures.value ?? SMTPError(.connection, stage: stage, message: "the connection is gone")
                e.stage = stage
                return channel.eventLoop.makeFailedFuture(e)
            }
        }
        return try await future.get()
    }

    /// Writes `line` and CRLF.
    func send(_ line: String, stage: String) async throws {
        try await write(ByteBuffer(string: line + "\r\n"), stage: stage)
    }

    func write(_ buffer: ByteBuffer, stage: String) async throws {
        do {
            try await channel.writeAndFlush(buffer)
        } catch {
            // What the pipeline saw first (a failed TLS handshake) says more than the failed write.
            if var first = firstFailure.value {
                first.stage = stage
                throw first
            }
            throw SMTPError.from(error, stage: stage)
        }
    }

    /// Sends `line` and returns the reply, throwing the reply's error unless its code is in `expect`.
    @discardableResult
    func command(_ line: String, stage: String, expect: Set<Int>, timeout: Duration? = nil) async throws -> SMTPReply {
        try await send(line, stage: stage)
        let r = try await reply(stage: stage, timeout: timeout)
        guard expect.contains(r.code) else { throw SMTPError.reply(r, stage: stage) }
        return r
    }

    /// Puts TLS in front of the connection after the server agreed to STARTTLS.
    func startTLS() async throws {
        let context = try Self.makeTLSContext(configuration)
        let serverName = Self.sniName(configuration.host)
        let channel = self.channel
        do {
            try await channel.eventLoop.submit {
                let handler = try NIOSSLClientHandler(context: context, serverHostname: serverName)
                try channel.pipeline.syncOperations.addHandler(handler, position: .first)
            }.get()
        } catch {
            throw SMTPError(.tls, stage: "STARTTLS", message: "could not start TLS: \(error)")
        }
    }

    func close() async {
        try? await channel.close()
    }
}
