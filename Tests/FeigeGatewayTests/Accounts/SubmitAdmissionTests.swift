import CMPPNIO
import FeigeGateway
import NIOCore
import Testing

@Suite("SubmitAdmission")
struct SubmitAdmissionTests {
    let strict = GatewayAccount(
        spID: "901234",
        secret: "s",
        serviceCodes: ["1065", "10669"],
        allowedServiceIDs: ["TQHY", "TQTZ"]
    )

    @Test("a Src_Id under a service code and an allowed Service_Id pass unchanged")
    func accepted() {
        #expect(strict.admitSubmit(sourceID: "1065", serviceID: "TQHY") == .accept(sourceID: "1065"))
        #expect(strict.admitSubmit(sourceID: "106691234", serviceID: "TQTZ") == .accept(sourceID: "106691234"))
    }

    @Test("a Service_Id not allowed is Result 7")
    func serviceID() {
        #expect(strict.admitSubmit(sourceID: "1065", serviceID: "OTHER") == .reject(.serviceCodeError))
        #expect(strict.admitSubmit(sourceID: "1065", serviceID: "") == .reject(.serviceCodeError))
        var any = strict
        any.allowedServiceIDs = []
        #expect(any.admitSubmit(sourceID: "1065", serviceID: "OTHER") == .accept(sourceID: "1065"))
    }

    @Test("a Src_Id outside the service codes: Result 7 for 2.0 peers, 10 (Src_Id error) for 2.1+")
    func sourceID() {
        for sourceID in ["", "1066", "901234", "106"] {
            #expect(strict.admitSubmit(sourceID: sourceID, serviceID: "TQHY") == .reject(.serviceCodeError))
            #expect(
                strict.admitSubmit(sourceID: sourceID, serviceID: "TQHY", peerVersion: .v2_1)
                    == .reject(CMPPResult(rawValue: 10))
            )
        }
    }

    @Test("a lenient account accepts anything and fills an empty Src_Id with its service code")
    func lenient() {
        var lenient = strict
        lenient.isLenient = true
        #expect(lenient.admitSubmit(sourceID: "", serviceID: "OTHER") == .accept(sourceID: "1065"))
        #expect(lenient.admitSubmit(sourceID: "901234", serviceID: "") == .accept(sourceID: "901234"))
    }

    @Test("a whole SUBMIT is checked by its Src_Id and Service_Id")
    func submit() {
        let submit = CMPPSubmit(
            serviceID: "TQHY",
            messageFormat: .ascii,
            messageSource: "901234",
            sourceID: "9999",
            destinationTerminalIDs: ["13800138000"],
            content: ByteBuffer(string: "hi")
        )
        #expect(strict.admitSubmit(submit) == .reject(.serviceCodeError))
        #expect(GatewayAccount.demo.admitSubmit(submit) == .accept(sourceID: "9999"))
    }
}
