import Foundation
import PeyvandCore
import Testing

@Suite("Satisfaction classes: the five kinds of customer, their rules and handling")
struct SatisfactionClassifierTests {
    typealias Evidence = SatisfactionEvidence
    static let now = tehran(2026, 9, 1, 12, 0)

    static func ago(_ days: Double) -> Date { now.addingTimeInterval(-days * 86_400) }

    static func classify(_ evidence: Evidence) -> SatisfactionVerdict { SatisfactionClassifier.classify(evidence, now: now) }

    static func answer(_ days: Double, csat: Int? = nil, nps: Int? = nil) -> Evidence.Answer {
        Evidence.Answer(at: ago(days), csat: csat, nps: nps)
    }

    @Test("labels in both languages, angry lowest, and each class's handling")
    func classes() {
        #expect(SatisfactionClass.allCases.map(\.persianLabel) == ["خشمگین", "ناراضی", "راضی", "شاد", "شیفته"])
        #expect(SatisfactionClass.allCases.map(\.englishLabel) == ["Angry", "Dissatisfied", "Satisfied", "Happy", "Enthusiastic"])
        #expect(SatisfactionClass.allCases.sorted() == SatisfactionClass.allCases)
        #expect(SatisfactionClass.angry < .dissatisfied && SatisfactionClass.happy < .enthusiastic && SatisfactionClass.angry.rank == 0)
        #expect(SatisfactionClass.happy.label(language: "fa") == "شاد" && SatisfactionClass.happy.label(language: "en") == "Happy")
        #expect(SatisfactionClass.angry.handling == [.urgentRecoveryCase, .managerEscalation, .banner])
        #expect(SatisfactionClass.angry.handling.allSatisfy { $0.isUrgent })
        #expect(SatisfactionClass.dissatisfied.handling == [.rootCauseTask, .reassuranceFollowUp])
        #expect(SatisfactionClass.satisfied.handling == [.nurtureList])
        #expect(SatisfactionClass.happy.handling == [.referralOffer, .clubOffer])
        #expect(SatisfactionClass.enthusiastic.handling == [.advocateInvitation])
        #expect(SatisfactionHandling.allCases.allSatisfy { !$0.persianLabel.isEmpty && !$0.englishLabel.isEmpty })
        #expect(Set(SatisfactionClass.allCases.flatMap(\.handling)) == Set(SatisfactionHandling.allCases))
        // Every rule decides its own class, in the order the classifier tries them.
        let order: [SatisfactionClass?] = SatisfactionRule.allCases.map(\.decides)
        #expect(order == [.angry, .angry, .angry, .angry, .dissatisfied, .dissatisfied, .dissatisfied, .dissatisfied, .dissatisfied,
                          .enthusiastic, .enthusiastic, .happy, .happy, .satisfied, .satisfied, nil])
    }

    @Test("no evidence, or only old or unscored evidence, is no class yet")
    func notEnough() {
        #expect(Self.classify(Evidence()) == SatisfactionVerdict(class: nil, reasons: []))
        #expect(Self.classify(Evidence(answers: [Self.answer(366, nps: 10)])).class == nil)
        #expect(Self.classify(Evidence(answers: [Self.answer(10)])).class == nil)
        // Scores out of range are not scores; evidence after now is not evidence yet.
        #expect(Self.classify(Evidence(answers: [Self.answer(10, csat: 0, nps: 11), Self.answer(5, csat: 6)])).class == nil)
        #expect(Self.classify(Evidence(answers: [Self.answer(-1, csat: 1)], disputes: [.init(openedAt: Self.ago(-1), isOpen: true)])).class == nil)
        #expect(Self.classify(Evidence(tickets: [.init(openedAt: Self.ago(400), resolvedAt: Self.ago(366))])).class == nil)
    }

    @Test("angry: the latest answer of the last 90 days has CSAT 1 or NPS 2 or less — 89 days yes, 91 days dissatisfied, 181 nothing")
    func angryAnswer() throws {
        let verdict = Self.classify(Evidence(answers: [Self.answer(89, csat: 1)]))
        #expect(verdict.class == .angry && verdict.decidingRule == .angryAnswer)
        #expect(verdict.reasons.first?.params == ["at": CivilTime.rfc3339(Self.ago(89)), "csat": "1", "days": "90"])
        #expect(verdict.reasons.first?.code == "angry.answer")
        #expect(Self.classify(Evidence(answers: [Self.answer(90, csat: 1)])).class == .angry)
        let older = Self.classify(Evidence(answers: [Self.answer(91, csat: 1)]))
        #expect(older.class == .dissatisfied && older.decidingRule == .dissatisfiedAnswer)
        #expect(Self.classify(Evidence(answers: [Self.answer(181, csat: 1)])).class == nil)
        #expect(Self.classify(Evidence(answers: [Self.answer(10, nps: 2)])).class == .angry)
        #expect(Self.classify(Evidence(answers: [Self.answer(10, nps: 0)])).class == .angry)
        #expect(Self.classify(Evidence(answers: [Self.answer(10, csat: 5, nps: 1)])).class == .angry)
        // Only the latest answer speaks: a bad answer followed by a good one is forgiven.
        let forgiven = Self.classify(Evidence(answers: [Self.answer(10, csat: 5), Self.answer(30, csat: 1)]))
        #expect(forgiven.class == .happy)
    }

    @Test("angry: an unresolved complaint that breached its SLA, two complaints in 30 days, an open payment dispute")
    func angryEvents() {
        let breached = Evidence.Complaint(openedAt: Self.ago(40), slaBreachedAt: Self.ago(38))
        let verdict = Self.classify(Evidence(complaints: [breached]))
        #expect(verdict.class == .angry && verdict.decidingRule == .angryComplaintBreached)
        #expect(verdict.reasons.first?.params == ["count": "1", "at": CivilTime.rfc3339(Self.ago(40))])
        // Resolved, the breach makes them dissatisfied while it is recent.
        let resolved = Evidence.Complaint(openedAt: Self.ago(40), resolvedAt: Self.ago(20), slaBreachedAt: Self.ago(38))
        #expect(Self.classify(Evidence(complaints: [resolved])).decidingRule == .dissatisfiedSLABreach)
        // A breach that has not happened yet is no breach.
        let notYet = Evidence.Complaint(openedAt: Self.ago(1), slaBreachedAt: Self.ago(-1))
        #expect(Self.classify(Evidence(complaints: [notYet])).decidingRule == .dissatisfiedComplaintOpen)

        let two = [Evidence.Complaint(openedAt: Self.ago(29), resolvedAt: Self.ago(28)), Evidence.Complaint(openedAt: Self.ago(3), resolvedAt: Self.ago(2))]
        let burst = Self.classify(Evidence(complaints: two))
        #expect(burst.class == .angry && burst.decidingRule == .angryComplaints)
        #expect(burst.reasons.first?.params == ["count": "2", "at": CivilTime.rfc3339(Self.ago(3)), "days": "30"])
        let spread = [Evidence.Complaint(openedAt: Self.ago(31), resolvedAt: Self.ago(28)), Evidence.Complaint(openedAt: Self.ago(3), resolvedAt: Self.ago(2))]
        #expect(Self.classify(Evidence(complaints: spread)).class == nil)

        let dispute = Self.classify(Evidence(disputes: [.init(openedAt: Self.ago(400), isOpen: true)]))
        #expect(dispute.class == .angry && dispute.decidingRule == .angryDisputeOpen)
    }

    @Test("dissatisfied: answers of 180 days, open complaints, breaches and returns of 90 days, disputes of 180 days")
    func dissatisfied() {
        #expect(Self.classify(Evidence(answers: [Self.answer(100, csat: 2)])).decidingRule == .dissatisfiedAnswer)
        #expect(Self.classify(Evidence(answers: [Self.answer(10, nps: 3)])).decidingRule == .dissatisfiedAnswer)
        #expect(Self.classify(Evidence(answers: [Self.answer(180, nps: 6)])).decidingRule == .dissatisfiedAnswer)
        #expect(Self.classify(Evidence(answers: [Self.answer(10, nps: 7)])).class == .satisfied)
        #expect(Self.classify(Evidence(answers: [Self.answer(10, csat: 3)])).class == .satisfied)
        // A poor answer 181 days old neither condemns nor recommends.
        #expect(Self.classify(Evidence(answers: [Self.answer(181, csat: 2)])).class == nil)

        let open = Self.classify(Evidence(complaints: [.init(openedAt: Self.ago(200))]))
        #expect(open.class == .dissatisfied && open.decidingRule == .dissatisfiedComplaintOpen)

        let ticket = { (days: Double) in Evidence.Ticket(openedAt: Self.ago(days + 2), resolvedAt: Self.ago(days - 1), slaBreachedAt: Self.ago(days)) }
        let breach = Self.classify(Evidence(tickets: [ticket(89)]))
        #expect(breach.decidingRule == .dissatisfiedSLABreach && breach.reasons.first?.params["days"] == "90")
        #expect(Self.classify(Evidence(tickets: [ticket(91)])).class == .satisfied)  // resolved 90 days ago, no complaint

        #expect(Self.classify(Evidence(returns: [Self.ago(89)])).decidingRule == .dissatisfiedReturn)
        #expect(Self.classify(Evidence(returns: [Self.ago(91)])).class == nil)
        #expect(Self.classify(Evidence(disputes: [.init(openedAt: Self.ago(179), isOpen: false)])).decidingRule == .dissatisfiedDispute)
        #expect(Self.classify(Evidence(disputes: [.init(openedAt: Self.ago(181), isOpen: false)])).class == nil)

        // Every matching rule of the class is a reason, in rule order.
        let many = Self.classify(Evidence(answers: [Self.answer(5, nps: 5)], complaints: [.init(openedAt: Self.ago(60))], returns: [Self.ago(2)]))
        #expect(many.reasons.map(\.rule) == [.dissatisfiedAnswer, .dissatisfiedComplaintOpen, .dissatisfiedReturn])
    }

    @Test("a recovery clears what came before it for angry and dissatisfied, and says so")
    func recovery() throws {
        let complaints = [
            Evidence.Complaint(openedAt: Self.ago(25), slaBreachedAt: Self.ago(24)),
            Evidence.Complaint(openedAt: Self.ago(20)),
        ]
        let before = Evidence(answers: [Self.answer(26, csat: 1), Self.answer(5, nps: 9)], complaints: complaints,
                              disputes: [.init(openedAt: Self.ago(21), isOpen: true)])
        #expect(Self.classify(before).class == .angry)
        var recovered = before
        recovered.recoveredAt = Self.ago(10)
        let verdict = Self.classify(recovered)
        // Complaints of the last 90 days still keep them from happy; the answer after the recovery
        // is a promoter, so they are satisfied.
        #expect(verdict.class == .satisfied)
        #expect(verdict.reasons.map(\.rule) == [.satisfiedAnswer, .recovered])
        #expect(verdict.reasons.last?.params == ["at": CivilTime.rfc3339(Self.ago(10))])
        // Evidence after the recovery counts in full.
        var again = recovered
        again.complaints.append(.init(openedAt: Self.ago(2)))
        #expect(Self.classify(again).decidingRule == .dissatisfiedComplaintOpen)
        again.answers.append(Self.answer(1, csat: 1))
        #expect(Self.classify(again).decidingRule == .angryAnswer)
        // An answer given before the recovery is not "the latest answer after" it.
        let onlyOld = Evidence(answers: [Self.answer(30, csat: 1)], recoveredAt: Self.ago(10))
        #expect(Self.classify(onlyOld) == SatisfactionVerdict(class: nil, reasons: []))
        // With nothing cleared, no recovery reason.
        let clean = Evidence(answers: [Self.answer(5, csat: 4)], recoveredAt: Self.ago(100))
        #expect(Self.classify(clean).reasons.map(\.rule) == [.satisfiedAnswer])
    }

    @Test("enthusiastic: the latest two answers are promoters, or the latest is and they referred someone; no complaint in 180 days")
    func enthusiastic() {
        let pair = Self.classify(Evidence(answers: [Self.answer(100, nps: 9), Self.answer(10, csat: 5, nps: 10)]))
        #expect(pair.class == .enthusiastic && pair.reasons.map(\.rule) == [.enthusiasticPromoters])
        #expect(pair.reasons.first?.params == ["at": CivilTime.rfc3339(Self.ago(10)), "csat": "5", "nps": "10", "days": "365",
                                               "previousAt": CivilTime.rfc3339(Self.ago(100)), "previousNps": "9"])
        // CSAT below 5 spoils a promoter; CSAT alone is not NPS.
        #expect(Self.classify(Evidence(answers: [Self.answer(100, nps: 9), Self.answer(10, csat: 4, nps: 10)])).class == .happy)
        #expect(Self.classify(Evidence(answers: [Self.answer(100, csat: 5), Self.answer(10, nps: 10)])).class == .happy)
        // The older of the two must be in the year too.
        #expect(Self.classify(Evidence(answers: [Self.answer(366, nps: 10), Self.answer(10, nps: 10)])).class == .happy)

        let referral = Self.classify(Evidence(answers: [Self.answer(100, nps: 7), Self.answer(10, nps: 9)], referrals: 1))
        #expect(referral.class == .enthusiastic && referral.reasons.map(\.rule) == [.enthusiasticReferral])
        #expect(referral.reasons.first?.params["referrals"] == "1")
        let both = Self.classify(Evidence(answers: [Self.answer(100, nps: 10), Self.answer(10, nps: 9)], referrals: 3))
        #expect(both.reasons.map(\.rule) == [.enthusiasticPromoters, .enthusiasticReferral])
        #expect(Self.classify(Evidence(answers: [Self.answer(10, nps: 8)], referrals: 5)).class == .satisfied)

        let promoters = [Self.answer(100, nps: 9), Self.answer(10, nps: 10)]
        let complaintAt = { (days: Double) in [Evidence.Complaint(openedAt: Self.ago(days), resolvedAt: Self.ago(days - 1))] }
        #expect(Self.classify(Evidence(answers: promoters, complaints: complaintAt(179))).class == .happy)
        #expect(Self.classify(Evidence(answers: promoters, complaints: complaintAt(181))).class == .enthusiastic)
    }

    @Test("happy: the latest answer has NPS 9+ or CSAT 5, or the year's CSAT averages 4.5; no complaint in 90 days")
    func happy() {
        let five = Self.classify(Evidence(answers: [Self.answer(20, csat: 5)]))
        #expect(five.class == .happy && five.reasons.map(\.rule) == [.happyAnswer, .happyAverage])
        let average = Self.classify(Evidence(answers: [Self.answer(300, csat: 5), Self.answer(200, csat: 5), Self.answer(10, csat: 4)]))
        #expect(average.class == .happy && average.reasons.map(\.rule) == [.happyAverage])
        #expect(average.reasons.first?.params == ["average": "4.67", "count": "3", "days": "365"])
        #expect(Self.classify(Evidence(answers: [Self.answer(200, csat: 5), Self.answer(10, csat: 4)])).class == .happy)  // exactly 4.5
        #expect(Self.classify(Evidence(answers: [Self.answer(300, csat: 5), Self.answer(200, csat: 4), Self.answer(10, csat: 4)])).class == .satisfied)
        // Answers older than a year do not lift the average.
        #expect(Self.classify(Evidence(answers: [Self.answer(400, csat: 5), Self.answer(10, csat: 4)])).class == .satisfied)

        let complaintAt = { (days: Double) in [Evidence.Complaint(openedAt: Self.ago(days), resolvedAt: Self.ago(days - 1))] }
        #expect(Self.classify(Evidence(answers: [Self.answer(5, nps: 9)], complaints: complaintAt(89))).class == .satisfied)
        #expect(Self.classify(Evidence(answers: [Self.answer(5, nps: 9)], complaints: complaintAt(91))).class == .happy)
    }

    @Test("satisfied: a neutral or better answer in the year, or a resolved ticket and no complaint in the year")
    func satisfied() {
        let neutral = Self.classify(Evidence(answers: [Self.answer(300, csat: 3, nps: 8)]))
        #expect(neutral.class == .satisfied && neutral.reasons.first?.params["nps"] == "8")
        let resolved = Evidence.Ticket(openedAt: Self.ago(370), resolvedAt: Self.ago(364))
        let ticket = Self.classify(Evidence(tickets: [resolved]))
        #expect(ticket.class == .satisfied && ticket.reasons.map(\.rule) == [.satisfiedTicketResolved])
        #expect(ticket.reasons.first?.params == ["count": "1", "at": CivilTime.rfc3339(Self.ago(364)), "days": "365"])
        #expect(Self.classify(Evidence(tickets: [.init(openedAt: Self.ago(370), resolvedAt: Self.ago(366))])).class == nil)
        #expect(Self.classify(Evidence(tickets: [.init(openedAt: Self.ago(3))])).class == nil)  // not resolved yet
        // A complaint in the year, even resolved, keeps a ticket from speaking for them.
        let complained = Evidence(complaints: [.init(openedAt: Self.ago(200), resolvedAt: Self.ago(199))], tickets: [resolved])
        #expect(Self.classify(complained).class == nil)
    }

    @Test("the classes are tried angriest first: one bad sign outweighs any praise")
    func ordering() {
        let praise = [Self.answer(100, csat: 5, nps: 10), Self.answer(10, csat: 5, nps: 10)]
        #expect(Self.classify(Evidence(answers: praise, referrals: 4)).class == .enthusiastic)
        #expect(Self.classify(Evidence(answers: praise, disputes: [.init(openedAt: Self.ago(3), isOpen: true)], referrals: 4)).class == .angry)
        #expect(Self.classify(Evidence(answers: praise, returns: [Self.ago(3)], referrals: 4)).class == .dissatisfied)
        // A verdict with angry and dissatisfied evidence is angry, and names only the angry rules.
        let mixed = Self.classify(Evidence(answers: [Self.answer(1, nps: 1)], returns: [Self.ago(3)]))
        #expect(mixed.class == .angry && mixed.reasons.map(\.rule) == [.angryAnswer])
    }

    @Test("every verdict's reasons name rules of its class, the deciding one first (seeded)")
    func reasonsNameTheRule() throws {
        var rng = SplitMix64(seed: 2)
        var seen = Set<SatisfactionRule>()
        for _ in 0..<3_000 {
            let evidence = Self.randomEvidence(&rng)
            let verdict = Self.classify(evidence)
            guard let decided = verdict.class else {
                #expect(verdict.reasons.isEmpty)
                continue
            }
            #expect(verdict.decidingRule?.decides == decided)
            #expect(verdict.reasons.allSatisfy { $0.rule.decides == decided || $0.rule == .recovered })
            #expect(verdict.reasons.filter { $0.rule == .recovered }.count <= 1)
            #expect(verdict.reasons.last?.rule == .recovered || !verdict.reasons.contains { $0.rule == .recovered })
            seen.formUnion(verdict.reasons.map(\.rule))
        }
        // The random evidence reaches every rule, so the checks above covered them all.
        #expect(seen == Set(SatisfactionRule.allCases))
        let verdict = Self.classify(Evidence(answers: [Self.answer(10, csat: 1)]))
        #expect(try roundTrip(verdict) == verdict)
        #expect(try jsonText(verdict).contains(#""rule":"angry.answer""#))
    }

    static func randomEvidence(_ rng: inout SplitMix64) -> Evidence {
        func days(_ max: Int) -> Double { Double(rng.int(0...max)) + Double(rng.int(0...23)) / 24 }
        var evidence = Evidence()
        // Scores lean to the ends of their scales so that every rule is reached often.
        for _ in 0..<rng.int(0...3) {
            let csat = rng.chance(60) ? (rng.chance(50) ? 5 : rng.int(1...5)) : nil
            let nps = rng.chance(60) ? (rng.chance(50) ? rng.int(9...10) : rng.int(0...10)) : nil
            evidence.answers.append(answer(days(400), csat: csat, nps: nps))
        }
        for _ in 0..<rng.int(0...2) where rng.chance(60) {
            let opened = days(120)
            evidence.complaints.append(.init(openedAt: ago(opened), resolvedAt: rng.chance(70) ? ago(opened / 2) : nil,
                                             slaBreachedAt: rng.chance(30) ? ago(opened * 0.9) : nil))
        }
        for _ in 0..<rng.int(0...2) {
            let opened = days(400)
            evidence.tickets.append(.init(openedAt: ago(opened), resolvedAt: rng.chance(80) ? ago(opened / 2) : nil,
                                          slaBreachedAt: rng.chance(20) ? ago(opened * 0.9) : nil))
        }
        if rng.chance(15) { evidence.returns.append(ago(days(200))) }
        if rng.chance(10) { evidence.disputes.append(.init(openedAt: ago(days(300)), isOpen: rng.chance(30))) }
        evidence.referrals = rng.chance(30) ? rng.int(1...3) : 0
        if rng.chance(20) { evidence.recoveredAt = ago(days(100)) }
        return evidence
    }
}
