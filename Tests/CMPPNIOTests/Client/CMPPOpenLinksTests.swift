import CMPPNIO
import Testing

@Suite("CMPPOpenLinks")
struct CMPPOpenLinksTests {
    private func link(_ index: Int) -> MockCMPPLink {
        MockCMPPLink(index: index, window: 16, inbound: { _ in }, handler: MockCMPPLinkFactory.accept)
    }

    @Test func closeAllClosesTheLinksStillRegisteredOnly() {
        let links = CMPPOpenLinks()
        let (kept, finished) = (link(0), link(1))
        let keptKey = links.add(kept)
        let finishedKey = links.add(finished)
        #expect(keptKey != nil && finishedKey != nil && keptKey != finishedKey)
        links.remove(finishedKey)
        #expect(links.closeAll() == 1)
        #expect(kept.isClosed)
        #expect(!finished.isClosed)
    }

    /// A connection that completes after the shutdown timeout does not outlive the shutdown.
    @Test func aLinkAddedAfterCloseAllIsClosedAtOnce() {
        let links = CMPPOpenLinks()
        #expect(links.closeAll() == 0)
        let late = link(0)
        #expect(links.add(late) == nil)
        #expect(late.isClosed)
        links.remove(nil)
        #expect(links.closeAll() == 0)
    }
}
