import Foundation
import PeyvandCore
import PeyvandStore

/// Turns a call the PBX reported into screen-pop events: a ringing call goes to the agent the PBX
/// named (by extension or id) or, when it named no one, to everyone signed in who may read that
/// customer; later changes (answered, ended) go to those same readers, so an open pop-up follows
/// the call. Only incoming calls pop.
struct CallNotifier {
    let pop: ScreenPop
    let customers: CustomerRepository

    func notify(_ report: CallReport) async {
        let call = report.call
        guard report.changed, call.direction == .inbound else { return }
        var listeners = await pop.listeners().filter { $0.may(.customersRead) }
        if call.state == .ringing, let agent = report.namedAgentId { listeners = listeners.filter { $0.userId == agent } }
        var texts: [Int64: String] = [:]
        // The event as written for a reader who reaches the customer, and for one who does not.
        var written: [Bool: String] = [:]
        for principal in listeners {
            var visible = false
            if let id = call.customerId {
                // Roles that reach every customer see it (the call log matched only customers not
                // deleted): no query per listener; the others are asked of the store.
                if principal.customerScope == .all { visible = true } else { visible = (try? await customers.get(id, by: principal)) != nil }
            }
            // A customer out of someone's reach pops only for the agent the PBX named, without a name.
            if call.customerId != nil, !visible, report.namedAgentId != principal.userId { continue }
            if written[visible] == nil {
                guard let data = try? JSONResponse.encoder.encode(CallPopDTO(call, visible: visible)),
                      let json = String(data: data, encoding: .utf8) else { continue }
                written[visible] = ScreenPop.event("call", data: json)
            }
            texts[principal.userId] = written[visible]
        }
        if !texts.isEmpty { await pop.send(texts) }
    }
}

/// What the browser's pop-up needs: the call, its number written for each language, and where to
/// go (the caller's 360, or a new customer with the number filled in).
struct CallPopDTO: Encodable {
    let id: String
    let callId: String
    let state: String
    let number: String
    let numberFa: String
    let numberEn: String
    let customerId: String?
    let customerName: String?
    /// The number belongs to a customer this reader does not reach.
    let hidden: Bool
    let href: String?

    init(_ call: Call, visible: Bool) {
        id = String(call.id)
        callId = call.callKey
        state = call.state.rawValue
        let phone = call.otherNumber.flatMap { try? PhoneNumber(parsing: $0) }
        number = phone?.e164 ?? call.otherRaw
        numberFa = phone?.formatted(language: "fa") ?? PersianText.persianDigits(call.otherRaw)
        numberEn = phone?.formatted(language: "en") ?? call.otherRaw
        hidden = call.customerId != nil && !visible
        customerId = visible ? call.customerId.map(String.init) : nil
        customerName = visible ? call.customerName : nil
        if visible, let id = call.customerId {
            href = "/customers/\(id)"
        } else if call.customerId == nil {
            var components = URLComponents()
            components.queryItems = [URLQueryItem(name: "phone", value: number)]
            href = "/customers/new?" + (components.percentEncodedQuery ?? "").replacingOccurrences(of: "+", with: "%2B")
        } else {
            href = nil
        }
    }
}
