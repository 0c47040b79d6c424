import Foundation
import Testing

@testable import FeigeGateway

@Suite("WakeSignal")
struct WakeSignalTests {
    @Test func aSignalBeforeTheWaitIsKept() async {
        let signal = WakeSignal()
        signal.signal()
        signal.signal()
        let start = ContinuousClock.now
        await signal.wait(timeout: .seconds(5))
        #expect(ContinuousClock.now - start < .seconds(1))
    }

    @Test func aWaitEndsAtItsTimeoutOrOnASignal() async {
        let signal = WakeSignal()
        let start = ContinuousClock.now
        await signal.wait(timeout: .milliseconds(30))
        #expect(ContinuousClock.now - start >= .milliseconds(30))
        async let woken: Void = signal.wait(timeout: .seconds(5))
        try? await Task.sleep(for: .milliseconds(20))
        signal.signal()
        await woken
        #expect(ContinuousClock.now - start < .seconds(2))
    }
}
