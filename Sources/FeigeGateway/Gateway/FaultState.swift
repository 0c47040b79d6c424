import CMPPCore
import Synchronization

/// One account's fault injection (issue #5 §8) shared by its links: the ``FaultInjector`` behind a lock.
/// Only accounts whose ``FaultProfile`` injects something get one, so the SUBMIT path of the others takes
/// no lock for it.
final class FaultState: Sendable {
    let profile: FaultProfile
    private let injector: Mutex<FaultInjector<SplitMix64>>

    init(profile: FaultProfile, seed: UInt64? = nil) {
        self.profile = profile
        self.injector = Mutex(
            FaultInjector(profile: profile, rng: seed.map { SplitMix64(seed: $0) } ?? SplitMix64())
        )
    }

    func decideForSubmit() -> FaultDecision {
        injector.withLock { $0.decideForSubmit() }
    }

    func decideForRequest() -> FaultDecision {
        injector.withLock { $0.decideForRequest() }
    }

    func decideForStatusReport() -> StatusReportFaultDecision {
        injector.withLock { $0.decideForStatusReport() }
    }
}
