import CMPPNIO
import FeigeGateway
import NIOCore
import Testing

@Suite("SubmitRateLimiter")
struct SubmitRateLimiterTests {
    let start = NIODeadline.uptimeNanoseconds(1_000_000_000)

    @Test("a full bucket admits the burst at once, then Result 8")
    func burst() {
        let limiter = SubmitRateLimiter(rate: SubmitRate(messagesPerSecond: 100, burst: 5), now: start)
        for _ in 0..<5 {
            #expect(limiter.admit(at: start) == .admit)
        }
        #expect(limiter.admit(at: start) == .reject)
        #expect(SubmitRateLimiter.Decision.reject.result == .flowControlError)
        #expect(SubmitRateLimiter.Decision.admit.result == nil)
    }

    @Test("tokens come back at the configured rate, exactly")
    func refill() {
        let limiter = SubmitRateLimiter(rate: SubmitRate(messagesPerSecond: 100, burst: 1), now: start)
        #expect(limiter.admit(at: start) == .admit)
        #expect(limiter.admit(at: start + .milliseconds(9)) == .reject)
        #expect(limiter.admit(at: start + .milliseconds(10)) == .admit)
        #expect(limiter.admit(at: start + .milliseconds(15)) == .reject)
        #expect(limiter.admit(at: start + .milliseconds(20)) == .admit)
    }

    @Test("over a simulated second at a rate of 30 000/s, exactly the rate plus the burst gets through")
    func sustained() {
        let rate = 30_000
        let limiter = SubmitRateLimiter(rate: SubmitRate(messagesPerSecond: rate, burst: 1000), now: start)
        var admitted = 0
        // 60 000 attempts spread evenly over one second: twice the rate.
        for index in 0..<60_000 {
            let now = start + .nanoseconds(Int64(index) * 1_000_000_000 / 60_000)
            if limiter.admit(at: now) == .admit { admitted += 1 }
        }
        #expect(abs(admitted - (rate + 1000)) <= 1)
    }

    @Test("a long quiet spell refills no more than the burst; a clock going back refills nothing")
    func idleAndBackwards() {
        let limiter = SubmitRateLimiter(rate: SubmitRate(messagesPerSecond: 10, burst: 3), now: start)
        let later = start + .hours(10)
        for _ in 0..<3 {
            #expect(limiter.admit(at: later) == .admit)
        }
        #expect(limiter.admit(at: later) == .reject)
        #expect(limiter.admit(at: start) == .reject)
    }

    @Test("a SUBMIT to n recipients costs n; more than the burst costs the burst")
    func multipleRecipients() {
        let limiter = SubmitRateLimiter(rate: SubmitRate(messagesPerSecond: 10, burst: 10), now: start)
        #expect(limiter.admit(count: 7, at: start) == .admit)
        #expect(limiter.admit(count: 4, at: start) == .reject)
        #expect(limiter.admit(count: 3, at: start) == .admit)
        #expect(limiter.admit(count: 50, at: start + .seconds(1)) == .admit)
        #expect(limiter.admit(at: start + .seconds(1)) == .reject)
    }

    @Test("concurrent callers share one bucket without losing or inventing tokens")
    func concurrent() async {
        let limiter = SubmitRateLimiter(rate: SubmitRate(messagesPerSecond: 1, burst: 1000), now: start)
        let admitted = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    var count = 0
                    for _ in 0..<500 where limiter.admit(at: start) == .admit {
                        count += 1
                    }
                    return count
                }
            }
            return await group.reduce(0, +)
        }
        #expect(admitted == 1000)
    }
}
