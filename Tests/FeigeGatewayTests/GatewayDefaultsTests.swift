import FeigeGateway
import Testing

@Suite("GatewayDefaults")
struct GatewayDefaultsTests {
    @Test("the demo account and ports are those the README and issue #5 promise")
    func demoAccount() {
        #expect(GatewayDefaults.DemoAccount.spID == "900001")
        #expect(GatewayDefaults.DemoAccount.secret == "888888")
        #expect(GatewayDefaults.DemoAccount.serviceCode == "1065")
        #expect(GatewayDefaults.host == "127.0.0.1")
        #expect(GatewayDefaults.longConnectionPort == 7890)
        #expect(GatewayDefaults.shortConnectionPort == 7900)
        #expect(GatewayDefaults.outboxExpiry == .seconds(172_800))
    }
}
