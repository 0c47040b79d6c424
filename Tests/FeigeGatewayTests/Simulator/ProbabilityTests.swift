import CMPPNIO
import FeigeGateway
import Testing

@Suite("Probability and SplitMix64")
struct ProbabilityTests {
    @Test("SplitMix64 gives the reference sequence for seed 0")
    func splitMix64Reference() {
        var rng = SplitMix64(seed: 0)
        #expect(rng.next() == 0xE220_A839_7B1D_CDAF)
        #expect(rng.next() == 0x6E78_9E6A_A1B9_65F4)
        #expect(rng.next() == 0x06C4_5D18_8009_454F)
    }

    @Test("probabilities are 0…1, written as percentages")
    func bounds() {
        #expect(Probability(fraction: 0.05) == Probability(percent: 5))
        #expect(Probability(fraction: 1.01) == nil && Probability(fraction: -0.1) == nil)
        #expect(Probability(fraction: .nan) == nil && Probability(percent: .infinity) == nil)
        #expect(Probability(percent: 5)!.description == "5%")
        #expect(Probability(percent: 0.5)!.description == "0.5%")
        #expect(Probability.never < Probability.always)
    }

    @Test("never and always draw nothing; weighted outcomes hold their shares")
    func draws() {
        var rng = SplitMix64(seed: 5)
        let before = rng
        #expect(!Probability.never.occurs(using: &rng) && Probability.always.occurs(using: &rng))
        #expect(rng == before)
        let outcomes: [WeightedOutcome<CMPPStat>] = [
            WeightedOutcome(.undeliverable, probability: Probability(percent: 30)!),
            WeightedOutcome(.rejected, probability: Probability(percent: 70)!),
        ]
        #expect(outcomes.totalProbability() == 1)
        let draws = (0..<10_000).compactMap { _ in outcomes.drawOutcome(using: &rng) }
        #expect(draws.count == 10_000)
        #expect((2800...3200).contains(draws.filter { $0 == .undeliverable }.count))
        #expect([WeightedOutcome<CMPPStat>]().drawOutcome(using: &rng) == nil)
    }
}
