import ArgumentParser
import FeigeCommands
import Testing

@Suite("feige command line")
struct FeigeCommandTests {
    @Test func helpNamesTheTool() {
        #expect(FeigeCommand.helpMessage().contains("feige"))
    }
}
