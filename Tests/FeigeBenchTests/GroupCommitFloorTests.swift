import FeigeBench
import Foundation
import Testing

@Suite("GroupCommitFloor")
struct GroupCommitFloorTests {
    @Test func answersEveryMessageInBatchesOfAtMostTheOutstandingAndLeavesNoFile() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // 200 messages due over 0.1 s, at most 4 outstanding.
        let result = try GroupCommitFloor(
            directory: directory.path,
            rate: 2000,
            outstanding: 4,
            duration: .milliseconds(100),
            blockSize: 512
        ).run()
        #expect(result.rate == 2000 && result.outstanding == 4 && result.messages == 200 && result.blockSize == 512)
        // Each flush answers 1…4 messages.
        #expect(result.flushes >= 50 && result.flushes <= 200)
        let latency = result.latencyMicros
        #expect(latency.p50 > 0 && latency.p50 <= latency.p99 && latency.p99 <= latency.max)
        // A message waits at least for its own flush's write + fdatasync.
        #expect(latency.max >= result.flushMicros.p50)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }

    @Test func spendsItsCPUBeforeEachFlush() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // 100 messages due over 0.1 s, at most 4 outstanding, 1 ms + 100 µs per message of CPU before each flush.
        let result = try GroupCommitFloor(
            directory: directory.path,
            rate: 1000,
            outstanding: 4,
            duration: .milliseconds(100),
            blockSize: 512,
            commitCPU: .milliseconds(1),
            messageCPU: .microseconds(100)
        ).run()
        #expect(result.commitCPUMicros == 1000 && result.messageCPUMicros == 100 && result.messages == 100)
        // Every message waits at least for the CPU of the commit that answers it: 1 ms + 100 µs for itself.
        #expect(result.latencyMicros.p50 >= 1100 && result.latencyMicros.max >= result.latencyMicros.p50)
        // A flush answers what was due when its commit began: the CPU makes the batches bigger than one.
        #expect(result.flushes < result.messages)
    }

    @Test func withATickEachFlushAnswersATicksMessagesTogether() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // 100 messages over 0.1 s in 10 ms ticks: the first at the start, then 10 at the end of each tick, all
        // of them within the 16 outstanding, so one flush per tick (fewer when a flush outlasts a tick).
        let result = try GroupCommitFloor(
            directory: directory.path,
            rate: 1000,
            tick: .milliseconds(10),
            outstanding: 16,
            duration: .milliseconds(100),
            blockSize: 512
        ).run()
        #expect(result.messages == 100 && result.tickMicros == 10_000)
        #expect(result.flushes >= 2 && result.flushes <= 11)
    }

    @Test func refusesATickOfNothing() {
        #expect(throws: DiskFlushError.self) {
            try GroupCommitFloor(directory: ".", rate: 1000, tick: .zero, outstanding: 4, duration: .milliseconds(100))
                .run()
        }
    }

    @Test(arguments: [Duration.milliseconds(-1), .seconds(2)])
    func refusesCPUOutOfRange(_ cpu: Duration) {
        let duration = Duration.milliseconds(100)
        #expect(throws: DiskFlushError.self) {
            try GroupCommitFloor(directory: ".", rate: 1000, outstanding: 4, duration: duration, commitCPU: cpu).run()
        }
        #expect(throws: DiskFlushError.self) {
            try GroupCommitFloor(directory: ".", rate: 1000, outstanding: 4, duration: duration, messageCPU: cpu).run()
        }
    }

    @Test(arguments: [(0, 4, 100), (1000, 0, 100), (1000, 4, 0)])
    func refusesWhatCannotRun(rate: Int, outstanding: Int, milliseconds: Int64) {
        #expect(throws: DiskFlushError.self) {
            try GroupCommitFloor(directory: ".", rate: rate, outstanding: outstanding, duration: .milliseconds(milliseconds))
                .run()
        }
    }

    @Test func aDurationTooShortForOneMessageIsATypedError() {
        #expect(throws: DiskFlushError.self) {
            try GroupCommitFloor(directory: ".", rate: 1, outstanding: 1, duration: .milliseconds(10)).run()
        }
    }

    /// A new empty directory for one model run; the caller removes it.
    static func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("feige-floor-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }
}
