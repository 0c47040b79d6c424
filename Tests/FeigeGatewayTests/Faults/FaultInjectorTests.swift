import CMPPNIO
import FeigeGateway
import Testing

/// A generator that fails the test if drawn from: proves that idle profiles cost no randomness.
private struct UntouchableRandomNumberGenerator: RandomNumberGenerator {
    mutating func next() -> UInt64 {
        Issue.record("an idle fault profile drew a random number")
        return 0
    }
}

@Suite("FaultInjector")
struct FaultInjectorTests {
    @Test("no faults: every decision is the normal one, without a draw")
    func none() {
        var injector = FaultInjector(profile: .none, rng: UntouchableRandomNumberGenerator())
        for _ in 0..<100 {
            #expect(injector.decideForSubmit() == .noFault)
            #expect(injector.decideForRequest().isNoFault)
            #expect(injector.decideForStatusReport() == .deliver)
        }
        #expect(FaultProfile.none.isNone)
        #expect(!FaultProfile(closeLink: Probability(percent: 1)!).isNone)
    }

    @Test("certain faults always happen, in their order of precedence")
    func certain() {
        var close = FaultInjector(
            profile: FaultProfile(dropResponses: .always, closeLink: .always),
            rng: SplitMix64(seed: 1)
        )
        #expect(close.decideForSubmit() == .closeLink)
        var drop = FaultInjector(
            profile: FaultProfile(dropResponses: .always, forcedResults: [WeightedOutcome(8, probability: .always)]),
            rng: SplitMix64(seed: 1)
        )
        #expect(drop.decideForSubmit() == .dropResponse)
        #expect(drop.decideForRequest() == .dropResponse)
        var forced = FaultInjector(
            profile: FaultProfile(
                delayResponses: .init(probability: .always, delay: .fixed(.seconds(3))),
                forcedResults: [WeightedOutcome(.flowControlError, probability: .always)],
                duplicateReports: .always
            ),
            rng: SplitMix64(seed: 1)
        )
        #expect(forced.decideForSubmit() == .respond(forcedResult: .flowControlError, delay: .seconds(3)))
        #expect(forced.decideForRequest() == .respond(forcedResult: nil, delay: .seconds(3)))
        #expect(forced.decideForStatusReport() == .deliverTwice)
        #expect(forced.decideForStatusReport().copies == 2)
    }

    @Test("rates hold over 10 000 SUBMITs, and the same seed repeats the same faults")
    func rates() {
        let profile = FaultProfile(
            dropResponses: Probability(percent: 10)!,
            delayResponses: .init(probability: Probability(percent: 50)!, delay: .range(.seconds(1)...(.seconds(2)))),
            forcedResults: [
                WeightedOutcome(.flowControlError, probability: Probability(percent: 20)!),
                WeightedOutcome(CMPPResult(rawValue: 13), probability: Probability(percent: 10)!),
            ],
            closeLink: Probability(percent: 1)!,
            duplicateReports: Probability(percent: 30)!
        )
        func run(seed: UInt64) -> [FaultDecision] {
            var injector = FaultInjector(profile: profile, rng: SplitMix64(seed: seed))
            return (0..<10_000).map { _ in injector.decideForSubmit() }
        }
        let decisions = run(seed: 7)
        var closed = 0
        var dropped = 0
        var flowControl = 0
        var destination = 0
        var delayed = 0
        var answered = 0
        for decision in decisions {
            switch decision {
            case .closeLink: closed += 1
            case .dropResponse: dropped += 1
            case .respond(let result, let delay):
                answered += 1
                if result == .flowControlError { flowControl += 1 }
                if result == CMPPResult(rawValue: 13) { destination += 1 }
                if let delay {
                    delayed += 1
                    #expect(delay >= .seconds(1) && delay <= .seconds(2))
                }
            }
        }
        // 1 % closed; 10 % of the rest dropped; of those answered, 20 % / 10 % forced and 50 % delayed.
        #expect((60...140).contains(closed))
        #expect((880...1100).contains(dropped))
        #expect(abs(Double(flowControl) / Double(answered) - 0.2) < 0.02)
        #expect(abs(Double(destination) / Double(answered) - 0.1) < 0.015)
        #expect(abs(Double(delayed) / Double(answered) - 0.5) < 0.03)
        #expect(run(seed: 7) == decisions)

        var reports = FaultInjector(profile: profile, rng: SplitMix64(seed: 9))
        let twice = (0..<10_000).filter { _ in reports.decideForStatusReport() == .deliverTwice }.count
        #expect((2800...3200).contains(twice))
    }
}
