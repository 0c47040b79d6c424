import FeigeBench
import Testing

@Suite("ProcStat and ProcessStatus")
struct ProcStatTests {
    @Test func readsUserAndSystemTicks() throws {
        let line = "4242 (NIO-ELT-0-#0) S 1 4242 4242 0 -1 4194624 120 0 0 0 1234 567 0 0 20 0 3 0 100 0 0"
        let stat = try #require(ProcStat(line: line))
        #expect(stat == ProcStat(userTicks: 1234, systemTicks: 567))
        #expect(stat.totalTicks == 1801)
    }

    @Test func countsFieldsFromTheLastParenthesis() throws {
        // A thread may name itself with spaces and parentheses.
        let line = "7 (a) b (c) d) R 1 7 7 0 -1 0 0 0 0 0 9 8 0 0 20 0 1 0 5 0 0\n"
        #expect(ProcStat(line: line) == ProcStat(userTicks: 9, systemTicks: 8))
    }

    @Test(arguments: ["", "no parenthesis 1 2 3", "1 (x) S 1 2", "1 (x) S 1 1 1 0 -1 0 0 0 0 0 u s 0"])
    func refusesWhatIsNotAStatLine(_ line: String) {
        #expect(ProcStat(line: line) == nil)
    }

    @Test func readsPeakAndCurrentResidentSize() {
        let status = """
            Name:\tfeige
            VmPeak:\t  900000 kB
            VmHWM:\t   20480 kB
            VmRSS:\t   10240 kB
            Threads:\t7
            """
        let parsed = ProcessStatus(parsing: status)
        #expect(parsed.peakResidentBytes == 20_480 * 1024)
        #expect(parsed.residentBytes == 10_240 * 1024)
        #expect(ProcessStatus(parsing: "VmHWM: lots\n") == ProcessStatus(peakResidentBytes: nil, residentBytes: nil))
    }

    #if os(Linux)
    @Test func readsThisProcessOnLinux() throws {
        let status = SystemProbe.processStatus()
        let peak = try #require(status.peakResidentBytes)
        let resident = try #require(status.residentBytes)
        #expect(peak >= resident && resident > 0)
        let id = try #require(SystemProbe.currentThreadID())
        #expect(SystemProbe.threadCPUSeconds(id) != nil)
        #expect(SystemProbe.processCPUSeconds() > 0)
    }
    #endif
}
