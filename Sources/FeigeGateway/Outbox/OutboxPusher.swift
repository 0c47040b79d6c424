import CMPPCore
import CMPPNIO
import Foundation
import Logging
import NIOCore
import Synchronization

/// Sends each account's durable outbox — status reports and MO messages as CMPP_DELIVER (§7.4.5.1) — over
/// the account's live long connections (issue #5 §6). (The gateway does not dial SPs: an SP that only uses
/// short connections gets its DELIVERs once it opens a long one.)
///
/// - Due entries are claimed from the store (with a lease, so a crash leaves nothing stuck) and spread over
///   the account's links, at most W in flight per link; each link resends per T/N itself.
/// - DELIVER_RESP with Result 0 acknowledges the entry (§7.4.5.2); any other Result, a timeout after N sends
///   or a dropped link releases it for a later try.
/// - While the SP has no link the entries stay in the store; its login wakes the pusher.
/// - Entries older than the outbox expiry (48 h by default) expire.
/// - Fault injection (per account): a status report may be delivered twice.
///
/// No polling: the loop sleeps until an enqueue, a login, a completed DELIVER, a retry deadline or the next
/// expiry sweep.
final class OutboxPusher: Sendable {
    private struct State {
        /// Accounts to look at.
        var dirty: Set<String> = []
        /// Accounts whose last claim found fewer entries due than it asked for: a freed window slot is no
        /// reason to ask the store again, only an enqueue, a login or a retry time is.
        var exhausted: Set<String> = []
        /// DELIVERs in flight per account.
        var inFlight: [String: Int] = [:]
        /// Round-robin position per account.
        var nextLink: [String: Int] = [:]
        var acknowledged: [String: [CMPPMessageID]] = [:]
        var released: [Release: [CMPPMessageID]] = [:]
        /// The earliest retry time of released entries.
        var nextRetry: Date?
    }

    /// Entries of one account to try again at one time.
    private struct Release: Hashable {
        var account: String
        var retryAt: Date
    }

    /// Entries claimed per store call at most.
    static let claimBatchSize = 512

    private let store: any GatewayStore
    private let registry: ConnectionRegistry
    private let window: Int
    private let retryDelay: Duration
    private let lease: Duration
    private let expiry: Duration
    private let expirySweepInterval: Duration
    private let duplicateReports: [String: FaultState]
    private let logger: Logger
    private let now: @Sendable () -> Date
    private let state = Mutex(State())
    private let wake = WakeSignal()

    /// - Parameters:
    ///   - session: the links' W, T and N: a released entry is tried again after T, a claim's lease is
    ///     T × (N + 1), one T longer than a link tries.
    ///   - expiry: how long an entry may wait for its SP.
    ///   - faults: the fault state of accounts that inject duplicate reports.
    init(
        store: any GatewayStore,
        registry: ConnectionRegistry,
        session: CMPPSessionConfiguration,
        expiry: Duration,
        faults: [String: FaultState],
        logger: Logger,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.store = store
        self.registry = registry
        self.window = max(1, session.window)
        let timeout = Duration.nanoseconds(session.responseTimeout.nanoseconds)
        self.retryDelay = timeout
        self.lease = timeout * (max(1, session.maximumSends) + 1)
        self.expiry = expiry
        self.expirySweepInterval = max(.milliseconds(100), min(.seconds(60), expiry / 10))
        self.duplicateReports = faults.filter { !$0.value.profile.duplicateReports.isNever }
        self.logger = logger
        self.now = now
    }

    /// New entries for these accounts (or a link logged in): look at them.
    func wakeUp(_ accounts: Set<String>) {
        guard !accounts.isEmpty else { return }
        state.withLock { state in
            state.dirty.formUnion(accounts)
            state.exhausted.subtract(accounts)
        }
        wake.signal()
    }

    /// Sends until the task is cancelled.
    func run() async {
        var nextSweep = now()
        // Entries left in flight by a previous run become due when their lease runs out.
        var recheckAt: Date? = now()
        await withDiscardingTaskGroup { group in
            while !Task.isCancelled {
                await flushCompletions()
                let current = now()
                if current >= nextSweep {
                    await expireOld(now: current)
                    nextSweep = current.addingTimeInterval(expirySweepInterval.timeInterval)
                }
                if let at = recheckAt, current >= at {
                    recheckAt = nil
                    if let accounts = try? await store.accountsWithDueOutbox(now: current) {
                        state.withLock { state in
                            state.dirty.formUnion(accounts)
                            state.exhausted.subtract(accounts)
                        }
                        recheckAt = current.addingTimeInterval(lease.timeInterval)
                    } else {
                        recheckAt = current.addingTimeInterval(retryDelay.timeInterval)
                    }
                }
                let retry = state.withLock { state -> Bool in
                    guard let next = state.nextRetry, next <= current else { return false }
                    state.nextRetry = nil
                    return true
                }
                if retry, let accounts = try? await store.accountsWithDueOutbox(now: current) {
                    state.withLock { state in
                        state.dirty.formUnion(accounts)
                        state.exhausted.subtract(accounts)
                    }
                }
                await claimAndSend(now: current, group: &group)

                var deadline = nextSweep
                if let at = recheckAt { deadline = min(deadline, at) }
                if let next = state.withLock({ $0.nextRetry }) { deadline = min(deadline, next) }
                await wake.wait(timeout: deadline.duration(since: now()))
            }
        }
        await flushCompletions()
    }

