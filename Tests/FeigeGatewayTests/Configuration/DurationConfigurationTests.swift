import FeigeGateway
import Testing

@Suite("Duration in configuration files")
struct DurationConfigurationTests {
    @Test(
        "whole numbers with us, ms, s, m or h",
        arguments: [
            ("500ms", Duration.milliseconds(500)), ("60s", .seconds(60)), ("3m", .seconds(180)),
            ("48h", .seconds(172_800)), ("0s", .zero), (" 2s ", .seconds(2)), ("20us", .microseconds(20)),
            ("0us", .zero), ("1500us", .microseconds(1500)),
        ]
    )
    func valid(text: String, duration: Duration) {
        #expect(Duration(configurationString: text) == duration)
    }

    @Test(
        "anything else is refused",
        arguments: ["3x", "", "s", "60", "-5s", "1.5s", "5 s", "2d", "999999999999h", "5µs", "us"]
    )
    func invalid(text: String) {
        #expect(Duration(configurationString: text) == nil)
    }

    @Test("the description is the shortest form")
    func description() {
        #expect(Duration.seconds(172_800).configurationDescription == "48h")
        #expect(Duration.seconds(90).configurationDescription == "90s")
        #expect(Duration.milliseconds(1500).configurationDescription == "1500ms")
        #expect(Duration.zero.configurationDescription == "0s")
        #expect(Duration.microseconds(20).configurationDescription == "20us")
        #expect(Duration.microseconds(2000).configurationDescription == "2ms")
        #expect(Duration.nanoseconds(20_500).configurationDescription == "20us")
    }
}
