import CMPPNIO
import FeigeGateway
import Foundation
import Testing

@Suite("SimulatedNetwork")
struct SimulatedNetworkTests {
    let submittedAt = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01 00:00 UTC

    let network = SimulatedNetwork(rules: [
        .init(.prefix("13"), .init(delay: .fixed(.seconds(2)))),
        .init(.prefix("138"), .init(delay: .fixed(.seconds(3)), finalStat: .rejected)),
        .init(.prefix("1380013"), .init(delay: .fixed(.seconds(4)), finalStat: "MK:0001")),
        .init(.exact("13800138000"), .init(delay: .fixed(.seconds(5)), finalStat: .expired)),
        .init(.exact("139"), .init(delay: .fixed(.seconds(6)), finalStat: .deleted)),
    ])

    @Test("an exact number beats every prefix; the longest prefix wins; no match is UNDELIV")
    func matching() {
        #expect(network.behaviour(for: "13800138000").finalStat == .expired)
        #expect(network.behaviour(for: "13800138001").finalStat == "MK:0001")
        #expect(network.behaviour(for: "13812345678").finalStat == .rejected)
        #expect(network.behaviour(for: "13912345678").finalStat == .delivered)
        #expect(network.behaviour(for: "139").finalStat == .deleted)
        #expect(network.behaviour(for: "15012345678") == SimulatedNetwork.unknownNumberBehaviour)
        #expect(network.behaviour(for: "").finalStat == .undeliverable)
    }

    @Test("+86 and 86 prefixes of Dest_terminal_Id are ignored")
    func countryCode() {
        #expect(network.behaviour(for: "+8613800138000").finalStat == .expired)
        #expect(network.behaviour(for: "8613800138000").finalStat == .expired)
        #expect(network.behaviour(for: "8612").finalStat == .undeliverable)
    }

    @Test("a configured default replaces UNDELIV for unknown numbers")
    func defaultRule() {
        var rng = SplitMix64(seed: 1)
        let everything = SimulatedNetwork(rules: [], defaultBehaviour: .init(delay: .fixed(.milliseconds(100))))
        let outcome = everything.decide(
            destination: "0044123",
            submittedAt: submittedAt,
            validUntil: nil,
            scheduledAt: nil,
            rng: &rng
        )
        #expect(outcome == SimulatedOutcome(stat: .delivered, doneAt: submittedAt.addingTimeInterval(0.1)))
        let unknown = network.decide(
            destination: "0044123",
            submittedAt: submittedAt,
            validUntil: nil,
            scheduledAt: nil,
            rng: &rng
        )
        #expect(unknown == SimulatedOutcome(stat: .undeliverable, doneAt: submittedAt.addingTimeInterval(1)))
    }

    @Test("At_Time: nothing happens before the scheduled time; a past schedule changes nothing")
    func scheduled() {
        var rng = SplitMix64(seed: 2)
        let at = submittedAt.addingTimeInterval(3600)
        let outcome = network.decide(
            destination: "13912345678",
            submittedAt: submittedAt,
            validUntil: nil,
            scheduledAt: at,
            rng: &rng
        )
        #expect(outcome == SimulatedOutcome(stat: .delivered, doneAt: at.addingTimeInterval(2)))
        let past = network.decide(
            destination: "13912345678",
            submittedAt: submittedAt,
            validUntil: nil,
            scheduledAt: submittedAt.addingTimeInterval(-60),
            rng: &rng
        )
        #expect(past.doneAt == submittedAt.addingTimeInterval(2))
    }

    @Test("ValId_Time: a final state later than the validity is EXPIRED at the validity's end")
    func validity() {
        var rng = SplitMix64(seed: 3)
        let shortValidity = network.decide(
            destination: "13912345678",
            submittedAt: submittedAt,
            validUntil: submittedAt.addingTimeInterval(1),
            scheduledAt: nil,
            rng: &rng
        )
        #expect(shortValidity == SimulatedOutcome(stat: .expired, doneAt: submittedAt.addingTimeInterval(1)))
        let longEnough = network.decide(
            destination: "13912345678",
            submittedAt: submittedAt,
            validUntil: submittedAt.addingTimeInterval(2),
            scheduledAt: nil,
            rng: &rng
        )
        #expect(longEnough == SimulatedOutcome(stat: .delivered, doneAt: submittedAt.addingTimeInterval(2)))
        // Scheduled after the validity ends: it expires without ever being tried.
        let scheduledTooLate = network.decide(
            destination: "13812345678",
            submittedAt: submittedAt,
            validUntil: submittedAt.addingTimeInterval(600),
            scheduledAt: submittedAt.addingTimeInterval(3600),
            rng: &rng
        )
        #expect(scheduledTooLate == SimulatedOutcome(stat: .expired, doneAt: submittedAt.addingTimeInterval(600)))
        // Already expired on arrival.
        let alreadyOver = network.decide(
            destination: "13912345678",
            submittedAt: submittedAt,
            validUntil: submittedAt.addingTimeInterval(-60),
            scheduledAt: nil,
            rng: &rng
        )
        #expect(alreadyOver == SimulatedOutcome(stat: .expired, doneAt: submittedAt))
    }

    @Test("validity and schedule read from SUBMIT fields, relative form included")
    func fromSubmitFields() throws {
        var rng = SplitMix64(seed: 4)
        let validUntil = try #require(try CMPPSMPPTime.parse("000000000001000R")).date(relativeTo: submittedAt)
        let outcome = network.decide(
            destination: "13912345678",
            submittedAt: submittedAt,
            validUntil: validUntil,
            scheduledAt: nil,
            rng: &rng
        )
        #expect(outcome == SimulatedOutcome(stat: .expired, doneAt: submittedAt.addingTimeInterval(1)))
    }

    @Test("error rates hold over 10 000 draws, and the same seed gives the same outcomes")
    func rates() {
        let lossy = SimulatedNetwork(rules: [
            .init(
                .prefix("1"),
                .init(
                    delay: .range(.milliseconds(100)...(.seconds(3))),
                    errors: [
                        WeightedOutcome(.undeliverable, probability: Probability(percent: 5)!),
                        WeightedOutcome(.rejected, probability: Probability(percent: 20)!),
                    ]
                )
            )
        ])
        func run(seed: UInt64) -> [SimulatedOutcome] {
            var rng = SplitMix64(seed: seed)
            return (0..<10_000).map { _ in
                lossy.decide(
                    destination: "13912345678",
                    submittedAt: submittedAt,
                    validUntil: nil,
                    scheduledAt: nil,
                    rng: &rng
                )
            }
        }
        let outcomes = run(seed: 42)
        let counts = Dictionary(grouping: outcomes, by: \.stat).mapValues(\.count)
        #expect((400...600).contains(counts[.undeliverable] ?? 0))
        #expect((1800...2200).contains(counts[.rejected] ?? 0))
        #expect((7300...7700).contains(counts[.delivered] ?? 0))
        let delays = outcomes.map { $0.doneAt.timeIntervalSince(submittedAt) }
        #expect(delays.allSatisfy { (0.1...3).contains($0) })
        let mean = delays.reduce(0, +) / Double(delays.count)
        #expect(abs(mean - 1.55) < 0.05)
        #expect(run(seed: 42) == outcomes)
        #expect(run(seed: 43) != outcomes)
    }
}
