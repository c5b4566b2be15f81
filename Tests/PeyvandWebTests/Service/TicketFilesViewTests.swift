import Foundation
import PeyvandCore
@testable import PeyvandStore
@testable import PeyvandWeb
import Testing

/// A thread's files on the ticket page rendered from the sample model in fa and en: each file's
/// name isolated, its size in the reader's digits, a download link only for a reader who may
/// open the customer's documents; the reply form takes files.
@Suite struct TicketFilesViewTests {
    @Test("files listed under their message with sizes in the reader's digits and links to the documents", arguments: Language.allCases)
    func listed(_ lang: Language) async throws {
        let x = try await ServiceLevelViewTests.text(lang)
        let html = try await ServiceLevelViewTests.render("ticket", ServiceSamples.ticket(x), lang)
        let fa = lang == .fa
        #expect(html.contains("<li class=\"msg-file\" data-document=\"41\" data-type=\"application/pdf\">"))
        #expect(html.contains("<a href=\"/documents/41\" download><bdi dir=\"auto\" class=\"msg-file-name\">فاکتور خرید.pdf</bdi></a>"))
        #expect(html.contains(fa ? "۱٫۴ مگابایت" : "1.4 MB"))
        #expect(html.contains(fa ? ">۱ کیلوبایت<" : ">1 KB<"), "a file under a kilobyte is never 0")
        #expect(html.contains(fa ? "حداکثر ۱۰ پرونده و روی هم ۱۵ مگابایت" : "At most 10 files, 15 MB in all"))
        #expect(html.contains("data-max-bytes=\"\(Tickets.maxFileBytes)\""))
        if fa { #expect(!html.contains(">Attach files<") && !html.contains(" MB<")) }
    }

    @Test("a reader who may not see the customer's documents sees the names without links")
    func withoutReach() async throws {
        let x = try await ServiceLevelViewTests.text(.en)
        let message = TicketMessage(id: 1, ticketId: 7, direction: .inbound, isPublic: true, channel: "email", authorId: nil, authorName: nil, body: "x",
                                    interactionId: nil, channelMessageId: nil, deliveryStatus: nil, mergedFromId: nil, createdAt: Date(),
                                    attachments: [TicketAttachment(id: 5, filename: "a.pdf", mediaType: "application/pdf", size: 10)])
        let data = TicketData(ticket: ServiceSamples.sampleTicket(), messages: [message], assignments: [], teams: [], staff: [], siblings: [])
        let model = TicketModel(data, principal: ServiceSamples.admin, form: nil, issues: [], saved: nil, text: x)
        #expect(model.messages[0].files.map(\.href) == [nil])
        let html = try await ServiceLevelViewTests.render("ticket", model, .en)
        #expect(html.contains("class=\"msg-file-name\" title=\"only those who may see the customer open it\">a.pdf</bdi>"))
        #expect(!html.contains("/documents/5"))
    }
}
