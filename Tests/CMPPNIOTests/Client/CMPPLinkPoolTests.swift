import CMPPCore
import CMPPNIO
import Testing

@Suite("CMPPLinkPool")
struct CMPPLinkPoolTests {
    func link(_ index: Int) -> MockCMPPLink {
        MockCMPPLink(index: index, window: 16, inbound: { _ in }, handler: MockCMPPLinkFactory.accept)
    }

    @Test func leasesGoToTheLeastLoadedLinkInTurn() throws {
        let pool = CMPPLinkPool(shortModePermits: nil)
        #expect(try pool.tryLease() == nil)
        _ = pool.add(link(0))
        _ = pool.add(link(1))
        let leases = try (0..<6).map { _ in try #require(try pool.tryLease()) }
        #expect(pool.inFlightPerLink == [3, 3])
        pool.release(leases[0])
        pool.release(leases[2])
        #expect(pool.inFlightPerLink == [1, 3])
        let next = try #require(try pool.tryLease())
        #expect(next.linkID == leases[0].linkID)
    }

    @Test func aRemovedLinkTakesNoMoreLeases() throws {
        let pool = CMPPLinkPool(shortModePermits: nil)
        let first = pool.add(link(0))
        let second = pool.add(link(1))
        pool.remove(first)
        for _ in 0..<3 {
            #expect(try pool.tryLease()?.linkID == second)
        }
    }

    @Test func shortModeHandsOutKPermits() throws {
        let pool = CMPPLinkPool(shortModePermits: 2)
        let a = try #require(try pool.tryLease())
        _ = try #require(try pool.tryLease())
        #expect(try pool.tryLease() == nil)
        pool.release(a)
        #expect(try pool.tryLease() != nil)
    }

    @Test func aWaiterGetsTheNextLinkAndShutdownFailsWaiters() async throws {
        let pool = CMPPLinkPool(shortModePermits: nil)
        let waited = Task { try await pool.waitForLease() }
        try await Task.sleep(for: .milliseconds(10))
        let id = pool.add(link(0))
        #expect(try await waited.value.linkID == id)

        let other = CMPPLinkPool(shortModePermits: nil)
        let failing = Task { try await other.waitForLease() }
        try await Task.sleep(for: .milliseconds(10))
        other.beginShutdown()
        await #expect(throws: CMPPClientError.shutdown) { try await failing.value }
        #expect(throws: CMPPClientError.shutdown) { try other.tryLease() }
    }

    @Test func aFatalLoginRejectionFailsWaitersButStatusFiveDoesNot() async throws {
        let pool = CMPPLinkPool(shortModePermits: nil)
        pool.connectFailed(CMPPSessionError.loginRejected(.otherError))
        #expect(try pool.tryLease() == nil)
        let waited = Task { try await pool.waitForLease() }
        try await Task.sleep(for: .milliseconds(10))
        pool.connectFailed(CMPPSessionError.loginRejected(.authenticationError))
        await #expect(throws: CMPPClientError.loginRejected) { try await waited.value }
        #expect(throws: CMPPClientError.loginRejected) { try pool.tryLease() }
        _ = pool.add(link(0))
        #expect(try pool.tryLease() != nil)
    }
}
