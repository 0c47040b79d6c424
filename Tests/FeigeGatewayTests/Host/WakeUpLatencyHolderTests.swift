import Foundation
import Logging
import Synchronization
import Testing

@testable import FeigeGateway

/// The holder makes its request once SUBMITs arrive at the busy rate, releases it once they stop, makes a new
/// one for the next burst, and releases what it holds when cancelled. Its requests write to a file of the
/// test's own, not to the machine's device.
@Suite("WakeUpLatencyHolder")
struct WakeUpLatencyHolderTests {
    @Test func holdsWhileSubmitsArriveAndReleasesWhenTheyStop() async throws {
        let device = try Device()
        let traffic = GatewayTraffic()
        let holder = holder(traffic: traffic, device: device)
        let running = Task { await holder.run() }

        // A feeder held up longer than `releaseAfter` on a loaded machine lets the holder release and ask again
        // within a burst, so each step waits for the state it needs, not for an exact count of requests.
        let burst = feed(traffic)
        #expect(await GatewayHarness.eventually { device.requests.last?.isHeld == true })
        #expect(device.requests[0].limit == .microseconds(7))
        burst.cancel()
        await burst.value
        #expect(await GatewayHarness.eventually { device.requests.allSatisfy { !$0.isHeld } })
        let madeForTheFirstBurst = device.requests.count

        let next = feed(traffic)
        #expect(
            await GatewayHarness.eventually {
                device.requests.count > madeForTheFirstBurst && device.requests.last?.isHeld == true
            }
        )
        running.cancel()
        await running.value
        next.cancel()
        await next.value
        #expect(device.requests.allSatisfy { !$0.isHeld })
    }

    @Test func aQuietGatewayMakesNoRequest() async throws {
        let device = try Device()
        let traffic = GatewayTraffic()
        let running = Task { await holder(traffic: traffic, device: device).run() }
        traffic.receivedSubmit()
        try await Task.sleep(for: .milliseconds(100))
        running.cancel()
        await running.value
        #expect(device.requests.isEmpty)
    }

    @Test func aRequestThatCannotBeMadeStopsTheHolder() async throws {
        let traffic = GatewayTraffic()
        let attempts = Counter()
        let holder = WakeUpLatencyHolder(
            limit: .zero,
            checkInterval: .milliseconds(10),
            releaseAfter: .milliseconds(50),
            submits: { traffic.submitsReceived },
            makeRequest: { _ throws(CPUWakeUpLatencyRequest.Error) in
                attempts.add()
                throw .notPermitted(path: CPUWakeUpLatencyRequest.devicePath)
            },
            logger: Logger(label: "test")
        )
        let returned = Counter()
        let running = Task {
            await holder.run()
            returned.add()
        }
        let burst = feed(traffic)
        #expect(await GatewayHarness.eventually { returned.value == 1 })
        burst.cancel()
        await burst.value
        running.cancel()
        await running.value
        #expect(attempts.value == 1)
    }

    // MARK: - Support

    private final class Counter: Sendable {
        private let count = Atomic(0)
        var value: Int { count.load(ordering: .relaxed) }
        func add() { count.add(1, ordering: .relaxed) }
    }

    /// A file standing in for the device, and the requests made on it.
    private final class Device: Sendable {
        let path: String
        private let made = Mutex<[CPUWakeUpLatencyRequest]>([])

        init() throws {
            path = FileManager.default.temporaryDirectory.appendingPathComponent("cpu-latency-\(UUID())").path
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw CocoaError(.fileWriteUnknown)
            }
        }

        deinit { try? FileManager.default.removeItem(atPath: path) }

        var requests: [CPUWakeUpLatencyRequest] { made.withLock { $0 } }

        func request(_ limit: Duration) throws(CPUWakeUpLatencyRequest.Error) -> CPUWakeUpLatencyRequest {
            let request = try CPUWakeUpLatencyRequest(limit: limit, path: path)
            made.withLock { $0.append(request) }
            return request
        }
    }

    /// Checks every 10 ms, busy from 1000 SUBMITs a second (10 per check), released after 200 ms below.
    private func holder(traffic: GatewayTraffic, device: Device) -> WakeUpLatencyHolder {
        WakeUpLatencyHolder(
            limit: .microseconds(7),
            checkInterval: .milliseconds(10),
            busySubmitsPerSecond: 1000,
            releaseAfter: .milliseconds(200),
            submits: { traffic.submitsReceived },
            makeRequest: { limit throws(CPUWakeUpLatencyRequest.Error) in try device.request(limit) },
            logger: Logger(label: "test")
        )
    }

    /// Counts 10 000 SUBMITs every 5 ms until cancelled: busy by any holder's measure here even when a loaded
    /// machine runs this task only every few seconds (the full suite keeps the cooperative threads busy, and
    /// 100 per wake-up then made fewer than 1000 a second).
    private func feed(_ traffic: GatewayTraffic) -> Task<Void, Never> {
        Task {
            while !Task.isCancelled {
                for _ in 0..<10_000 { traffic.receivedSubmit() }
                try? await Task.sleep(for: .milliseconds(5))
            }
        }
    }
}
