import FeigeBench
import Testing

@Suite("ProcessStatusFile")
struct ProcessStatusFileTests {
    @Test func readsTheMemoryAgainFromTheOpenFile() throws {
        #if os(Linux)
        let file = try #require(ProcessStatusFile())
        let first = try #require(file.read().residentBytes)
        // Touch a few megabytes: the second read sees the file's contents now, not the first read's.
        var pages = [UInt8](repeating: 1, count: 8 << 20)
        pages[pages.count - 1] = 2
        let second = try #require(file.read().residentBytes)
        #expect(first > 0 && second > first)
        #expect(file.read().peakResidentBytes != nil)
        #expect(pages.last == 2)
        #endif
    }
}