    private func claimAndSend(now: Date, group: inout DiscardingTaskGroup) async {
        let accounts = state.withLock { state in
            defer { state.dirty.removeAll() }
            return state.dirty
        }
        for account in accounts {
            let links = registry.deliveryLinks(of: account)
            guard !links.isEmpty else { continue }
            let capacity = state.withLock { links.count * window - ($0.inFlight[account] ?? 0) }
            guard capacity > 0 else { continue }  // a completion marks the account again
            let limit = min(capacity, Self.claimBatchSize)
            let entries: [OutboxEntry]
            do {
                entries = try await store.claimDue(account: account, limit: limit, now: now, lease: lease)
            } catch {
                logger.debug("outbox claim failed", metadata: ["feige.error": "\(error)"])
                state.withLock { $0.nextRetry = min($0.nextRetry ?? .distantFuture, now + retryDelay.timeInterval) }
                continue
            }
            if entries.count < limit { state.withLock { _ = $0.exhausted.insert(account) } }
            guard !entries.isEmpty else { continue }
            let assigned = state.withLock { state -> [(OutboxEntry, CMPPServerConnection)] in
                var position = state.nextLink[account] ?? 0
                if entries.count == limit { state.dirty.insert(account) }
                state.inFlight[account, default: 0] += entries.count
                defer { state.nextLink[account] = position }
                return entries.map { entry in
                    defer { position &+= 1 }
                    return (entry, links[position % links.count])
                }
            }
            for (entry, link) in assigned {
                var copies = 1
                if case .statusReport = entry.kind, let faults = duplicateReports[account] {
                    copies = faults.decideForStatusReport().copies
                }
                group.addTask { await self.send(entry, over: link, copies: copies) }
            }
        }
    }

    private func send(_ entry: OutboxEntry, over link: CMPPServerConnection, copies: Int) async {
        var acknowledged = false
        var linkLost = false
        do {
            let response = try await link.request(.deliver(entry.deliver))
            if case .deliverResponse(let answer) = response, answer.result == .success {
                acknowledged = true
            }
            for _ in 1..<max(1, copies) {
                _ = try? await link.request(.deliver(entry.deliver))
            }
        } catch {
            linkLost = true
            logger.trace("outbox DELIVER not answered", metadata: ["feige.error": "\(error)"])
        }
        // Rounded up to a tenth of a second, so that the releases of one moment go to the store together.
        let retryAfter = now().addingTimeInterval(linkLost ? 0 : retryDelay.timeInterval).timeIntervalSince1970
        let retryAt = Date(timeIntervalSince1970: (retryAfter * 10).rounded(.up) / 10)
        state.withLock { state in
            state.inFlight[entry.account, default: 1] -= 1
            if !acknowledged { state.exhausted.remove(entry.account) }
            if !state.exhausted.contains(entry.account) { state.dirty.insert(entry.account) }
            if acknowledged {
                state.acknowledged[entry.account, default: []].append(entry.id)
            } else {
                state.released[Release(account: entry.account, retryAt: retryAt), default: []].append(entry.id)
                state.nextRetry = min(state.nextRetry ?? .distantFuture, retryAt)
            }
        }
        wake.signal()
    }

    /// Writes the acknowledgements and releases collected since the last turn, one call per account.
    private func flushCompletions() async {
        let (acknowledged, released) = state.withLock { state in
            defer {
                state.acknowledged.removeAll()
                state.released.removeAll()
            }
            return (state.acknowledged, state.released)
        }
        let current = now()
        for (account, ids) in acknowledged {
            do {
                try await store.acknowledge(ids, account: account, at: current)
            } catch {
                logger.debug("outbox acknowledgement not recorded", metadata: ["feige.error": "\(error)"])
            }
        }
        for (release, ids) in released {
            do {
                try await store.release(ids, account: release.account, retryAt: release.retryAt)
            } catch {
                logger.debug("outbox release not recorded", metadata: ["feige.error": "\(error)"])
            }
        }
    }

    private func expireOld(now: Date) async {
        do {
            let expired = try await store.expireOutbox(now: now, horizon: expiry)
            if expired > 0 {
                logger.debug("outbox entries expired", metadata: ["feige.count": "\(expired)"])
            }
        } catch {
            logger.debug("outbox expiry failed", metadata: ["feige.error": "\(error)"])
        }
    }
}
