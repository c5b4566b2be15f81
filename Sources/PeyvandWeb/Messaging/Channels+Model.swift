import Foundation
import PeyvandCore
import PeyvandStore

/// What `channels.mustache` renders: which channels this installation sends on, the channel rules
/// as a form, the templates, and the outbox's state with its dead letters to replay.
struct ChannelsModel {
    struct ChannelState { let label: String, configured: Bool }
    struct TemplateRow { let id: Int64, name: String, channel: String, language: String, purpose: String, updated: String }
    struct Position { let n: Int, label: String, options: [Choice] }
    struct Count { let status: String, label: String, count: String }
    struct Dead { let id: Int64, channel: String, recipient: String, attempts: String, error: String, when: String }

    let channels: [ChannelState]
    let canManageTemplates: Bool
    let canRunOutbox: Bool
    let templates: [TemplateRow]
    let order: [Position]
    let quietStart: String
    let quietEnd: String
    let quietDays: [Choice]
    let counts: [Count]
    let dead: [Dead]
    let errors: [FieldError]
    let flash: String?
}

extension ChannelsModel {
    init(_ data: ChannelsData, configured: [String], principal: Principal, issues: [FieldIssue], flash: String?, text x: PageText) {
        channels = ["email", "sms", "messenger", "webhook"].map { ChannelState(label: x.label("channel", $0), configured: configured.contains($0)) }
        canManageTemplates = principal.may(.templatesManage)
        canRunOutbox = principal.may(.channelsManage)
        templates = data.templates.map { t in
            TemplateRow(id: t.id, name: t.name, channel: x.label("channel", t.channel.rawValue), language: x.label("language", t.language),
                        purpose: x.label("mpurpose", t.purpose.rawValue), updated: x.when(t.updatedAt))
        }
        order = data.rules.order.indices.map { i in
            Position(n: i + 1, label: x.number(i + 1),
                     options: ChannelRules.sendable.map { x.choice($0.rawValue, "channel", selected: data.rules.order[i] == $0) })
        }
        quietStart = QuietHours.clock(data.rules.quietHours.start)
        quietEnd = QuietHours.clock(data.rules.quietHours.end)
        quietDays = (1...7).map { Choice(value: String($0), label: x.t("weekday_\($0)"), selected: data.rules.quietHours.days.contains($0)) }
        counts = OutboxStatus.allCases.map { Count(status: $0.rawValue, label: x.label("outbox", $0.rawValue), count: x.number(data.counts[$0] ?? 0)) }
        dead = data.dead.map { m in
            Dead(id: m.id, channel: x.label("channel", m.channel), recipient: m.recipient, attempts: x.number(m.attempts),
                 error: m.lastError ?? "", when: x.when(m.nextAttemptAt))
        }
        errors = x.fieldErrorList(issues, labelled: true)
        self.flash = flash
    }
}
