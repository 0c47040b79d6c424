import FeigeBench
import Foundation
import Testing

@Suite("DiskFlushProbe")
struct DiskFlushProbeTests {
    @Test func timesEveryFlushOfBothPatternsAndLeavesNoFile() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("feige-flush-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try DiskFlushProbe(directory: directory.path, flushes: 20, blockSize: 512).run()
        #expect(result.flushes == 20 && result.blockSize == 512 && result.directory == directory.path)
        for latency in [result.appendMicros, result.overwriteMicros] {
            #expect(latency.p50 > 0)
            #expect(latency.p50 <= latency.p90 && latency.p90 <= latency.p99 && latency.p99 <= latency.max)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
        let ceiling = result.ceilingSubmitsPerSecond(links: 2, window: 16)
        let fastest = min(result.appendMicros.p50, result.overwriteMicros.p50)
        #expect(abs(ceiling - 32 * 1_000_000 / fastest) < 1)
    }

    @Test func aDirectoryThatIsNotThereIsATypedError() {
        #expect {
            try DiskFlushProbe(directory: "/nonexistent/feige-\(UUID().uuidString)", flushes: 1).run()
        } throws: { error in
            guard case .cannotCreate(_, let code) = error as? DiskFlushError else { return false }
            return code == ENOENT
        }
    }

    @Test func refusesAZeroCount() {
        #expect(throws: DiskFlushError.self) { try DiskFlushProbe(directory: ".", flushes: 0).run() }
    }
}
