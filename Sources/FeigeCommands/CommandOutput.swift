import ArgumentParser

/// What a command's core returns: the lines to print and the exit status, so tests need no process.
public struct CommandOutput: Hashable, Sendable {
    public var lines: [String]
    public var exitCode: Int32

    public init(lines: [String], exitCode: Int32 = 0) {
        self.lines = lines
        self.exitCode = exitCode
    }

    /// Prints the lines, then ends with the exit status when it is not 0.
    func emit() throws {
        for line in lines { print(line) }
        if exitCode != 0 { throw ExitCode(exitCode) }
    }
}
