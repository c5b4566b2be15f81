import ArgumentParser
import Foundation
import Logging
import PeyvandChannels
import PeyvandStore

/// `peyvand mail receive`: the inbound end of email, for an MTA to pipe each message into.
struct MailCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mail", abstract: "Receive email: the command an MTA pipes each message into.",
        subcommands: [Receive.self])

    struct Receive: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read one RFC 5322 message on standard input and land it on the customer's timeline.",
            discussion: """
                Threaded by a [#thread] token in the subject, then In-Reply-To/References, then the sender's address; \
                an unknown sender becomes a new contact. A delivery status notification (bounce) marks the returned \
                message bounced and records the address instead. The same Message-ID twice is stored once.
                Exit status as MTAs expect (sysexits.h): 0 stored; 65 (EX_DATAERR) the message cannot be read — the \
                MTA returns it to its sender; 75 (EX_TEMPFAIL) the database is unavailable — the MTA tries again later.
                """)

        @OptionGroup var database: DatabaseOptions
        @Option(help: "Also keep attachments as the customer's documents in this folder (the folder `serve --documents` uses).")
        var documents: String?

        static let dataError: Int32 = 65
        static let temporaryFailure: Int32 = 75

        func run() async throws {
            let limits = MailLimits.standard
            let raw: [UInt8]
            do {
                raw = try Self.readStandardInput(limit: limits.maxMessageBytes)
            } catch {
                Self.fail("cannot read standard input: \(error)", Self.temporaryFailure)
            }
            let mail: ParsedMail
            do {
                mail = try MailParser.parse(raw, limits: limits)
            } catch {
                Self.fail("malformed message: \(error)", Self.dataError)
            }
            let db: Database
            do {
                db = try await database.open()
            } catch {
                Self.fail("the database is unavailable, try again later: \(error)", Self.temporaryFailure)
            }
            do {
                let inbox = MailInbox(database: db, documents: documents.map { DocumentRepository(db, root: $0) })
                let receipt = try await inbox.receive(mail, raw: raw)
                try? await db.shutdown()
                Console.line(Self.describe(receipt))
            } catch {
                try? await db.shutdown()
                Self.fail("the message was not stored, try again later: \(DatabaseOptions.describe(error))", Self.temporaryFailure)
            }
        }

        static func describe(_ receipt: MailReceipt) -> String {
            switch receipt {
            case let .message(r, documents):
                var line = "received: customer \(r.customerId) interaction \(r.interactionId) thread \(r.threadId)"
                if r.createdCustomer { line += " (new contact)" }
                if r.duplicate { line += " (already received; nothing new stored)" }
                if !documents.isEmpty { line += " documents \(documents.map(String.init).joined(separator: ","))" }
                if let ticket = r.ticketId { line += " ticket \(ticket)" }
                return line
            case let .bounce(b):
                let who = b.recipients.map { "\($0.address) \($0.status)\($0.isHard ? " (hard)" : "")" }.joined(separator: ", ")
                var line = "bounce: " + (who.isEmpty ? "no failed recipient named" : who)
                if let id = b.originalMessageID {
                    line += b.channelMessageId == nil ? "; \(id) is not a message Peyvand sent" : "; message \(id) marked bounced"
                }
                return line
            }
        }

        /// Standard input up to one byte past `limit` (the parser then names the limit).
        static func readStandardInput(limit: Int) throws -> [UInt8] {
            var bytes: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            while bytes.count <= limit {
                let n = buffer.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
                if n < 0 {
                    if errno == EINTR { continue }
                    throw CLIError(String(cString: strerror(errno)))
                }
                if n == 0 { break }
                bytes.append(contentsOf: buffer[0..<n])
            }
            return bytes
        }

        static func fail(_ message: String, _ code: Int32) -> Never {
            FileHandle.standardError.write(Data("peyvand mail receive: \(message)\n".utf8))
            Foundation.exit(code)
        }
    }
}
