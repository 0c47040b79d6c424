import CMPPCore
import NIOConcurrencyHelpers

/// The links a ``CMPPClient`` holds and the requests waiting for one: which links are ready, how many of
/// the client's requests each carries, who waits, and whether the client is shutting down.
///
/// In long mode a ``Lease`` is a request's claim on a ready link, the one with the fewest requests in flight
/// (ties taken in turn), so load spreads over the K links; each link's own window (W, §6) then paces it. In
/// short mode (§6.2) a lease is one of K permits to open a connection, so no more than K are open at once.
///
/// The pool never sleeps or connects: ``CMPPClient`` runs the reconnect loops and calls in.
package final class CMPPLinkPool: Sendable {
    /// A request's claim on a link (long mode) or on a connection permit (short mode).
    package struct Lease: Sendable {
        /// The pool's id of the link; `nil` for a short-mode permit.
        package var linkID: Int?
        /// The link; `nil` for a short-mode permit.
        package var link: (any CMPPClientLink)?
    }

    private struct Entry: Sendable {
        var id: Int
        var link: any CMPPClientLink
        var inFlight: Int
    }

    private enum Waiter: Sendable {
        case created
        case waiting(CheckedContinuation<Lease, any Error>)
        case cancelled
    }

    private struct State: Sendable {
        var entries: [Entry] = []
        var nextLinkID = 0
        var turn = 0
        /// Short mode: permits in use.
        var permitsInUse = 0
        var waiters: [Int: Waiter] = [:]
        var waiterOrder: [Int] = []
        var nextWaiterID = 0
        var isShuttingDown = false
        var lastConnectError: (any Error)?
        /// A refused login that retrying will not mend, while no link is up.
        var fatalLoginError: CMPPSessionError?
        var drainWaiters: [Int: [CheckedContinuation<Void, Never>]] = [:]
        var idleWaiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = NIOLockedValueBox(State())
    private let permits: Int?

    /// - Parameter shortModePermits: `nil` in long mode; K in short mode.
    package init(shortModePermits: Int?) {
        self.permits = shortModePermits.map { max(1, $0) }
    }

    /// Whether the client is shutting down.
    package var isShuttingDown: Bool { state.withLockedValue { $0.isShuttingDown } }

    /// How many links are ready.
    package var readyLinks: Int { state.withLockedValue { $0.entries.count } }

    /// How many of the client's requests each ready link carries, in link order (for tests and metrics).
    package var inFlightPerLink: [Int] { state.withLockedValue { $0.entries.map(\.inFlight) } }

    /// The last error a connect attempt failed with, if no link has come up since.
    package var lastConnectError: (any Error)? { state.withLockedValue { $0.lastConnectError } }

    // MARK: - Links

    /// Adds a logged-in link and hands it to the requests waiting for one. Returns the link's id.
    package func add(_ link: any CMPPClientLink) -> Int {
        var ready: [(CheckedContinuation<Lease, any Error>, Lease)] = []
        let id = state.withLockedValue { state -> Int in
            let id = state.nextLinkID
            state.nextLinkID += 1
            state.entries.append(Entry(id: id, link: link, inFlight: 0))
            state.lastConnectError = nil
            state.fatalLoginError = nil
            while let continuation = Self.popWaiter(&state), let lease = self.takeLease(&state) {
                ready.append((continuation, lease))
            }
            return id
        }
        for (continuation, lease) in ready { continuation.resume(returning: lease) }
        return id
    }

    /// Removes a link that closed (or that a request found closed); its leases' releases are then ignored.
    package func remove(_ id: Int) {
        let drained = state.withLockedValue { state -> [CheckedContinuation<Void, Never>] in
            state.entries.removeAll { $0.id == id }
            return state.drainWaiters.removeValue(forKey: id) ?? []
        }
        for continuation in drained { continuation.resume() }
    }

    /// Notes a failed connect attempt. A login refused with Status 1–4 (structure, source address,
    /// authentication, version: §7.4.1.2), while no link is up, fails the waiting requests at once, since
    /// retrying will not change it; Status 5 and above ("other", which ISMGs send for too many connections,
    /// fact sheet §6.2) and socket errors leave them waiting for the next attempt.
    package func connectFailed(_ error: any Error) {
        let failed = state.withLockedValue { state -> [CheckedContinuation<Lease, any Error>] in
            state.lastConnectError = error
            guard let rejected = error as? CMPPSessionError, rejected.code == .loginRejected,
                let status = rejected.connectStatus, (1...4).contains(status.rawValue), state.entries.isEmpty
            else { return [] }
            state.fatalLoginError = rejected
            return Self.popAllWaiters(&state)
        }
        guard !failed.isEmpty, let rejected = error as? CMPPSessionError else { return }
        for continuation in failed { continuation.resume(throwing: CMPPClientError.loginRejected(rejected)) }
    }

    /// Notes a successful login of a short-mode connection, which is not added to the pool.
    package func connectSucceeded() {
        state.withLockedValue { state in
            state.lastConnectError = nil
            state.fatalLoginError = nil
        }
    }

    // MARK: - Leases

    /// A lease at once, `nil` when every link is gone (long mode) or every permit taken (short mode).
    /// - Throws: ``CMPPClientError/Code/shutdown`` while shutting down; ``CMPPClientError/Code/loginRejected``
    ///   when no link is up and the last login was refused for good.
    package func tryLease() throws(CMPPClientError) -> Lease? {
        let outcome = state.withLockedValue { state -> Result<Lease?, CMPPClientError> in
            guard !state.isShuttingDown else { return .failure(CMPPClientError.shutdown) }
            if let lease = self.takeLease(&state) { return .success(lease) }
            if let fatal = state.fatalLoginError { return .failure(CMPPClientError.loginRejected(fatal)) }
            return .success(nil)
        }
        return try outcome.get()
    }

    /// Waits for a lease; throws `CancellationError` when the task is cancelled first, or as ``tryLease()``.
    package func waitForLease() async throws -> Lease {
        if let lease = try tryLease() { return lease }
        let id = state.withLockedValue { state -> Int in
            defer { state.nextWaiterID += 1 }
            state.waiters[state.nextWaiterID] = .created
            state.waiterOrder.append(state.nextWaiterID)
            return state.nextWaiterID
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Lease, any Error>) in
                let outcome = state.withLockedValue { state -> Result<Lease, any Error>? in
                    guard case .created = state.waiters[id] else {
                        state.waiters[id] = nil
                        return .failure(CancellationError())
                    }
                    if state.isShuttingDown {
                        state.waiters[id] = nil
                        return .failure(CMPPClientError.shutdown)
                    }
                    if let lease = self.takeLease(&state) {
                        state.waiters[id] = nil
                        return .success(lease)
                    }
                    if let fatal = state.fatalLoginError {
                        state.waiters[id] = nil
                        return .failure(CMPPClientError.loginRejected(fatal))
                    }
                    state.waiters[id] = .waiting(continuation)
                    return nil
                }
                if let outcome { continuation.resume(with: outcome) }
            }
        } onCancel: {
            let continuation = state.withLockedValue { state -> CheckedContinuation<Lease, any Error>? in
                switch state.waiters[id] {
                case .created:
                    state.waiters[id] = .cancelled
                    return nil
                case .waiting(let continuation):
                    state.waiters[id] = nil
                    return continuation
                case .cancelled, nil:
                    return nil
                }
            }
            continuation?.resume(throwing: CancellationError())
        }
    }

    /// Returns a lease. In short mode the freed permit goes to the next waiter.
    package func release(_ lease: Lease) {
        var handOff: (CheckedContinuation<Lease, any Error>, Lease)?
        var resume: [CheckedContinuation<Void, Never>] = []
        state.withLockedValue { state in
            if let id = lease.linkID {
                if let index = state.entries.firstIndex(where: { $0.id == id }) {
                    state.entries[index].inFlight -= 1
                    if state.entries[index].inFlight == 0 {
                        resume += state.drainWaiters.removeValue(forKey: id) ?? []
                    }
                }
            } else {
                state.permitsInUse -= 1
                if !state.isShuttingDown, let continuation = Self.popWaiter(&state),
                    let next = self.takeLease(&state)
                {
                    handOff = (continuation, next)
                }
            }
            if self.isIdle(state) {
                resume += state.idleWaiters
                state.idleWaiters.removeAll()
            }
        }
        if let (continuation, next) = handOff { continuation.resume(returning: next) }
        for continuation in resume { continuation.resume() }
    }

    // MARK: - Shutdown

    /// Stops taking requests: every waiting request fails with ``CMPPClientError/Code/shutdown``; leases
    /// already held stay valid until released.
    package func beginShutdown() {
        let failed = state.withLockedValue { state -> [CheckedContinuation<Lease, any Error>] in
            state.isShuttingDown = true
            return Self.popAllWaiters(&state)
        }
        for continuation in failed { continuation.resume(throwing: CMPPClientError.shutdown) }
    }

    /// Returns once the link `id` carries none of the client's requests, or is gone.
    package func waitUntilDrained(_ id: Int) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let now = state.withLockedValue { state -> Bool in
                guard let entry = state.entries.first(where: { $0.id == id }), entry.inFlight > 0 else { return true }
                state.drainWaiters[id, default: []].append(continuation)
                return false
            }
            if now { continuation.resume() }
        }
    }

    /// Returns once no lease is held: no request of the client is in flight.
    package func waitUntilIdle() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let now = state.withLockedValue { state -> Bool in
                guard !self.isIdle(state) else { return true }
                state.idleWaiters.append(continuation)
                return false
            }
            if now { continuation.resume() }
        }
    }

    // MARK: - Helpers

    private func isIdle(_ state: State) -> Bool {
        state.permitsInUse == 0 && state.entries.allSatisfy { $0.inFlight == 0 }
    }

    /// Takes a lease on the least-loaded link (ties in turn), or a permit; `nil` when there is none.
    private func takeLease(_ state: inout State) -> Lease? {
        if let permits {
            guard state.permitsInUse < permits else { return nil }
            state.permitsInUse += 1
            return Lease(linkID: nil, link: nil)
        }
        guard !state.entries.isEmpty else { return nil }
        let count = state.entries.count
        var best = state.turn % count
        for offset in 1..<max(count, 1) {
            let index = (state.turn + offset) % count
            if state.entries[index].inFlight < state.entries[best].inFlight { best = index }
        }
        state.turn = (best + 1) % count
        state.entries[best].inFlight += 1
        return Lease(linkID: state.entries[best].id, link: state.entries[best].link)
    }

    /// The oldest request still waiting, removed from the queue. Requests still registering are skipped:
    /// they look for a lease themselves, under the lock, when they register.
    private static func popWaiter(_ state: inout State) -> CheckedContinuation<Lease, any Error>? {
        var index = 0
        while index < state.waiterOrder.count {
            let id = state.waiterOrder[index]
            switch state.waiters[id] {
            case .waiting(let continuation):
                state.waiterOrder.remove(at: index)
                state.waiters[id] = nil
                return continuation
            case .created:
                index += 1
            case .cancelled, nil:
                state.waiterOrder.remove(at: index)
            }
        }
        return nil
    }

    private static func popAllWaiters(_ state: inout State) -> [CheckedContinuation<Lease, any Error>] {
        let waiting = state.waiterOrder.compactMap { id -> CheckedContinuation<Lease, any Error>? in
            if case .waiting(let continuation) = state.waiters[id] { return continuation }
            return nil
        }
        state.waiterOrder.removeAll { id in
            if case .waiting = state.waiters[id] { return true }
            return state.waiters[id] == nil
        }
        for id in Array(state.waiters.keys) {
            if case .waiting = state.waiters[id] { state.waiters[id] = nil }
        }
        return waiting
    }
}
