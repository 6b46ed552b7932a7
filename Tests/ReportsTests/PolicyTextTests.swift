import Receivables
import Reports
import XCTest

/// The credit policy for people, in Finnish and English, against golden files; money as a Finnish reader writes it.
final class PolicyTextTests: XCTestCase {
    private let policy = CreditPolicyView(
        classes: [
            .init(name: "standard", steps: [.init(after: 7, isCollection: false, fee: 0, payWithin: 14),
                                            .init(after: 14, isCollection: false, fee: 5_00, payWithin: 14),
                                            .init(after: 14, isCollection: true, fee: 0, payWithin: 0)],
                  minimumOpen: 10_00, consumers: true, businesses: true, customers: []),
            .init(name: "trusted", steps: [.init(after: 14, isCollection: false, fee: 0, payWithin: 21)], minimumOpen: 1_234_56,
                  consumers: false, businesses: false, customers: ["id:1234567-1"]),
        ],
        chargesCompensation: true,
        limits: [.init(kind: .consumerReminderFee, values: [5_00], section: "513/1999 10 a § 1 mom 1 k"),
                 .init(kind: .consumerInterval, values: [14], section: "513/1999 10 b § 2 mom"),
                 .init(kind: .businessTotal, values: [250_00, 470_00, 550_00, 620_00], section: "513/1999 10 h §")])

    func test_thePolicy_inFinnishAndEnglish_andAsASwedishPage() throws {
        for (language, suffix) in [("fi", "txt"), ("en", "txt"), ("sv", "html")] {
            let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                .appendingPathComponent("Golden/policy-\(language).\(suffix)")
            let text = suffix == "html" ? PolicyText.html(policy, language: language) : PolicyText.render(policy, language: language)
            if ProcessInfo.processInfo.environment["RECORD_GOLDEN"] != nil || !FileManager.default.fileExists(atPath: url.path) {
                try text.write(to: url, atomically: true, encoding: .utf8)
                XCTFail("recorded \(url.lastPathComponent); check it by hand and run again")
                continue
            }
            XCTAssertEqual(text, try String(contentsOf: url, encoding: .utf8), language)
        }
    }
}
