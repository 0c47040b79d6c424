import Synchronization
import Testing

@testable import FeigeGateway

@Suite("NamedThread")
struct NamedThreadTests {
    /// The name a started thread reads back from the system, cut as Linux cuts it.
    private static func nameSeen(starting name: String) async -> String {
        await withCheckedContinuation { continuation in
            NamedThread.start(name) { continuation.resume(returning: NamedThread.currentName()) }
        }
    }

    @Test func theSystemShowsTheThreadsName() async {
        #expect(await Self.nameSeen(starting: "feige.writer") == "feige.writer")
    }

    @Test func aLongNameIsCutToWhatTheSystemKeeps() async {
        let seen = await Self.nameSeen(starting: "feige.store.checkpointer")
        #expect(seen == "feige.store.che")
        #expect(seen.utf8.count == NamedThread.maximumNameLength)
    }

    /// 飞 and 鸽 are three bytes each in UTF-8: after an "a", 15 bytes end inside the fifth character, which is
    /// dropped rather than shown as garbage.
    @Test func aNameIsNotCutInsideACharacter() async {
        #expect(await Self.nameSeen(starting: "飞鸽飞鸽飞鸽") == "飞鸽飞鸽飞")
        #expect(await Self.nameSeen(starting: "a飞鸽飞鸽飞鸽") == "a飞鸽飞鸽")
    }
}
