import FeigeGateway
import Testing

@Suite("AutoReplyRules")
struct AutoReplyRulesTests {
    let rules = AutoReplyRules(rules: [
        .init(trigger: .keyword("PING"), replies: [.text("PONG")], delay: .seconds(1)),
        .init(trigger: .keyword("echo"), replies: [.echo]),
        .init(trigger: .keyword("退订"), replies: [.text("已退订"), .echo], delay: .zero),
    ])

    @Test("a keyword matches the first word, ignoring case")
    func keyword() {
        let replies = rules.replies(to: "ping me please", from: "10658888", to: "13800138000")
        #expect(
            replies == [
                PlannedMO(sourceTerminalID: "13800138000", destinationID: "10658888", text: "PONG", delay: .seconds(1))
            ]
        )
        #expect(rules.replies(to: "  PiNg", from: "1065", to: "1").map(\.text) == ["PONG"])
        #expect(rules.replies(to: "pingpong", from: "1065", to: "1").isEmpty)
        #expect(rules.replies(to: "say ping", from: "1065", to: "1").isEmpty)
    }

    @Test("echo replies with the MT's text, unchanged")
    func echo() {
        let replies = rules.replies(to: "ECHO 你好, world", from: "1065", to: "13900000000")
        #expect(replies.map(\.text) == ["ECHO 你好, world"])
        #expect(replies.first?.delay == .milliseconds(500))
    }

    @Test("the ideographic space separates words; a rule may send several replies, in order")
    func severalReplies() {
        let replies = rules.replies(to: "退订\u{3000}全部", from: "1065", to: "1")
        #expect(replies.map(\.text) == ["已退订", "退订\u{3000}全部"])
    }

    @Test("the first matching rule answers; a rule without keyword answers everything after it")
    func order() {
        let catchAll = AutoReplyRules(rules: [
            .init(trigger: .keyword("STOP"), replies: [.text("bye")]),
            .init(trigger: .anyMessage, replies: [.echo]),
            .init(trigger: .keyword("PING"), replies: [.text("never reached")]),
        ])
        #expect(catchAll.replies(to: "stop", from: "1", to: "2").map(\.text) == ["bye"])
        #expect(catchAll.replies(to: "ping", from: "1", to: "2").map(\.text) == ["ping"])
        #expect(catchAll.replies(to: "", from: "1", to: "2").map(\.text) == [""])
    }

    @Test("no rules, or no match, means no MO; an empty MT matches no keyword")
    func none() {
        #expect(AutoReplyRules.none.replies(to: "PING", from: "1", to: "2").isEmpty)
        #expect(rules.replies(to: "hello", from: "1", to: "2").isEmpty)
        #expect(rules.replies(to: "   ", from: "1", to: "2").isEmpty)
    }
}
