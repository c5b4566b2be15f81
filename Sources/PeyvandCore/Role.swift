/// The staff roles named by the source texts (003: analyst, activities/segment/channel/campaign
/// managers; sales, support, marketing; partners; executives reading the scorecard; administrators).
public enum Role: String, CaseIterable, Sendable, Codable, Hashable {
    case administrator
    case executive
    case crmAnalyst = "crm-analyst"
    case segmentManager = "segment-manager"
    case channelManager = "channel-manager"
    case campaignManager = "campaign-manager"
    case salesRep = "sales-rep"
    case supportAgent = "support-agent"
    case marketer
    case partner
}
